// bench_compile.cc - pcap_compile side by side: system libpcap vs wpcap.
//
// Both libraries are dlmopen'ed into their own namespaces. Measures
// (1) compile time and peak memory of "host a or host b ..." and
// "port a or port b ..." lists of 50..5000 values (each compile in a
// forked child, so peak RSS is per compile; libpcap only up to
// --libpcap-max values, default 500: it is cubic), (2) compile time of
// simple filters, (3) per-packet cost of a 200-host filter's program.
// Usage: bench_compile [--check] [--libpcap-max N] [path/to/our/libpcap.so.0.8]
//        bench_compile --loop ours|libpcap N EXPR   (N+1 compiles of EXPR, nothing else:
//        run under callgrind with N=0 and N=100; the difference / 100 is one compile)
// --check exits non-zero unless: lists <= 20 ms and <= 50 MB, simple
// filters >= 2x faster (median of interleaved rounds), 200-host program
// >= 20x faster per packet.
#include <dlfcn.h>
#include <pcap/pcap.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Lib {
  void* h = nullptr;
  pcap_t* (*open_dead)(int, int) = nullptr;
  int (*compile)(pcap_t*, bpf_program*, const char*, int, bpf_u_int32) = nullptr;
  void (*freecode)(bpf_program*) = nullptr;
  void (*close)(pcap_t*) = nullptr;
  char* (*geterr)(pcap_t*) = nullptr;
  int (*offline_filter)(const bpf_program*, const pcap_pkthdr*, const u_char*) = nullptr;
  u_int (*bpf_filter)(const bpf_insn*, const u_char*, u_int, u_int) = nullptr;
  pcap_t* p = nullptr;

  bool open(const std::string& path) {
    h = dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), dlerror());
      return false;
    }
    open_dead = reinterpret_cast<decltype(open_dead)>(dlsym(h, "pcap_open_dead"));
    compile = reinterpret_cast<decltype(compile)>(dlsym(h, "pcap_compile"));
    freecode = reinterpret_cast<decltype(freecode)>(dlsym(h, "pcap_freecode"));
    close = reinterpret_cast<decltype(close)>(dlsym(h, "pcap_close"));
    geterr = reinterpret_cast<decltype(geterr)>(dlsym(h, "pcap_geterr"));
    offline_filter = reinterpret_cast<decltype(offline_filter)>(dlsym(h, "pcap_offline_filter"));
    bpf_filter = reinterpret_cast<decltype(bpf_filter)>(dlsym(h, "bpf_filter"));
    if (!open_dead || !compile || !freecode || !close || !offline_filter || !bpf_filter) return false;
    p = open_dead(DLT_EN10MB, 262144);
    return p != nullptr;
  }
};

std::string host_list(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%shost 10.%d.%d.%d", i ? " or " : "", i / 62500, (i / 250) % 250, i % 250 + 1);
    s += buf;
  }
  return s;
}

std::string port_list(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? " or port " : "port ") + std::to_string(1000 + i * 7 % 60000);
  return s;
}

struct Measure {
  bool ok = false;
  double ms = 0;
  long rss_kb = 0;
  unsigned insns = 0;
};

// Compiles once in a forked child; reports time, peak RSS and size.
Measure measure_in_child(Lib& lib, const std::string& expr) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    ::close(fds[0]);
    bpf_program prog{};
    auto t0 = Clock::now();
    int r = lib.compile(lib.p, &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    Measure m{r == 0, ms, 0, r == 0 ? prog.bf_len : 0};
    if (write(fds[1], &m, sizeof m) != sizeof m) _exit(2);
    _exit(0);
  }
  ::close(fds[1]);
  Measure m;
  if (read(fds[0], &m, sizeof m) != sizeof m) m.ok = false;
  ::close(fds[0]);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  m.rss_kb = ru.ru_maxrss;
  return m;
}

// Medians of `rounds` interleaved measurements (ours, then libpcap, ...)
// of `iters` compiles each: a shared, noisy machine slows both alike.
void interleaved_medians(Lib& ours, Lib& sys, const char* expr, int rounds, int iters, double* a, double* b);

double compile_rate(Lib& lib, const char* expr, int iters) {
  auto t0 = Clock::now();
  for (int i = 0; i < iters; ++i) {
    bpf_program prog{};
    if (lib.compile(lib.p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0) lib.freecode(&prog);
  }
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / iters;
}

void interleaved_medians(Lib& ours, Lib& sys, const char* expr, int rounds, int iters, double* a, double* b) {
  std::vector<double> xs, ys;
  for (int r = 0; r < rounds; ++r) {
    xs.push_back(compile_rate(ours, expr, iters));
    ys.push_back(compile_rate(sys, expr, iters));
  }
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  *a = xs[xs.size() / 2];
  *b = ys[ys.size() / 2];
}

std::vector<std::vector<u_char>> packets(int n) {
  std::vector<std::vector<u_char>> out;
  std::mt19937 rng(7);
  for (int i = 0; i < n; ++i) {
    std::vector<u_char> b(74, 0);
    b[12] = 0x08;
    b[14] = 0x45;
    b[23] = 6;
    uint32_t src = 0x0a000000u | (rng() % 300), dst = 0xc0a80000u | (rng() & 0xffff);
    for (int k = 0; k < 4; ++k) {
      b[26 + k] = static_cast<u_char>(src >> (24 - 8 * k));
      b[30 + k] = static_cast<u_char>(dst >> (24 - 8 * k));
    }
    out.push_back(b);
  }
  return out;
}

double ns_per_packet(Lib& runner, const bpf_program& prog, const std::vector<std::vector<u_char>>& pkts, bool offline,
                     unsigned* matched) {
  const int rounds = 200;
  unsigned m = 0;
  auto t0 = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& b : pkts) {
      pcap_pkthdr hdr{};
      hdr.caplen = hdr.len = static_cast<bpf_u_int32>(b.size());
      m += offline ? (runner.offline_filter(&prog, &hdr, b.data()) != 0)
                   : (runner.bpf_filter(prog.bf_insns, b.data(), hdr.len, hdr.caplen) != 0);
    }
  }
  *matched = m / rounds;
  return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / (rounds * pkts.size());
}

}  // namespace

