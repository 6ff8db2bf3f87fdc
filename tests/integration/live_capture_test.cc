// live_capture_test.cc - live capture on a veth pair in a private network
// namespace: each test sends its own frames from vb and proves one
// option's observable effect on a handle capturing on va (or "any").
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "integration/capture_helpers.h"
#include "testing/oracle.h"

namespace wpcap::testing {
namespace {

std::vector<std::vector<uint8_t>> frames_to(const uint8_t* dst, int n, size_t size, int vlan = -1) {
  std::vector<std::vector<uint8_t>> out;
  auto src = mac_of("vb");
  for (int i = 0; i < n; ++i) out.push_back(make_frame(dst, src.data(), i, size, kTestEthertype, vlan));
  return out;
}

TEST(LiveCapture, DeliversFramesIntactWithLengths) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr) << status;
  EXPECT_EQ(status, 0);
  EXPECT_EQ(pcap_datalink(p), DLT_EN10MB);
  EXPECT_EQ(pcap_snapshot(p), 262144);
  auto frames = frames_to(mac_of("va").data(), 5, 300);
  ASSERT_EQ(send_frames("vb", frames), 5);
  auto got = collect(p, 5);
  ASSERT_EQ(got.size(), 5u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].hdr.len, 300u);
    EXPECT_EQ(got[i].hdr.caplen, 300u);
    EXPECT_EQ(got[i].data, frames[i]) << "frame " << i;
  }
  pcap_close(p);
}

TEST(LiveCapture, SnaplenTruncatesCaplenButKeepsLen) {
  NETNS_OR_SKIP(ns);
  for (int snaplen : {60, 100, 1000}) {
    int status = 0;
    LiveOptions o;
    o.snaplen = snaplen;
    pcap_t* p = open_live("va", o, &status);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(pcap_snapshot(p), snaplen);
    ASSERT_EQ(send_frames("vb", frames_to(mac_of("va").data(), 3, 600)), 3);
    auto got = collect(p, 3);
    ASSERT_EQ(got.size(), 3u) << "snaplen " << snaplen;
    for (const auto& g : got) {
      EXPECT_EQ(g.hdr.caplen, static_cast<bpf_u_int32>(std::min(snaplen, 600)));
      EXPECT_EQ(g.hdr.len, 600u);
    }
    pcap_close(p);
  }
}

// On a veth pair every frame reaches packet taps (no hardware address
// filter), so promiscuous mode shows as the interface's promiscuity count
// (IFLA_PROMISCUITY), held while the handle is open.
int promiscuity(const TestNetns& ns, const char* ifname) {
  std::string cmd = "ip -d -n " + ns.name() + " link show " + ifname;
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) return -1;
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, f) != nullptr) out += buf;
  pclose(f);
  size_t at = out.find("promiscuity ");
  return at == std::string::npos ? -1 : std::atoi(out.c_str() + at + 12);
}

TEST(LiveCapture, PromiscPutsInterfaceInPromiscuousModeWhileOpen) {
  NETNS_OR_SKIP(ns);
  for (bool promisc : {false, true}) {
    ASSERT_EQ(promiscuity(*ns, "va"), 0);
    int status = 0;
    LiveOptions o;
    o.promisc = promisc;
    pcap_t* p = open_live("va", o, &status);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(promiscuity(*ns, "va"), promisc ? 1 : 0);
    // Frames for other hosts reach the tap either way on veth.
    ASSERT_EQ(send_frames("vb", frames_to(kMacForeign, 4, 100)), 4);
    EXPECT_EQ(collect(p, 4).size(), 4u);
    pcap_stat st = {};
    ASSERT_EQ(pcap_stats(p, &st), 0);
    EXPECT_EQ(st.ps_ifdrop, 0u);
    pcap_close(p);
    EXPECT_EQ(promiscuity(*ns, "va"), 0);
  }
}

