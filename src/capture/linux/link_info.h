// link_info.h - what the kernel says about one network interface: index,
// ARPHRD type, MTU, flags, offloads, time-stamping capabilities and sysfs
// counters. Plain ioctl/sysfs queries, no state.
//
// Entry points: control_socket(), if_index(), arphrd_type(), if_mtu(),
// if_flags(), has_offloads(), tstamp_types(), sysfs_counter(), is_wireless().
// Used by the live source (live_activate.cc) and device enumeration
// (device_list.cc). Namespace wpcap::live is the capture/linux stage.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "util/fd.h"

namespace wpcap::live {

// A datagram socket for interface ioctls (AF_INET, or AF_PACKET/AF_UNIX
// when IPv4 is unavailable).
util::Fd control_socket();

// SIOCGIFINDEX. Errors carry errno text; ENODEV maps to
// PCAP_ERROR_NO_SUCH_DEVICE with an empty message, as libpcap does.
Result<int> if_index(int sock, const std::string& name);

// SIOCGIFHWADDR's sa_family (an ARPHRD_* value); same error mapping.
Result<int> arphrd_type(int sock, const std::string& name);

// SIOCGIFMTU; -1 if unknown.
int if_mtu(int sock, const std::string& name);

// SIOCGIFFLAGS (IFF_*); -errno on failure.
int if_flags(int sock, const std::string& name);

// True if any segmentation/receive offload is on (TSO, UFO, GSO, GRO, LRO),
// so the kernel can hand over frames larger than the MTU.
bool has_offloads(int sock, const std::string& name);

// The time-stamp types pcap_list_tstamp_types() offers for the device,
// following libpcap: empty (= host only) unless the NIC time-stamps every
// received packet in hardware.
std::vector<int> tstamp_types(int sock, const std::string& name);

// /sys/class/net/<name>/statistics/<counter>, or 0 if unreadable.
uint64_t sysfs_counter(const std::string& name, const char* counter);

// Wi-Fi or another wireless ARPHRD type (libpcap's PCAP_IF_WIRELESS rule).
bool is_wireless(const std::string& name);

// ETHTOOL_GLINK: 1 link up, 0 link down, -1 not applicable (EOPNOTSUPP/
// EINVAL), -2 no such device / other error.
int link_state(int sock, const std::string& name);

}  // namespace wpcap::live