int main(int argc, char** argv) {
  bool check = false;
  int libpcap_max = 500;
  std::string ours_path = std::string(WPCAP_BUILD_DIR) + "/libpcap.so.0.8";
  if (argc == 5 && std::strcmp(argv[1], "--loop") == 0) {  // for callgrind: see the usage above
    Lib lib;
    bool theirs = std::strcmp(argv[2], "libpcap") == 0;
    if (!lib.open(theirs ? "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8" : ours_path)) return 1;
    for (int i = 0, n = std::atoi(argv[3]); i <= n; ++i) {
      bpf_program prog{};
      if (lib.compile(lib.p, &prog, argv[4], 1, PCAP_NETMASK_UNKNOWN) == 0) lib.freecode(&prog);
    }
    return 0;
  }
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--check") == 0) check = true;
    else if (std::strcmp(argv[i], "--libpcap-max") == 0 && i + 1 < argc) libpcap_max = std::atoi(argv[++i]);
    else ours_path = argv[i];
  }
  Lib sys, ours;
  if (!sys.open("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8") || !ours.open(ours_path)) return 1;
  bool pass = true;

  std::printf("%-14s %6s | %10s %9s %7s | %10s %9s %7s\n", "list", "n", "wpcap ms", "peak MB", "insns",
              "libpcap ms", "peak MB", "insns");
  Measure base = measure_in_child(ours, "");
  for (int kind = 0; kind < 2; ++kind) {
    for (int n : {50, 100, 200, 500, 1000, 2000, 5000}) {
      std::string e = kind == 0 ? host_list(n) : port_list(n);
      Measure a = measure_in_child(ours, e);
      double mb = (a.rss_kb - base.rss_kb) / 1024.0;
      std::printf("%-14s %6d | %10.2f %9.1f %7u |", kind == 0 ? "host a or ..." : "port a or ...", n, a.ms, mb, a.insns);
      if (n <= libpcap_max) {
        Measure b = measure_in_child(sys, e);
        std::printf(" %10.2f %9.1f %7u\n", b.ms, (b.rss_kb - base.rss_kb) / 1024.0, b.insns);
      } else {
        std::printf(" %10s %9s %7s\n", "(skipped)", "", "");
      }
      if (!a.ok || a.ms > 20.0 || mb > 50.0) pass = false;
    }
  }

  std::printf("\n%-44s %12s %12s %7s\n", "simple filter (compile, optimized; median of 9 interleaved rounds)",
              "wpcap us", "libpcap us", "speedup");
  for (const char* e : {"tcp port 80", "ip6 and udp", "host 10.1.2.3 and tcp[13] & 2 != 0",
                        "vlan and ip6 and udp portrange 1000-2000", "icmp", "arp", "port 53", "net 10.0.0.0/8",
                        "host 192.168.1.1 and not port 22", ""}) {
    double a = 0, b = 0;
    interleaved_medians(ours, sys, e, 9, 400, &a, &b);
    std::printf("%-44s %12.2f %12.2f %6.1fx\n", *e ? e : "(empty)", a, b, b / a);
    if (b / a < 2.0) pass = false;
  }

  std::string e200 = host_list(200);
  bpf_program pa{}, pb{};
  if (ours.compile(ours.p, &pa, e200.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 ||
      sys.compile(sys.p, &pb, e200.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
    return 1;
  auto pkts = packets(512);
  unsigned ma = 0, mb = 0, mc = 0, md = 0;
  double ours_jit = ns_per_packet(ours, pa, pkts, true, &ma);
  double theirs = ns_per_packet(sys, pb, pkts, true, &mb);
  double ours_prog_interp = ns_per_packet(sys, pa, pkts, false, &mc);
  double theirs_prog_interp = ns_per_packet(sys, pb, pkts, false, &md);
  std::printf("\n200-host filter per packet: wpcap program %u insns, libpcap program %u insns\n", pa.bf_len, pb.bf_len);
  std::printf("  wpcap program on wpcap (pcap_offline_filter): %8.1f ns  (%u/512 match)\n", ours_jit, ma);
  std::printf("  libpcap program on libpcap:                   %8.1f ns  (%u/512 match)  -> %.1fx\n", theirs, mb,
              theirs / ours_jit);
  std::printf("  both programs on libpcap's bpf_filter:        %8.1f ns vs %8.1f ns -> %.1fx\n", ours_prog_interp,
              theirs_prog_interp, theirs_prog_interp / ours_prog_interp);
  if (ma != mb || mc != md) {
    std::printf("MISMATCH in matched packet counts\n");
    pass = false;
  }
  if (theirs / ours_jit < 20.0) pass = false;
  ours.freecode(&pa);
  sys.freecode(&pb);
  if (check) std::printf("\ncheck: %s\n", pass ? "PASS" : "FAIL");
  return check && !pass ? 1 : 0;
}
