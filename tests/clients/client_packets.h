// client_packets.h - test helper: hand-built protocol headers for the
// real-client corpus (client_corpus.h): IPv4 (options, fragments), IPv6
// (extension headers), TCP/UDP/ICMP/ICMPv6/IGMP/PIM/VRRP/SCTP/AH/ESP/GRE,
// ARP/RARP, and the Ethernet-layer wrappers (802.1Q/QinQ, MPLS, PPPoE,
// 802.2 LLC/SNAP). Header-only; values chosen to hit the expression table.
//
// Entry points: ip4(), ip6(), tcp(), udp(), icmp(), l4 helpers, arp(),
// eth(), vlan_tag(), mpls(), pppoe_session(), llc(), snap(); Ip4/Ip6 specs.
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "testing/savefile_builder.h"

namespace wpcap::testing::pkt {

inline void add16(Bytes& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
inline void add32(Bytes& b, uint32_t v) {
  add16(b, static_cast<uint16_t>(v >> 16));
  add16(b, static_cast<uint16_t>(v));
}
inline void append(Bytes& b, const Bytes& tail) { b.insert(b.end(), tail.begin(), tail.end()); }
inline Bytes filler(size_t n, uint8_t seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + i * 7);
  return b;
}

inline Bytes v4(const std::string& s) {
  Bytes b(4);
  inet_pton(AF_INET, s.c_str(), b.data());
  return b;
}
inline Bytes v6(const std::string& s) {
  Bytes b(16);
  inet_pton(AF_INET6, s.c_str(), b.data());
  return b;
}
inline Bytes mac(std::initializer_list<uint8_t> m) { return Bytes(m); }

// ---- layer 4 ----

inline Bytes tcp(uint16_t sport, uint16_t dport, uint8_t flags, size_t payload = 0) {
  Bytes b;
  add16(b, sport);
  add16(b, dport);
  add32(b, 0x01020304);
  add32(b, flags & 0x10 ? 0x0a0b0c0d : 0);
  b.push_back(0x50);
  b.push_back(flags);
  add16(b, 64240);
  add16(b, 0);  // checksum (tcpdump -nn without -v does not check)
  add16(b, 0);
  append(b, filler(payload, static_cast<uint8_t>(sport)));
  return b;
}

inline Bytes udp(uint16_t sport, uint16_t dport, size_t payload = 12) {
  Bytes b;
  add16(b, sport);
  add16(b, dport);
  add16(b, static_cast<uint16_t>(8 + payload));
  add16(b, 0);
  append(b, filler(payload, static_cast<uint8_t>(dport)));
  return b;
}

inline Bytes icmp(uint8_t type, uint8_t code, size_t payload = 8) {
  Bytes b = {type, code, 0, 0};
  add16(b, 0x1234);
  add16(b, 1);
  append(b, filler(payload, type));
  return b;
}

inline Bytes igmp(uint8_t type, const std::string& group) {
  Bytes b = {type, 0, 0, 0};
  append(b, v4(group));
  return b;
}

inline Bytes pim_hello() { return Bytes{0x20, 0, 0, 0, 0, 1, 0, 2, 0, 105}; }

inline Bytes vrrp(uint8_t vrid) {
  Bytes b = {0x21, vrid, 100, 1, 0, 1, 0, 0};
  append(b, v4("10.0.0.254"));
  return b;
}

inline Bytes sctp(uint16_t sport, uint16_t dport) {
  Bytes b;
  add16(b, sport);
  add16(b, dport);
  add32(b, 0x11223344);  // verification tag
  add32(b, 0);           // checksum
  b.insert(b.end(), {1, 0, 0, 20});  // INIT chunk
  add32(b, 0x55667788);
  add32(b, 65535);
  add16(b, 10);
  add16(b, 10);
  add32(b, 1);
  return b;
}

inline Bytes ah(uint8_t next, const Bytes& inner) {
  Bytes b = {next, 4, 0, 0};
  add32(b, 0x1000);  // SPI
  add32(b, 7);       // sequence
  append(b, filler(12, 0x33));
  append(b, inner);
  return b;
}

inline Bytes esp(uint32_t spi) {
  Bytes b;
  add32(b, spi);
  add32(b, 1);
  append(b, filler(32, 0x44));
  return b;
}

inline Bytes gre(uint16_t proto, const Bytes& inner) {
  Bytes b = {0, 0};
  add16(b, proto);
  append(b, inner);
  return b;
}

// ---- layer 3 ----

struct Ip4 {
  std::string src = "10.0.0.1", dst = "10.0.0.2";
  uint8_t proto = 6;
  uint8_t ttl = 64;
  uint8_t tos = 0;
  uint16_t frag = 0x4000;  // DF; set to an offset or MF to fragment
  size_t option_words = 0; // NOP-padded options: header length 5 + this
};

inline Bytes ip4(const Ip4& h, const Bytes& payload) {
  Bytes b;
  b.push_back(static_cast<uint8_t>(0x45 + h.option_words));
  b.push_back(h.tos);
  add16(b, static_cast<uint16_t>(20 + 4 * h.option_words + payload.size()));
  add16(b, 0x4242);
  add16(b, h.frag);
  b.push_back(h.ttl);
  b.push_back(h.proto);
  add16(b, 0);
  append(b, v4(h.src));
  append(b, v4(h.dst));
  for (size_t i = 0; i < 4 * h.option_words; ++i) b.push_back(1);  // NOP
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < 20 + 4 * h.option_words; i += 2) sum += (b[i] << 8) | b[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  b[10] = static_cast<uint8_t>(~sum >> 8);
  b[11] = static_cast<uint8_t>(~sum);
  append(b, payload);
  return b;
}

struct Ip6 {
  std::string src = "2001:db8::1", dst = "2001:db8::2";
  uint8_t next = 6;
  uint8_t hops = 64;
};

inline Bytes ip6(const Ip6& h, const Bytes& payload) {
  Bytes b = {0x60, 0, 0, 0};
  add16(b, static_cast<uint16_t>(payload.size()));
  b.push_back(h.next);
  b.push_back(h.hops);
  append(b, v6(h.src));
  append(b, v6(h.dst));
  append(b, payload);
  return b;
}

// An 8-byte IPv6 extension header (hop-by-hop, routing, destination
// options: PadN filled) in front of `inner`.
inline Bytes ext6(uint8_t next, const Bytes& inner) {
  Bytes b = {next, 0, 1, 4, 0, 0, 0, 0};
  append(b, inner);
  return b;
}
inline Bytes frag6(uint8_t next, uint16_t offset_words, bool more, const Bytes& inner) {
  Bytes b = {next, 0};
  add16(b, static_cast<uint16_t>((offset_words << 3) | (more ? 1 : 0)));
  add32(b, 0xabcdef);
  append(b, inner);
  return b;
}

inline Bytes icmp6(uint8_t type, uint8_t code, const Bytes& body = Bytes(8, 0)) {
  Bytes b = {type, code, 0, 0};
  append(b, body);
  return b;
}

// ARP (op 1/2) or RARP (op 3/4) for Ethernet/IPv4.
inline Bytes arp(uint16_t op, const Bytes& sha, const std::string& spa, const std::string& tpa) {
  Bytes b;
  add16(b, 1);
  add16(b, 0x0800);
  b.push_back(6);
  b.push_back(4);
  add16(b, op);
  append(b, sha);
  append(b, v4(spa));
  append(b, Bytes(6, 0));
  append(b, v4(tpa));
  return b;
}

// ---- link layer ----

inline Bytes eth(const Bytes& dst, const Bytes& src, uint16_t type, const Bytes& payload) {
  Bytes b = dst;
  append(b, src);
  add16(b, type);
  append(b, payload);
  while (b.size() < 60) b.push_back(0);  // minimum frame
  return b;
}

// An 802.1Q (or 802.1ad) tag: TCI then the inner type, in front of payload.
inline Bytes vlan_tag(uint16_t vid, uint16_t inner_type, const Bytes& payload, uint8_t pcp = 0) {
  Bytes b;
  add16(b, static_cast<uint16_t>((pcp << 13) | vid));
  add16(b, inner_type);
  append(b, payload);
  return b;
}

// MPLS label stack (outermost first) in front of payload.
inline Bytes mpls(std::initializer_list<uint32_t> labels, const Bytes& payload) {
  Bytes b;
  size_t i = 0;
  for (uint32_t l : labels) {
    const bool bottom = ++i == labels.size();
    add32(b, (l << 12) | (bottom ? 0x100u : 0u) | 64u);
  }
  append(b, payload);
  return b;
}

inline Bytes pppoe_session(uint16_t sid, uint16_t ppp_proto, const Bytes& payload) {
  Bytes b = {0x11, 0x00};
  add16(b, sid);
  add16(b, static_cast<uint16_t>(payload.size() + 2));
  add16(b, ppp_proto);
  append(b, payload);
  return b;
}

inline Bytes pppoe_discovery(uint8_t code) {
  Bytes b = {0x11, code, 0, 0, 0, 4, 0x01, 0x01, 0, 0};  // Service-Name tag, empty
  return b;
}

// 802.3 frame: length field then an LLC header and payload.
inline Bytes llc_frame(const Bytes& dst, const Bytes& src, uint8_t dsap, uint8_t ssap,
                       std::initializer_list<uint8_t> control, const Bytes& payload) {
  Bytes body = {dsap, ssap};
  body.insert(body.end(), control);
  append(body, payload);
  return eth(dst, src, static_cast<uint16_t>(body.size()), body);
}

inline Bytes snap(uint32_t oui, uint16_t type, const Bytes& payload) {
  Bytes b = {0xaa, 0xaa, 0x03, static_cast<uint8_t>(oui >> 16), static_cast<uint8_t>(oui >> 8),
             static_cast<uint8_t>(oui)};
  add16(b, type);
  append(b, payload);
  return b;
}

}  // namespace wpcap::testing::pkt
