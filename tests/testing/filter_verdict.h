// filter_verdict.h - test helper: compile a filter with our compiler and
// run it on one packet, or get its compile error.
//
// Entry points: filter_verdict(dlt, text, pkt) -> 1 accept, 0 reject, -1 no
// program, -2 optimized and unoptimized programs disagree;
// filter_error(dlt, text) -> the error text ("" if it compiles).
#pragma once

#include <string>
#include <vector>

#include "bpf/program.h"
#include "filter/compile.h"

namespace wpcap::testing {

inline int filter_verdict(int dlt, const std::string& text, const std::vector<uint8_t>& pkt) {
  int out[2] = {-1, -1};
  for (bool opt : {false, true}) {
    filter::CompileRequest r;
    r.text = text;
    r.linktype = dlt;
    r.optimize = opt;
    auto insns = filter::compile(r);
    if (!insns) return -1;
    auto prog = bpf::Program::make(*insns);
    if (!prog) return -1;
    auto n = static_cast<u_int>(pkt.size());
    out[opt] = prog->run(pkt.data(), n, n) != 0 ? 1 : 0;
  }
  return out[0] == out[1] ? out[0] : -2;
}

inline std::string filter_error(int dlt, const std::string& text) {
  filter::CompileRequest r;
  r.text = text;
  r.linktype = dlt;
  auto p = filter::compile(r);
  return p ? "" : p.status().message();
}

}  // namespace wpcap::testing
