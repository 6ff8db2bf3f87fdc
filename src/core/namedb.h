// namedb.h - name lookups for filters: hosts, networks, ports, protocols, ethertypes,
// LLC SAPs and Ethernet addresses.
//
// Entry points: host_ipv4_addresses(), host_addrinfo(), network_by_name(),
// port_by_name(), port_range_by_name(), ip_protocol_by_name(),
// ethertype_by_name(), llc_sap_by_name(), parse_mac(), mac_by_host_name(),
// read_ether_entry(). The filter compiler (src/filter/) calls these; the
// pcap_nameto* / pcap_ether_* C functions in src/abi/namedb_api.cc wrap them.
// Results follow libpcap 1.10.3 on glibc (same resolver calls, same quirks).
#pragma once

#include <netdb.h>
#include <stdio.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace wpcap {

// libpcap's PROTO_UNDEF: "no protocol", or for ports "both TCP and UDP".
constexpr int kProtoUndef = -1;

using MacAddress = std::array<uint8_t, 6>;

struct AddrInfoDeleter {
  void operator()(addrinfo* ai) const { freeaddrinfo(ai); }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoDeleter>;

// IPv4 addresses of a host name (or dotted quad), in host byte order, in the
// resolver's order (gethostbyname semantics). Error if the name is unknown.
Result<std::vector<uint32_t>> host_ipv4_addresses(std::string_view name);

// getaddrinfo(name) for any family, as pcap_nametoaddrinfo asks for it
// (SOCK_STREAM/IPPROTO_TCP, so one entry per address).
Result<AddrInfoPtr> host_addrinfo(std::string_view name);

// Network number of a networks(5) name, host byte order (e.g. "loopback" -> 127).
Result<uint32_t> network_by_name(std::string_view name);

struct ServicePort {
  int port;
  int proto;  // IPPROTO_TCP, IPPROTO_UDP, or kProtoUndef when both have the same port
};

// A services(5) name or a number, looked up for TCP and for UDP.
Result<ServicePort> port_by_name(std::string_view name);

struct PortRange {
  int first;
  int last;   // not reordered: "90-80" gives first 90, last 80
  int proto;  // as in ServicePort; kProtoUndef for numeric ranges
};

// "lo-hi" where each side is a number or a service name.
Result<PortRange> port_range_by_name(std::string_view name);

// IP protocol number of a protocols(5) name ("tcp" -> 6).
Result<int> ip_protocol_by_name(std::string_view name);

// Ethertype of one of libpcap's protocol names ("ip" -> 0x0800); case-sensitive.
Result<int> ethertype_by_name(std::string_view name);

struct EthertypeName {
  const char* name;
  uint16_t type;
};
// The names ethertype_by_name() knows, in libpcap's order (the eproto_db table).
std::span<const EthertypeName> ethertype_names();

// LLC SAP of "iso", "stp", "ipx" or "netbeui".
Result<int> llc_sap_by_name(std::string_view name);

// Six 1-2 digit hex groups separated by ':', '-' or '.', or 2-digit groups
// without separators ("001122334455", "0011.2233.4455"). Anything that does
// not make exactly six bytes is an error.
Result<MacAddress> parse_mac(std::string_view text);

// The Ethernet address of a host in the ethers database (ether_hostton(3)).
Result<MacAddress> mac_by_host_name(std::string_view name);

struct EtherEntry {
  MacAddress addr{};
  char name[122]{};  // NUL-terminated, at most 121 characters (struct pcap_etherent)
};

// The next "address name" line of an ethers(5) file, skipping comments and
// malformed lines; nullopt at end of file. Reads with getc(), as libpcap does.
std::optional<EtherEntry> read_ether_entry(FILE* f);

}  // namespace wpcap