TEST(LiveCapture, NanosecondPrecisionKeepsSubMicrosecondDigits) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.precision = PCAP_TSTAMP_PRECISION_NANO;
  pcap_t* p = open_live("va", o, &status);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(pcap_get_tstamp_precision(p), PCAP_TSTAMP_PRECISION_NANO);
  ASSERT_EQ(send_frames("vb", frames_to(mac_of("va").data(), 20, 80)), 20);
  auto got = collect(p, 20);
  ASSERT_EQ(got.size(), 20u);
  bool any_sub_micro = false;
  for (const auto& g : got) {
    EXPECT_LT(g.hdr.ts.tv_usec, 1000000000);
    any_sub_micro = any_sub_micro || (g.hdr.ts.tv_usec % 1000) != 0;
  }
  // 20 kernel time stamps all on exact microseconds would be a 1e-60 event.
  EXPECT_TRUE(any_sub_micro);
  pcap_close(p);

  p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(send_frames("vb", frames_to(mac_of("va").data(), 5, 80)), 5);
  got = collect(p, 5);
  ASSERT_EQ(got.size(), 5u);
  for (const auto& g : got) EXPECT_LT(g.hdr.ts.tv_usec, 1000000);
  pcap_close(p);
}

TEST(LiveCapture, DirectionSelectsIncomingOrOutgoing) {
  NETNS_OR_SKIP(ns);
  struct Case {
    pcap_direction_t dir;
    size_t in, out;
  };
  for (Case c : {Case{PCAP_D_INOUT, 3, 2}, Case{PCAP_D_IN, 3, 0}, Case{PCAP_D_OUT, 0, 2}}) {
    int status = 0;
    pcap_t* p = open_live("va", {}, &status);
    ASSERT_NE(p, nullptr);
    ASSERT_EQ(pcap_setdirection(p, c.dir), 0);
    // Incoming on va: sent from vb. Outgoing on va: sent from va.
    ASSERT_EQ(send_frames("vb", frames_to(mac_of("va").data(), 3, 90)), 3);
    auto out_frames = frames_to(mac_of("vb").data(), 2, 91);
    ASSERT_EQ(send_frames("va", out_frames), 2);
    auto got = collect(p, c.in + c.out + 1, is_test_frame, 1500);
    size_t in = 0, out = 0;
    for (const auto& g : got) (g.hdr.len == 90 ? in : out)++;
    EXPECT_EQ(in, c.in) << "dir " << c.dir;
    EXPECT_EQ(out, c.out) << "dir " << c.dir;
    pcap_close(p);
  }
}

TEST(LiveCapture, VlanTagIsReinserted) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  auto frames = frames_to(mac_of("va").data(), 3, 120, 0x2064);  // prio 1, VID 100
  ASSERT_EQ(send_frames("vb", frames), 3);
  auto got = collect(p, 3);
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].hdr.len, 120u);
    EXPECT_EQ(got[i].data, frames[i]);  // tag back at offset 12, byte for byte
  }
  pcap_close(p);
}

TEST(LiveCapture, SmallSnaplenKeepsTheReinsertedVlanTagInTheBytes) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.snaplen = 40;
  pcap_t* p = open_live("va", o, &status);
  ASSERT_NE(p, nullptr);
  auto frames = frames_to(mac_of("va").data(), 2, 300, 0x0042);
  ASSERT_EQ(send_frames("vb", frames), 2);
  auto got = collect(p, 2);
  ASSERT_EQ(got.size(), 2u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].hdr.caplen, 40u);
    EXPECT_EQ(got[i].hdr.len, 300u);
    EXPECT_EQ(got[i].data, std::vector<uint8_t>(frames[i].begin(), frames[i].begin() + 40));
  }
  pcap_stat st = {};
  ASSERT_EQ(pcap_stats(p, &st), 0);
  EXPECT_EQ(st.ps_recv, 2u);
  pcap_close(p);
}

