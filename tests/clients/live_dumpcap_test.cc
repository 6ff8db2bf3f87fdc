// live_dumpcap_test.cc - Wireshark's dumpcap, unchanged, capturing live on
// a veth end inside a namespace with `-a duration:` (or a packet count),
// once on the system libpcap and once on ours. The files it writes are read
// back by the system tcpdump (the system libpcap) and must hold the same
// frames, bytes and header; dumpcap's own report (its pcap_stats) must match.
//
// Cases: a table of dumpcap option sets; plus -D and -L.
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "clients/live_frames.h"
#include "clients/live_client.h"
#include "clients/live_netns.h"

namespace wpcap::testing::live {
namespace {

struct DumpcapCase {
  const char* name;
  std::vector<std::string> args;  // after "dumpcap -i clb -q -w FILE"
  int frames;                     // frames the file must hold (system libpcap)
};

void PrintTo(const DumpcapCase& c, std::ostream* os) { *os << c.name; }

const DumpcapCase kCases[] = {
    {"PcapngDuration", {"-a", "duration:3"}, 17},
    {"PcapDuration", {"-P", "-a", "duration:3"}, 17},
    {"PacketCountStops", {"-c", "17", "-a", "duration:20"}, 17},
    {"Snaplen100", {"-s", "100", "-a", "duration:3"}, 17},
    {"NoPromiscuous", {"-p", "-a", "duration:3"}, 17},
    {"SmallBuffer", {"-B", "1", "-a", "duration:3"}, 17},
    {"FilterEthertype", {"-f", "ether proto 0x88b5", "-a", "duration:3"}, 6},
    {"FilterArpOrIp6", {"-f", "arp or ip6", "-a", "duration:3"}, 5},
    {"FilterVlan", {"-f", "vlan 5", "-a", "duration:3"}, kInjectedVlanFrames},
};

struct DumpcapOutcome {
  int status = -1;
  bool capturing = false;
  std::string report;  // dumpcap's stderr, file path masked
  std::string file;    // the file as the system tcpdump reads it
};

DumpcapOutcome run_case(const DumpcapCase& c, Lib lib, const ScratchDir& dir) {
  DumpcapOutcome o;
  auto pair = pair_or_fail();
  if (!pair) return o;
  std::string tag = std::string(c.name) + (lib == Lib::kSystem ? "-sys" : "-ours");
  std::string file = dir.file(tag + ".cap");
  std::vector<std::string> argv = {client_path("dumpcap"), "-i", NetnsPair::kIfB, "-q", "-w", file};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  ClientRun run(pair->ns_b(), lib, argv, dir.file(tag + ".out"), dir.file(tag + ".err"), 30);
  // "Capturing on" comes before the input is opened; "File:" after it.
  o.capturing = run.wait_for("File: ");
  if (o.capturing) {
    auto frames = injected_frames();
    EXPECT_EQ(send_raw(pair->ns_a(), NetnsPair::kIfA, frames), static_cast<int>(frames.size()));
  }
  o.status = run.wait();
  o.report = run.err();
  if (auto pos = o.report.find(file); pos != std::string::npos) o.report.replace(pos, file.size(), "FILE");
  int read_status = -1;
  if (o.capturing) o.file = read_back(file, &read_status);
  EXPECT_EQ(read_status, 0) << lib_name(lib) << " file: " << o.file;
  return o;
}

class DumpcapLive : public ::testing::TestWithParam<DumpcapCase> {};

TEST_P(DumpcapLive, SameFileAndReportAsSystemLibpcap) {
  CLIENT_OR_SKIP("dumpcap");
  CLIENT_OR_SKIP("tcpdump");  // reads the files back on the system libpcap
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const DumpcapCase& c = GetParam();
  DumpcapOutcome sys = run_case(c, Lib::kSystem, dir);
  ASSERT_TRUE(sys.capturing) << "system dumpcap did not start: " << sys.report;
  ASSERT_EQ(sys.status, 0) << sys.report;
  ASSERT_EQ(packet_lines(sys.file), c.frames) << sys.file;
  ASSERT_NE(sys.report.find("Packets captured: " + std::to_string(c.frames)), std::string::npos) << sys.report;

  DumpcapOutcome ours = run_case(c, Lib::kOurs, dir);
  EXPECT_TRUE(ours.capturing) << "dumpcap on wpcap did not start: " << ours.report;
  EXPECT_EQ(ours.status, 0) << ours.report;
  EXPECT_TRUE(same_text(sys.file, ours.file)) << "file read back";
  EXPECT_TRUE(same_text(sys.report, ours.report)) << "dumpcap report";
}

INSTANTIATE_TEST_SUITE_P(Cases, DumpcapLive, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

// The frames of a `tcpdump -r` reading (summary + continuation lines),
// sorted: two interfaces interleave differently from run to run.
std::vector<std::string> sorted_frames(const std::string& text) {
  std::vector<std::string> frames;
  for (const auto& line : split_lines(text)) {
    if (line.rfind("reading from", 0) == 0) continue;
    if (!line.empty() && line[0] != '\t' && line[0] != ' ') frames.emplace_back();
    if (!frames.empty()) frames.back() += line + "\n";
  }
  std::sort(frames.begin(), frames.end());
  return frames;
}

// Two interfaces at once (dumpcap selects over both pcap fds, one IDB
// each): injected frames on clb and loopback UDP/ICMP round trips on lo.
TEST(DumpcapLiveMulti, TwoInterfacesSameFramesAsSystem) {
  CLIENT_OR_SKIP("dumpcap");
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  std::vector<std::string> frames[2];
  std::string report[2];
  for (int i = 0; i < 2; ++i) {
    Lib lib = i == 0 ? Lib::kSystem : Lib::kOurs;
    NETNS_PAIR_OR_SKIP(pair);
    std::string file = dir.file("multi" + std::to_string(i) + ".pcapng");
    ClientRun run(pair->ns_b(), lib,
                  {client_path("dumpcap"), "-i", NetnsPair::kIfB, "-i", "lo", "-q", "-w", file, "-a", "duration:3"},
                  dir.file("multi.out"), dir.file("multi.err"), 30);
    ASSERT_TRUE(run.wait_for("File: ")) << lib_name(lib) << ": " << run.err();
    auto injected = injected_frames();
    EXPECT_EQ(send_raw(pair->ns_a(), NetnsPair::kIfA, injected), static_cast<int>(injected.size()));
    EXPECT_EQ(send_udp_expect_icmp(pair->ns_b(), "127.0.0.1", 43000, "127.0.0.1", 9, 4, 16), 4);
    ASSERT_EQ(run.wait(), 0) << lib_name(lib) << ": " << run.err();
    report[i] = run.err();
    if (auto pos = report[i].find(file); pos != std::string::npos) report[i].replace(pos, file.size(), "FILE");
    int status = -1;
    // -v, not -xx: the kernel picks the loopback packets' IP ids at random.
    frames[i] = sorted_frames(mask_numbers_after(read_back(file, &status, "-v"), "id"));
    ASSERT_EQ(status, 0) << lib_name(lib);
  }
  ASSERT_EQ(frames[0].size(), 17u + 8u);
  EXPECT_EQ(frames[1].size(), frames[0].size());
  for (size_t k = 0; k < frames[0].size() && k < frames[1].size(); ++k) {
    EXPECT_TRUE(same_text(frames[0][k], frames[1][k])) << "frame " << k;
  }
  EXPECT_TRUE(same_text(report[0], report[1])) << "dumpcap report";
}

// `dumpcap -D` (pcap_findalldevs) inside namespace b.
TEST(DumpcapLiveList, DeviceListSameAsSystem) {
  CLIENT_OR_SKIP("dumpcap");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  NETNS_PAIR_OR_SKIP(pair);
  expect_same_listing(pair->ns_b(), "dumpcap", {"-D"}, dir);
}

// `dumpcap -L -i IF` (pcap_list_datalinks) and its refusal of a missing device.
TEST(DumpcapLiveList, LinkTypesSameAsSystem) {
  CLIENT_OR_SKIP("dumpcap");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  NETNS_PAIR_OR_SKIP(pair);
  for (const char* dev : {NetnsPair::kIfB, "any", "lo", "nosuch0"}) {
    expect_same_listing(pair->ns_b(), "dumpcap", {"-L", "-i", dev}, dir);
  }
}

}  // namespace
}  // namespace wpcap::testing::live
