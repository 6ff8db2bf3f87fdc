// device_list.cc - enumerating capture devices with getifaddrs(3) plus
// ioctl/sysfs flags, the "any" pseudo-device, libpcap's module devices,
// and pcap_lookupnet()'s IPv4 query. See device_list.h.
#include "capture/linux/device_list.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>  // before <linux/if_packet.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <pcap/pcap.h>

#include "capture/linux/link_info.h"
#include "core/errbuf.h"

namespace wpcap::live {
namespace {

constexpr const char* kAnyDescription = "Pseudo-device that captures on all interfaces";

size_t sockaddr_size(const sockaddr* sa) {
  switch (sa->sa_family) {
    case AF_INET:
      return sizeof(sockaddr_in);
    case AF_INET6:
      return sizeof(sockaddr_in6);
    case AF_PACKET:
      return sizeof(sockaddr_ll);
    default:
      return sizeof(sockaddr);
  }
}

std::vector<uint8_t> copy_sockaddr(const sockaddr* sa) {
  if (sa == nullptr) return {};
  const auto* p = reinterpret_cast<const uint8_t*>(sa);
  return std::vector<uint8_t>(p, p + sockaddr_size(sa));
}

// "eth0:1" (an address label) is eth0.
std::string strip_alias(const char* name) {
  std::string s = name;
  size_t colon = s.find(':');
  if (colon == std::string::npos) return s;
  for (size_t i = colon + 1; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return s;
  }
  return s.substr(0, colon);
}

uint32_t device_flags(int sock, const std::string& name, unsigned iff) {
  uint32_t flags = 0;
  if (iff & IFF_LOOPBACK) flags |= PCAP_IF_LOOPBACK;
  if (iff & IFF_UP) flags |= PCAP_IF_UP;
  if (iff & IFF_RUNNING) flags |= PCAP_IF_RUNNING;
  if (flags & PCAP_IF_LOOPBACK) return flags | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE;
  if (is_wireless(name)) flags |= PCAP_IF_WIRELESS;
  switch (link_state(sock, name)) {
    case 1:
      flags |= PCAP_IF_CONNECTION_STATUS_CONNECTED;
      break;
    case 0:
      flags |= PCAP_IF_CONNECTION_STATUS_DISCONNECTED;
      break;
    case -1:
      flags |= PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE;
      break;
    default:
      break;
  }
  return flags;
}

Device& find_or_add(std::vector<Device>& devs, int sock, const std::string& name, unsigned iff) {
  for (Device& d : devs) {
    if (d.name == name) return d;
  }
  Device d;
  d.name = name;
  d.flags = device_flags(sock, name, iff);
  devs.push_back(std::move(d));
  return devs.back();
}

// libpcap's non-interface capture sources, listed as Debian's build lists
// them (Bluetooth monitor, netfilter log/queue when netlink has it, D-Bus)
// so device lists match; wpcap cannot open them (see is_module_device()).
void add_module_devices(std::vector<Device>& devs) {
  auto add = [&](const char* name, uint32_t flags, const char* description) {
    Device d;
    d.name = name;
    d.flags = flags;
    d.description = description;
    devs.push_back(std::move(d));
  };
  add("bluetooth-monitor", PCAP_IF_WIRELESS | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE, "Bluetooth Linux Monitor");
  int err = 0;
  util::Fd nl = util::Fd::socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER, &err);
  if (nl || (err != EAFNOSUPPORT && err != EPROTONOSUPPORT)) {
    add("nflog", PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE, "Linux netfilter log (NFLOG) interface");
    add("nfqueue", PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE, "Linux netfilter queue (NFQUEUE) interface");
  }
  add("dbus-system", PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE, "D-Bus system bus");
  add("dbus-session", PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE, "D-Bus session bus");
}

}  // namespace

bool is_module_device(const std::string& name) {
  return name == "bluetooth-monitor" || name == "nflog" || name == "nfqueue" || name == "dbus-system" ||
         name == "dbus-session" || name.rfind("usbmon", 0) == 0 || name.rfind("bluetooth", 0) == 0 ||
         name.rfind("dbus://", 0) == 0;
}

