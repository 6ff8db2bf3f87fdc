// netns.h - test helper (header-only): a throw-away network namespace
// "wpcap-test-<pid>-<n>" holding a veth pair va <-> vb (both ends inside,
// up, va 10.77.0.1/24, vb 10.77.0.2/24), entered per thread with setns(),
// plus raw-frame builders and a sender. Always deleted in the destructor.
//
// Entry points: TestNetns::create(), TestNetns::Enter, make_frame(),
// send_frames(), NETNS_OR_SKIP(). Integration tests never touch real
// interfaces: everything happens inside the namespace. Namespaces of test
// processes that were killed are swept by the next create().
#pragma once

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wpcap::testing {

class TestNetns {
 public:
  // nullptr (and *why set) when namespaces cannot be made here.
  static std::unique_ptr<TestNetns> create(std::string* why) {
    if (geteuid() != 0) {
      *why = "needs root (network namespaces, packet sockets)";
      return nullptr;
    }
    sweep_stale();
    static std::atomic<int> counter{0};
    std::string name = "wpcap-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    std::unique_ptr<TestNetns> ns(new TestNetns(name));
    if (!ns->sh("ip netns add " + name)) {
      ns->name_.clear();
      *why = "ip netns add failed";
      return nullptr;
    }
    // No IPv6: keeps router solicitations and MLD reports off the wire.
    sh("ip netns exec " + name + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1");
    bool ok = ns->ip("link set lo up") && ns->ip("link add va type veth peer name vb") &&
              ns->ip("addr add 10.77.0.1/24 dev va") && ns->ip("addr add 10.77.0.2/24 dev vb") &&
              ns->ip("link set va up") && ns->ip("link set vb up");
    if (!ok) {
      *why = "could not set up the veth pair";
      return nullptr;
    }
    return ns;
  }

  // Deletes namespaces left by test processes that were killed before
  // their destructors ran (wpcap-test-<pid>-* with <pid> gone).
  static void sweep_stale() {
    DIR* d = opendir("/run/netns");
    if (d == nullptr) return;
    std::vector<std::string> stale;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind("wpcap-test-", 0) != 0) continue;
      long pid = std::atol(n.c_str() + 11);
      if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) stale.push_back(n);
    }
    closedir(d);
    for (const auto& n : stale) sh("ip netns del " + n);
  }

  ~TestNetns() {
    if (!name_.empty()) sh("ip netns del " + name_);
  }

  const std::string& name() const { return name_; }

  // Runs `ip -n <ns> <args>`; true on success.
  bool ip(const std::string& args) const { return sh("ip -n " + name_ + " " + args); }

  static bool sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

  // Moves the calling thread into the namespace for the scope's lifetime.
  // Threads started inside the scope inherit the namespace.
  class Enter {
   public:
    explicit Enter(const TestNetns& ns) {
      self_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
      int target = open(("/run/netns/" + ns.name()).c_str(), O_RDONLY | O_CLOEXEC);
      ok_ = self_ >= 0 && target >= 0 && setns(target, CLONE_NEWNET) == 0;
      if (target >= 0) close(target);
    }
    ~Enter() {
      if (self_ >= 0) {
        if (ok_) setns(self_, CLONE_NEWNET);
        close(self_);
      }
    }
    bool ok() const { return ok_; }

   private:
    int self_ = -1;
    bool ok_ = false;
  };

 private:
  explicit TestNetns(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

// Creates `ns` in the current test or skips it.
#define NETNS_OR_SKIP(ns)                                       \
  std::string ns##_why;                                         \
  auto ns = ::wpcap::testing::TestNetns::create(&ns##_why);     \
  if (!ns) GTEST_SKIP() << ns##_why;                            \
  ::wpcap::testing::TestNetns::Enter ns##_enter(*ns);           \
  ASSERT_TRUE(ns##_enter.ok()) << "setns into " << ns->name()

inline const uint8_t kMacA[6] = {0x02, 0x77, 0, 0, 0, 0x0a};
inline const uint8_t kMacForeign[6] = {0x02, 0x77, 0, 0, 0, 0xee};
inline const uint8_t kMacBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
constexpr uint16_t kTestEthertype = 0x88b5;  // IEEE local experimental

// An Ethernet frame of `size` bytes (>= 18): dst, src, optional 802.1Q
// tag, ethertype, then a 4-byte big-endian sequence number and filler.
inline std::vector<uint8_t> make_frame(const uint8_t* dst, const uint8_t* src, uint32_t seq, size_t size,
                                       uint16_t ethertype = kTestEthertype, int vlan_tci = -1) {
  std::vector<uint8_t> f;
  f.insert(f.end(), dst, dst + 6);
  f.insert(f.end(), src, src + 6);
  if (vlan_tci >= 0) {
    f.push_back(0x81);
    f.push_back(0x00);
    f.push_back(static_cast<uint8_t>(vlan_tci >> 8));
    f.push_back(static_cast<uint8_t>(vlan_tci));
  }
  f.push_back(static_cast<uint8_t>(ethertype >> 8));
  f.push_back(static_cast<uint8_t>(ethertype));
  for (int i = 3; i >= 0; --i) f.push_back(static_cast<uint8_t>(seq >> (8 * i)));
  while (f.size() < size) f.push_back(static_cast<uint8_t>(f.size()));
  return f;
}

// The sequence number make_frame() wrote, given the ethertype's offset.
inline uint32_t frame_seq(const uint8_t* pkt, size_t payload_off = 14) {
  const uint8_t* p = pkt + payload_off;
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

// Sends frames out of `ifname` (in the calling thread's namespace) through
// a raw packet socket; returns how many were sent.
inline int send_frames(const std::string& ifname, const std::vector<std::vector<uint8_t>>& frames) {
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_ll sll = {};
  sll.sll_family = AF_PACKET;
  sll.sll_ifindex = static_cast<int>(if_nametoindex(ifname.c_str()));
  sll.sll_halen = 6;
  int sent = 0;
  for (const auto& f : frames) {
    std::memcpy(sll.sll_addr, f.data(), 6);
    if (sendto(fd, f.data(), f.size(), 0, reinterpret_cast<sockaddr*>(&sll), sizeof sll) ==
        static_cast<ssize_t>(f.size())) {
      ++sent;
    }
  }
  close(fd);
  return sent;
}

// The interface's MAC (ioctl, so it works in an entered namespace, where
// /sys/class/net still shows the original one).
inline std::vector<uint8_t> mac_of(const std::string& ifname) {
  std::vector<uint8_t> mac(6, 0);
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq ifr = {};
  std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname.c_str());
  if (fd >= 0 && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, 6);
  if (fd >= 0) close(fd);
  return mac;
}

}  // namespace wpcap::testing
