// savefile_diff_test.cc - savefile reading and writing compared with the
// system libpcap (the oracle): for the generated corpus (every format, both
// byte orders, both precisions, many link types) and for malformed and
// truncated variants, every pcap_pkthdr, every byte delivered, every return
// code and every error text must be identical; so must every file written
// by pcap_dump / pcap_dump_open_append. Each library runs in a child process
// (testing/oracle.h) loaded with dlmopen (testing/pcap_lib.h).
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "differential/savefile_corpus.h"
#include "differential/savefile_probe.h"
#include "testing/oracle.h"
#include "testing/pcap_lib.h"

namespace wpcap::testing {
namespace {

constexpr char kSep = '\x1e';

std::vector<ReadSpec> good_specs() {
  std::vector<ReadSpec> s;
  auto add = [&](u_int prec, ReadMethod m, int count = -1) {
    ReadSpec r;
    r.precision = prec;
    r.method = m;
    r.count = count;
    s.push_back(r);
    return &s.back();
  };
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kNextEx);
  add(PCAP_TSTAMP_PRECISION_NANO, ReadMethod::kNextEx);
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kLoop);
  add(PCAP_TSTAMP_PRECISION_NANO, ReadMethod::kDispatch, 7);
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kNext);
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kLoop, 5);
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kNextEx)->use_fopen = true;
  add(PCAP_TSTAMP_PRECISION_NANO, ReadMethod::kLoop)->use_pipe = true;
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kLoop)->filter = true;
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kNextEx)->filter = true;
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kLoop)->break_after = 3;
  add(PCAP_TSTAMP_PRECISION_MICRO, ReadMethod::kDispatch, -1)->break_after = 2;
  return s;
}

std::vector<ReadSpec> malformed_specs() {
  std::vector<ReadSpec> s(3);
  s[0].method = ReadMethod::kNextEx;
  s[1].method = ReadMethod::kLoop;
  s[1].precision = PCAP_TSTAMP_PRECISION_NANO;
  s[2].method = ReadMethod::kNextEx;
  s[2].use_pipe = true;
  return s;
}

std::string write_corpus(const std::vector<CorpusFile>& files, const std::string& sub) {
  const std::string dir = temp_dir() + "/" + sub;
  mkdir(dir.c_str(), 0700);
  for (const CorpusFile& f : files) write_file(dir + "/" + f.name, f.bytes);
  return dir;
}

// Child side: args = lib, dir, spec set ("good" or "bad"), file names...
std::string corpus_probe(const std::vector<std::string>& args) {
  if (args.size() < 3) return "bad probe arguments";
  ChildLib lib(args[0]);
  if (!lib.loaded()) return "cannot load " + args[0] + ": " + lib.error();
  const std::vector<ReadSpec> specs = args[2] == "good" ? good_specs() : malformed_specs();
  std::string all;
  for (size_t f = 3; f < args.size(); ++f) {
    for (size_t i = 0; i < specs.size(); ++i) {
      all += "== spec " + std::to_string(i) + "\n" + savefile_transcript(lib, args[1] + "/" + args[f], specs[i]);
    }
    all += kSep;
  }
  return all;
}

// Child side: args = lib, in, out, precision, append (0/1).
std::string rewrite_probe(const std::vector<std::string>& args) {
  if (args.size() != 5) return "bad probe arguments";
  ChildLib lib(args[0]);
  if (!lib.loaded()) return "cannot load " + args[0] + ": " + lib.error();
  return rewrite_transcript(lib, args[1], args[2], static_cast<u_int>(std::stoi(args[3])), args[4] == "1");
}

