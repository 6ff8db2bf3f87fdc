// jit_test.cc - the x86-64 JIT: every opcode-class row of bpf_cases.h gives
// the interpreter's answer, code lives in W^X memory, and WPCAP_NO_JIT,
// refused executable memory or an unavailable JIT fall back to the
// interpreter.
#include "bpf/jit/jit_code.h"

#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "bpf/bpf_cases.h"
#include "bpf/interp.h"
#include "bpf/validate.h"
#include "wpcap/config.h"

namespace wpcap::bpf {
namespace {

using testing::kTestPacket;
using testing::OpcodeCase;

class JitCase : public ::testing::TestWithParam<OpcodeCase> {};

TEST_P(JitCase, MatchesInterpreter) {
  if (!JitCode::available()) GTEST_SKIP() << "JIT not built or disabled";
  const OpcodeCase& c = GetParam();
  auto prog = Program::make(c.insns, Engine::kJit);
  ASSERT_TRUE(prog);
  ASSERT_TRUE(prog->jitted());
  const AuxData* aux = c.use_aux ? &c.aux : nullptr;
  // Every buffer length from 0 to the full packet: bounds checks agree.
  for (u_int buflen = 0; buflen <= kTestPacket.size(); ++buflen) {
    const u_int want = interpret(c.insns.data(), kTestPacket.data(), c.wirelen, buflen, aux);
    ASSERT_EQ(prog->run(kTestPacket.data(), c.wirelen, buflen, aux), want) << "buflen " << buflen;
  }
  EXPECT_EQ(prog->run(kTestPacket.data(), c.wirelen, static_cast<u_int>(kTestPacket.size()), aux),
            c.expected);
}

INSTANTIATE_TEST_SUITE_P(Opcodes, JitCase, ::testing::ValuesIn(testing::opcode_cases()),
                         [](const auto& info) { return info.param.name; });

// Permissions of the mapping holding `addr`, from /proc/self/maps ("r-xp").
std::string mapping_perms(const void* addr) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  const auto a = reinterpret_cast<uintptr_t>(addr);
  while (std::getline(maps, line)) {
    uintptr_t lo = 0, hi = 0;
    char perms[5] = {};
    if (std::sscanf(line.c_str(), "%lx-%lx %4s", &lo, &hi, perms) == 3 && a >= lo && a < hi) return perms;
  }
  return "";
}

TEST(Jit, CodeIsReadExecuteNeverWritable) {
  if (!JitCode::available()) GTEST_SKIP();
  const bpf_insn insns[] = {{kRetK, 0, 0, 7}};
  auto code = JitCode::compile(insns);
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(mapping_perms(reinterpret_cast<const void*>(code->entry())), "r-xp");
  EXPECT_GT(code->code_size(), 0u);
  EXPECT_EQ(code->entry()(kTestPacket.data(), 1, 1, nullptr), 7u);
}

TEST(Jit, EnvironmentSwitchDisablesJit) {
  if (!WPCAP_HAVE_JIT) GTEST_SKIP();
  const bpf_insn insns[] = {{kRetK, 0, 0, 7}};
  const char* old = std::getenv("WPCAP_NO_JIT");
  std::string saved = old != nullptr ? old : "";
  setenv("WPCAP_NO_JIT", "1", 1);
  auto interpreted = Program::make(insns);
  if (old != nullptr) setenv("WPCAP_NO_JIT", saved.c_str(), 1); else unsetenv("WPCAP_NO_JIT");
  ASSERT_TRUE(interpreted);
  EXPECT_FALSE(interpreted->jitted());
  EXPECT_EQ(interpreted->run(kTestPacket.data(), 1, 1), 7u);
  setenv("WPCAP_NO_JIT", "0", 1);
  auto jitted = Program::make(insns);
  if (old != nullptr) setenv("WPCAP_NO_JIT", saved.c_str(), 1); else unsetenv("WPCAP_NO_JIT");
  ASSERT_TRUE(jitted);
  EXPECT_TRUE(jitted->jitted());
}

// In a child whose seccomp filter refuses mprotect(PROT_EXEC) (as hardened
// systems refuse executable memory), Program::make falls back to the
// interpreter and still filters correctly.
TEST(Jit, RefusedExecutableMemoryFallsBackToInterpreter) {
  if (!JitCode::available()) GTEST_SKIP();
  const bpf_insn insns[] = {{kLdBAbs, 0, 0, 23}, {kRetA, 0, 0, 0}};
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Deny mprotect whose prot (arg 2) has PROT_EXEC with EACCES; allow the rest.
    sock_filter filter[] = {
        {BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof(seccomp_data, nr)},
        {BPF_JMP | BPF_JEQ | BPF_K, 0, 3, __NR_mprotect},
        {BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof(seccomp_data, args[2])},
        {BPF_JMP | BPF_JSET | BPF_K, 0, 1, PROT_EXEC},
        {BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EACCES},
        {BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW},
    };
    sock_fprog fprog{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) {
      _exit(2);
    }
    auto prog = Program::make(insns);
    if (!prog) _exit(3);
    if (prog->jitted()) _exit(4);
    _exit(prog->run(kTestPacket.data(), 60, 54) == 6 ? 0 : 5);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2: seccomp setup, 3: make failed, 4: still jitted, 5: wrong result";
}

TEST(Jit, WithoutJitEveryEngineInterprets) {
  if (JitCode::available()) GTEST_SKIP() << "JIT available here";
  const bpf_insn insns[] = {{kLdBAbs, 0, 0, 23}, {kRetA, 0, 0, 0}};
  EXPECT_EQ(JitCode::compile(insns), nullptr);
  for (Engine e : {Engine::kAuto, Engine::kJit}) {
    auto prog = Program::make(insns, e);
    ASSERT_TRUE(prog);
    EXPECT_FALSE(prog->jitted());
    EXPECT_EQ(prog->run(kTestPacket.data(), 60, 54), 6u);
  }
}

TEST(Jit, InterpreterEngineNeverJits) {
  const bpf_insn insns[] = {{kRetK, 0, 0, 7}};
  auto prog = Program::make(insns, Engine::kInterpreter);
  ASSERT_TRUE(prog);
  EXPECT_FALSE(prog->jitted());
}

TEST(Jit, LongProgramWithFarJumps) {
  if (!JitCode::available()) GTEST_SKIP();
  // 3000 instructions: jump displacements beyond 8 bits, code beyond a page.
  std::vector<bpf_insn> insns;
  insns.push_back({kLdWAbs, 0, 0, 30});
  for (uint32_t i = 0; i < 2997; ++i) insns.push_back({kJeqK, 255, 0, 0x0a000000u + i});
  insns.push_back({kRetK, 0, 0, 0});
  insns.push_back({kRetK, 0, 0, 1});
  // Make the jt targets valid: each points 255 ahead or to the final accept.
  for (size_t i = 1; i + 1 < insns.size() - 1; ++i) {
    const size_t limit = insns.size() - 1 - (i + 1);
    insns[i].jt = static_cast<u_char>(limit < 255 ? limit : 255);
  }
  auto prog = Program::make(insns, Engine::kJit);
  ASSERT_TRUE(prog);
  ASSERT_TRUE(prog->jitted());
  std::vector<u_char> pkt = kTestPacket;
  for (uint32_t v : {0x0a040506u, 0x0a000000u, 0x0a000005u, 0x0a000bb0u, 0x0b000000u}) {
    pkt[30] = v >> 24; pkt[31] = (v >> 16) & 0xff; pkt[32] = (v >> 8) & 0xff; pkt[33] = v & 0xff;
    const u_int want = interpret(insns.data(), pkt.data(), 60, 54, nullptr);
    EXPECT_EQ(prog->run(pkt.data(), 60, 54), want) << std::hex << v;
  }
}

// Backward `ja` (protochain's loop): walk a chain of (type, length) byte
// pairs until type 0 or the end of the packet, then return the length sum.
// JIT, decoded interpreter and reference interpreter agree.
TEST(Jit, BackwardJumpLoops) {
  const bpf_insn insns[] = {
      {kLdxImm, 0, 0, 0},        // 0: X = offset of the current pair
      {kLdImm, 0, 0, 0},         // 1: M[0] = running sum
      {kSt, 0, 0, 0},            // 2
      {kLdBInd, 0, 0, 0},        // 3: again: A = type (out of bounds: reject)
      {kJeqK, 9, 0, 0},          // 4: type 0: done
      {kLdBInd, 0, 0, 1},        // 5: A = length
      {kAddK, 0, 0, 2},          // 6
      {kAddX, 0, 0, 0},          // 7: X += length + 2
      {kTax, 0, 0, 0},           // 8
      {kLdMem, 0, 0, 0},         // 9
      {kAddK, 0, 0, 1},          // 10: one more pair
      {kSt, 0, 0, 0},            // 11
      {kJa, 0, 0, 0xfffffff6u},  // 12: goto again (3 - 13)
      {kRetK, 0, 0, 0},          // 13: (never reached)
      {kLdMem, 0, 0, 0},         // 14: done: the number of pairs walked
      {kRetA, 0, 0, 0},          // 15
  };
  ASSERT_TRUE(validate(insns, 16));
  auto jit = Program::make(insns, Engine::kJit);
  auto dec = Program::make(insns, Engine::kInterpreter);
  ASSERT_TRUE(jit && dec);
  if (JitCode::available()) EXPECT_TRUE(jit->jitted());
  const std::vector<std::vector<u_char>> packets = {
      {0},                                    // done at once: 0 pairs
      {7, 0, 9, 1, 0xaa, 0},                  // 2 pairs
      {1, 3, 0, 0, 0, 2, 0, 0},               // 2 pairs
      {5, 250, 0},                            // jumps past the end: reject
      {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0}, // 6 pairs
      {1, 0, 1},                              // runs off the end: reject
  };
  const u_int want[] = {0, 2, 2, 0, 6, 0};
  for (size_t i = 0; i < packets.size(); ++i) {
    const auto& p = packets[i];
    const auto n = static_cast<u_int>(p.size());
    EXPECT_EQ(interpret(insns, p.data(), n, n, nullptr), want[i]) << i;
    EXPECT_EQ(jit->run(p.data(), n, n), want[i]) << i;
    EXPECT_EQ(dec->run(p.data(), n, n), want[i]) << i;
  }
}

// A program may take kMaxBackwardJumps backward jumps on one packet; the
// next one rejects it (libpcap would loop forever), in every engine alike.
TEST(Jit, BackwardJumpBudget) {
  for (uint32_t n : {0u, 5u, kMaxBackwardJumps, kMaxBackwardJumps + 1}) {
    const bpf_insn insns[] = {
        {kLdImm, 0, 0, 0},         // 0
        {kSt, 0, 0, 0},            // 1: M[0] = 0
        {kLdMem, 0, 0, 0},         // 2: again
        {kJeqK, 3, 0, n},          // 3: M[0] == n: accept
        {kAddK, 0, 0, 1},          // 4
        {kSt, 0, 0, 0},            // 5
        {kJa, 0, 0, 0xfffffffbu},  // 6: goto again (2 - 7)
        {kRetK, 0, 0, 1},          // 7
    };
    auto jit = Program::make(insns, Engine::kJit);
    auto dec = Program::make(insns, Engine::kInterpreter);
    ASSERT_TRUE(jit && dec);
    const u_int want = n <= kMaxBackwardJumps ? 1 : 0;
    const u_char pkt[4] = {};
    EXPECT_EQ(interpret(insns, pkt, 4, 4, nullptr), want) << n;
    EXPECT_EQ(jit->run(pkt, 4, 4), want) << n;
    EXPECT_EQ(dec->run(pkt, 4, 4), want) << n;
  }
  const bpf_insn self[] = {{kJa, 0, 0, 0xffffffffu}, {kRetK, 0, 0, 1}};  // jumps to itself
  auto jit = Program::make(self, Engine::kJit);
  auto dec = Program::make(self, Engine::kInterpreter);
  ASSERT_TRUE(jit && dec);
  const u_char pkt[1] = {};
  EXPECT_EQ(interpret(self, pkt, 1, 1, nullptr), 0u);
  EXPECT_EQ(jit->run(pkt, 1, 1), 0u);
  EXPECT_EQ(dec->run(pkt, 1, 1), 0u);
}

}  // namespace
}  // namespace wpcap::bpf
