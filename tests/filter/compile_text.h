// compile_text.h - test helper for the filter unit tests: run(text) compiles
// one expression with the defaults (snaplen and netmask of CompileRequest),
// optimized unless asked otherwise, on DLT_EN10MB unless given a link type.
#pragma once

#include <string>
#include <vector>

#include "filter/compile.h"

namespace wpcap::filter::test_helpers {

inline Result<std::vector<bpf_insn>> run(const std::string& text, bool optimize = true, int dlt = 1) {
  CompileRequest r;
  r.text = text;
  r.optimize = optimize;
  r.linktype = dlt;
  return compile(r);
}

}  // namespace wpcap::filter::test_helpers
