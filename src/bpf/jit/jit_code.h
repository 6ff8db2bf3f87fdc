// jit_code.h - native code for one BPF program, in W^X memory.
//
// Entry points: JitCode::compile() emits x86-64 code for a validated
// program into a private RW mapping, then flips it to RX; entry() is the
// function to call. Returns nullptr where native code is not possible (no
// JIT built in, WPCAP_NO_JIT=1, or the system refuses executable memory);
// callers then interpret. The emitter itself is jit/x86_64_emitter.cc.
#pragma once

#include <pcap/bpf.h>

#include <cstddef>
#include <memory>
#include <span>

#include "bpf/jeq_chains.h"
#include "bpf/program.h"

namespace wpcap::bpf {

class JitCode {
 public:
  // `insns` must have passed validate().
  static std::unique_ptr<JitCode> compile(std::span<const bpf_insn> insns);

  // False when built without the JIT or while WPCAP_NO_JIT is set (to
  // anything but "" or "0"); checked at each compile.
  static bool available();

  ~JitCode();
  JitCode(const JitCode&) = delete;
  JitCode& operator=(const JitCode&) = delete;

  NativeFn entry() const { return reinterpret_cast<NativeFn>(code_); }
  size_t code_size() const { return code_size_; }

 private:
  JitCode(void* map, size_t map_size, size_t code_size)
      : code_(map), map_size_(map_size), code_size_(code_size) {}

  void* code_;
  size_t map_size_;
  size_t code_size_;
};

namespace jit {

// Emits native code for `insns` into buf[0..capacity), replacing each of
// `chains` by a binary search; returns the number of bytes used, or 0 if
// the code did not fit or could not be emitted.
size_t emit_x86_64(std::span<const bpf_insn> insns, const std::vector<JeqChain>& chains, void* buf,
                   size_t capacity);

// Upper bound on emit_x86_64's output.
inline size_t max_code_size(size_t insns, size_t chain_cases) { return 256 + insns * 64 + chain_cases * 32; }

}  // namespace jit
}  // namespace wpcap::bpf
