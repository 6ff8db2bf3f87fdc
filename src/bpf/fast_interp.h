// fast_interp.h - the interpreter Program uses when there is no native code.
//
// Entry points: decode() turns a validated program into dense threaded
// code (one small opcode per instruction, absolute jump targets, VLAN
// ancillary loads and unexecutable encodings resolved up front, chains of
// `jeq #k` replaced by one binary search, bpf/jeq_chains.h, and an
// absolute load followed by a conditional jump on K fused into one op);
// run_decoded() executes it with computed-goto dispatch. Results equal
// interpret() (bpf/interp.h) for every validated program; tests/bpf and
// tests/differential check that.
#pragma once

#include <pcap/bpf.h>

#include <cstdint>
#include <span>
#include <vector>

#include "bpf/jeq_chains.h"
#include "bpf/program.h"

namespace wpcap::bpf {

struct DecodedInsn {
  uint8_t op;
  uint32_t k;
  uint32_t jt;  // absolute targets for jumps
  uint32_t jf;
  uint32_t k2;  // fused load+jump: the jump's constant (k is the load offset);
                // packet type / ifindex loads: the load size (used without aux)
};

struct DecodedProgram {
  std::vector<DecodedInsn> code;
  std::vector<JeqChain> chains;  // kJeqChain operands: binary-searched jeq runs
  bool zero_memory = false;      // M[] is read somewhere, so start it at zero
};

// `insns` must have passed validate().
DecodedProgram decode(std::span<const bpf_insn> insns);

u_int run_decoded(const DecodedProgram& prog, const u_char* pkt, u_int wirelen, u_int buflen,
                  const AuxData* aux);

}  // namespace wpcap::bpf
