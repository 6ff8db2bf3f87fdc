// namedb.cc - name lookups: resolver calls for hosts, networks, services and
// protocols; libpcap's fixed tables for ethertypes and LLC SAPs; parsers for
// Ethernet addresses and ethers(5) lines.
//
// Entry points: see namedb.h.
#include "core/namedb.h"

#include <arpa/inet.h>
#include <netinet/ether.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>

#include "core/errbuf.h"

namespace wpcap {
namespace {

constexpr EthertypeName kEthertypes[] = {
    {"aarp", 0x80f3}, {"arp", 0x0806},      {"atalk", 0x809b}, {"decnet", 0x6003},
    {"ip", 0x0800},   {"ip6", 0x86dd},      {"lat", 0x6004},   {"loopback", 0x9000},
    {"mopdl", 0x6001}, {"moprc", 0x6002},   {"rarp", 0x8035},  {"sca", 0x6007},
};

struct LlcName {
  const char* name;
  int sap;
};
constexpr LlcName kLlcSaps[] = {
    {"iso", 0xfe},      // LLCSAP_ISONS
    {"stp", 0x42},      // LLCSAP_8021D
    {"ipx", 0xe0},      // LLCSAP_IPX
    {"netbeui", 0xf0},  // LLCSAP_NETBEUI
};

bool is_xdigit(int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// isspace() in the C locale, which libpcap's PCAP_ISSPACE mirrors.
bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

uint8_t xdigit_value(int c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
  return static_cast<uint8_t>(c - 'A' + 10);
}

Status unknown(const char* what, std::string_view name) {
  return Status::error(str_printf("unknown %s '%.*s'", what, static_cast<int>(name.size()), name.data()));
}

// First port getaddrinfo(NULL, service) gives for one socket type, or -1.
int service_port(const std::string& service, int socktype, int protocol) {
  addrinfo hints{};
  hints.ai_family = PF_UNSPEC;
  hints.ai_socktype = socktype;
  hints.ai_protocol = protocol;
  addrinfo* res = nullptr;
  if (getaddrinfo(nullptr, service.c_str(), &hints, &res) != 0 || res == nullptr) return -1;
  int port = -1;
  for (addrinfo* ai = res; ai != nullptr && port < 0; ai = ai->ai_next) {
    if (ai->ai_addr == nullptr) continue;
    if (ai->ai_addr->sa_family == AF_INET)
      port = ntohs(reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_port);
    else if (ai->ai_addr->sa_family == AF_INET6)
      port = ntohs(reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_port);
  }
  freeaddrinfo(res);
  return port;
}

// Skips blanks up to (not past) a newline; returns the first other character.
int skip_space(FILE* f) {
  int c;
  do {
    c = getc(f);
  } while (is_space(c) && c != '\n');
  return c;
}

// Skips to the end of the line; returns '\n' or EOF.
int skip_line(FILE* f) {
  int c;
  do {
    c = getc(f);
  } while (c != '\n' && c != EOF);
  return c;
}

// Reads up to six ':'-separated hex groups starting with c; false at EOF.
// On return *c is the character after the address.
bool read_ether_address(FILE* f, int* c, MacAddress* addr) {
  for (size_t i = 0; i < addr->size(); ++i) {
    uint8_t d = xdigit_value(*c);
    if ((*c = getc(f)) == EOF) return false;
    if (is_xdigit(*c)) {
      d = static_cast<uint8_t>(d << 4 | xdigit_value(*c));
      if ((*c = getc(f)) == EOF) return false;
    }
    (*addr)[i] = d;
    if (*c != ':') break;
    if ((*c = getc(f)) == EOF) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<uint32_t>> host_ipv4_addresses(std::string_view name) {
  std::string n(name);
  hostent he{};
  hostent* hp = nullptr;
  int herr = 0;
  std::vector<char> buf(1024);
  int rc;
  while ((rc = gethostbyname_r(n.c_str(), &he, buf.data(), buf.size(), &hp, &herr)) == ERANGE &&
         buf.size() < (1u << 20))
    buf.resize(buf.size() * 2);
  if (rc != 0 || hp == nullptr || hp->h_addrtype != AF_INET) return unknown("host", name);
  std::vector<uint32_t> out;
  for (char** p = hp->h_addr_list; *p != nullptr; ++p) {
    uint32_t a;
    std::memcpy(&a, *p, sizeof a);
    out.push_back(ntohl(a));
  }
  return out;
}

Result<AddrInfoPtr> host_addrinfo(std::string_view name) {
  addrinfo hints{};
  hints.ai_family = PF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  addrinfo* res = nullptr;
  if (getaddrinfo(std::string(name).c_str(), nullptr, &hints, &res) != 0) return unknown("host", name);
  return AddrInfoPtr(res);
}

Result<uint32_t> network_by_name(std::string_view name) {
  std::string n(name);
  netent ne{};
  netent* np = nullptr;
  int herr = 0;
  char buf[1024];
  if (getnetbyname_r(n.c_str(), &ne, buf, sizeof buf, &np, &herr) != 0 || np == nullptr)
    return unknown("network", name);
  return static_cast<uint32_t>(np->n_net);
}

Result<ServicePort> port_by_name(std::string_view name) {
  std::string n(name);
  int tcp = service_port(n, SOCK_STREAM, IPPROTO_TCP);
  int udp = service_port(n, SOCK_DGRAM, IPPROTO_UDP);
  if (tcp >= 0) return ServicePort{tcp, udp == tcp ? kProtoUndef : IPPROTO_TCP};
  if (udp >= 0) return ServicePort{udp, IPPROTO_UDP};
  return unknown("port", name);
}

Result<PortRange> port_range_by_name(std::string_view name) {
  std::string n(name);
  int lo = 0, hi = 0;
  // Two numbers: sscanf semantics, as libpcap (leading blanks, signs and trailing text accepted).
  if (std::sscanf(n.c_str(), "%d-%d", &lo, &hi) == 2) return PortRange{lo, hi, kProtoUndef};
  size_t dash = n.find('-');
  if (dash == std::string::npos) return unknown("port range", name);
  Result<ServicePort> first = port_by_name(n.substr(0, dash));
  if (!first) return first.status();
  Result<ServicePort> last = port_by_name(n.substr(dash + 1));
  if (!last) return last.status();
  int proto = first->proto == last->proto ? last->proto : kProtoUndef;
  return PortRange{first->port, last->port, proto};
}

Result<int> ip_protocol_by_name(std::string_view name) {
  std::string n(name);
  protoent pe{};
  protoent* pp = nullptr;
  char buf[1024];
  if (getprotobyname_r(n.c_str(), &pe, buf, sizeof buf, &pp) != 0 || pp == nullptr) return unknown("protocol", name);
  return pp->p_proto;
}

std::span<const EthertypeName> ethertype_names() { return kEthertypes; }

Result<int> ethertype_by_name(std::string_view name) {
  for (const EthertypeName& e : kEthertypes) {
    if (name == e.name) return static_cast<int>(e.type);
  }
  return unknown("ether proto", name);
}

Result<int> llc_sap_by_name(std::string_view name) {
  for (const LlcName& l : kLlcSaps) {
    if (name == l.name) return l.sap;
  }
  return unknown("llc", name);
}

Result<MacAddress> parse_mac(std::string_view text) {
  MacAddress out{};
  size_t n = 0, i = 0;
  bool bad = false;
  while (i < text.size()) {
    // One optional separator, then one or two hex digits make a byte.
    if (text[i] == ':' || text[i] == '.' || text[i] == '-') ++i;
    if (i >= text.size() || !is_xdigit(text[i]) || n == out.size()) {
      bad = true;
      break;
    }
    uint8_t d = xdigit_value(text[i++]);
    if (i < text.size() && is_xdigit(text[i])) d = static_cast<uint8_t>(d << 4 | xdigit_value(text[i++]));
    out[n++] = d;
  }
  if (bad || n != out.size()) {
    return Status::error(str_printf("invalid Ethernet address %.*s", static_cast<int>(text.size()), text.data()));
  }
  return out;
}

Result<MacAddress> mac_by_host_name(std::string_view name) {
  // libpcap copies the name into a 1024-byte buffer (truncating) first.
  std::string n(name.substr(0, 1023));
  ether_addr ea{};
  if (ether_hostton(n.c_str(), &ea) != 0) return unknown("Ethernet-like host", name);
  MacAddress out;
  std::memcpy(out.data(), ea.ether_addr_octet, out.size());
  return out;
}

std::optional<EtherEntry> read_ether_entry(FILE* f) {
  EtherEntry e;  // not reset per line: a skipped line's bytes can survive, as in libpcap
  for (;;) {
    int c = skip_space(f);
    if (c == EOF) return std::nullopt;
    if (c == '\n') continue;
    if (!is_xdigit(c)) {  // a comment, or a line that does not start with an address
      if (skip_line(f) == EOF) return std::nullopt;
      continue;
    }
    if (!read_ether_address(f, &c, &e.addr)) return std::nullopt;
    if (!is_space(c)) {  // the address must be followed by blanks
      if (skip_line(f) == EOF) return std::nullopt;
      continue;
    }
    if ((c = skip_space(f)) == EOF) return std::nullopt;
    if (c == '\n') continue;  // no name
    if (c == '#') {
      if (skip_line(f) == EOF) return std::nullopt;
      continue;
    }
    // The name: up to the next blank, at most sizeof(name) - 1 characters.
    size_t len = 0;
    do {
      e.name[len++] = static_cast<char>(c);
      if ((c = getc(f)) == EOF) return std::nullopt;
    } while (!is_space(c) && len < sizeof e.name - 1);
    e.name[len] = '\0';
    if (c != '\n') skip_line(f);  // trailing text
    return e;
  }
}

}  // namespace wpcap