// Child side: args = lib, path of a valid savefile, scratch dir. Handle facts
// and error texts around savefiles that the corpus transcripts do not show.
std::string facts_probe(const std::vector<std::string>& args) {
  if (args.size() != 3) return "bad probe arguments";
  ChildLib lib(args[0]);
  if (!lib.loaded()) return "cannot load " + args[0] + ": " + lib.error();
  auto open = lib.fn<pcap_t*(const char*, u_int, char*)>("pcap_open_offline_with_tstamp_precision");
  auto open_plain = lib.fn<pcap_t*(const char*, char*)>("pcap_open_offline");
  auto close = lib.fn<void(pcap_t*)>("pcap_close");
  auto geterr = lib.fn<char*(pcap_t*)>("pcap_geterr");
  auto file = lib.fn<FILE*(pcap_t*)>("pcap_file");
  auto fileno_ = lib.fn<int(pcap_t*)>("pcap_fileno");
  auto selectable = lib.fn<int(pcap_t*)>("pcap_get_selectable_fd");
  auto setnonblock = lib.fn<int(pcap_t*, int, char*)>("pcap_setnonblock");
  auto getnonblock = lib.fn<int(pcap_t*, char*)>("pcap_getnonblock");
  auto stats = lib.fn<int(pcap_t*, pcap_stat*)>("pcap_stats");
  auto inject = lib.fn<int(pcap_t*, const void*, size_t)>("pcap_inject");
  auto setdirection = lib.fn<int(pcap_t*, pcap_direction_t)>("pcap_setdirection");
  auto set_datalink = lib.fn<int(pcap_t*, int)>("pcap_set_datalink");
  auto list_datalinks = lib.fn<int(pcap_t*, int**)>("pcap_list_datalinks");
  auto free_datalinks = lib.fn<void(int*)>("pcap_free_datalinks");
  auto dump_open = lib.fn<pcap_dumper_t*(pcap_t*, const char*)>("pcap_dump_open");
  auto open_dead = lib.fn<pcap_t*(int, int)>("pcap_open_dead");
  std::string out;
  char eb[PCAP_ERRBUF_SIZE + 1] = {0};
  auto line = [&](const std::string& what, long v, const char* text) {
    out += what + " = " + std::to_string(v) + (text != nullptr ? std::string(" [") + text + "]" : "") + "\n";
  };
  line("open nonexistent", open("/nonexistent/file.pcap", 0, eb) == nullptr, eb);
  line("open NULL", open_plain(nullptr, eb) == nullptr, eb);
  line("open bad precision", open(args[1].c_str(), 5, eb) == nullptr, eb);
  line("open directory", open(args[2].c_str(), 0, eb) == nullptr, eb);
  pcap_t* p = open(args[1].c_str(), 1, eb);
  if (p == nullptr) return out + "open failed: " + eb;
  line("pcap_file is set", file(p) != nullptr, nullptr);
  line("pcap_fileno", fileno_(p) == ::fileno(file(p)) ? 1000 : fileno_(p), nullptr);  // 1000: = fileno(pcap_file)
  line("selectable matches", selectable(p) == ::fileno(file(p)), nullptr);
  line("setnonblock 1", setnonblock(p, 1, eb), eb);
  line("getnonblock", getnonblock(p, eb), nullptr);
  pcap_stat st{};
  line("stats", stats(p, &st), geterr(p));
  line("inject", inject(p, "abc", 3), geterr(p));
  line("setdirection", setdirection(p, PCAP_D_IN), geterr(p));
  line("set_datalink same", set_datalink(p, DLT_EN10MB), nullptr);
  int* dl = nullptr;
  int ndl = list_datalinks(p, &dl);
  line("list_datalinks", ndl, nullptr);
  if (ndl > 0) line("first datalink", dl[0], nullptr);
  free_datalinks(dl);
  line("dump to missing dir", dump_open(p, "/nonexistent/out.pcap") == nullptr, geterr(p));
  line("dump NULL name", dump_open(p, nullptr) == nullptr, geterr(p));
  close(p);
  pcap_t* d = open_dead(12345, 100);
  line("dump unsupported linktype", dump_open(d, (args[2] + "/x.pcap").c_str()) == nullptr,
       geterr(d) + args[2].size());  // the path differs per run only in its directory
  close(d);
  return out;
}

const bool kRegistered = register_probe("savefile-corpus", corpus_probe) &&
                         register_probe("savefile-facts", facts_probe) &&
                         register_probe("savefile-rewrite", rewrite_probe);

std::string rewrite(const std::string& lib, const std::string& in, const std::string& out, u_int prec, bool append) {
  return run_probe_process("savefile-rewrite", {lib, in, out, std::to_string(prec), append ? "1" : "0"}).output;
}

// All transcripts of one library, computed in one fresh child process.
std::vector<std::string> transcripts(const std::string& lib_path, const std::string& dir,
                                     const std::vector<CorpusFile>& files, const char* spec_set,
                                     std::string* problem, const std::vector<std::string>& env = {}) {
  std::vector<std::string> args = {lib_path, dir, spec_set};
  for (const CorpusFile& f : files) args.push_back(f.name);
  ProbeResult r = run_probe_process("savefile-corpus", args, 600, env);
  if (r.exit_code != 0) *problem = lib_path + ": probe " + r.describe();
  std::vector<std::string> out;
  std::string cur;
  for (char c : r.output) {
    if (c == kSep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) *problem += " trailing output: " + cur.substr(0, 200);
  return out;
}

std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ga = static_cast<bool>(std::getline(sa, la));
    bool gb = static_cast<bool>(std::getline(sb, lb));
    if (!ga && !gb) return "identical";
    if (la != lb || ga != gb) {
      return "line " + std::to_string(line) + ":\n  libpcap: " + (ga ? la : "<end>") + "\n  wpcap:   " + (gb ? lb : "<end>");
    }
  }
}

