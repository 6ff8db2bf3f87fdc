// bench_live.cc - live capture, wpcap vs the system libpcap, in the same
// run, on a veth pair in a private network namespace (root required).
//
// Measures, per library (each loaded with dlmopen into its own namespace):
//   throughput: frames sent from vb as fast as this machine can (64 B and
//     1500 B), frames captured on va, and capture-thread CPU per captured
//     frame (CLOCK_THREAD_CPUTIME_ID);
//   drops: 500000 frames sent as fast as possible into a 256 KiB buffer
//     read by a consumer that spends ~2 us per packet;
//   latency: immediate mode, one time-stamped frame per ms from send to
//     callback; each library captures alone, in short rounds whose order
//     alternates (ABBA), so load drifts and kernel socket order cannot
//     favour either; median of the round medians, pooled median, p90, p99;
//   drain: the ring filled first, then read with no wake-ups (per-packet
//     cost of the library alone);
//   paired latency: both libraries capture the same frames at once.
// Usage: bench_live [--seconds S] [--rounds N] [--ours PATH] [--system PATH]
//                   [--only libpcap|wpcap] [--case SUBSTRING]
//                   [--latency-rounds N] [--latency-frames N] [--pin split|same]
// --pin applies to the latency case: the sender on CPU 0 and the capture
// thread on CPU 1 (split) or both on CPU 0 (same); default: the scheduler's
// choice, whose placement per round makes medians bimodal.
#include <dlfcn.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

// --- the library under test --------------------------------------------------

struct Lib {
  std::string name, path;
  void* h = nullptr;
  decltype(&pcap_create) create;
  decltype(&pcap_set_snaplen) set_snaplen;
  decltype(&pcap_set_timeout) set_timeout;
  decltype(&pcap_set_buffer_size) set_buffer_size;
  decltype(&pcap_set_immediate_mode) set_immediate;
  decltype(&pcap_activate) activate;
  decltype(&pcap_dispatch) dispatch;
  decltype(&pcap_breakloop) breakloop;
  decltype(&pcap_stats) stats;
  decltype(&pcap_close) close;
  decltype(&pcap_geterr) geterr;

  bool load() {
    h = dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), dlerror());
      return false;
    }
#define LOAD(field, sym) field = reinterpret_cast<decltype(field)>(dlsym(h, #sym))
    LOAD(create, pcap_create);
    LOAD(set_snaplen, pcap_set_snaplen);
    LOAD(set_timeout, pcap_set_timeout);
    LOAD(set_buffer_size, pcap_set_buffer_size);
    LOAD(set_immediate, pcap_set_immediate_mode);
    LOAD(activate, pcap_activate);
    LOAD(dispatch, pcap_dispatch);
    LOAD(breakloop, pcap_breakloop);
    LOAD(stats, pcap_stats);
    LOAD(close, pcap_close);
    LOAD(geterr, pcap_geterr);
#undef LOAD
    return create && activate && dispatch && breakloop && stats && close;
  }
};

// --- namespace and traffic ---------------------------------------------------

std::string g_ns;
int g_capture_cpu = -1;  // --pin: CPU of the capture thread (latency case)

void pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

void cleanup_ns() {
  if (!g_ns.empty()) std::system(("ip netns del " + g_ns + " 2>/dev/null").c_str());
}

void on_signal(int sig) {
  cleanup_ns();
  signal(sig, SIG_DFL);
  raise(sig);
}

bool sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }

bool make_ns() {
  g_ns = "wpcap-bench-" + std::to_string(getpid());
  std::atexit(cleanup_ns);
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  std::string ip = "ip -n " + g_ns + " ";
  return sh("ip netns add " + g_ns) &&
         (sh("ip netns exec " + g_ns + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"),
          true) &&
         sh(ip + "link add va type veth peer name vb") && sh(ip + "link set va up") && sh(ip + "link set vb up");
}

bool enter_ns() {
  int fd = open(("/run/netns/" + g_ns).c_str(), O_RDONLY | O_CLOEXEC);
  bool ok = fd >= 0 && setns(fd, CLONE_NEWNET) == 0;
  if (fd >= 0) close(fd);
  return ok;
}

double thread_cpu_s() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

uint64_t mono_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + ts.tv_nsec;
}

struct Sender {
  int fd = -1;
  sockaddr_ll sll = {};
  std::vector<uint8_t> frame;

