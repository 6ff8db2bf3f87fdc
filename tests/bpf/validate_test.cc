// validate_test.cc - bpf_validate's accept/reject rules, as a table and as
// a sweep of every 16-bit opcode against the system libpcap's validator.
#include "bpf/validate.h"

#include <gtest/gtest.h>

#include <vector>

#include "bpf/bpf_oracle.h"
#include "bpf/opcodes.h"

namespace wpcap::bpf {
namespace {

using testing::BpfOracle;

struct ValidateCase {
  const char* name;
  std::vector<bpf_insn> insns;
  bool valid;
};

bpf_insn S(uint16_t code, uint32_t k = 0) { return {code, 0, 0, k}; }
bpf_insn J(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) { return {code, jt, jf, k}; }

const ValidateCase kCases[] = {
    {"single_ret", {S(kRetK, 1)}, true},
    {"ret_a", {S(kRetA)}, true},
    {"empty", {}, false},
    {"must_end_in_ret", {S(kRetK, 1), S(kLdImm, 1)}, false},
    {"ret_any_encoding", {S(BPF_RET | BPF_X)}, true},
    {"mem_index_15", {S(kLdMem, 15), S(kRetA)}, true},
    {"mem_index_16", {S(kLdMem, 16), S(kRetA)}, false},
    {"ldx_mem_index_16", {S(kLdxMem, 16), S(kRetA)}, false},
    {"st_index_16", {S(kSt, 16), S(kRetA)}, false},
    {"stx_index_16", {S(kStx, 16), S(kRetA)}, false},
    {"st_index_huge", {S(kSt, 0xffffffff), S(kRetA)}, false},
    {"ld_unknown_mode_c0", {S(BPF_LD | 0xc0), S(kRetA)}, false},
    {"ld_unknown_mode_e0", {S(BPF_LD | 0xe0), S(kRetA)}, false},
    {"ldx_abs_mode_accepted", {S(BPF_LDX | BPF_ABS), S(kRetA)}, true},
    {"ld_msh_mode_accepted", {S(BPF_LD | BPF_MSH), S(kRetA)}, true},
    {"div_k_zero", {S(kDivK, 0), S(kRetA)}, false},
    {"mod_k_zero", {S(kModK, 0), S(kRetA)}, false},
    {"div_x_allowed", {S(kDivX, 0), S(kRetA)}, true},
    {"mod_x_allowed", {S(kModX, 0), S(kRetA)}, true},
    {"alu_unknown_op_b0", {S(BPF_ALU | 0xb0), S(kRetA)}, false},
    {"alu_unknown_op_f0", {S(BPF_ALU | 0xf0), S(kRetA)}, false},
    {"neg_with_x_bit", {S(kNeg | BPF_X), S(kRetA)}, true},
    {"misc_any", {S(BPF_MISC | 0x78), S(kRetA)}, true},
    {"jeq_in_range", {J(kJeqK, 0, 0, 1), S(kRetK, 0), S(kRetK, 1)}, true},
    {"jeq_jt_out_of_range", {J(kJeqK, 0, 2, 0), S(kRetK, 0), S(kRetK, 1)}, false},
    {"jeq_jf_out_of_range", {J(kJeqK, 0, 0, 2), S(kRetK, 0), S(kRetK, 1)}, false},
    {"ja_in_range", {S(kJa, 1), S(kRetK, 0), S(kRetK, 1)}, true},
    {"ja_past_end", {S(kJa, 2), S(kRetK, 0), S(kRetK, 1)}, false},
    {"ja_backward_wraps_into_range", {S(kRetK, 0), S(kJa, 0xfffffffe), S(kRetK, 1)}, true},
    {"ja_backward_before_start", {S(kJa, 0xfffffffe), S(kRetK, 1)}, false},
    {"jmp_unknown_op", {S(BPF_JMP | 0x50), S(kRetK, 1)}, false},
    {"jmp_unknown_op_f0", {S(BPF_JMP | 0xf0), S(kRetK, 1)}, false},
    {"high_code_bits_ignored", {S(0xff00 | kLdImm), S(kRetA)}, true},
    {"ret_high_bits", {S(0x1006)}, true},
};

class ValidateTable : public ::testing::TestWithParam<ValidateCase> {};

TEST_P(ValidateTable, MatchesExpectedAndOracle) {
  const ValidateCase& c = GetParam();
  const int len = static_cast<int>(c.insns.size());
  EXPECT_EQ(validate(c.insns.data(), len), c.valid);
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available()) << oracle.error();
  if (len > 0) EXPECT_EQ(oracle.validate(c.insns.data(), len) != 0, c.valid);
}

INSTANTIATE_TEST_SUITE_P(Rules, ValidateTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Validate, NegativeLengthAndNull) {
  const bpf_insn ret = S(kRetK, 1);
  EXPECT_FALSE(validate(&ret, 0));
  EXPECT_FALSE(validate(&ret, -1));
  EXPECT_FALSE(validate(nullptr, 1));
  EXPECT_EQ(BpfOracle::get().validate(&ret, 0), 0);
  EXPECT_EQ(BpfOracle::get().validate(&ret, -1), 0);
}

// Every opcode, with k, jt and jf values around each boundary, placed first
// and followed by returns: our verdict equals libpcap's for all of them.
TEST(Validate, EveryOpcodeMatchesOracle) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available()) << oracle.error();
  const uint32_t ks[] = {0, 1, 2, 3, 15, 16, 17, 0x7fffffff, 0xfffffffd, 0xfffffffe, 0xffffffff};
  const uint8_t js[] = {0, 1, 2, 3, 255};
  size_t checked = 0;
  for (uint32_t code = 0; code <= 0xffff; ++code) {
    const bool jump = BPF_CLASS(code) == BPF_JMP;
    for (uint32_t k : ks) {
      for (uint8_t jt : js) {
        for (uint8_t jf : js) {
          if (!jump && (jt != 0 || jf != 0)) continue;
          for (int at = 0; at < 2; ++at) {  // first, or second after a return
            std::vector<bpf_insn> p = {S(kRetK, 1), S(kRetK, 2), S(kRetK, 3)};
            p[at] = bpf_insn{static_cast<uint16_t>(code), jt, jf, k};
            for (int len : {at + 1, 3}) {
              ASSERT_EQ(validate(p.data(), len), oracle.validate(p.data(), len) != 0)
                  << std::hex << "code 0x" << code << " k 0x" << k << std::dec << " jt " << int(jt)
                  << " jf " << int(jf) << " at " << at << " len " << len;
              ++checked;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 1000000u);
}

}  // namespace
}  // namespace wpcap::bpf
