// program_cache_test.cc - the prepared-program cache behind
// pcap_offline_filter: registered and unregistered programs, content
// changes at the same address, invalid programs, threads.
#include "bpf/program_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "bpf/bpf_cases.h"

namespace wpcap::bpf {
namespace {

using testing::kTestPacket;

u_int filter(const bpf_program& prog) { return offline_filter(&prog, kTestPacket.data(), 60, 54); }

TEST(ProgramCache, NullInstructionsReturnZero) {
  bpf_program prog{1, nullptr};
  EXPECT_EQ(filter(prog), 0u);
  EXPECT_EQ(lookup_program(nullptr), nullptr);
}

TEST(ProgramCache, UnregisteredProgramIsPreparedOnFirstUse) {
  std::vector<bpf_insn> insns = {{kLdBAbs, 0, 0, 23}, {kRetA, 0, 0, 0}};
  bpf_program prog{2, insns.data()};
  EXPECT_EQ(filter(prog), 6u);
  const Program* first = lookup_program(&prog);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(lookup_program(&prog), first);  // cached
}

TEST(ProgramCache, UnregisteredContentChangeIsSeen) {
  std::vector<bpf_insn> insns = {{kRetK, 0, 0, 1}};
  bpf_program prog{1, insns.data()};
  EXPECT_EQ(filter(prog), 1u);
  insns[0].k = 2;  // same pointer, same length, new meaning
  EXPECT_EQ(filter(prog), 2u);
}

TEST(ProgramCache, InvalidProgramRunsBoundedLikeLibpcap) {
  // Falls off the end: libpcap would read past the array; we reject.
  std::vector<bpf_insn> off_end = {{kLdImm, 0, 0, 1}};
  bpf_program prog{1, off_end.data()};
  EXPECT_EQ(lookup_program(&prog), nullptr);
  EXPECT_EQ(filter(prog), 0u);
  register_program(&prog);
  EXPECT_EQ(filter(prog), 0u);
  unregister_program(&prog);
  // Invalid only in code that never runs: libpcap returns 5, so do we.
  std::vector<bpf_insn> dead_tail = {{kLdImm, 0, 0, 5}, {kRetA, 0, 0, 0}, {kLdMem, 0, 0, 99}};
  bpf_program tail{3, dead_tail.data()};
  EXPECT_EQ(lookup_program(&tail), nullptr);
  EXPECT_EQ(filter(tail), 5u);
  EXPECT_EQ(filter(tail), 5u);  // cached path too
  // A jump out of the program rejects.
  std::vector<bpf_insn> wild = {{kJa, 0, 0, 7}, {kRetK, 0, 0, 1}};
  bpf_program jump{2, wild.data()};
  EXPECT_EQ(filter(jump), 0u);
}

TEST(ProgramCache, RegisterAndUnregister) {
  std::vector<bpf_insn> insns = {{kLdHAbs, 0, 0, 12}, {kRetA, 0, 0, 0}};
  bpf_program prog{2, insns.data()};
  const size_t before = registered_program_count();
  const uint64_t gen = registry_generation();
  register_program(&prog);
  EXPECT_EQ(registered_program_count(), before + 1);
  EXPECT_GT(registry_generation(), gen);
  EXPECT_EQ(filter(prog), 0x0800u);
  unregister_program(&prog);
  EXPECT_EQ(registered_program_count(), before);
  // After unregistering, the same memory with new content still filters right.
  insns[0] = {kLdBAbs, 0, 0, 23};
  EXPECT_EQ(filter(prog), 6u);
  register_program(nullptr);
  unregister_program(nullptr);
}

TEST(ProgramCache, ReRegisteringReplacesTheEntry) {
  std::vector<bpf_insn> insns = {{kRetK, 0, 0, 10}};
  bpf_program prog{1, insns.data()};
  register_program(&prog);
  EXPECT_EQ(filter(prog), 10u);
  insns[0].k = 11;  // pcap_compile reusing the same buffer registers again
  register_program(&prog);
  EXPECT_EQ(filter(prog), 11u);
  unregister_program(&prog);
}

TEST(ProgramCache, ManyProgramsAlternating) {
  std::vector<std::vector<bpf_insn>> arrays;
  for (uint32_t i = 0; i < 20; ++i) arrays.push_back({{kRetK, 0, 0, 100 + i}});
  for (int round = 0; round < 3; ++round) {
    for (uint32_t i = 0; i < arrays.size(); ++i) {
      bpf_program prog{1, arrays[i].data()};
      ASSERT_EQ(filter(prog), 100 + i);
    }
  }
}

TEST(ProgramCache, ThreadsSeeTheirOwnPrograms) {
  std::vector<bpf_insn> a = {{kRetK, 0, 0, 1}}, b = {{kRetK, 0, 0, 2}};
  bpf_program pa{1, a.data()}, pb{1, b.data()};
  register_program(&pa);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) {
        const bool use_a = ((i + t) % 3) != 0;
        if (filter(use_a ? pa : pb) != (use_a ? 1u : 2u)) ++wrong;
      }
    });
  }
  for (int i = 0; i < 200; ++i) {  // churn the generation meanwhile
    register_program(&pb);
    unregister_program(&pb);
  }
  for (auto& t : threads) t.join();
  unregister_program(&pa);
  EXPECT_EQ(wrong.load(), 0);
}

// A long unregistered program: `ld #0; add #1` x n; ret a. Its result is
// the number of adds, so any edit to one add's constant changes the answer.
std::vector<bpf_insn> counting_program(size_t adds) {
  std::vector<bpf_insn> p = {{kLdImm, 0, 0, 0}};
  for (size_t i = 0; i < adds; ++i) p.push_back({kAddK, 0, 0, 1});
  p.push_back({kRetA, 0, 0, 0});
  return p;
}

TEST(ProgramCache, LongUnregisteredEditAtTheEdgesIsSeenAtOnce) {
  auto insns = counting_program(600);
  bpf_program prog{static_cast<u_int>(insns.size()), insns.data()};
  EXPECT_EQ(filter(prog), 600u);
  insns[1].k = 2;  // first instructions are always compared
  EXPECT_EQ(filter(prog), 601u);
  insns[insns.size() - 2].k = 3;  // so are the last ones
  EXPECT_EQ(filter(prog), 603u);
}

TEST(ProgramCache, LongUnregisteredEditInTheMiddleIsSeenAtOnce) {
  auto insns = counting_program(600);
  bpf_program prog{static_cast<u_int>(insns.size()), insns.data()};
  ASSERT_EQ(filter(prog), 600u);
  for (size_t i : {300u, 77u, 451u}) {
    insns[i].k += 10;
    EXPECT_EQ(filter(prog), 600u + 10u * (i == 300u ? 1u : i == 77u ? 2u : 3u)) << i;
  }
}

TEST(ProgramCache, ShortUnregisteredProgramsAreComparedInFullEveryCall) {
  for (size_t adds : {1u, 20u, 100u}) {
    auto insns = counting_program(adds);
    bpf_program prog{static_cast<u_int>(insns.size()), insns.data()};
    ASSERT_EQ(filter(prog), adds);
    for (size_t i = 1; i <= adds; ++i) {
      insns[i].k = 2;
      ASSERT_EQ(filter(prog), adds + i) << "edit at " << i << " of " << adds;
    }
  }
}

}  // namespace
}  // namespace wpcap::bpf
