// tests/tools/frame_builder_test.cc - frames of `wpcap gen` (frame_builder.h).
//
// The RFC 1071 checksum on known vectors, and every builder checked two
// ways: by the independent verifier in frame_check.h (lengths, checksums)
// and by the decoder's summary text (fields land where they belong).
#include "frame_builder.h"

#include <gtest/gtest.h>

#include <vector>

#include "decode.h"
#include "tools/frame_check.h"
#include "tools/hex.h"

namespace wpcap::tool {
namespace {

using fixtures::check_frame;
using fixtures::from_hex;

TEST(ChecksumTest, Rfc1071Vectors) {
  EXPECT_EQ(internet_checksum(from_hex("0001 f203 f4f5 f6f7")), 0x220d);
  EXPECT_EQ(internet_checksum(from_hex("")), 0xffff);
  EXPECT_EQ(internet_checksum(from_hex("ff")), 0x00ff);  // odd length pads with zero
  // An IPv4 header whose checksum field is filled sums to zero.
  EXPECT_EQ(internet_checksum(from_hex("4500 0073 0000 4000 4011 b861 c0a80001 c0a800c7")), 0);
  // Incremental sums over pieces equal one sum over the whole.
  std::vector<uint8_t> data(1001);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 3);
  uint32_t part = checksum_add(checksum_add(0, {data.data(), 500}), {data.data() + 500, 501});
  EXPECT_EQ(checksum_finish(part), internet_checksum(data));
}

IpAddr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  IpAddr ip;
  ip.b[0] = a, ip.b[1] = b, ip.b[2] = c, ip.b[3] = d;
  return ip;
}

IpAddr v6(uint8_t last) {
  IpAddr ip;
  ip.v6 = true;
  ip.b = {0x20, 0x01, 0x0d, 0xb8};
  ip.b[15] = last;
  return ip;
}

const Mac kA = {2, 0, 0, 0, 0, 0xa};
const Mac kB = {2, 0, 0, 0, 0, 0xb};
const std::string kAb = "02:00:00:00:00:0a > 02:00:00:00:00:0b, ";

struct Built {
  std::vector<uint8_t> frame;
  std::string summary;
};

Built finish(const uint8_t* buf, size_t n) {
  Built b{std::vector<uint8_t>(buf, buf + n), ""};
  b.summary = packet_summary(1, b.frame);
  return b;
}

TEST(FrameBuilderTest, TcpSynWithOptions) {
  uint8_t buf[kMaxFrame];
  TcpSpec t{40000, 443, 1000, 0, tcp_flag::kSyn, 64240, 77, 0, 1460};
  Built b = finish(buf, build_tcp(buf, {kA, kB, 0}, {v4(10, 0, 0, 1), v4(10, 0, 0, 2)}, t, {}));
  EXPECT_EQ(b.frame.size(), 74u);  // 14 + 20 + 40
  auto fi = check_frame(b.frame);
  EXPECT_TRUE(fi.ok) << fi.error;
  EXPECT_EQ(b.summary, kAb + "IPv4 10.0.0.1.40000 > 10.0.0.2.443 TCP [S] seq 1000 win 64240 payload 0");
}

TEST(FrameBuilderTest, TcpDataIpv6Vlan) {
  uint8_t buf[kMaxFrame];
  std::vector<uint8_t> payload(1428, 0x5a);
  TcpSpec t{443, 40000, 5, 9, tcp_flag::kAck | tcp_flag::kPsh, 509, 1, 2, 0};
  L3Spec l3{v6(1), v6(2), 55, 0, 0x12345, true};
  Built b = finish(buf, build_tcp(buf, {kA, kB, 20}, l3, t, payload));
  EXPECT_EQ(b.frame.size(), 1518u);  // 14 + 4 + 40 + 32 + 1428
  auto fi = check_frame(b.frame);
  EXPECT_TRUE(fi.ok) << fi.error;
  EXPECT_TRUE(fi.vlan && fi.ipv6);
  EXPECT_EQ(fi.l4_payload, 1428u);
  EXPECT_EQ(b.summary,
            kAb + "vlan 20, IPv6 2001:db8::1.443 > 2001:db8::2.40000 TCP [P.] seq 5 ack 9 win 509 payload 1428");
}

