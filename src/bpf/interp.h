// interp.h - the reference classic-BPF interpreter (libpcap userland semantics).
//
// Entry point: interpret(). Runs a program that validate() accepted over
// one packet: out-of-bounds loads and division/modulo by zero reject (0),
// memory starts zeroed, `ja` offsets are signed (protochain loops; more
// than kMaxBackwardJumps backward jumps reject, libpcap has no bound), shifts
// by K use k mod 32 and shifts by X >= 32 give 0 (as libpcap on x86-64),
// opcodes libpcap does not execute reject. With aux == nullptr the
// VLAN ancillary loads reject, as in libpcap's bpf_filter().
#pragma once

#include <pcap/bpf.h>

#include <cstddef>

#include "bpf/program.h"

namespace wpcap::bpf {

u_int interpret(const bpf_insn* insns, const u_char* pkt, u_int wirelen, u_int buflen,
                const AuxData* aux);

// The same machine for a program validate() rejected (pcap_offline_filter
// runs those, as libpcap does): leaving [0, len) or an out-of-range M[]
// index rejects instead of touching memory. Same result as libpcap
// whenever libpcap itself neither crashes nor aborts.
u_int interpret_bounded(const bpf_insn* insns, size_t len, const u_char* pkt, u_int wirelen, u_int buflen,
                        const AuxData* aux);

}  // namespace wpcap::bpf
