// filter_corpus.h - test helper: packets built to exercise each filter
// primitive, for every link type the filter differential test covers.
//
// Entry points: filter_corpus(dlt) -> packets (whole frames, plus a few
// truncated copies marked as such); kFilterLinkTypes. Network-layer
// payloads (IPv4/IPv6 with TCP/UDP/ICMP/SCTP/..., ARP, LLC/SNAP frames,
// VLAN/MPLS/PPPoE encapsulations) are wrapped in each link type's header.
// Addresses and ports come from small pools the expression generator
// (filter_expr_gen.h) also draws from, so filters match some packets.
#pragma once

#include <pcap/dlt.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace wpcap::testing {

struct FilterPacket {
  std::vector<uint8_t> bytes;
  bool truncated = false;
  std::string what;
};

inline const std::vector<int>& filter_link_types() {
  static const std::vector<int> kTypes = {DLT_EN10MB, DLT_RAW,       DLT_NULL,       DLT_LOOP,
                                          DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_PPP,     DLT_C_HDLC,
                                          DLT_IPV4,   DLT_IPV6,      DLT_SLIP,       DLT_PPP_SERIAL,
                                          DLT_FDDI,   DLT_IEEE802,   DLT_ATM_RFC1483, DLT_IP_OVER_FC};
  return kTypes;
}

