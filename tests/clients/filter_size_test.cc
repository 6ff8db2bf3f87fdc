// filter_size_test.cc - issue 4's output-size acceptance: the optimized
// program our pcap_compile emits has no more instructions than libpcap's on
// at least 90% of a broad expression set (the client table plus generated
// expressions, filter_expr_gen.h) over five link types, and never more than
// 1.5x. Both libraries are loaded with dlmopen (testing/pcap_lib.h) and
// called through the public API; the distribution of size ratios is printed.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "clients/client_exprs.h"
#include "differential/filter_expr_gen.h"
#include "testing/pcap_lib.h"

namespace wpcap::testing {
namespace {

constexpr int kSnap = 262144;
constexpr bpf_u_int32 kNetmask = 0xffffff00;

// Instruction count of the optimized program, or -1 if it does not compile.
int compiled_size(const PcapLib& lib, int dlt, const std::string& text) {
  auto open_dead = lib.fn<pcap_t*(int, int)>("pcap_open_dead");
  auto compile = lib.fn<int(pcap_t*, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile");
  auto freecode = lib.fn<void(bpf_program*)>("pcap_freecode");
  auto close = lib.fn<void(pcap_t*)>("pcap_close");
  pcap_t* p = open_dead(dlt, kSnap);
  if (p == nullptr) return -1;
  bpf_program prog{};
  int n = -1;
  if (compile(p, &prog, text.c_str(), 1, kNetmask) == 0) {
    n = static_cast<int>(prog.bf_len);
    freecode(&prog);
  }
  close(p);
  return n;
}

struct Sample {
  int dlt;
  std::string expr;
  int ours, theirs;
  double ratio() const { return static_cast<double>(ours) / static_cast<double>(theirs); }
};

struct SizeRun {
  std::vector<Sample> samples;  // compiled by both
  size_t both_fail = 0, only_ours = 0, only_theirs = 0;
  std::string disagreements;
};

// The client table plus generated expressions (none needing DNS) per link type.
std::vector<std::string> size_expressions(int dlt) {
  std::vector<std::string> exprs = client_expressions();
  FilterExprGen gen(0x5eed + static_cast<uint64_t>(dlt));
  for (int i = 0; i < 600; ++i) {
    std::string e = gen.next();
    if (!needs_dns(e)) exprs.push_back(e);
  }
  return exprs;
}

SizeRun measure(const PcapLib& ours, const PcapLib& sys) {
  SizeRun r;
  for (int dlt : {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_NULL}) {
    for (const std::string& e : size_expressions(dlt)) {
      const int a = compiled_size(ours, dlt, e), b = compiled_size(sys, dlt, e);
      if (a < 0 && b < 0) {
        ++r.both_fail;
      } else if (a < 0 || b < 0) {
        ++(a < 0 ? r.only_theirs : r.only_ours);
        if (r.disagreements.size() < 3000) {
          r.disagreements += "DLT " + std::to_string(dlt) + " '" + e + "': " +
                             (a < 0 ? "only libpcap" : "only ours") + " compiles\n";
        }
      } else {
        r.samples.push_back({dlt, e, a, b});
      }
    }
  }
  return r;
}

// Prints the ratio histogram; returns the share of samples with ours <= libpcap.
double print_distribution(const SizeRun& r) {
  const std::vector<std::pair<double, const char*>> buckets = {
      {0.5, "< 0.5"}, {0.8, "0.5-0.8"}, {0.9999, "0.8-1.0"}, {1.0001, "= 1.0"},
      {1.2, "1.0-1.2"}, {1.5, "1.2-1.5"}, {1e9, "> 1.5"}};
  std::vector<size_t> counts(buckets.size(), 0);
  size_t le = 0;
  long total_ours = 0, total_theirs = 0;
  for (const Sample& s : r.samples) {
    le += s.ours <= s.theirs;
    total_ours += s.ours;
    total_theirs += s.theirs;
    size_t b = 0;
    while (s.ratio() >= buckets[b].first && b + 1 < buckets.size()) ++b;
    ++counts[b];
  }
  const double share = static_cast<double>(le) / static_cast<double>(r.samples.size());
  std::printf("optimized size over %zu expressions compiled by both (%zu fail in both; only ours %zu, only libpcap %zu)\n",
              r.samples.size(), r.both_fail, r.only_ours, r.only_theirs);
  std::printf("  ours <= libpcap: %zu (%.1f%%); total %ld vs %ld instructions\n", le, 100.0 * share, total_ours,
              total_theirs);
  for (size_t b = 0; b < buckets.size(); ++b) std::printf("  ratio %-8s %5zu\n", buckets[b].second, counts[b]);
  return share;
}

TEST(FilterSize, OptimizedProgramsNoLargerThanLibpcaps) {
  const PcapLib& sys = PcapLib::system();
  const PcapLib& ours = PcapLib::ours();
  ASSERT_TRUE(sys.loaded()) << sys.error();
  if (!ours.loaded()) GTEST_SKIP() << "our libpcap.so.0.8 is not built: " << ours.error();
  const SizeRun r = measure(ours, sys);
  ASSERT_GT(r.samples.size(), 1000u);
  const double le_share = print_distribution(r);
  std::vector<Sample> worst = r.samples;
  std::sort(worst.begin(), worst.end(), [](const Sample& x, const Sample& y) { return x.ratio() > y.ratio(); });
  std::string worst_text;
  for (size_t i = 0; i < worst.size() && i < 12 && worst[i].ours > worst[i].theirs; ++i) {
    char line[64];
    std::snprintf(line, sizeof line, "  %4d vs %4d (%.2fx) DLT %d: ", worst[i].ours, worst[i].theirs,
                  worst[i].ratio(), worst[i].dlt);
    worst_text += line + worst[i].expr.substr(0, 160) + "\n";
  }
  std::printf("largest ratios:\n%s", worst_text.c_str());
  EXPECT_GE(le_share, 0.90) << worst_text;
  for (const Sample& w : worst) {
    if (w.ratio() <= 1.5) break;
    ADD_FAILURE() << "over 1.5x: " << w.ours << " vs " << w.theirs << " DLT " << w.dlt << ": " << w.expr;
  }
  // Compile-or-fail agreement belongs to the differential tests; listed here for context only.
  if (!r.disagreements.empty()) std::printf("compile/fail disagreements:\n%s", r.disagreements.c_str());
}

}  // namespace
}  // namespace wpcap::testing
