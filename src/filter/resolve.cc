// resolve.cc - name resolution for the filter compiler (see resolve.h).
//
// Thin wrappers over core/namedb.h (the lookups libpcap makes); the IPv4
// dotted-form parser here is the grammar's own (__pcap_atoin).
#include "filter/resolve.h"

#include "core/namedb.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/ether.h>
#include <sys/socket.h>

#include <cctype>
#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace wpcap::filter {

bool resolve_host(const std::string& name, HostAddrs* out) {
  Result<AddrInfoPtr> res = host_addrinfo(name);
  if (!res) return false;
  for (addrinfo* r = res->get(); r != nullptr; r = r->ai_next) {
    if (r->ai_family == AF_INET) {
      out->v4.push_back(ntohl(reinterpret_cast<sockaddr_in*>(r->ai_addr)->sin_addr.s_addr));
      out->order.push_back(4);
    } else if (r->ai_family == AF_INET6) {
      out->v6.push_back(reinterpret_cast<sockaddr_in6*>(r->ai_addr)->sin6_addr);
      out->order.push_back(6);
    }
  }
  return true;
}

bool resolve_net(const std::string& name, uint32_t* net) {
  Result<uint32_t> n = network_by_name(name);
  *net = n ? *n : 0;
  return *net != 0;
}

bool resolve_port(const std::string& name, uint32_t* port, int* proto) {
  Result<ServicePort> p = port_by_name(name);
  if (!p) return false;
  *port = static_cast<uint32_t>(p->port);
  *proto = p->proto;
  return true;
}

bool resolve_portrange(const std::string& name, uint32_t* lo, uint32_t* hi, int* proto) {
  Result<PortRange> r = port_range_by_name(name);
  if (!r) return false;
  *lo = static_cast<uint32_t>(r->first);
  *hi = static_cast<uint32_t>(r->last);
  *proto = r->proto;
  if (*lo > *hi) std::swap(*lo, *hi);  // as libpcap's gen_portrangeatom
  return true;
}

int resolve_ip_proto(const std::string& name) {
  Result<int> p = ip_protocol_by_name(name);
  return p ? *p : -1;
}

int resolve_ether_proto(const std::string& name) {
  Result<int> e = ethertype_by_name(name);
  if (e) return *e;
  Result<int> l = llc_sap_by_name(name);
  return l ? *l : -1;
}

bool resolve_ether_host(const std::string& name, uint8_t mac[6]) {
  Result<MacAddress> m = mac_by_host_name(name);
  if (!m) return false;
  std::memcpy(mac, m->data(), 6);
  return true;
}

int parse_ipv4(const std::string& s, uint32_t* addr) {
  uint32_t val = 0;
  int len = 0;
  size_t i = 0;
  while (true) {
    uint32_t n = 0;
    size_t st = i;
    // libpcap's __pcap_atoin reads decimal digits only.
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) n = n * 10 + static_cast<uint32_t>(s[i++] - '0');
    if (i == st || n > 255) return -1;
    val = (val << 8) | n;
    len += 8;
    if (i == s.size()) break;
    if (s[i] != '.') return -1;
    ++i;
  }
  *addr = val;
  return len;
}

bool parse_mac(const std::string& s, uint8_t mac[6]) {
  Result<MacAddress> m = wpcap::parse_mac(s);
  if (!m) return false;
  std::memcpy(mac, m->data(), 6);
  return true;
}

}  // namespace wpcap::filter
