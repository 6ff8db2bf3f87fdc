// live_npcap_test.cc - the Npcap extensions that map onto the Linux ring:
// pcap_setbuff() rebuilds the ring (dropping what was queued and the
// counters, as Npcap's driver does), pcap_setmintocopy() is accepted, and
// pcap_getevent() gives a pollable descriptor that signals packets.
#include <gtest/gtest.h>

#include "integration/capture_helpers.h"

namespace wpcap::testing {
namespace {

std::vector<std::vector<uint8_t>> frames_to_va(int n) {
  std::vector<std::vector<uint8_t>> out;
  auto dst = mac_of("va");
  auto src = mac_of("vb");
  for (int i = 0; i < n; ++i) out.push_back(make_frame(dst.data(), src.data(), i, 120));
  return out;
}

TEST(LiveNpcap, SetbuffRebuildsTheRingAndRestartsCounters) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(send_frames("vb", frames_to_va(5)), 5);
  pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 5000), 1);
  ASSERT_EQ(pcap_setbuff(p, 1 << 20), 0) << pcap_geterr(p);
  pcap_stat st = {};
  ASSERT_EQ(pcap_stats(p, &st), 0);
  EXPECT_EQ(st.ps_recv, 0u);
  EXPECT_TRUE(collect(p, 1, is_test_frame, 300).empty()) << "queued packets were discarded";
  ASSERT_EQ(send_frames("vb", frames_to_va(3)), 3);
  auto got = collect(p, 3);
  ASSERT_EQ(got.size(), 3u);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_EQ(frame_seq(got[i].data.data()), i);
  EXPECT_EQ(pcap_setbuff(p, -1), PCAP_ERROR);
  EXPECT_STREQ(pcap_geterr(p), "driver error: not enough memory to allocate the kernel buffer");
  pcap_close(p);
}

TEST(LiveNpcap, MinToCopyAndEventDescriptor) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(pcap_setmintocopy(p, 16000), 0);
  pcap_event_t ev = pcap_getevent(p);
  ASSERT_GE(static_cast<int>(ev), 0);
  ASSERT_EQ(send_frames("vb", frames_to_va(2)), 2);
  pollfd pfd{static_cast<int>(ev), POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 5000), 1);
  EXPECT_EQ(collect(p, 2).size(), 2u);
  pcap_close(p);
}

}  // namespace
}  // namespace wpcap::testing
