// kernel_filter_test.cc - the program the kernel gets: cooked-header loads
// rewritten to skb offsets or SKF_AD_* loads, or refused (userland); and
// attaching it to a real socket.
#include <linux/filter.h>
#undef BPF_STMT
#undef BPF_JUMP

#include "capture/linux/kernel_filter.h"

#include <sys/socket.h>

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include "util/fd.h"

namespace wpcap::live {
namespace {

constexpr uint32_t kAd = static_cast<uint32_t>(SKF_AD_OFF);

bpf_insn ld(uint16_t size, uint16_t mode, uint32_t k) {
  return bpf_insn{static_cast<u_short>(BPF_LD | size | mode), 0, 0, k};
}
bpf_insn ret(uint32_t k) { return bpf_insn{static_cast<u_short>(BPF_RET | BPF_K), 0, 0, k}; }

struct Row {
  const char* what;
  int dlt;
  bool cooked;
  bpf_insn load;
  bool kernel;        // false: must run in userland
  uint32_t kernel_k;  // the load's offset as the kernel sees it
};

TEST(KernelFilter, LoadRewrites) {
  const Row rows[] = {
      {"ethernet untouched", DLT_EN10MB, false, ld(BPF_H, BPF_ABS, 12), true, 12},
      {"SLL pkttype", DLT_LINUX_SLL, true, ld(BPF_H, BPF_ABS, 0), true, kAd + SKF_AD_PKTTYPE},
      {"SLL protocol", DLT_LINUX_SLL, true, ld(BPF_H, BPF_ABS, 14), true, kAd + SKF_AD_PROTOCOL},
      {"SLL payload", DLT_LINUX_SLL, true, ld(BPF_B, BPF_ABS, 16 + 9), true, 9},
      {"SLL indirect payload", DLT_LINUX_SLL, true, ld(BPF_H, BPF_IND, 16 + 2), true, 2},
      {"SLL hatype: userland", DLT_LINUX_SLL, true, ld(BPF_H, BPF_ABS, 2), false, 0},
      {"SLL address: userland", DLT_LINUX_SLL, true, ld(BPF_W, BPF_ABS, 6), false, 0},
      {"SLL2 protocol", DLT_LINUX_SLL2, true, ld(BPF_H, BPF_ABS, 0), true, kAd + SKF_AD_PROTOCOL},
      {"SLL2 ifindex", DLT_LINUX_SLL2, true, ld(BPF_W, BPF_ABS, 4), true, kAd + SKF_AD_IFINDEX},
      {"SLL2 pkttype", DLT_LINUX_SLL2, true, ld(BPF_B, BPF_ABS, 10), true, kAd + SKF_AD_PKTTYPE},
      {"SLL2 payload", DLT_LINUX_SLL2, true, ld(BPF_B, BPF_ABS, 20 + 9), true, 9},
      {"SLL2 hatype: userland", DLT_LINUX_SLL2, true, ld(BPF_H, BPF_ABS, 8), false, 0},
      {"ancillary untouched", DLT_LINUX_SLL, true, ld(BPF_W, BPF_ABS, kAd + SKF_AD_VLAN_TAG), true,
       kAd + SKF_AD_VLAN_TAG},
      {"CAN: userland", DLT_CAN_SOCKETCAN, false, ld(BPF_W, BPF_ABS, 0), false, 0},
  };
  for (const Row& r : rows) {
    std::vector<bpf_insn> prog = {r.load, ret(262144)};
    auto k = kernel_program(prog, r.dlt, r.cooked);
    ASSERT_EQ(k.has_value(), r.kernel) << r.what;
    if (!k) continue;
    ASSERT_EQ(k->size(), 2u);
    EXPECT_EQ((*k)[0].code, r.load.code) << r.what;
    EXPECT_EQ((*k)[0].k, r.kernel_k) << r.what;
    EXPECT_EQ((*k)[1].k, 262144u) << r.what;
  }
}

TEST(KernelFilter, MsHLoadIsRewrittenInCookedMode) {
  std::vector<bpf_insn> prog = {
      bpf_insn{static_cast<u_short>(BPF_LDX | BPF_B | BPF_MSH), 0, 0, 16}, ret(1)};
  auto k = kernel_program(prog, DLT_LINUX_SLL, true);
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ((*k)[0].k, 0u);
}

TEST(KernelFilter, AttachesAndDetachesOnARealSocket) {
  int err = 0;
  util::Fd fd = util::Fd::socket(AF_PACKET, SOCK_RAW, 0, &err);
  if (!fd) GTEST_SKIP() << "no packet sockets here (needs CAP_NET_RAW)";
  std::vector<bpf_insn> prog = {ld(BPF_H, BPF_ABS, 12), ret(96)};
  EXPECT_TRUE(attach_kernel_filter(fd.get(), prog).is_ok());
  EXPECT_TRUE(detach_kernel_filter(fd.get()).is_ok());
  EXPECT_TRUE(detach_kernel_filter(fd.get()).is_ok());  // nothing attached: still fine
  // A backward jump is valid classic BPF nowhere: the kernel refuses it.
  std::vector<bpf_insn> bad = {bpf_insn{static_cast<u_short>(BPF_JMP | BPF_JA), 0, 0, 0xffffffff}, ret(0)};
  Status s = attach_kernel_filter(fd.get(), bad);
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("SO_ATTACH_FILTER"), std::string::npos);
}

}  // namespace
}  // namespace wpcap::live
