// client_corpus.h - test helper: the capture files the real-client tests
// run tcpdump over: the project's samples/sample.pcap (EN10MB, made by
// `wpcap gen`) plus files written here for EN10MB (VLAN/QinQ, MPLS, PPPoE,
// LLC/SNAP/STP/IPX/ISO, DECnet, AppleTalk, IP options and fragments, IPv6
// extension headers, truncated records), LINUX_SLL, LINUX_SLL2, RAW and NULL,
// and the Ethernet records again as big-endian nanosecond pcapng.
//
// Entry points: l3_packets(), all_ethernet_frames(), write_client_corpus(dir).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clients/client_packets.h"
#include "testing/savefile_builder.h"

namespace wpcap::testing {

struct L3Packet {
  uint16_t ethertype;
  Bytes bytes;
};

inline std::vector<L3Packet> ipv4_packets() {
  using namespace pkt;
  std::vector<L3Packet> out;
  auto add = [&](const Ip4& h, const Bytes& l4) { out.push_back({0x0800, ip4(h, l4)}); };
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"10.0.0.1", "10.0.0.2"}, {"192.168.1.1", "10.1.2.3"}, {"1.2.3.4", "8.8.8.8"},
      {"10.1.2.3", "192.168.1.100"}, {"172.16.5.4", "10.0.0.1"}, {"127.0.0.1", "127.0.0.1"}};
  const uint16_t ports[] = {80, 443, 22, 53, 8080, 6000, 1023, 1024, 65535, 25};
  const uint8_t flags[] = {0x02, 0x12, 0x10, 0x11, 0x04, 0x18, 0x30, 0xc2};
  size_t k = 0;
  for (const auto& [src, dst] : pairs) {
    for (uint16_t port : ports) {
      Ip4 h{src, dst, 6};
      h.ttl = static_cast<uint8_t>(k % 5 == 0 ? 1 : 64);
      h.tos = static_cast<uint8_t>(k % 7 == 0 ? 0x10 : 0);
      add(h, tcp(static_cast<uint16_t>(40000 + k), port, flags[k % 8], (k * 37) % 300));
      add(Ip4{dst, src, 6}, tcp(port, static_cast<uint16_t>(40000 + k), flags[(k + 3) % 8], (k * 91) % 1400));
      ++k;
    }
    for (uint16_t port : {53, 123, 161, 514, 5353, 2049}) {
      add(Ip4{src, dst, 17}, udp(static_cast<uint16_t>(30000 + k++), port, port % 200));
    }
    for (uint8_t type : {0, 3, 5, 8, 11, 13, 14, 17}) add(Ip4{src, dst, 1}, icmp(type, type == 3 ? 3 : 0));
  }
  add(Ip4{"10.0.0.1", "10.0.0.2", 6, 64, 0, 0x4000, 2}, tcp(1234, 80, 0x18, 20));  // IP options
  add(Ip4{"10.0.0.1", "10.0.0.2", 17, 64, 0, 0x0000, 1}, udp(1234, 53));
  add(Ip4{"10.0.0.1", "10.0.0.2", 17, 64, 0, 0x2000}, udp(5000, 53, 200));  // first fragment
  add(Ip4{"10.0.0.1", "10.0.0.2", 17, 64, 0, 0x0019}, filler(64, 9));      // later fragment
  add(Ip4{"10.0.0.1", "10.0.0.2", 6, 64, 0, 0x2020}, filler(40, 3));       // middle fragment
  add(Ip4{"192.168.1.10", "255.255.255.255", 17}, udp(68, 67, 240));
  add(Ip4{"192.168.1.10", "192.168.1.255", 17}, udp(138, 138, 100));
  add(Ip4{"10.0.0.5", "224.0.0.251", 17, 255}, udp(5353, 5353, 40));
  add(Ip4{"10.0.0.5", "239.1.2.3", 17, 8}, udp(7000, 7001, 500));
  add(Ip4{"10.0.0.5", "224.0.0.1", 2, 1}, igmp(0x11, "0.0.0.0"));
  add(Ip4{"10.0.0.5", "224.0.0.22", 2, 1}, igmp(0x16, "239.1.2.3"));
  add(Ip4{"10.0.0.6", "224.0.0.13", 103, 1}, pim_hello());
  add(Ip4{"10.0.0.7", "224.0.0.18", 112, 255}, vrrp(10));
  add(Ip4{"10.0.0.1", "10.0.0.2", 132}, sctp(2905, 80));
  add(Ip4{"10.0.0.2", "10.0.0.1", 132}, sctp(80, 2905));
  add(Ip4{"10.0.0.1", "1.2.3.4", 51}, ah(6, tcp(1111, 80, 0x02)));
  add(Ip4{"1.2.3.4", "10.0.0.1", 50}, esp(0x2000));
  add(Ip4{"10.0.0.1", "1.2.3.4", 47}, gre(0x0800, ip4(Ip4{"10.9.9.9", "10.8.8.8", 1}, icmp(8, 0))));
  add(Ip4{"10.0.0.1", "1.2.3.4", 4}, ip4(Ip4{"10.9.9.9", "10.8.8.8", 17}, udp(53, 53)));
  add(Ip4{"10.0.0.1", "224.0.0.5", 89, 1}, filler(44, 2));  // OSPF
  Bytes get = tcp(40100, 80, 0x18);
  for (char ch : std::string("GET / HTTP/1.1\r\n\r\n")) get.push_back(static_cast<uint8_t>(ch));
  add(Ip4{"10.0.0.1", "10.0.0.2", 6}, get);
  Bytes beef = udp(0, 9999, 0);
  for (uint8_t x : {0xde, 0xad, 0xbe, 0xef}) beef.push_back(x);
  beef[5] = 12;  // UDP length
  add(Ip4{"10.0.0.2", "10.0.0.1", 17}, beef);
  add(Ip4{"10.0.0.1", "10.0.0.2", 9}, filler(30, 5));       // IGRP
  return out;
}

