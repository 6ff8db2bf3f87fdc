// tests/tools/traffic_test.cc - the traffic model of `wpcap gen` (traffic.h).
//
// Same seed => same frames and times; times strictly increase from the
// epoch; every frame passes the independent verifier; TCP flows start with
// a SYN and their sequence numbers are continuous; the mix has what real
// uplink traffic has (many ACK-sized and full-size frames, some mid-size,
// VLAN, IPv6, DNS, RTP, ICMP, ARP).
#include "traffic.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "tools/frame_check.h"

namespace wpcap::tool {
namespace {

using fixtures::check_frame;
using fixtures::FrameInfo;

TEST(TrafficTest, SameSeedSameFramesOtherSeedOtherFrames) {
  TrafficGenerator a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 5000; ++i) {
    GenPacket pa = a.next();
    std::vector<uint8_t> fa(pa.data.begin(), pa.data.end());
    GenPacket pb = b.next();
    ASSERT_EQ(pa.ts_ns, pb.ts_ns) << i;
    ASSERT_EQ(fa, std::vector<uint8_t>(pb.data.begin(), pb.data.end())) << i;
    GenPacket pc = c.next();
    differs |= pc.ts_ns != pa.ts_ns || fa != std::vector<uint8_t>(pc.data.begin(), pc.data.end());
  }
  EXPECT_TRUE(differs);
}

TEST(TrafficTest, TimestampsStrictlyIncreaseFromEpoch) {
  TrafficGenerator g(1);
  uint64_t last = kTrafficEpochSec * 1000000000ULL;
  for (int i = 0; i < 20000; ++i) {
    uint64_t ts = g.next().ts_ns;
    ASSERT_GE(ts, last + 1000) << i;  // >= 1 us apart: distinct even at us precision
    last = ts;
  }
  EXPECT_LT(last, (kTrafficEpochSec + 3600) * 1000000000ULL);
}

using FlowKey = std::tuple<std::string, std::string, uint16_t, uint16_t>;

// Every frame is valid; per TCP direction the first segment is a SYN (or
// SYN-ACK) and each later seq follows from the previous one.
TEST(TrafficTest, FramesValidAndTcpFlowsCoherent) {
  TrafficGenerator g(3);
  std::map<FlowKey, uint32_t> next_seq;
  int flows = 0, checked = 0;
  for (int i = 0; i < 30000; ++i) {
    GenPacket p = g.next();
    FrameInfo fi = check_frame(p.data);
    ASSERT_TRUE(fi.ok) << "frame " << i << ": " << fi.error;
    if (fi.proto != 6) continue;
    FlowKey key{fi.src, fi.dst, fi.sport, fi.dport};
    bool syn = fi.tcp_flags & 0x02, fin = fi.tcp_flags & 0x01;
    auto it = next_seq.find(key);
    if (syn) {
      ASSERT_TRUE(it == next_seq.end()) << "SYN on a known flow, frame " << i;
      ++flows;
    } else {
      ASSERT_TRUE(it != next_seq.end()) << "segment before SYN, frame " << i;
      ASSERT_EQ(fi.seq, it->second) << "frame " << i;
      ++checked;
    }
    next_seq[key] = fi.seq + static_cast<uint32_t>(fi.l4_payload) + (syn || fin ? 1 : 0);
  }
  EXPECT_GT(flows, 20);
  EXPECT_GT(checked, 10000);
}

TEST(TrafficTest, MixLooksLikeRealTraffic) {
  TrafficGenerator g(1);
  const int n = 100000;
  int small = 0, mid = 0, large = 0, vlan = 0, v6 = 0, arp = 0, icmp = 0, dns = 0, rtp = 0, syn = 0, fin = 0, rst = 0;
  for (int i = 0; i < n; ++i) {
    GenPacket p = g.next();
    FrameInfo fi = check_frame(p.data);
    size_t len = p.data.size();
    (len <= 100 ? small : len >= 1400 ? large : mid)++;
    vlan += fi.vlan;
    v6 += fi.ipv6;
    arp += fi.arp;
    icmp += fi.proto == 1 || fi.proto == 58;
    dns += fi.proto == 17 && (fi.sport == 53 || fi.dport == 53);
    rtp += fi.proto == 17 && fi.l4_payload == 172 && fi.sport % 2 == 0 && fi.dport % 2 == 0;
    syn += fi.proto == 6 && (fi.tcp_flags & 0x02);
    fin += fi.proto == 6 && (fi.tcp_flags & 0x01);
    rst += fi.proto == 6 && (fi.tcp_flags & 0x04);
  }
  auto pct = [&](int x) { return 100.0 * x / n; };
  EXPECT_GT(pct(small), 25);
  EXPECT_LT(pct(small), 60);
  EXPECT_GT(pct(large), 30);
  EXPECT_LT(pct(large), 70);
  EXPECT_GT(pct(mid), 8);
  EXPECT_GT(pct(vlan), 3);
  EXPECT_LT(pct(vlan), 30);
  EXPECT_GT(pct(v6), 5);
  EXPECT_LT(pct(v6), 50);
  EXPECT_GT(arp, 50);
  EXPECT_GT(icmp, 50);
  EXPECT_GT(dns, 100);
  EXPECT_GT(rtp, 1000);
  EXPECT_GT(syn, 200);
  EXPECT_GT(fin, 200);
  EXPECT_GT(rst, 5);
}

}  // namespace
}  // namespace wpcap::tool
