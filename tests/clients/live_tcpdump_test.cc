// live_tcpdump_test.cc - Debian's tcpdump, unchanged, capturing live on a
// veth end inside a namespace: once on the system libpcap, once with
// LD_LIBRARY_PATH at our libpcap.so.0.8. Both runs see the same traffic
// (injected frames, or kernel UDP/ICMP round trips) and must print the same
// packet lines (-t: no timestamps) and the same stderr (banner + counts).
//
// Cases: a table of tcpdump option sets; plus -w/-r, -D and -L.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>
#include <vector>

#include "clients/live_frames.h"
#include "clients/live_client.h"
#include "clients/live_netns.h"

namespace wpcap::testing::live {
namespace {

enum class Traffic { kInjected, kKernelUdp, kLoopbackUdp };

constexpr int kRoundTrips = 8;  // kernel traffic: 8 x (UDP in, ICMP out)

struct TcpdumpCase {
  const char* name;
  std::vector<std::string> args;  // after "tcpdump"; "@IF" = capture interface
  Traffic traffic;
  int count;  // -c and the packet lines expected on the system libpcap
  bool refused = false;  // the system libpcap/tcpdump rejects it: same error expected
};

void PrintTo(const TcpdumpCase& c, std::ostream* os) { *os << c.name; }

const TcpdumpCase kCases[] = {
    {"InjectedLinkHeaders", {"-i", "@IF", "-nn", "-e", "-t"}, Traffic::kInjected, 17},
    {"InjectedHexBytes", {"-i", "@IF", "-nn", "-t", "-xx"}, Traffic::kInjected, 17},
    {"InjectedVerbose", {"-i", "@IF", "-nn", "-t", "-vv"}, Traffic::kInjected, 17},
    {"InjectedSnaplen60", {"-i", "@IF", "-nn", "-t", "-s", "60", "-xx"}, Traffic::kInjected, 17},
    {"InjectedImmediate", {"-i", "@IF", "-nn", "-t", "-e", "--immediate-mode"}, Traffic::kInjected, 17},
    {"InjectedSmallBuffer", {"-i", "@IF", "-nn", "-t", "-e", "-B", "64"}, Traffic::kInjected, 17},
    {"InjectedNoPromisc", {"-i", "@IF", "-nn", "-t", "-e", "-p"}, Traffic::kInjected, 17},
    {"InjectedTinyBuffer", {"-i", "@IF", "-nn", "-t", "-e", "-B", "1"}, Traffic::kInjected, 17},
    {"InjectedSnaplenZero", {"-i", "@IF", "-nn", "-t", "-xx", "-s", "0"}, Traffic::kInjected, 17},
    {"InjectedTstampHost", {"-i", "@IF", "-nn", "-t", "-j", "host"}, Traffic::kInjected, 17},
    {"InjectedTstampAdapterWarns", {"-i", "@IF", "-nn", "-t", "-j", "adapter"}, Traffic::kInjected, 17},
    {"InjectedNanoPrecision", {"-i", "@IF", "-nn", "-t", "--time-stamp-precision=nano"}, Traffic::kInjected, 17},
    {"InjectedDeviceByIndex", {"-i", "1", "-nn", "-t", "-e"}, Traffic::kInjected, 17},
    {"InjectedImmediateIn", {"-i", "@IF", "-nn", "-t", "--immediate-mode", "-Q", "in"}, Traffic::kInjected, 17},
    {"FilterVlan", {"-i", "@IF", "-nn", "-t", "-e", "vlan 5"}, Traffic::kInjected, kInjectedVlanFrames},
    {"FilterUdpAnyVlan", {"-i", "@IF", "-nn", "-t", "udp or (vlan and udp)"}, Traffic::kInjected, kInjectedUdpFrames},
    {"FilterArp", {"-i", "@IF", "-nn", "-t", "-e", "arp"}, Traffic::kInjected, 3},
    {"FilterEthertype", {"-i", "@IF", "-nn", "-t", "-xx", "ether proto 0x88b5"}, Traffic::kInjected, 6},
    {"KernelUdpIcmp", {"-i", "@IF", "-nn", "-e", "-t"}, Traffic::kKernelUdp, 2 * kRoundTrips},
    {"KernelUdpIcmpVerbose", {"-i", "@IF", "-nn", "-t", "-v"}, Traffic::kKernelUdp, 2 * kRoundTrips},
    {"KernelFilterUdp", {"-i", "@IF", "-nn", "-t", "udp"}, Traffic::kKernelUdp, kRoundTrips},
    {"KernelFilterIcmp", {"-i", "@IF", "-nn", "-t", "-e", "icmp"}, Traffic::kKernelUdp, kRoundTrips},
    {"KernelDirectionIn", {"-i", "@IF", "-nn", "-t", "-Q", "in"}, Traffic::kKernelUdp, kRoundTrips},
    {"KernelDirectionOut", {"-i", "@IF", "-nn", "-t", "-Q", "out"}, Traffic::kKernelUdp, kRoundTrips},
    {"KernelAnyDevice", {"-i", "any", "-nn", "-t", "-e"}, Traffic::kKernelUdp, 2 * kRoundTrips},
    {"KernelAnyDeviceUdp", {"-i", "any", "-nn", "-t", "udp"}, Traffic::kKernelUdp, kRoundTrips},
    {"InjectedAnyDeviceHex", {"-i", "any", "-nn", "-t", "-e", "-xx"}, Traffic::kInjected, 17},
    {"LoopbackUdpIcmp", {"-i", "lo", "-nn", "-t", "-e"}, Traffic::kLoopbackUdp, 2 * kRoundTrips},
    {"LoopbackOnAnyDevice", {"-i", "any", "-nn", "-t", "-e", "-v"}, Traffic::kLoopbackUdp, 2 * kRoundTrips},
    {"LoopbackFilterIcmp", {"-i", "lo", "-nn", "-t", "icmp"}, Traffic::kLoopbackUdp, kRoundTrips},
    {"RefusedVlanOnAnyDevice", {"-i", "any", "-nn", "-t", "-e", "vlan"}, Traffic::kInjected, 3, true},
    {"RefusedBadFilter", {"-i", "@IF", "-nn", "udp port 99999"}, Traffic::kInjected, 1, true},
    {"RefusedNoSuchDevice", {"-i", "nosuch0", "-nn"}, Traffic::kInjected, 1, true},
};

void make_traffic(const NetnsPair& p, Traffic t) {
  if (t == Traffic::kInjected) {
    auto frames = injected_frames();
    EXPECT_EQ(send_raw(p.ns_a(), NetnsPair::kIfA, frames), static_cast<int>(frames.size()));
  } else if (t == Traffic::kKernelUdp) {
    EXPECT_EQ(send_udp_expect_icmp(p.ns_a(), p.ip_a(), 41000, p.ip_b(), 9, kRoundTrips, 24), kRoundTrips);
  } else {  // inside b, over lo: the kernel sees each packet out and in
    EXPECT_EQ(send_udp_expect_icmp(p.ns_b(), "127.0.0.1", 42000, "127.0.0.1", 9, kRoundTrips, 16), kRoundTrips);
  }
}

// tcpdump in namespace b on clb, traffic from a; bounded by `timeout`.
Outcome run_case(const TcpdumpCase& c, Lib lib, const ScratchDir& dir) {
  Outcome o;
  auto pair = pair_or_fail();
  if (!pair) return o;
  if (c.traffic == Traffic::kKernelUdp) {
    EXPECT_TRUE(pair->static_neighbours());
  }
  std::vector<std::string> argv = {client_path("tcpdump"), "-c", std::to_string(c.count)};
  for (const auto& a : c.args) argv.push_back(a == "@IF" ? NetnsPair::kIfB : a);
  std::string tag = std::string(c.name) + "-" + (lib == Lib::kSystem ? "sys" : "ours");
  ClientRun run(pair->ns_b(), lib, argv, dir.file(tag + ".out"), dir.file(tag + ".err"), 20);
  o.started = run.wait_for("listening on");
  if (o.started) make_traffic(*pair, c.traffic);
  o.status = run.wait();
  // The kernel picks IP ids at random: the only field masked.
  o.out = mask_numbers_after(run.out(), "id");
  o.err = run.err();
  return o;
}

class TcpdumpLive : public ::testing::TestWithParam<TcpdumpCase> {};

TEST_P(TcpdumpLive, SameOutputAsSystemLibpcap) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const TcpdumpCase& c = GetParam();
  Outcome sys = run_case(c, Lib::kSystem, dir);
  if (c.refused) {
    ASSERT_FALSE(sys.started) << sys.err;
    ASSERT_NE(sys.status, 0) << sys.err;
  } else {
    ASSERT_TRUE(sys.started) << "system tcpdump did not start: " << sys.err;
    ASSERT_EQ(sys.status, 0) << sys.err;
    ASSERT_EQ(packet_lines(sys.out), c.count) << sys.out;
  }

