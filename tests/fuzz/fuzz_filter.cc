// fuzz_filter.cc - libFuzzer target for the filter compiler.
//
// Input: byte 0 picks a link type and optimize on/off, the rest is filter
// text. Every compile must return a program or an error (no crash, no
// sanitizer report); a program must pass the BPF validator, run on a few
// packets, and (when optimizing) agree with the unoptimized program on
// packets long enough for every load. Seeds: tests/fuzz/corpus/fuzz_filter/.
#include <pcap/dlt.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "bpf/program.h"
#include "filter/compile.h"

namespace {

constexpr int kLinkTypes[] = {DLT_EN10MB, DLT_RAW, DLT_NULL, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_PPP, DLT_IPV4, DLT_IPV6};

std::vector<std::vector<uint8_t>> packets() {
  std::vector<std::vector<uint8_t>> out;
  for (int i = 0; i < 6; ++i) {
    std::vector<uint8_t> b(1600);
    for (size_t k = 0; k < b.size(); ++k) b[k] = static_cast<uint8_t>((k * 131 + i * 17) ^ (k >> 3));
    b[12] = i % 2 ? 0x86 : 0x08;
    b[13] = i % 2 ? 0xdd : 0x00;
    b[14] = i % 2 ? 0x60 : 0x45;
    out.push_back(b);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  static const auto kPackets = packets();
  wpcap::filter::CompileRequest req;
  req.linktype = kLinkTypes[data[0] % (sizeof kLinkTypes / sizeof kLinkTypes[0])];
  req.netmask = 0xffffff00;
  req.text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  req.optimize = false;
  auto plain = wpcap::filter::compile(req);
  req.optimize = true;
  auto opt = wpcap::filter::compile(req);
  if (!plain || !opt) return 0;
  auto p0 = wpcap::bpf::Program::make(*plain);
  auto p1 = wpcap::bpf::Program::make(*opt);
  if (!p0 || !p1) std::abort();  // the compiler emitted an invalid program
  // Optimized and unoptimized programs must agree unless a load can fail:
  // both optimizers may drop a test whose outcome cannot matter, and with
  // it a load that would have rejected the packet. The packets are 1600
  // bytes, so only far, indexed or ancillary loads can fail.
  bool safe = true;
  for (const bpf_insn& i : *plain) {
    if (BPF_CLASS(i.code) == BPF_LD || BPF_CLASS(i.code) == BPF_LDX) {
      if (BPF_MODE(i.code) == BPF_ABS && i.k >= 1400) safe = false;
      if (BPF_MODE(i.code) == BPF_IND && (i.k >= 1300)) safe = false;
    }
    if (i.code == (BPF_MISC | BPF_TAX)) safe = false;  // arithmetic index: unbounded
    if (BPF_CLASS(i.code) == BPF_ALU && (BPF_OP(i.code) == BPF_DIV || BPF_OP(i.code) == BPF_MOD)) safe = false;
  }
  if (!safe) return 0;
  for (const auto& pkt : kPackets) {
    auto n = static_cast<u_int>(pkt.size());
    if (p0->run(pkt.data(), n, n) != p1->run(pkt.data(), n, n)) std::abort();
  }
  return 0;
}