inline std::vector<L3Packet> ipv6_packets() {
  using namespace pkt;
  std::vector<L3Packet> out;
  auto add = [&](const Ip6& h, const Bytes& l4) { out.push_back({0x86dd, ip6(h, l4)}); };
  const uint16_t ports[] = {80, 443, 22, 53, 8080};
  for (uint16_t p : ports) {
    add(Ip6{"2001:db8::1", "2001:db8::2", 6}, tcp(50000, p, 0x02, p % 100));
    add(Ip6{"2001:db8::2", "2001:db8::1", 6}, tcp(p, 50000, 0x12));
    add(Ip6{"2001:db8:1::17", "2001:db8:f00::1", 17}, udp(40000, p, 30));
  }
  for (uint8_t t : {128, 129, 1, 3, 133, 134, 135, 136, 143}) {
    add(Ip6{"fe80::1", t >= 133 ? "ff02::1" : "fe80::2", 58, 255}, icmp6(t, 0));
  }
  add(Ip6{"fe80::1", "ff02::1:2", 17, 1}, udp(546, 547, 40));
  add(Ip6{"::1", "::1", 6}, tcp(1000, 2000, 0x10));
  add(Ip6{"fe80::1", "ff02::16", 0, 1}, ext6(58, icmp6(143, 0, Bytes(20, 0))));  // hop-by-hop + MLDv2
  add(Ip6{"2001:db8::1", "2001:db8::2", 0}, ext6(6, tcp(1234, 80, 0x02)));
  add(Ip6{"2001:db8::1", "2001:db8::2", 60}, ext6(17, udp(1234, 53)));
  add(Ip6{"2001:db8::1", "2001:db8::2", 43}, ext6(6, tcp(1234, 443, 0x10)));
  add(Ip6{"2001:db8::1", "2001:db8::2", 0}, ext6(60, ext6(17, udp(999, 123))));
  add(Ip6{"2001:db8::1", "2001:db8::2", 44}, frag6(17, 0, true, udp(4000, 53, 100)));
  add(Ip6{"2001:db8::1", "2001:db8::2", 44}, frag6(17, 100, false, filler(40, 1)));
  add(Ip6{"2001:db8::1", "2001:db8::2", 51}, ah(6, tcp(2222, 80, 0x02)));
  add(Ip6{"2001:db8::1", "2001:db8::2", 50}, esp(0x3000));
  add(Ip6{"2001:db8::1", "2001:db8::2", 132}, sctp(3868, 3868));
  add(Ip6{"2001:db8::1", "ff05::1:3", 17}, udp(546, 547, 20));
  return out;
}

