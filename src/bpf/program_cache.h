// program_cache.h - prepared (validated, JIT'd) forms of user-owned bpf_programs.
//
// pcap_offline_filter() receives a struct bpf_program the caller owns, so
// the prepared Program is cached: pcap_compile registers what it returns
// (register_program), pcap_freecode unregisters it (unregister_program),
// and each thread keeps a last-hit entry validated by a generation counter.
// Programs never registered still work: they are prepared on first use and
// recognised again by pointer, length and content. Content is compared in
// full on every call for arrays of up to 128 instructions; longer
// unregistered arrays are compared at their first and last 32 instructions
// and 32 sliding samples per call, and in full every 256th call, so an
// in-place edit elsewhere in a long array is seen within 256 packets.
// Callers rewriting long programs in place should register them (or use a
// new length or address). Entry point for filtering: offline_filter().
// Implementation: bpf/program_cache.cc.
#pragma once

#include <pcap/bpf.h>

#include <cstdint>

#include "bpf/program.h"

namespace wpcap::bpf {

// Prepares `prog` now and remembers it by its bf_insns pointer until
// unregister_program(). An invalid program is remembered as invalid.
// Registering the same pointer again replaces the entry. NULL is ignored.
void register_program(const bpf_program* prog);

// Forgets `prog` (call before its bf_insns are freed). NULL is ignored.
void unregister_program(const bpf_program* prog);

// The prepared program for `prog`, or nullptr if it is not a valid program.
// The pointer stays usable on this thread until the next lookup.
const Program* lookup_program(const bpf_program* prog);

// pcap_offline_filter's core: 0 for a NULL bf_insns or an invalid program,
// else the program's return value on the packet.
u_int offline_filter(const bpf_program* prog, const u_char* pkt, u_int wirelen, u_int buflen);

// Number of registered programs (for tests and diagnostics).
size_t registered_program_count();

// Bumped by every register/unregister; thread caches compare against it.
uint64_t registry_generation();

}  // namespace wpcap::bpf
