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

TEST(ProgramCache, InvalidProgramFiltersToZero) {
  std::vector<bpf_insn> insns = {{kLdImm, 0, 0, 1}};
  bpf_program prog{1, insns.data()};
  EXPECT_EQ(lookup_program(&prog), nullptr);
  EXPECT_EQ(filter(prog), 0u);
  register_program(&prog);
  EXPECT_EQ(filter(prog), 0u);
  unregister_program(&prog);
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

}  // namespace
}  // namespace wpcap::bpf
