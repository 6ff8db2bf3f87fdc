// interp.cc - the reference classic-BPF interpreter (see interp.h).
//
// One switch over the full opcode, like the machine it models; loads are
// bounds-checked in 64-bit arithmetic so X + k never wraps. The JIT
// (bpf/jit/) and the decoded fast path (bpf/fast_interp.*) are checked
// against this engine by tests/bpf and tests/differential.
#include "bpf/interp.h"

#include <cstdint>

#include "bpf/alu.h"
#include "bpf/opcodes.h"

namespace wpcap::bpf {
namespace {

// Packet load of `size` bytes at `offset`; false if it would leave the buffer.
inline bool load(const u_char* pkt, u_int buflen, uint64_t offset, u_int size, uint32_t* out) {
  if (offset + size > buflen) return false;
  const u_char* p = pkt + offset;
  switch (size) {
    case 4:
      *out = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
      return true;
    case 2:
      *out = (uint32_t{p[0]} << 8) | p[1];
      return true;
    default:
      *out = p[0];
      return true;
  }
}

// ld/ldh/ldb [k]: with aux, the packet type and interface index come from
// it whatever the size, as in the kernel; false = reject the packet.
inline bool load_abs(uint32_t k, u_int size, const u_char* pkt, u_int buflen, const AuxData* aux,
                     uint32_t* out) {
  if ((k == kPktTypeK || k == kIfIndexK) && aux != nullptr) {
    *out = k == kPktTypeK ? aux->pkttype : aux->ifindex;
    return true;
  }
  return load(pkt, buflen, k, size, out);
}

// ldb [k] with Linux metadata offsets; false = reject the packet.
inline bool load_byte_abs(uint32_t k, const u_char* pkt, u_int buflen, const AuxData* aux,
                          uint32_t* out) {
  if (k == kVlanTagK || k == kVlanTagPresentK) {
    if (aux == nullptr) return false;
    *out = k == kVlanTagK ? aux->vlan_tag : (aux->vlan_tag_present ? 1u : 0u);
    return true;
  }
  return load_abs(k, 1, pkt, buflen, aux, out);
}

// kBounded: stop (reject) when the program counter leaves [0, len).
template <bool kBounded>
u_int run(const bpf_insn* insns, size_t len, const u_char* pkt, u_int wirelen, u_int buflen,
          const AuxData* aux) {
  if (insns == nullptr) return static_cast<u_int>(-1);
  uint32_t a = 0, x = 0;
  uint32_t mem[BPF_MEMWORDS] = {};
  uint64_t at = 0;  // index of the instruction; wraps like libpcap's pointer
  uint32_t back = 0;  // backward jumps taken (kMaxBackwardJumps)
  for (;; ++at) {
    if (kBounded && at >= len) return 0;
    const bpf_insn* pc = insns + at;
    const uint32_t k = pc->k;
    switch (pc->code) {
      case kRetK: return k;
      case kRetA: return a;
      case kLdWAbs: if (!load_abs(k, 4, pkt, buflen, aux, &a)) return 0; break;
      case kLdHAbs: if (!load_abs(k, 2, pkt, buflen, aux, &a)) return 0; break;
      case kLdBAbs: if (!load_byte_abs(k, pkt, buflen, aux, &a)) return 0; break;
      case kLdWInd: if (!load(pkt, buflen, uint64_t{x} + k, 4, &a)) return 0; break;
      case kLdHInd: if (!load(pkt, buflen, uint64_t{x} + k, 2, &a)) return 0; break;
      case kLdBInd: if (!load(pkt, buflen, uint64_t{x} + k, 1, &a)) return 0; break;
      case kLdxMsh: if (!load(pkt, buflen, k, 1, &x)) return 0; x = (x & 0xf) << 2; break;
      case kLdWLen: a = wirelen; break;
      case kLdxWLen: x = wirelen; break;
      case kLdImm: a = k; break;
      case kLdxImm: x = k; break;
      // Index checks only matter for bpf_filter(), which runs unvalidated code.
      case kLdMem: if (k >= BPF_MEMWORDS) return 0; a = mem[k]; break;
      case kLdxMem: if (k >= BPF_MEMWORDS) return 0; x = mem[k]; break;
      case kSt: if (k >= BPF_MEMWORDS) return 0; mem[k] = a; break;
      case kStx: if (k >= BPF_MEMWORDS) return 0; mem[k] = x; break;
      case kJa:
        if (static_cast<int32_t>(k) < 0 && ++back > kMaxBackwardJumps) return 0;
        at += static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(k)));
        break;
      case kJgtK: at += a > k ? pc->jt : pc->jf; break;
      case kJgeK: at += a >= k ? pc->jt : pc->jf; break;
      case kJeqK: at += a == k ? pc->jt : pc->jf; break;
      case kJsetK: at += (a & k) != 0 ? pc->jt : pc->jf; break;
      case kJgtX: at += a > x ? pc->jt : pc->jf; break;
      case kJgeX: at += a >= x ? pc->jt : pc->jf; break;
      case kJeqX: at += a == x ? pc->jt : pc->jf; break;
      case kJsetX: at += (a & x) != 0 ? pc->jt : pc->jf; break;
      case kAddX: a += x; break;
      case kSubX: a -= x; break;
      case kMulX: a *= x; break;
      case kDivX: if (x == 0) return 0; a /= x; break;
      case kModX: if (x == 0) return 0; a %= x; break;
      case kAndX: a &= x; break;
      case kOrX: a |= x; break;
      case kXorX: a ^= x; break;
      case kLshX: a = shift_left_x(a, x); break;
      case kRshX: a = shift_right_x(a, x); break;
      case kAddK: a += k; break;
      case kSubK: a -= k; break;
      case kMulK: a *= k; break;
      case kDivK: a /= k; break;  // validate() rejects k == 0
      case kModK: a %= k; break;
      case kAndK: a &= k; break;
      case kOrK: a |= k; break;
      case kXorK: a ^= k; break;
      case kLshK: a = shift_left_k(a, k); break;
      case kRshK: a = shift_right_k(a, k); break;
      case kNeg: a = 0u - a; break;
      case kTax: x = a; break;
      case kTxa: a = x; break;
      default: return 0;  // validated but not executable (libpcap aborts)
    }
  }
}

}  // namespace

u_int interpret(const bpf_insn* insns, const u_char* pkt, u_int wirelen, u_int buflen,
                const AuxData* aux) {
  return run<false>(insns, 0, pkt, wirelen, buflen, aux);
}

u_int interpret_bounded(const bpf_insn* insns, size_t len, const u_char* pkt, u_int wirelen, u_int buflen,
                        const AuxData* aux) {
  return run<true>(insns, len, pkt, wirelen, buflen, aux);
}

}  // namespace wpcap::bpf