inline std::vector<L3Packet> arp_packets() {
  using namespace pkt;
  const Bytes m1 = mac({0x00, 0x11, 0x22, 0x33, 0x44, 0x55}), m2 = mac({0x02, 0, 0, 0, 0, 1});
  return {{0x0806, arp(1, m1, "10.0.0.1", "10.0.0.2")},
          {0x0806, arp(2, m2, "10.0.0.2", "10.0.0.1")},
          {0x0806, arp(1, m2, "192.168.1.1", "192.168.1.1")},
          {0x8035, arp(3, m1, "0.0.0.0", "0.0.0.0")},
          {0x8035, arp(4, m2, "10.0.0.9", "10.0.0.10")}};
}

inline std::vector<L3Packet> l3_packets() {
  std::vector<L3Packet> out = ipv4_packets();
  for (auto* part : {ipv6_packets, arp_packets}) {
    std::vector<L3Packet> more = part();
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

// The destination MAC a sender would use for this packet.
inline Bytes dst_mac_for(const L3Packet& p, size_t i) {
  using namespace pkt;
  if (p.ethertype == 0x0800 && p.bytes.size() >= 20) {
    const uint8_t* d = &p.bytes[16];
    if (d[0] == 255 || d[3] == 255) return mac({0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
    if (d[0] >= 224 && d[0] < 240) return mac({0x01, 0x00, 0x5e, static_cast<uint8_t>(d[1] & 0x7f), d[2], d[3]});
  }
  if (p.ethertype == 0x86dd && p.bytes.size() >= 40 && p.bytes[24] == 0xff) {
    return mac({0x33, 0x33, p.bytes[36], p.bytes[37], p.bytes[38], p.bytes[39]});
  }
  if ((p.ethertype == 0x0806 && p.bytes[7] == 1) || p.ethertype == 0x8035) {
    return mac({0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
  }
  return i % 2 ? mac({0x00, 0x11, 0x22, 0x33, 0x44, 0x55}) : mac({0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc});
}

inline std::vector<Bytes> ethernet_frames() {
  using namespace pkt;
  std::vector<Bytes> out;
  const std::vector<L3Packet> l3 = l3_packets();
  for (size_t i = 0; i < l3.size(); ++i) {
    const Bytes src = i % 3 ? mac({0x02, 0, 0, 0, 0, 1}) : mac({0x00, 0x11, 0x22, 0x33, 0x44, 0x55});
    const Bytes dst = dst_mac_for(l3[i], i);
    out.push_back(eth(dst, src, l3[i].ethertype, l3[i].bytes));
    if (i % 4 == 1) {  // 802.1Q, sometimes stacked (QinQ and double 0x8100)
      const uint16_t vid = static_cast<uint16_t>(i % 12 == 1 ? 10 : (i % 12 == 5 ? 20 : 100));
      Bytes tagged = vlan_tag(vid, l3[i].ethertype, l3[i].bytes, static_cast<uint8_t>(i % 8));
      if (i % 12 == 1) tagged = vlan_tag(300, 0x8100, tagged);
      out.push_back(eth(dst, src, i % 24 == 1 ? 0x88a8 : 0x8100, tagged));
    }
  }
  return out;
}

inline Bytes mac_a() { return pkt::mac({0x00, 0x11, 0x22, 0x33, 0x44, 0x55}); }
inline Bytes mac_b() { return pkt::mac({0x02, 0, 0, 0, 0, 1}); }

// MPLS (unicast and multicast ethertypes, stacked labels) and PPPoE.
inline std::vector<Bytes> mpls_pppoe_frames() {
  using namespace pkt;
  std::vector<Bytes> out;
  const Bytes a = mac_a(), b = mac_b();
  const Bytes v4tcp = ip4(Ip4{"10.0.0.1", "10.0.0.2", 6}, tcp(1234, 80, 0x02));
  const Bytes v4udp = ip4(Ip4{"192.168.1.1", "10.1.2.3", 17}, udp(53, 5353));
  const Bytes v6tcp = ip6(Ip6{"2001:db8::1", "2001:db8::2", 6}, tcp(1234, 443, 0x02));
  out.push_back(eth(a, b, 0x8847, mpls({16}, v4tcp)));
  out.push_back(eth(a, b, 0x8847, mpls({17}, v4udp)));
  out.push_back(eth(a, b, 0x8847, mpls({100, 16}, v4tcp)));
  out.push_back(eth(a, b, 0x8847, mpls({1048575, 200, 17}, v4udp)));
  out.push_back(eth(a, b, 0x8848, mpls({18}, v6tcp)));
  out.push_back(eth(a, b, 0x8847, mpls({16, 17}, v6tcp)));
  out.push_back(eth(a, b, 0x8100, vlan_tag(10, 0x8847, mpls({16}, v4tcp))));
  // PPPoE session and discovery.
  out.push_back(eth(a, b, 0x8864, pppoe_session(7, 0x0021, v4tcp)));
  out.push_back(eth(a, b, 0x8864, pppoe_session(8, 0x0021, v4udp)));
  out.push_back(eth(a, b, 0x8864, pppoe_session(7, 0x0057, v6tcp)));
  out.push_back(eth(mac({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), b, 0x8863, pppoe_discovery(0x09)));
  out.push_back(eth(a, b, 0x8100, vlan_tag(20, 0x8864, pppoe_session(7, 0x0021, v4tcp))));
  return out;
}

// 802.2 LLC: STP, IPX, NetBEUI, ISO (CLNP, ES-IS, IS-IS), S and U frames, SNAP.
inline std::vector<Bytes> llc_frames() {
  using namespace pkt;
  std::vector<Bytes> out;
  const Bytes a = mac_a(), b = mac_b();
  const Bytes v4tcp = ip4(Ip4{"10.0.0.1", "10.0.0.2", 6}, tcp(1234, 80, 0x02));
  const Bytes stp_dst = mac({0x01, 0x80, 0xc2, 0, 0, 0});
  out.push_back(llc_frame(stp_dst, b, 0x42, 0x42, {0x03}, filler(35, 0)));
  out.push_back(llc_frame(a, b, 0xe0, 0xe0, {0x03}, filler(30, 0xff)));
  out.push_back(llc_frame(a, b, 0xf0, 0xf0, {0x03}, filler(44, 0x20)));
  const Bytes isis_dst = mac({0x01, 0x80, 0xc2, 0, 0, 0x14});
  out.push_back(llc_frame(isis_dst, b, 0xfe, 0xfe, {0x03}, Bytes{0x83, 27, 1, 0, 15, 1, 0, 0, 0, 1}));
  out.push_back(llc_frame(isis_dst, b, 0xfe, 0xfe, {0x03}, Bytes{0x83, 27, 1, 0, 18, 1, 0, 0, 0, 1}));
  out.push_back(llc_frame(isis_dst, b, 0xfe, 0xfe, {0x03}, Bytes{0x83, 33, 1, 0, 24, 1, 0, 0, 0, 1}));
  out.push_back(llc_frame(isis_dst, b, 0xfe, 0xfe, {0x03}, Bytes{0x83, 27, 1, 0, 20, 1, 0, 0, 0, 1}));
  out.push_back(llc_frame(isis_dst, b, 0xfe, 0xfe, {0x03}, Bytes{0x83, 17, 1, 0, 27, 1, 0, 0, 0, 1}));
  out.push_back(llc_frame(a, b, 0xfe, 0xfe, {0x03}, Bytes{0x82, 10, 1, 0, 2, 0, 5, 0, 0, 0}));
  out.push_back(llc_frame(a, b, 0xfe, 0xfe, {0x03}, Bytes{0x81, 20, 1, 10, 0x1c, 0, 0, 0, 0, 0}));
  out.push_back(llc_frame(a, b, 0x04, 0x05, {0x01, 0x02}, {}));  // RR
  out.push_back(llc_frame(a, b, 0x04, 0x05, {0x05, 0x02}, {}));  // RNR
  out.push_back(llc_frame(a, b, 0x04, 0x04, {0x00, 0x02}, filler(20, 1)));  // I
  out.push_back(llc_frame(a, b, 0x00, 0x01, {0xaf}, Bytes{0x81, 0x01, 0x00}));  // XID
  out.push_back(llc_frame(a, b, 0x04, 0x04, {0x53}, {}));  // DISC
  out.push_back(llc_frame(a, b, 0x04, 0x04, {0x7f}, {}));  // SABME
  out.push_back(eth(a, b, 40, snap(0, 0x0800, v4tcp)));
  out.push_back(eth(a, b, 30, snap(0x080007, 0x809b, filler(20, 1))));
  out.push_back(eth(a, b, 36, snap(0, 0x80f3, filler(28, 2))));
  out.push_back(eth(a, b, 30, Bytes{0xff, 0xff, 0, 30, 0, 4}));  // raw 802.3 IPX
  return out;
}

// DECnet, AppleTalk, IPX, LAT, MOP, SCA, loopback, 802.1X, LLDP ethertypes.
inline std::vector<Bytes> other_ethertype_frames() {
  using namespace pkt;
  std::vector<Bytes> out;
  const Bytes a = mac_a(), b = mac_b();
  for (uint16_t type : {0x6003, 0x809b, 0x80f3, 0x8137, 0x6004, 0x6001, 0x6002, 0x6007, 0x9000, 0x888e, 0x88cc}) {
    Bytes body = filler(40, static_cast<uint8_t>(type));
    if (type == 0x6003) body = Bytes{0x10, 0x00, 0x81, 0x02, 0x02, 0x04, 0x05, 0x04, 0x00};  // DECnet short
    out.push_back(eth(type == 0x6002 ? mac({0xab, 0, 0, 2, 0, 0}) : a, b, type, body));
  }
  out.push_back(eth(a, b, 0x6003, Bytes{0x20, 0, 0x26, 0, 0, 0xaa, 0, 4, 0, 0x02, 0x04, 0, 0, 0xaa, 0, 4, 0,
                                          0x05, 0x04, 0, 0, 0}));  // DECnet long
  return out;
}

inline std::vector<Bytes> all_ethernet_frames() {
  std::vector<Bytes> out = ethernet_frames();
  for (auto* part : {mpls_pppoe_frames, llc_frames, other_ethertype_frames}) {
    std::vector<Bytes> more = part();
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

struct CorpusFileSpec {
  std::string name;  // file name in the corpus directory
  std::string link;  // tcpdump's name for the link type, for messages
  std::string path;  // full path once written
};

// Writes a pcap file of records for `linktype`; every 13th record is cut
// short (caplen < len) when truncate is set.
inline bool write_records(const std::string& path, uint32_t linktype, uint32_t snaplen,
                          const std::vector<Bytes>& frames, bool truncate) {
  PcapBuilder w(PcapBuilder::Header{0xa1b2c3d4, false, 2, 4, snaplen, linktype});
  uint32_t t = 0;
  for (const Bytes& f : frames) {
    ++t;
    const size_t cap = truncate && t % 13 == 0 && f.size() > 40 ? 34 + t % 24 : f.size();
    w.record(1700000000 + t, t * 1000 % 1000000, static_cast<uint32_t>(cap), static_cast<uint32_t>(f.size()),
             std::span<const uint8_t>(f.data(), cap));
  }
  return write_file(path, w.bytes());
}

// The same records as a big-endian pcapng file with nanosecond timestamps.
inline bool write_pcapng(const std::string& path, uint16_t linktype, const std::vector<Bytes>& frames) {
  PcapngBuilder w(true);
  Bytes opts = w.tsresol(9);
  const Bytes end = w.end();
  opts.insert(opts.end(), end.begin(), end.end());
  w.shb().idb(linktype, 262144, opts);
  uint64_t t = 0;
  for (const Bytes& f : frames) {
    ++t;
    w.epb(0, (1700000000 + t) * 1000000000ull + t * 1001, std::span<const uint8_t>(f.data(), f.size()));
  }
  return write_file(path, w.bytes());
}

// SLL / SLL2 headers around L3 packets (packet types cycling 0..4).
// Payloads behind the cooked pseudo-protocols 1 (Novell 802.3 raw) and
// 4 (802.2 LLC): IPX, STP, NetBEUI, ISO, SNAP.
inline std::vector<L3Packet> cooked_llc_packets() {
  using namespace pkt;
  const Bytes stp = {0x42, 0x42, 0x03, 0, 0, 0, 0, 0, 0x80, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55};
  const Bytes ipx_llc = {0xe0, 0xe0, 0x03, 0xff, 0xff, 0, 30, 0, 4, 0, 0, 0, 0};
  const Bytes netbeui = {0xf0, 0xf0, 0x03, 0x2c, 0, 0xff, 0xef, 0x08};
  const Bytes isis = {0xfe, 0xfe, 0x03, 0x83, 27, 1, 0, 15, 1, 0, 0, 0, 1};
  Bytes snap_ipx = snap(0, 0x8137, Bytes{0xff, 0xff, 0, 30, 0, 4});
  return {{0x0001, Bytes{0xff, 0xff, 0, 30, 0, 4, 0, 0, 0, 1, 0, 0}},
          {0x0004, stp}, {0x0004, ipx_llc}, {0x0004, netbeui}, {0x0004, isis}, {0x0004, snap_ipx}};
}

inline std::vector<Bytes> cooked_frames(bool v2) {
  using namespace pkt;
  std::vector<Bytes> out;
  std::vector<L3Packet> l3 = l3_packets();
  for (L3Packet& p : cooked_llc_packets()) l3.push_back(std::move(p));
  for (size_t i = 0; i < l3.size(); ++i) {
    Bytes h;
    const uint8_t pkttype = static_cast<uint8_t>(i % 5);
    const Bytes addr = {0x00, 0x11, 0x22, 0x33, 0x44, static_cast<uint8_t>(i), 0, 0};
    if (v2) {
      add16(h, l3[i].ethertype);
      add16(h, 0);
      add32(h, static_cast<uint32_t>(1 + i % 3));
      add16(h, 1);
      h.push_back(pkttype);
      h.push_back(6);
    } else {
      add16(h, pkttype);
      add16(h, 1);
      add16(h, 6);
    }
    append(h, addr);
    if (!v2) add16(h, l3[i].ethertype);
    append(h, l3[i].bytes);
    out.push_back(h);
  }
  return out;
}

// RAW (IPv4/IPv6 only) or NULL (host-order AF: 2, BSD 24/28/30 and Linux 10 for IPv6).
inline std::vector<Bytes> ip_only_frames(bool null_header) {
  std::vector<Bytes> out;
  size_t i = 0;
  for (const L3Packet& p : l3_packets()) {
    if (p.ethertype != 0x0800 && p.ethertype != 0x86dd) continue;
    Bytes f;
    if (null_header) {
      static const uint32_t kAf6[] = {24, 28, 30, 10};
      const uint32_t af = p.ethertype == 0x0800 ? 2 : kAf6[i++ % 4];
      f.assign(reinterpret_cast<const uint8_t*>(&af), reinterpret_cast<const uint8_t*>(&af) + 4);
    }
    pkt::append(f, p.bytes);
    out.push_back(f);
  }
  return out;
}

// Writes the corpus into dir; returns the files (sample.pcap first).
inline std::vector<CorpusFileSpec> write_client_corpus(const std::string& dir, bool* ok) {
  std::vector<CorpusFileSpec> files = {
      {"sample.pcap", "EN10MB", std::string(WPCAP_TEST_SOURCE_DIR) + "/samples/sample.pcap"},
      {"en10mb.pcap", "EN10MB", dir + "/en10mb.pcap"},
      {"sll.pcap", "LINUX_SLL", dir + "/sll.pcap"},
      {"sll2.pcap", "LINUX_SLL2", dir + "/sll2.pcap"},
      {"raw.pcap", "RAW", dir + "/raw.pcap"},
      {"null.pcap", "NULL", dir + "/null.pcap"},
      {"en10mb.pcapng", "EN10MB", dir + "/en10mb.pcapng"}};
  *ok = write_records(files[1].path, 1, 65535, all_ethernet_frames(), true) &&
        write_records(files[2].path, 113, 262144, cooked_frames(false), false) &&
        write_records(files[3].path, 276, 262144, cooked_frames(true), true) &&
        write_records(files[4].path, 101, 65535, ip_only_frames(false), false) &&
        write_records(files[5].path, 0, 65535, ip_only_frames(true), false) &&
        write_pcapng(files[6].path, 1, all_ethernet_frames());
  return files;
}

}  // namespace wpcap::testing
