// tests/tools/decode_test.cc - the `wpcap read` packet decoder (decode.h).
//
// Table-driven: hex frames per link type -> expected summary text, frames
// cut short -> "[|proto]" markers, and every prefix of every frame decoded
// from an exactly-sized heap copy (ASan builds catch any read past caplen).
#include "decode.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tools/hex.h"

namespace wpcap::tool {
namespace {

using fixtures::from_hex;

// Frame pieces, named for readability.
const std::string kEth = "020000000002 020000000001 ";  // dst, src
const std::string kIpTcp = "4500 0028 0001 4000 4006 0000 0a000001 0a000002 ";
const std::string kTcpSyn = "3039 0050 00000001 00000000 5002 7210 0000 0000";
const std::string kSynText = "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [S] seq 1 win 29200 payload 0";
const std::string kMacs = "02:00:00:00:00:01 > 02:00:00:00:00:02, ";
const std::string kIp6Icmp =
    "6000 0000 0010 3a40 fe800000000000000000000000000001 fe800000000000000000000000000002 "
    "8000 0000 0007 0001 0102030405060708";
const std::string kIp6IcmpText = "IPv6 fe80::1 > fe80::2 ICMPv6 echo request id 7 seq 1";

struct Case {
  const char* name;
  int dlt;
  std::string hex;
  std::string want;
};

std::vector<Case> cases() {
  return {
      {"tcp_syn", 1, kEth + "0800" + kIpTcp + kTcpSyn, kMacs + kSynText},
      {"tcp_psh_ack_options", 1,
       kEth + "0800 4500 0038 0002 4000 4006 0000 0a000002 0a000001 "
              "0050 3039 00000064 00000002 8018 01f5 0000 0000 0101080a 00000001 00000002 deadbeef",
       kMacs + "IPv4 10.0.0.2.80 > 10.0.0.1.12345 TCP [P.] seq 100 ack 2 win 501 payload 4"},
      {"tcp_ack_ethernet_padding", 1,
       kEth + "0800" + kIpTcp + "3039 0050 00000001 00000005 5010 0100 0000 0000 000000000000",
       kMacs + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [.] seq 1 ack 5 win 256 payload 0"},
      {"tcp_fin_ack", 1, kEth + "0800" + kIpTcp + "3039 0050 00000009 00000005 5011 0100 0000 0000",
       kMacs + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [F.] seq 9 ack 5 win 256 payload 0"},
      {"tcp_rst", 1, kEth + "0800" + kIpTcp + "3039 0050 00000009 00000000 5004 0000 0000 0000",
       kMacs + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [R] seq 9 win 0 payload 0"},
      {"tcp_no_flags", 1, kEth + "0800" + kIpTcp + "3039 0050 00000009 00000000 5000 0000 0000 0000",
       kMacs + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [none] seq 9 win 0 payload 0"},
      {"tcp_syn_ece_cwr", 1, kEth + "0800" + kIpTcp + "3039 0050 00000001 00000000 50c2 7210 0000 0000",
       kMacs + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [SEW] seq 1 win 29200 payload 0"},
      {"tcp_bad_data_offset", 1, kEth + "0800" + kIpTcp + "3039 0050 00000001 00000000 f002 7210 0000 0000",
       kMacs + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [S] seq 1 win 29200 bad data offset"},
      {"vlan_udp", 1,
       kEth + "8100 0064 0800 4500 001e 0000 0000 4011 0000 c0a80101 c0a80102 04d2 0035 000a 0000 6162",
       kMacs + "vlan 100, IPv4 192.168.1.1.1234 > 192.168.1.2.53 UDP length 2"},
      {"ipv4_options_udp", 1,
       kEth + "0800 4600 0022 0000 0000 4011 0000 c0a80101 c0a80102 01010100 04d2 0035 000a 0000 6162",
       kMacs + "IPv4 192.168.1.1.1234 > 192.168.1.2.53 UDP length 2"},
      {"qinq_arp_request", 1,
       kEth + "88a8 000a 8100 2014 0806 0001 0800 0604 0001 020000000001 0a000001 000000000000 0a000002",
       kMacs + "vlan 10, vlan 20 p 1, ARP who-has 10.0.0.2 tell 10.0.0.1"},
      {"arp_reply", 1, kEth + "0806 0001 0800 0604 0002 020000000002 0a000002 020000000001 0a000001",
       kMacs + "ARP 10.0.0.2 is-at 02:00:00:00:00:02"},
      {"arp_not_ipv4", 1, kEth + "0806 0006 0800 0604 0003", kMacs + "ARP op 3"},
      {"ipv6_icmp6_echo", 1, kEth + "86dd" + kIp6Icmp, kMacs + kIp6IcmpText},
      {"ipv6_hop_by_hop_udp", 1,
       kEth + "86dd 6000 0000 0012 0001 20010db8000000000000000000000001 20010db8000000000000000000000002 "
              "1100 0000 00000000 1389 1388 000a 0000 6869",
       kMacs + "IPv6 2001:db8::1.5001 > 2001:db8::2.5000 UDP length 2"},
      {"ipv6_neighbor_solicitation", 1,
       kEth + "86dd 6000 0000 0018 3aff fe800000000000000000000000000001 ff0200000000000000000001ff000002 "
              "8700 0000 00000000 fe800000000000000000000000000002",
       kMacs + "IPv6 fe80::1 > ff02::1:ff00:2 ICMPv6 neighbor solicitation who-has fe80::2"},
      {"ipv6_fragment", 1,
       kEth + "86dd 6000 0000 0010 2c40 20010db8000000000000000000000001 20010db8000000000000000000000002 "
              "1100 05a8 00000001 0000000000000000",
       kMacs + "IPv6 2001:db8::1 > 2001:db8::2 frag offset 1448"},
      {"icmp_unreachable", 1, kEth + "0800 4500 001c 0000 0000 4001 0000 0a000001 0a000002 0301 0000 00000000",
       kMacs + "IPv4 10.0.0.1 > 10.0.0.2 ICMP unreachable type 3 code 1"},
      {"icmp_echo_reply", 1, kEth + "0800 4500 001c 0000 0000 4001 0000 0a000001 0a000002 0000 0000 1234 0005",
       kMacs + "IPv4 10.0.0.1 > 10.0.0.2 ICMP echo reply id 4660 seq 5"},
      {"ipv4_fragment", 1, kEth + "0800 4500 0024 0001 00b9 4011 0000 0a000001 0a000002 0000000000000000 00000000",
       kMacs + "IPv4 10.0.0.1 > 10.0.0.2 frag offset 1480 proto 17"},
      {"ipv4_gre", 1, kEth + "0800 4500 0018 0000 0000 402f 0000 0a000001 0a000002 00000800",
       kMacs + "IPv4 10.0.0.1 > 10.0.0.2 proto 47"},
      {"ipv4_bad_ihl", 1, kEth + "0800 4400 0028 0001 4000 4006 0000 0a000001 0a000002", kMacs + "IPv4 bad header"},
      {"lldp", 1, kEth + "88cc 0204 0401 0203", kMacs + "ethertype 0x88cc"},
      {"ieee8023_length", 1, kEth + "0026 4242 0300", "02:00:00:00:00:01 > 02:00:00:00:00:02, 802.3 length 38"},
      {"sll_in", 113, "0000 0001 0006 020000000001 0000 0800" + kIpTcp + kTcpSyn,
       "In 02:00:00:00:00:01, " + kSynText},
      {"sll_odd_pkttype_no_address", 113, "0007 0001 0000 0000000000000000 0800" + kIpTcp + kTcpSyn,
       "pkttype 7, " + kSynText},
      {"sll_unknown_proto", 113, "0004 0001 0006 020000000001 0000 0004 4242", "Out 02:00:00:00:00:01, ethertype 0x0004"},
      {"sll2_out", 276, "0800 0000 00000002 0001 04 06 020000000001 0000" + kIpTcp + kTcpSyn,
       "ifindex 2 Out 02:00:00:00:00:01, " + kSynText},
      {"null_little_endian", 0, "02000000" + kIpTcp + kTcpSyn, kSynText},
      {"null_big_endian", 0, "00000002" + kIpTcp + kTcpSyn, kSynText},
      {"null_unknown_family", 0, "07000000 4242", "family 7"},
      {"loop_darwin_ipv6", 108, "0000001e" + kIp6Icmp, kIp6IcmpText},
      {"raw_ipv4", 12, kIpTcp + kTcpSyn, kSynText},
      {"linktype_raw_ipv6", 101, kIp6Icmp, kIp6IcmpText},
      {"raw_bad_version", 12, "5000", "ip version 5"},
      {"dlt_ipv4", 228, kIpTcp + kTcpSyn, kSynText},
      {"dlt_ipv6", 229, kIp6Icmp, kIp6IcmpText},
      {"unknown_dlt", 147, "0102", "link-type 147 not decoded"},
      // Truncated captures.
      {"trunc_ether", 1, "0200000000020200", "[|ether]"},
      {"trunc_vlan", 1, kEth + "8100 00", "02:00:00:00:00:01 > 02:00:00:00:00:02 [|vlan]"},
      {"trunc_ip", 1, kEth + "0800 4500 0028 0001", kMacs + "IPv4 [|ip]"},
      {"trunc_tcp_no_ports", 1, kEth + "0800" + kIpTcp + "3039", kMacs + "IPv4 10.0.0.1 > 10.0.0.2 TCP [|tcp]"},
      {"trunc_tcp_ports", 1, kEth + "0800" + kIpTcp + "3039 0050 0000",
       kMacs + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [|tcp]"},
      {"trunc_udp", 1, kEth + "0800 4500 001e 0000 0000 4011 0000 c0a80101 c0a80102 04d2 0035",
       kMacs + "IPv4 192.168.1.1.1234 > 192.168.1.2.53 UDP [|udp]"},
      {"trunc_ip6", 1, kEth + "86dd 6000 0000 0010 3a40 fe80", kMacs + "IPv6 [|ip6]"},
      {"trunc_arp", 1, kEth + "0806 0001 0800 0604 0001 0200", kMacs + "ARP [|arp]"},
      {"trunc_sll", 113, "0000 0001 0006 0200", "[|sll]"},
      {"trunc_sll2", 276, "0800 0000 0000", "[|sll2]"},
      {"trunc_null", 0, "0200", "[|null]"},
      {"empty_raw", 12, "", "[|ip]"},
  };
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class DecodeTest : public ::testing::TestWithParam<Case> {};

TEST_P(DecodeTest, Summary) {
  const Case& c = GetParam();
  std::vector<uint8_t> bytes = from_hex(c.hex);
  EXPECT_EQ(packet_summary(c.dlt, bytes), c.want);
}

// Every prefix of every frame, from a heap buffer of exactly that size:
// decoding must stay inside it and always say something.
TEST_P(DecodeTest, EveryPrefixStaysInBounds) {
  const Case& c = GetParam();
  std::vector<uint8_t> bytes = from_hex(c.hex);
  for (size_t n = 0; n <= bytes.size(); ++n) {
    std::unique_ptr<uint8_t[]> exact(new uint8_t[n == 0 ? 1 : n]);
    std::copy(bytes.begin(), bytes.begin() + n, exact.get());
    std::string s = packet_summary(c.dlt, {exact.get(), n});
    EXPECT_FALSE(s.empty()) << "prefix " << n;
  }
}

INSTANTIATE_TEST_SUITE_P(Frames, DecodeTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

// Deterministic mutation fuzzing: every case frame under every decoder link
// type, with random byte flips and random cuts, from exactly-sized buffers.
TEST(DecodeTest, MutatedFramesStayInBounds) {
  const int kDlts[] = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276};
  uint64_t state = 0x9e3779b97f4a7c15ULL;
  auto rnd = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  size_t decoded = 0;
  for (const Case& c : cases()) {
    std::vector<uint8_t> base = from_hex(c.hex);
    for (int iter = 0; iter < 300; ++iter) {
      std::vector<uint8_t> m = base;
      for (int flips = static_cast<int>(rnd() % 4); flips > 0 && !m.empty(); --flips) {
        m[rnd() % m.size()] = static_cast<uint8_t>(rnd());
      }
      size_t n = m.empty() ? 0 : rnd() % (m.size() + 1);
      std::unique_ptr<uint8_t[]> exact(new uint8_t[n == 0 ? 1 : n]);
      std::copy(m.begin(), m.begin() + static_cast<long>(n), exact.get());
      int dlt = kDlts[rnd() % std::size(kDlts)];
      EXPECT_FALSE(packet_summary(dlt, {exact.get(), n}).empty());
      ++decoded;
    }
  }
  EXPECT_GT(decoded, 10000u);
}

TEST(DecodeTest, AppendsToExistingText) {
  std::string line = "prefix ";
  append_packet_summary(line, 12, from_hex(kIpTcp + kTcpSyn));
  EXPECT_EQ(line, "prefix " + kSynText);
  line = "prefix";
  append_packet_summary(line, 1, from_hex("0200"));
  EXPECT_EQ(line, "prefix[|ether]");
}

struct TimeCase {
  int64_t sec;
  uint32_t frac;
  bool nano;
  const char* want;
};

TEST(TimestampTest, FormatsUtc) {
  const TimeCase kCases[] = {
      {0, 0, false, "1970-01-01 00:00:00.000000"},
      {1704067200, 5, false, "2024-01-01 00:00:00.000005"},
      {1704067200, 5, true, "2024-01-01 00:00:00.000000005"},
      {1704067261, 999999, false, "2024-01-01 00:01:01.999999"},
      {1709210096, 123456789, true, "2024-02-29 12:34:56.123456789"},
      {4294967295, 999999, false, "2106-02-07 06:28:15.999999"},
  };
  for (const TimeCase& c : kCases) {
    std::string s;
    append_timestamp(s, c.sec, c.frac, c.nano);
    EXPECT_EQ(s, c.want) << c.sec << "." << c.frac;
  }
}

TEST(LinkTypeNameTest, KnownAndUnknown) {
  EXPECT_EQ(link_type_name(0), "NULL");
  EXPECT_EQ(link_type_name(1), "EN10MB");
  EXPECT_EQ(link_type_name(12), "RAW");
  EXPECT_EQ(link_type_name(101), "RAW");
  EXPECT_EQ(link_type_name(108), "LOOP");
  EXPECT_EQ(link_type_name(113), "LINUX_SLL");
  EXPECT_EQ(link_type_name(228), "IPV4");
  EXPECT_EQ(link_type_name(229), "IPV6");
  EXPECT_EQ(link_type_name(276), "LINUX_SLL2");
  EXPECT_EQ(link_type_name(147), "");
}

}  // namespace
}  // namespace wpcap::tool
