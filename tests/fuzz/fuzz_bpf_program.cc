// fuzz_bpf_program.cc - libFuzzer target: arbitrary bytes become a valid BPF
// program plus a packet; the reference interpreter, the decoded interpreter
// and the JIT must return the same value (abort otherwise).
//
// Input: [2 bytes packet length][packet bytes][8-byte instructions...];
// instructions are repaired into validity (in-range forward jumps, M[]
// index < 16, no constant division by zero, final return).
#include <pcap/bpf.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bpf/interp.h"
#include "bpf/opcodes.h"
#include "bpf/program.h"
#include "bpf/validate.h"

namespace {

using namespace wpcap::bpf;

void repair(std::vector<bpf_insn>& p) {
  const size_t n = p.size();
  for (size_t i = 0; i < n; ++i) {
    bpf_insn& in = p[i];
    const size_t room = n - i - 2;  // jumps may land on [i+1, n-1]
    switch (BPF_CLASS(in.code)) {
      case BPF_LD:
      case BPF_LDX:
        if (BPF_MODE(in.code) == BPF_MEM) in.k %= BPF_MEMWORDS;
        if (BPF_MODE(in.code) > BPF_MSH) in.code = kLdImm;
        break;
      case BPF_ST:
      case BPF_STX:
        in.k %= BPF_MEMWORDS;
        break;
      case BPF_ALU:
        if (BPF_OP(in.code) > BPF_XOR) in.code = kNeg;
        if ((BPF_OP(in.code) == BPF_DIV || BPF_OP(in.code) == BPF_MOD) && BPF_SRC(in.code) == BPF_K && in.k == 0) {
          in.k = 1;
        }
        break;
      case BPF_JMP:
        if (i + 1 >= n) break;
        if (BPF_OP(in.code) > BPF_JSET) in.code = kJa;
        in.jt = static_cast<u_char>(in.jt % (room + 1));
        in.jf = static_cast<u_char>(in.jf % (room + 1));
        if (BPF_OP(in.code) == BPF_JA) in.k %= static_cast<uint32_t>(room + 1);  // forward only: terminates
        break;
      default:
        break;
    }
  }
  if (BPF_CLASS(p.back().code) != BPF_RET) p.back() = {kRetA, 0, 0, 0};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t pkt_len = (data[0] | data[1] << 8) % 256;
  data += 2;
  size -= 2;
  if (pkt_len > size) pkt_len = size;
  const std::vector<u_char> pkt(data, data + pkt_len);
  data += pkt_len;
  size -= pkt_len;
  const size_t n = size / sizeof(bpf_insn);
  if (n == 0 || n > 512) return 0;
  std::vector<bpf_insn> prog(n);
  std::memcpy(prog.data(), data, n * sizeof(bpf_insn));
  repair(prog);
  if (!validate(prog.data(), static_cast<int>(n))) abort();  // repair must give a valid program
  auto jit = Program::make(prog, Engine::kJit);
  auto decoded = Program::make(prog, Engine::kInterpreter);
  if (!jit || !decoded) abort();
  const AuxData aux{true, static_cast<uint16_t>(pkt_len * 37)};
  for (const AuxData* a : {static_cast<const AuxData*>(nullptr), &aux}) {
    for (u_int buflen : {static_cast<u_int>(pkt.size()), static_cast<u_int>(pkt.size() / 2)}) {
      const u_int want = interpret(prog.data(), pkt.data(), static_cast<u_int>(pkt_len) + 4, buflen, a);
      if (jit->run(pkt.data(), static_cast<u_int>(pkt_len) + 4, buflen, a) != want) abort();
      if (decoded->run(pkt.data(), static_cast<u_int>(pkt_len) + 4, buflen, a) != want) abort();
    }
  }
  return 0;
}
