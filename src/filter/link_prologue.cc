// link_prologue.cc - run-time header lengths (see link_prologue.h).
//
// The radio header's length: radiotap and PPI keep it little-endian at
// offset 2; AVS big-endian at offset 4; Prism is 144 bytes unless the
// frame starts with an AVS header (magic 0x80211000 in the top 20 bits).
// The 802.11 MAC header: 24 bytes, 26 for QoS data frames (libpcap 1.10.3
// does not add the fourth address of ToDS+FromDS frames), and behind a
// radiotap header with the "data pad" flag, the offset is rounded up to 4.
#include "filter/link_prologue.h"

namespace wpcap::filter {
namespace {

// A tiny assembler: forward jumps to labels, patched at the end.
class Asm {
 public:
  static constexpr int kNext = -1;

  void op(uint16_t code, uint32_t k = 0) { code_.push_back(bpf_insn{code, 0, 0, k}); }
  void jump(uint16_t code, uint32_t k, int jt, int jf) {
    refs_.push_back({code_.size(), jt, jf});
    op(code, k);
  }
  void ja(int label) { jump(BPF_JMP | BPF_JA, 0, label, kNext); }
  int label() {
    labels_.push_back(0);
    return static_cast<int>(labels_.size() - 1);
  }
  void bind(int l) { labels_[static_cast<size_t>(l)] = code_.size(); }

  std::vector<bpf_insn> finish() {
    for (const Ref& r : refs_) {
      bpf_insn& in = code_[r.at];
      auto rel = [&](int l) { return l == kNext ? 0 : labels_[static_cast<size_t>(l)] - (r.at + 1); };
      if (BPF_OP(in.code) == BPF_JA) {
        in.k = static_cast<uint32_t>(rel(r.jt));
      } else {
        in.jt = static_cast<u_char>(rel(r.jt));
        in.jf = static_cast<u_char>(rel(r.jf));
      }
    }
    return std::move(code_);
  }

 private:
  struct Ref {
    size_t at;
    int jt, jf;
  };
  std::vector<bpf_insn> code_;
  std::vector<Ref> refs_;
  std::vector<size_t> labels_;
};

constexpr uint16_t kJset = BPF_JMP | BPF_JSET | BPF_K;

// A = the radio header's length; then M[kRegLinkHdr] = A.
void radio_length(Asm& a, RadioHeader radio) {
  switch (radio) {
    case RadioHeader::kRadiotap: case RadioHeader::kPpi:  // it_len / pph_len, little-endian at 2
      a.op(BPF_LD | BPF_B | BPF_ABS, 3);
      a.op(BPF_ALU | BPF_LSH | BPF_K, 8);
      a.op(BPF_MISC | BPF_TAX);
      a.op(BPF_LD | BPF_B | BPF_ABS, 2);
      a.op(BPF_ALU | BPF_OR | BPF_X);
      break;
    case RadioHeader::kAvs:  // big-endian header length at 4
      a.op(BPF_LD | BPF_W | BPF_ABS, 4);
      break;
    case RadioHeader::kPrism: {  // an AVS header by its magic, else 144 bytes
      int fixed = a.label(), store = a.label();
      a.op(BPF_LD | BPF_W | BPF_ABS, 0);
      a.op(BPF_ALU | BPF_AND | BPF_K, 0xfffff000u);
      a.jump(BPF_JMP | BPF_JEQ | BPF_K, 0x80211000u, Asm::kNext, fixed);
      a.op(BPF_LD | BPF_W | BPF_ABS, 4);
      a.ja(store);
      a.bind(fixed);
      a.op(BPF_LD | BPF_IMM, 144);
      a.bind(store);
      break;
    }
    case RadioHeader::kNone:
      break;
  }
  a.op(BPF_ST, kRegLinkHdr);
}

// Radiotap "data pad" (flags field present, no extended bitmap, flag
// 0x20): the 802.11 payload offset is rounded up to a multiple of 4.
void radiotap_pad(Asm& a, int end) {
  int at8 = a.label(), round = a.label();
  a.op(BPF_LD | BPF_W | BPF_ABS, 4);             // it_present, byte-swapped
  a.jump(kJset, 0x02000000u, Asm::kNext, end);   // FLAGS present
  a.jump(kJset, 0x80u, end, Asm::kNext);         // EXT: more bitmaps, flags not at a known place
  a.jump(kJset, 0x01000000u, Asm::kNext, at8);   // TSFT (8 bytes) before the flags
  a.op(BPF_LD | BPF_B | BPF_ABS, 16);
  a.jump(kJset, 0x20, round, end);
  a.bind(at8);
  a.op(BPF_LD | BPF_B | BPF_ABS, 8);
  a.jump(kJset, 0x20, Asm::kNext, end);
  a.bind(round);
  a.op(BPF_LD | BPF_MEM, kRegLinkPl);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 3);
  a.op(BPF_ALU | BPF_AND | BPF_K, 0xfffffffcu);
  a.op(BPF_ST, kRegLinkPl);
}

// X = start of the 802.11 header; M[kRegLinkPl] = X + its length.
void mac_length(Asm& a, RadioHeader radio) {
  int end = a.label(), pad = a.label();
  a.op(BPF_MISC | BPF_TXA);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 24);
  a.op(BPF_ST, kRegLinkPl);
  a.op(BPF_LD | BPF_B | BPF_IND, 0);      // frame control
  a.jump(kJset, 0x08, Asm::kNext, end);   // data frame (type 2) ...
  a.jump(kJset, 0x04, end, Asm::kNext);   // ... not type 3
  a.jump(kJset, 0x80, Asm::kNext, pad);   // QoS subtypes: 2-byte QoS control
  a.op(BPF_LD | BPF_MEM, kRegLinkPl);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 2);
  a.op(BPF_ST, kRegLinkPl);
  a.bind(pad);
  if (radio == RadioHeader::kRadiotap) radiotap_pad(a, end);
  a.bind(end);
}

}  // namespace

std::vector<bpf_insn> link_prologue(RadioHeader radio, OffsetUse use) {
  Asm a;
  if (!use.any()) return {};
  if (radio != RadioHeader::kNone) {
    radio_length(a, radio);
    if (use.linkpl) a.op(BPF_MISC | BPF_TAX);
  } else if (use.linkpl) {
    a.op(BPF_LDX | BPF_IMM, 0);
  }
  if (use.linkpl) mac_length(a, radio);
  return a.finish();
}

bool libpcap_optimizes(RadioHeader radio, bool is_80211, OffsetUse use) {
  return radio != RadioHeader::kPrism && !(is_80211 && use.linkpl);
}

}  // namespace wpcap::filter
