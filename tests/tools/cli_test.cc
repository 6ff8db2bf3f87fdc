// tests/tools/cli_test.cc - the built `wpcap` program, end to end.
//
// samples/sample.pcap regenerates byte-identically (samples/regenerate.sh);
// `wpcap read` of it matches tests/golden/read_sample.txt (rewrite with
// WPCAP_UPDATE_GOLDEN=1); stdin, pipes, pcapng, ns files, -c, filters,
// library errors ("wpcap: <errbuf>", exit 1) and usage errors (exit 2).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "testing/pcap_lib.h"
#include "tools/hex.h"

namespace wpcap::tool {
namespace {

const std::string kTool = WPCAP_TOOL_PATH;
const std::string kSource = WPCAP_TEST_SOURCE_DIR;
const std::string kSample = kSource + "/samples/sample.pcap";
const std::string kGolden = kSource + "/tests/golden/read_sample.txt";

struct RunResult {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/wpcap_cli_XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  // Runs a shell command line; "$WPCAP" is the tool.
  RunResult sh(const std::string& cmd) {
    std::string full = "WPCAP='" + kTool + "'; { " + cmd + "; } >'" + dir_ + "/out' 2>'" + dir_ + "/err'";
    RunResult r;
    int st = std::system(full.c_str());
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp(dir_ + "/out");
    r.err = slurp(dir_ + "/err");
    return r;
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
};

// Tests that load a libpcap with dlmopen or run tcpdump on our library: they
// cannot mix with sanitizer runtimes, so CMake labels them no_sanitize.
class CliOracleTest : public CliTest {};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Compares two texts line by line and reports only the first difference.
::testing::AssertionResult same_lines(const std::vector<std::string>& got, const std::vector<std::string>& want) {
  for (size_t i = 0; i < got.size() && i < want.size(); ++i) {
    if (got[i] != want[i]) {
      return ::testing::AssertionFailure() << "line " << i + 1 << ":\n  got:  " << got[i] << "\n  want: " << want[i];
    }
  }
  if (got.size() != want.size()) {
    return ::testing::AssertionFailure() << got.size() << " lines, want " << want.size();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult same_text(const std::string& got, const std::string& want) {
  return same_lines(lines(got), lines(want));
}

TEST_F(CliTest, SampleRegeneratesByteIdentically) {
  RunResult r = sh("sh '" + kSource + "/samples/regenerate.sh' \"$WPCAP\" '" + path("again.pcap") + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  std::string shipped = slurp(kSample);
  ASSERT_FALSE(shipped.empty());
  EXPECT_TRUE(slurp(path("again.pcap")) == shipped) << "samples/sample.pcap differs from a regeneration";
}

TEST_F(CliTest, ReadSampleMatchesGolden) {
  RunResult r = sh("\"$WPCAP\" read '" + kSample + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  if (const char* u = std::getenv("WPCAP_UPDATE_GOLDEN"); u != nullptr && std::string(u) == "1") {
    std::ofstream(kGolden, std::ios::binary) << r.out;
    std::printf("rewrote %s\n", kGolden.c_str());
  }
  std::string golden = slurp(kGolden);
  ASSERT_FALSE(golden.empty()) << "missing " << kGolden << " (run with WPCAP_UPDATE_GOLDEN=1)";
  EXPECT_TRUE(same_text(r.out, golden));
  std::vector<std::string> ls = lines(r.out);
  ASSERT_EQ(ls.size(), 301u);
  EXPECT_EQ(ls.back().rfind("300 packets, ", 0), 0u) << ls.back();
}

TEST_F(CliTest, StdinFileAndPipeReadLikeThePath) {
  std::string golden = slurp(kGolden);
  RunResult redirected = sh("\"$WPCAP\" read - < '" + kSample + "'");
  EXPECT_EQ(redirected.status, 0) << redirected.err;
  EXPECT_TRUE(same_text(redirected.out, golden));
  RunResult piped = sh("cat '" + kSample + "' | \"$WPCAP\" read -");
  EXPECT_EQ(piped.status, 0) << piped.err;
  EXPECT_TRUE(same_text(piped.out, golden));
  // A reader that stops early must not hang or die on the relay.
  RunResult early = sh("\"$WPCAP\" gen -n 20000 -o - | \"$WPCAP\" read -c 3 -");
  EXPECT_EQ(early.status, 0) << early.err;
  EXPECT_EQ(lines(early.out).size(), 4u);
}

// The same seed as pcap and pcapng, us and ns: identical summaries, with
// 9 fraction digits exactly when the file holds nanoseconds.
TEST_F(CliTest, PcapngAndNanoFilesReadTheSame) {
  ASSERT_EQ(sh("\"$WPCAP\" gen -n 500 --seed 5 -o " + path("u.pcap")).status, 0);
  ASSERT_EQ(sh("\"$WPCAP\" gen -n 500 --seed 5 --format pcapng -o " + path("u.pcapng")).status, 0);
  ASSERT_EQ(sh("\"$WPCAP\" gen -n 500 --seed 5 --nano -o " + path("n.pcap")).status, 0);
  ASSERT_EQ(sh("\"$WPCAP\" gen -n 500 --seed 5 --nano --format pcapng -o " + path("n.pcapng")).status, 0);
  std::vector<std::string> u = lines(sh("\"$WPCAP\" read " + path("u.pcap")).out);
  std::vector<std::string> ung = lines(sh("\"$WPCAP\" read " + path("u.pcapng")).out);
  std::vector<std::string> n = lines(sh("\"$WPCAP\" read " + path("n.pcap")).out);
  std::vector<std::string> nng = lines(sh("\"$WPCAP\" read - < " + path("n.pcapng")).out);
  ASSERT_EQ(u.size(), 501u);
  EXPECT_TRUE(same_lines(ung, u));
  EXPECT_TRUE(same_lines(nng, n));
  ASSERT_EQ(n.size(), u.size());
  for (size_t i = 0; i + 1 < u.size(); ++i) {
    ASSERT_EQ(u[i][26], ' ') << u[i];  // "YYYY-MM-DD HH:MM:SS.uuuuuu "
    ASSERT_EQ(n[i][29], ' ') << n[i];  // "YYYY-MM-DD HH:MM:SS.nnnnnnnnn "
    EXPECT_EQ(n[i].substr(0, 26) + n[i].substr(29), u[i]) << i;  // ns truncate to the us line
  }
}

TEST_F(CliTest, CountLimitsPackets) {
  RunResult r = sh("\"$WPCAP\" read -c 5 '" + kSample + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> ls = lines(r.out);
  std::vector<std::string> golden = lines(slurp(kGolden));
  ASSERT_EQ(ls.size(), 6u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(ls[i], golden[i]);
  EXPECT_EQ(ls[5].rfind("5 packets, ", 0), 0u);
}

// "udp and port 53" keeps exactly the untagged DNS lines of the golden text
// (as in libpcap, a filter without `vlan` does not look inside 802.1Q).
TEST_F(CliTest, FilterSelectsPackets) {
  RunResult r = sh("\"$WPCAP\" read '" + kSample + "' udp and port 53");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> want;
  for (const std::string& l : lines(slurp(kGolden))) {
    bool dns = l.find(".53 > ") != std::string::npos || l.find(".53 UDP ") != std::string::npos;
    if (dns && l.find(" UDP ") != std::string::npos && l.find(", vlan ") == std::string::npos) want.push_back(l);
  }
  ASSERT_GE(want.size(), 4u);
  std::vector<std::string> got = lines(r.out);
  ASSERT_FALSE(got.empty());
  got.pop_back();
  EXPECT_TRUE(same_lines(got, want));
  RunResult bad = sh("\"$WPCAP\" read '" + kSample + "' tcp and and");
  EXPECT_EQ(bad.status, 1);
  EXPECT_EQ(bad.err.rfind("wpcap: ", 0), 0u) << bad.err;
}

// The same filters select the same number of packets as tcpdump on the
// system libpcap.
TEST_F(CliTest, FilterCountsMatchTcpdump) {
  ASSERT_EQ(sh("command -v tcpdump").status, 0) << "tcpdump is required (scripts/deps.sh installs it)";
  const char* kFilters[] = {"tcp", "udp", "ip6", "arp", "icmp", "icmp6", "vlan", "vlan and ip6",
                            "tcp[tcpflags] & tcp-syn != 0", "greater 1000", "less 100", "host 10.1.0.1",
                            "net 192.0.2.0/24", "ether broadcast", "port 443 or port 8080"};
  for (const char* f : kFilters) {
    RunResult ours = sh("\"$WPCAP\" read '" + kSample + "' '" + f + "' | tail -1");
    RunResult sys = sh("tcpdump -r '" + kSample + "' -nn '" + f + "' | wc -l");
    ASSERT_EQ(sys.status, 0) << f << ": " << sys.err;
    EXPECT_EQ(ours.out.substr(0, ours.out.find(' ')), sys.out.substr(0, sys.out.find('\n'))) << f;
  }
}

TEST_F(CliTest, LibraryErrorsExitOne) {
  RunResult missing = sh("\"$WPCAP\" read " + path("missing.pcap"));
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.err, "wpcap: " + path("missing.pcap") + ": No such file or directory\n");
  std::ofstream(path("junk"), std::ios::binary) << "this is not a capture file at all";
  RunResult junk = sh("\"$WPCAP\" read " + path("junk"));
  EXPECT_EQ(junk.status, 1);
  EXPECT_EQ(junk.err, "wpcap: unknown file format\n");
  // Cut inside the 3rd record: two packets print, then the error and total.
  std::string sample = slurp(kSample);
  std::vector<std::string> golden = lines(slurp(kGolden));
  size_t first = 16 + static_cast<unsigned char>(sample[24 + 8]) + 256u * static_cast<unsigned char>(sample[24 + 9]);
  size_t second_at = 24 + first;
  size_t second = 16 + static_cast<unsigned char>(sample[second_at + 8]) +
                  256u * static_cast<unsigned char>(sample[second_at + 9]);
  std::ofstream(path("cut.pcap"), std::ios::binary) << sample.substr(0, second_at + second + 20);
  RunResult cut = sh("\"$WPCAP\" read " + path("cut.pcap"));
  EXPECT_EQ(cut.status, 1);
  EXPECT_EQ(cut.err.rfind("wpcap: truncated dump file", 0), 0u) << cut.err;
  std::vector<std::string> ls = lines(cut.out);
  ASSERT_EQ(ls.size(), 3u);
  EXPECT_EQ(ls[0], golden[0]);
  EXPECT_EQ(ls[1], golden[1]);
  EXPECT_EQ(ls[2].rfind("2 packets, ", 0), 0u);
}

TEST_F(CliTest, UsageAndUnknownCommands) {
  RunResult none = sh("\"$WPCAP\"");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("usage: wpcap COMMAND"), std::string::npos);
  RunResult help = sh("\"$WPCAP\" help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("  read "), std::string::npos);
  EXPECT_NE(help.out.find("  gen "), std::string::npos);
  EXPECT_EQ(sh("\"$WPCAP\" frobnicate").status, 2);
  EXPECT_EQ(sh("\"$WPCAP\" read").status, 2);
  EXPECT_EQ(sh("\"$WPCAP\" gen -n 10").status, 2);  // no -o
  EXPECT_EQ(sh("\"$WPCAP\" gen -n x -o " + path("x")).status, 2);
  EXPECT_EQ(sh("\"$WPCAP\" gen --format xml -o " + path("x")).status, 2);
}

// tcpdump is an independent decoder: on the system libpcap it must find no
// bad checksum in generated traffic (pcap and pcapng, us and ns), and on our
// drop-in libpcap.so.0.8 it must print exactly the same text.
TEST_F(CliOracleTest, TcpdumpAgreesOnGeneratedTraffic) {
  ASSERT_EQ(sh("command -v tcpdump").status, 0) << "tcpdump is required (scripts/deps.sh installs it)";
  const char* kVariants[] = {"", "--nano", "--format pcapng", "--nano --format pcapng"};
  for (const char* variant : kVariants) {
    std::string file = path("t.cap");
    ASSERT_EQ(sh("\"$WPCAP\" gen -n 5000 --seed 77 " + std::string(variant) + " -o " + file).status, 0);
    RunResult sys = sh("tcpdump -r " + file + " -nn -vv -tt");
    ASSERT_EQ(sys.status, 0) << variant << ": " << sys.err;
    EXPECT_EQ(sys.out.find("incorrect"), std::string::npos) << variant;
    EXPECT_EQ(sys.out.find("bad cksum"), std::string::npos) << variant;
    EXPECT_GT(lines(sys.out).size(), 5000u) << variant;
    RunResult ours = sh("LD_LIBRARY_PATH='" + std::string(WPCAP_TEST_BUILD_DIR) + "' tcpdump -r " + file + " -nn -vv -tt");
    EXPECT_EQ(ours.status, 0) << variant << ": " << ours.err;
    EXPECT_TRUE(same_text(ours.out, sys.out)) << variant;
  }
}

// One-packet files of other link types, written by the system libpcap
// (pcap_open_dead + pcap_dump), printed by `wpcap read` on ours.
struct LinkCase {
  int dlt;
  const char* hex;
  uint32_t wire_len;  // > caplen: a truncated capture
  const char* want;   // the line after the timestamp
};

TEST_F(CliOracleTest, ReadsOtherLinkTypes) {
  const std::string ip_syn = "4500 0028 0001 4000 4006 0000 0a000001 0a000002 3039 0050 00000001 00000000 5002 7210 0000 0000";
  const std::string syn = "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [S] seq 1 win 29200 payload 0";
  const LinkCase kCases[] = {
      {12, "", 0, "RAW "},  // DLT_RAW, stored as LINKTYPE_RAW 101
      {113, "0000 0001 0006 020000000001 0000 0800", 0, "LINUX_SLL In 02:00:00:00:00:01, "},
      {276, "0800 0000 00000002 0001 04 06 020000000001 0000", 0, "LINUX_SLL2 ifindex 2 Out 02:00:00:00:00:01, "},
      {0, "02000000", 0, "NULL "},
      {108, "00000002", 0, "LOOP "},
      {228, "", 0, "IPV4 "},
      {1, "020000000002 020000000001 0800", 74, "EN10MB 02:00:00:00:00:01 > 02:00:00:00:00:02, "},
  };
  using DeadFn = pcap_t*(int, int);
  using DumpOpenFn = pcap_dumper_t*(pcap_t*, const char*);
  using DumpFn = void(u_char*, const struct pcap_pkthdr*, const u_char*);
  const auto& sys = wpcap::testing::PcapLib::system();
  ASSERT_TRUE(sys.loaded()) << sys.error();
  for (const LinkCase& c : kCases) {
    std::vector<uint8_t> frame = fixtures::from_hex(std::string(c.hex) + ip_syn);
    struct pcap_pkthdr h {};
    h.ts.tv_sec = 1704067200;
    h.ts.tv_usec = 42;
    h.len = static_cast<bpf_u_int32>(frame.size());
    h.caplen = h.len;
    std::string want = std::string(c.want) + syn;
    if (c.wire_len != 0) {  // keep Ethernet + IPv4 + 6 bytes of TCP
      h.caplen = 14 + 20 + 6;
      want = std::string(c.want) + "IPv4 10.0.0.1.12345 > 10.0.0.2.80 TCP [|tcp]";
    }
    pcap_t* dead = sys.fn<DeadFn>("pcap_open_dead")(c.dlt, 65535);
    std::string file = path("link" + std::to_string(c.dlt) + ".pcap");
    pcap_dumper_t* d = sys.fn<DumpOpenFn>("pcap_dump_open")(dead, file.c_str());
    ASSERT_NE(d, nullptr);
    sys.fn<DumpFn>("pcap_dump")(reinterpret_cast<u_char*>(d), &h, frame.data());
    sys.fn<void(pcap_dumper_t*)>("pcap_dump_close")(d);
    sys.fn<void(pcap_t*)>("pcap_close")(dead);
    RunResult r = sh("\"$WPCAP\" read " + file);
    ASSERT_EQ(r.status, 0) << c.dlt << ": " << r.err;
    std::vector<std::string> ls = lines(r.out);
    ASSERT_EQ(ls.size(), 2u) << r.out;
    EXPECT_EQ(ls[0], "2024-01-01 00:00:00.000042 " + want + ", caplen " + std::to_string(h.caplen) + " len " +
                         std::to_string(h.len));
    EXPECT_EQ(ls[1], "1 packets, " + std::to_string(h.len) + " bytes");
  }
}

TEST_F(CliTest, GenSizeTarget) {
  RunResult r = sh("\"$WPCAP\" gen -s 300K --seed 9 -o " + path("s.pcap"));
  ASSERT_EQ(r.status, 0) << r.err;
  size_t size = slurp(path("s.pcap")).size();
  EXPECT_GE(size, 300u * 1024);
  EXPECT_LT(size, 300u * 1024 + 1600 + 16);
  RunResult to_stdout = sh("\"$WPCAP\" gen -s 300K --seed 9 -o - > " + path("t.pcap"));
  ASSERT_EQ(to_stdout.status, 0);
  EXPECT_TRUE(slurp(path("t.pcap")) == slurp(path("s.pcap")));
}

}  // namespace
}  // namespace wpcap::tool
