// program.h - a validated BPF program ready to run (interpreter or JIT).
//
// Entry points: Program::make() validates once and prepares native code
// when the JIT is available (else decoded code for the fast interpreter);
// Program::run() then runs it unchecked. The handle (core/handle.h) owns
// one Program as its installed filter; pcap_offline_filter reaches them
// through bpf/program_cache.h. Implementation: bpf/program.cc; engines in
// bpf/jit/, bpf/fast_interp.* and the reference bpf/interp.*.
#pragma once

#include <pcap/bpf.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"

namespace wpcap::bpf {

// Linux metadata the userland filter can see: SKF_AD_VLAN_TAG[_PRESENT],
// and SKF_AD_PKTTYPE / SKF_AD_IFINDEX from the ring frame's sockaddr_ll,
// so that re-filtering a live packet in userland gives the kernel's answer.
struct AuxData {
  bool vlan_tag_present = false;
  uint16_t vlan_tag = 0;
  uint8_t pkttype = 0;   // sll_pkttype: PACKET_HOST (0) ... PACKET_OUTGOING (4)
  uint32_t ifindex = 0;  // sll_ifindex
};

// Signature of native code produced by the JIT.
using NativeFn = u_int (*)(const u_char* pkt, u_int wirelen, u_int buflen, const AuxData* aux);

class JitCode;  // owns executable memory; defined in bpf/jit/
struct DecodedProgram;  // interpreter form; defined in bpf/fast_interp.h

// Which engine Program::make prepares. kAuto = the JIT when available
// (x86-64, executable memory granted, WPCAP_NO_JIT unset), else the
// interpreter. kJit falls back to the interpreter too; check jitted().
enum class Engine { kAuto, kInterpreter, kJit };

class Program {
 public:
  Program();
  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;

  // Validates (as bpf_validate does) and prepares the program. The error
  // text for an invalid program is "BPF program is not valid".
  static Result<Program> make(std::span<const bpf_insn> insns, Engine engine = Engine::kAuto);

  bool empty() const { return insns_.empty(); }
  std::span<const bpf_insn> insns() const { return insns_; }
  bool jitted() const { return native_ != nullptr; }
  NativeFn native() const { return native_; }
  const DecodedProgram* decoded() const { return decoded_.get(); }

  // Runs the program; returns the accept length (0 = reject). An empty
  // (default-constructed) Program accepts everything: (u_int)-1, what
  // libpcap's bpf_filter returns with no program. `aux` carries the Linux
  // metadata of a live packet (nullptr elsewhere: ancillary loads reject).
  u_int run(const u_char* pkt, u_int wirelen, u_int buflen, const AuxData* aux = nullptr) const {
    if (native_ != nullptr) return native_(pkt, wirelen, buflen, aux);
    return run_interpreted(pkt, wirelen, buflen, aux);
  }

  // run() without native code: the decoded interpreter, or the reference
  // interpreter when the program was JIT'd (used to cross-check the JIT).
  u_int run_interpreted(const u_char* pkt, u_int wirelen, u_int buflen, const AuxData* aux) const;

 private:
  std::vector<bpf_insn> insns_;
  NativeFn native_ = nullptr;
  std::unique_ptr<JitCode> jit_;
  std::unique_ptr<DecodedProgram> decoded_;  // set when there is no native code
};

}  // namespace wpcap::bpf
