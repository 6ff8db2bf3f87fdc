// netns.h - test helper (header-only): throw-away network namespaces for
// the integration and client tests. Netns owns one namespace
// "<prefix>-<pid>-<n>" with lo up and IPv6 off (no router solicitations or
// MLD reports on the wire), deleted in the destructor; namespaces of test
// processes that were killed are swept by the next create(). NetnsScope
// moves the calling thread into a namespace for its lifetime.
//
// Entry points: Netns::create(), Netns::ip(), Netns::exec(), sh(),
// NetnsScope, send_frames() (raw frames out of an interface). Built on by
// tests/integration/netns.h (one namespace holding a veth pair) and
// tests/clients/live_netns.h (two joined by one).
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace wpcap::testing {

// Runs a shell command quietly; true on exit status 0.
inline bool sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

class Netns {
 public:
  // nullptr (and *why set) when namespaces cannot be made here.
  static std::unique_ptr<Netns> create(const std::string& prefix, std::string* why) {
    if (geteuid() != 0) {
      *why = "needs root (network namespaces, packet sockets)";
      return nullptr;
    }
    sweep_stale(prefix);
    static std::atomic<int> counter{0};
    std::unique_ptr<Netns> ns(new Netns(prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++)));
    if (!sh("ip netns add " + ns->name_)) {
      ns->name_.clear();
      *why = "ip netns add failed";
      return nullptr;
    }
    if (!ns->exec("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1") ||
        !ns->ip("link set lo up")) {
      *why = "could not configure namespace " + ns->name_;
      return nullptr;
    }
    return ns;
  }

  ~Netns() {
    if (!name_.empty()) sh("ip netns del " + name_);  // takes its interfaces with it
  }
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  const std::string& name() const { return name_; }

  // `ip -n <ns> <args>` / `ip netns exec <ns> <cmd>`; true on success.
  bool ip(const std::string& args) const { return sh("ip -n " + name_ + " " + args); }
  bool exec(const std::string& cmd) const { return sh("ip netns exec " + name_ + " " + cmd); }

  // Deletes namespaces "<prefix>-<pid>-*" whose <pid> is gone.
  static void sweep_stale(const std::string& prefix) {
    DIR* d = opendir("/run/netns");
    if (d == nullptr) return;
    const std::string head = prefix + "-";
    std::vector<std::string> stale;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind(head, 0) != 0) continue;
      long pid = std::atol(n.c_str() + head.size());
      if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) stale.push_back(n);
    }
    closedir(d);
    for (const auto& n : stale) sh("ip netns del " + n);
  }

 private:
  explicit Netns(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

// Moves the calling thread into namespace `ns` for the scope's lifetime.
// Threads started inside the scope inherit the namespace.
class NetnsScope {
 public:
  explicit NetnsScope(const std::string& ns) {
    self_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    int target = open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
    ok_ = self_ >= 0 && target >= 0 && setns(target, CLONE_NEWNET) == 0;
    if (target >= 0) close(target);
  }
  ~NetnsScope() {
    if (self_ >= 0) {
      if (ok_) setns(self_, CLONE_NEWNET);
      close(self_);
    }
  }
  NetnsScope(const NetnsScope&) = delete;
  NetnsScope& operator=(const NetnsScope&) = delete;
  bool ok() const { return ok_; }

 private:
  int self_ = -1;
  bool ok_ = false;
};

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

}  // namespace wpcap::testing
