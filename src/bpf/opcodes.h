// opcodes.h - named classic-BPF opcodes and Linux ancillary-data offsets.
//
// The instruction encoding itself is public (include/pcap/bpf.h); this file
// adds the full opcode values the engines dispatch on and the SKF_AD_*
// offsets (linux/filter.h) that libpcap's userland filter and bpf_image know.
#pragma once

#include <pcap/bpf.h>

#include <cstdint>

namespace wpcap::bpf {

// Backward `ja`s one packet may take before it is rejected. libpcap has no
// bound: protochain's walk loops forever on some crafted packets (see
// docs/bpf.md); an honest walk takes far fewer (one per extension header).
inline constexpr uint32_t kMaxBackwardJumps = 1u << 20;

// Every opcode libpcap's userland interpreter executes. Anything else that
// passes validation (e.g. 0x21, ldx with an abs mode) rejects the packet.
enum Op : uint16_t {
  kRetK = BPF_RET | BPF_K,
  kRetA = BPF_RET | BPF_A,
  kLdWAbs = BPF_LD | BPF_W | BPF_ABS,
  kLdHAbs = BPF_LD | BPF_H | BPF_ABS,
  kLdBAbs = BPF_LD | BPF_B | BPF_ABS,
  kLdWLen = BPF_LD | BPF_W | BPF_LEN,
  kLdxWLen = BPF_LDX | BPF_W | BPF_LEN,
  kLdWInd = BPF_LD | BPF_W | BPF_IND,
  kLdHInd = BPF_LD | BPF_H | BPF_IND,
  kLdBInd = BPF_LD | BPF_B | BPF_IND,
  kLdxMsh = BPF_LDX | BPF_MSH | BPF_B,
  kLdImm = BPF_LD | BPF_IMM,
  kLdxImm = BPF_LDX | BPF_IMM,
  kLdMem = BPF_LD | BPF_MEM,
  kLdxMem = BPF_LDX | BPF_MEM,
  kSt = BPF_ST,
  kStx = BPF_STX,
  kJa = BPF_JMP | BPF_JA,
  kJgtK = BPF_JMP | BPF_JGT | BPF_K,
  kJgeK = BPF_JMP | BPF_JGE | BPF_K,
  kJeqK = BPF_JMP | BPF_JEQ | BPF_K,
  kJsetK = BPF_JMP | BPF_JSET | BPF_K,
  kJgtX = BPF_JMP | BPF_JGT | BPF_X,
  kJgeX = BPF_JMP | BPF_JGE | BPF_X,
  kJeqX = BPF_JMP | BPF_JEQ | BPF_X,
  kJsetX = BPF_JMP | BPF_JSET | BPF_X,
  kAddX = BPF_ALU | BPF_ADD | BPF_X,
  kSubX = BPF_ALU | BPF_SUB | BPF_X,
  kMulX = BPF_ALU | BPF_MUL | BPF_X,
  kDivX = BPF_ALU | BPF_DIV | BPF_X,
  kModX = BPF_ALU | BPF_MOD | BPF_X,
  kAndX = BPF_ALU | BPF_AND | BPF_X,
  kOrX = BPF_ALU | BPF_OR | BPF_X,
  kXorX = BPF_ALU | BPF_XOR | BPF_X,
  kLshX = BPF_ALU | BPF_LSH | BPF_X,
  kRshX = BPF_ALU | BPF_RSH | BPF_X,
  kAddK = BPF_ALU | BPF_ADD | BPF_K,
  kSubK = BPF_ALU | BPF_SUB | BPF_K,
  kMulK = BPF_ALU | BPF_MUL | BPF_K,
  kDivK = BPF_ALU | BPF_DIV | BPF_K,
  kModK = BPF_ALU | BPF_MOD | BPF_K,
  kAndK = BPF_ALU | BPF_AND | BPF_K,
  kOrK = BPF_ALU | BPF_OR | BPF_K,
  kXorK = BPF_ALU | BPF_XOR | BPF_K,
  kLshK = BPF_ALU | BPF_LSH | BPF_K,
  kRshK = BPF_ALU | BPF_RSH | BPF_K,
  kNeg = BPF_ALU | BPF_NEG,
  kTax = BPF_MISC | BPF_TAX,
  kTxa = BPF_MISC | BPF_TXA,
};

// Linux ancillary data: loads at k = kSkfAdOff + offset read metadata.
inline constexpr uint32_t kSkfAdOff = 0xfffff000u;  // (uint32_t)-0x1000
enum SkfAd : uint32_t {
  kSkfProtocol = 0,
  kSkfPktType = 4,
  kSkfIfIndex = 8,
  kSkfNlAttr = 12,
  kSkfNlAttrNest = 16,
  kSkfMark = 20,
  kSkfQueue = 24,
  kSkfHaType = 28,
  kSkfRxHash = 32,
  kSkfCpu = 36,
  kSkfAluXorX = 40,
  kSkfVlanTag = 44,
  kSkfVlanTagPresent = 48,
  kSkfPayOffset = 52,
  kSkfRandom = 56,
  kSkfVlanTpid = 60,
};

// The two ancillary loads libpcap's userland filter implements (ldb only).
inline constexpr uint32_t kVlanTagK = kSkfAdOff + kSkfVlanTag;
inline constexpr uint32_t kVlanTagPresentK = kSkfAdOff + kSkfVlanTagPresent;

// Two more that our engines serve from AuxData (libpcap's reject): the
// packet type (`inbound`/`outbound`) and the interface index (`ifindex`).
// As in the kernel, the load size (ld/ldh/ldb) does not matter.
inline constexpr uint32_t kPktTypeK = kSkfAdOff + kSkfPktType;
inline constexpr uint32_t kIfIndexK = kSkfAdOff + kSkfIfIndex;

}  // namespace wpcap::bpf