TEST(LiveCapture, AnyDeviceBuildsCookedHeaders) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.promisc = true;
  pcap_t* p = open_live("any", o, &status);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(status, 0);  // promisc ignored on "any", as libpcap 1.10.3 does
  EXPECT_EQ(pcap_datalink(p), DLT_LINUX_SLL);
  int* dlts = nullptr;
  ASSERT_EQ(pcap_list_datalinks(p, &dlts), 2);
  EXPECT_EQ(dlts[0], DLT_LINUX_SLL);
  EXPECT_EQ(dlts[1], DLT_LINUX_SLL2);
  pcap_free_datalinks(dlts);
  auto va_mac = mac_of("va");
  auto is_sll_test = [](const Packet& g) { return g.data.size() >= 16 && g.data[14] == 0x88 && g.data[15] == 0xb5; };
  ASSERT_EQ(send_frames("vb", frames_to(va_mac.data(), 2, 100)), 2);
  auto got = collect(p, 4, is_sll_test);  // outgoing on vb + incoming on va
  ASSERT_EQ(got.size(), 4u);
  size_t incoming = 0;
  for (const auto& g : got) {
    EXPECT_EQ(g.hdr.len, 100u - 14 + 16);
    uint16_t pkttype = static_cast<uint16_t>(g.data[0] << 8 | g.data[1]);
    EXPECT_EQ(g.data[2] << 8 | g.data[3], 1) << "ARPHRD_ETHER";
    EXPECT_EQ(g.data[4] << 8 | g.data[5], 6) << "address length";
    if (pkttype == 0) {  // LINUX_SLL_HOST: the copy received on va, source = vb's MAC
      ++incoming;
      auto vb_mac = mac_of("vb");
      EXPECT_TRUE(std::equal(vb_mac.begin(), vb_mac.end(), g.data.begin() + 6));
    } else {
      EXPECT_EQ(pkttype, 4) << "LINUX_SLL_OUTGOING";
    }
  }
  EXPECT_EQ(incoming, 2u);

  ASSERT_EQ(pcap_set_datalink(p, DLT_LINUX_SLL2), 0);
  EXPECT_EQ(pcap_datalink(p), DLT_LINUX_SLL2);
  auto is_sll2_test = [](const Packet& g) { return g.data.size() >= 20 && g.data[0] == 0x88 && g.data[1] == 0xb5; };
  ASSERT_EQ(send_frames("vb", frames_to(va_mac.data(), 1, 100)), 1);
  got = collect(p, 2, is_sll2_test);
  ASSERT_EQ(got.size(), 2u);
  std::vector<uint32_t> ifindexes;
  for (const auto& g : got) {
    EXPECT_EQ(g.hdr.len, 100u - 14 + 20);
    ifindexes.push_back(uint32_t(g.data[4]) << 24 | uint32_t(g.data[5]) << 16 | uint32_t(g.data[6]) << 8 | g.data[7]);
    EXPECT_EQ(g.data[8] << 8 | g.data[9], 1);
    EXPECT_EQ(g.data[11], 6);
  }
  std::sort(ifindexes.begin(), ifindexes.end());
  std::vector<uint32_t> expect = {if_nametoindex("va"), if_nametoindex("vb")};
  std::sort(expect.begin(), expect.end());
  EXPECT_EQ(ifindexes, expect);
  pcap_close(p);
}

TEST(LiveCapture, BreakloopFromAnotherThreadWakesBlockedLoop) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.timeout_ms = 0;  // block forever
  pcap_t* p = open_live("va", o, &status);
  ASSERT_NE(p, nullptr);
  std::atomic<bool> started{false};
  std::thread breaker([&] {
    while (!started) std::this_thread::yield();
    usleep(100 * 1000);
    pcap_breakloop(p);
  });
  started = true;
  int rc = pcap_loop(p, -1, [](u_char*, const pcap_pkthdr*, const u_char*) {}, nullptr);
  breaker.join();
  EXPECT_EQ(rc, PCAP_ERROR_BREAK);
  pcap_close(p);
}

pcap_t* g_signal_handle = nullptr;

TEST(LiveCapture, BreakloopFromSignalHandlerWakesBlockedLoop) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.timeout_ms = 0;
  pcap_t* p = open_live("va", o, &status);
  ASSERT_NE(p, nullptr);
  g_signal_handle = p;
  struct sigaction sa = {}, old = {};
  sa.sa_handler = [](int) { pcap_breakloop(g_signal_handle); };
  sa.sa_flags = SA_RESTART;  // poll() is not restarted anyway; the eventfd does the waking
  sigaction(SIGUSR1, &sa, &old);
  pthread_t self = pthread_self();
  std::thread sender([self] {
    usleep(100 * 1000);
    pthread_kill(self, SIGUSR1);
  });
  int rc = pcap_loop(p, -1, [](u_char*, const pcap_pkthdr*, const u_char*) {}, nullptr);
  sender.join();
  sigaction(SIGUSR1, &old, nullptr);
  EXPECT_EQ(rc, PCAP_ERROR_BREAK);
  pcap_close(p);
}