  Outcome ours = run_case(c, Lib::kOurs, dir);
  EXPECT_EQ(ours.started, sys.started) << "tcpdump on wpcap: " << ours.err;
  EXPECT_EQ(ours.status, sys.status) << ours.err;
  EXPECT_TRUE(same_text(sys.out, ours.out)) << "stdout";
  EXPECT_TRUE(same_text(sys.err, ours.err)) << "stderr";
}

INSTANTIATE_TEST_SUITE_P(Cases, TcpdumpLive, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(TcpdumpLiveSetup, ClientsLoadOurLibraryThroughLdLibraryPath) {
  ASSERT_EQ(access(our_library().c_str(), R_OK), 0) << our_library() << " is not built";
  int checked = 0;
  for (const char* name : {"tcpdump", "dumpcap", "tcpreplay", "nmap"}) {
    std::string path = client_path(name);
    if (path.empty()) continue;
    ++checked;
    EXPECT_EQ(resolved_libpcap(path, Lib::kOurs), our_library()) << name;
    EXPECT_NE(resolved_libpcap(path, Lib::kSystem).find("/libpcap.so.0.8"), std::string::npos) << name;
    EXPECT_NE(resolved_libpcap(path, Lib::kSystem), our_library()) << name;
  }
  if (checked == 0) GTEST_SKIP() << "no client installed";
}

// The 24-byte savefile header as hex (magic, version, zone, sigfigs,
// snaplen, link type).
std::string file_header(const std::string& path) {
  std::string bytes = read_text(path).substr(0, 24), hex;
  char buf[4];
  for (unsigned char ch : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", ch);
    hex += buf;
  }
  return hex;
}

// -w then -r: the file tcpdump wrote on our library, read back by the
// system tcpdump (so the system libpcap), equals the one written on it,
// header bytes included (microsecond and nanosecond files).
TEST(TcpdumpLiveFile, WrittenFileReadsBackTheSame) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const std::vector<std::vector<std::string>> kOptions = {
      {}, {"--time-stamp-precision=nano", "-s", "128"}, {"-y", "EN10MB", "-B", "4096", "--immediate-mode"}};
  for (size_t opt = 0; opt < kOptions.size(); ++opt) {
    std::string text[2], header[2];
    for (Lib lib : {Lib::kSystem, Lib::kOurs}) {
      int i = lib == Lib::kSystem ? 0 : 1;
      NETNS_PAIR_OR_SKIP(pair);
      std::string file = dir.file("w" + std::to_string(opt) + "-" + std::to_string(i) + ".pcap");
      std::vector<std::string> argv = {client_path("tcpdump"), "-i", NetnsPair::kIfB, "-c", "17", "-w", file};
      argv.insert(argv.end(), kOptions[opt].begin(), kOptions[opt].end());
      ClientRun run(pair->ns_b(), lib, argv, dir.file("w.out"), dir.file("w.err"), 20);
      ASSERT_TRUE(run.wait_for("listening on")) << lib_name(lib) << ": " << run.err();
      make_traffic(*pair, Traffic::kInjected);
      ASSERT_EQ(run.wait(), 0) << lib_name(lib) << ": " << run.err();
      EXPECT_NE(run.err().find("17 packets captured"), std::string::npos) << lib_name(lib) << ": " << run.err();
      int status = -1;
      text[i] = read_back(file, &status);
      ASSERT_EQ(status, 0) << text[i];
      header[i] = file_header(file);
    }
    EXPECT_EQ(packet_lines(text[0]), 17) << text[0];
    EXPECT_NE(text[0].find("link-type EN10MB"), std::string::npos) << text[0];
    EXPECT_EQ(header[1], header[0]) << "option set " << opt;
    EXPECT_TRUE(same_text(text[0], text[1])) << "option set " << opt;
  }
}

// The kernel's promiscuity count of clb while tcpdump captures (libpcap
// uses PACKET_MR_PROMISC membership, visible as `ip -d link` promiscuity).
int promiscuity(const NetnsPair& p) {
  FILE* f = popen(("ip -n " + p.ns_b() + " -d link show clb").c_str(), "r");
  if (f == nullptr) return -1;
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, f) != nullptr) text += buf;
  pclose(f);
  auto pos = text.find("promiscuity ");
  return pos == std::string::npos ? -1 : std::atoi(text.c_str() + pos + 12);
}

