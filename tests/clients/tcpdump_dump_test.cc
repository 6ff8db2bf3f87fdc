// tcpdump_dump_test.cc - issue 3's real-client acceptance: Debian's
// `tcpdump -d / -dd / -ddd -r FILE EXPR` (program text printed by the
// library's bpf_dump/bpf_image) under our libpcap.so.0.8 against the system
// libpcap. (1) On a core set of canonical expressions the text is identical
// on every corpus link type. (2) On the broad set (optimized and -O), our
// -d text is exactly what the system libpcap's bpf_image prints for our
// program (read back from our -ddd), our -dd matches bpf_dump's format, and
// failures print the same error under all three flags. Also reports how
// often both libraries emit the very same program.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cinttypes>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "clients/client_compare.h"
#include "clients/client_exprs.h"
#include "testing/pcap_lib.h"

namespace wpcap::testing {
namespace {

class TcpdumpDump : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!clients_available(&why)) GTEST_SKIP() << why;
    files_ = &client_corpus_files(&why);
    ASSERT_TRUE(why.empty()) << why;
  }
  const CorpusFileSpec& file(const std::string& name) const {
    for (const CorpusFileSpec& f : *files_) {
      if (f.name == name) return f;
    }
    return files_->front();
  }
  const std::vector<CorpusFileSpec>* files_ = nullptr;
};

TEST_F(TcpdumpDump, CoreExpressionsPrintIdenticalText) {
  struct Case {
    const CorpusFileSpec* file;
    std::string flag, expr;
  };
  std::vector<Case> cases;
  for (const CorpusFileSpec& f : *files_) {
    for (const std::string& e : core_dump_expressions()) {
      for (const char* flag : {"-d", "-dd", "-ddd"}) cases.push_back({&f, flag, e});
    }
  }
  Mismatches bad("tcpdump -d/-dd/-ddd, core expressions");
  // Where our compiler emits a shorter program than libpcap's the text
  // differs by design (issue 4 asks for small programs); the printing itself
  // is checked on every program by PrintingOfOurProgramsIsLibpcaps below.
  // Listed per file, expression and flag (docs/client-findings.md §3).
  std::vector<std::string> shorter;
  const char* const raw_exprs[] = {"udp port 53", "udp dst port 53", "udp", "tcp port 80", "tcp or udp",
                                   "tcp and not port 22", "tcp", "src port 443", "sctp", "portrange 1-1024",
                                   "port 80", "pim", "not tcp", "dst portrange 6000-6010"};
  const std::string arith = "ip[2:2] - ((ip[0]&0xf)<<2) > 20";
  // NULL savefiles: after "ip6 next header 6, or fragment header and 6",
  // the port's protocol check needs no sctp/udp tests (joined facts).
  const char* const null_exprs[] = {"tcp and not port 22"};
  for (const char* flag : {"-d", "-dd", "-ddd"}) {
    for (const char* e : raw_exprs) shorter.push_back(std::string("raw.pcap ") + flag + " '" + e + "'");
    for (const char* e : null_exprs) shorter.push_back(std::string("null.pcap ") + flag + " '" + e + "'");
    for (const CorpusFileSpec& f : *files_) shorter.push_back(f.name + " " + flag + " '" + arith + "'");
  }
  KnownOpen known(shorter);
  run_parallel(cases.size(), [&](size_t i) {
    const Case& c = cases[i];
    const std::vector<std::string> argv = tcpdump_argv({c.flag, "-r", c.file->path, c.expr});
    const ClientRun want = run_client(argv, false);
    const ClientRun got = run_client(argv, true);
    if (want == got) return;
    if (known.differs(c.file->name + " " + c.flag + " '" + c.expr + "'")) return;
    bad.add(c.file->name + " (" + c.file->link + ") " + c.flag + " '" + c.expr + "'", want, got);
  });
  // Identical text only; the known-shorter cases are counted apart.
  const size_t same = cases.size() - bad.count() - known.count();
  std::printf("tcpdump -d/-dd/-ddd core set: %zu cases, %zu identical (%.1f%%), %zu differ because our program "
              "is shorter (known), %zu mismatches\n",
              cases.size(), same, 100.0 * static_cast<double>(same) / static_cast<double>(cases.size()),
              known.count(), bad.count());
  bad.write_report();
  EXPECT_EQ(bad.count(), 0u) << bad.summary();
  EXPECT_EQ(known.fixed(), "");
}

// The program read back from `tcpdump -ddd` output (after any stderr).
bool parse_ddd(const std::string& out, std::vector<bpf_insn>* prog) {
  std::istringstream in(out);
  unsigned n = 0;
  if (!(in >> n)) return false;
  prog->clear();
  for (unsigned i = 0; i < n; ++i) {
    unsigned code, jt, jf;
    uint32_t k;
    if (!(in >> code >> jt >> jf >> k)) return false;
    prog->push_back(bpf_insn{static_cast<u_short>(code), static_cast<u_char>(jt), static_cast<u_char>(jf), k});
  }
  std::string rest;
  return !(in >> rest);
}

