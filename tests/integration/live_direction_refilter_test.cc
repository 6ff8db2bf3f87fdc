// live_direction_refilter_test.cc - `inbound`, `outbound` and `ifindex`
// on frames that were already in the ring when pcap_setfilter() ran. Those
// frames are re-filtered in userland, where the program's SKF_AD_PKTTYPE /
// SKF_AD_IFINDEX loads must read the frame's sockaddr_ll and give the
// kernel's answer (libpcap 1.10's userland filter rejects them all).
// Frames sent after setfilter are filtered by the kernel: both must agree.
#include <net/if.h>
#include <poll.h>

#include <set>

#include <gtest/gtest.h>

#include "integration/capture_helpers.h"

namespace wpcap::testing {
namespace {

// Sequence numbers tell the frames apart: out of va (PACKET_OUTGOING on
// va), and into va from vb as unicast to va (PACKET_HOST), broadcast and
// unicast to another MAC (PACKET_OTHERHOST). `round` 0 = before setfilter.
constexpr uint32_t kOut = 100, kHost = 200, kBroadcast = 300, kOther = 400;
constexpr uint32_t kPerKind = 3;

uint32_t seq_of(uint32_t kind, int round, uint32_t i) { return kind + 10 * static_cast<uint32_t>(round) + i; }

// Sends kPerKind frames of each kind; returns how many went out.
int send_round(int round) {
  auto va = mac_of("va");
  auto vb = mac_of("vb");
  std::vector<std::vector<uint8_t>> out, in;
  for (uint32_t i = 0; i < kPerKind; ++i) {
    out.push_back(make_frame(vb.data(), va.data(), seq_of(kOut, round, i), 120));
    in.push_back(make_frame(va.data(), vb.data(), seq_of(kHost, round, i), 120));
    in.push_back(make_frame(kMacBroadcast, vb.data(), seq_of(kBroadcast, round, i), 120));
    in.push_back(make_frame(kMacForeign, vb.data(), seq_of(kOther, round, i), 120));
  }
  return send_frames("va", out) + send_frames("vb", in);
}

std::set<uint32_t> expected(const std::vector<uint32_t>& kinds) {
  std::set<uint32_t> want;
  for (uint32_t kind : kinds) {
    for (int round : {0, 1}) {
      for (uint32_t i = 0; i < kPerKind; ++i) want.insert(seq_of(kind, round, i));
    }
  }
  return want;
}

// Opens va, fills the ring with round 0, installs `expr`, sends round 1 and
// returns the sequence numbers captured.
std::set<uint32_t> capture_with_stale_frames(const std::string& expr, bool immediate) {
  std::set<uint32_t> seqs;
  int status = 0;
  LiveOptions o;
  o.immediate = immediate;
  pcap_t* p = open_live("va", o, &status);
  EXPECT_NE(p, nullptr) << status;
  if (p == nullptr) return seqs;
  EXPECT_EQ(send_round(0), static_cast<int>(4 * kPerKind));
  // The frames are in the ring once the socket polls readable and the
  // kernel has counted them (it counts what it queued to the ring).
  pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 5000), 1);
  pcap_stat st = {};
  EXPECT_EQ(pcap_stats(p, &st), 0);
  EXPECT_GE(st.ps_recv, 4 * kPerKind) << "round 0 is in the ring before the filter";
  bpf_program prog;
  EXPECT_EQ(pcap_compile(p, &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN), 0) << pcap_geterr(p);
  EXPECT_EQ(pcap_setfilter(p, &prog), 0) << pcap_geterr(p);
  pcap_freecode(&prog);
  EXPECT_EQ(send_round(1), static_cast<int>(4 * kPerKind));
  for (const Packet& g : collect(p, 8 * kPerKind + 1, is_test_frame, 1500)) seqs.insert(frame_seq(g.data.data()));
  pcap_close(p);
  return seqs;
}

TEST(LiveDirectionRefilter, OutboundKeepsOnlyFramesSentFromTheDevice) {
  NETNS_OR_SKIP(ns);
  for (bool immediate : {false, true}) {
    EXPECT_EQ(capture_with_stale_frames("outbound", immediate), expected({kOut})) << "immediate=" << immediate;
  }
}

TEST(LiveDirectionRefilter, InboundKeepsEveryReceivedFrame) {
  NETNS_OR_SKIP(ns);
  for (bool immediate : {false, true}) {
    EXPECT_EQ(capture_with_stale_frames("inbound", immediate), expected({kHost, kBroadcast, kOther}))
        << "immediate=" << immediate;
  }
}

TEST(LiveDirectionRefilter, DirectionCombinesWithOtherTests) {
  NETNS_OR_SKIP(ns);
  // `inbound and ether broadcast`: the packet type and a packet byte test.
  EXPECT_EQ(capture_with_stale_frames("inbound and ether broadcast", false), expected({kBroadcast}));
  EXPECT_EQ(capture_with_stale_frames("not inbound", false), expected({kOut}));
}

TEST(LiveDirectionRefilter, IfindexMatchesTheCapturingDevice) {
  NETNS_OR_SKIP(ns);
  const unsigned va = if_nametoindex("va");
  ASSERT_NE(va, 0u);
  EXPECT_EQ(capture_with_stale_frames("ifindex " + std::to_string(va), false),
            expected({kOut, kHost, kBroadcast, kOther}));
  EXPECT_EQ(capture_with_stale_frames("ifindex " + std::to_string(va + 1000), false), std::set<uint32_t>{});
}

}  // namespace
}  // namespace wpcap::testing
