// jit_code.cc - executable-memory lifetime for JIT output (see jit_code.h).
//
// W^X: the mapping is created PROT_READ|PROT_WRITE, filled by the emitter,
// then mprotect'ed to PROT_READ|PROT_EXEC; it is never writable and
// executable at once. Any failure leaves the caller on the interpreter.
#include "bpf/jit/jit_code.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "wpcap/config.h"

namespace wpcap::bpf {
namespace {

[[maybe_unused]] bool jit_disabled_by_env() {
  const char* v = std::getenv("WPCAP_NO_JIT");
  return v != nullptr && v[0] != '\0' && std::strcmp(v, "0") != 0;
}

size_t round_to_pages(size_t n) {
  const long page = sysconf(_SC_PAGESIZE);
  const size_t p = page > 0 ? static_cast<size_t>(page) : 4096;
  return (n + p - 1) / p * p;
}

}  // namespace

bool JitCode::available() {
#if WPCAP_HAVE_JIT
  return !jit_disabled_by_env();  // read per compile: cheap, and tests can toggle it
#else
  return false;
#endif
}

std::unique_ptr<JitCode> JitCode::compile(std::span<const bpf_insn> insns) {
  if (!available() || insns.empty()) return nullptr;
  const std::vector<JeqChain> chains = find_jeq_chains(insns);
  size_t cases = 0;
  for (const auto& c : chains) cases += c.cases.size();
  const size_t map_size = round_to_pages(jit::max_code_size(insns.size(), cases));
  void* map = mmap(nullptr, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) return nullptr;
  const size_t used = jit::emit_x86_64(insns, chains, map, map_size);
  if (used == 0 || mprotect(map, map_size, PROT_READ | PROT_EXEC) != 0) {
    munmap(map, map_size);
    return nullptr;
  }
  return std::unique_ptr<JitCode>(new JitCode(map, map_size, used));
}

JitCode::~JitCode() { munmap(code_, map_size_); }

}  // namespace wpcap::bpf
