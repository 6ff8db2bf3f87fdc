// live_netns.h - test helper (header-only) for the real-client live tests:
// two throw-away network namespaces joined by a veth pair, and the traffic
// the tests send themselves (raw frames, UDP round trips answered by the
// peer kernel's ICMP). Nothing here touches an interface outside them.
//
// Entry points: NetnsPair::create(), NETNS_PAIR_OR_SKIP, InNetns, send_raw(), send_udp_expect_icmp().
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace wpcap::testing::live {

inline bool sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

// Namespaces "wpcap-cl-<pid>-<n>-a/-b"; veth end "cla" (10.88.0.1,
// 02:88:00:00:00:01) in a, "clb" (10.88.0.2, 02:88:00:00:00:02) in b.
// IPv6 off, so nothing talks unless a test makes it.
class NetnsPair {
 public:
  static std::unique_ptr<NetnsPair> create(std::string* why) {
    if (geteuid() != 0) {
      *why = "needs root (network namespaces, packet sockets)";
      return nullptr;
    }
    reap_stale();
    static std::atomic<int> counter{0};
    std::string base = "wpcap-cl-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    std::unique_ptr<NetnsPair> p(new NetnsPair(base));
    if (!sh("ip netns add " + p->a_)) {
      *why = "ip netns add failed";
      return nullptr;
    }
    if (!sh("ip netns add " + p->b_)) {
      *why = "ip netns add failed";
      return nullptr;
    }
    if (!p->configure()) {
      *why = "could not set up the veth pair between " + p->a_ + " and " + p->b_;
      return nullptr;
    }
    return p;
  }

  ~NetnsPair() {
    sh("ip netns del " + a_);  // takes the veth pair with it
    sh("ip netns del " + b_);
  }
  NetnsPair(const NetnsPair&) = delete;
  NetnsPair& operator=(const NetnsPair&) = delete;

  const std::string& ns_a() const { return a_; }
  const std::string& ns_b() const { return b_; }
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
    return sh("ip -n " + a_ + " neigh replace " + ip_b() + " lladdr " + mac_b() + " dev cla nud permanent") &&
           sh("ip -n " + b_ + " neigh replace " + ip_a() + " lladdr " + mac_a() + " dev clb nud permanent");
  }

  // Waits (bounded) until the kernel reports both ends up with carrier.
  bool wait_running() const {
    for (int i = 0; i < 250; ++i) {
      if (sh("ip -n " + a_ + " link show cla | grep -q 'state UP'") &&
          sh("ip -n " + b_ + " link show clb | grep -q 'state UP'")) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  explicit NetnsPair(const std::string& base) : a_(base + "-a"), b_(base + "-b") {}

  bool configure() const {
    bool ok = sh("ip link add cla netns " + a_ + " type veth peer name clb netns " + b_);
    for (const std::string& ns : {a_, b_}) {
      ok = ok && sh("ip netns exec " + ns +
                    " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"
                    " net.ipv4.icmp_ratelimit=0");
      ok = ok && sh("ip -n " + ns + " link set lo up");
    }
    return ok && sh("ip -n " + a_ + " link set cla address " + mac_a()) &&
           sh("ip -n " + b_ + " link set clb address " + mac_b()) &&
           sh("ip -n " + a_ + " addr add " + ip_a() + "/24 dev cla") &&
           sh("ip -n " + b_ + " addr add " + ip_b() + "/24 dev clb") && sh("ip -n " + a_ + " link set cla up") &&
           sh("ip -n " + b_ + " link set clb up") && wait_running();
  }

  // Deletes namespaces left behind by a test process that died (SIGKILL).
  static void reap_stale() {
    FILE* f = popen("ip netns list 2>/dev/null", "r");
    if (f == nullptr) return;
    char line[256];
    std::vector<std::string> dead;
    while (std::fgets(line, sizeof line, f) != nullptr) {
      int pid = 0;
      if (std::sscanf(line, "wpcap-cl-%d-", &pid) != 1 || pid <= 0) continue;
      if (kill(pid, 0) != 0 && errno == ESRCH) dead.push_back(std::string(line, std::strcspn(line, " \n")));
    }
    pclose(f);
    for (const auto& ns : dead) sh("ip netns del " + ns);
  }

  std::string a_, b_;
};

#define NETNS_PAIR_OR_SKIP(var)                                           \
  std::string var##_why;                                                  \
  auto var = ::wpcap::testing::live::NetnsPair::create(&var##_why);       \
  if (!var) GTEST_SKIP() << var##_why

// Moves the calling thread into a namespace for the scope's lifetime.
class InNetns {
 public:
  explicit InNetns(const std::string& ns) {
    self_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    int target = open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
    ok_ = self_ >= 0 && target >= 0 && setns(target, CLONE_NEWNET) == 0;
    if (target >= 0) close(target);
  }
  ~InNetns() {
    if (self_ >= 0) {
      if (ok_) setns(self_, CLONE_NEWNET);
      close(self_);
    }
  }
  InNetns(const InNetns&) = delete;
  InNetns& operator=(const InNetns&) = delete;
  bool ok() const { return ok_; }

 private:
  int self_ = -1;
  bool ok_ = false;
};

// Sends raw Ethernet frames out of `ifname` in namespace `ns`; returns the
// number sent. Runs on a helper thread so the caller's namespace is kept.
inline int send_raw(const std::string& ns, const std::string& ifname,
                    const std::vector<std::vector<uint8_t>>& frames) {
  int sent = -1;
  std::thread t([&] {
    InNetns in(ns);
    if (!in.ok()) return;
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    sockaddr_ll sll = {};
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = static_cast<int>(if_nametoindex(ifname.c_str()));
    sll.sll_halen = 6;
    sent = 0;
    for (const auto& f : frames) {
      std::memcpy(sll.sll_addr, f.data(), 6);
      if (sendto(fd, f.data(), f.size(), 0, reinterpret_cast<sockaddr*>(&sll), sizeof sll) ==
          static_cast<ssize_t>(f.size())) {
        ++sent;
      }
    }
    close(fd);
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
