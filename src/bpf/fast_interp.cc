// fast_interp.cc - decoded, direct-dispatch BPF interpreter (see fast_interp.h).
//
// decode() maps each bpf_insn to a dense D-op; run_decoded() dispatches
// with GCC's labels-as-values, so each instruction ends in its own
// indirect jump (better prediction than one shared switch). Bounds checks
// use 64-bit sums, shifts follow bpf/alu.h, M[] starts zeroed.
#include "bpf/fast_interp.h"

#include <cstring>

#include "bpf/alu.h"
#include "bpf/opcodes.h"

namespace wpcap::bpf {
namespace {

// One X-macro row per decoded operation: name and the opcode it comes from
// (-1 for the ones decode() derives specially).
#define WPCAP_DOPS(X)                                                                                    \
  X(RetK, kRetK) X(RetA, kRetA) X(LdW, kLdWAbs) X(LdH, kLdHAbs) X(LdB, kLdBAbs) X(LdVlanTag, -1)          \
  X(LdVlanPresent, -1) X(LdPktType, -1) X(LdIfIndex, -1) X(LdWInd, kLdWInd) X(LdHInd, kLdHInd)           \
  X(LdBInd, kLdBInd) X(LdxMsh, kLdxMsh)                                                                  \
  X(LdLen, kLdWLen) X(LdxLen, kLdxWLen) X(LdImm, kLdImm) X(LdxImm, kLdxImm) X(LdMem, kLdMem)            \
  X(LdxMem, kLdxMem) X(St, kSt) X(Stx, kStx) X(Ja, kJa) X(JgtK, kJgtK) X(JgeK, kJgeK) X(JeqK, kJeqK)    \
  X(JsetK, kJsetK) X(JgtX, kJgtX) X(JgeX, kJgeX) X(JeqX, kJeqX) X(JsetX, kJsetX) X(AddK, kAddK)         \
  X(SubK, kSubK) X(MulK, kMulK) X(DivK, kDivK) X(ModK, kModK) X(AndK, kAndK) X(OrK, kOrK)               \
  X(XorK, kXorK) X(LshK, kLshK) X(RshK, kRshK) X(AddX, kAddX) X(SubX, kSubX) X(MulX, kMulX)             \
  X(DivX, kDivX) X(ModX, kModX) X(AndX, kAndX) X(OrX, kOrX) X(XorX, kXorX) X(LshX, kLshX)               \
  X(RshX, kRshX) X(Neg, kNeg) X(Tax, kTax) X(Txa, kTxa) X(Reject, -1) X(JeqChain, -1)   \
  X(LdWJeq, -1) X(LdWJgt, -1) X(LdWJge, -1) X(LdWJset, -1) X(LdHJeq, -1) X(LdHJgt, -1) X(LdHJge, -1)     \
  X(LdHJset, -1) X(LdBJeq, -1) X(LdBJgt, -1) X(LdBJge, -1) X(LdBJset, -1) X(LdWIndJeq, -1)              \
  X(LdWIndJgt, -1) X(LdWIndJge, -1) X(LdWIndJset, -1) X(LdHIndJeq, -1) X(LdHIndJgt, -1) X(LdHIndJge, -1)  \
  X(LdHIndJset, -1) X(LdBIndJeq, -1) X(LdBIndJgt, -1) X(LdBIndJge, -1) X(LdBIndJset, -1)

enum DOp : uint8_t {
#define WPCAP_ENUM(name, code) kD##name,
  WPCAP_DOPS(WPCAP_ENUM)
#undef WPCAP_ENUM
};

DOp decode_op(const bpf_insn& in) {
  if (in.code == kLdBAbs && in.k == kVlanTagK) return kDLdVlanTag;
  if (in.code == kLdBAbs && in.k == kVlanTagPresentK) return kDLdVlanPresent;
  const bool abs_load = in.code == kLdWAbs || in.code == kLdHAbs || in.code == kLdBAbs;
  if (abs_load && in.k == kPktTypeK) return kDLdPktType;  // any size, as in the kernel
  if (abs_load && in.k == kIfIndexK) return kDLdIfIndex;
  struct Row {
    int code;
    DOp op;
  };
  static const Row kRows[] = {
#define WPCAP_ROW(name, code) {code, kD##name},
      WPCAP_DOPS(WPCAP_ROW)
#undef WPCAP_ROW
  };
  for (const Row& row : kRows) {
    if (row.code == in.code) return row.op;
  }
  return kDReject;
}

inline uint32_t be32(const u_char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
inline uint32_t be16(const u_char* p) { return (uint32_t{p[0]} << 8) | p[1]; }

// `ld[hb] [k]` or `ld[hb] [x + k]` then `j<cond> #c`: one op that loads,
// compares and jumps.
// The jump keeps its own decoded slot for anything else that targets it.
void fuse_loads_and_jumps(std::vector<DecodedInsn>& code) {
  static const DOp kFused[6][4] = {{kDLdWJeq, kDLdWJgt, kDLdWJge, kDLdWJset},
                                   {kDLdHJeq, kDLdHJgt, kDLdHJge, kDLdHJset},
                                   {kDLdBJeq, kDLdBJgt, kDLdBJge, kDLdBJset},
                                   {kDLdWIndJeq, kDLdWIndJgt, kDLdWIndJge, kDLdWIndJset},
                                   {kDLdHIndJeq, kDLdHIndJgt, kDLdHIndJge, kDLdHIndJset},
                                   {kDLdBIndJeq, kDLdBIndJgt, kDLdBIndJge, kDLdBIndJset}};
  auto load_kind = [](uint8_t op) {
    switch (op) {
      case kDLdW: return 0;
      case kDLdH: return 1;
      case kDLdB: return 2;
      case kDLdWInd: return 3;
      case kDLdHInd: return 4;
      case kDLdBInd: return 5;
      default: return -1;
    }
  };
  for (size_t i = 0; i + 1 < code.size(); ++i) {
    const int size = load_kind(code[i].op);
    const DecodedInsn& j = code[i + 1];
    const int cond = j.op == kDJeqK ? 0 : j.op == kDJgtK ? 1 : j.op == kDJgeK ? 2 : j.op == kDJsetK ? 3 : -1;
    if (size < 0 || cond < 0) continue;
    code[i] = DecodedInsn{kFused[size][cond], code[i].k, j.jt, j.jf, j.k};
  }
}

}  // namespace

DecodedProgram decode(std::span<const bpf_insn> insns) {
  DecodedProgram prog;
  std::vector<DecodedInsn>& out = prog.code;
  out.resize(insns.size());
  for (size_t i = 0; i < insns.size(); ++i) {
    const bpf_insn& in = insns[i];
    DecodedInsn& d = out[i];
    if (in.code == kLdMem || in.code == kLdxMem) prog.zero_memory = true;
    d.op = decode_op(in);
    d.k = in.k;
    d.k2 = 0;
    if (d.op == kDLdPktType || d.op == kDLdIfIndex) d.k2 = in.code == kLdWAbs ? 4 : in.code == kLdHAbs ? 2 : 1;
    const auto next = static_cast<uint32_t>(i + 1);
    d.jt = next + in.jt;
    d.jf = next + in.jf;
    if (d.op == kDJa) d.jt = next + in.k;  // wraps for backward jumps, like validate()
  }
  prog.chains = find_jeq_chains(insns);
  for (size_t c = 0; c < prog.chains.size(); ++c) {
    DecodedInsn& d = out[prog.chains[c].head];
    d.op = kDJeqChain;
    d.k = static_cast<uint32_t>(c);
  }
  fuse_loads_and_jumps(out);
  return prog;
}

namespace {

// The chain's target for A: the first jeq whose constant equals A, else the fallback.
__attribute__((noinline)) uint32_t search_chain(const JeqChain& chain, uint32_t a) {
  size_t lo = 0, hi = chain.cases.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (chain.cases[mid].value < a) lo = mid + 1; else hi = mid;
  }
  if (lo < chain.cases.size() && chain.cases[lo].value == a) return static_cast<uint32_t>(chain.cases[lo].target);
  return static_cast<uint32_t>(chain.fallback);
}

}  // namespace

// no-crossjumping/no-gcse keep one indirect jump per handler (GCC would
// otherwise merge them into a single shared dispatch); clang (fuzz builds)
// has no such attribute and does not merge them.
#if defined(__clang__)
#define WPCAP_KEEP_DISPATCH
#else
#define WPCAP_KEEP_DISPATCH __attribute__((optimize("no-crossjumping", "no-gcse")))
#endif
WPCAP_KEEP_DISPATCH u_int run_decoded(const DecodedProgram& prog, const u_char* pkt, u_int wirelen,
                                      u_int buflen, const AuxData* aux) {
  static const void* const kLabels[] = {
#define WPCAP_LABEL(name, code) &&L_##name,
      WPCAP_DOPS(WPCAP_LABEL)
#undef WPCAP_LABEL
  };
  uint32_t a = 0, x = 0;
  uint32_t mem[BPF_MEMWORDS];
  if (prog.zero_memory) std::memset(mem, 0, sizeof mem);  // else never read
  const DecodedInsn* const code = prog.code.data();
  const DecodedInsn* pc = code;
  const uint64_t len = buflen;
  uint32_t back = 0;  // backward jumps taken (kMaxBackwardJumps)
#define NEXT() goto* kLabels[(++pc)->op]
#define JUMP(cond) \
  pc = code + ((cond) ? pc->jt : pc->jf); \
  goto* kLabels[pc->op]
  goto* kLabels[pc->op];
L_RetK: return pc->k;
L_RetA: return a;
L_LdW: if (uint64_t{pc->k} + 4 > len) return 0; a = be32(pkt + pc->k); NEXT();
L_LdH: if (uint64_t{pc->k} + 2 > len) return 0; a = be16(pkt + pc->k); NEXT();
L_LdB: if (uint64_t{pc->k} + 1 > len) return 0; a = pkt[pc->k]; NEXT();
L_LdVlanTag: if (aux == nullptr) return 0; a = aux->vlan_tag; NEXT();
L_LdVlanPresent: if (aux == nullptr) return 0; a = aux->vlan_tag_present ? 1 : 0; NEXT();
L_LdPktType: if (aux == nullptr) goto L_NoAux; a = aux->pkttype; NEXT();
L_LdIfIndex: if (aux == nullptr) goto L_NoAux; a = aux->ifindex; NEXT();
L_NoAux:  // without metadata these are plain packet loads (as in bpf_filter)
  if (uint64_t{pc->k} + pc->k2 > len) return 0;
  a = pc->k2 == 4 ? be32(pkt + pc->k) : pc->k2 == 2 ? be16(pkt + pc->k) : pkt[pc->k];
  NEXT();
L_LdWInd: { const uint64_t at = uint64_t{x} + pc->k; if (at + 4 > len) return 0; a = be32(pkt + at); NEXT(); }
L_LdHInd: { const uint64_t at = uint64_t{x} + pc->k; if (at + 2 > len) return 0; a = be16(pkt + at); NEXT(); }
L_LdBInd: { const uint64_t at = uint64_t{x} + pc->k; if (at + 1 > len) return 0; a = pkt[at]; NEXT(); }
L_LdxMsh: if (uint64_t{pc->k} + 1 > len) return 0; x = (pkt[pc->k] & 0xfu) << 2; NEXT();
L_LdLen: a = wirelen; NEXT();
L_LdxLen: x = wirelen; NEXT();
L_LdImm: a = pc->k; NEXT();
L_LdxImm: x = pc->k; NEXT();
L_LdMem: a = mem[pc->k]; NEXT();
L_LdxMem: x = mem[pc->k]; NEXT();
L_St: mem[pc->k] = a; NEXT();
L_Stx: mem[pc->k] = x; NEXT();
L_Ja:
  if (code + pc->jt <= pc && ++back > kMaxBackwardJumps) return 0;
  pc = code + pc->jt;
  goto* kLabels[pc->op];
L_JgtK: JUMP(a > pc->k);
L_JgeK: JUMP(a >= pc->k);
L_JeqK: JUMP(a == pc->k);
L_JsetK: JUMP((a & pc->k) != 0);
L_JgtX: JUMP(a > x);
L_JgeX: JUMP(a >= x);
L_JeqX: JUMP(a == x);
L_JsetX: JUMP((a & x) != 0);
L_AddK: a += pc->k; NEXT();
L_SubK: a -= pc->k; NEXT();
L_MulK: a *= pc->k; NEXT();
L_DivK: a /= pc->k; NEXT();
L_ModK: a %= pc->k; NEXT();
L_AndK: a &= pc->k; NEXT();
L_OrK: a |= pc->k; NEXT();
L_XorK: a ^= pc->k; NEXT();
L_LshK: a = shift_left_k(a, pc->k); NEXT();
L_RshK: a = shift_right_k(a, pc->k); NEXT();
L_AddX: a += x; NEXT();
L_SubX: a -= x; NEXT();
L_MulX: a *= x; NEXT();
L_DivX: if (x == 0) return 0; a /= x; NEXT();
L_ModX: if (x == 0) return 0; a %= x; NEXT();
L_AndX: a &= x; NEXT();
L_OrX: a |= x; NEXT();
L_XorX: a ^= x; NEXT();
L_LshX: a = shift_left_x(a, x); NEXT();
L_RshX: a = shift_right_x(a, x); NEXT();
L_Neg: a = 0u - a; NEXT();
L_Tax: x = a; NEXT();
L_Txa: a = x; NEXT();
L_Reject: return 0;
L_JeqChain: pc = code + search_chain(prog.chains[pc->k], a); goto* kLabels[pc->op];
#define WPCAP_FUSED(size, bytes, load, name, cond)                  \
  L_Ld##size##name:                                                 \
  if (uint64_t{pc->k} + bytes > len) return 0;                      \
  a = load;                                                         \
  JUMP(cond);
#define WPCAP_FUSED_SIZE(size, bytes, load)                         \
  WPCAP_FUSED(size, bytes, load, Jeq, a == pc->k2)                  \
  WPCAP_FUSED(size, bytes, load, Jgt, a > pc->k2)                   \
  WPCAP_FUSED(size, bytes, load, Jge, a >= pc->k2)                  \
  WPCAP_FUSED(size, bytes, load, Jset, (a & pc->k2) != 0)
WPCAP_FUSED_SIZE(W, 4, be32(pkt + pc->k))
WPCAP_FUSED_SIZE(H, 2, be16(pkt + pc->k))
WPCAP_FUSED_SIZE(B, 1, pkt[pc->k])
#undef WPCAP_FUSED_SIZE
#undef WPCAP_FUSED
#define WPCAP_FUSED_IND(size, bytes, load, name, cond)              \
  L_Ld##size##Ind##name : {                                         \
    const uint64_t at = uint64_t{x} + pc->k;                        \
    if (at + bytes > len) return 0;                                 \
    a = load;                                                       \
    JUMP(cond);                                                     \
  }
#define WPCAP_FUSED_IND_SIZE(size, bytes, load)                     \
  WPCAP_FUSED_IND(size, bytes, load, Jeq, a == pc->k2)              \
  WPCAP_FUSED_IND(size, bytes, load, Jgt, a > pc->k2)               \
  WPCAP_FUSED_IND(size, bytes, load, Jge, a >= pc->k2)              \
  WPCAP_FUSED_IND(size, bytes, load, Jset, (a & pc->k2) != 0)
WPCAP_FUSED_IND_SIZE(W, 4, be32(pkt + at))
WPCAP_FUSED_IND_SIZE(H, 2, be16(pkt + at))
WPCAP_FUSED_IND_SIZE(B, 1, pkt[at])
#undef WPCAP_FUSED_IND_SIZE
#undef WPCAP_FUSED_IND
#undef NEXT
#undef JUMP
}

}  // namespace wpcap::bpf
