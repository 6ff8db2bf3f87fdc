// link_info.cc - interface queries through ioctl(2) and sysfs for the live
// source and device enumeration. See link_info.h.
#include "capture/linux/link_info.h"

#include <net/if.h>  // before any <linux/*.h>: they share struct ifreq
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <pcap/pcap.h>

#include "core/errbuf.h"

namespace wpcap::live {
namespace {

ifreq make_ifreq(const std::string& name) {
  ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name.c_str());
  return ifr;
}

Status ioctl_error(int err, const char* what) {
  if (err == ENODEV || err == ENXIO) return Status(PCAP_ERROR_NO_SUCH_DEVICE, "");
  return Status(PCAP_ERROR, errno_message(err, what));
}

// One ethtool "get value" command; -1 if unsupported.
int ethtool_get(int sock, const std::string& name, uint32_t cmd) {
  ethtool_value v = {};
  v.cmd = cmd;
  ifreq ifr = make_ifreq(name);
  ifr.ifr_data = reinterpret_cast<char*>(&v);
  if (ioctl(sock, SIOCETHTOOL, &ifr) < 0) return -1;
  return static_cast<int>(v.data);
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

util::Fd control_socket() {
  util::Fd fd = util::Fd::socket(AF_INET, SOCK_DGRAM, 0, nullptr);
  if (!fd) fd = util::Fd::socket(AF_INET6, SOCK_DGRAM, 0, nullptr);
  if (!fd) fd = util::Fd::socket(AF_UNIX, SOCK_DGRAM, 0, nullptr);
  return fd;
}

Result<int> if_index(int sock, const std::string& name) {
  ifreq ifr = make_ifreq(name);
  if (ioctl(sock, SIOCGIFINDEX, &ifr) < 0) return ioctl_error(errno, "SIOCGIFINDEX");
  return ifr.ifr_ifindex;
}

Result<int> arphrd_type(int sock, const std::string& name) {
  ifreq ifr = make_ifreq(name);
  if (ioctl(sock, SIOCGIFHWADDR, &ifr) < 0) return ioctl_error(errno, "SIOCGIFHWADDR");
  return static_cast<int>(ifr.ifr_hwaddr.sa_family);
}

int if_mtu(int sock, const std::string& name) {
  ifreq ifr = make_ifreq(name);
  if (ioctl(sock, SIOCGIFMTU, &ifr) < 0) return -1;
  return ifr.ifr_mtu;
}

int if_flags(int sock, const std::string& name) {
  ifreq ifr = make_ifreq(name);
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) return -errno;
  return ifr.ifr_flags & 0xffff;
}

bool has_offloads(int sock, const std::string& name) {
  static constexpr uint32_t kCommands[] = {ETHTOOL_GTSO, ETHTOOL_GUFO, ETHTOOL_GGSO, ETHTOOL_GGRO};
  for (uint32_t cmd : kCommands) {
    if (ethtool_get(sock, name, cmd) > 0) return true;
  }
  int flags = ethtool_get(sock, name, ETHTOOL_GFLAGS);
  return flags > 0 && (flags & ETH_FLAG_LRO) != 0;
}

std::vector<int> tstamp_types(int sock, const std::string& name) {
  static const std::vector<int> kAll = {PCAP_TSTAMP_HOST, PCAP_TSTAMP_ADAPTER, PCAP_TSTAMP_ADAPTER_UNSYNCED};
  if (name == "any") return {};
  ethtool_ts_info info = {};
  info.cmd = ETHTOOL_GET_TS_INFO;
  ifreq ifr = make_ifreq(name);
  ifr.ifr_data = reinterpret_cast<char*>(&info);
  if (ioctl(sock, SIOCETHTOOL, &ifr) < 0) {
    // Drivers that cannot say may still accept every type.
    if (errno == EOPNOTSUPP || errno == EINVAL) return kAll;
    return {};
  }
  if ((info.rx_filters & (1u << HWTSTAMP_FILTER_ALL)) == 0) return {};
  std::vector<int> types;
  if (info.so_timestamping & SOF_TIMESTAMPING_SOFTWARE) types.push_back(PCAP_TSTAMP_HOST);
  if (info.so_timestamping & SOF_TIMESTAMPING_SYS_HARDWARE) types.push_back(PCAP_TSTAMP_ADAPTER);
  if (info.so_timestamping & SOF_TIMESTAMPING_RAW_HARDWARE) types.push_back(PCAP_TSTAMP_ADAPTER_UNSYNCED);
  return types;
}

uint64_t sysfs_counter(const std::string& name, const char* counter) {
  std::string path = "/sys/class/net/" + name + "/statistics/" + counter;
  FILE* f = std::fopen(path.c_str(), "re");
  if (f == nullptr) return 0;
  unsigned long long v = 0;
  if (std::fscanf(f, "%llu", &v) != 1) v = 0;
  std::fclose(f);
  return v;
}

bool is_wireless(const std::string& name) {
  const std::string base = "/sys/class/net/" + name;
  if (path_exists(base + "/phy80211") || path_exists(base + "/wireless")) return true;
  FILE* f = std::fopen((base + "/type").c_str(), "re");
  if (f == nullptr) return false;
  unsigned type = 0;
  bool ok = std::fscanf(f, "%u", &type) == 1;
  std::fclose(f);
  if (!ok) return false;
  switch (type) {
    case ARPHRD_IRDA:
    case ARPHRD_IEEE80211:
    case ARPHRD_IEEE80211_PRISM:
    case ARPHRD_IEEE80211_RADIOTAP:
    case ARPHRD_IEEE802154:
    case ARPHRD_IEEE802154_MONITOR:
    case ARPHRD_6LOWPAN:
      return true;
    default:
      return false;
  }
}

int link_state(int sock, const std::string& name) {
  ethtool_value v = {};
  v.cmd = ETHTOOL_GLINK;
  ifreq ifr = make_ifreq(name);
  ifr.ifr_data = reinterpret_cast<char*>(&v);
  if (ioctl(sock, SIOCETHTOOL, &ifr) < 0) {
    return (errno == EOPNOTSUPP || errno == EINVAL) ? -1 : -2;
  }
  return v.data != 0 ? 1 : 0;
}

}  // namespace wpcap::live
