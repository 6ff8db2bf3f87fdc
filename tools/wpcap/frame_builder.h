// tools/wpcap/frame_builder.h - Ethernet frames with valid checksums.
//
// build_tcp(), build_udp(), build_icmp_echo() and build_arp() write one
// complete frame (Ethernet, optional 802.1Q tag, IPv4 or IPv6, transport,
// payload) into a caller buffer of at least kMaxFrame bytes and return its
// length; frames shorter than 60 bytes are zero-padded like on the wire.
// internet_checksum() is the RFC 1071 sum they use. traffic.h drives them.
#ifndef WPCAP_TOOLS_WPCAP_FRAME_BUILDER_H
#define WPCAP_TOOLS_WPCAP_FRAME_BUILDER_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace wpcap::tool {

inline constexpr size_t kMaxFrame = 1600;
inline constexpr size_t kMinFrame = 60;

using Mac = std::array<uint8_t, 6>;

struct IpAddr {
  bool v6 = false;
  std::array<uint8_t, 16> b{};  // IPv4 uses b[0..3]
};

struct L2Spec {
  Mac src{}, dst{};
  uint16_t vlan = 0;  // 0: untagged
};

struct L3Spec {
  IpAddr src, dst;
  uint8_t ttl = 64;
  uint16_t id = 0;          // IPv4 identification
  uint32_t flow_label = 0;  // IPv6
  bool dont_fragment = true;
};

namespace tcp_flag {
inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}

struct TcpSpec {
  uint16_t sport = 0, dport = 0;
  uint32_t seq = 0, ack = 0;
  uint8_t flags = 0;
  uint16_t window = 0;
  uint32_t tsval = 0, tsecr = 0;  // timestamp option, always present
  uint16_t mss = 0;               // nonzero: SYN options (MSS, SACK-permitted, wscale 7)
};

// Sums 16-bit big-endian words of `data` onto `sum` (not folded, not inverted).
uint32_t checksum_add(uint32_t sum, std::span<const uint8_t> data);
// Folds and inverts a checksum_add() result.
uint16_t checksum_finish(uint32_t sum);
inline uint16_t internet_checksum(std::span<const uint8_t> data) { return checksum_finish(checksum_add(0, data)); }

size_t build_tcp(uint8_t* buf, const L2Spec& l2, const L3Spec& l3, const TcpSpec& tcp,
                 std::span<const uint8_t> payload);
size_t build_udp(uint8_t* buf, const L2Spec& l2, const L3Spec& l3, uint16_t sport, uint16_t dport,
                 std::span<const uint8_t> payload);
// ICMP echo for IPv4, ICMPv6 echo for IPv6.
size_t build_icmp_echo(uint8_t* buf, const L2Spec& l2, const L3Spec& l3, bool reply, uint16_t id,
                       uint16_t seq, std::span<const uint8_t> payload);
// ARP over Ethernet for IPv4; op 1 request, 2 reply.
size_t build_arp(uint8_t* buf, const L2Spec& l2, uint16_t op, const Mac& sha, const IpAddr& spa,
                 const Mac& tha, const IpAddr& tpa);

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_FRAME_BUILDER_H
