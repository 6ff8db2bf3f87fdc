// resolve.h - names to addresses, ports and protocol numbers.
//
// Entry points: resolve_host(), resolve_net(), resolve_port(),
// resolve_portrange(), resolve_ip_proto(), resolve_ether_proto(),
// resolve_ether_host(), parse_ipv4(), parse_mac(). The lookups are
// core/namedb.h's (the same resolver calls as libpcap); this file only
// adapts them to what the code generator needs.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <vector>

namespace wpcap::filter {

struct HostAddrs {
  std::vector<uint32_t> v4;      // host order
  std::vector<in6_addr> v6;
  std::vector<int> order;        // 4 or 6 per address, in resolver order
};
bool resolve_host(const std::string& name, HostAddrs* out);
bool resolve_net(const std::string& name, uint32_t* net);  // host order, 0 = unknown

// libpcap's pcap_nametoport: *proto = IPPROTO_TCP/UDP or -1 (both).
bool resolve_port(const std::string& name, uint32_t* port, int* proto);
// "a-b" with numbers or service names; error text on failure.
bool resolve_portrange(const std::string& name, uint32_t* lo, uint32_t* hi, int* proto);
int resolve_ip_proto(const std::string& name);        // -1 = unknown
int resolve_ether_proto(const std::string& name);     // eproto names, then LLC names; -1
bool resolve_ether_host(const std::string& name, uint8_t mac[6]);

// __pcap_atoin: dotted IPv4 with 1-4 parts; returns bits given (8 per part), -1 on error.
int parse_ipv4(const std::string& s, uint32_t* addr);
bool parse_mac(const std::string& s, uint8_t mac[6]);

}  // namespace wpcap::filter