TEST(FrameBuilderTest, UdpOddPayloadIpv4AndIpv6) {
  uint8_t buf[kMaxFrame];
  std::vector<uint8_t> payload = from_hex("0102030405");
  Built b4 = finish(buf, build_udp(buf, {kA, kB, 0}, {v4(10, 0, 0, 1), v4(10, 0, 0, 2)}, 5353, 53, payload));
  EXPECT_EQ(b4.frame.size(), 60u);  // padded
  EXPECT_TRUE(check_frame(b4.frame).ok) << check_frame(b4.frame).error;
  EXPECT_EQ(b4.summary, kAb + "IPv4 10.0.0.1.5353 > 10.0.0.2.53 UDP length 5");
  Built b6 = finish(buf, build_udp(buf, {kA, kB, 0}, {v6(1), v6(2)}, 5353, 53, payload));
  EXPECT_EQ(b6.frame.size(), 67u);
  EXPECT_TRUE(check_frame(b6.frame).ok) << check_frame(b6.frame).error;
  EXPECT_EQ(b6.summary, kAb + "IPv6 2001:db8::1.5353 > 2001:db8::2.53 UDP length 5");
}

TEST(FrameBuilderTest, IcmpEchoBothFamilies) {
  uint8_t buf[kMaxFrame];
  std::vector<uint8_t> payload(56, 0x11);
  Built req = finish(buf, build_icmp_echo(buf, {kA, kB, 0}, {v4(10, 0, 0, 1), v4(10, 0, 0, 2)}, false, 7, 1, payload));
  EXPECT_EQ(req.frame.size(), 98u);
  EXPECT_TRUE(check_frame(req.frame).ok) << check_frame(req.frame).error;
  EXPECT_EQ(req.summary, kAb + "IPv4 10.0.0.1 > 10.0.0.2 ICMP echo request id 7 seq 1");
  Built rep = finish(buf, build_icmp_echo(buf, {kA, kB, 0}, {v6(2), v6(1)}, true, 7, 1, payload));
  EXPECT_EQ(rep.frame.size(), 118u);
  EXPECT_TRUE(check_frame(rep.frame).ok) << check_frame(rep.frame).error;
  EXPECT_EQ(rep.summary, kAb + "IPv6 2001:db8::2 > 2001:db8::1 ICMPv6 echo reply id 7 seq 1");
}

TEST(FrameBuilderTest, ArpRequestAndReply) {
  uint8_t buf[kMaxFrame];
  const Mac bcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  Built req = finish(buf, build_arp(buf, {kA, bcast, 0}, 1, kA, v4(10, 0, 0, 1), Mac{}, v4(10, 0, 0, 2)));
  EXPECT_EQ(req.frame.size(), 60u);
  EXPECT_TRUE(check_frame(req.frame).arp);
  EXPECT_EQ(req.summary, "02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ARP who-has 10.0.0.2 tell 10.0.0.1");
  Built rep = finish(buf, build_arp(buf, {kB, kA, 7}, 2, kB, v4(10, 0, 0, 2), kA, v4(10, 0, 0, 1)));
  EXPECT_EQ(rep.summary, "02:00:00:00:00:0b > 02:00:00:00:00:0a, vlan 7, ARP 10.0.0.2 is-at 02:00:00:00:00:0b");
}

// Flipping any byte of the transport segment must break the checksum.
TEST(FrameBuilderTest, VerifierCatchesCorruption) {
  uint8_t buf[kMaxFrame];
  std::vector<uint8_t> payload(100, 0x33);
  TcpSpec t{1, 2, 3, 4, tcp_flag::kAck, 5, 6, 7, 0};
  size_t n = build_tcp(buf, {kA, kB, 0}, {v4(10, 0, 0, 1), v4(10, 0, 0, 2)}, t, payload);
  for (size_t i = 14; i < n; i += 7) {
    std::vector<uint8_t> f(buf, buf + n);
    f[i] ^= 0x01;
    EXPECT_FALSE(check_frame(f).ok) << "byte " << i;
  }
}

}  // namespace
}  // namespace wpcap::tool
