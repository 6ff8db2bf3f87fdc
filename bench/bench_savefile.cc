// bench_savefile.cc - savefile throughput, wpcap vs the system libpcap.
//
// Generates (or reuses) a >= 500 MB capture of realistic mixed traffic in
// pcap and pcapng form, then times, for each library in its own child
// process (dlopen, RTLD_DEEPBIND): pcap_loop over the pcap file and the
// pcapng file, pcap_next_ex over the pcap file, and pcap_dump of every
// packet into a new file. Prints packets/s and the ratio ours/libpcap.
//
// Usage: bench_savefile [--mb N] [--dir D] [--out-dir D] [--runs R] [--keep]
//   --dir: where the input captures are generated (default /tmp);
//   --out-dir: where pcap_dump writes (default: --dir). Each dump run starts
//   after sync(2) so one library's dirty pages do not throttle the other's.
#include <dlfcn.h>
#include <pcap/pcap.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
  size_t mb = 512;
  std::string dir = "/tmp";
  std::string out_dir;  // pcap_dump target; default: --dir
  int runs = 3;
  bool keep = false;
};

uint32_t mix(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

// A realistic size mix: ACK/DNS-sized, mid-sized, MTU-sized frames.
size_t frame_size(uint32_t s) {
  uint32_t r = mix(s) % 100;
  if (r < 45) return 60 + mix(s + 1) % 30;
  if (r < 70) return 100 + mix(s + 2) % 400;
  if (r < 85) return 576 + mix(s + 3) % 400;
  return 1514;
}

void make_frame(uint32_t s, std::vector<uint8_t>& f) {
  const size_t n = frame_size(s);
  f.assign(n, 0);
  for (int i = 0; i < 12; ++i) f[static_cast<size_t>(i)] = static_cast<uint8_t>(i * 17 + (s % 7));
  const bool v6 = mix(s) % 10 == 9;
  f[12] = v6 ? 0x86 : 0x08;
  f[13] = v6 ? 0xdd : 0x00;
  f[14] = v6 ? 0x60 : 0x45;
  f[23] = (s & 1) ? 6 : 17;
  for (size_t i = 34; i < n; i += 4) {
    uint32_t v = mix(s + static_cast<uint32_t>(i));
    std::memcpy(&f[i], &v, n - i < 4 ? n - i : 4);
  }
}

void put32(FILE* f, uint32_t v) { fwrite(&v, 4, 1, f); }

bool generate(const std::string& pcap_path, const std::string& ng_path, size_t bytes) {
  FILE* a = fopen(pcap_path.c_str(), "wb");
  FILE* b = fopen(ng_path.c_str(), "wb");
  if (a == nullptr || b == nullptr) return false;
  const uint32_t hdr[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 262144, 1};
  fwrite(hdr, sizeof hdr, 1, a);
  const uint32_t shb[7] = {0x0A0D0D0A, 28, 0x1A2B3C4D, 0x00000001, 0xffffffff, 0xffffffff, 28};
  fwrite(shb, sizeof shb, 1, b);
  const uint32_t idb[5] = {1, 20, 1, 262144, 20};
  fwrite(idb, sizeof idb, 1, b);
  std::vector<uint8_t> f;
  size_t written = 0;
  uint64_t ts = 1700000000ull * 1000000;
  for (uint32_t i = 0; written < bytes; ++i) {
    make_frame(i, f);
    ts += 1 + mix(i) % 2000;
    const uint32_t n = static_cast<uint32_t>(f.size());
    put32(a, static_cast<uint32_t>(ts / 1000000));
    put32(a, static_cast<uint32_t>(ts % 1000000));
    put32(a, n);
    put32(a, n);
    fwrite(f.data(), 1, n, a);
    const uint32_t padded = (n + 3) & ~3u;
    const uint32_t total = 32 + padded;
    const uint32_t epb[7] = {6, total, 0, static_cast<uint32_t>(ts >> 32), static_cast<uint32_t>(ts), n, n};
    fwrite(epb, sizeof epb, 1, b);
    fwrite(f.data(), 1, n, b);
    static const uint8_t zero[4] = {0, 0, 0, 0};
    fwrite(zero, 1, padded - n, b);
    put32(b, total);
    written += 16 + n;
  }
  return fclose(a) == 0 && fclose(b) == 0;
}

struct Api {
  pcap_t* (*open)(const char*, char*);
  void (*close)(pcap_t*);
  int (*loop)(pcap_t*, int, pcap_handler, u_char*);
  int (*next_ex)(pcap_t*, pcap_pkthdr**, const u_char**);
  pcap_dumper_t* (*dump_open)(pcap_t*, const char*);
  void (*dump)(u_char*, const pcap_pkthdr*, const u_char*);
  void (*dump_close)(pcap_dumper_t*);
  pcap_t* (*open_dead)(int, int);
};

bool load(const std::string& path, Api* api) {
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (h == nullptr) return false;
  api->open = reinterpret_cast<decltype(api->open)>(dlsym(h, "pcap_open_offline"));
  api->close = reinterpret_cast<decltype(api->close)>(dlsym(h, "pcap_close"));
  api->loop = reinterpret_cast<decltype(api->loop)>(dlsym(h, "pcap_loop"));
  api->next_ex = reinterpret_cast<decltype(api->next_ex)>(dlsym(h, "pcap_next_ex"));
  api->dump_open = reinterpret_cast<decltype(api->dump_open)>(dlsym(h, "pcap_dump_open"));
  api->dump = reinterpret_cast<decltype(api->dump)>(dlsym(h, "pcap_dump"));
  api->dump_close = reinterpret_cast<decltype(api->dump_close)>(dlsym(h, "pcap_dump_close"));
  api->open_dead = reinterpret_cast<decltype(api->open_dead)>(dlsym(h, "pcap_open_dead"));
  return api->open != nullptr && api->dump != nullptr;
}

struct Sink {
  uint64_t packets = 0;
  uint64_t bytes = 0;
};

void count(u_char* user, const pcap_pkthdr* h, const u_char* d) {
  auto* s = reinterpret_cast<Sink*>(user);
  ++s->packets;
  s->bytes += h->caplen + d[h->caplen - 1];  // touch the data like a real consumer
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// user + system CPU seconds of this process: robust against other load.
double cpu() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

struct Rate {
  double wall = 0;  // packets per wall-clock second
  double cpu = 0;   // packets per CPU second
};

// One measurement, open to close (0 on failure).
Rate measure(const Api& api, const std::string& what, const std::string& file, const std::string& out) {
  char err[PCAP_ERRBUF_SIZE];
  Sink s;
  double t0 = now(), c0 = cpu(), t1 = 0, c1 = 0;
  pcap_t* p = api.open(file.c_str(), err);
  if (p == nullptr) return {};
  if (what == "loop") {
    api.loop(p, -1, count, reinterpret_cast<u_char*>(&s));
    api.close(p);
    t1 = now();
    c1 = cpu();
  } else if (what == "next_ex") {
    pcap_pkthdr* h;
    const u_char* d;
    while (api.next_ex(p, &h, &d) == 1) count(reinterpret_cast<u_char*>(&s), h, d);
    api.close(p);
    t1 = now();
    c1 = cpu();
  } else {  // dump: packets are read first (untimed), then written
    std::vector<pcap_pkthdr> hdrs;
    std::vector<uint8_t> data;
    pcap_pkthdr* h;
    const u_char* d;
    while (api.next_ex(p, &h, &d) == 1 && hdrs.size() < 2000000) {
      hdrs.push_back(*h);
      data.insert(data.end(), d, d + h->caplen);
    }
    pcap_dumper_t* dumper = api.dump_open(p, out.c_str());
    if (dumper == nullptr) return {};
    t0 = now();
    c0 = cpu();
    size_t off = 0;
    for (const pcap_pkthdr& ph : hdrs) {
      api.dump(reinterpret_cast<u_char*>(dumper), &ph, data.data() + off);
      off += ph.caplen;
    }
    api.dump_close(dumper);
    t1 = now();
    c1 = cpu();
    s.packets = hdrs.size();
    unlink(out.c_str());
    api.close(p);
  }
  const double n = static_cast<double>(s.packets);
  return {n / (t1 - t0), c1 > c0 ? n / (c1 - c0) : 0};
}

// Runs measure() once in a child that loaded `lib`.
Rate run_child(const std::string& lib, const std::string& what, const std::string& file, const std::string& out) {
  // Dirty pages left by the previous writer would throttle this one.
  if (std::strcmp(what.c_str(), "dump") == 0) {
    unlink(out.c_str());
    sync();
  }
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Api api{};
    Rate r;
    if (load(lib, &api)) r = measure(api, what, file, out);
    if (write(fds[1], &r, sizeof r) != sizeof r) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Rate r;
  if (read(fds[0], &r, sizeof r) != sizeof r) r = Rate{};
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return r;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Median of `runs` for both libraries, alternating so load spikes hit both
// (the VM is noisy: medians of interleaved runs, never a single figure).
void median_of(const std::string& a, const std::string& b, const char* what, const std::string& file,
               const std::string& out, int runs, Rate* ra, Rate* rb) {
  std::vector<double> aw, ac, bw, bc;
  for (int i = 0; i < runs; ++i) {
    Rate x = run_child(a, what, file, out), y = run_child(b, what, file, out);
    aw.push_back(x.wall);
    ac.push_back(x.cpu);
    bw.push_back(y.wall);
    bc.push_back(y.cpu);
  }
  ra->wall = median(aw);
  ra->cpu = median(ac);
  rb->wall = median(bw);
  rb->cpu = median(bc);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mb" && i + 1 < argc) o.mb = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--dir" && i + 1 < argc) o.dir = argv[++i];
    else if (a == "--out-dir" && i + 1 < argc) o.out_dir = argv[++i];
    else if (a == "--runs" && i + 1 < argc) o.runs = std::atoi(argv[++i]);
    else if (a == "--keep") o.keep = true;
  }
  const std::string sys = "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8";
  const std::string ours = std::string(WPCAP_BUILD_DIR) + "/libpcap.so.0.8";
  const std::string pcap_path = o.dir + "/wpcap-bench-" + std::to_string(o.mb) + "mb.pcap";
  const std::string ng_path = o.dir + "/wpcap-bench-" + std::to_string(o.mb) + "mb.pcapng";
  if (o.out_dir.empty() || access(o.out_dir.c_str(), W_OK) != 0) o.out_dir = o.dir;
  const std::string out_path = o.out_dir + "/wpcap-bench-out.pcap";
  if (access(pcap_path.c_str(), R_OK) != 0 || access(ng_path.c_str(), R_OK) != 0) {
    std::printf("generating %zu MB of mixed traffic in %s ...\n", o.mb, o.dir.c_str());
    if (!generate(pcap_path, ng_path, o.mb << 20)) {
      std::fprintf(stderr, "cannot write %s\n", pcap_path.c_str());
      return 1;
    }
  }
  struct Row {
    const char* name;
    const char* what;
    const std::string* file;
    double target;
  } rows[] = {
      {"pcap_loop, pcap", "loop", &pcap_path, 3},
      {"pcap_loop, pcapng", "loop", &ng_path, 3},
      {"pcap_next_ex, pcap", "next_ex", &pcap_path, 3},
      {"pcap_dump to a file", "dump", &pcap_path, 2},
  };
  std::printf("%-22s | %13s %13s %7s | %13s %13s %7s | %6s\n", "benchmark (median of runs)", "libpcap/wall",
              "wpcap/wall", "ratio", "libpcap/cpu", "wpcap/cpu", "ratio", "target");
  int failed = 0;
  for (const Row& r : rows) {
    run_child(sys, r.what, *r.file, out_path);  // warm the page cache
    Rate a, b;
    median_of(sys, ours, r.what, *r.file, out_path, o.runs, &a, &b);
    const double wall = a.wall > 0 ? b.wall / a.wall : 0, cpu_ratio = a.cpu > 0 ? b.cpu / a.cpu : 0;
    std::printf("%-24s | %13.0f %13.0f %6.2fx | %13.0f %13.0f %6.2fx | %5.1fx\n", r.name, a.wall, b.wall, wall, a.cpu,
                b.cpu, cpu_ratio, r.target);
    if (cpu_ratio < r.target) ++failed;
  }
  std::printf("(pkt/s: packets per wall-clock second and per CPU second (user+sys) of the measuring process;\n"
              " input %s, dump output in %s)\n", pcap_path.c_str(), o.out_dir.c_str());
  if (!o.keep) {
    unlink(pcap_path.c_str());
    unlink(ng_path.c_str());
  }
  return failed == 0 ? 0 : 2;
}
