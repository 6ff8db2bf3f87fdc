// validate.h - bpf_validate's rules: which instruction arrays may be run.
//
// Entry point: validate(). It accepts exactly what libpcap's userland
// validator accepts, including backward `ja` whose 32-bit target wraps
// into range (libpcap runs those for protochain). Used by Program::make.
#pragma once

#include <pcap/bpf.h>

namespace wpcap::bpf {

// True if `insns[0..len)` is a valid program (len < 1 is invalid).
bool validate(const bpf_insn* insns, int len);

}  // namespace wpcap::bpf
