// tcpdump_filter_test.cc - issue 4's real-client acceptance: Debian's
// `tcpdump -r FILE -nn EXPR` prints the same stdout and stderr and exits the
// same with our libpcap.so.0.8 (LD_LIBRARY_PATH) as with the system
// libpcap, for every expression of client_exprs.h (valid ones select the
// same packets; invalid ones fail with the same message) on every corpus
// file (EN10MB x2, LINUX_SLL, LINUX_SLL2, RAW, NULL), and for generated
// random combinations (filter_expr_gen.h). Where only libpcap's optimizer
// is wrong (ours equals libpcap's `tcpdump -O` output) the case is counted
// and reported, not failed. Skipped without tcpdump.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <atomic>
#include <string>
#include <vector>

#include "clients/client_compare.h"
#include "clients/client_exprs.h"
#include "differential/filter_expr_gen.h"

namespace wpcap::testing {
namespace {

class TcpdumpFilter : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!clients_available(&why)) GTEST_SKIP() << why;
    files_ = &client_corpus_files(&why);
    ASSERT_TRUE(why.empty()) << why;
  }
  const std::vector<CorpusFileSpec>* files_ = nullptr;
};

struct Case {
  const CorpusFileSpec* file;
  std::string expr;
};

// Runs one case on both libraries. A difference counts as libpcap's own
// optimizer bug (docs/compatibility.md: 1.10.3 sometimes emits wrong
// optimized code) only when our output equals libpcap's with its optimizer
// off (`-O`), which is the reference semantics; every other difference is a
// mismatch. Returns the lines libpcap's run printed, -1 if it failed.
int compare_case(const Case& c, Mismatches* bad, Mismatches* libpcap_bugs) {
  const std::string what = c.file->name + " (" + c.file->link + ") '" + c.expr + "'";
  const ClientRun want = run_client(tcpdump_argv({"-r", c.file->path, "-nn", c.expr}), false);
  const ClientRun got = run_client(tcpdump_argv({"-r", c.file->path, "-nn", c.expr}), true);
  const int lines = want.status == 0 ? static_cast<int>(split_lines(want.out).size()) : -1;
  if (want == got) return lines;
  const ClientRun unoptimized = run_client(tcpdump_argv({"-r", c.file->path, "-nn", "-O", c.expr}), false);
  if (want.status == 0 && unoptimized == got) {
    libpcap_bugs->add(what, want, got);
  } else {
    bad->add(what, want, got);
  }
  return lines;
}

TEST_F(TcpdumpFilter, SameOutputForEveryExpressionOnEveryLinkType) {
  std::vector<Case> cases;
  for (const CorpusFileSpec& f : *files_) {
    for (const std::string& e : client_expressions()) cases.push_back({&f, e});
  }
  Mismatches bad("tcpdump -r FILE -nn EXPR");
  Mismatches libpcap_bugs("tcpdump -r FILE -nn EXPR: libpcap's optimizer wrong (ours == libpcap -O)");
  std::vector<int> selected(cases.size(), -1);  // lines printed by libpcap's run, -1 = error
  run_parallel(cases.size(), [&](size_t i) {
    selected[i] = compare_case(cases[i], &bad, &libpcap_bugs);
  });
  // How much the corpus exercises the expressions: cases that print some
  // but not all packets are the informative ones.
  std::map<std::string, int> total_lines, partial;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (cases[i].expr.empty()) total_lines[cases[i].file->name] = selected[i];
  }
  size_t errors = 0, informative = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (selected[i] < 0) {
      ++errors;
    } else if (selected[i] > 0 && selected[i] < total_lines[cases[i].file->name]) {
      ++informative;
      ++partial[cases[i].file->name];
    }
  }
  const size_t same = cases.size() - bad.count() - libpcap_bugs.count();
  std::printf("tcpdump -r -nn: %zu cases (%zu expressions x %zu files), %zu identical (%.1f%%), %zu mismatches\n",
              cases.size(), client_expressions().size(), files_->size(), same,
              100.0 * static_cast<double>(same) / static_cast<double>(cases.size()), bad.count());
  std::printf("  libpcap: %zu cases fail to compile, %zu select some but not all packets\n", errors, informative);
  std::printf("  libpcap's optimizer wrong (ours == libpcap -O, docs/compatibility.md): %zu\n", libpcap_bugs.count());
  for (const auto& [name, n] : partial) {
    std::printf("  %-12s %4d lines, %d expressions print a proper subset\n", name.c_str(), total_lines[name], n);
  }
  bad.write_report();
  libpcap_bugs.write_report();
  EXPECT_EQ(bad.count(), 0u) << bad.summary();
  // The corpus must make the comparison meaningful.
  EXPECT_GT(informative, cases.size() / 4);
}

// Random combinations (filter_expr_gen.h, as the differential test uses)
// through the real client: savefile read, pcap_setfilter, offline filtering.
TEST_F(TcpdumpFilter, SameOutputForGeneratedExpressions) {
  std::vector<Case> cases;
  for (size_t k = 0; k < files_->size(); ++k) {
    FilterExprGen gen(0xc11e + k);
    for (int n = 0; n < 60;) {
      std::string e = gen.next();
      if (needs_dns(e)) continue;
      cases.push_back({&(*files_)[k], e});
      ++n;
    }
  }
  Mismatches bad("tcpdump -r FILE -nn EXPR, generated expressions");
  Mismatches libpcap_bugs("tcpdump -r FILE -nn EXPR, generated: libpcap's optimizer wrong (ours == libpcap -O)");
  std::atomic<size_t> compiled{0};
  run_parallel(cases.size(), [&](size_t i) { compiled += compare_case(cases[i], &bad, &libpcap_bugs) >= 0; });
  const size_t same = cases.size() - bad.count() - libpcap_bugs.count();
  std::printf("tcpdump -r -nn, generated: %zu cases, %zu compiled by libpcap, %zu identical (%.1f%%), "
              "%zu where libpcap's optimizer is wrong (ours == libpcap -O)\n",
              cases.size(), compiled.load(), same, 100.0 * static_cast<double>(same) / static_cast<double>(cases.size()),
              libpcap_bugs.count());
  bad.write_report();
  libpcap_bugs.write_report();
  EXPECT_EQ(bad.count(), 0u) << bad.summary();
  EXPECT_GT(compiled, cases.size() / 5);
}

}  // namespace
}  // namespace wpcap::testing
