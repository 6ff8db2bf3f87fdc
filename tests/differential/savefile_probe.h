// savefile_probe.h - the savefile probe: reads (or rewrites) a savefile
// through one libpcap implementation's C API and returns a text transcript
// (handle facts, then every pcap_pkthdr and a hash + head of every packet,
// then the final return code and error text). Run it in a child of
// testing/oracle.h's run_isolated() with a ChildLib of the system libpcap
// and of ours; equal transcripts mean identical behaviour.
//
// Entry points: ReadSpec, savefile_transcript(), rewrite_transcript().
// Header-only so any differential test can include it.
#pragma once

#include <pcap/pcap.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "testing/oracle.h"
#include "testing/pcap_lib.h"

namespace wpcap::testing {

enum class ReadMethod { kLoop, kDispatch, kNextEx, kNext };

struct ReadSpec {
  u_int precision = PCAP_TSTAMP_PRECISION_MICRO;
  ReadMethod method = ReadMethod::kNextEx;
  int count = -1;          // pcap_loop/pcap_dispatch cnt
  bool filter = false;     // install a hand-written BPF filter (even first byte)
  int break_after = -1;    // pcap_breakloop() from the callback after N packets
  bool use_fopen = false;  // pcap_fopen_offline on a FILE* instead of a path
  bool use_pipe = false;   // pcap_fopen_offline on the read end of a pipe
};

// The C functions a probe needs, from one library (PcapLib or ChildLib).
struct SavefileApi {
  template <typename Lib>
  explicit SavefileApi(const Lib& lib)
      : open(lib.template fn<pcap_t*(const char*, u_int, char*)>("pcap_open_offline_with_tstamp_precision")),
        fopen_(lib.template fn<pcap_t*(FILE*, u_int, char*)>("pcap_fopen_offline_with_tstamp_precision")),
        close(lib.template fn<void(pcap_t*)>("pcap_close")),
        loop(lib.template fn<int(pcap_t*, int, pcap_handler, u_char*)>("pcap_loop")),
        dispatch(lib.template fn<int(pcap_t*, int, pcap_handler, u_char*)>("pcap_dispatch")),
        next_ex(lib.template fn<int(pcap_t*, pcap_pkthdr**, const u_char**)>("pcap_next_ex")),
        next(lib.template fn<const u_char*(pcap_t*, pcap_pkthdr*)>("pcap_next")),
        breakloop(lib.template fn<void(pcap_t*)>("pcap_breakloop")),
        setfilter(lib.template fn<int(pcap_t*, bpf_program*)>("pcap_setfilter")),
        offline_filter(lib.template fn<int(const bpf_program*, const pcap_pkthdr*, const u_char*)>("pcap_offline_filter")),
        geterr(lib.template fn<char*(pcap_t*)>("pcap_geterr")),
        datalink(lib.template fn<int(pcap_t*)>("pcap_datalink")),
        datalink_ext(lib.template fn<int(pcap_t*)>("pcap_datalink_ext")),
        snapshot(lib.template fn<int(pcap_t*)>("pcap_snapshot")),
        is_swapped(lib.template fn<int(pcap_t*)>("pcap_is_swapped")),
        major(lib.template fn<int(pcap_t*)>("pcap_major_version")),
        minor(lib.template fn<int(pcap_t*)>("pcap_minor_version")),
        precision(lib.template fn<int(pcap_t*)>("pcap_get_tstamp_precision")),
        bufsize(lib.template fn<int(pcap_t*)>("pcap_bufsize")),
        dump_open(lib.template fn<pcap_dumper_t*(pcap_t*, const char*)>("pcap_dump_open")),
        dump_append(lib.template fn<pcap_dumper_t*(pcap_t*, const char*)>("pcap_dump_open_append")),
        dump(lib.template fn<void(u_char*, const pcap_pkthdr*, const u_char*)>("pcap_dump")),
        dump_ftell(lib.template fn<long(pcap_dumper_t*)>("pcap_dump_ftell")),
        dump_flush(lib.template fn<int(pcap_dumper_t*)>("pcap_dump_flush")),
        dump_file(lib.template fn<FILE*(pcap_dumper_t*)>("pcap_dump_file")),
        dump_close(lib.template fn<void(pcap_dumper_t*)>("pcap_dump_close")),
        open_dead(lib.template fn<pcap_t*(int, int, u_int)>("pcap_open_dead_with_tstamp_precision")) {}

