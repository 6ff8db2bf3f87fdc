// live_tcpreplay_test.cc - tcpreplay, unchanged, replaying a generated
// savefile (`wpcap gen`) out of one veth end, once on the system libpcap and
// once on ours (tcpreplay reads the file through libpcap and sends with its
// own PF_PACKET socket). The peer end is captured by the system tcpdump, so
// only tcpreplay's library varies: every frame must arrive intact (the same
// bytes as in the file) and tcpreplay's counts must match.
//
// Cases: a table of generator seeds/formats and tcpreplay options.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "clients/live_client.h"
#include "clients/live_netns.h"

namespace wpcap::testing::live {
namespace {

struct ReplayCase {
  const char* name;
  std::vector<std::string> gen;     // after "wpcap gen -o FILE"
  std::vector<std::string> replay;  // after "tcpreplay -i cla"
  int frames;                       // frames sent on the wire
  int file_copies;                  // the file's frames, repeated (--loop)
};

void PrintTo(const ReplayCase& c, std::ostream* os) { *os << c.name; }

const ReplayCase kCases[] = {
    {"Seed1Topspeed", {"--seed", "1", "-n", "200"}, {"-t"}, 200, 1},
    {"Seed7Topspeed", {"--seed", "7", "-n", "200"}, {"-t"}, 200, 1},
    {"Seed99Pcapng", {"--seed", "99", "-n", "200", "--format", "pcapng"}, {"-t"}, 200, 1},
    {"Seed5Nanosecond", {"--seed", "5", "-n", "200", "--nano"}, {"-t"}, 200, 1},
    {"Seed3Rate", {"--seed", "3", "-n", "200"}, {"--pps", "4000"}, 200, 1},
    {"Seed4Preload", {"--seed", "4", "-n", "200"}, {"-t", "-K"}, 200, 1},
    {"Seed2Loop2", {"--seed", "2", "-n", "200"}, {"-t", "--loop", "2"}, 400, 2},
    {"Seed6Limit50", {"--seed", "6", "-n", "200"}, {"-t", "-L", "50"}, 50, 0},
};

// The packet part (no banner) of the system tcpdump's reading of a file.
std::vector<std::string> frames_text(const std::string& file) {
  int status = -1;
  auto lines = split_lines(read_back(file, &status));
  EXPECT_EQ(status, 0) << file;
  if (!lines.empty()) lines.erase(lines.begin());
  return lines;
}

// tcpreplay's stdout without its timing figures (rates, durations).
std::string replay_counts(const std::string& out) {
  std::string kept;
  for (auto line : split_lines(out)) {
    if (line.rfind("Rated:", 0) == 0 || line.rfind("Flows:", 0) == 0) continue;
    if (auto pos = line.find(" sent in "); pos != std::string::npos) line.resize(pos);
    kept += line + "\n";
  }
  return kept;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// The lines of the first n frames (a frame = summary line + hex lines).
std::vector<std::string> first_frames(const std::vector<std::string>& lines, int n) {
  std::vector<std::string> out;
  int seen = 0;
  for (const auto& l : lines) {
    if (packet_lines(l) == 1 && ++seen > n) break;
    out.push_back(l);
  }
  return out;
}

struct ReplayOutcome {
  int replay_status = -1, capture_status = -1;
  std::string replay_out, replay_err, capture_err;
  std::vector<std::string> received;
};

ReplayOutcome run_case(const ReplayCase& c, const std::string& input, Lib lib, const ScratchDir& dir) {
  ReplayOutcome o;
  auto pair = pair_or_fail();
  if (!pair) return o;
  std::string tag = std::string(c.name) + (lib == Lib::kSystem ? "-sys" : "-ours");
  std::string cap = dir.file(tag + ".pcap");
  ClientRun capture(pair->ns_b(), Lib::kSystem,
                    {client_path("tcpdump"), "-i", NetnsPair::kIfB, "-Q", "in", "-c", std::to_string(c.frames), "-w",
                     cap},
                    dir.file(tag + ".cap.out"), dir.file(tag + ".cap.err"), 30);
  if (!capture.wait_for("listening on")) {
    ADD_FAILURE() << "capturing tcpdump did not start: " << capture.err();
    return o;
  }
  std::vector<std::string> argv = {client_path("tcpreplay"), "-i", NetnsPair::kIfA};
  argv.insert(argv.end(), c.replay.begin(), c.replay.end());
  argv.push_back(input);
  o.replay_status = run_client(pair->ns_a(), lib, argv, dir.file(tag + ".out"), dir.file(tag + ".err"), 30);
  o.replay_out = read_text(dir.file(tag + ".out"));
  o.replay_err = read_text(dir.file(tag + ".err"));
  if (o.replay_status != 0) capture.interrupt();
  o.capture_status = capture.wait();
  o.capture_err = capture.err();
  o.received = frames_text(cap);
  return o;
}

class TcpreplayLive : public ::testing::TestWithParam<ReplayCase> {};

TEST_P(TcpreplayLive, FramesArriveIntactAsOnSystemLibpcap) {
  CLIENT_OR_SKIP("tcpreplay");
  CLIENT_OR_SKIP("tcpdump");  // the capture on the peer, always on the system libpcap
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const ReplayCase& c = GetParam();
  std::string tool = build_dir() + "/wpcap";
  ASSERT_EQ(access(tool.c_str(), X_OK), 0) << tool << " (target wpcap_tool) is not built";
  std::string input = dir.file("input.cap");
  std::vector<std::string> gen = {tool, "gen", "-o", input};
  gen.insert(gen.end(), c.gen.begin(), c.gen.end());
  ASSERT_EQ(run_client("", Lib::kSystem, gen, dir.file("gen.out"), dir.file("gen.err")), 0)
      << read_text(dir.file("gen.err"));

  // What must arrive: the file's frames (as the system libpcap reads it),
  // `file_copies` times over, or (0) just its first `frames` frames.
  std::vector<std::string> one = frames_text(input);
  ASSERT_EQ(packet_lines(joined(one)), 200);
  std::vector<std::string> want;
  for (int k = 0; k < c.file_copies; ++k) want.insert(want.end(), one.begin(), one.end());
  if (c.file_copies == 0) want = first_frames(one, c.frames);

  ReplayOutcome sys = run_case(c, input, Lib::kSystem, dir);
  ASSERT_EQ(sys.replay_status, 0) << sys.replay_err;
  ASSERT_EQ(sys.capture_status, 0) << sys.capture_err;
  ASSERT_TRUE(same_text(joined(want), joined(sys.received))) << "system libpcap: sent file vs received";
  ASSERT_NE(sys.replay_out.find("Actual: " + std::to_string(c.frames) + " packets"), std::string::npos)
      << sys.replay_out;

  ReplayOutcome ours = run_case(c, input, Lib::kOurs, dir);
  EXPECT_EQ(ours.replay_status, 0) << ours.replay_err;
  EXPECT_EQ(ours.capture_status, 0) << ours.capture_err;
  EXPECT_TRUE(same_text(joined(want), joined(ours.received))) << "wpcap: sent file vs received";
  EXPECT_TRUE(same_text(replay_counts(sys.replay_out), replay_counts(ours.replay_out))) << "tcpreplay report";
  EXPECT_TRUE(same_text(sys.replay_err, ours.replay_err)) << "tcpreplay stderr";
}

INSTANTIATE_TEST_SUITE_P(Cases, TcpreplayLive, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wpcap::testing::live
