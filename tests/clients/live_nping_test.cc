// live_nping_test.cc - nping (from the nmap package), unchanged, probing
// the peer across the veth pair, once on the system libpcap and once on
// ours. nping sends with raw sockets and matches the replies it reads
// through libpcap, so every RCVD line and the Rcvd/Lost counts come from
// the capture path under test.
//
// Cases: a table of probe modes; times, IP ids, TCP sequence numbers and
// rtts masked (the kernel and nping pick them afresh each run).
#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>
#include <vector>

#include "clients/live_client.h"
#include "clients/live_netns.h"

namespace wpcap::testing::live {
namespace {

struct NpingCase {
  const char* name;
  std::vector<std::string> args;  // after "nping -c 3 --delay 50ms"
  int replies;                    // RCVD lines on the system libpcap
};

void PrintTo(const NpingCase& c, std::ostream* os) { *os << c.name; }

const NpingCase kCases[] = {
    {"UdpClosedPort", {"--udp", "-p", "9", "-g", "40000", "10.88.0.2"}, 3},
    {"Arp", {"--arp", "10.88.0.2"}, 3},
    {"IcmpEcho", {"--icmp", "10.88.0.2"}, 3},
    {"TcpSynClosedPort", {"--tcp", "-p", "22", "-g", "40001", "--flags", "syn", "10.88.0.2"}, 3},
    {"UdpNoAnswer", {"--udp", "-p", "9", "-g", "40002", "10.88.0.77"}, 0},
};

// Replaces each run of digits/dots after `key` by "N".
std::string mask_after(std::string line, const std::string& key) {
  for (size_t pos = line.find(key); pos != std::string::npos; pos = line.find(key, pos + 1)) {
    size_t d = pos + key.size(), e = d;
    while (e < line.size() && (std::isdigit(static_cast<unsigned char>(line[e])) || line[e] == '.')) ++e;
    if (e > d) line.replace(d, e - d, "N");
  }
  return line;
}

std::string normalise(const std::string& out) {
  std::string kept;
  for (auto line : split_lines(out)) {
    if (line.rfind("Starting Nping", 0) == 0) continue;
    if (auto p = line.find(" pinged in "); p != std::string::npos) line.resize(p);
    for (const char* key : {"SENT (", "RCVD (", "id=", "seq=", "rtt: "}) line = mask_after(line, key);
    kept += line + "\n";
  }
  return kept;
}

int rcvd_lines(const std::string& out) {
  int n = 0;
  for (const auto& line : split_lines(out)) n += line.rfind("RCVD", 0) == 0;
  return n;
}

Outcome run_case(const NpingCase& c, Lib lib, const ScratchDir& dir) {
  Outcome o;
  auto pair = pair_or_fail();
  if (!pair) return o;
  std::string tag = std::string(c.name) + (lib == Lib::kSystem ? "-sys" : "-ours");
  std::vector<std::string> argv = {client_path("nping"), "-c", "3", "--delay", "50ms"};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  o.status = run_client(pair->ns_a(), lib, argv, dir.file(tag + ".out"), dir.file(tag + ".err"), 30);
  o.out = read_text(dir.file(tag + ".out"));
  o.err = read_text(dir.file(tag + ".err"));
  return o;
}

class NpingLive : public ::testing::TestWithParam<NpingCase> {};

TEST_P(NpingLive, SameRepliesAsSystemLibpcap) {
  CLIENT_OR_SKIP("nping");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const NpingCase& c = GetParam();
  Outcome sys = run_case(c, Lib::kSystem, dir);
  ASSERT_EQ(sys.status, 0) << sys.err;
  ASSERT_EQ(rcvd_lines(sys.out), c.replies) << sys.out;

  Outcome ours = run_case(c, Lib::kOurs, dir);
  EXPECT_EQ(ours.status, 0) << ours.err;
  EXPECT_EQ(rcvd_lines(ours.out), c.replies) << ours.out;
  EXPECT_TRUE(same_text(normalise(sys.out), normalise(ours.out))) << "nping report";
  EXPECT_TRUE(same_text(sys.err, ours.err)) << "nping stderr";
}

INSTANTIATE_TEST_SUITE_P(Cases, NpingLive, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wpcap::testing::live