// Compares every file; with per_file each file gets its own child process
// per library, so a file that crashes the oracle itself is only reported.
void compare_corpus(const std::vector<CorpusFile>& files, const char* spec_set, const char* sub,
                    bool per_file = false) {
  const std::string dir = write_corpus(files, sub);
  std::vector<std::string> want, got;
  std::vector<bool> oracle_crashed(files.size(), false);
  if (!per_file) {
    std::string p1, p2;
    want = transcripts(PcapLib::system_path(), dir, files, spec_set, &p1);
    got = transcripts(PcapLib::ours_path(), dir, files, spec_set, &p2);
    ASSERT_TRUE(p1.empty()) << p1;
    ASSERT_TRUE(p2.empty()) << p2;
  } else {
    for (size_t i = 0; i < files.size(); ++i) {
      const std::vector<CorpusFile> one = {files[i]};
      std::string p1, p2;
      auto w = transcripts(PcapLib::system_path(), dir, one, spec_set, &p1);
      auto g = transcripts(PcapLib::ours_path(), dir, one, spec_set, &p2);
      EXPECT_TRUE(p2.empty()) << files[i].name << ": " << p2;
      oracle_crashed[i] = !p1.empty();
      if (!p1.empty() && w.empty()) w.push_back(p1);
      want.push_back(w.empty() ? std::string() : w[0]);
      got.push_back(g.empty() ? std::string() : g[0]);
    }
  }
  ASSERT_EQ(want.size(), files.size());
  ASSERT_EQ(got.size(), files.size());
  int packets = 0, crashes = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (oracle_crashed[i]) {  // libpcap itself dies on this input; we must not
      ++crashes;
      std::cout << "[ note ] system libpcap crashed on " << files[i].name << ": " << want[i].substr(0, 300) << "\n";
      continue;
    }
    EXPECT_TRUE(want[i] == got[i]) << files[i].name << ": " << first_difference(want[i], got[i]);
    for (size_t pos = 0; (pos = want[i].find("pkt ", pos)) != std::string::npos; ++pos) ++packets;
  }
  EXPECT_GT(packets, 0);  // the corpus really delivered packets
  std::cout << "[ info ] " << files.size() << " files, " << packets << " packets compared\n";
  EXPECT_LT(crashes, static_cast<int>(files.size()) / 10);
}

TEST(SavefileDiff, GoodCorpusReadsIdentically) { compare_corpus(good_corpus(), "good", "good"); }

// The same corpus through the optional mmap path (WPCAP_SAVEFILE_MMAP=1).
TEST(SavefileDiff, MmapPathReadsIdentically) {
  std::vector<CorpusFile> files = good_corpus();
  const std::vector<CorpusFile> fx = fixture_corpus();
  files.insert(files.end(), fx.begin(), fx.end());
  const std::string dir = write_corpus(files, "mmap");
  std::string p1, p2;
  auto want = transcripts(PcapLib::system_path(), dir, files, "good", &p1);
  auto got = transcripts(PcapLib::ours_path(), dir, files, "good", &p2, {"WPCAP_SAVEFILE_MMAP=1"});
  ASSERT_TRUE(p1.empty()) << p1;
  ASSERT_TRUE(p2.empty()) << p2;
  ASSERT_EQ(want.size(), files.size());
  ASSERT_EQ(got.size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_TRUE(want[i] == got[i]) << files[i].name << ": " << first_difference(want[i], got[i]);
  }
}

TEST(SavefileDiff, HandMadeFixturesBehaveIdentically) {
  compare_corpus(fixture_corpus(), "good", "fixtures", true);
}

