// resolve.cc - name resolution for the filter compiler (see resolve.h).
//
// Reentrant: only the *_r and getaddrinfo families are used.
#include "filter/resolve.h"

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
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = 0;
  addrinfo* res = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0) return false;
  for (addrinfo* r = res; r != nullptr; r = r->ai_next) {
    if (r->ai_family == AF_INET) {
      out->v4.push_back(ntohl(reinterpret_cast<sockaddr_in*>(r->ai_addr)->sin_addr.s_addr));
      out->order.push_back(4);
    } else if (r->ai_family == AF_INET6) {
      out->v6.push_back(reinterpret_cast<sockaddr_in6*>(r->ai_addr)->sin6_addr);
      out->order.push_back(6);
    }
  }
  freeaddrinfo(res);
  return true;
}

bool resolve_net(const std::string& name, uint32_t* net) {
  netent ne{}, *result = nullptr;
  char buf[1024];
  int herr = 0;
  if (getnetbyname_r(name.c_str(), &ne, buf, sizeof buf, &result, &herr) != 0 || result == nullptr) {
    *net = 0;
    return false;
  }
  *net = result->n_net;
  return *net != 0;
}

static int service_port(const std::string& name, int socktype, int proto) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = socktype;
  hints.ai_protocol = proto;
  addrinfo* res = nullptr;
  if (getaddrinfo(nullptr, name.c_str(), &hints, &res) != 0 || res == nullptr) return -1;
  int port = -1;
  if (res->ai_addr->sa_family == AF_INET) port = ntohs(reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_port);
  else if (res->ai_addr->sa_family == AF_INET6) port = ntohs(reinterpret_cast<sockaddr_in6*>(res->ai_addr)->sin6_port);
  freeaddrinfo(res);
  return port;
}

bool resolve_port(const std::string& name, uint32_t* port, int* proto) {
  int tcp = service_port(name, SOCK_STREAM, IPPROTO_TCP);
  int udp = service_port(name, SOCK_DGRAM, IPPROTO_UDP);
  if (tcp >= 0) {
    *port = static_cast<uint32_t>(tcp);
    *proto = (udp >= 0 && udp == tcp) ? -1 : IPPROTO_TCP;
    return true;
  }
  if (udp >= 0) {
    *port = static_cast<uint32_t>(udp);
    *proto = IPPROTO_UDP;
    return true;
  }
  return false;
}

bool resolve_portrange(const std::string& name, uint32_t* lo, uint32_t* hi, int* proto) {
  size_t dash = name.find('-');
  if (dash == std::string::npos) return false;
  std::string a = name.substr(0, dash), b = name.substr(dash + 1);
  auto one = [&](const std::string& s, uint32_t* v, int* pr) {
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      *v = static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 10));
      *pr = -1;
      return true;
    }
    return resolve_port(s, v, pr);
  };
  int p1 = -1, p2 = -1;
  if (!one(a, lo, &p1) || !one(b, hi, &p2)) return false;
  *proto = (p1 == p2) ? p1 : -1;
  if (*lo > *hi) std::swap(*lo, *hi);
  return true;
}

int resolve_ip_proto(const std::string& name) {
  protoent pe{}, *result = nullptr;
  char buf[1024];
  if (getprotobyname_r(name.c_str(), &pe, buf, sizeof buf, &result) != 0 || result == nullptr) return -1;
  return result->p_proto;
}

int resolve_ether_proto(const std::string& name) {
  static const struct { const char* n; int v; } kE[] = {
      {"aarp", 0x80f3}, {"arp", 0x0806}, {"atalk", 0x809b}, {"decnet", 0x6003}, {"ip", 0x0800},
      {"ip6", 0x86dd}, {"lat", 0x6004}, {"loopback", 0x9000}, {"mopdl", 0x6001}, {"moprc", 0x6002},
      {"rarp", 0x8035}, {"sca", 0x6007}, {"iso", 0xfe}, {"stp", 0x42}, {"ipx", 0xe0}, {"netbeui", 0xf0}};
  for (const auto& e : kE)
    if (name == e.n) return e.v;
  return -1;
}

bool resolve_ether_host(const std::string& name, uint8_t mac[6]) {
  ether_addr ea{};
  if (ether_hostton(name.c_str(), &ea) != 0) return false;
  std::memcpy(mac, ea.ether_addr_octet, 6);
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
  std::string hex;
  for (char c : s)
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
  // Separated forms may have 1-digit groups: rebuild group by group.
  int n = 0;
  size_t i = 0;
  while (i < s.size() && n < 6) {
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    uint32_t v = 0;
    int digits = 0;
    while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])) && digits < 2) {
      v = v * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(s[i])) ? s[i] - '0' : std::tolower(s[i]) - 'a' + 10);
      ++i;
      ++digits;
    }
    mac[n++] = static_cast<uint8_t>(v);
  }
  return n == 6;
}

}  // namespace wpcap::filter
