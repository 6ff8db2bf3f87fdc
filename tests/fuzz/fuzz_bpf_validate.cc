// fuzz_bpf_validate.cc - libFuzzer target: bpf_validate on arbitrary bytes.
// Program::make must agree with it, bpf_image/bpf_dump must render every
// instruction, and an accepted program without backward `ja` (which may
// loop forever, as in libpcap) must run on a small packet without faults,
// its prepared form (JIT or decoded) giving the interpreter's answer.
#include <pcap/bpf.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bpf/image.h"
#include "bpf/interp.h"
#include "bpf/opcodes.h"
#include "bpf/program.h"
#include "bpf/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wpcap::bpf;
  const size_t n = size / sizeof(bpf_insn);
  if (n > 4096) return 0;
  std::vector<bpf_insn> prog(n);
  if (n > 0) std::memcpy(prog.data(), data, n * sizeof(bpf_insn));
  const bool valid = validate(prog.data(), static_cast<int>(n));
  auto made = Program::make(prog);
  if (made.has_value() != valid) abort();
  for (size_t i = 0; i < n; ++i) {
    if (image(prog[i], static_cast<int>(i))[0] != '(') abort();
  }
  (void)dump(prog, 1);
  (void)dump(prog, 2);
  (void)dump(prog, 3);
  if (!valid) return 0;
  for (const bpf_insn& in : prog) {
    if (in.code == kJa && static_cast<int32_t>(in.k) < 0) return 0;  // may loop forever, as in libpcap
  }
  static const u_char pkt[64] = {0x45, 0, 0, 64, 0, 0, 0x40, 0, 64, 6};
  const u_int want = interpret(prog.data(), pkt, 64, sizeof pkt, nullptr);
  if (made->run(pkt, 64, sizeof pkt) != want) abort();
  return 0;
}