  pcap_t* (*open)(const char*, u_int, char*);
  pcap_t* (*fopen_)(FILE*, u_int, char*);
  void (*close)(pcap_t*);
  int (*loop)(pcap_t*, int, pcap_handler, u_char*);
  int (*dispatch)(pcap_t*, int, pcap_handler, u_char*);
  int (*next_ex)(pcap_t*, pcap_pkthdr**, const u_char**);
  const u_char* (*next)(pcap_t*, pcap_pkthdr*);
  void (*breakloop)(pcap_t*);
  int (*setfilter)(pcap_t*, bpf_program*);
  int (*offline_filter)(const bpf_program*, const pcap_pkthdr*, const u_char*);
  char* (*geterr)(pcap_t*);
  int (*datalink)(pcap_t*);
  int (*datalink_ext)(pcap_t*);
  int (*snapshot)(pcap_t*);
  int (*is_swapped)(pcap_t*);
  int (*major)(pcap_t*);
  int (*minor)(pcap_t*);
  int (*precision)(pcap_t*);
  int (*bufsize)(pcap_t*);
  pcap_dumper_t* (*dump_open)(pcap_t*, const char*);
  pcap_dumper_t* (*dump_append)(pcap_t*, const char*);
  void (*dump)(u_char*, const pcap_pkthdr*, const u_char*);
  long (*dump_ftell)(pcap_dumper_t*);
  int (*dump_flush)(pcap_dumper_t*);
  FILE* (*dump_file)(pcap_dumper_t*);
  void (*dump_close)(pcap_dumper_t*);
  pcap_t* (*open_dead)(int, int, u_int);
};

namespace probe_detail {

inline std::string packet_line(const pcap_pkthdr* h, const u_char* d, int filter_verdict) {
  uint64_t fnv = 1469598103934665603ull;
  for (bpf_u_int32 i = 0; i < h->caplen; ++i) fnv = (fnv ^ d[i]) * 1099511628211ull;
  char head[80] = {0};
  for (bpf_u_int32 i = 0; i < h->caplen && i < 32; ++i) snprintf(head + 2 * i, 3, "%02x", d[i]);
  char line[256];
  snprintf(line, sizeof line, "pkt %ld.%ld %u/%u %016llx %s f=%d\n", static_cast<long>(h->ts.tv_sec),
           static_cast<long>(h->ts.tv_usec), h->caplen, h->len, static_cast<unsigned long long>(fnv), head,
           filter_verdict);
  return line;
}

// Accepts packets whose first byte is even (and empty packets): ldb [0];
// jset #1 -> reject; ret #262144.
inline bpf_program* even_filter() {
  static bpf_insn insns[] = {
      {BPF_LD | BPF_B | BPF_ABS, 0, 0, 0},
      {BPF_JMP | BPF_JSET | BPF_K, 0, 1, 1},
      {BPF_RET | BPF_K, 0, 0, 0},
      {BPF_RET | BPF_K, 0, 0, 262144},
  };
  static bpf_program prog = {4, insns};
  return &prog;
}

struct LoopCtx {
  const SavefileApi* api;
  pcap_t* p;
  std::string* out;
  int seen;
  int break_after;
};

inline void on_packet(u_char* user, const pcap_pkthdr* h, const u_char* d) {
  auto* c = reinterpret_cast<LoopCtx*>(user);
  int v = c->api->offline_filter(even_filter(), h, d) != 0;
  *c->out += packet_line(h, d, v);
  if (++c->seen == c->break_after) c->api->breakloop(c->p);
}

}  // namespace probe_detail

template <typename Lib>
std::string savefile_transcript(const Lib& lib, const std::string& path, const ReadSpec& spec) {
  using namespace probe_detail;
  SavefileApi api(lib);
  char errbuf[PCAP_ERRBUF_SIZE + 1] = {0};
  pcap_t* p = nullptr;
  pid_t writer = -1;
  if (spec.use_pipe) {
    int fds[2];
    if (pipe(fds) != 0) return "pipe failed\n";
    writer = fork();
    if (writer == 0) {  // feeds the file in small pieces, like a live producer
      close(fds[0]);
      FILE* in = fopen(path.c_str(), "rb");
      char buf[777];
      size_t n;
      while (in != nullptr && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (write(fds[1], buf, n) != static_cast<ssize_t>(n)) break;
      }
      _exit(0);
    }
    close(fds[1]);
    FILE* f = fdopen(fds[0], "rb");
    p = api.fopen_(f, spec.precision, errbuf);
    if (p == nullptr) fclose(f);
  } else if (spec.use_fopen) {
    FILE* f = fopen(path.c_str(), "rb");
    if (f == nullptr) return "cannot open " + path + "\n";
    p = api.fopen_(f, spec.precision, errbuf);
    if (p == nullptr) fclose(f);
  } else {
    p = api.open(path.c_str(), spec.precision, errbuf);
  }
  if (p == nullptr) {
    if (writer > 0) waitpid(writer, nullptr, 0);
    return std::string("open failed: ") + errbuf + "\n";
  }
  std::string out;
  char facts[200];
  snprintf(facts, sizeof facts, "dlt=%d ext=0x%x snap=%d swapped=%d version=%d.%d prec=%d bufsize=%d\n",
           api.datalink(p), static_cast<unsigned>(api.datalink_ext(p)), api.snapshot(p), api.is_swapped(p),
           api.major(p), api.minor(p), api.precision(p), api.bufsize(p));
  out += facts;
  if (spec.filter && api.setfilter(p, even_filter()) != 0) out += std::string("setfilter: ") + api.geterr(p) + "\n";
  LoopCtx ctx{&api, p, &out, 0, spec.break_after};
  bool resumed = false;
  for (int round = 0; round < 10000000; ++round) {
    const int before = ctx.seen;
    const bool callback_api = spec.method == ReadMethod::kLoop || spec.method == ReadMethod::kDispatch;
    int rc = 0;
    if (spec.method == ReadMethod::kLoop) {
      rc = api.loop(p, spec.count, on_packet, reinterpret_cast<u_char*>(&ctx));
    } else if (spec.method == ReadMethod::kDispatch) {
      rc = api.dispatch(p, spec.count, on_packet, reinterpret_cast<u_char*>(&ctx));
    } else if (spec.method == ReadMethod::kNextEx) {
      pcap_pkthdr* h = nullptr;
      const u_char* d = nullptr;
      rc = api.next_ex(p, &h, &d);
      if (rc == 1) on_packet(reinterpret_cast<u_char*>(&ctx), h, d);
    } else {
      pcap_pkthdr h;
      const u_char* d = api.next(p, &h);
      rc = d != nullptr ? 1 : 0;
      if (d != nullptr) on_packet(reinterpret_cast<u_char*>(&ctx), &h, d);
    }
    if (callback_api) out += "rc " + std::to_string(rc) + "\n";
    if (rc == -2 && spec.break_after >= 0 && !resumed) {
      out += "break seen; reading on\n";
      resumed = true;
      ctx.break_after = -1;
      continue;
    }
    const bool done = rc < 0 || (callback_api ? ctx.seen == before : rc != 1);
    if (done) {
      out += "end " + std::to_string(rc) + " err=" + (rc == -1 ? api.geterr(p) : "") +
             " bufsize=" + std::to_string(api.bufsize(p)) + "\n";
      break;
    }
  }
  api.close(p);
  if (writer > 0) waitpid(writer, nullptr, 0);
  return out;
}

// Reads `in` with pcap_loop and writes every packet with pcap_dump into
// `out` (precision decides the magic); reports ftell and errors.
template <typename Lib>
std::string rewrite_transcript(const Lib& lib, const std::string& in, const std::string& out_path,
                                      u_int precision, bool append = false) {
  SavefileApi api(lib);
  char errbuf[PCAP_ERRBUF_SIZE + 1] = {0};
  pcap_t* p = api.open(in.c_str(), precision, errbuf);
  if (p == nullptr) return std::string("open failed: ") + errbuf + "\n";
  pcap_dumper_t* d = append ? api.dump_append(p, out_path.c_str()) : api.dump_open(p, out_path.c_str());
  if (d == nullptr) {
    std::string e = std::string("dump_open failed: ") + api.geterr(p) + "\n";
    api.close(p);
    return e;
  }
  std::string out = "start ftell=" + std::to_string(api.dump_ftell(d)) + "\n";
  int rc = api.loop(p, -1, api.dump, reinterpret_cast<u_char*>(d));
  out += "loop " + std::to_string(rc) + "\n";
  out += "flush " + std::to_string(api.dump_flush(d)) + " ftell=" + std::to_string(api.dump_ftell(d)) + "\n";
  out += std::string("file ") + (api.dump_file(d) == reinterpret_cast<FILE*>(d) ? "same" : "different") + "\n";
  api.dump_close(d);
  api.close(p);
  return out;
}

}  // namespace wpcap::testing