TEST(LiveCapture, NonblockingDispatchReturnsZeroWithoutTraffic) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.timeout_ms = 0;
  pcap_t* p = open_live("va", o, &status);
  ASSERT_NE(p, nullptr);
  char errbuf[PCAP_ERRBUF_SIZE];
  EXPECT_EQ(pcap_getnonblock(p, errbuf), 0);
  ASSERT_EQ(pcap_setnonblock(p, 1, errbuf), 0);
  EXPECT_EQ(pcap_getnonblock(p, errbuf), 1);
  int count = 0;
  auto cb = [](u_char* u, const pcap_pkthdr*, const u_char*) { ++*reinterpret_cast<int*>(u); };
  EXPECT_EQ(pcap_dispatch(p, -1, cb, reinterpret_cast<u_char*>(&count)), 0);
  pcap_pkthdr* hdr;
  const u_char* data;
  EXPECT_EQ(pcap_next_ex(p, &hdr, &data), 0);
  EXPECT_EQ(count, 0);
  pcap_close(p);
}

TEST(LiveCapture, ImmediateModeDeliversSinglePacketThatTimeoutZeroHolds) {
  NETNS_OR_SKIP(ns);
  // Timeout 0 without immediate mode: a lone packet sits in a ring block
  // that only retires when full. Immediate mode hands it over at once.
  for (bool immediate : {false, true}) {
    int status = 0;
    LiveOptions o;
    o.timeout_ms = 0;
    o.immediate = immediate;
    pcap_t* p = open_live("va", o, &status);
    ASSERT_NE(p, nullptr);
    ASSERT_EQ(send_frames("vb", frames_to(mac_of("va").data(), 1, 64)), 1);
    auto got = collect(p, 1, is_test_frame, immediate ? 5000 : 500);
    EXPECT_EQ(got.size(), immediate ? 1u : 0u) << "immediate=" << immediate;
    pcap_close(p);
  }
}

TEST(LiveCapture, StatsCountDropsWithTinyBufferAndSlowReader) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.buffer_size = 1;  // smallest ring the kernel accepts
  o.snaplen = 128;
  pcap_t* p = open_live("va", o, &status);
  ASSERT_NE(p, nullptr);
  const int kSent = 3000;
  ASSERT_EQ(send_frames("vb", frames_to(mac_of("va").data(), kSent, 200)), kSent);
  pcap_stat st1 = {};
  ASSERT_EQ(pcap_stats(p, &st1), 0);
  EXPECT_GE(st1.ps_recv, static_cast<u_int>(kSent));  // counts dropped packets too
  EXPECT_GT(st1.ps_drop, 0u);
  auto got = collect(p, kSent, is_test_frame, 1000);
  EXPECT_LT(got.size(), static_cast<size_t>(kSent));
  EXPECT_GT(got.size(), 0u);
  // Kernel counters reset on each read: pcap_stats accumulates them.
  pcap_stat st2 = {};
  ASSERT_EQ(pcap_stats(p, &st2), 0);
  EXPECT_GE(st2.ps_recv, st1.ps_recv);
  EXPECT_GE(st2.ps_drop, st1.ps_drop);
  EXPECT_EQ(st2.ps_ifdrop, 0u);
  pcap_close(p);
}

TEST(LiveCapture, InjectedFrameArrivesOnPeer) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* rx = open_live("vb", {}, &status);
  ASSERT_NE(rx, nullptr);
  pcap_t* tx = open_live("va", {}, &status);
  ASSERT_NE(tx, nullptr);
  auto frame = make_frame(mac_of("vb").data(), mac_of("va").data(), 42, 250);
  EXPECT_EQ(pcap_inject(tx, frame.data(), frame.size()), 250);
  auto frame2 = make_frame(mac_of("vb").data(), mac_of("va").data(), 43, 260);
  EXPECT_EQ(pcap_sendpacket(tx, frame2.data(), static_cast<int>(frame2.size())), 0);
  auto got = collect(rx, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].data, frame);
  EXPECT_EQ(got[1].data, frame2);
  pcap_close(tx);
  pcap_close(rx);
}

TEST(LiveCapture, InjectRefusedOnAny) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("any", {}, &status);
  ASSERT_NE(p, nullptr);
  auto frame = make_frame(kMacBroadcast, kMacA, 1, 60);
  EXPECT_EQ(pcap_inject(p, frame.data(), frame.size()), PCAP_ERROR);
  EXPECT_STREQ(pcap_geterr(p), "Sending packets isn't supported on the \"any\" device");
  pcap_close(p);
}