uint32_t figure_of_merit(const Device& d) {
  uint32_t n = 0;
  if (!(d.flags & PCAP_IF_RUNNING)) n |= 0x80000000u;
  if (!(d.flags & PCAP_IF_UP)) n |= 0x40000000u;
  if (!(d.flags & PCAP_IF_WIRELESS) &&
      (d.flags & PCAP_IF_CONNECTION_STATUS) == PCAP_IF_CONNECTION_STATUS_DISCONNECTED) {
    n |= 0x20000000u;
  }
  if (d.flags & PCAP_IF_LOOPBACK) n |= 0x10000000u;
  if (d.name == "any") n |= 0x08000000u;
  return n;
}

Result<std::vector<Device>> list_devices() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) < 0) return Status(PCAP_ERROR, errno_message(errno, "getifaddrs"));
  util::Fd sock = control_socket();
  std::vector<Device> devs;
  for (ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
    Device& d = find_or_add(devs, sock.get(), strip_alias(ifa->ifa_name), ifa->ifa_flags);
    if (ifa->ifa_addr == nullptr) continue;
    DeviceAddress a;
    a.addr = copy_sockaddr(ifa->ifa_addr);
    a.netmask = copy_sockaddr(ifa->ifa_netmask);
    if (ifa->ifa_flags & IFF_BROADCAST) a.broadaddr = copy_sockaddr(ifa->ifa_broadaddr);
    if (ifa->ifa_flags & IFF_POINTOPOINT) a.dstaddr = copy_sockaddr(ifa->ifa_dstaddr);
    d.addresses.push_back(std::move(a));
  }
  freeifaddrs(list);
  Device any;
  any.name = "any";
  any.description = kAnyDescription;
  any.flags = PCAP_IF_UP | PCAP_IF_RUNNING | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE;
  devs.push_back(std::move(any));
  add_module_devices(devs);
  std::stable_sort(devs.begin(), devs.end(),
                   [](const Device& a, const Device& b) { return figure_of_merit(a) < figure_of_merit(b); });
  return devs;
}

Result<Ipv4Net> ipv4_network(const std::string& device) {
  util::Fd sock = util::Fd::socket(AF_INET, SOCK_DGRAM, 0, nullptr);
  if (!sock) return Status(PCAP_ERROR, errno_message(errno, "socket"));
  ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  ifr.ifr_addr.sa_family = AF_INET;
  std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", device.c_str());
  if (ioctl(sock.get(), SIOCGIFADDR, &ifr) < 0) {
    if (errno == EADDRNOTAVAIL) return Status(PCAP_ERROR, device + ": no IPv4 address assigned");
    return Status(PCAP_ERROR, errno_message(errno, "SIOCGIFADDR: " + device));
  }
  Ipv4Net r;
  r.net = reinterpret_cast<const sockaddr_in*>(&ifr.ifr_addr)->sin_addr.s_addr;
  std::memset(&ifr, 0, sizeof ifr);
  ifr.ifr_addr.sa_family = AF_INET;
  std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", device.c_str());
  if (ioctl(sock.get(), SIOCGIFNETMASK, &ifr) < 0) {
    return Status(PCAP_ERROR, errno_message(errno, "SIOCGIFNETMASK: " + device));
  }
  r.mask = reinterpret_cast<const sockaddr_in*>(&ifr.ifr_addr)->sin_addr.s_addr;
  if (r.mask == 0) {
    // Classful default, tested on the network-order value as libpcap does.
    if (IN_CLASSA(r.net)) {
      r.mask = IN_CLASSA_NET;
    } else if (IN_CLASSB(r.net)) {
      r.mask = IN_CLASSB_NET;
    } else if (IN_CLASSC(r.net)) {
      r.mask = IN_CLASSC_NET;
    } else {
      return Status(PCAP_ERROR, str_printf("inet class for 0x%x unknown", r.net));
    }
  }
  r.net &= r.mask;
  return r;
}

}  // namespace wpcap::live
