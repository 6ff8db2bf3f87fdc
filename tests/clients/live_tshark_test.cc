// live_tshark_test.cc - tshark, unchanged, capturing live on a veth end
// inside a namespace (tshark runs dumpcap, both inherit LD_LIBRARY_PATH),
// once on the system libpcap and once on ours. The same injected frames
// must be dissected into the same fields and counted the same.
//
// Cases: a table of capture options; stderr compared without tshark's
// pid/time-stamped log lines.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "clients/live_frames.h"
#include "clients/live_client.h"
#include "clients/live_netns.h"

namespace wpcap::testing::live {
namespace {

struct TsharkCase {
  const char* name;
  std::vector<std::string> args;  // after "tshark -i clb -n -c N"
  int count;
};

void PrintTo(const TsharkCase& c, std::ostream* os) { *os << c.name; }

const std::vector<std::string> kFields = {"-T",     "fields",      "-e", "frame.len", "-e", "frame.cap_len",
                                          "-e",     "eth.src",     "-e", "eth.dst",   "-e", "eth.type",
                                          "-e",     "vlan.id",     "-e", "ip.src",    "-e", "ip.dst",
                                          "-e",     "udp.srcport", "-e", "arp.dst.proto_ipv4",
                                          "-e",     "frame.protocols"};

const TsharkCase kCases[] = {
    {"Fields", {}, 17},
    {"FieldsSnaplen64", {"-s", "64"}, 17},
    {"CaptureFilterArpOrIp6", {"-f", "arp or ip6"}, 5},
    {"CaptureFilterUdpPorts", {"-f", "udp and (port 53 or port 123)"}, 2},
    {"CaptureFilterVlanUdp", {"-f", "vlan and udp"}, kInjectedVlanFrames},
    {"NoPromiscuous", {"-p"}, 17},
};

// tshark's stderr without its "** (tshark:PID) HH:MM:SS..." log lines.
std::string stable_stderr(const std::string& err) {
  std::string kept;
  for (const auto& line : split_lines(err)) {
    if (line.rfind(" ** (tshark:", 0) == 0) continue;
    kept += line + "\n";
  }
  return kept;
}

Outcome run_case(const TsharkCase& c, Lib lib, const ScratchDir& dir) {
  Outcome o;
  auto pair = pair_or_fail();
  if (!pair) return o;
  std::string tag = std::string(c.name) + (lib == Lib::kSystem ? "-sys" : "-ours");
  std::vector<std::string> argv = {client_path("tshark"), "-i", NetnsPair::kIfB, "-n", "-c", std::to_string(c.count)};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  argv.insert(argv.end(), kFields.begin(), kFields.end());
  ClientRun run(pair->ns_b(), lib, argv, dir.file(tag + ".out"), dir.file(tag + ".err"), 15);
  o.started = run.wait_for("File: ");  // dumpcap opened the input, then the file
  if (o.started) {
    auto frames = injected_frames();
    EXPECT_EQ(send_raw(pair->ns_a(), NetnsPair::kIfA, frames), static_cast<int>(frames.size()));
  }
  o.status = run.wait();
  o.out = run.out();
  o.err = stable_stderr(run.err());
  return o;
}

class TsharkLive : public ::testing::TestWithParam<TsharkCase> {};

TEST_P(TsharkLive, SameDissectionAsSystemLibpcap) {
  CLIENT_OR_SKIP("tshark");
  CLIENT_OR_SKIP("dumpcap");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const TsharkCase& c = GetParam();
  Outcome sys = run_case(c, Lib::kSystem, dir);
  ASSERT_TRUE(sys.started) << "system tshark did not start: " << sys.err;
  ASSERT_EQ(sys.status, 0) << sys.err;
  ASSERT_EQ(static_cast<int>(split_lines(sys.out).size()), c.count) << sys.out;
  ASSERT_NE(sys.err.find(std::to_string(c.count) + " packet"), std::string::npos) << sys.err;

  Outcome ours = run_case(c, Lib::kOurs, dir);
  EXPECT_TRUE(ours.started) << "tshark on wpcap did not start: " << ours.err;
  EXPECT_EQ(ours.status, 0) << ours.err;
  EXPECT_TRUE(same_text(sys.out, ours.out)) << "fields";
  EXPECT_TRUE(same_text(sys.err, ours.err)) << "stderr";
}

INSTANTIATE_TEST_SUITE_P(Cases, TsharkLive, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wpcap::testing::live
