// bpf_program_gen.h - random valid classic-BPF programs for differential runs.
//
// Entry point: BpfProgramGen::next(). Programs use only opcodes libpcap's
// interpreter executes, forward jumps, no constant division by zero, and
// read M[] slots only where every path has stored them first (libpcap
// 1.10.3 leaves scratch memory uninitialised). Loads favour offsets near
// packet edges; immediates favour edge values.
#pragma once

#include <pcap/bpf.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "bpf/opcodes.h"

namespace wpcap::testing {

class BpfProgramGen {
 public:
  explicit BpfProgramGen(uint64_t seed) : rng_(seed) {}

  std::vector<bpf_insn> next(size_t max_len = 48) {
    const size_t len = 1 + pick(max_len);
    std::vector<bpf_insn> p(len);
    std::vector<uint32_t> stored(len, 0xffff);  // M[] slots stored on every path in
    stored[0] = 0;
    for (size_t i = 0; i + 1 < len; ++i) {
      if (pick(12) == 0 && len - i > 8) {  // a run of `jeq #k` (JIT/interpreter chain search)
        const size_t run = 6 + pick(std::min<size_t>(len - i - 2, 24) - 5);
        for (size_t j = 0; j < run && i + 1 < len; ++j, ++i) {
          const size_t room = len - i - 2, cap = room < 255 ? room : 255;
          p[i] = {bpf::kJeqK, static_cast<u_char>(pick(cap + 1)), static_cast<u_char>(pick(4) ? 0 : pick(cap + 1)),
                  chain_value()};
          propagate(p, stored, i);
        }
        if (i + 1 >= len) break;
      }
      p[i] = insn(i, len, stored[i]);
      propagate(p, stored, i);
    }
    p[len - 1] = ret();
    return p;
  }

  // Constants that loads from the corpus often produce, so chains match.
  uint32_t chain_value() {
    static const uint32_t kCommon[] = {0, 1, 2, 4, 6, 17, 0x45, 0x60, 0x800, 0x806, 0x86dd, 0x8100, 0x88a8,
                                       0x0a010203, 0x0a040506, 0xc0a80001, 80, 53, 0x3039, 0x50, 0x11};
    return pick(3) ? kCommon[pick(sizeof kCommon / sizeof kCommon[0])] : value();
  }

  uint32_t value() {
    static const uint32_t kEdges[] = {0, 1, 2, 3, 4, 7, 8, 12, 14, 15, 16, 31, 32, 33, 63, 64, 0xff, 0x100,
                                      0x800, 0x86dd, 0x8100, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
                                      0xfffffffe, 0xffffffff};
    switch (pick(4)) {
      case 0: return kEdges[pick(sizeof kEdges / sizeof kEdges[0])];
      case 1: return static_cast<uint32_t>(pick(256));
      default: return static_cast<uint32_t>(rng_());
    }
  }

 private:
  size_t pick(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

  uint32_t offset() {
    static const uint32_t kFar[] = {0x7fffffff, 0x80000000, 0xfffffffc, 0xfffffffe, 0xffffffff,
                                    bpf::kVlanTagK, bpf::kVlanTagPresentK, bpf::kSkfAdOff,
                                    bpf::kPktTypeK, bpf::kIfIndexK};
    if (pick(16) == 0) return kFar[pick(sizeof kFar / sizeof kFar[0])];
    return static_cast<uint32_t>(pick(pick(4) == 0 ? 1600 : 90));
  }

  bpf_insn ret() { return pick(2) ? bpf_insn{bpf::kRetK, 0, 0, value()} : bpf_insn{bpf::kRetA, 0, 0, 0}; }

  bpf_insn jump(size_t i, size_t len) {
    static const uint16_t kOps[] = {bpf::kJeqK, bpf::kJgtK, bpf::kJgeK, bpf::kJsetK,
                                    bpf::kJeqX, bpf::kJgtX, bpf::kJgeX, bpf::kJsetX};
    const size_t room = len - i - 2;  // largest offset that stays in range
    const size_t cap = room < 255 ? room : 255;
    if (pick(6) == 0) return {bpf::kJa, 0, 0, static_cast<uint32_t>(pick(cap + 1))};
    return {kOps[pick(8)], static_cast<u_char>(pick(cap + 1)), static_cast<u_char>(pick(cap + 1)), value()};
  }

  bpf_insn insn(size_t i, size_t len, uint32_t stored) {
    using namespace bpf;
    static const uint16_t kAlu[] = {kAddK, kSubK, kMulK, kDivK, kModK, kAndK, kOrK, kXorK, kLshK, kRshK,
                                    kAddX, kSubX, kMulX, kDivX, kModX, kAndX, kOrX, kXorX, kLshX, kRshX, kNeg};
    static const uint16_t kLoads[] = {kLdWAbs, kLdHAbs, kLdBAbs, kLdWInd, kLdHInd, kLdBInd, kLdxMsh};
    for (;;) {
      switch (pick(10)) {
        case 0: case 1: return {kLoads[pick(7)], 0, 0, offset()};
        case 2: {
          static const uint16_t kOther[] = {kLdWLen, kLdxWLen, kLdImm, kLdxImm, kTax, kTxa};
          return {kOther[pick(6)], 0, 0, value()};
        }
        case 3: case 4: {
          const uint16_t code = kAlu[pick(sizeof kAlu / sizeof kAlu[0])];
          uint32_t k = value();
          if ((code == kDivK || code == kModK) && k == 0) k = 1;
          return {code, 0, 0, k};
        }
        case 5: return {pick(2) ? kSt : kStx, 0, 0, static_cast<uint32_t>(pick(BPF_MEMWORDS))};
        case 6: {
          if (stored == 0) continue;
          uint32_t slot;
          do slot = static_cast<uint32_t>(pick(BPF_MEMWORDS)); while (!(stored >> slot & 1));
          return {pick(2) ? kLdMem : kLdxMem, 0, 0, slot};
        }
        case 7: if (pick(8) == 0) return ret(); continue;
        default: return jump(i, len);
      }
    }
  }

  // Slots stored on entry to each successor: intersection over predecessors.
  static void propagate(const std::vector<bpf_insn>& p, std::vector<uint32_t>& stored, size_t i) {
    using namespace bpf;
    uint32_t out = stored[i];
    if (p[i].code == kSt || p[i].code == kStx) out |= 1u << p[i].k;
    if (BPF_CLASS(p[i].code) == BPF_RET) return;
    if (p[i].code == kJa) {
      stored[i + 1 + p[i].k] &= out;
    } else if (BPF_CLASS(p[i].code) == BPF_JMP) {
      stored[i + 1 + p[i].jt] &= out;
      stored[i + 1 + p[i].jf] &= out;
    } else {
      stored[i + 1] &= out;
    }
  }

  std::mt19937_64 rng_;
};

}  // namespace wpcap::testing