  explicit Sender(size_t size) {
    fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = static_cast<int>(if_nametoindex("vb"));
    sll.sll_halen = 6;
    frame.assign(size, 0x5a);
    const uint8_t hdr[14] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x88, 0xb5};
    std::memcpy(frame.data(), hdr, sizeof hdr);
    std::memset(sll.sll_addr, 0xff, 6);
  }
  ~Sender() {
    if (fd >= 0) ::close(fd);
  }
  // Sends a burst of up to 64 copies; returns how many went out.
  int burst() {
    constexpr int kBatch = 64;
    mmsghdr msgs[kBatch];
    iovec iov[kBatch];
    for (int i = 0; i < kBatch; ++i) {
      iov[i] = {frame.data(), frame.size()};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &sll;
      msgs[i].msg_hdr.msg_namelen = sizeof sll;
    }
    int n = sendmmsg(fd, msgs, kBatch, 0);
    return n < 0 ? 0 : n;
  }
  bool send_stamped() {
    uint64_t now = mono_ns();
    std::memcpy(frame.data() + 14, &now, sizeof now);
    return sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&sll), sizeof sll) > 0;
  }
};

// --- runs ---------------------------------------------------------------------

struct RunResult {
  uint64_t sent = 0, captured = 0;
  unsigned recv = 0, drop = 0;
  double cpu_s = 0;
  std::vector<double> latency_us;
};

struct Consumer {
  uint64_t count = 0;
  int spin_ns = 0;
  bool latency = false;
  std::vector<double>* lat = nullptr;
};

void on_packet(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
  auto* c = reinterpret_cast<Consumer*>(user);
  ++c->count;
  if (c->latency && h->caplen >= 22 && bytes[12] == 0x88 && bytes[13] == 0xb5) {
    uint64_t sent;
    std::memcpy(&sent, bytes + 14, sizeof sent);
    c->lat->push_back((mono_ns() - sent) / 1000.0);
  }
  if (c->spin_ns > 0) {
    uint64_t until = mono_ns() + c->spin_ns;
    while (mono_ns() < until) {
    }
  }
}

struct RunSpec {
  size_t frame = 64;
  double seconds = 2;
  int buffer = 0;       // 0 = library default
  int spin_ns = 0;      // slow consumer
  bool immediate = false;
  int latency_frames = 0;
  int drain_frames = 0;  // >0: fill the ring first, then time draining it
  int count_frames = 0;  // >0: send exactly this many (fast), not for `seconds`
};

// Ring filled while nobody reads, then drained in non-blocking mode: the
// per-packet cost of the library alone, free of wake-ups and of the sender.
RunResult drain(const Lib& lib, pcap_t* p, const RunSpec& spec, RunResult& r) {
  Sender s(spec.frame);
  while (r.sent < static_cast<uint64_t>(spec.drain_frames)) r.sent += s.burst();
  usleep(200 * 1000);  // blocks retire (10 ms timeout)
  Consumer c;
  char errbuf[PCAP_ERRBUF_SIZE];
  auto setnb = reinterpret_cast<decltype(&pcap_setnonblock)>(dlsym(lib.h, "pcap_setnonblock"));
  setnb(p, 1, errbuf);
  double t0 = thread_cpu_s();
  while (lib.dispatch(p, -1, on_packet, reinterpret_cast<u_char*>(&c)) > 0) {
  }
  r.cpu_s = thread_cpu_s() - t0;
  pcap_stat st = {};
  lib.stats(p, &st);
  r.captured = c.count;
  r.recv = st.ps_recv;
  r.drop = st.ps_drop;
  lib.close(p);
  return r;
}

