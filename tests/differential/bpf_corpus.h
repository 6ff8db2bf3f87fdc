// bpf_corpus.h - the packet corpus for BPF differential runs: common
// Ethernet frames (IPv4/IPv6 TCP/UDP/ICMP, ARP, 802.1Q and QinQ), then the
// same frames truncated (caplen < len), tiny and empty buffers, a jumbo
// frame and random bytes. Entry point: bpf_corpus().
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace wpcap::testing {

struct CorpusPacket {
  std::string name;
  std::vector<u_char> bytes;  // the captured part (caplen = size)
  u_int wirelen;
};

inline std::vector<u_char> from_hex(const std::string& hex) {
  std::vector<u_char> out;
  int hi = -1;
  for (char c : hex) {
    int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (v < 0) continue;
    if (hi < 0) { hi = v; } else { out.push_back(static_cast<u_char>(hi << 4 | v)); hi = -1; }
  }
  return out;
}

inline std::vector<CorpusPacket> bpf_corpus() {
  const std::string eth = "001122334455 66778899aabb";
  const std::string ip4_tcp_syn =
      "0800 4500 0028 1234 4000 4006 0000 0a010203 0a040506 "
      "3039 0050 00000001 00000000 5002 ffff 0000 0000";
  const std::string ip4_tcp_opts =
      "0800 4600 0034 1234 4000 4006 0000 0a010203 c0a80001 01010101 "
      "01bb 1f90 00000001 00000002 8012 ffff 0000 0000 020405b4 01030307";
  const std::string ip4_udp =
      "0800 4500 0024 0001 0000 4011 0000 c0a80001 0a010203 "
      "04d2 0035 0010 0000 deadbeef cafebabe";
  const std::string ip4_frag =
      "0800 4500 0024 0001 2005 4011 0000 c0a80001 0a010203 04d2 0035 0010 0000 00000000 00000000";
  const std::string ip4_icmp =
      "0800 4500 001c 0002 0000 4001 0000 0a010203 0a040506 0800 f7ff 0000 0000";
  const std::string ip6_udp =
      "86dd 6000 0000 0010 1140 20010db8000000000000000000000001 20010db8000000000000000000000002 "
      "07d0 07d1 0010 0000 0102030405060708";
  const std::string ip6_tcp =
      "86dd 6000 0000 0014 0640 fe800000000000000000000000000001 ff020000000000000000000000000001 "
      "0050 c000 00000001 00000000 5010 1000 0000 0000";
  const std::string arp =
      "0806 0001 0800 0604 0001 66778899aabb 0a010203 000000000000 0a040506";
  const std::string vlan_ip4_udp = "8100 2064 " + ip4_udp;
  const std::string qinq_ip6_udp = "88a8 0005 8100 0064 " + ip6_udp;
  const std::string vlan_ip6_udp = "8100 0fff " + ip6_udp;

  std::vector<CorpusPacket> out;
  auto add = [&](const std::string& name, const std::string& hex) {
    std::vector<u_char> b = from_hex(hex);
    out.push_back({name, b, static_cast<u_int>(b.size())});
  };
  add("ip4_tcp_syn", eth + ip4_tcp_syn);
  add("ip4_tcp_opts", eth + ip4_tcp_opts);
  add("ip4_udp", eth + ip4_udp);
  add("ip4_frag", eth + ip4_frag);
  add("ip4_icmp", eth + ip4_icmp);
  add("ip6_udp", eth + ip6_udp);
  add("ip6_tcp", eth + ip6_tcp);
  add("arp", eth + arp);
  add("vlan_ip4_udp", eth + vlan_ip4_udp);
  add("qinq_ip6_udp", eth + qinq_ip6_udp);
  add("vlan_ip6_udp", eth + vlan_ip6_udp);
  add("raw_ip4_tcp", ip4_tcp_syn.substr(5));  // DLT_RAW: no link header
  const size_t full = out.size();
  // Truncated captures: caplen < wirelen, cut inside each header.
  for (size_t i = 0; i < full; ++i) {
    for (size_t cut : {size_t{1}, size_t{13}, size_t{14}, size_t{20}, size_t{34}, size_t{38}, size_t{54}}) {
      if (cut >= out[i].bytes.size()) continue;
      CorpusPacket t = out[i];
      t.name += "_cut" + std::to_string(cut);
      t.bytes.resize(cut);
      out.push_back(t);
    }
  }
  out.push_back({"empty", {}, 0});
  out.push_back({"empty_wire_60", {}, 60});
  out.push_back({"one_byte", {0x45}, 1});
  std::mt19937 rng(7);
  std::vector<u_char> jumbo(9000);
  for (auto& b : jumbo) b = static_cast<u_char>(rng());
  out.push_back({"jumbo_random", jumbo, 9000});
  std::vector<u_char> noise(96);
  for (auto& b : noise) b = static_cast<u_char>(rng());
  out.push_back({"random96", noise, 1514});
  return out;
}

}  // namespace wpcap::testing
