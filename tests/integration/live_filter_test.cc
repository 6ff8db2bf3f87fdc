// live_filter_test.cc - pcap_setfilter() on live handles with hand-written
// BPF (independent of the filter compiler): kernel attach (proved by the
// kernel's packet counter seeing only accepted packets), snaplen by filter
// return value, cooked-offset rewriting on "any", the userland fallback,
// SKF_AD VLAN loads, and re-filtering of packets already in the ring.
#include <linux/filter.h>
#undef BPF_STMT
#undef BPF_JUMP

#include <gtest/gtest.h>

#include "integration/capture_helpers.h"

namespace wpcap::testing {
namespace {

constexpr uint32_t kAd = static_cast<uint32_t>(SKF_AD_OFF);

bpf_insn stmt(uint16_t code, uint32_t k) { return bpf_insn{code, 0, 0, k}; }
bpf_insn jeq(uint32_t k, uint8_t jt, uint8_t jf) { return bpf_insn{BPF_JMP | BPF_JEQ | BPF_K, jt, jf, k}; }

// "load halfword at off; accept (ret_len) if == value".
std::vector<bpf_insn> half_equals(uint32_t off, uint32_t value, uint32_t ret_len = 262144) {
  return {stmt(BPF_LD | BPF_H | BPF_ABS, off), jeq(value, 0, 1), stmt(BPF_RET | BPF_K, ret_len),
          stmt(BPF_RET | BPF_K, 0)};
}

int set_filter(pcap_t* p, std::vector<bpf_insn>& insns) {
  bpf_program prog{static_cast<u_int>(insns.size()), insns.data()};
  return pcap_setfilter(p, &prog);
}

std::vector<std::vector<uint8_t>> mixed_frames(int n_each, int vlan_for_matching = -1) {
  std::vector<std::vector<uint8_t>> out;
  auto dst = mac_of("va");
  auto src = mac_of("vb");
  for (int i = 0; i < n_each; ++i) {
    out.push_back(make_frame(dst.data(), src.data(), 2 * i, 200, kTestEthertype, vlan_for_matching));
    out.push_back(make_frame(dst.data(), src.data(), 2 * i + 1, 200, kTestEthertype + 1));
  }
  return out;
}

bool any_frame(const Packet&) { return true; }

TEST(LiveFilter, KernelFilterDropsBeforeTheRing) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  auto prog = half_equals(12, kTestEthertype);
  ASSERT_EQ(set_filter(p, prog), 0) << pcap_geterr(p);
  ASSERT_EQ(send_frames("vb", mixed_frames(5)), 10);
  auto got = collect(p, 6, any_frame, 1500);
  ASSERT_EQ(got.size(), 5u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(frame_seq(got[i].data.data()), 2 * i);
  pcap_stat st = {};
  ASSERT_EQ(pcap_stats(p, &st), 0);
  EXPECT_EQ(st.ps_recv, 5u);  // the kernel never saw the rejected half
  pcap_close(p);
}

TEST(LiveFilter, FilterReturnValueTruncatesInKernel) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  auto prog = half_equals(12, kTestEthertype, 60);
  ASSERT_EQ(set_filter(p, prog), 0);
  ASSERT_EQ(send_frames("vb", mixed_frames(3)), 6);
  auto got = collect(p, 3);
  ASSERT_EQ(got.size(), 3u);
  for (const auto& g : got) {
    EXPECT_EQ(g.hdr.caplen, 60u);
    EXPECT_EQ(g.hdr.len, 200u);
  }
  pcap_close(p);
}

TEST(LiveFilter, PacketsAlreadyInTheRingAreRefiltered) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(send_frames("vb", mixed_frames(5)), 10);
  // Wait until the block holding them is handed to user space.
  pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 5000), 1);
  auto prog = half_equals(12, kTestEthertype);
  ASSERT_EQ(set_filter(p, prog), 0);
  ASSERT_EQ(send_frames("vb", mixed_frames(2)), 4);
  auto got = collect(p, 8, any_frame, 1500);
  ASSERT_EQ(got.size(), 7u);  // 5 stale matches + 2 new ones
  for (const auto& g : got) EXPECT_EQ(frame_seq(g.data.data()) % 2, 0u);
  pcap_close(p);
}

TEST(LiveFilter, VlanAncillaryLoadsInKernelAndUserland) {
  NETNS_OR_SKIP(ns);
  // Accept only frames that arrived with an 802.1Q tag (stripped by the
  // kernel into metadata), whatever is at offset 12 now.
  std::vector<bpf_insn> prog = {stmt(BPF_LD | BPF_B | BPF_ABS, kAd + SKF_AD_VLAN_TAG_PRESENT), jeq(1, 0, 1),
                                stmt(BPF_RET | BPF_K, 262144), stmt(BPF_RET | BPF_K, 0)};
  for (bool stale : {false, true}) {
    int status = 0;
    pcap_t* p = open_live("va", {}, &status);
    ASSERT_NE(p, nullptr);
    if (!stale) ASSERT_EQ(set_filter(p, prog), 0);
    ASSERT_EQ(send_frames("vb", mixed_frames(4, 0x0123)), 8);
    if (stale) {
      // Already in the ring: the userland interpreter runs the program
      // with the tag from the frame's metadata.
      pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
      ASSERT_EQ(poll(&pfd, 1, 5000), 1);
      ASSERT_EQ(set_filter(p, prog), 0);
    }
    auto got = collect(p, 5, any_frame, 1500);
    ASSERT_EQ(got.size(), 4u) << "stale=" << stale;
    for (const auto& g : got) {
      EXPECT_EQ(g.data[12], 0x81);  // tag reinserted after filtering
      EXPECT_EQ(g.data[15], 0x23);
      EXPECT_EQ(frame_seq(g.data.data(), 18) % 2, 0u);
    }
    pcap_close(p);
  }
}