RunResult run(const Lib& lib, const RunSpec& spec) {
  RunResult r;
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t* p = lib.create("va", errbuf);
  if (p == nullptr) return r;
  lib.set_timeout(p, spec.drain_frames > 0 ? 10 : 50);
  if (spec.buffer) lib.set_buffer_size(p, spec.buffer);
  if (spec.immediate) lib.set_immediate(p, 1);
  if (lib.activate(p) < 0) {
    std::fprintf(stderr, "%s: activate: %s\n", lib.name.c_str(), lib.geterr(p));
    lib.close(p);
    return r;
  }
  Consumer c;
  c.spin_ns = spec.spin_ns;
  c.latency = spec.latency_frames > 0;
  c.lat = &r.latency_us;
  if (spec.drain_frames > 0) return drain(lib, p, spec, r);
  std::atomic<bool> stop{false};
  std::thread capture([&] {
    pthread_setname_np(pthread_self(), "capture");
    if (spec.latency_frames > 0 && g_capture_cpu >= 0) pin_to(g_capture_cpu);
    enter_ns();
    double t0 = thread_cpu_s();
    while (!stop.load(std::memory_order_relaxed)) {
      if (lib.dispatch(p, -1, on_packet, reinterpret_cast<u_char*>(&c)) < 0) break;
    }
    r.cpu_s = thread_cpu_s() - t0;
  });
  usleep(100 * 1000);
  Sender s(spec.frame);
  if (spec.latency_frames > 0) {
    for (int i = 0; i < spec.latency_frames; ++i) {
      r.sent += s.send_stamped() ? 1 : 0;
      usleep(1000);
    }
  } else if (spec.count_frames > 0) {
    while (r.sent < static_cast<uint64_t>(spec.count_frames)) r.sent += s.burst();
  } else {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(spec.seconds);
    while (std::chrono::steady_clock::now() < end) r.sent += s.burst();
  }
  usleep(300 * 1000);  // let the last block retire
  pcap_stat st = {};
  lib.stats(p, &st);
  stop = true;
  lib.breakloop(p);
  capture.join();
  r.captured = c.count;
  r.recv = st.ps_recv;
  r.drop = st.ps_drop;
  lib.close(p);
  return r;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double pct(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

void report(const char* what, const Lib& lib, const RunResult& r) {
  double ns_per = r.captured ? r.cpu_s * 1e9 / r.captured : 0;
  std::printf("%-22s %-8s sent %9llu captured %9llu (%5.1f%%) recv %9u drop %9u cpu %6.3fs %7.1f ns/pkt\n", what,
              lib.name.c_str(), static_cast<unsigned long long>(r.sent), static_cast<unsigned long long>(r.captured),
              r.sent ? 100.0 * r.captured / r.sent : 0.0, r.recv, r.drop, r.cpu_s, ns_per);
}

// Immediate-mode latency, each library alone: `rounds` rounds of `frames`
// frames per library, the order alternating ABBA, so that neither library
// always runs first after the other's teardown. Prints, per library, the
// median of its round medians, the pooled median/p90/p99 and how many
// rounds it had the lower median in (paired by round).
void latency_rounds(Lib* libs, const std::string& only, int rounds, int frames, const std::string& pin) {
  cpu_set_t saved;
  pthread_getaffinity_np(pthread_self(), sizeof saved, &saved);
  if (pin == "split" || pin == "same") {
    pin_to(0);  // the sender
    g_capture_cpu = pin == "split" ? 1 : 0;
  }
  RunSpec spec;
  spec.immediate = true;
  spec.latency_frames = frames;
  std::vector<double> pooled[2], round_medians[2];
  int wins[2] = {0, 0};
  double cpu[2] = {0, 0};
  for (int i = 0; i < rounds; ++i) {
    double m[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      const int li = (i % 2 == 0) == (k == 0) ? 0 : 1;  // 0 1, 1 0, 0 1, ...
      if (!only.empty() && libs[li].name != only) continue;
      RunResult r = run(libs[li], spec);
      m[li] = median(r.latency_us);
      cpu[li] += r.cpu_s;
      round_medians[li].push_back(m[li]);
      pooled[li].insert(pooled[li].end(), r.latency_us.begin(), r.latency_us.end());
    }
    if (only.empty()) ++wins[m[0] <= m[1] ? 0 : 1];
  }
  for (int li = 0; li < 2; ++li) {
    if (round_medians[li].empty()) continue;
    std::printf("%-22s %-8s latency median of %zu round medians %.2f us; pooled p10 %.2f, median %.2f, p90 %.2f, p99 %.2f us "
                "(%zu/%d samples); lower median in %d round(s); capture thread CPU %.2f us/pkt\n",
                "immediate latency", libs[li].name.c_str(), round_medians[li].size(), median(round_medians[li]),
                pct(pooled[li], 0.10), median(pooled[li]), pct(pooled[li], 0.90), pct(pooled[li], 0.99), pooled[li].size(),
                frames * static_cast<int>(round_medians[li].size()), wins[li],
                pooled[li].empty() ? 0.0 : cpu[li] * 1e6 / pooled[li].size());
  }
  g_capture_cpu = -1;
  pthread_setaffinity_np(pthread_self(), sizeof saved, &saved);
}

// Both libraries capture the same time-stamped frames at once (immediate
// mode, one capture thread each): a paired comparison that machine load
// cannot skew towards either side. Returns {libpcap, wpcap} latencies.
std::vector<std::vector<double>> paired_latency(Lib* libs, int frames, bool reverse) {
  std::vector<std::vector<double>> lat(2);
  pcap_t* p[2] = {nullptr, nullptr};
  for (int k = 0; k < 2; ++k) {
    // The kernel hands a frame to the most recently bound socket first, so
    // the activation order alternates too.
    const int li = reverse ? k : 1 - k;
    char errbuf[PCAP_ERRBUF_SIZE];
    p[li] = libs[li].create("va", errbuf);
    if (p[li] == nullptr) return lat;
    libs[li].set_timeout(p[li], 50);
    libs[li].set_immediate(p[li], 1);
    if (libs[li].activate(p[li]) < 0) return lat;
  }
  std::atomic<bool> stop{false};
  Consumer c[2];
  std::vector<std::thread> threads;
  for (int k = 0; k < 2; ++k) {
    const int li = reverse ? 1 - k : k;  // which library's thread starts first
    c[li].latency = true;
    c[li].lat = &lat[li];
    threads.emplace_back([&, li] {
      enter_ns();
      while (!stop.load(std::memory_order_relaxed)) {
        if (libs[li].dispatch(p[li], -1, on_packet, reinterpret_cast<u_char*>(&c[li])) < 0) break;
      }
    });
  }
  usleep(100 * 1000);
  Sender s(64);
  for (int i = 0; i < frames; ++i) {
    s.send_stamped();
    usleep(1000);
  }
  usleep(200 * 1000);
  stop = true;
  for (int li = 0; li < 2; ++li) libs[li].breakloop(p[li]);
  for (auto& t : threads) t.join();
  for (int li = 0; li < 2; ++li) libs[li].close(p[li]);
  return lat;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2;
  int rounds = 3;
  int latency_rounds_n = 10, latency_frames = 1000;
  std::string only, only_case, pin;  // one library / cases whose name contains this / --pin
  Lib libs[2];
  libs[0].name = "libpcap";
  libs[0].path = "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8";
  libs[1].name = "wpcap";
  libs[1].path = std::string(WPCAP_BUILD_DIR) + "/libpcap.so.0.8";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--seconds") seconds = std::atof(argv[i + 1]);
    if (a == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (a == "--ours") libs[1].path = argv[i + 1];
    if (a == "--system") libs[0].path = argv[i + 1];
    if (a == "--only") only = argv[i + 1];
    if (a == "--case") only_case = argv[i + 1];
    if (a == "--latency-rounds") latency_rounds_n = std::atoi(argv[i + 1]);
    if (a == "--latency-frames") latency_frames = std::atoi(argv[i + 1]);
    if (a == "--pin") pin = argv[i + 1];
  }
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (geteuid() != 0) {
    std::fprintf(stderr, "bench_live: needs root (network namespace, packet sockets)\n");
    return 77;
  }
  for (Lib& l : libs) {
    if (!l.load()) return 1;
  }
  if (!make_ns() || !enter_ns()) {
    std::fprintf(stderr, "bench_live: could not create the veth namespace\n");
    return 1;
  }
  std::printf("live capture on a veth pair, %d round(s) of %.1fs per case; median round shown\n", rounds, seconds);
  struct Case {
    const char* name;
    RunSpec spec;
  };
  const Case cases[] = {
      {"throughput 64B", {64, seconds, 0, 0, false, 0}},
      {"throughput 1500B", {1500, seconds, 0, 0, false, 0}},
      {"small buf+slow 64B", {64, seconds, 256 * 1024, 2000, false, 0, 0, 500000}},
      {"immediate latency", {64, 0, 0, 0, true, 1000}},
      {"drain 64B (no wakeups)", {64, 0, 64 << 20, 0, false, 0, 200000}},
      {"drain 1500B", {1500, 0, 64 << 20, 0, false, 0, 30000}},
  };
  for (const Case& c : cases) {
    if (!only_case.empty() && std::string(c.name).find(only_case) == std::string::npos) continue;
    if (c.spec.latency_frames > 0) {
      latency_rounds(libs, only, latency_rounds_n, latency_frames, pin);
      continue;
    }
    // Rounds alternate between the libraries so both see the same load.
    std::vector<std::vector<RunResult>> results(2);
    for (int i = 0; i < rounds; ++i) {
      for (int li = 0; li < 2; ++li) {
        if (!only.empty() && libs[li].name != only) continue;
        results[li].push_back(run(libs[li], c.spec));
      }
    }
    for (int li = 0; li < 2; ++li) {
      auto& rs = results[li];
      if (rs.empty()) continue;
      // Median round by CPU per captured packet.
      std::sort(rs.begin(), rs.end(), [&](const RunResult& a, const RunResult& b) {
        return a.cpu_s / std::max<uint64_t>(1, a.captured) < b.cpu_s / std::max<uint64_t>(1, b.captured);
      });
      const RunResult& m = rs[rs.size() / 2];
      report(c.name, libs[li], m);
    }
  }
  if (only.empty() && (only_case.empty() || std::string("paired latency").find(only_case) != std::string::npos)) {
    // Both thread start orders, so neither library profits from being first.
    for (bool reverse : {false, true}) {
      auto lat = paired_latency(libs, 2000, reverse);
      for (int li = 0; li < 2; ++li) {
        std::printf("%-22s %-8s latency median %.1f us, p99 %.1f us (%zu samples, same frames; %s bound last)\n",
                    "paired latency", libs[li].name.c_str(), median(lat[li]), pct(lat[li], 0.99), lat[li].size(),
                    libs[reverse ? 1 : 0].name.c_str());  // bound last = served first
      }
    }
  }
  return 0;
}
