// live_frames.h - test helper (header-only): the fixed set of Ethernet
// frames the real-client live tests inject on one veth end, chosen so the
// peer namespace's kernel answers none of them (foreign IPs and MACs, IPv6
// off there) and so they cover what a capture path can get wrong: sizes
// from 42 to 1514 bytes, broadcast, ARP, an 802.1Q tag the kernel strips
// into metadata, IPv4/UDP and IPv6/ICMPv6 headers, a local ethertype.
//
// Entry points: injected_frames(), kInjectedUdpFrames, kInjectedVlanFrames.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <arpa/inet.h>

namespace wpcap::testing::live {

using Frame = std::vector<uint8_t>;

inline void put16(Frame& f, uint16_t v) {
  f.push_back(static_cast<uint8_t>(v >> 8));
  f.push_back(static_cast<uint8_t>(v));
}

inline void put_mac(Frame& f, const uint8_t* mac) { f.insert(f.end(), mac, mac + 6); }

inline void put_ip4(Frame& f, const std::string& ip) {
  in_addr a{};
  inet_pton(AF_INET, ip.c_str(), &a);
  const auto* b = reinterpret_cast<const uint8_t*>(&a);
  f.insert(f.end(), b, b + 4);
}

inline uint16_t ip_checksum(const uint8_t* p, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t(p[i]) << 8) | p[i + 1];
  if (n & 1) sum += uint32_t(p[n - 1]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

inline const uint8_t kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
inline const uint8_t kForeignMac[6] = {0x02, 0x88, 0xee, 0x00, 0x00, 0x01};
inline const uint8_t kSenderMac[6] = {0x02, 0x88, 0xee, 0x00, 0x00, 0x02};

// ARP request "who-has target tell sender" (42 bytes, no padding).
inline Frame arp_request(const std::string& sender_ip, const std::string& target_ip) {
  Frame f;
  put_mac(f, kBroadcast);
  put_mac(f, kSenderMac);
  put16(f, 0x0806);
  put16(f, 1);
  put16(f, 0x0800);
  f.push_back(6);
  f.push_back(4);
  put16(f, 1);
  put_mac(f, kSenderMac);
  put_ip4(f, sender_ip);
  f.insert(f.end(), 6, 0);
  put_ip4(f, target_ip);
  return f;
}

// IPv4/UDP to a foreign MAC; optional 802.1Q tag; total frame `size`.
inline Frame udp4(const std::string& src, const std::string& dst, uint16_t sport, uint16_t dport, size_t size,
                  int vlan = -1) {
  Frame f;
  put_mac(f, kForeignMac);
  put_mac(f, kSenderMac);
  if (vlan >= 0) {
    put16(f, 0x8100);
    put16(f, static_cast<uint16_t>(vlan));
  }
  put16(f, 0x0800);
  size_t ip_off = f.size();
  size_t ip_len = size - ip_off;
  f.push_back(0x45);
  f.push_back(0);
  put16(f, static_cast<uint16_t>(ip_len));
  put16(f, static_cast<uint16_t>(0x1000 + size));  // id
  put16(f, 0x4000);                                // DF
  f.push_back(64);
  f.push_back(17);
  put16(f, 0);
  put_ip4(f, src);
  put_ip4(f, dst);
  uint16_t c = ip_checksum(f.data() + ip_off, 20);
  f[ip_off + 10] = static_cast<uint8_t>(c >> 8);
  f[ip_off + 11] = static_cast<uint8_t>(c);
  put16(f, sport);
  put16(f, dport);
  put16(f, static_cast<uint16_t>(ip_len - 20));
  put16(f, 0);  // no UDP checksum (legal for IPv4)
  while (f.size() < size) f.push_back(static_cast<uint8_t>('A' + f.size() % 26));
  return f;
}

// IPv6 ICMPv6 echo request to a foreign MAC (payload unchecked by tcpdump -nn).
inline Frame icmp6_echo(size_t size) {
  Frame f;
  put_mac(f, kForeignMac);
  put_mac(f, kSenderMac);
  put16(f, 0x86dd);
  size_t plen = size - 14 - 40;
  f.insert(f.end(), {0x60, 0, 0, 0});
  put16(f, static_cast<uint16_t>(plen));
  f.push_back(58);
  f.push_back(64);
  const uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const uint8_t dst[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  f.insert(f.end(), src, src + 16);
  f.insert(f.end(), dst, dst + 16);
  f.insert(f.end(), {128, 0, 0, 0});  // echo request, checksum left 0
  put16(f, 0x77);
  put16(f, 1);
  while (f.size() < size) f.push_back(static_cast<uint8_t>(f.size()));
  return f;
}

// A local-experimental-ethertype frame carrying a sequence number.
inline Frame local_frame(uint32_t seq, size_t size) {
  Frame f;
  put_mac(f, kBroadcast);
  put_mac(f, kSenderMac);
  put16(f, 0x88b5);
  for (int i = 3; i >= 0; --i) f.push_back(static_cast<uint8_t>(seq >> (8 * i)));
  while (f.size() < size) f.push_back(static_cast<uint8_t>(f.size() ^ seq));
  return f;
}

constexpr int kInjectedUdpFrames = 6;   // udp4() frames in injected_frames()
constexpr int kInjectedVlanFrames = 3;  // of which carry vlan 5

// The fixed injected set (17 frames), in sending order.
inline std::vector<Frame> injected_frames() {
  std::vector<Frame> v;
  v.push_back(arp_request("10.99.0.1", "10.99.0.7"));
  v.push_back(udp4("10.99.0.1", "10.99.0.2", 5000, 53, 60));
  v.push_back(local_frame(1, 64));
  v.push_back(udp4("10.99.0.1", "10.99.0.2", 5001, 9, 100, 5));
  v.push_back(icmp6_echo(118));
  v.push_back(udp4("10.99.0.3", "10.99.0.4", 5002, 9, 1514));
  v.push_back(local_frame(2, 1514));
  v.push_back(udp4("10.99.0.1", "10.99.0.2", 5003, 9, 1000, 5));
  v.push_back(arp_request("10.99.0.1", "10.99.0.8"));
  v.push_back(local_frame(3, 300));
  v.push_back(udp4("10.99.0.1", "10.99.0.2", 5004, 9, 64, 0x2005));  // priority 1, vlan 5
  v.push_back(icmp6_echo(62));
  v.push_back(local_frame(4, 42));
  v.push_back(udp4("10.99.0.5", "10.99.0.2", 5005, 123, 90));
  v.push_back(local_frame(5, 1200));
  v.push_back(arp_request("10.99.0.2", "10.99.0.1"));
  v.push_back(local_frame(6, 61));
  return v;
}

}  // namespace wpcap::testing::live