namespace corpus_detail {

using Bytes = std::vector<uint8_t>;

inline void put16(Bytes& b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
inline void put32(Bytes& b, uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xffff);
}
inline void append(Bytes& b, const Bytes& x) { b.insert(b.end(), x.begin(), x.end()); }

inline const std::vector<uint32_t>& v4_pool() {
  static const std::vector<uint32_t> kPool = {0x0a000001, 0x0a000002, 0xc0a80101, 0x7f000001,
                                              0x01020304, 0xe0000001, 0xffffffff, 0x0a010203};
  return kPool;
}
inline const std::vector<uint32_t>& port_pool() {
  static const std::vector<uint32_t> kPool = {80, 443, 53, 22, 1000, 65535, 0, 8080};
  return kPool;
}

inline Bytes transport(int proto, uint32_t sport, uint32_t dport, uint8_t flags) {
  Bytes t;
  switch (proto) {
    case 6:
      put16(t, sport); put16(t, dport); put32(t, 1); put32(t, 0);
      t.push_back(0x50); t.push_back(flags); put16(t, 1024); put16(t, 0); put16(t, 0);
      break;
    case 17:
      put16(t, sport); put16(t, dport); put16(t, 12); put16(t, 0); put32(t, 0xdeadbeef);
      break;
    case 132:
      put16(t, sport); put16(t, dport); put32(t, 7); put32(t, 0); put32(t, 0);
      break;
    case 1: case 58:
      t.push_back(static_cast<uint8_t>(sport)); t.push_back(0); put16(t, 0); put32(t, 0x12345678);
      break;
    default:
      for (int i = 0; i < 12; ++i) t.push_back(static_cast<uint8_t>(i * 17 + proto));
  }
  return t;
}

inline Bytes ipv4(uint32_t src, uint32_t dst, int proto, const Bytes& payload, uint16_t frag = 0, int ihl = 5) {
  Bytes b;
  b.push_back(static_cast<uint8_t>(0x40 | ihl));
  b.push_back(0);
  put16(b, static_cast<uint32_t>(ihl * 4 + payload.size()));
  put16(b, 0x1234);
  put16(b, frag);
  b.push_back(64);
  b.push_back(static_cast<uint8_t>(proto));
  put16(b, 0);
  put32(b, src);
  put32(b, dst);
  for (int i = 5; i < ihl; ++i) put32(b, 0x01010101);
  append(b, payload);
  return b;
}

inline Bytes ipv6(const Bytes& src, const Bytes& dst, int nh, const Bytes& payload) {
  Bytes b{0x60, 0, 0, 0};
  put16(b, static_cast<uint32_t>(payload.size()));
  b.push_back(static_cast<uint8_t>(nh));
  b.push_back(64);
  append(b, src);
  append(b, dst);
  append(b, payload);
  return b;
}

inline Bytes v6addr(int which) {
  Bytes a(16, 0);
  switch (which) {
    case 0: a[15] = 1; break;                                   // ::1
    case 1: a[0] = 0xfe; a[1] = 0x80; a[15] = 1; break;         // fe80::1
    case 2: a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = 0xb8; a[15] = 2; break;  // 2001:db8::2
    default: a[0] = 0xff; a[1] = 0x02; a[15] = 1; break;        // ff02::1
  }
  return a;
}

inline Bytes arp(uint32_t op, uint32_t spa, uint32_t tpa) {
  Bytes b;
  put16(b, 1); put16(b, 0x800); b.push_back(6); b.push_back(4); put16(b, op);
  Bytes mac{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  append(b, mac); put32(b, spa);
  append(b, Bytes(6, 0)); put32(b, tpa);
  return b;
}

// A network-layer payload and the Ethertype (or 0 for an 802.3/LLC frame body).
struct L3 {
  uint32_t ethertype;
  Bytes bytes;
  std::string what;
};

inline std::vector<L3> l3_payloads() {
  std::vector<L3> out;
  const auto& v4 = v4_pool();
  const auto& ports = port_pool();
  int i = 0;
  for (int proto : {6, 17, 132, 1, 2, 103, 50, 51, 112, 9}) {
    uint32_t s = v4[i % v4.size()], d = v4[(i * 3 + 1) % v4.size()];
    uint32_t sp = ports[i % ports.size()], dp = ports[(i * 5 + 2) % ports.size()];
    uint8_t flags = static_cast<uint8_t>(i % 2 ? 0x02 : 0x12);
    out.push_back({0x0800, ipv4(s, d, proto, transport(proto, proto == 1 ? 8 : sp, dp, flags)), "ipv4 proto " + std::to_string(proto)});
    ++i;
  }
  for (size_t k = 0; k < ports.size(); ++k) {
    out.push_back({0x0800, ipv4(v4[k], v4[(k + 2) % v4.size()], k % 2 ? 17 : 6, transport(k % 2 ? 17 : 6, ports[k], ports[(k + 3) % ports.size()], 0x10)), "ipv4 ports"});
  }
  out.push_back({0x0800, ipv4(v4[0], v4[1], 6, transport(6, 80, 1000, 2), 0x2000), "ipv4 first fragment MF"});
  out.push_back({0x0800, ipv4(v4[0], v4[1], 6, transport(6, 80, 1000, 2), 0x0010), "ipv4 later fragment"});
  out.push_back({0x0800, ipv4(v4[3], v4[4], 6, transport(6, 22, 443, 0x18), 0, 7), "ipv4 options"});
  out.push_back({0x0800, ipv4(0xc0a801ff, 0xc0a801ff, 17, transport(17, 53, 53, 0)), "ipv4 subnet broadcast"});
  out.push_back({0x0800, ipv4(0xc0a80100, 0xe0000001, 2, transport(2, 0, 0, 0)), "ipv4 multicast"});
  int j = 0;
  for (int nh : {6, 17, 58, 132, 50}) {
    out.push_back({0x86dd, ipv6(v6addr(j % 4), v6addr((j + 1) % 4), nh, transport(nh, nh == 58 ? 128 : ports[j], ports[j + 1], 2)), "ipv6 nh " + std::to_string(nh)});
    ++j;
  }
  Bytes frag{6, 0, 0, 0, 0, 0, 0, 1};
  append(frag, transport(6, 443, 80, 2));
  out.push_back({0x86dd, ipv6(v6addr(2), v6addr(3), 44, frag), "ipv6 fragment header tcp"});
  out.push_back({0x0806, arp(1, v4[0], v4[4]), "arp request"});
  out.push_back({0x0806, arp(2, v4[4], v4[0]), "arp reply"});
  out.push_back({0x8035, arp(3, v4[2], v4[3]), "rarp"});
  // DECnet: short header (flags 0x02, dst 1.2, src 1.5 little-endian) and a
  // padded long header (pad 0x81, flags 0x06, dst area/subarea/HIORD/id).
  out.push_back({0x6003, Bytes{0x10, 0x00, 0x02, 0x02, 0x04, 0x05, 0x04, 0x00, 1, 2, 3, 4, 5, 6, 7, 8}, "decnet short"});
  out.push_back({0x6003, Bytes{0x20, 0x00, 0x81, 0x06, 0, 0, 0xaa, 0, 4, 0, 0x02, 0x04, 0, 0, 0xaa, 0, 4, 0, 0x05, 0x04,
                               0, 0, 0, 0},
                 "decnet long padded"});
  for (uint32_t et : {0x809bu, 0x80f3u, 0x6003u, 0x6004u, 0x6007u, 0x6001u, 0x6002u, 0x8137u, 0x8863u, 0x88ccu})
    out.push_back({et, Bytes(28, static_cast<uint8_t>(et)), "ethertype " + std::to_string(et)});
  return out;
}

inline Bytes eth(const Bytes& dst, const Bytes& src, uint32_t type_or_len, const Bytes& body) {
  Bytes b = dst;
  append(b, src);
  put16(b, type_or_len);
  append(b, body);
  return b;
}

}  // namespace corpus_detail

// Ethernet frames: every L3 payload, VLAN/QinQ, MPLS, PPPoE, 802.3 LLC/SNAP.
inline std::vector<FilterPacket> ethernet_corpus() {
  using namespace corpus_detail;
  std::vector<FilterPacket> out;
  const Bytes bcast(6, 0xff);
  const Bytes mcast{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
  const Bytes mac_a{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  const Bytes mac_b{0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
  int i = 0;
  for (const L3& l3 : l3_payloads()) {
    const Bytes& dst = i % 5 == 0 ? bcast : i % 7 == 0 ? mcast : (i % 2 ? mac_a : mac_b);
    const Bytes& src = i % 2 ? mac_b : mac_a;
    out.push_back({eth(dst, src, l3.ethertype, l3.bytes), false, "eth " + l3.what});
    ++i;
    if (l3.ethertype == 0x0800 || l3.ethertype == 0x86dd) {
      Bytes tag;
      put16(tag, static_cast<uint32_t>(100 + i % 3));
      put16(tag, l3.ethertype);
      append(tag, l3.bytes);
      out.push_back({eth(mac_a, mac_b, i % 2 ? 0x8100 : 0x88a8, tag), false, "vlan " + l3.what});
      Bytes qinq;
      put16(qinq, 200);
      put16(qinq, 0x8100);
      append(qinq, tag);
      if (i % 3 == 0) out.push_back({eth(mac_b, mac_a, 0x88a8, qinq), false, "qinq " + l3.what});
      Bytes mpls;
      put32(mpls, (16u << 12) | (i % 2 ? 0x100u : 0u) | 64);
      if (i % 2 == 0) put32(mpls, (17u << 12) | 0x100 | 64);
      append(mpls, l3.bytes);
      if (i % 2 == 0 || l3.ethertype == 0x0800) out.push_back({eth(mac_a, mac_b, 0x8847, mpls), false, "mpls " + l3.what});
      Bytes pppoe{0x11, 0x00};
      put16(pppoe, static_cast<uint32_t>(i % 2 ? 0x1234 : 7));
      put16(pppoe, static_cast<uint32_t>(l3.bytes.size() + 2));
      put16(pppoe, l3.ethertype == 0x0800 ? 0x21 : 0x57);
      append(pppoe, l3.bytes);
      if (i % 2 == 0) out.push_back({eth(mac_a, mac_b, 0x8864, pppoe), false, "pppoes " + l3.what});
    }
  }
  // 802.3 frames with LLC.
  auto llc = [&](std::initializer_list<uint8_t> hdr, const Bytes& body, const std::string& what) {
    Bytes b(hdr);
    append(b, body);
    out.push_back({eth(i++ % 2 ? mac_a : bcast, mac_b, static_cast<uint32_t>(b.size()), b), false, what});
  };
  llc({0x42, 0x42, 0x03}, Bytes(35, 0), "stp");
  llc({0xfe, 0xfe, 0x03, 0x83, 0x1b, 0x01, 0x00, 0x0f}, Bytes(20, 1), "isis l1 iih");
  llc({0xfe, 0xfe, 0x03, 0x83, 0x1b, 0x01, 0x00, 0x14}, Bytes(20, 1), "isis l2 lsp");
  llc({0xfe, 0xfe, 0x03, 0x82, 0x1b, 0x01}, Bytes(20, 1), "esis");
  llc({0xfe, 0xfe, 0x03, 0x81, 0x1b, 0x01}, Bytes(20, 1), "clnp");
  llc({0xf0, 0xf0, 0x03}, Bytes(20, 2), "netbeui");
  llc({0xe0, 0xe0, 0x03}, Bytes(30, 3), "ipx 802.2");
  llc({0xff, 0xff}, Bytes(30, 3), "ipx raw 802.3");
  llc({0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x81, 0x37}, Bytes(30, 3), "ipx snap");
  llc({0xaa, 0xaa, 0x03, 0x08, 0x00, 0x07, 0x80, 0x9b}, Bytes(30, 4), "atalk snap");
  llc({0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x80, 0xf3}, Bytes(30, 4), "aarp snap");
  llc({0x06, 0x06, 0x03}, Bytes(30, 4), "llc sap ip");
  llc({0x42, 0x42, 0x00}, Bytes(30, 4), "llc i-frame");
  llc({0x42, 0x42, 0x01}, Bytes(30, 4), "llc s rr");
  llc({0x42, 0x42, 0x05}, Bytes(30, 4), "llc s rnr");
  llc({0x42, 0x42, 0xaf}, Bytes(30, 4), "llc u xid");
  llc({0x42, 0x42, 0x43}, Bytes(30, 4), "llc u disc");
  return out;
}

// Frames of one link type (all of them, then truncated copies).
inline std::vector<FilterPacket> filter_corpus(int dlt) {
  using namespace corpus_detail;
  std::vector<FilterPacket> out;
  if (dlt == DLT_EN10MB) {
    out = ethernet_corpus();
  } else {
    for (const L3& l3 : l3_payloads()) {
      Bytes b;
      bool ip = l3.ethertype == 0x0800 || l3.ethertype == 0x86dd;
      // IPv6 AF_ values: Linux 10, BSD 24, Darwin 30 (savefiles from any OS).
      const uint32_t v6_afs[] = {10, 24, 30};
      uint32_t af = l3.ethertype == 0x0800 ? 2 : v6_afs[out.size() % 3];
      switch (dlt) {
        case DLT_RAW: case DLT_SLIP: case DLT_IPV4: case DLT_IPV6:
          if (!ip) continue;
          if (dlt == DLT_SLIP) b.assign(16, 0);
          break;
        case DLT_NULL:
          if (!ip) continue;
          b = {static_cast<uint8_t>(af), 0, 0, 0};
          break;
        case DLT_LOOP:
          if (!ip) continue;
          put32(b, af);
          break;
        case DLT_LINUX_SLL:
          put16(b, out.size() % 3 == 0 ? 4 : 0); put16(b, 1); put16(b, 6);
          append(b, Bytes{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0});
          put16(b, l3.ethertype);
          break;
        case DLT_LINUX_SLL2:
          put16(b, l3.ethertype); put16(b, 0); put32(b, 2); put16(b, 1);
          b.push_back(out.size() % 3 == 0 ? 4 : 0); b.push_back(6);
          append(b, Bytes{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0});
          break;
        case DLT_FDDI: case DLT_IEEE802: case DLT_ATM_RFC1483: case DLT_IP_OVER_FC: {
          const Bytes dst = out.size() % 4 == 0 ? Bytes(6, 0xff) : Bytes{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
          const Bytes src{0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
          if (dlt == DLT_FDDI) { b = {0x50}; append(b, dst); append(b, src); }
          if (dlt == DLT_IEEE802) { b = {0x10, 0x40}; append(b, dst); append(b, src); }
          if (dlt == DLT_IP_OVER_FC) { b = {0, 0}; append(b, dst); b.push_back(0); b.push_back(0); append(b, src); }
          append(b, Bytes{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00});
          put16(b, l3.ethertype);
          break;
        }
        case DLT_PPP: case DLT_PPP_SERIAL: case DLT_C_HDLC: {
          uint32_t t = l3.ethertype == 0x0800 ? 0x21 : l3.ethertype == 0x86dd ? 0x57 : l3.ethertype;
          if (dlt == DLT_C_HDLC) t = l3.ethertype;
          b = {0xff, 0x03};
          put16(b, t);
          break;
        }
        default:
          break;
      }
      append(b, l3.bytes);
      out.push_back({b, false, l3.what});
    }
  }
  size_t whole = out.size();
  for (size_t i = 0; i < whole; i += 3) {
    for (size_t cut : {size_t{3}, size_t{14}, size_t{24}, size_t{36}, size_t{50}}) {
      if (cut < out[i].bytes.size()) {
        FilterPacket t = out[i];
        t.bytes.resize(cut);
        t.truncated = true;
        t.what += " truncated";
        out.push_back(t);
      }
    }
  }
  return out;
}

}  // namespace wpcap::testing