TEST(LiveCapture, DispatchCountStopsMidBlockAndResumes) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  auto frames = frames_to(mac_of("va").data(), 10, 100);
  ASSERT_EQ(send_frames("vb", frames), 10);
  // Let the block retire (10 ms timeout) and read 3 + 3 + the rest.
  std::vector<Packet> all;
  PacketPred pred = is_test_frame;
  CollectState st{&all, &pred};
  pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 5000), 1);
  EXPECT_EQ(pcap_dispatch(p, 3, collect_cb, reinterpret_cast<u_char*>(&st)), 3);
  EXPECT_EQ(pcap_dispatch(p, 3, collect_cb, reinterpret_cast<u_char*>(&st)), 3);
  auto rest = collect(p, 4);
  all.insert(all.end(), rest.begin(), rest.end());
  ASSERT_EQ(all.size(), 10u);
  for (uint32_t i = 0; i < 10; ++i) EXPECT_EQ(frame_seq(all[i].data.data()), i);
  pcap_close(p);
}

TEST(LiveCapture, NextExCopiesPacketOutOfTheRing) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  LiveOptions o;
  o.immediate = true;
  o.timeout_ms = 1000;
  pcap_t* p = open_live("va", o, &status);
  ASSERT_NE(p, nullptr);
  auto frames = frames_to(mac_of("va").data(), 2, 70);
  ASSERT_EQ(send_frames("vb", frames), 2);
  std::vector<std::vector<uint8_t>> seen;
  for (int i = 0; i < 50 && seen.size() < 2; ++i) {
    pcap_pkthdr* hdr;
    const u_char* data;
    int rc = pcap_next_ex(p, &hdr, &data);
    ASSERT_GE(rc, 0);
    if (rc == 1 && hdr->caplen >= 14 && data[12] == 0x88 && data[13] == 0xb5) {
      seen.emplace_back(data, data + hdr->caplen);
    }
  }
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], frames[0]);
  EXPECT_EQ(seen[1], frames[1]);
  pcap_close(p);
}

}  // namespace
}  // namespace wpcap::testing

namespace wpcap::testing {
namespace {

int send_udp_to_loopback(int n) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in to = {};
  to.sin_family = AF_INET;
  to.sin_port = htons(9);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int sent = 0;
  for (int i = 0; i < n; ++i) {
    char payload[16];
    std::snprintf(payload, sizeof payload, "wpcap-%d", i);
    sent += sendto(fd, payload, std::strlen(payload), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) > 0;
  }
  close(fd);
  return sent;
}

// UDP to port 9 on 127.0.0.1, seen on the wire of lo.
bool is_lo_udp9(const Packet& p, size_t l2) {
  const auto& d = p.data;
  return d.size() >= l2 + 24 && d[l2 + 9] == 17 && d[l2 + 22] == 0 && d[l2 + 23] == 9;
}

TEST(LiveCapture, LoopbackPacketsAreSeenOnceNotTwice) {
  NETNS_OR_SKIP(ns);
  struct Case {
    const char* dev;
    pcap_direction_t dir;
    size_t l2;
    size_t expect;
  };
  const Case cases[] = {{"lo", PCAP_D_INOUT, 14, 4}, {"lo", PCAP_D_OUT, 14, 0}, {"lo", PCAP_D_IN, 14, 4},
                        {"any", PCAP_D_INOUT, 16, 4}};
  for (const Case& c : cases) {
    int status = 0;
    pcap_t* p = open_live(c.dev, {}, &status);
    ASSERT_NE(p, nullptr) << c.dev;
    ASSERT_EQ(pcap_setdirection(p, c.dir), 0);
    ASSERT_EQ(send_udp_to_loopback(4), 4);
    size_t l2 = c.l2;
    auto got = collect(p, c.expect + 1, [l2](const Packet& g) { return is_lo_udp9(g, l2); }, 1500);
    EXPECT_EQ(got.size(), c.expect) << c.dev << " dir " << c.dir;
    pcap_close(p);
  }
}

TEST(LiveCapture, InterfaceGoingDownThenAwayIsReported) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  char errbuf[PCAP_ERRBUF_SIZE];
  ASSERT_EQ(pcap_setnonblock(p, 1, errbuf), 0);
  EXPECT_EQ(pcap_get_required_select_timeout(p), nullptr);
  ASSERT_TRUE(ns->ip("link set va down"));
  auto cb = [](u_char*, const pcap_pkthdr*, const u_char*) {};
  int rc = 0;
  for (int i = 0; i < 50 && pcap_get_required_select_timeout(p) == nullptr; ++i) {
    rc = pcap_dispatch(p, -1, cb, nullptr);
    ASSERT_GE(rc, 0) << pcap_geterr(p);
    usleep(10 * 1000);
  }
  const timeval* tv = pcap_get_required_select_timeout(p);
  ASSERT_NE(tv, nullptr) << "down interface not noticed";
  EXPECT_EQ(tv->tv_sec, 0);
  EXPECT_EQ(tv->tv_usec, 1000);
  ASSERT_TRUE(ns->ip("link del va"));
  for (int i = 0; i < 50 && rc >= 0; ++i) {
    rc = pcap_dispatch(p, -1, cb, nullptr);
    usleep(10 * 1000);
  }
  EXPECT_EQ(rc, PCAP_ERROR);
  EXPECT_STREQ(pcap_geterr(p), "The interface disappeared");
  pcap_close(p);
}

}  // namespace
}  // namespace wpcap::testing

