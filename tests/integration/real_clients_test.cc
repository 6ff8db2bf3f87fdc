// real_clients_test.cc - Debian's tcpdump, dumpcap, tcpreplay and nmap,
// unchanged, run in a private namespace once with the system libpcap and
// once with LD_LIBRARY_PATH at wpcap's libpcap.so.0.8; both runs must give
// the same results. Skips when a client or the drop-in library is missing.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "integration/netns.h"
#include "testing/oracle.h"

namespace wpcap::testing {
namespace {

std::string dropin_dir() { return WPCAP_TEST_BUILD_DIR; }

// An ASan-instrumented libpcap.so.0.8 cannot be loaded into uninstrumented
// clients ("ASan runtime does not come first"), so sanitizer builds skip.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitizedBuild = true;
#else
constexpr bool kSanitizedBuild = false;
#endif

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string temp_path(const std::string& tag) {
  return "/tmp/wpcap-clients-" + std::to_string(getpid()) + "-" + tag;
}

// A client process started in the namespace with stdout/stderr in files.
class Client {
 public:
  Client(const TestNetns& ns, bool ours, const std::vector<std::string>& args, const std::string& tag)
      : out_(temp_path(tag + ".out")), err_(temp_path(tag + ".err")) {
    std::vector<std::string> argv = {"ip", "netns", "exec", ns.name(), "env"};
    if (ours) argv.push_back("LD_LIBRARY_PATH=" + dropin_dir());
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
      FILE* o = std::freopen(out_.c_str(), "w", stdout);
      FILE* e = std::freopen(err_.c_str(), "w", stderr);
      (void)o;
      (void)e;
      std::vector<char*> cargv;
      for (auto& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      execvp(cargv[0], cargv.data());
      _exit(127);
    }
  }
  ~Client() {
    if (pid_ > 0 && !done_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::remove(out_.c_str());
    std::remove(err_.c_str());
  }

  // Waits until stderr contains text (the client is ready).
  bool wait_for_stderr(const std::string& text, int ms = 10000) {
    for (int waited = 0; waited < ms; waited += 20) {
      if (slurp(err_).find(text) != std::string::npos) return true;
      usleep(20 * 1000);
    }
    return false;
  }

  // Exit status, or -1 after killing a client that did not finish.
  int wait(int ms = 20000) {
    for (int waited = 0; waited < ms; waited += 20) {
      int st = 0;
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        done_ = true;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      }
      usleep(20 * 1000);
    }
    return -1;
  }

  void interrupt() { kill(pid_, SIGINT); }
  std::string out() const { return slurp(out_); }
  std::string err() const { return slurp(err_); }

