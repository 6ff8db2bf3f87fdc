// x86_64_emitter.cc - classic BPF -> x86-64 machine code, via xbyak.
//
// Entry point: jit::emit_x86_64(). Register plan (SysV, leaf, no frame):
// rdi = packet, esi = wirelen, r8 = buflen (zero-extended), r10 = aux,
// eax = A, r9d = X, ecx/edx/r11 scratch; M[] lives in the red zone below
// rsp. Chains of `jeq #k` (jit/jeq_chains.h) become binary searches.
// Semantics match interp.cc exactly (checked by tests/bpf/jit_test.cc
// and tests/differential/bpf_differential_test.cc).
#include "wpcap/config.h"

#if WPCAP_HAVE_JIT

#define XBYAK_NO_EXCEPTION
#include <xbyak/xbyak.h>

#include <cstddef>
#include <deque>
#include <vector>

#include "bpf/jit/jit_code.h"
#include "bpf/opcodes.h"

namespace wpcap::bpf::jit {
namespace {

using Xbyak::Label;

constexpr size_t kMemBytes = 4 * BPF_MEMWORDS;  // red-zone area for M[]
constexpr uint32_t kMaxDisp = 0x7fffffffu;

bool is_power_of_two(uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }
int log2_of(uint32_t v) { return __builtin_ctz(v); }

class Emitter : public Xbyak::CodeGenerator {
 public:
  Emitter(std::span<const bpf_insn> insns, const std::vector<JeqChain>& chains, void* buf, size_t capacity)
      : Xbyak::CodeGenerator(capacity, buf), insns_(insns), labels_(insns.size()),
        chain_at_(insns.size(), nullptr) {
    for (const JeqChain& c : chains) chain_at_[c.head] = &c;
  }

  bool run() {
    prologue();
    for (size_t i = 0; i < insns_.size(); ++i) {
      L(labels_[i]);
      if (chain_at_[i] != nullptr) {
        emit_search(*chain_at_[i], 0, chain_at_[i]->cases.size());
      } else {
        emit_insn(i);
      }
    }
    L(reject_);
    xor_(eax, eax);
    ret();
    return Xbyak::GetError() == 0;
  }

 private:
  Xbyak::Address mem_slot(uint32_t k) { return dword[rsp - (kMemBytes - 4 * k)]; }
  // Backward jumps left before the packet is rejected (red zone, below M[]).
  Xbyak::Address back_budget() { return dword[rsp - (kMemBytes + 4)]; }

  void prologue() {
    mov(r8d, edx);  // buflen, zero-extended for 64-bit bound checks
    mov(r10, rcx);  // aux
    xor_(eax, eax);
    xor_(r9d, r9d);
    std::vector<bool> zeroed(BPF_MEMWORDS, false);
    bool loops = false;
    for (const bpf_insn& insn : insns_) loops = loops || (insn.code == kJa && static_cast<int32_t>(insn.k) < 0);
    if (loops) mov(back_budget(), kMaxBackwardJumps);
    for (const bpf_insn& insn : insns_) {
      if ((insn.code == kLdMem || insn.code == kLdxMem) && !zeroed[insn.k]) {
        zeroed[insn.k] = true;
        mov(mem_slot(insn.k), 0);
      }
    }
  }

  Label& target(size_t i, int64_t offset) { return labels_[static_cast<size_t>(int64_t(i) + 1 + offset)]; }

  void emit_insn(size_t i);
  void emit_abs_load(uint32_t k, int size);
  void emit_ind_load(uint32_t k, int size);
  void emit_msh(uint32_t k);
  void emit_aux_load(uint32_t k);
  void emit_aux_value(uint32_t k);
  void emit_aux_or_abs_load(uint32_t k, int size);
  void emit_load_at(const Xbyak::RegExp& addr, int size, const Xbyak::Reg32& dst);
  void emit_cond_jump(size_t i, const bpf_insn& insn);
  void emit_alu_k(uint16_t code, uint32_t k);
  void emit_alu_x(uint16_t code);
  void emit_div(bool mod, bool by_x, uint32_t k);
  void emit_search(const JeqChain& chain, size_t lo, size_t hi);

