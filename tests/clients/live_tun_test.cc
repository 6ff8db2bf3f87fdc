// live_tun_test.cc - tcpdump, unchanged, capturing live on a layer-3 tun
// device (ARPHRD_NONE: no link header, DLT_RAW) inside a namespace, once on
// the system libpcap and once on ours. The test holds the tun's file
// descriptor and writes IPv4/IPv6 packets into it, which the kernel then
// receives on the device (and drops: they are addressed elsewhere).
//
// Cases: a table of tcpdump option sets; plus -L/-J on the tun device.
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "clients/live_client.h"
#include "clients/live_frames.h"
#include "clients/live_netns.h"

namespace wpcap::testing::live {
namespace {

constexpr const char* kTun = "cltun";

// Creates tun device `kTun` in namespace `ns` (10.77.0.1/24, up); returns
// its descriptor, or -1. The device lives as long as the descriptor.
int open_tun(const std::string& ns) {
  int fd = -1;
  std::thread t([&] {
    InNetns in(ns);
    if (!in.ok()) return;
    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) return;
    ifreq ifr = {};
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", kTun);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
      close(fd);
      fd = -1;
    }
  });
  t.join();
  if (fd >= 0 && !(sh("ip -n " + ns + " addr add 10.77.0.1/24 dev " + kTun) &&
                   sh("ip -n " + ns + " link set " + kTun + " up"))) {
    close(fd);
    fd = -1;
  }
  return fd;
}

// The IP packets written into the tun: the injected set's IPv4/IPv6
// frames without their Ethernet (and 802.1Q) headers.
std::vector<Frame> tun_packets() {
  std::vector<Frame> out;
  for (const auto& f : injected_frames()) {
    size_t off = 12;
    uint16_t type = static_cast<uint16_t>(f[off] << 8 | f[off + 1]);
    if (type == 0x8100) {
      off += 4;
      type = static_cast<uint16_t>(f[off] << 8 | f[off + 1]);
    }
    if (type == 0x0800 || type == 0x86dd) out.emplace_back(f.begin() + static_cast<long>(off + 2), f.end());
  }
  return out;
}

struct TunCase {
  const char* name;
  std::vector<std::string> args;  // after "tcpdump -i cltun -c N"
  int count;
};

void PrintTo(const TunCase& c, std::ostream* os) { *os << c.name; }

constexpr int kTunPackets = 8;  // 6 IPv4/UDP + 2 IPv6/ICMPv6 in tun_packets()

const TunCase kCases[] = {
    {"Summary", {"-nn", "-t"}, kTunPackets},
    {"HexBytes", {"-nn", "-t", "-xx"}, kTunPackets},
    {"Verbose", {"-nn", "-t", "-vv"}, kTunPackets},
    {"Snaplen40", {"-nn", "-t", "-s", "40", "-xx"}, kTunPackets},
    {"FilterIp6", {"-nn", "-t", "ip6"}, 2},
    {"FilterUdpPort", {"-nn", "-t", "-xx", "udp port 9"}, 4},
    {"FilterDstHost", {"-nn", "-t", "dst host 10.99.0.2"}, 5},
};

Outcome run_case(const TunCase& c, Lib lib, const ScratchDir& dir) {
  Outcome o;
  auto pair = pair_or_fail();
  if (!pair) return o;
  int fd = open_tun(pair->ns_b());
  if (fd < 0) {
    ADD_FAILURE() << "could not create a tun device";
    return o;
  }
  std::vector<std::string> argv = {client_path("tcpdump"), "-i", kTun, "-c", std::to_string(c.count)};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  std::string tag = std::string(c.name) + (lib == Lib::kSystem ? "-sys" : "-ours");
  ClientRun run(pair->ns_b(), lib, argv, dir.file(tag + ".out"), dir.file(tag + ".err"), 20);
  o.started = run.wait_for("listening on");
  if (o.started) {
    int written = 0;
    for (const auto& p : tun_packets()) written += write(fd, p.data(), p.size()) == static_cast<ssize_t>(p.size());
    EXPECT_EQ(written, kTunPackets);
  }
  o.status = run.wait();
  o.out = run.out();
  o.err = run.err();
  close(fd);
  return o;
}

class TunLive : public ::testing::TestWithParam<TunCase> {};

TEST_P(TunLive, SameOutputAsSystemLibpcap) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  if (access("/dev/net/tun", R_OK | W_OK) != 0) GTEST_SKIP() << "no /dev/net/tun";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const TunCase& c = GetParam();
  Outcome sys = run_case(c, Lib::kSystem, dir);
  ASSERT_TRUE(sys.started) << "system tcpdump did not start: " << sys.err;
  ASSERT_EQ(sys.status, 0) << sys.err;
  ASSERT_EQ(packet_lines(sys.out), c.count) << sys.out;
  ASSERT_NE(sys.err.find("link-type RAW"), std::string::npos) << sys.err;

  Outcome ours = run_case(c, Lib::kOurs, dir);
  EXPECT_TRUE(ours.started) << "tcpdump on wpcap did not start: " << ours.err;
  EXPECT_EQ(ours.status, 0) << ours.err;
  EXPECT_TRUE(same_text(sys.out, ours.out)) << "stdout";
  EXPECT_TRUE(same_text(sys.err, ours.err)) << "stderr";
}

INSTANTIATE_TEST_SUITE_P(Cases, TunLive, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(TunLiveList, LinkAndTimestampTypesSameAsSystem) {
  CLIENT_OR_SKIP("tcpdump");
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  if (access("/dev/net/tun", R_OK | W_OK) != 0) GTEST_SKIP() << "no /dev/net/tun";
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  NETNS_PAIR_OR_SKIP(pair);
  int fd = open_tun(pair->ns_b());
  ASSERT_GE(fd, 0) << "could not create a tun device";
  expect_same_listing(pair->ns_b(), "tcpdump", {"-L", "-i", kTun}, dir);
  expect_same_listing(pair->ns_b(), "tcpdump", {"-J", "-i", kTun}, dir);
  close(fd);
}

}  // namespace
}  // namespace wpcap::testing::live