TEST(TcpdumpLivePromisc, InterfacePromiscuityAsOnSystem) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  struct Row {
    std::vector<std::string> args;
    int expected;  // on the system libpcap
  };
  const Row kRows[] = {{{"-i", "clb"}, 1}, {{"-i", "clb", "-p"}, 0}, {{"-i", "any"}, 0}};
  for (const Row& row : kRows) {
    int seen[2] = {-1, -1};
    for (int i = 0; i < 2; ++i) {
      NETNS_PAIR_OR_SKIP(pair);
      std::vector<std::string> argv = {client_path("tcpdump"), "-c", "17", "-w", "/dev/null"};
      argv.insert(argv.end(), row.args.begin(), row.args.end());
      ClientRun run(pair->ns_b(), i == 0 ? Lib::kSystem : Lib::kOurs, argv, dir.file("p.out"), dir.file("p.err"), 20);
      ASSERT_TRUE(run.wait_for("listening on")) << run.err();
      seen[i] = promiscuity(*pair);
      make_traffic(*pair, Traffic::kInjected);
      EXPECT_EQ(run.wait(), 0) << run.err();
      EXPECT_EQ(promiscuity(*pair), 0) << "promiscuity left behind, " << lib_name(i == 0 ? Lib::kSystem : Lib::kOurs);
    }
    std::string what = "tcpdump " + row.args[1] + (row.args.size() > 2 ? " " + row.args[2] : "");
    ASSERT_EQ(seen[0], row.expected) << what;
    EXPECT_EQ(seen[1], seen[0]) << what;
  }
}

