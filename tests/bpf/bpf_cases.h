// bpf_cases.h - table of single-purpose BPF programs, one or more per
// opcode class, with the result libpcap's semantics give on a fixed packet.
//
// Entry points: kTestPacket (Ethernet/IPv4/TCP SYN, 54 bytes) and
// opcode_cases(). Shared by interp_test.cc, jit_test.cc and program_test.cc;
// every row is also checked against the system libpcap where it can run.
#pragma once

#include <pcap/bpf.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bpf/opcodes.h"
#include "bpf/program.h"

namespace wpcap::testing {

// 00:11:22:33:44:55 <- 66:77:88:99:aa:bb, IPv4 10.1.2.3 -> 10.4.5.6, TCP
// 12345 -> 80, flags SYN. Offsets: [12]=0x0800, [14]=0x45, [23]=6,
// [26]=0x0a010203, [30]=0x0a040506, [34]=0x3039, [36]=0x0050, [47]=0x02.
inline const std::vector<u_char> kTestPacket = {
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0x0a, 0x01,
    0x02, 0x03, 0x0a, 0x04, 0x05, 0x06, 0x30, 0x39, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00};

struct OpcodeCase {
  std::string name;
  std::vector<bpf_insn> insns;
  u_int expected;
  u_int wirelen = 60;                  // buflen is kTestPacket.size()
  bool use_aux = false;                // run with `aux` (no oracle: bpf_filter has no aux)
  bpf::AuxData aux = {};
  bool oracle_can_run = true;          // false: libpcap would abort() on it
};

inline bpf_insn S(uint16_t code, uint32_t k = 0) { return bpf_insn{code, 0, 0, k}; }
inline bpf_insn J(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) { return bpf_insn{code, jt, jf, k}; }

// `ld #a; ldx #x; <op>; ret a`
inline OpcodeCase alu(const std::string& name, uint16_t code, uint32_t a, uint32_t x_or_k, u_int expected) {
  using namespace bpf;
  const bool by_x = BPF_SRC(code) == BPF_X;
  return {name, {S(kLdImm, a), S(kLdxImm, by_x ? x_or_k : 0), S(code, by_x ? 0 : x_or_k), S(kRetA)}, expected};
}

inline std::vector<OpcodeCase> opcode_cases() {
  using namespace bpf;
  std::vector<OpcodeCase> c = {
      // --- loads (BPF_LD / BPF_LDX) ---
      {"ld_abs_word", {S(kLdWAbs, 26), S(kRetA)}, 0x0a010203},
      {"ld_abs_word_at_0", {S(kLdWAbs, 0), S(kRetA)}, 0x00112233},
      {"ld_abs_word_last_fit", {S(kLdWAbs, 50), S(kRetK, 1)}, 1},
      {"ld_abs_word_oob", {S(kLdWAbs, 51), S(kRetK, 1)}, 0},
      {"ld_abs_word_k_max", {S(kLdWAbs, 0xffffffff), S(kRetK, 1)}, 0},
      {"ld_abs_word_k_wraps", {S(kLdWAbs, 0xfffffffe), S(kRetK, 1)}, 0},
      {"ld_abs_half", {S(kLdHAbs, 12), S(kRetA)}, 0x0800},
      {"ld_abs_half_last_fit", {S(kLdHAbs, 52), S(kRetK, 1)}, 1},
      {"ld_abs_half_oob", {S(kLdHAbs, 53), S(kRetK, 1)}, 0},
      {"ld_abs_byte", {S(kLdBAbs, 23), S(kRetA)}, 6},
      {"ld_abs_byte_last_fit", {S(kLdBAbs, 53), S(kRetK, 1)}, 1},
      {"ld_abs_byte_oob", {S(kLdBAbs, 54), S(kRetK, 1)}, 0},
      {"ld_abs_byte_big_k", {S(kLdBAbs, 0x80000000), S(kRetK, 1)}, 0},
      {"ld_len", {S(kLdWLen), S(kRetA)}, 60},
      {"ldx_len", {S(kLdxWLen), S(kTxa), S(kRetA)}, 60},
      {"ld_ind_word", {S(kLdxImm, 10), S(kLdWInd, 16), S(kRetA)}, 0x0a010203},
      {"ld_ind_half", {S(kLdxImm, 20), S(kLdHInd, 14), S(kRetA)}, 0x3039},
      {"ld_ind_byte", {S(kLdxImm, 40), S(kLdBInd, 7), S(kRetA)}, 0x02},
      {"ld_ind_word_oob", {S(kLdxImm, 50), S(kLdWInd, 1), S(kRetK, 1)}, 0},
      {"ld_ind_half_oob", {S(kLdxImm, 52), S(kLdHInd, 1), S(kRetK, 1)}, 0},
      {"ld_ind_byte_oob", {S(kLdxImm, 54), S(kLdBInd, 0), S(kRetK, 1)}, 0},
      {"ld_ind_x_plus_k_no_wrap", {S(kLdxImm, 0xffffffff), S(kLdBInd, 1), S(kRetK, 1)}, 0},
      {"ld_ind_k_no_wrap", {S(kLdxImm, 2), S(kLdWInd, 0xfffffffe), S(kRetK, 1)}, 0},
      {"ldx_msh", {S(kLdxMsh, 14), S(kTxa), S(kRetA)}, 20},
      {"ldx_msh_then_ind", {S(kLdxMsh, 14), S(kLdHInd, 16), S(kRetA)}, 80},
      {"ldx_msh_oob", {S(kLdxMsh, 54), S(kRetK, 1)}, 0},
      {"ldx_msh_k_max", {S(kLdxMsh, 0xffffffff), S(kRetK, 1)}, 0},
      {"ld_imm", {S(kLdImm, 0x12345678), S(kRetA)}, 0x12345678},
      {"ldx_imm", {S(kLdxImm, 0xdeadbeef), S(kTxa), S(kRetA)}, 0xdeadbeef},
      // --- memory (BPF_ST / BPF_STX / BPF_MEM) ---
      {"st_ld_mem", {S(kLdImm, 7), S(kSt, 3), S(kLdImm, 0), S(kLdMem, 3), S(kRetA)}, 7},
      {"stx_ldx_mem", {S(kLdxImm, 9), S(kStx, 15), S(kLdxImm, 0), S(kLdxMem, 15), S(kTxa), S(kRetA)}, 9},
      {"st_keeps_slots_apart", {S(kLdImm, 1), S(kSt, 0), S(kLdImm, 2), S(kSt, 1), S(kLdMem, 0), S(kRetA)}, 1},
      // --- ALU, K and X forms ---
      alu("add_k_wraps", kAddK, 0xfffffff0, 0x20, 0x10),
      alu("add_x", kAddX, 5, 7, 12),
      alu("sub_k", kSubK, 5, 7, 0xfffffffe),
      alu("sub_x", kSubX, 9, 2, 7),
      alu("mul_k", kMulK, 0x10000, 0x10001, 0x10000),
      alu("mul_k_high_bit", kMulK, 3, 0x80000001, 0x80000003),
      alu("mul_x", kMulX, 6, 7, 42),
      alu("div_k", kDivK, 100, 7, 14),
      alu("div_k_pow2", kDivK, 100, 8, 12),
      alu("div_k_one", kDivK, 100, 1, 100),
      alu("div_k_big", kDivK, 0xffffffff, 0x80000000, 1),
      alu("div_x", kDivX, 100, 7, 14),
      alu("mod_k", kModK, 100, 7, 2),
      alu("mod_k_pow2", kModK, 100, 8, 4),
      alu("mod_x", kModX, 100, 7, 2),
      alu("and_k", kAndK, 0xff00ff00, 0x0ff00ff0, 0x0f000f00),
      alu("and_x", kAndX, 0xff, 0x0f, 0x0f),
      alu("or_k", kOrK, 0xf0, 0x0f, 0xff),
      alu("or_x", kOrX, 0x100, 0x1, 0x101),
      alu("xor_k", kXorK, 0xff, 0x0f, 0xf0),
      alu("xor_x", kXorX, 0xffffffff, 0x1, 0xfffffffe),
      alu("lsh_k", kLshK, 1, 4, 16),
      alu("lsh_k_31", kLshK, 1, 31, 0x80000000),
      alu("lsh_k_32_masks", kLshK, 3, 32, 3),
      alu("lsh_k_33_masks", kLshK, 1, 33, 2),
      alu("lsh_x", kLshX, 1, 4, 16),
      alu("lsh_x_31", kLshX, 1, 31, 0x80000000),
      alu("lsh_x_32_zero", kLshX, 3, 32, 0),
      alu("lsh_x_huge_zero", kLshX, 3, 0xffffffff, 0),
      alu("rsh_k", kRshK, 0x80, 4, 8),
      alu("rsh_k_40_masks", kRshK, 0x800, 40, 8),
      alu("rsh_x", kRshX, 0x80000000, 31, 1),
      alu("rsh_x_33_zero", kRshX, 0x80000000, 33, 0),
      {"neg", {S(kLdImm, 1), S(kNeg), S(kRetA)}, 0xffffffff},
      {"neg_zero", {S(kLdImm, 0), S(kNeg), S(kRetA)}, 0},
      {"div_x_zero_rejects", {S(kLdImm, 1), S(kLdxImm, 0), S(kDivX), S(kRetK, 1)}, 0},
      {"mod_x_zero_rejects", {S(kLdImm, 1), S(kLdxImm, 0), S(kModX), S(kRetK, 1)}, 0},
      // --- jumps ---
      {"ja_forward", {S(kJa, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"ja_zero", {S(kJa, 0), S(kRetK, 3)}, 3},
      {"ja_backward_loop",
       {S(kLdImm, 0), S(kAddK, 1), J(kJeqK, 5, 1, 0), S(kJa, 0xfffffffd), S(kRetA)}, 5},
      {"jeq_k_true", {S(kLdImm, 5), J(kJeqK, 5, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 1},
      {"jeq_k_false", {S(kLdImm, 4), J(kJeqK, 5, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jeq_k_far_targets", {S(kLdImm, 4), J(kJeqK, 5, 1, 2), S(kRetK, 1), S(kRetK, 2), S(kRetK, 3)}, 3},
      {"jgt_k_equal", {S(kLdImm, 5), J(kJgtK, 5, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jgt_k_unsigned", {S(kLdImm, 0x80000000), J(kJgtK, 1, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 1},
      {"jge_k_equal", {S(kLdImm, 5), J(kJgeK, 5, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 1},
      {"jge_k_less", {S(kLdImm, 4), J(kJgeK, 5, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jset_k_hit", {S(kLdImm, 6), J(kJsetK, 2, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 1},
      {"jset_k_miss", {S(kLdImm, 6), J(kJsetK, 1, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jset_k_zero", {S(kLdImm, 6), J(kJsetK, 0, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jeq_x", {S(kLdImm, 5), S(kLdxImm, 5), J(kJeqX, 0, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 1},
      {"jgt_x", {S(kLdImm, 5), S(kLdxImm, 6), J(kJgtX, 0, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jge_x", {S(kLdImm, 6), S(kLdxImm, 6), J(kJgeX, 0, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 1},
      {"jset_x", {S(kLdImm, 6), S(kLdxImm, 8), J(kJsetX, 0, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jump_same_target", {S(kLdImm, 6), J(kJeqK, 6, 1, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      {"jump_true_is_next", {S(kLdImm, 6), J(kJeqK, 7, 0, 1), S(kRetK, 1), S(kRetK, 2)}, 2},
      // --- returns ---
      {"ret_k", {S(kRetK, 0xfffffffe)}, 0xfffffffe},
      {"ret_k_zero", {S(kRetK, 0)}, 0},
      {"ret_a", {S(kLdImm, 42), S(kRetA)}, 42},
      {"a_x_start_zero", {S(kAddX), S(kRetA)}, 0},
      // --- misc ---
      {"tax", {S(kLdImm, 3), S(kTax), S(kLdImm, 0), S(kTxa), S(kRetA)}, 3},
      {"txa", {S(kLdxImm, 4), S(kTxa), S(kRetA)}, 4},
      // --- Linux ancillary data (VLAN) ---
      {"vlanp_without_aux_rejects", {S(kLdBAbs, kVlanTagPresentK), S(kRetK, 1)}, 0},
      {"vlan_tci_without_aux_rejects", {S(kLdBAbs, kVlanTagK), S(kRetK, 1)}, 0},
      {"ldh_vlanp_is_plain_load", {S(kLdHAbs, kVlanTagPresentK), S(kRetK, 1)}, 0},
      // --- packet type and ifindex: without aux, out-of-range packet loads ---
      {"ldh_pkttype_without_aux_rejects", {S(kLdHAbs, kPktTypeK), S(kRetK, 1)}, 0},
      {"ld_pkttype_without_aux_rejects", {S(kLdWAbs, kPktTypeK), S(kRetK, 1)}, 0},
      {"ldb_pkttype_without_aux_rejects", {S(kLdBAbs, kPktTypeK), S(kRetK, 1)}, 0},
      {"ld_ifindex_without_aux_rejects", {S(kLdWAbs, kIfIndexK), S(kRetK, 1)}, 0},
  };
  // With aux, any load size reads the kernel's value (PACKET_OUTGOING = 4).
  for (uint16_t code : {kLdWAbs, kLdHAbs, kLdBAbs}) {
    const std::string size = code == kLdWAbs ? "ld" : code == kLdHAbs ? "ldh" : "ldb";
    OpcodeCase type{size + "_pkttype_with_aux", {S(code, kPktTypeK), S(kRetA)}, 4};
    type.use_aux = true;
    type.aux.pkttype = 4;
    c.push_back(type);
    OpcodeCase host{size + "_pkttype_host_with_aux", {S(code, kPktTypeK), S(kAddK, 7), S(kRetA)}, 7};
    host.use_aux = true;
    c.push_back(host);
    OpcodeCase ifx{size + "_ifindex_with_aux", {S(code, kIfIndexK), S(kRetA)}, 0x12345};
    ifx.use_aux = true;
    ifx.aux.ifindex = 0x12345;
    c.push_back(ifx);
  }
  // `outbound` as our compiler emits it: ldh [type]; jeq #4.
  OpcodeCase outbound{"outbound_with_aux", {S(kLdHAbs, kPktTypeK), J(kJeqK, 4, 0, 1), S(kRetK, 100), S(kRetK, 0)},
                      100};
  outbound.use_aux = true;
  outbound.aux.pkttype = 4;
  c.push_back(outbound);
  OpcodeCase inbound_pkt{"outbound_with_aux_incoming",
                         {S(kLdHAbs, kPktTypeK), J(kJeqK, 4, 0, 1), S(kRetK, 100), S(kRetK, 0)}, 0};
  inbound_pkt.use_aux = true;
  inbound_pkt.aux.pkttype = 1;  // PACKET_BROADCAST
  c.push_back(inbound_pkt);
  OpcodeCase vlanp{"vlanp_with_aux", {S(kLdBAbs, kVlanTagPresentK), S(kRetA)}, 1};
  vlanp.use_aux = true;
  vlanp.aux = {true, 0x123};
  c.push_back(vlanp);
  OpcodeCase no_tag{"vlanp_with_aux_absent", {S(kLdBAbs, kVlanTagPresentK), S(kAddK, 10), S(kRetA)}, 10};
  no_tag.use_aux = true;
  c.push_back(no_tag);
  OpcodeCase tci{"vlan_tci_with_aux", {S(kLdBAbs, kVlanTagK), S(kRetA)}, 0x123};
  tci.use_aux = true;
  tci.aux = {true, 0x123};
  c.push_back(tci);
  OpcodeCase plain{"aux_does_not_affect_plain_loads", {S(kLdBAbs, 23), S(kRetA)}, 6};
  plain.use_aux = true;
  c.push_back(plain);
  // Encodings bpf_validate accepts but libpcap's interpreter abort()s on.
  for (uint16_t code : {uint16_t{0x21}, uint16_t{0x0e}, uint16_t{0x08}, uint16_t{0x8c}, uint16_t{0x0f},
                        uint16_t{0x104}}) {
    OpcodeCase u{"validated_unexecutable_0x" + std::to_string(code), {S(kLdImm, 1), S(code, 0), S(kRetK, 1)}, 0};
    u.oracle_can_run = false;
    c.push_back(u);
  }
  return c;
}

}  // namespace wpcap::testing