TEST(LiveFilter, CookedOffsetsRewrittenForKernelOnAny) {
  NETNS_OR_SKIP(ns);
  for (int dlt : {DLT_LINUX_SLL, DLT_LINUX_SLL2}) {
    int status = 0;
    pcap_t* p = open_live("any", {}, &status);
    ASSERT_NE(p, nullptr);
    ASSERT_EQ(pcap_set_datalink(p, dlt), 0);
    // The protocol field of the cooked header: offset 14 (SLL) or 0 (SLL2).
    auto prog = half_equals(dlt == DLT_LINUX_SLL ? 14 : 0, kTestEthertype);
    ASSERT_EQ(set_filter(p, prog), 0);
    ASSERT_EQ(send_frames("vb", mixed_frames(3)), 6);
    auto got = collect(p, 7, any_frame, 1500);
    EXPECT_EQ(got.size(), 6u) << dlt;  // out on vb + in on va
    pcap_stat st = {};
    ASSERT_EQ(pcap_stats(p, &st), 0);
    EXPECT_EQ(st.ps_recv, 6u) << "filter ran in the kernel";
    pcap_close(p);
  }
}

TEST(LiveFilter, CookedHeaderFieldWithoutKernelEquivalentRunsInUserland) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("any", {}, &status);
  ASSERT_NE(p, nullptr);
  // SLL packet type (offset 0) == HOST and protocol (14) == test type; the
  // hatype field (offset 2) has no SKF_AD equivalent, so load it too.
  std::vector<bpf_insn> prog = {
      stmt(BPF_LD | BPF_H | BPF_ABS, 2),  jeq(1, 0, 5),                  // ARPHRD_ETHER
      stmt(BPF_LD | BPF_H | BPF_ABS, 0),  jeq(0, 0, 3),                  // LINUX_SLL_HOST
      stmt(BPF_LD | BPF_H | BPF_ABS, 14), jeq(kTestEthertype, 0, 1),
      stmt(BPF_RET | BPF_K, 262144),      stmt(BPF_RET | BPF_K, 0)};
  ASSERT_EQ(set_filter(p, prog), 0);
  ASSERT_EQ(send_frames("vb", mixed_frames(3)), 6);
  auto got = collect(p, 4, any_frame, 1500);
  ASSERT_EQ(got.size(), 3u);  // only the incoming copies of matching frames
  for (const auto& g : got) EXPECT_EQ(frame_seq(g.data.data(), 16) % 2, 0u);
  pcap_stat st = {};
  ASSERT_EQ(pcap_stats(p, &st), 0);
  EXPECT_GE(st.ps_recv, 12u) << "the kernel passed everything up";
  pcap_close(p);
}

// A backward jump (protochain's loop) is valid BPF the kernel refuses: the
// filter runs in userland (the kernel passes everything up) and selects the
// same frames.
TEST(LiveFilter, BackwardJumpRunsInUserland) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  std::vector<bpf_insn> prog = {
      stmt(BPF_LD | BPF_H | BPF_ABS, 12), jeq(kTestEthertype, 0, 7),
      stmt(BPF_LDX | BPF_IMM, 0),
      stmt(BPF_MISC | BPF_TXA, 0),        // loop: count X up to 3
      stmt(BPF_ALU | BPF_ADD | BPF_K, 1),
      stmt(BPF_MISC | BPF_TAX, 0),
      jeq(3, 1, 0),
      stmt(BPF_JMP | BPF_JA, 0xfffffffbu),  // back to the loop
      stmt(BPF_RET | BPF_K, 262144),      stmt(BPF_RET | BPF_K, 0)};
  ASSERT_EQ(set_filter(p, prog), 0) << pcap_geterr(p);
  ASSERT_EQ(send_frames("vb", mixed_frames(4)), 8);
  auto got = collect(p, 5, any_frame, 1500);
  ASSERT_EQ(got.size(), 4u);
  for (const auto& g : got) EXPECT_EQ(frame_seq(g.data.data()) % 2, 0u);
  pcap_stat st = {};
  ASSERT_EQ(pcap_stats(p, &st), 0);
  EXPECT_GE(st.ps_recv, 8u) << "the kernel passed everything up";
  pcap_close(p);
}

TEST(LiveFilter, InvalidProgramIsRejected) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  std::vector<bpf_insn> prog = {stmt(BPF_LD | BPF_H | BPF_ABS, 12)};  // no return
  EXPECT_EQ(set_filter(p, prog), PCAP_ERROR);
  EXPECT_STREQ(pcap_geterr(p), "BPF program is not valid");
  pcap_close(p);
}

}  // namespace
}  // namespace wpcap::testing
