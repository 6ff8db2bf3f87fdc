// live_nmap_test.cc - nmap host discovery (-sn), unchanged, from one
// namespace across the veth pair to the peer, once on the system libpcap
// and once on ours. nmap sends its probes itself and reads the answers
// through libpcap (compiled filter, selectable fd, pcap_next_ex), so a
// capture-path fault shows up as a host reported down or a wrong MAC.
//
// Cases: a table of targets and discovery options; output compared with
// latencies, elapsed time and the start banner masked.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "clients/live_client.h"
#include "clients/live_netns.h"

namespace wpcap::testing::live {
namespace {

struct NmapCase {
  const char* name;
  std::vector<std::string> args;  // after "nmap -sn -n"
  int hosts_up;                   // as reported on the system libpcap
};

void PrintTo(const NmapCase& c, std::ostream* os) { *os << c.name; }

// 10.88.0.1 is the scanner itself (cla), 10.88.0.2 the peer (clb); nothing
// else answers inside the namespaces.
const NmapCase kCases[] = {
    {"ArpPingPeer", {"10.88.0.2"}, 1},
    {"ArpPingPeerReason", {"--reason", "10.88.0.2"}, 1},
    {"ArpPingExplicitInterface", {"-e", "cla", "-PR", "10.88.0.2"}, 1},
    {"ArpPingPeerAndAbsent", {"--max-retries", "1", "10.88.0.2", "10.88.0.77"}, 1},
    {"ArpPingSubnet", {"--max-retries", "1", "10.88.0.0/29"}, 2},
    {"AbsentOnly", {"--max-retries", "1", "10.88.0.99"}, 0},
    {"IpProbesNoArp", {"--disable-arp-ping", "--reason", "10.88.0.2"}, 1},
    {"IcmpEchoOnly", {"--disable-arp-ping", "-PE", "--reason", "10.88.0.2"}, 1},
    {"TcpSynProbe", {"--disable-arp-ping", "-PS22", "--reason", "10.88.0.2"}, 1},
};

// Masks what varies from run to run: the banner's date, latencies and the
// elapsed time.
std::string normalise(const std::string& out) {
  std::string kept;
  for (auto line : split_lines(out)) {
    if (line.rfind("Starting Nmap", 0) == 0) continue;
    if (auto p = line.find("s latency)"); p != std::string::npos) {
      auto open = line.rfind('(', p);
      if (open != std::string::npos) line.replace(open + 1, p - open - 1, "T");
    }
    if (auto p = line.find(" scanned in "); p != std::string::npos) line.resize(p);
    kept += line + "\n";
  }
  return kept;
}

Outcome run_case(const NmapCase& c, Lib lib, const ScratchDir& dir) {
  Outcome o;
  auto pair = pair_or_fail();
  if (!pair) return o;
  std::string tag = std::string(c.name) + (lib == Lib::kSystem ? "-sys" : "-ours");
  std::vector<std::string> argv = {client_path("nmap"), "-sn", "-n"};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  o.status = run_client(pair->ns_a(), lib, argv, dir.file(tag + ".out"), dir.file(tag + ".err"), 60);
  o.out = normalise(read_text(dir.file(tag + ".out")));
  o.err = read_text(dir.file(tag + ".err"));
  return o;
}

class NmapLive : public ::testing::TestWithParam<NmapCase> {};

TEST_P(NmapLive, SameHostsAsSystemLibpcap) {
  CLIENT_OR_SKIP("nmap");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const NmapCase& c = GetParam();
  Outcome sys = run_case(c, Lib::kSystem, dir);
  ASSERT_EQ(sys.status, 0) << sys.err;
  std::string summary = "(" + std::to_string(c.hosts_up) + (c.hosts_up == 1 ? " host up)" : " hosts up)");
  ASSERT_NE(sys.out.find(summary), std::string::npos) << sys.out;
  if (c.hosts_up > 0) {
    ASSERT_NE(sys.out.find("Nmap scan report for 10.88.0.2\nHost is up"), std::string::npos) << sys.out;
    ASSERT_NE(sys.out.find("MAC Address: " + [] {
                std::string m = NetnsPair::mac_b();
                for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                return m;
              }()),
              std::string::npos)
        << sys.out;
  }

  Outcome ours = run_case(c, Lib::kOurs, dir);
  EXPECT_EQ(ours.status, 0) << ours.err;
  EXPECT_TRUE(same_text(sys.out, ours.out)) << "nmap report";
  EXPECT_TRUE(same_text(sys.err, ours.err)) << "nmap stderr";
}

INSTANTIATE_TEST_SUITE_P(Cases, NmapLive, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wpcap::testing::live