 private:
  pid_t pid_ = -1;
  bool done_ = false;
  std::string out_, err_;
};

#define CLIENT_OR_SKIP(prog)                                                                        \
  if (kSanitizedBuild) GTEST_SKIP() << "sanitizer build: real clients cannot load the instrumented library"; \
  if (!exists(std::string("/usr/bin/") + prog) && !exists(std::string("/usr/sbin/") + prog))     \
    GTEST_SKIP() << prog << " is not installed";                                                   \
  if (!exists(dropin_dir() + "/libpcap.so.0.8")) GTEST_SKIP() << "libpcap.so.0.8 not built"

// Packets of a savefile as text (system tcpdump, no time stamps).
std::string decode(const std::string& file) {
  ProbeResult r = run_command({"tcpdump", "-r", file, "-nn", "-t", "-x"}, {});
  return r.output;
}

std::vector<std::vector<uint8_t>> test_frames(int n, size_t size, bool with_noise) {
  std::vector<std::vector<uint8_t>> out;
  auto dst = mac_of("va");
  auto src = mac_of("vb");
  for (int i = 0; i < n; ++i) {
    out.push_back(make_frame(dst.data(), src.data(), i, size + i));
    if (with_noise) out.push_back(make_frame(dst.data(), src.data(), 1000 + i, 80, kTestEthertype + 1));
  }
  return out;
}

TEST(RealClients, TcpdumpCountAndFilterMatchSystemLibpcap) {
  NETNS_OR_SKIP(ns);
  CLIENT_OR_SKIP("tcpdump");
  std::string decoded[2];
  for (int ours = 0; ours < 2; ++ours) {
    std::string file = temp_path(ours ? "tcpdump-ours.pcap" : "tcpdump-sys.pcap");
    Client c(*ns, ours, {"tcpdump", "-i", "va", "-c", "5", "-nn", "-w", file, "ether", "proto", "0x88b5"},
             ours ? "td-ours" : "td-sys");
    ASSERT_TRUE(c.wait_for_stderr("listening on va")) << c.err();
    ASSERT_EQ(send_frames("vb", test_frames(7, 100, true)), 14);
    ASSERT_EQ(c.wait(), 0) << c.err();
    EXPECT_NE(c.err().find("5 packets captured"), std::string::npos) << c.err();
    decoded[ours] = decode(file);
    std::remove(file.c_str());
  }
  EXPECT_EQ(decoded[1], decoded[0]);
  EXPECT_NE(decoded[1].find("0x88b5"), std::string::npos) << decoded[1];
}

TEST(RealClients, TcpdumpReportsOurLibraryVersion) {
  CLIENT_OR_SKIP("tcpdump");
  ProbeResult r = run_command({"tcpdump", "--version"}, {"LD_LIBRARY_PATH=" + dropin_dir()}, "", true);
  EXPECT_NE(r.output.find("wpcap"), std::string::npos) << r.output;
}

TEST(RealClients, DumpcapDurationCaptureMatchesSystemLibpcap) {
  NETNS_OR_SKIP(ns);
  CLIENT_OR_SKIP("dumpcap");
  std::string decoded[2];
  for (int ours = 0; ours < 2; ++ours) {
    std::string file = temp_path(ours ? "dumpcap-ours.pcap" : "dumpcap-sys.pcap");
    Client c(*ns, ours, {"dumpcap", "-q", "-P", "-i", "va", "-a", "duration:3", "-f", "ether proto 0x88b5", "-w", file},
             ours ? "dc-ours" : "dc-sys");
    // dumpcap says nothing when ready with -q; give it time to open va.
    for (int i = 0; i < 100 && !exists(file); ++i) usleep(20 * 1000);
    usleep(300 * 1000);
    ASSERT_EQ(send_frames("vb", test_frames(6, 200, true)), 12);
    ASSERT_EQ(c.wait(), 0) << c.err();
    decoded[ours] = decode(file);
    std::remove(file.c_str());
  }
  EXPECT_EQ(decoded[1], decoded[0]);
  size_t lines = 0;
  for (char ch : decoded[1]) lines += ch == '\n';
  EXPECT_GT(lines, 6u) << decoded[1];
}

// Writes frames as a pcap file (microsecond, Ethernet).
void write_pcap(const std::string& path, const std::vector<std::vector<uint8_t>>& frames) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const uint32_t hdr[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 262144, 1};
  std::fwrite(hdr, sizeof hdr, 1, f);
  uint32_t sec = 1700000000;
  for (const auto& fr : frames) {
    const uint32_t rec[4] = {sec++, 0, static_cast<uint32_t>(fr.size()), static_cast<uint32_t>(fr.size())};
    std::fwrite(rec, sizeof rec, 1, f);
    std::fwrite(fr.data(), fr.size(), 1, f);
  }
  std::fclose(f);
}

TEST(RealClients, TcpreplayFramesArriveIntactOnThePeer) {
  NETNS_OR_SKIP(ns);
  CLIENT_OR_SKIP("tcpreplay");
  auto frames = test_frames(20, 300, false);
  std::string file = temp_path("replay.pcap");
  write_pcap(file, frames);
  for (int ours = 0; ours < 2; ++ours) {
    // Capture on va with the system tcpdump (the oracle) while tcpreplay,
    // on our library or the system's, sends from vb.
    std::string out = temp_path("replayed.pcap");
    Client cap(*ns, false, {"tcpdump", "-i", "va", "-c", "20", "-w", out, "ether", "proto", "0x88b5"},
               ours ? "tr-cap-ours" : "tr-cap-sys");
    ASSERT_TRUE(cap.wait_for_stderr("listening on va")) << cap.err();
    Client replay(*ns, ours, {"tcpreplay", "-i", "vb", "--topspeed", file}, ours ? "tr-ours" : "tr-sys");
    ASSERT_EQ(replay.wait(), 0) << replay.err() << replay.out();
    ASSERT_EQ(cap.wait(), 0) << cap.err();
    EXPECT_EQ(decode(out), decode(file)) << "ours=" << ours;
    std::remove(out.c_str());
  }
  std::remove(file.c_str());
}

TEST(RealClients, NmapArpPingFindsThePeer) {
  NETNS_OR_SKIP(ns);
  CLIENT_OR_SKIP("nmap");
  std::string mac_text;
  {
    auto mac = mac_of("vb");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02X:%02X:%02X:%02X:%02X:%02X", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    mac_text = buf;
  }
  // The target must be another host: move vb (10.77.0.2) into a second
  // namespace, deleted with this scope.
  struct PeerNs {
    std::string name;
    ~PeerNs() { TestNetns::sh("ip netns del " + name); }
  } peer{ns->name() + "-peer"};
  ASSERT_TRUE(TestNetns::sh("ip netns add " + peer.name));
  ASSERT_TRUE(ns->ip("link set vb netns " + peer.name));
  ASSERT_TRUE(TestNetns::sh("ip -n " + peer.name + " addr add 10.77.0.2/24 dev vb"));
  ASSERT_TRUE(TestNetns::sh("ip -n " + peer.name + " link set vb up"));
  std::string results[2];
  for (int ours = 0; ours < 2; ++ours) {
    Client c(*ns, ours, {"nmap", "-sn", "-PR", "-n", "-e", "va", "10.77.0.2"}, ours ? "nm-ours" : "nm-sys");
    ASSERT_EQ(c.wait(60000), 0) << c.err();
    results[ours] = c.out();
    EXPECT_NE(results[ours].find("Host is up"), std::string::npos) << results[ours];
    EXPECT_NE(results[ours].find(mac_text), std::string::npos) << results[ours];
    EXPECT_NE(results[ours].find("1 host up"), std::string::npos) << results[ours];
  }
}

}  // namespace
}  // namespace wpcap::testing

