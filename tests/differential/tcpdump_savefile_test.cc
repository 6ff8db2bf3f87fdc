// tcpdump_savefile_test.cc - Debian's tcpdump as a real client: over the
// generated savefile corpus, `tcpdump -r FILE -nn -v -e -tttt` prints the
// same text with our libpcap.so.0.8 (LD_LIBRARY_PATH at the build dir) as
// with the system libpcap; so does `-r -` from a pipe, and `-w` rewrites
// to byte-identical files. Skipped when tcpdump is not installed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "differential/savefile_corpus.h"
#include "testing/oracle.h"
#include "testing/savefile_builder.h"

namespace wpcap::testing {
namespace {

const char* kTcpdump = "/usr/bin/tcpdump";

// First differing line of two outputs, for failure messages.
std::string first_diff(const std::string& a, const std::string& b) {
  size_t i = 0, line = 1;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '\n') ++line;
    ++i;
  }
  auto line_at = [](const std::string& s, size_t pos) {
    size_t start = s.rfind('\n', pos == 0 ? 0 : pos - 1);
    start = start == std::string::npos ? 0 : start + 1;
    return s.substr(start, s.find('\n', start) - start);
  };
  return "line " + std::to_string(line) + "\n  libpcap: " + line_at(a, i) + "\n  wpcap:   " + line_at(b, i);
}

std::vector<std::string> our_env() {
  return {std::string("LD_LIBRARY_PATH=") + WPCAP_TEST_BUILD_DIR, "TZ=UTC"};
}

ProbeResult tcpdump(const std::vector<std::string>& args, bool ours, const std::string& shell_pipe_from = "") {
  std::vector<std::string> env = ours ? our_env() : std::vector<std::string>{"TZ=UTC"};
  if (!shell_pipe_from.empty()) {
    std::string cmd = "cat '" + shell_pipe_from + "' | " + kTcpdump;
    for (const std::string& a : args) cmd += " '" + a + "'";
    return run_command({"/bin/sh", "-c", cmd}, env, "", true);
  }
  std::vector<std::string> argv = {kTcpdump};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, env, "", true);
}

class TcpdumpSavefile : public ::testing::Test {
 protected:
  void SetUp() override {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "an ASan-built libpcap.so cannot be preloaded into tcpdump";
#endif
    if (access(kTcpdump, X_OK) != 0) GTEST_SKIP() << "tcpdump is not installed";
    if (access((std::string(WPCAP_TEST_BUILD_DIR) + "/libpcap.so.0.8").c_str(), R_OK) != 0) {
      GTEST_SKIP() << "libpcap.so.0.8 not built";
    }
    dir_ = temp_dir() + "/tcpdump";
    mkdir(dir_.c_str(), 0755);
    chmod(dir_.c_str(), 0777);  // tcpdump drops to its own user before writing -w files
  }
  std::string dir_;
};

std::vector<CorpusFile> tcpdump_corpus() {
  std::vector<CorpusFile> out;
  for (const CorpusFile& f : good_corpus()) {
    // All link types tcpdump decodes, both formats and byte orders.
    out.push_back(f);
  }
  const std::vector<CorpusFile> bad = malformed_corpus();
  for (size_t i = 0; i < bad.size(); i += 9) out.push_back(bad[i]);
  return out;
}

TEST_F(TcpdumpSavefile, PrintsIdenticalOutput) {
  int compared = 0;
  for (const CorpusFile& f : tcpdump_corpus()) {
    const std::string path = dir_ + "/" + f.name;
    ASSERT_TRUE(write_file(path, f.bytes));
    const std::vector<std::string> args = {"-r", path, "-nn", "-v", "-e", "-tttt"};
    ProbeResult want = tcpdump(args, false);
    ProbeResult got = tcpdump(args, true);
    EXPECT_EQ(want.exit_code, got.exit_code) << f.name << "\n" << got.output.substr(0, 2000);
    EXPECT_TRUE(want.output == got.output) << f.name << " " << first_diff(want.output, got.output);
    ++compared;
  }
  EXPECT_GT(compared, 50);
}

TEST_F(TcpdumpSavefile, ReadsFromAPipe) {
  for (const CorpusFile& f : good_corpus()) {
    if (f.name.find("-le-1") == std::string::npos && f.name.find("sections") == std::string::npos) continue;
    const std::string path = dir_ + "/pipe-" + f.name;
    ASSERT_TRUE(write_file(path, f.bytes));
    const std::vector<std::string> args = {"-r", "-", "-nn", "-v", "-e", "-tttt"};
    ProbeResult want = tcpdump(args, false, path);
    ProbeResult got = tcpdump(args, true, path);
    EXPECT_EQ(want.exit_code, got.exit_code) << f.name;
    EXPECT_TRUE(want.output == got.output) << f.name << " " << first_diff(want.output, got.output);
    EXPECT_NE(want.output.find("reading from file -"), std::string::npos) << want.output.substr(0, 300);
  }
}

