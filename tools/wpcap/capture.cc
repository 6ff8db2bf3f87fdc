// tools/wpcap/capture.cc - `wpcap capture -i DEV [-c N] [-w FILE] [FILTER...]`:
// live capture through the public API.
//
// Opens DEV with pcap_create/pcap_activate (promiscuous unless -p, snaplen
// -s, ring -B KiB, immediate mode with --immediate or when printing to a
// terminal), compiles FILTER with the device's netmask, then prints one
// line per packet (packet_printer.h) or writes FILE with pcap_dump. While
// writing, a terminal on stderr shows a live "Got N" counter. SIGINT/SIGTERM
// stop the capture via pcap_breakloop(); pcap_stats() totals end the run.
#include <pcap/pcap.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "command.h"
#include "packet_printer.h"

namespace wpcap::tool {
namespace {

constexpr char kCaptureUsage[] =
    "usage: wpcap capture -i DEV [-c COUNT] [-w FILE] [-s SNAPLEN] [-B KIB] [-p]\n"
    "                     [--immediate] [--nano] [FILTER...]\n"
    "  Captures on DEV (`any` for all interfaces) and prints one line per packet,\n"
    "  or writes a pcap FILE (-w; `-` = standard output) with a live counter on\n"
    "  the terminal. -p: not promiscuous. FILTER words form a pcap filter.\n";

pcap_t* g_handle = nullptr;

void on_signal(int) {
  if (g_handle != nullptr) pcap_breakloop(g_handle);
}

struct Options {
  std::string device, file, filter;
  long count = -1;
  int snaplen = 262144;
  int buffer_kib = 0;
  bool promisc = true;
  bool immediate = false;
  bool nano = false;
};

int fail(const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "wpcap: %s\n", message.c_str());
  return 1;
}

bool parse_number(const char* s, long lo, long hi, long* out) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

// Returns 0 on success, an exit code otherwise.
int parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](long lo, long hi, long* out) { return i + 1 < argc && parse_number(argv[++i], lo, hi, out); };
    long v = 0;
    if (a == "--help" || a == "-h") {
      std::fputs(kCaptureUsage, stdout);
      return -1;
    } else if (a == "-i" && i + 1 < argc) {
      o->device = argv[++i];
    } else if (a == "-w" && i + 1 < argc) {
      o->file = argv[++i];
    } else if (a == "-c") {
      if (!value(1, 0x7fffffff, &o->count)) return fail("-c needs a positive packet count");
    } else if (a == "-s") {
      if (!value(0, 262144, &v)) return fail("-s needs a snapshot length from 0 to 262144");
      o->snaplen = static_cast<int>(v);
    } else if (a == "-B") {
      if (!value(1, 1 << 21, &v)) return fail("-B needs a buffer size in KiB");
      o->buffer_kib = static_cast<int>(v);
    } else if (a == "-p") {
      o->promisc = false;
    } else if (a == "--immediate") {
      o->immediate = true;
    } else if (a == "--nano") {
      o->nano = true;
    } else {
      if (!o->filter.empty()) o->filter.push_back(' ');
      o->filter += a;
    }
  }
  if (o->device.empty()) {
    std::fputs(kCaptureUsage, stderr);
    return 2;
  }
  return 0;
}

pcap_t* open_device(const Options& o, std::string* err) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p = pcap_create(o.device.c_str(), errbuf);
  if (p == nullptr) {
    *err = errbuf;
    return nullptr;
  }
  pcap_set_snaplen(p, o.snaplen);
  pcap_set_promisc(p, o.promisc);
  pcap_set_timeout(p, 100);
  if (o.buffer_kib > 0) pcap_set_buffer_size(p, o.buffer_kib * 1024);
  bool printing_to_tty = o.file.empty() && isatty(STDOUT_FILENO);
  pcap_set_immediate_mode(p, o.immediate || printing_to_tty);
  if (o.nano) pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
  int rc = pcap_activate(p);
  if (rc < 0) {
    *err = o.device + ": " + pcap_statustostr(rc);
    if (rc == PCAP_ERROR || *pcap_geterr(p) != '\0') *err = o.device + ": " + pcap_geterr(p);
    pcap_close(p);
    return nullptr;
  }
  if (rc > 0) std::fprintf(stderr, "wpcap: warning: %s: %s\n", o.device.c_str(), pcap_geterr(p));
  return p;
}