namespace wpcap::testing {
namespace {

std::string tool_path() { return dropin_dir() + "/wpcap"; }

TEST(WpcapTool, CaptureWritesFilteredPacketsAndCounts) {
  NETNS_OR_SKIP(ns);
  if (!exists(tool_path())) GTEST_SKIP() << "wpcap tool not built";
  std::string file = temp_path("tool.pcap");
  Client c(*ns, false, {tool_path(), "capture", "-i", "va", "-c", "4", "-w", file, "ether", "proto", "0x88b5"}, "tool");
  ASSERT_TRUE(c.wait_for_stderr("capturing on va")) << c.err();
  ASSERT_EQ(send_frames("vb", test_frames(6, 150, true)), 12);
  ASSERT_EQ(c.wait(), 0) << c.err();
  EXPECT_NE(c.err().find("4 packets captured"), std::string::npos) << c.err();
  std::string text = decode(file);
  size_t lines = 0;
  for (size_t at = text.find("0x88b5"); at != std::string::npos; at = text.find("0x88b5", at + 1)) ++lines;
  EXPECT_EQ(lines, 4u) << text;
  std::remove(file.c_str());
}

TEST(WpcapTool, CapturePrintsPacketsAndListShowsDevices) {
  NETNS_OR_SKIP(ns);
  if (!exists(tool_path())) GTEST_SKIP() << "wpcap tool not built";
  Client c(*ns, false, {tool_path(), "capture", "-i", "va", "-c", "2"}, "tool-print");
  ASSERT_TRUE(c.wait_for_stderr("capturing on va")) << c.err();
  ASSERT_EQ(send_frames("vb", test_frames(2, 90, false)), 2);
  ASSERT_EQ(c.wait(), 0) << c.err();
  std::string out = c.out();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2) << out;  // one line per packet
  EXPECT_NE(out.find("len 90"), std::string::npos) << out;

  Client l(*ns, false, {tool_path(), "list", "-v"}, "tool-list");
  ASSERT_EQ(l.wait(), 0) << l.err();
  std::string list = l.out();
  EXPECT_NE(list.find(".va [Up, Running"), std::string::npos) << list;
  EXPECT_NE(list.find(".any (Pseudo-device that captures on all interfaces) [Up, Running]"), std::string::npos)
      << list;
  EXPECT_NE(list.find("inet 10.77.0.1 netmask 255.255.255.0"), std::string::npos) << list;
}

}  // namespace
}  // namespace wpcap::testing