// -C 1: tcpdump rotates its -w file each 1,000,000 bytes, checking the
// size with pcap_dump_ftell64 and reopening with pcap_dump_open: the same
// files with the same frames on both libraries (-Z root: with -C tcpdump
// would otherwise drop to user tcpdump, who cannot write the scratch dir).
TEST(TcpdumpLiveFile, SizeRotatedFilesSameAsSystem) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  constexpr int kRepeats = 200;  // 200 x 17 frames, about 1.3 MB
  std::vector<Frame> frames;
  for (int r = 0; r < kRepeats; ++r) {
    for (auto& f : injected_frames()) frames.push_back(std::move(f));
  }
  std::vector<std::string> text[2];
  for (int i = 0; i < 2; ++i) {
    NETNS_PAIR_OR_SKIP(pair);
    std::string base = dir.file("rot" + std::to_string(i));
    std::vector<std::string> argv = {client_path("tcpdump"), "-i", NetnsPair::kIfB, "-Z", "root", "-B", "16384", "-C", "1",
                                     "-c", std::to_string(frames.size()), "-w", base};
    ClientRun run(pair->ns_b(), i == 0 ? Lib::kSystem : Lib::kOurs, argv, dir.file("r.out"), dir.file("r.err"), 30);
    ASSERT_TRUE(run.wait_for("listening on")) << run.err();
    EXPECT_EQ(send_raw(pair->ns_a(), NetnsPair::kIfA, frames), static_cast<int>(frames.size()));
    ASSERT_EQ(run.wait(), 0) << run.err();
    for (int k = 0; k < 5; ++k) {
      std::string file = k == 0 ? base : base + std::to_string(k);
      if (access(file.c_str(), R_OK) != 0) break;
      int status = -1;
      text[i].push_back(read_back(file, &status));
      EXPECT_EQ(status, 0) << file;
    }
  }
  ASSERT_GE(text[0].size(), 2u) << "the system run wrote one file only";
  ASSERT_EQ(text[1].size(), text[0].size());
  for (size_t k = 0; k < text[0].size(); ++k) EXPECT_TRUE(same_text(text[0][k], text[1][k])) << "file " << k;
}

