// interp_test.cc - the reference interpreter, one table row per behaviour
// of each opcode class (tests/bpf/bpf_cases.h), checked against the
// expected value and against the system libpcap's bpf_filter.
#include "bpf/interp.h"

#include <gtest/gtest.h>

#include "bpf/bpf_cases.h"
#include "bpf/bpf_oracle.h"
#include "bpf/validate.h"

namespace wpcap::bpf {
namespace {

using testing::BpfOracle;
using testing::kTestPacket;
using testing::OpcodeCase;

class InterpCase : public ::testing::TestWithParam<OpcodeCase> {};

TEST_P(InterpCase, MatchesExpectedAndOracle) {
  const OpcodeCase& c = GetParam();
  const auto buflen = static_cast<u_int>(kTestPacket.size());
  ASSERT_TRUE(validate(c.insns.data(), static_cast<int>(c.insns.size())));
  const AuxData* aux = c.use_aux ? &c.aux : nullptr;
  EXPECT_EQ(interpret(c.insns.data(), kTestPacket.data(), c.wirelen, buflen, aux), c.expected);
  auto prog = Program::make(c.insns, Engine::kInterpreter);
  ASSERT_TRUE(prog);
  EXPECT_FALSE(prog->jitted());
  EXPECT_EQ(prog->run(kTestPacket.data(), c.wirelen, buflen, aux), c.expected);

  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available()) << oracle.error();
  EXPECT_EQ(oracle.validate(c.insns.data(), static_cast<int>(c.insns.size())), 1);
  if (c.oracle_can_run && !c.use_aux) {
    EXPECT_EQ(oracle.filter(c.insns.data(), kTestPacket.data(), c.wirelen, buflen), c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Opcodes, InterpCase, ::testing::ValuesIn(testing::opcode_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(Interp, NullProgramAcceptsEverything) {
  EXPECT_EQ(interpret(nullptr, kTestPacket.data(), 60, 54, nullptr), static_cast<u_int>(-1));
  EXPECT_EQ(BpfOracle::get().filter(nullptr, kTestPacket.data(), 60, 54), static_cast<u_int>(-1));
}

TEST(Interp, ZeroLengthBufferRejectsEveryLoad) {
  const bpf_insn prog[] = {{kLdBAbs, 0, 0, 0}, {kRetK, 0, 0, 1}};
  EXPECT_EQ(interpret(prog, kTestPacket.data(), 60, 0, nullptr), 0u);
  EXPECT_EQ(BpfOracle::get().filter(prog, kTestPacket.data(), 60, 0), 0u);
}

TEST(Interp, UnvalidatedMemoryIndexRejects) {
  // bpf_filter() runs unvalidated arrays; an out-of-range M[] index must not
  // touch memory outside the scratch array.
  const bpf_insn prog[] = {{kLdImm, 0, 0, 1}, {kSt, 0, 0, 16}, {kRetK, 0, 0, 1}};
  EXPECT_FALSE(validate(prog, 3));
  EXPECT_EQ(interpret(prog, kTestPacket.data(), 60, 54, nullptr), 0u);
}

}  // namespace
}  // namespace wpcap::bpf
