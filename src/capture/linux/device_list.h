// device_list.h - the local capture devices pcap_findalldevs() reports:
// every interface (up or down) with its AF_PACKET, AF_INET and AF_INET6
// addresses and PCAP_IF_* flags, then the "any" pseudo-device and
// libpcap's module devices (Bluetooth monitor, nflog/nfqueue, D-Bus),
// ordered by libpcap's figure of merit.
//
// Entry points: list_devices(), figure_of_merit(), ipv4_network(),
// is_module_device().
// src/abi/device_api.cc turns the result into pcap_if_t lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace wpcap::live {

// Raw sockaddr bytes (empty = absent), sized as libpcap copies them.
struct DeviceAddress {
  std::vector<uint8_t> addr, netmask, broadaddr, dstaddr;
};

struct Device {
  std::string name;
  std::optional<std::string> description;  // NULL for ordinary Linux interfaces
  std::vector<DeviceAddress> addresses;
  uint32_t flags = 0;  // PCAP_IF_*
};

// Lower is better: running, up, connected, non-loopback first; "any"
// after ordinary devices but before loopback and disconnected ones.
uint32_t figure_of_merit(const Device& d);

// The devices in libpcap's order. Errors carry errno text
// ("getifaddrs: ...").
Result<std::vector<Device>> list_devices();

// Names of libpcap's non-interface sources (Bluetooth, netfilter, D-Bus,
// usbmon): listed like libpcap, but wpcap cannot capture from them.
bool is_module_device(const std::string& name);

// pcap_lookupnet() for one device: network and mask in network byte order.
struct Ipv4Net {
  uint32_t net = 0;
  uint32_t mask = 0;
};
Result<Ipv4Net> ipv4_network(const std::string& device);

}  // namespace wpcap::live