std::string expected_dd(const std::vector<bpf_insn>& prog) {
  std::string s;
  char line[80];
  for (const bpf_insn& i : prog) {
    std::snprintf(line, sizeof line, "{ 0x%x, %d, %d, 0x%08x },\n", i.code, i.jt, i.jf, i.k);
    s += line;
  }
  return s;
}

std::string expected_d(const std::vector<bpf_insn>& prog) {
  auto image = PcapLib::system().fn<char*(const bpf_insn*, int)>("bpf_image");
  std::string s;
  for (size_t i = 0; i < prog.size(); ++i) s += std::string(image(&prog[i], static_cast<int>(i))) + "\n";
  return s;
}

// One expression's runs: ours with -ddd, -d (and -dd), libpcap's -ddd.
struct DumpCase {
  const CorpusFileSpec* file;
  bool unoptimized;
  std::string expr;
  ClientRun ddd, d, dd, theirs_ddd;
};

struct DumpCounts {
  size_t compiled = 0, same_program = 0, smaller = 0, larger = 0;
};

void run_dump_case(DumpCase& c) {
  auto argv = [&](const char* flag) {
    std::vector<std::string> a = {flag, "-r", c.file->path};
    if (c.unoptimized) a.push_back("-O");
    a.push_back(c.expr);
    return tcpdump_argv(a);
  };
  c.ddd = run_client(argv("-ddd"), true);
  c.d = run_client(argv("-d"), true);
  if (!c.unoptimized) c.dd = run_client(argv("-dd"), true);
  c.theirs_ddd = run_client(argv("-ddd"), false);
}

// Our -d/-dd text must be libpcap's rendering of the program our -ddd shows.
void check_dump_case(const DumpCase& c, Mismatches* bad, DumpCounts* n) {
  const std::string what = c.file->name + (c.unoptimized ? " -O '" : " '") + c.expr + "'";
  std::vector<bpf_insn> ours, theirs;
  if (c.ddd.status != 0) {  // a compile error: -d must say the same
    if (c.d.status != c.ddd.status || c.d.err != c.ddd.err || !c.d.out.empty()) bad->add(what + " -d", c.ddd, c.d);
    return;
  }
  if (!parse_ddd(c.ddd.out, &ours)) {
    bad->note(what + " -ddd", "unparsable output:\n" + c.ddd.out.substr(0, 2000));
    return;
  }
  ++n->compiled;
  ClientRun want_d = c.d;
  want_d.out = expected_d(ours);
  want_d.status = 0;
  want_d.err = c.ddd.err;  // "reading from file ..." alike
  if (!(want_d == c.d)) bad->add(what + " -d (expected: libpcap's bpf_image of our -ddd program)", want_d, c.d);
  if (c.dd.status != -1) {
    ClientRun want_dd = c.dd;
    want_dd.out = expected_dd(ours);
    want_dd.status = 0;
    want_dd.err = c.ddd.err;
    if (!(want_dd == c.dd)) bad->add(what + " -dd (expected: bpf_dump format of our -ddd program)", want_dd, c.dd);
  }
  if (c.theirs_ddd.status == 0 && parse_ddd(c.theirs_ddd.out, &theirs)) {
    n->same_program += c.theirs_ddd.out == c.ddd.out;
    n->smaller += ours.size() < theirs.size();
    n->larger += ours.size() > theirs.size();
  }
}

TEST_F(TcpdumpDump, OurTextIsLibpcapsTextForOurPrograms) {
  ASSERT_TRUE(PcapLib::system().loaded()) << PcapLib::system().error();
  std::vector<DumpCase> cases;
  // EN10MB optimized and -O (libpcap's unoptimized shapes use every
  // instruction class: scratch memory, tax/txa, ALU on x).
  for (bool unoptimized : {false, true}) {
    for (const std::string& e : client_expressions()) {
      cases.push_back({&file("en10mb.pcap"), unoptimized, e, {}, {}, {}, {}});
    }
  }
  run_parallel(cases.size(), [&](size_t i) { run_dump_case(cases[i]); });
  Mismatches bad("tcpdump -d/-dd text of our programs vs libpcap's bpf_image");
  DumpCounts n;
  for (const DumpCase& c : cases) check_dump_case(c, &bad, &n);  // bpf_image is not thread-safe
  std::printf("tcpdump -d/-dd of our programs: %zu cases, %zu compiled, %zu text mismatches\n", cases.size(),
              n.compiled, bad.count());
  std::printf("  same program as libpcap: %zu of %zu; ours shorter %zu, longer %zu\n", n.same_program, n.compiled,
              n.smaller, n.larger);
  bad.write_report();
  EXPECT_EQ(bad.count(), 0u) << bad.summary();
  EXPECT_GT(n.compiled, cases.size() / 2);
}

}  // namespace
}  // namespace wpcap::testing
