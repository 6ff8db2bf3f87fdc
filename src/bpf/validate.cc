// validate.cc - the classic-BPF validator (see validate.h).
//
// Rules: load/store modes must be known, memory indexes < BPF_MEMWORDS,
// ALU ops known and no constant division or modulo by zero, jump targets
// inside the program (u_int arithmetic, so `ja` may wrap backwards), and
// the last instruction must be a return. Size bits are not checked.
#include "bpf/validate.h"

namespace wpcap::bpf {
namespace {

bool valid_load(const bpf_insn& insn) {
  switch (BPF_MODE(insn.code)) {
    case BPF_IMM:
    case BPF_ABS:
    case BPF_IND:
    case BPF_MSH:
    case BPF_LEN:
      return true;
    case BPF_MEM:
      return insn.k < BPF_MEMWORDS;
    default:
      return false;
  }
}

bool valid_alu(const bpf_insn& insn) {
  switch (BPF_OP(insn.code)) {
    case BPF_ADD:
    case BPF_SUB:
    case BPF_MUL:
    case BPF_OR:
    case BPF_AND:
    case BPF_XOR:
    case BPF_LSH:
    case BPF_RSH:
    case BPF_NEG:
      return true;
    case BPF_DIV:
    case BPF_MOD:
      return !(BPF_SRC(insn.code) == BPF_K && insn.k == 0);
    default:
      return false;
  }
}

bool valid_jump(const bpf_insn& insn, u_int from, u_int len) {
  switch (BPF_OP(insn.code)) {
    case BPF_JA:
      return from + insn.k < len;  // wraps modulo 2^32 like libpcap
    case BPF_JEQ:
    case BPF_JGT:
    case BPF_JGE:
    case BPF_JSET:
      return from + insn.jt < len && from + insn.jf < len;
    default:
      return false;
  }
}

bool valid_insn(const bpf_insn& insn, u_int index, u_int len) {
  switch (BPF_CLASS(insn.code)) {
    case BPF_LD:
    case BPF_LDX:
      return valid_load(insn);
    case BPF_ST:
    case BPF_STX:
      return insn.k < BPF_MEMWORDS;
    case BPF_ALU:
      return valid_alu(insn);
    case BPF_JMP:
      return valid_jump(insn, index + 1, len);
    default:  // BPF_RET, BPF_MISC: any encoding
      return true;
  }
}

}  // namespace

bool validate(const bpf_insn* insns, int len) {
  if (insns == nullptr || len < 1) return false;
  const u_int n = static_cast<u_int>(len);
  for (u_int i = 0; i < n; ++i) {
    if (!valid_insn(insns[i], i, n)) return false;
  }
  return BPF_CLASS(insns[n - 1].code) == BPF_RET;
}

}  // namespace wpcap::bpf
