// program_test.cc - Program: validation at make(), the empty program, moves,
// and the engines agreeing on every opcode-class row.
#include "bpf/program.h"

#include <gtest/gtest.h>

#include <utility>

#include "bpf/bpf_cases.h"

namespace wpcap::bpf {
namespace {

using testing::kTestPacket;

TEST(Program, RejectsInvalidWithLibpcapText) {
  const bpf_insn bad[] = {{kLdImm, 0, 0, 1}};  // does not end in a return
  auto made = Program::make(bad);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.status().message(), "BPF program is not valid");
  EXPECT_FALSE(Program::make(std::span<const bpf_insn>()));
}

TEST(Program, DefaultIsEmptyAndAcceptsEverything) {
  Program p;
  EXPECT_TRUE(p.empty());
  EXPECT_FALSE(p.jitted());
  EXPECT_EQ(p.run(kTestPacket.data(), 60, 54), static_cast<u_int>(-1));
}

TEST(Program, CopiesTheInstructions) {
  bpf_insn insns[] = {{kRetK, 0, 0, 5}};
  auto made = Program::make(insns);
  ASSERT_TRUE(made);
  insns[0].k = 6;  // the caller's array may change or go away
  EXPECT_EQ(made->run(kTestPacket.data(), 60, 54), 5u);
  EXPECT_EQ(made->insns().size(), 1u);
  EXPECT_EQ(made->insns()[0].k, 5u);
}

TEST(Program, MoveKeepsNativeCode) {
  const bpf_insn insns[] = {{kLdBAbs, 0, 0, 23}, {kRetA, 0, 0, 0}};
  auto made = Program::make(insns);
  ASSERT_TRUE(made);
  const bool jitted = made->jitted();
  Program moved = std::move(made.value());
  EXPECT_EQ(moved.jitted(), jitted);
  EXPECT_EQ(moved.run(kTestPacket.data(), 60, 54), 6u);
  Program assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.run(kTestPacket.data(), 60, 54), 6u);
}

TEST(Program, AutoEngineAgreesWithInterpreterOnEveryRow) {
  for (const auto& c : testing::opcode_cases()) {
    auto fast = Program::make(c.insns);
    ASSERT_TRUE(fast) << c.name;
    const AuxData* aux = c.use_aux ? &c.aux : nullptr;
    EXPECT_EQ(fast->run(kTestPacket.data(), c.wirelen, 54, aux), c.expected) << c.name;
    EXPECT_EQ(fast->run_interpreted(kTestPacket.data(), c.wirelen, 54, aux), c.expected) << c.name;
  }
}

}  // namespace
}  // namespace wpcap::bpf
