// image.cc - bpf_image / bpf_dump text (see image.h).
//
// Mnemonic and operand come from one table-like switch; the line layout is
// "(%03d) %-8s %s", or "(%03d) %-8s %-16s jt %d\tjf %d" for conditional
// jumps (absolute targets). Linux ancillary offsets print symbolically.
// Like libpcap, `ldx #pktlen` (0x81) has no text and prints as unimp.
#include "bpf/image.h"

#include <cstdio>

#include "bpf/opcodes.h"

namespace wpcap::bpf {
namespace {

struct Parts {
  const char* op = "unimp";
  char operand[64] = {};
};

const char* ancillary_name(uint32_t k) {
  if (k < kSkfAdOff) return nullptr;
  switch (k - kSkfAdOff) {
    case kSkfProtocol: return "[proto]";
    case kSkfPktType: return "[type]";
    case kSkfIfIndex: return "[ifidx]";
    case kSkfNlAttr: return "[nla]";
    case kSkfNlAttrNest: return "[nlan]";
    case kSkfMark: return "[mark]";
    case kSkfQueue: return "[queue]";
    case kSkfHaType: return "[hatype]";
    case kSkfRxHash: return "[rxhash]";
    case kSkfCpu: return "[cpu]";
    case kSkfAluXorX: return "[xor_x]";
    case kSkfVlanTag: return "[vlan_tci]";
    case kSkfVlanTagPresent: return "[vlanp]";
    case kSkfPayOffset: return "[poff]";
    case kSkfRandom: return "[random]";
    case kSkfVlanTpid: return "[vlan_tpid]";
    default: return nullptr;
  }
}

void set(Parts& parts, const char* op, const char* fmt, uint32_t k) {
  parts.op = op;
  std::snprintf(parts.operand, sizeof parts.operand, fmt, k);
}

void set_abs(Parts& parts, const char* op, uint32_t k) {
  const char* name = ancillary_name(k);
  if (name != nullptr) {
    parts.op = op;
    std::snprintf(parts.operand, sizeof parts.operand, "%s", name);
  } else {
    set(parts, op, "[%d]", k);
  }
}

// Loads, stores and returns.
bool describe_data(const bpf_insn& insn, Parts& parts) {
  const uint32_t k = insn.k;
  switch (insn.code) {
    case kRetK: set(parts, "ret", "#%d", k); return true;
    case kRetA: set(parts, "ret", "", 0); return true;
    case kLdWAbs: set_abs(parts, "ld", k); return true;
    case kLdHAbs: set_abs(parts, "ldh", k); return true;
    case kLdBAbs: set_abs(parts, "ldb", k); return true;
    case kLdWLen: set(parts, "ld", "#pktlen", 0); return true;
    case kLdWInd: set(parts, "ld", "[x + %d]", k); return true;
    case kLdHInd: set(parts, "ldh", "[x + %d]", k); return true;
    case kLdBInd: set(parts, "ldb", "[x + %d]", k); return true;
    case kLdImm: set(parts, "ld", "#0x%x", k); return true;
    case kLdxImm: set(parts, "ldx", "#0x%x", k); return true;
    case kLdxMsh: set(parts, "ldxb", "4*([%d]&0xf)", k); return true;
    case kLdMem: set(parts, "ld", "M[%d]", k); return true;
    case kLdxMem: set(parts, "ldx", "M[%d]", k); return true;
    case kSt: set(parts, "st", "M[%d]", k); return true;
    case kStx: set(parts, "stx", "M[%d]", k); return true;
    default: return false;
  }
}

// Jumps, ALU and misc.
bool describe_ops(const bpf_insn& insn, int n, Parts& parts) {
  const uint32_t k = insn.k;
  switch (insn.code) {
    case kJa: set(parts, "ja", "%d", static_cast<uint32_t>(n) + 1 + k); return true;
    case kJgtK: set(parts, "jgt", "#0x%x", k); return true;
    case kJgeK: set(parts, "jge", "#0x%x", k); return true;
    case kJeqK: set(parts, "jeq", "#0x%x", k); return true;
    case kJsetK: set(parts, "jset", "#0x%x", k); return true;
    case kJgtX: set(parts, "jgt", "x", 0); return true;
    case kJgeX: set(parts, "jge", "x", 0); return true;
    case kJeqX: set(parts, "jeq", "x", 0); return true;
    case kJsetX: set(parts, "jset", "x", 0); return true;
    case kAddX: set(parts, "add", "x", 0); return true;
    case kSubX: set(parts, "sub", "x", 0); return true;
    case kMulX: set(parts, "mul", "x", 0); return true;
    case kDivX: set(parts, "div", "x", 0); return true;
    case kModX: set(parts, "mod", "x", 0); return true;
    case kAndX: set(parts, "and", "x", 0); return true;
    case kOrX: set(parts, "or", "x", 0); return true;
    case kXorX: set(parts, "xor", "x", 0); return true;
    case kLshX: set(parts, "lsh", "x", 0); return true;
    case kRshX: set(parts, "rsh", "x", 0); return true;
    case kAddK: set(parts, "add", "#%d", k); return true;
    case kSubK: set(parts, "sub", "#%d", k); return true;
    case kMulK: set(parts, "mul", "#%d", k); return true;
    case kDivK: set(parts, "div", "#%d", k); return true;
    case kModK: set(parts, "mod", "#%d", k); return true;
    case kAndK: set(parts, "and", "#0x%x", k); return true;
    case kOrK: set(parts, "or", "#0x%x", k); return true;
    case kXorK: set(parts, "xor", "#0x%x", k); return true;
    case kLshK: set(parts, "lsh", "#%d", k); return true;
    case kRshK: set(parts, "rsh", "#%d", k); return true;
    case kNeg: set(parts, "neg", "", 0); return true;
    case kTax: set(parts, "tax", "", 0); return true;
    case kTxa: set(parts, "txa", "", 0); return true;
    default: return false;
  }
}

}  // namespace

const char* image(const bpf_insn& insn, int n) {
  thread_local char text[256];
  Parts parts;
  if (!describe_data(insn, parts) && !describe_ops(insn, n, parts)) {
    set(parts, "unimp", "0x%x", insn.code);
  }
  if (BPF_CLASS(insn.code) == BPF_JMP && BPF_OP(insn.code) != BPF_JA) {
    std::snprintf(text, sizeof text, "(%03d) %-8s %-16s jt %d\tjf %d", n, parts.op, parts.operand,
                  n + 1 + insn.jt, n + 1 + insn.jf);
  } else {
    std::snprintf(text, sizeof text, "(%03d) %-8s %s", n, parts.op, parts.operand);
  }
  return text;
}

std::string dump(std::span<const bpf_insn> insns, int option) {
  std::string out;
  char line[128];
  const int n = static_cast<int>(insns.size());
  if (option > 2) {
    std::snprintf(line, sizeof line, "%d\n", n);
    out += line;
  }
  for (int i = 0; i < n; ++i) {
    const bpf_insn& insn = insns[i];
    if (option > 2) {
      std::snprintf(line, sizeof line, "%u %u %u %u\n", insn.code, insn.jt, insn.jf, insn.k);
    } else if (option > 1) {
      std::snprintf(line, sizeof line, "{ 0x%x, %d, %d, 0x%08x },\n", insn.code, insn.jt, insn.jf,
                    insn.k);
    } else {
      out += image(insn, i);
      out += '\n';
      continue;
    }
    out += line;
  }
  return out;
}

}  // namespace wpcap::bpf