TEST_F(TcpdumpSavefile, FiltersSavefilesIdentically) {
  const char* filters[] = {"tcp", "udp port 53 or icmp", "ip6", "vlan", "greater 500", "ether[0] & 1 = 0"};
  int compared = 0;
  // Savefile handles on the common link types. (DLT_LOOP with BSD AF
  // values and DLT_PFLOG filters are the filter compiler's to match; see
  // the filter stage's own differential tests.)
  const std::set<std::string> names = {"pcap-us-le-1", "pcap-ns-be-1", "pcap-ns-be-113", "pcap-us-be-276",
                                       "pcapng-le-1", "pcapng-sections-le", "pcapng-sections-sll-be"};
  for (const CorpusFile& f : good_corpus()) {
    if (names.count(f.name) == 0) continue;
    const std::string path = dir_ + "/f-" + f.name;
    ASSERT_TRUE(write_file(path, f.bytes));
    for (const char* expr : filters) {
      const std::vector<std::string> args = {"-r", path, "-nn", "-e", "-tttt", expr};
      ProbeResult want = tcpdump(args, false);
      ProbeResult got = tcpdump(args, true);
      EXPECT_EQ(want.exit_code, got.exit_code) << f.name << " " << expr;
      EXPECT_TRUE(want.output == got.output) << f.name << " '" << expr << "' " << first_diff(want.output, got.output);
      ++compared;
    }
  }
  EXPECT_GT(compared, 5);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

TEST_F(TcpdumpSavefile, RewritesIdenticalFiles) {
  for (const CorpusFile& f : good_corpus()) {
    if (f.name.find("-1") == std::string::npos && f.name.find("113") == std::string::npos) continue;
    const std::string in = dir_ + "/w-" + f.name;
    ASSERT_TRUE(write_file(in, f.bytes));
    const std::string out_sys = in + ".sys", out_our = in + ".our";
    unlink(out_sys.c_str());
    unlink(out_our.c_str());
    ProbeResult a = tcpdump({"-r", in, "-w", out_sys}, false);
    ProbeResult b = tcpdump({"-r", in, "-w", out_our}, true);
    EXPECT_EQ(a.exit_code, b.exit_code) << f.name << b.output;
    const std::string want = slurp(out_sys);
    EXPECT_FALSE(want.empty()) << f.name << a.output;
    EXPECT_TRUE(want == slurp(out_our)) << f.name;
  }
}

TEST_F(TcpdumpSavefile, WritesToStdoutIdentically) {
  for (const CorpusFile& f : good_corpus()) {
    if (f.name != "pcap-ns-le-1" && f.name != "pcapng-multi-be") continue;
    const std::string in = dir_ + "/so-" + f.name;
    ASSERT_TRUE(write_file(in, f.bytes));
    const std::string out_sys = in + ".sys", out_our = in + ".our";
    ProbeResult a = run_command({"/bin/sh", "-c", std::string(kTcpdump) + " -r '" + in + "' -w - > '" + out_sys + "'"},
                                {"TZ=UTC"});
    ProbeResult b = run_command({"/bin/sh", "-c", std::string(kTcpdump) + " -r '" + in + "' -w - > '" + out_our + "'"},
                                our_env());
    EXPECT_EQ(a.exit_code, 0) << f.name;
    EXPECT_EQ(b.exit_code, 0) << f.name;
    const std::string want = slurp(out_sys);
    EXPECT_GT(want.size(), 24u) << f.name;
    EXPECT_TRUE(want == slurp(out_our)) << f.name;
  }
}

// tcpreplay's offline tools are clients too: tcprewrite reads with
// pcap_open_offline/pcap_next and writes with pcap_dump_open/pcap_dump,
// tcpprep classifies packets read the same way.
TEST_F(TcpdumpSavefile, TcpreplayToolsAgree) {
  if (access("/usr/bin/tcprewrite", X_OK) != 0 || access("/usr/bin/tcpprep", X_OK) != 0) {
    GTEST_SKIP() << "tcpreplay tools are not installed";
  }
  int compared = 0, caches = 0;
  for (const CorpusFile& f : good_corpus()) {
    if (f.name != "pcap-us-le-1" && f.name != "pcap-ns-be-1" && f.name != "pcapng-multi-le" &&
        f.name != "pcapng-sections-be") {
      continue;
    }
    const std::string in = dir_ + "/tr-" + f.name;
    ASSERT_TRUE(write_file(in, f.bytes));
    const std::string out = in + ".out", cache = in + ".cache";
    std::string files[2][2], prep_output[2];
    int prep_rc[2] = {0, 0};
    for (int ours = 0; ours < 2; ++ours) {
      unlink(out.c_str());
      unlink(cache.c_str());
      const std::vector<std::string> env = ours ? our_env() : std::vector<std::string>{"TZ=UTC"};
      ProbeResult rw = run_command({"/usr/bin/tcprewrite", "-i", in, "-o", out, "--enet-vlan=add", "--enet-vlan-tag=5",
                                    "--enet-vlan-cfi=0", "--enet-vlan-pri=1"}, env, "", true);
      ProbeResult pr = run_command({"/usr/bin/tcpprep", "-a", "bridge", "-i", in, "-o", cache}, env, "", true);
      EXPECT_EQ(rw.exit_code, 0) << f.name << rw.output;
      prep_rc[ours] = pr.exit_code;  // tcpprep refuses some generated packets: equally, we check
      prep_output[ours] = pr.output;
      files[ours][0] = slurp(out);
      files[ours][1] = slurp(cache);
    }
    EXPECT_GT(files[0][0].size(), 24u) << f.name;
    EXPECT_EQ(prep_rc[0], prep_rc[1]) << f.name;
    EXPECT_EQ(prep_output[0], prep_output[1]) << f.name;
    if (!files[0][1].empty()) ++caches;
    EXPECT_TRUE(files[0][0] == files[1][0]) << f.name << ": tcprewrite output differs";
    EXPECT_TRUE(files[0][1] == files[1][1]) << f.name << ": tcpprep cache differs";
    ++compared;
  }
  EXPECT_EQ(compared, 4);
  EXPECT_GT(caches, 0);
}

}  // namespace
}  // namespace wpcap::testing
