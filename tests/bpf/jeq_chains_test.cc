// jeq_chains_test.cc - discovery of `jeq #k` chains (bpf/jeq_chains.h) and
// the engines that search them agreeing with the linear interpreter.
#include "bpf/jeq_chains.h"

#include <gtest/gtest.h>

#include <vector>

#include "bpf/interp.h"
#include "bpf/opcodes.h"
#include "bpf/program.h"

namespace wpcap::bpf {
namespace {

bpf_insn jeq(uint32_t k, uint8_t jt, uint8_t jf = 0) { return {kJeqK, jt, jf, k}; }

// ld [0]; jeq #v0..#v(n-1) (each jt -> accept at 1000+i via ret table); ret #0
std::vector<bpf_insn> chain_program(const std::vector<uint32_t>& values) {
  std::vector<bpf_insn> p = {{kLdWAbs, 0, 0, 0}};
  const size_t n = values.size();
  for (size_t i = 0; i < n; ++i) p.push_back(jeq(values[i], static_cast<uint8_t>(n - i + i)));
  p.push_back({kRetK, 0, 0, 0});  // fallback at 1 + n
  for (size_t i = 0; i < n; ++i) p.push_back({kRetK, 0, 0, static_cast<uint32_t>(1000 + i)});
  // jeq at index 1+i jumps to (1+i)+1+jt; make it land on ret #1000+i at 2+n+i.
  for (size_t i = 0; i < n; ++i) p[1 + i].jt = static_cast<uint8_t>(n);
  return p;
}

TEST(JeqChains, FindsChainAfterLoad) {
  auto p = chain_program({5, 3, 9, 1, 7, 2, 8});
  auto chains = find_jeq_chains(p);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].head, 1u);
  EXPECT_EQ(chains[0].fallback, 8u);
  ASSERT_EQ(chains[0].cases.size(), 7u);
  for (size_t i = 1; i < chains[0].cases.size(); ++i) {
    EXPECT_LT(chains[0].cases[i - 1].value, chains[0].cases[i].value);
  }
}

TEST(JeqChains, ShortChainsAreLeftAlone) {
  EXPECT_TRUE(find_jeq_chains(chain_program({1, 2, 3, 4, 5})).empty());
  EXPECT_EQ(find_jeq_chains(chain_program({1, 2, 3, 4, 5}), 5).size(), 1u);
}

TEST(JeqChains, FirstOccurrenceOfADuplicateWins) {
  auto p = chain_program({4, 1, 2, 3, 4, 5, 6, 7});
  auto chains = find_jeq_chains(p);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].cases.size(), 7u);
  EXPECT_EQ(chains[0].cases[3].value, 4u);
  EXPECT_EQ(chains[0].cases[3].target, p.size() - 8);  // the first jeq's ret #1000
}

TEST(JeqChains, EntryInTheMiddleIsItsOwnHead) {
  // ja into the middle of the chain makes that point a head too.
  std::vector<bpf_insn> p = {{kLdWAbs, 0, 0, 0}, {kJa, 0, 0, 3}};  // jeq #1..#3 are never entered
  for (uint32_t v = 1; v <= 10; ++v) p.push_back(jeq(v, static_cast<uint8_t>(10 - (v - 1))));
  p.push_back({kRetK, 0, 0, 0});  // index 12: fallback
  p.push_back({kRetK, 0, 0, 1});  // index 13: match
  auto chains = find_jeq_chains(p);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].head, 5u);  // ja lands on the jeq #4
  EXPECT_EQ(chains[0].cases.size(), 7u);
}

TEST(JeqChains, EnginesMatchLinearSemantics) {
  const auto p = chain_program({0x0a000001, 0x0a000101, 0x0a000201, 0x0a000301, 0x0a000401, 0x0a000501,
                                0x0a000601, 0x0a000101, 0xffffffff, 0});
  auto jit = Program::make(p, Engine::kJit);
  auto decoded = Program::make(p, Engine::kInterpreter);
  ASSERT_TRUE(jit);
  ASSERT_TRUE(decoded);
  for (uint32_t v : {0x0a000001u, 0x0a000101u, 0x0a000601u, 0x0a000701u, 0xffffffffu, 0u, 1u, 0x0a000100u}) {
    const u_char pkt[4] = {static_cast<u_char>(v >> 24), static_cast<u_char>(v >> 16),
                           static_cast<u_char>(v >> 8), static_cast<u_char>(v)};
    const u_int want = interpret(p.data(), pkt, 4, 4, nullptr);
    EXPECT_EQ(jit->run(pkt, 4, 4), want) << std::hex << v;
    EXPECT_EQ(decoded->run(pkt, 4, 4), want) << std::hex << v;
  }
}

TEST(JeqChains, OverlappingChainsStayWithinBudget) {
  // Every jeq is its own head (jt == jf) and each walk would run to the end:
  // quadratic without the budget.
  const size_t n = 20000;
  std::vector<bpf_insn> p = {{kLdWAbs, 0, 0, 0}};
  for (size_t i = 0; i < n; ++i) p.push_back(jeq(static_cast<uint32_t>(i), 0, 0));
  p.push_back({kRetA, 0, 0, 0});
  const auto chains = find_jeq_chains(p);
  size_t cases = 0;
  for (const auto& c : chains) cases += c.cases.size();
  EXPECT_LE(cases, 8 * p.size() + 4096);
  auto prog = Program::make(p);
  ASSERT_TRUE(prog);
  const u_char pkt[4] = {0, 0, 0x4e, 0x1f};  // 19999
  EXPECT_EQ(prog->run(pkt, 4, 4), 19999u);
}

}  // namespace
}  // namespace wpcap::bpf
