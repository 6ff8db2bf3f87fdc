// program_cache.h - prepared (validated, JIT'd) forms of user-owned bpf_programs.
//
// pcap_offline_filter() receives a struct bpf_program the caller owns, so
// the prepared Program is cached: pcap_compile registers what it returns
// (register_program), pcap_freecode unregisters it (unregister_program),
// and each thread keeps a last-hit entry validated by a generation counter.
// Programs never registered still work: they are prepared on first use and
// recognised again by pointer, length and content, compared in full on
// every call (libpcap always runs the current contents). Programs from our
// pcap_compile are trusted by pointer while registered: edit them only via
// pcap_freecode + pcap_compile. Entry point for filtering: offline_filter().
// Implementation: bpf/program_cache.cc.
#pragma once

#include <pcap/bpf.h>

#include <atomic>
#include <cstdint>
#include <cstring>

#include "bpf/fast_interp.h"
#include "bpf/interp.h"
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

// pcap_offline_filter's core: 0 for a NULL bf_insns, else the program's
// return value on the packet. Like libpcap it does not require a valid
// program: one validate() rejects runs on the bounded reference
// interpreter (leaving the program or an M[] index out of range rejects). Inline (below): the hit
// path is a few compares and one call into native or decoded code.
// Never throws (allocation failure while preparing rejects the packet).
inline u_int offline_filter(const bpf_program* prog, const u_char* pkt, u_int wirelen, u_int buflen);

// Number of registered programs (for tests and diagnostics).
size_t registered_program_count();

// Bumped by every register/unregister; thread caches compare against it.
uint64_t registry_generation();

// --- hot-path internals (defined in program_cache.cc) ---------------------
namespace detail {

// The calling thread's last prepared program, trivially constructed and in
// the initial-exec TLS model: the hit path reads it with %fs accesses only.
struct LastHit {
  const bpf_insn* insns;
  u_int len;
  bool registered;
  uint64_t generation;   // registry generation when cached (registered only)
  const void* prepared;  // non-null when the entry is in use
  const Program* program;  // null: not a valid program
  const bpf_insn* copy;    // our copy of the instructions
  NativeFn native;
  const DecodedProgram* decoded;
};
extern constinit thread_local LastHit t_last __attribute__((tls_model("initial-exec")));
extern std::atomic<uint64_t> g_generation;

// Unregistered arrays longer than kInlineCheckInsns (see the class comment).
bool still_same_long(const bpf_insn* ours, const bpf_insn* theirs, size_t n);
u_int offline_filter_miss(const bpf_program* prog, const u_char* pkt, u_int wirelen, u_int buflen) noexcept;

inline constexpr size_t kInlineCheckInsns = 24;

// Equality of two short arrays, 32 bytes per step in GCC vector registers
// (SSE2 on x86-64; portable to any target GCC supports).
inline bool same_short(const bpf_insn* ours, const bpf_insn* theirs, size_t n) {
  typedef uint64_t V2 __attribute__((vector_size(16)));
  V2 acc0 = {0, 0}, acc1 = {0, 0};
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    V2 a0, a1, b0, b1;
    std::memcpy(&a0, ours + i, 16);
    std::memcpy(&a1, ours + i + 2, 16);
    std::memcpy(&b0, theirs + i, 16);
    std::memcpy(&b1, theirs + i + 2, 16);
    acc0 |= a0 ^ b0;
    acc1 |= a1 ^ b1;
  }
  acc0 |= acc1;
  uint64_t diff = acc0[0] | acc0[1];
  for (; i < n; ++i) {
    uint64_t x, y;
    std::memcpy(&x, ours + i, 8);
    std::memcpy(&y, theirs + i, 8);
    diff |= x ^ y;
  }
  return diff == 0;
}

// Does t_last still describe `prog`? (No calls for registered and short
// programs, so offline_filter's common path needs no stack frame.)
inline bool quick_hit(const bpf_program& prog) {
  const LastHit& last = t_last;
  if (last.insns != prog.bf_insns || last.len != prog.bf_len || last.prepared == nullptr) return false;
  if (last.registered) return last.generation == g_generation.load(std::memory_order_acquire);
  return prog.bf_len <= kInlineCheckInsns && same_short(last.copy, prog.bf_insns, prog.bf_len);
}

inline u_int run_last(const LastHit& last, const u_char* pkt, u_int wirelen, u_int buflen) {
  if (last.native != nullptr) return last.native(pkt, wirelen, buflen, nullptr);
  if (last.decoded != nullptr) return run_decoded(*last.decoded, pkt, wirelen, buflen, nullptr);
  if (last.program != nullptr) return last.program->run(pkt, wirelen, buflen);
  return interpret_bounded(last.copy, last.len, pkt, wirelen, buflen, nullptr);  // invalid program
}

// Does t_last still describe `prog`? Full check, any length.
inline bool hit(const bpf_program& prog) {
  LastHit& last = t_last;
  if (last.insns != prog.bf_insns || last.len != prog.bf_len || last.prepared == nullptr) return false;
  if (last.registered) return last.generation == g_generation.load(std::memory_order_acquire);
  if (prog.bf_len <= kInlineCheckInsns) return same_short(last.copy, prog.bf_insns, prog.bf_len);
  return still_same_long(last.copy, prog.bf_insns, prog.bf_len);
}

}  // namespace detail

inline u_int offline_filter(const bpf_program* prog, const u_char* pkt, u_int wirelen, u_int buflen) {
  if (prog == nullptr || prog->bf_insns == nullptr) return 0;
  if (detail::quick_hit(*prog)) return detail::run_last(detail::t_last, pkt, wirelen, buflen);
  return detail::offline_filter_miss(prog, pkt, wirelen, buflen);  // long checks and misses
}

}  // namespace wpcap::bpf
