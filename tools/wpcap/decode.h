// tools/wpcap/decode.h - one-line packet summaries for `wpcap read`.
//
// Pure functions over (link type, captured bytes): append_packet_summary()
// decodes Ethernet/802.1Q/Linux SLL/SLL2/NULL/LOOP/raw IP down to IPv4, IPv6,
// TCP, UDP, ICMP, ICMPv6 and ARP, never reading past the captured bytes;
// append_timestamp() formats UTC times; link_type_name() names link types.
// Printing lives in read.cc; this file knows nothing about libpcap handles.
#ifndef WPCAP_TOOLS_WPCAP_DECODE_H
#define WPCAP_TOOLS_WPCAP_DECODE_H

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace wpcap::tool {

// Link-layer type values (DLT_* as returned by pcap_datalink on Linux).
enum class Link : int {
  kNull = 0,
  kEthernet = 1,
  kRaw = 12,
  kRawOpenBsd = 14,
  kLinktypeRaw = 101,
  kLoop = 108,
  kLinuxSll = 113,
  kIpv4 = 228,
  kIpv6 = 229,
  kLinuxSll2 = 276,
};

// Short name of a link type this decoder understands ("EN10MB", "RAW",
// "LINUX_SLL", ...); empty for others (the caller may ask libpcap).
std::string_view link_type_name(int dlt);

// Appends "YYYY-MM-DD HH:MM:SS.ffffff" (UTC); 9 fraction digits when nano.
void append_timestamp(std::string& out, int64_t sec, uint32_t frac, bool nano);

// Appends the decoded summary of one packet, without lengths, e.g.
// "02:00:00:00:00:01 > 02:00:00:00:00:02, IPv4 10.0.0.1.5000 > 10.0.0.2.80 TCP [S] seq 1 win 64240 payload 0".
// `bytes` is the captured part only; truncation shows as "[|proto]".
void append_packet_summary(std::string& out, int dlt, std::span<const uint8_t> bytes);

// Convenience for tests: the summary as a new string.
std::string packet_summary(int dlt, std::span<const uint8_t> bytes);

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_DECODE_H
