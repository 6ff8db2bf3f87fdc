// live_spin_test.cc - the opt-in busy wait of immediate mode
// (WPCAP_SPIN_US, read at activation): a reader that is spinning on the
// ring still receives every frame, stops at a pcap_loop() count, and
// pcap_breakloop() from another thread ends the spin. No timing is
// asserted: the gain is measured by bench_live (docs/performance.md).
#include <stdlib.h>

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "integration/capture_helpers.h"

namespace wpcap::testing {
namespace {

// Sets WPCAP_SPIN_US for the handles activated in the scope.
class SpinEnv {
 public:
  explicit SpinEnv(const char* us) { setenv("WPCAP_SPIN_US", us, 1); }
  ~SpinEnv() { unsetenv("WPCAP_SPIN_US"); }
};

pcap_t* open_immediate_blocking() {
  int status = 0;
  LiveOptions o;
  o.timeout_ms = 0;  // block forever: only frames or a break end a dispatch
  o.immediate = true;
  return open_live("va", o, &status);
}

void count_test_frames(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
  Packet p{*h, std::vector<uint8_t>(bytes, bytes + h->caplen)};
  if (is_test_frame(p)) ++*reinterpret_cast<int*>(user);
}

TEST(LiveSpin, SpinningReaderReceivesEveryFrame) {
  NETNS_OR_SKIP(ns);
  for (const char* us : {"200000", "1"}) {  // frames arrive during / after the spin
    SpinEnv env(us);
    pcap_t* p = open_immediate_blocking();
    ASSERT_NE(p, nullptr);
    std::atomic<bool> done{false};
    std::thread sender([&] {  // inherits the test's namespace
      auto dst = mac_of("va");
      auto src = mac_of("vb");
      for (uint32_t i = 0; i < 5 && !done; ++i) {
        usleep(20 * 1000);
        send_frames("vb", {make_frame(dst.data(), src.data(), i, 80)});
      }
      // A hang guard only: the loop below normally ends on its count.
      for (int i = 0; i < 500 && !done; ++i) usleep(10 * 1000);
      if (!done) pcap_breakloop(p);
    });
    int seen = 0;
    int rc = pcap_loop(p, 5, count_test_frames, reinterpret_cast<u_char*>(&seen));
    done = true;
    sender.join();
    EXPECT_EQ(rc, 0) << "WPCAP_SPIN_US=" << us << ": " << pcap_geterr(p);
    EXPECT_EQ(seen, 5) << "WPCAP_SPIN_US=" << us;
    pcap_close(p);
  }
}

TEST(LiveSpin, BreakloopEndsTheSpin) {
  NETNS_OR_SKIP(ns);
  SpinEnv env("1000000");  // one second, the most accepted
  pcap_t* p = open_immediate_blocking();
  ASSERT_NE(p, nullptr);
  std::thread breaker([p] {
    usleep(100 * 1000);
    pcap_breakloop(p);
  });
  int rc = pcap_loop(p, -1, [](u_char*, const pcap_pkthdr*, const u_char*) {}, nullptr);
  breaker.join();
  EXPECT_EQ(rc, PCAP_ERROR_BREAK);
  pcap_close(p);
}

}  // namespace
}  // namespace wpcap::testing
