// program.cc - Program: validate once, prepare (JIT or interpreter), run.
//
// Entry points: Program::make(), Program::run_interpreted(); run() itself
// is inline in program.h so the per-packet cost is one indirect call.
#include "bpf/program.h"

#include "bpf/fast_interp.h"
#include "bpf/interp.h"
#include "bpf/jit/jit_code.h"
#include "bpf/validate.h"

namespace wpcap::bpf {

Program::Program() = default;
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

Result<Program> Program::make(std::span<const bpf_insn> insns, Engine engine) {
  if (insns.size() > 0x7fffffffu || !validate(insns.data(), static_cast<int>(insns.size()))) {
    return Status::error("BPF program is not valid");
  }
  Program p;
  p.insns_.assign(insns.begin(), insns.end());
  if (engine != Engine::kInterpreter) {
    p.jit_ = JitCode::compile(p.insns_);
    if (p.jit_ != nullptr) p.native_ = p.jit_->entry();
  }
  if (p.native_ == nullptr) p.decoded_ = std::make_unique<DecodedProgram>(decode(p.insns_));
  return p;
}

u_int Program::run_interpreted(const u_char* pkt, u_int wirelen, u_int buflen,
                               const AuxData* aux) const {
  if (insns_.empty()) return static_cast<u_int>(-1);
  if (decoded_ != nullptr) return run_decoded(*decoded_, pkt, wirelen, buflen, aux);
  return interpret(insns_.data(), pkt, wirelen, buflen, aux);
}

}  // namespace wpcap::bpf
