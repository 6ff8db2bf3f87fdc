// live_netns.h - test helper (header-only) for the real-client live tests:
// two throw-away network namespaces (testing/netns.h) joined by a veth
// pair, and the traffic the tests send themselves (raw frames, UDP round
// trips answered by the peer kernel's ICMP). Nothing here touches an
// interface outside them.
//
// Entry points: NetnsPair::create(), pair_or_fail(), NETNS_PAIR_OR_SKIP,
// InNetns, send_raw(), send_udp_expect_icmp().
#pragma once

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "testing/netns.h"

namespace wpcap::testing::live {

using testing::sh;
using InNetns = NetnsScope;  // moves the calling thread into a namespace

// Namespaces "wpcap-cl-<pid>-<n>" a and b; veth end "cla" (10.88.0.1,
// 02:88:00:00:00:01) in a, "clb" (10.88.0.2, 02:88:00:00:00:02) in b.
// IPv6 off, so nothing talks unless a test makes it.
class NetnsPair {
 public:
  static std::unique_ptr<NetnsPair> create(std::string* why) {
    auto a = Netns::create("wpcap-cl", why);
    if (!a) return nullptr;
    auto b = Netns::create("wpcap-cl", why);
    if (!b) return nullptr;
    std::unique_ptr<NetnsPair> p(new NetnsPair(std::move(a), std::move(b)));
    if (!p->configure()) {
      *why = "could not set up the veth pair between " + p->ns_a() + " and " + p->ns_b();
      return nullptr;
    }
    return p;
  }

  const std::string& ns_a() const { return a_->name(); }
  const std::string& ns_b() const { return b_->name(); }
  // Addresses are private to the namespaces, so every pair uses the same
  // ones and runs on either library see byte-identical traffic.
  static std::string ip_a() { return "10.88.0.1"; }
  static std::string ip_b() { return "10.88.0.2"; }
  static std::string mac_a() { return "02:88:00:00:00:01"; }
  static std::string mac_b() { return "02:88:00:00:00:02"; }
  static constexpr const char* kIfA = "cla";
  static constexpr const char* kIfB = "clb";

  // Permanent neighbour entries both ways: no ARP unless a test sends it.
  bool static_neighbours() const {
    return a_->ip("neigh replace " + ip_b() + " lladdr " + mac_b() + " dev cla nud permanent") &&
           b_->ip("neigh replace " + ip_a() + " lladdr " + mac_a() + " dev clb nud permanent");
  }

  // Waits (bounded) until the kernel reports both ends up with carrier.
  bool wait_running() const {
    for (int i = 0; i < 250; ++i) {
      if (a_->ip("link show cla | grep -q 'state UP'") && b_->ip("link show clb | grep -q 'state UP'")) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  NetnsPair(std::unique_ptr<Netns> a, std::unique_ptr<Netns> b) : a_(std::move(a)), b_(std::move(b)) {}

  bool configure() const {
    return sh("ip link add cla netns " + ns_a() + " type veth peer name clb netns " + ns_b()) &&
           a_->exec("sysctl -qw net.ipv4.icmp_ratelimit=0") && b_->exec("sysctl -qw net.ipv4.icmp_ratelimit=0") &&
           a_->ip("link set cla address " + mac_a()) && b_->ip("link set clb address " + mac_b()) &&
           a_->ip("addr add " + ip_a() + "/24 dev cla") && b_->ip("addr add " + ip_b() + "/24 dev clb") &&
           a_->ip("link set cla up") && b_->ip("link set clb up") && wait_running();
  }

  std::unique_ptr<Netns> a_, b_;  // deleting a takes the veth pair with it
};

#define NETNS_PAIR_OR_SKIP(var)                                           \
  std::string var##_why;                                                  \
  auto var = ::wpcap::testing::live::NetnsPair::create(&var##_why);       \
  if (!var) GTEST_SKIP() << var##_why

// A fresh pair for one client run, or nullptr after recording a failure.
inline std::unique_ptr<NetnsPair> pair_or_fail() {
  std::string why;
  auto pair = NetnsPair::create(&why);
  if (!pair) ADD_FAILURE() << why;
  return pair;
}

// Sends raw Ethernet frames out of `ifname` in namespace `ns`; returns the
// number sent. Runs on a helper thread so the caller's namespace is kept.
inline int send_raw(const std::string& ns, const std::string& ifname,
                    const std::vector<std::vector<uint8_t>>& frames) {
  int sent = -1;
  std::thread t([&] {
    InNetns in(ns);
    if (in.ok()) sent = send_frames(ifname, frames);
  });
  t.join();
  return sent;
}

// From namespace `ns`, sends `count` UDP datagrams from src_ip:src_port+i
// to dst_ip:dst_port (a closed port) and waits, after each, for the ICMP
// port-unreachable to come back (ECONNREFUSED), so the wire order is
// fixed: UDP, ICMP, UDP, ICMP... Returns how many round trips completed.
inline int send_udp_expect_icmp(const std::string& ns, const std::string& src_ip, uint16_t src_port,
                                const std::string& dst_ip, uint16_t dst_port, int count, size_t payload) {
  int done = -1;
  std::thread t([&] {
    InNetns in(ns);
    if (!in.ok()) return;
    done = 0;
    for (int i = 0; i < count; ++i) {
      int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) return;
      sockaddr_in src = {}, dst = {};
      src.sin_family = dst.sin_family = AF_INET;
      src.sin_port = htons(static_cast<uint16_t>(src_port + i));
      dst.sin_port = htons(dst_port);
      inet_pton(AF_INET, src_ip.c_str(), &src.sin_addr);
      inet_pton(AF_INET, dst_ip.c_str(), &dst.sin_addr);
      int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      std::vector<uint8_t> data(payload);
      for (size_t k = 0; k < payload; ++k) data[k] = static_cast<uint8_t>('a' + (k + i) % 26);
      bool ok = bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) == 0 &&
                connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0 &&
                send(fd, data.data(), data.size(), 0) == static_cast<ssize_t>(data.size());
      pollfd p = {fd, POLLIN | POLLERR, 0};
      char buf[16];
      ok = ok && poll(&p, 1, 5000) == 1 && recv(fd, buf, sizeof buf, 0) < 0 && errno == ECONNREFUSED;
      close(fd);
      if (!ok) return;
      ++done;
    }
  });
  t.join();
  return done;
}

}  // namespace wpcap::testing::live
