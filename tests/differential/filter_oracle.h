// filter_oracle.h - test helper: the two sides of the filter differential
// tests. oracle_compile/oracle_error compile with the system libpcap
// (pcap_open_dead + pcap_compile through PcapLib::system()), oracle_run runs
// its program with libpcap's bpf_filter; ours/our_error compile with ours.
// Both sides use snaplen kSnap and netmask kNetmask. env_number reads knobs.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "differential/filter_corpus.h"
#include "filter/compile.h"
#include "testing/pcap_lib.h"

namespace wpcap::filter::difftest {

constexpr uint32_t kSnap = 262144;
constexpr uint32_t kNetmask = 0xffffff00;

// The environment variable `name` as a number (decimal, 0x hex or 0 octal),
// or fallback when unset or empty.
inline uint64_t env_number(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 0) : fallback;
}

// libpcap's answer to one compile: its program, or its error text.
struct OracleResult {
  bool ok = false;
  std::string error;
  std::vector<bpf_insn> insns;
};

inline OracleResult oracle_compile(int dlt, const std::string& text, bool optimize) {
  const testing::PcapLib& lib = testing::PcapLib::system();
  auto open_dead = lib.fn<pcap_t*(int, int)>("pcap_open_dead");
  auto compile_fn = lib.fn<int(pcap_t*, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile");
  auto geterr = lib.fn<char*(pcap_t*)>("pcap_geterr");
  auto close_fn = lib.fn<void(pcap_t*)>("pcap_close");
  auto freecode = lib.fn<void(bpf_program*)>("pcap_freecode");
  OracleResult r;
  pcap_t* p = open_dead(dlt, static_cast<int>(kSnap));
  if (p == nullptr) {
    r.error = "open_dead failed";
    return r;
  }
  bpf_program prog{};
  if (compile_fn(p, &prog, text.c_str(), optimize ? 1 : 0, kNetmask) < 0) {
    r.error = geterr(p);
  } else {
    r.ok = true;
    r.insns.assign(prog.bf_insns, prog.bf_insns + prog.bf_len);
    freecode(&prog);
  }
  close_fn(p);
  return r;
}

// "" when libpcap compiles text, else its error text ("(empty error)" when
// it gives none).
inline std::string oracle_error(int dlt, const std::string& text, bool optimize) {
  OracleResult r = oracle_compile(dlt, text, optimize);
  if (r.ok) return "";
  return r.error.empty() ? "(empty error)" : r.error;
}

// libpcap's bpf_filter on a whole packet (wirelen = caplen = its size).
inline u_int oracle_run(const std::vector<bpf_insn>& insns, const std::vector<uint8_t>& bytes) {
  auto filter = testing::PcapLib::system().fn<u_int(const bpf_insn*, const u_char*, u_int, u_int)>("bpf_filter");
  auto n = static_cast<u_int>(bytes.size());
  return filter(insns.data(), bytes.data(), n, n);
}

inline u_int oracle_run(const std::vector<bpf_insn>& insns, const testing::FilterPacket& pkt) {
  return oracle_run(insns, pkt.bytes);
}

// Our compiler with the same snaplen and netmask as the oracle.
inline Result<std::vector<bpf_insn>> ours(int dlt, const std::string& text, bool optimize) {
  CompileRequest req;
  req.text = text;
  req.linktype = dlt;
  req.snaplen = kSnap;
  req.optimize = optimize;
  req.netmask = kNetmask;
  return compile(req);
}

// "" when ours compiles text, else the error text (as oracle_error).
inline std::string our_error(int dlt, const std::string& text, bool optimize) {
  auto r = ours(dlt, text, optimize);
  if (r.has_value()) return "";
  std::string err = r.status().message();
  return err.empty() ? "(empty error)" : err;
}

// The report lines for one expression whose compile results differ ("" is
// a successful compile, as oracle_error and our_error give it).
inline std::string error_diff_report(int dlt, bool optimize, const std::string& text, const std::string& theirs,
                                     const std::string& mine) {
  return "  [" + std::to_string(dlt) + (optimize ? " opt] " : " noopt] ") + text + "\n    libpcap: " +
         (theirs.empty() ? "ok" : theirs) + "\n    wpcap:   " + (mine.empty() ? "ok" : mine) + "\n";
}

}  // namespace wpcap::filter::difftest