// Two tcpdumps on clb at once, one per library: each sees every frame
// (neither socket takes frames from the other, e.g. through a fanout group).
TEST(TcpdumpLiveConcurrent, SystemAndWpcapSideBySide) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  NETNS_PAIR_OR_SKIP(pair);
  std::vector<std::string> argv = {client_path("tcpdump"), "-i", NetnsPair::kIfB, "-nn", "-t", "-e", "-c", "17"};
  ClientRun sys(pair->ns_b(), Lib::kSystem, argv, dir.file("c0.out"), dir.file("c0.err"), 20);
  ClientRun ours(pair->ns_b(), Lib::kOurs, argv, dir.file("c1.out"), dir.file("c1.err"), 20);
  ClientRun ours2(pair->ns_b(), Lib::kOurs, argv, dir.file("c2.out"), dir.file("c2.err"), 20);
  ASSERT_TRUE(sys.wait_for("listening on")) << sys.err();
  ASSERT_TRUE(ours.wait_for("listening on")) << ours.err();
  ASSERT_TRUE(ours2.wait_for("listening on")) << ours2.err();
  make_traffic(*pair, Traffic::kInjected);
  ASSERT_EQ(sys.wait(), 0) << sys.err();
  EXPECT_EQ(ours.wait(), 0) << ours.err();
  EXPECT_EQ(ours2.wait(), 0) << ours2.err();
  ASSERT_EQ(packet_lines(sys.out()), 17) << sys.out();
  EXPECT_TRUE(same_text(sys.out(), ours.out())) << "first tcpdump on wpcap";
  EXPECT_TRUE(same_text(sys.out(), ours2.out())) << "second tcpdump on wpcap";
  EXPECT_TRUE(same_text(sys.err(), ours.err())) << "first tcpdump on wpcap";
}

// The capture device changes under a running tcpdump: deleted (libpcap
// reports "The interface disappeared" and tcpdump exits 1), or set down and
// up again (the capture goes on and sees the frames sent afterwards).
TEST(TcpdumpLiveDevice, DeviceDeletedOrBouncedAsOnSystem) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  for (bool remove : {true, false}) {
    std::string err[2], out[2];
    int status[2] = {-1, -1};
    for (int i = 0; i < 2; ++i) {
      NETNS_PAIR_OR_SKIP(pair);
      std::vector<std::string> argv = {client_path("tcpdump"), "-i", NetnsPair::kIfB, "-nn", "-t", "-e", "-c", "17"};
      ClientRun run(pair->ns_b(), i == 0 ? Lib::kSystem : Lib::kOurs, argv, dir.file("d.out"), dir.file("d.err"), 20);
      ASSERT_TRUE(run.wait_for("listening on")) << run.err();
      if (remove) {
        EXPECT_TRUE(sh("ip -n " + pair->ns_b() + " link del clb"));
      } else {
        EXPECT_TRUE(sh("ip -n " + pair->ns_b() + " link set clb down"));
        EXPECT_TRUE(sh("ip -n " + pair->ns_b() + " link set clb up"));
        EXPECT_TRUE(pair->wait_running());
        make_traffic(*pair, Traffic::kInjected);
      }
      status[i] = run.wait();
      out[i] = run.out();
      err[i] = run.err();
    }
    const char* what = remove ? "clb deleted" : "clb down and up";
    ASSERT_EQ(status[0], remove ? 1 : 0) << what << ": " << err[0];
    if (remove) {
      ASSERT_NE(err[0].find("The interface disappeared"), std::string::npos) << err[0];
    } else {
      ASSERT_EQ(packet_lines(out[0]), 17) << out[0];
    }
    EXPECT_EQ(status[1], status[0]) << what << ": " << err[1];
    EXPECT_TRUE(same_text(out[0], out[1])) << what << " (stdout)";
    EXPECT_TRUE(same_text(err[0], err[1])) << what << " (stderr)";
  }
}

// `tcpdump -D` (pcap_findalldevs) inside namespace b.
TEST(TcpdumpLiveList, DeviceListSameAsSystem) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  NETNS_PAIR_OR_SKIP(pair);
  expect_same_listing(pair->ns_b(), "tcpdump", {"-D"}, dir);
}

// `tcpdump -L` (pcap_list_datalinks) and `-J` (pcap_list_tstamp_types).
TEST(TcpdumpLiveList, LinkAndTimestampTypesSameAsSystem) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  NETNS_PAIR_OR_SKIP(pair);
  for (const char* flag : {"-L", "-J"}) {
    for (const char* dev : {NetnsPair::kIfB, "any", "lo", "nosuch0"}) {
      expect_same_listing(pair->ns_b(), "tcpdump", {flag, "-i", dev}, dir);
    }
  }
}

}  // namespace
}  // namespace wpcap::testing::live