TEST(SavefileDiff, MalformedCorpusFailsIdentically) {
  compare_corpus(malformed_corpus(), "bad", "bad", true);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Handle facts and error texts around savefile handles.
TEST(SavefileDiff, HandleFactsAndErrorsMatch) {
  const std::string dir = temp_dir() + "/facts";
  mkdir(dir.c_str(), 0700);
  const std::string path = dir + "/ok.pcap";
  ASSERT_TRUE(write_file(path, corpus_detail::pcap_file(0xa1b2c3d4, false, 1, 65535, 4, 3, 1)));
  const std::string want = run_probe_process("savefile-facts", {PcapLib::system_path(), path, dir}).output;
  const std::string got = run_probe_process("savefile-facts", {PcapLib::ours_path(), path, dir}).output;
  EXPECT_NE(want.find("pcap_file is set = 1"), std::string::npos) << want;
  EXPECT_NE(want.find("pcap_fileno = -1"), std::string::npos) << want;
  EXPECT_EQ(want, got);
}

// pcap_dump output (µs and ns magic) is byte-identical.
TEST(SavefileDiff, RewrittenFilesAreIdentical) {
  std::vector<CorpusFile> files;
  for (const CorpusFile& f : good_corpus()) {
    if (f.name.find("-le-1") != std::string::npos || f.name.find("-be-113") != std::string::npos ||
        f.name.find("kuz") != std::string::npos || f.name.find("fcs") != std::string::npos ||
        f.name.find("multi") != std::string::npos) {
      files.push_back(f);
    }
  }
  ASSERT_FALSE(files.empty());
  const std::string dir = write_corpus(files, "rw");
  for (const CorpusFile& f : files) {
    for (u_int prec : {PCAP_TSTAMP_PRECISION_MICRO, PCAP_TSTAMP_PRECISION_NANO}) {
      const std::string in = dir + "/" + f.name;
      const std::string out_sys = in + ".sys.pcap", out_our = in + ".our.pcap";
      const std::string a = rewrite(PcapLib::system_path(), in, out_sys, prec, false);
      const std::string b = rewrite(PcapLib::ours_path(), in, out_our, prec, false);
      EXPECT_NE(a.find("loop 0"), std::string::npos) << a;
      EXPECT_EQ(a, b) << f.name;
      const std::string want = slurp(out_sys);
      EXPECT_GT(want.size(), 24u);
      EXPECT_TRUE(want == slurp(out_our)) << f.name << " prec " << prec;
    }
  }
}

// pcap_dump_open_append: success on a matching file, and each refusal.
TEST(SavefileDiff, AppendBehavesIdentically) {
  const std::string dir = temp_dir() + "/append";
  mkdir(dir.c_str(), 0700);
  using corpus_detail::pcap_file;
  struct Case {
    const char* name;
    Bytes target;  // existing file to append to (empty: none)
    u_int prec;
  } cases[] = {
      {"matching", pcap_file(0xa1b2c3d4, false, 1, 65535, 4, 3, 5), PCAP_TSTAMP_PRECISION_MICRO},
      {"empty", {}, PCAP_TSTAMP_PRECISION_MICRO},
      {"ns into us", pcap_file(0xa1b2c3d4, false, 1, 65535, 4, 3, 5), PCAP_TSTAMP_PRECISION_NANO},
      {"other byte order", pcap_file(0xa1b2c3d4, true, 1, 65535, 4, 3, 5), PCAP_TSTAMP_PRECISION_MICRO},
      {"other linktype", pcap_file(0xa1b2c3d4, false, 113, 65535, 4, 3, 5), PCAP_TSTAMP_PRECISION_MICRO},
      {"other snaplen", pcap_file(0xa1b2c3d4, false, 1, 1000, 4, 3, 5), PCAP_TSTAMP_PRECISION_MICRO},
      {"version 2.3", pcap_file(0xa1b2c3d4, false, 1, 65535, 3, 3, 5), PCAP_TSTAMP_PRECISION_MICRO},
      {"kuznetzov", pcap_file(0xa1b2cd34, false, 1, 65535, 4, 3, 5), PCAP_TSTAMP_PRECISION_MICRO},
      {"not pcap", Bytes(40, 'x'), PCAP_TSTAMP_PRECISION_MICRO},
      {"short header", Bytes(10, 0xd4), PCAP_TSTAMP_PRECISION_MICRO},
  };
  const std::string source = dir + "/source.pcap";
  write_file(source, pcap_file(0xa1b2c3d4, false, 1, 65535, 4, 4, 9));
  for (const Case& c : cases) {
    const std::string target = dir + "/target.pcap";
    std::string results[2], bytes[2];
    for (int which = 0; which < 2; ++which) {
      unlink(target.c_str());
      if (!c.target.empty()) write_file(target, c.target);
      const std::string lib = which == 0 ? PcapLib::system_path() : PcapLib::ours_path();
      results[which] = rewrite(lib, source, target, c.prec, true);
      bytes[which] = slurp(target);
    }
    EXPECT_FALSE(results[0].empty()) << c.name;
    EXPECT_EQ(results[0], results[1]) << c.name;
    EXPECT_TRUE(bytes[0] == bytes[1]) << c.name;
  }
}

}  // namespace
}  // namespace wpcap::testing