  std::span<const bpf_insn> insns_;
  std::vector<Label> labels_;
  std::vector<const JeqChain*> chain_at_;
  std::deque<Label> search_labels_;  // stable addresses for xbyak
  Label reject_;
};

void Emitter::emit_load_at(const Xbyak::RegExp& addr, int size, const Xbyak::Reg32& dst) {
  switch (size) {
    case 4:
      mov(dst, dword[addr]);
      bswap(dst);
      break;
    case 2:
      movzx(dst, word[addr]);
      rol(dst.cvt16(), 8);
      break;
    default:
      movzx(dst, byte[addr]);
      break;
  }
}

void Emitter::emit_abs_load(uint32_t k, int size) {
  if (uint64_t{k} + size > 0xffffffffu) {  // can never be inside the buffer
    jmp(reject_, T_NEAR);
    return;
  }
  cmp(r8d, k + size);
  jb(reject_, T_NEAR);
  if (k <= kMaxDisp) {
    emit_load_at(rdi + k, size, eax);
  } else {
    mov(r11d, k);
    emit_load_at(rdi + r11, size, eax);
  }
}

void Emitter::emit_aux_load(uint32_t k) {
  test(r10, r10);
  jz(reject_, T_NEAR);
  emit_aux_value(k);
}

// A = the metadata field for k; r10 (aux) is known non-null.
void Emitter::emit_aux_value(uint32_t k) {
  if (k == kVlanTagK) {
    movzx(eax, word[r10 + offsetof(AuxData, vlan_tag)]);
  } else if (k == kPktTypeK) {
    movzx(eax, byte[r10 + offsetof(AuxData, pkttype)]);
  } else if (k == kIfIndexK) {
    mov(eax, dword[r10 + offsetof(AuxData, ifindex)]);
  } else {
    movzx(eax, byte[r10 + offsetof(AuxData, vlan_tag_present)]);
  }
}

// Packet type / ifindex: from aux when there is one, else a plain load.
void Emitter::emit_aux_or_abs_load(uint32_t k, int size) {
  Label no_aux, done;
  test(r10, r10);
  jz(no_aux, T_NEAR);
  emit_aux_value(k);
  jmp(done, T_NEAR);
  L(no_aux);
  emit_abs_load(k, size);
  L(done);
}

void Emitter::emit_ind_load(uint32_t k, int size) {
  mov(r11d, r9d);  // zero-extends X: X + k is computed in 64 bits
  if (k != 0) {
    if (k <= kMaxDisp) {
      add(r11, k);
    } else {
      mov(ecx, k);
      add(r11, rcx);
    }
  }
  lea(rcx, ptr[r11 + size]);
  cmp(rcx, r8);
  ja(reject_, T_NEAR);
  emit_load_at(rdi + r11, size, eax);
}

void Emitter::emit_msh(uint32_t k) {
  if (k == 0xffffffffu) {
    jmp(reject_, T_NEAR);
    return;
  }
  cmp(r8d, k + 1);
  jb(reject_, T_NEAR);
  if (k <= kMaxDisp) {
    movzx(r9d, byte[rdi + k]);
  } else {
    mov(r11d, k);
    movzx(r9d, byte[rdi + r11]);
  }
  and_(r9d, 0xf);
  shl(r9d, 2);
}

void Emitter::emit_cond_jump(size_t i, const bpf_insn& insn) {
  const size_t t = i + 1 + insn.jt, f = i + 1 + insn.jf, next = i + 1;
  if (t == f) {
    if (t != next) jmp(labels_[t], T_NEAR);
    return;
  }
  const bool by_x = BPF_SRC(insn.code) == BPF_X;
  const int op = BPF_OP(insn.code);
  if (op == BPF_JSET) {
    if (by_x) test(eax, r9d); else test(eax, insn.k);
  } else {
    if (by_x) cmp(eax, r9d); else cmp(eax, insn.k);
  }
  // Jump to t when the condition holds, or to f when it fails.
  auto jump_if = [&](bool holds, Label& to) {
    switch (op) {
      case BPF_JGT: holds ? ja(to, T_NEAR) : jbe(to, T_NEAR); break;
      case BPF_JGE: holds ? jae(to, T_NEAR) : jb(to, T_NEAR); break;
      case BPF_JEQ: holds ? je(to, T_NEAR) : jne(to, T_NEAR); break;
      default: holds ? jnz(to, T_NEAR) : jz(to, T_NEAR); break;
    }
  };
  if (t == next) {
    jump_if(false, labels_[f]);
  } else {
    jump_if(true, labels_[t]);
    if (f != next) jmp(labels_[f], T_NEAR);
  }
}

void Emitter::emit_div(bool mod, bool by_x, uint32_t k) {
  if (!by_x && is_power_of_two(k)) {
    if (mod) {
      and_(eax, k - 1);
    } else if (k != 1) {
      shr(eax, log2_of(k));
    }
    return;
  }
  if (by_x) {
    test(r9d, r9d);
    jz(reject_, T_NEAR);
    xor_(edx, edx);
    div(r9d);
  } else {
    mov(ecx, k);
    xor_(edx, edx);
    div(ecx);
  }
  if (mod) mov(eax, edx);
}

// Binary search over chain.cases[lo, hi) (sorted by value): an equal value
// jumps to its target, no match jumps to the chain's fallback.
void Emitter::emit_search(const JeqChain& chain, size_t lo, size_t hi) {
  if (hi - lo <= 4) {
    for (size_t i = lo; i < hi; ++i) {
      cmp(eax, chain.cases[i].value);
      je(labels_[chain.cases[i].target], T_NEAR);
    }
    jmp(labels_[chain.fallback], T_NEAR);
    return;
  }
  const size_t mid = lo + (hi - lo) / 2;
  Label& upper = search_labels_.emplace_back();
  cmp(eax, chain.cases[mid].value);
  je(labels_[chain.cases[mid].target], T_NEAR);
  ja(upper, T_NEAR);
  emit_search(chain, lo, mid);
  L(upper);
  emit_search(chain, mid + 1, hi);
}

void Emitter::emit_alu_k(uint16_t code, uint32_t k) {
  switch (code) {
    case kAddK: add(eax, k); break;
    case kSubK: sub(eax, k); break;
    case kMulK: imul(eax, eax, static_cast<int>(k)); break;
    case kDivK: emit_div(false, false, k); break;
    case kModK: emit_div(true, false, k); break;
    case kAndK: and_(eax, k); break;
    case kOrK: or_(eax, k); break;
    case kXorK: xor_(eax, k); break;
    case kLshK: if (k & 31) shl(eax, static_cast<int>(k & 31)); break;
    case kRshK: if (k & 31) shr(eax, static_cast<int>(k & 31)); break;
    default: break;
  }
}

void Emitter::emit_alu_x(uint16_t code) {
  switch (code) {
    case kAddX: add(eax, r9d); break;
    case kSubX: sub(eax, r9d); break;
    case kMulX: imul(eax, r9d); break;
    case kDivX: emit_div(false, true, 0); break;
    case kModX: emit_div(true, true, 0); break;
    case kAndX: and_(eax, r9d); break;
    case kOrX: or_(eax, r9d); break;
    case kXorX: xor_(eax, r9d); break;
    case kLshX:
    case kRshX:  // shifts by X >= 32 give 0
      mov(ecx, r9d);
      xor_(edx, edx);
      if (code == kLshX) shl(eax, cl); else shr(eax, cl);
      cmp(r9d, 32);
      cmovae(eax, edx);
      break;
    default: break;
  }
}

void Emitter::emit_insn(size_t i) {
  const bpf_insn& insn = insns_[i];
  const uint32_t k = insn.k;
  switch (insn.code) {
    case kRetK: mov(eax, k); ret(); break;
    case kRetA: ret(); break;
    case kLdWAbs:
    case kLdHAbs:
    case kLdBAbs: {
      // The packet type and ifindex at any size, the VLAN data for ldb only.
      const int size = insn.code == kLdWAbs ? 4 : insn.code == kLdHAbs ? 2 : 1;
      if (k == kPktTypeK || k == kIfIndexK) {
        emit_aux_or_abs_load(k, size);
      } else if (size == 1 && (k == kVlanTagK || k == kVlanTagPresentK)) {
        emit_aux_load(k);
      } else {
        emit_abs_load(k, size);
      }
      break;
    }
    case kLdWInd: emit_ind_load(k, 4); break;
    case kLdHInd: emit_ind_load(k, 2); break;
    case kLdBInd: emit_ind_load(k, 1); break;
    case kLdxMsh: emit_msh(k); break;
    case kLdWLen: mov(eax, esi); break;
    case kLdxWLen: mov(r9d, esi); break;
    case kLdImm: mov(eax, k); break;
    case kLdxImm: mov(r9d, k); break;
    case kLdMem: mov(eax, mem_slot(k)); break;
    case kLdxMem: mov(r9d, mem_slot(k)); break;
    case kSt: mov(mem_slot(k), eax); break;
    case kStx: mov(mem_slot(k), r9d); break;
    case kJa:
      if (static_cast<int32_t>(k) < 0) {
        sub(back_budget(), 1);
        jb(reject_, T_NEAR);  // borrow: the budget was already 0
      }
      if (static_cast<int32_t>(k) != 0) jmp(target(i, static_cast<int32_t>(k)), T_NEAR);
      break;
    case kJgtK: case kJgeK: case kJeqK: case kJsetK:
    case kJgtX: case kJgeX: case kJeqX: case kJsetX:
      emit_cond_jump(i, insn);
      break;
    case kNeg: neg(eax); break;
    case kTax: mov(r9d, eax); break;
    case kTxa: mov(eax, r9d); break;
    case kAddK: case kSubK: case kMulK: case kDivK: case kModK:
    case kAndK: case kOrK: case kXorK: case kLshK: case kRshK:
      emit_alu_k(insn.code, k);
      break;
    case kAddX: case kSubX: case kMulX: case kDivX: case kModX:
    case kAndX: case kOrX: case kXorX: case kLshX: case kRshX:
      emit_alu_x(insn.code);
      break;
    default:
      jmp(reject_, T_NEAR);  // validated but not executable: reject like interp.cc
      break;
  }
}

}  // namespace

size_t emit_x86_64(std::span<const bpf_insn> insns, const std::vector<JeqChain>& chains, void* buf,
                   size_t capacity) {
  Xbyak::ClearError();
  size_t used = 0;
  {
    Emitter e(insns, chains, buf, capacity);
    if (e.run()) used = e.getSize();
  }
  Xbyak::ClearError();
  return used;
}

}  // namespace wpcap::bpf::jit

#else  // !WPCAP_HAVE_JIT

#include "bpf/jit/jit_code.h"

namespace wpcap::bpf::jit {
size_t emit_x86_64(std::span<const bpf_insn>, const std::vector<JeqChain>&, void*, size_t) { return 0; }
}  // namespace wpcap::bpf::jit

#endif