namespace wpcap::testing {
namespace {

TEST(LiveCapture, ProtocolLinuxBindsToOneEthertype) {
  NETNS_OR_SKIP(ns);
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_create("va", errbuf);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(pcap_set_protocol_linux(p, kTestEthertype), 0);
  pcap_set_timeout(p, 10);
  ASSERT_EQ(pcap_activate(p), 0) << pcap_geterr(p);
  auto dst = mac_of("va");
  auto src = mac_of("vb");
  std::vector<std::vector<uint8_t>> frames;
  for (uint32_t i = 0; i < 6; ++i) {
    frames.push_back(make_frame(dst.data(), src.data(), i, 100, i % 2 ? kTestEthertype + 1 : kTestEthertype));
  }
  ASSERT_EQ(send_frames("vb", frames), 6);
  auto got = collect(p, 4, [](const Packet&) { return true; }, 1500);
  ASSERT_EQ(got.size(), 3u);
  for (const auto& g : got) EXPECT_EQ(frame_seq(g.data.data()) % 2, 0u);
  pcap_close(p);
}

}  // namespace
}  // namespace wpcap::testing

namespace wpcap::testing {
namespace {

TEST(LiveCapture, PendingBreakDeliversNothingAndLosesNothing) {
  NETNS_OR_SKIP(ns);
  int status = 0;
  pcap_t* p = open_live("va", {}, &status);
  ASSERT_NE(p, nullptr);
  auto dst = mac_of("va");
  auto src = mac_of("vb");
  std::vector<std::vector<uint8_t>> frames;
  for (uint32_t i = 0; i < 4; ++i) frames.push_back(make_frame(dst.data(), src.data(), i, 100));
  ASSERT_EQ(send_frames("vb", frames), 4);
  pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 5000), 1);
  pcap_breakloop(p);
  int count = 0;
  auto cb = [](u_char* u, const pcap_pkthdr*, const u_char*) { ++*reinterpret_cast<int*>(u); };
  EXPECT_EQ(pcap_dispatch(p, -1, cb, reinterpret_cast<u_char*>(&count)), PCAP_ERROR_BREAK);
  EXPECT_EQ(count, 0);
  auto got = collect(p, 4);
  ASSERT_EQ(got.size(), 4u);
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(frame_seq(got[i].data.data()), i);
  pcap_close(p);
}

}  // namespace
}  // namespace wpcap::testing

namespace wpcap::testing {
namespace {

TEST(LiveCapture, PcapInitMmap32BitMapsTheRingBelow4GiB) {
  NETNS_OR_SKIP(ns);
  // pcap_init() is process-wide: run in a child.
  ProbeResult r = run_isolated([] {
    char errbuf[PCAP_ERRBUF_SIZE];
    if (pcap_init(PCAP_MMAP_32BIT, errbuf) != 0) return std::string("pcap_init: ") + errbuf;
    int status = 0;
    pcap_t* p = open_live("va", {}, &status);
    if (p == nullptr) return std::string("open failed");
    auto frames = std::vector<std::vector<uint8_t>>{make_frame(mac_of("va").data(), kMacA, 1, 64)};
    send_frames("vb", frames);
    std::string out = "no packet";
    pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
    if (poll(&pfd, 1, 5000) == 1) {
      auto cb = [](u_char* u, const pcap_pkthdr*, const u_char* bytes) {
        *reinterpret_cast<std::string*>(u) = reinterpret_cast<uintptr_t>(bytes) < (uintptr_t(1) << 32) ? "low" : "high";
      };
      pcap_dispatch(p, 1, cb, reinterpret_cast<u_char*>(&out));
    }
    pcap_close(p);
    return out;
  });
  EXPECT_EQ(r.output, "low") << r.describe();
}

}  // namespace
}  // namespace wpcap::testing