int apply_filter(pcap_t* p, const Options& o) {
  if (o.filter.empty()) return 0;
  bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
  char errbuf[PCAP_ERRBUF_SIZE];
  if (pcap_lookupnet(o.device.c_str(), &net, &mask, errbuf) != 0) mask = PCAP_NETMASK_UNKNOWN;
  bpf_program prog{};
  if (pcap_compile(p, &prog, o.filter.c_str(), 1, mask) != 0) return fail(pcap_geterr(p));
  int rc = pcap_setfilter(p, &prog);
  pcap_freecode(&prog);
  return rc != 0 ? fail(pcap_geterr(p)) : 0;
}

struct Sink {
  PacketPrinter* printer = nullptr;
  pcap_dumper_t* dumper = nullptr;
  uint64_t count = 0;
};

void on_packet(u_char* user, const pcap_pkthdr* h, const u_char* data) {
  auto* s = reinterpret_cast<Sink*>(user);
  ++s->count;
  if (s->dumper != nullptr) {
    pcap_dump(reinterpret_cast<u_char*>(s->dumper), h, data);
  } else {
    s->printer->print(h, data);
  }
}

// Reads until COUNT packets, a break or an error; refreshes the counter on
// a terminal every 200 ms when writing a file.
int capture_loop(pcap_t* p, const Options& o, Sink* sink) {
  const bool counter = sink->dumper != nullptr && isatty(STDERR_FILENO);
  auto last = std::chrono::steady_clock::now();
  for (;;) {
    int want = o.count < 0 ? -1 : static_cast<int>(o.count - static_cast<long>(sink->count));
    if (o.count >= 0 && want <= 0) return 0;
    int n = pcap_dispatch(p, want, on_packet, reinterpret_cast<u_char*>(sink));
    if (n < 0) return n;
    auto now = std::chrono::steady_clock::now();
    if (counter && now - last >= std::chrono::milliseconds(200)) {
      std::fprintf(stderr, "\rGot %llu", static_cast<unsigned long long>(sink->count));
      last = now;
    }
  }
}

void print_stats(pcap_t* p, const Sink& sink, bool counter_shown) {
  if (counter_shown) std::fprintf(stderr, "\rGot %llu\n", static_cast<unsigned long long>(sink.count));
  std::fprintf(stderr, "%llu packets captured\n", static_cast<unsigned long long>(sink.count));
  pcap_stat st{};
  if (pcap_stats(p, &st) == 0) {
    std::fprintf(stderr, "%u packets received by filter\n%u packets dropped by kernel\n", st.ps_recv, st.ps_drop);
  }
}

int run_capture(int argc, char** argv) {
  Options o;
  int rc = parse(argc, argv, &o);
  if (rc != 0) return rc < 0 ? 0 : rc;
  std::string err;
  pcap_t* p = open_device(o, &err);
  if (p == nullptr) return fail(err);
  if (apply_filter(p, o) != 0) {
    pcap_close(p);
    return 1;
  }
  PacketPrinter printer(stdout, pcap_datalink(p), o.nano);
  Sink sink;
  sink.printer = &printer;
  if (!o.file.empty()) {
    sink.dumper = pcap_dump_open(p, o.file.c_str());
    if (sink.dumper == nullptr) {
      int status = fail(pcap_geterr(p));
      pcap_close(p);
      return status;
    }
  }
  std::fprintf(stderr, "wpcap: capturing on %s, link-type %s, snapshot length %d\n", o.device.c_str(),
               pcap_datalink_val_to_name(pcap_datalink(p)), pcap_snapshot(p));
  g_handle = p;
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  rc = capture_loop(p, o, &sink);
  g_handle = nullptr;
  if (sink.dumper != nullptr) pcap_dump_close(sink.dumper);
  int status = rc == PCAP_ERROR ? fail(pcap_geterr(p)) : 0;
  print_stats(p, sink, sink.dumper != nullptr && isatty(STDERR_FILENO));
  pcap_close(p);
  return status;
}

const CommandRegistrar kCapture{"capture", "capture live packets from a device (print or write a file)",
                                run_capture};

}  // namespace
}  // namespace wpcap::tool
