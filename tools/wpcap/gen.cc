// tools/wpcap/gen.cc - `wpcap gen`: write a deterministic synthetic capture.
//
// Parses the options, then feeds TrafficGenerator frames either through the
// public savefile API (pcap_open_dead + pcap_dump_open + pcap_dump) for pcap,
// or through PcapngWriter for pcapng. Stops after -n packets or once the
// file holds at least -s bytes. Same options => byte-identical output.
#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "command.h"
#include "pcapng_writer.h"
#include "traffic.h"

namespace wpcap::tool {
namespace {

constexpr char kGenUsage[] =
    "usage: wpcap gen [-n PACKETS | -s BYTES] [--seed N] [--nano] [--format pcap|pcapng] -o FILE\n"
    "  Writes realistic mixed Ethernet traffic (TCP flows, DNS, ICMP, ARP; IPv4/IPv6;\n"
    "  some 802.1Q) with valid checksums. BYTES takes a K/M/G suffix. FILE `-` is\n"
    "  standard output. Default: -n 1000 --seed 1 --format pcap.\n";
constexpr int kSnaplen = 262144;
constexpr int kDltEthernet = 1;
constexpr uint64_t kPcapFileHeader = 24;
constexpr uint64_t kPcapRecordHeader = 16;

struct GenOptions {
  uint64_t packets = 1000;
  uint64_t bytes = 0;  // nonzero: size target instead of a packet count
  uint64_t seed = 1;
  bool nano = false;
  bool pcapng = false;
  std::string output;
};

bool parse_number(const char* text, uint64_t& out, bool allow_suffix) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (end == text || errno != 0 || text[0] == '-') return false;
  std::string_view suffix = end;
  uint64_t scale = 1;
  if (allow_suffix && !suffix.empty()) {
    if (suffix == "K" || suffix == "k") scale = 1ULL << 10;
    else if (suffix == "M" || suffix == "m") scale = 1ULL << 20;
    else if (suffix == "G" || suffix == "g") scale = 1ULL << 30;
    else return false;
  } else if (!suffix.empty()) {
    return false;
  }
  out = v * scale;
  return true;
}

// Returns 0 on success, 2 on a usage error (message printed), -1 for --help.
int parse_options(int argc, char** argv, GenOptions& o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--help" || a == "-h") return -1;
    if (a == "--nano") {
      o.nano = true;
    } else if (a == "-n" && has_value && parse_number(argv[i + 1], o.packets, false) && o.packets > 0) {
      o.bytes = 0;
      ++i;
    } else if (a == "-s" && has_value && parse_number(argv[i + 1], o.bytes, true) && o.bytes > 0) {
      ++i;
    } else if (a == "--seed" && has_value && parse_number(argv[i + 1], o.seed, false)) {
      ++i;
    } else if (a == "--format" && has_value && (std::strcmp(argv[i + 1], "pcap") == 0 ||
                                                std::strcmp(argv[i + 1], "pcapng") == 0)) {
      o.pcapng = std::strcmp(argv[++i], "pcapng") == 0;
    } else if (a == "-o" && has_value) {
      o.output = argv[++i];
    } else {
      std::fprintf(stderr, "wpcap gen: bad argument '%s'\n%s", argv[i], kGenUsage);
      return 2;
    }
  }
  if (o.output.empty()) {
    std::fprintf(stderr, "wpcap gen: -o FILE is required\n%s", kGenUsage);
    return 2;
  }
  return 0;
}

bool done(const GenOptions& o, uint64_t packets, uint64_t bytes) {
  return o.bytes != 0 ? bytes >= o.bytes : packets >= o.packets;
}

int fail(const char* message) {
  std::fprintf(stderr, "wpcap: %s\n", message);
  return 1;
}

int write_pcap(const GenOptions& o, uint64_t& packets, uint64_t& bytes) {
  u_int precision = o.nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO;
  pcap_t* p = pcap_open_dead_with_tstamp_precision(kDltEthernet, kSnaplen, precision);
  if (p == nullptr) return fail("pcap_open_dead failed");
  pcap_dumper_t* d = pcap_dump_open(p, o.output.c_str());
  if (d == nullptr) {
    int rc = fail(pcap_geterr(p));
    pcap_close(p);
    return rc;
  }
  TrafficGenerator gen(o.seed);
  bytes = kPcapFileHeader;
  for (packets = 0; !done(o, packets, bytes); ++packets) {
    GenPacket pkt = gen.next();
    struct pcap_pkthdr h {};
    h.ts.tv_sec = static_cast<time_t>(pkt.ts_ns / 1000000000);
    uint64_t frac = pkt.ts_ns % 1000000000;
    h.ts.tv_usec = static_cast<suseconds_t>(o.nano ? frac : frac / 1000);
    h.caplen = h.len = static_cast<bpf_u_int32>(pkt.data.size());
    pcap_dump(reinterpret_cast<u_char*>(d), &h, pkt.data.data());
    bytes += kPcapRecordHeader + pkt.data.size();
  }
  bool ok = pcap_dump_flush(d) == 0 && !std::ferror(pcap_dump_file(d));
  pcap_dump_close(d);
  pcap_close(p);
  if (!ok) {
    std::string msg = o.output + ": write error";
    return fail(msg.c_str());
  }
  return 0;
}

int write_pcapng(const GenOptions& o, uint64_t& packets, uint64_t& bytes) {
  bool to_stdout = o.output == "-";
  FILE* f = to_stdout ? stdout : std::fopen(o.output.c_str(), "wb");
  if (f == nullptr) {
    std::string msg = o.output + ": " + std::strerror(errno);
    return fail(msg.c_str());
  }
  static char buffer[1 << 20];
  std::setvbuf(f, buffer, _IOFBF, sizeof buffer);
  PcapngWriter w;
  bool ok = w.open(f, kDltEthernet, kSnaplen, o.nano);
  TrafficGenerator gen(o.seed);
  for (packets = 0; ok && !done(o, packets, w.bytes()); ++packets) {
    GenPacket pkt = gen.next();
    ok = w.write(pkt.ts_ns, pkt.data, static_cast<uint32_t>(pkt.data.size()));
  }
  bytes = w.bytes();
  ok = std::fflush(f) == 0 && ok;
  if (!to_stdout) ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::string msg = o.output + ": write error";
    return fail(msg.c_str());
  }
  return 0;
}

int run_gen(int argc, char** argv) {
  GenOptions o;
  int rc = parse_options(argc, argv, o);
  if (rc == -1) {
    std::fputs(kGenUsage, stdout);
    return 0;
  }
  if (rc != 0) return rc;
  uint64_t packets = 0, bytes = 0;
  rc = o.pcapng ? write_pcapng(o, packets, bytes) : write_pcap(o, packets, bytes);
  if (rc == 0) {
    std::fprintf(stderr, "wpcap gen: %llu packets, %llu bytes\n", static_cast<unsigned long long>(packets),
                 static_cast<unsigned long long>(bytes));
  }
  return rc;
}

const CommandRegistrar kGenCommand{"gen", "write a deterministic synthetic capture (pcap or pcapng)", run_gen};

}  // namespace
}  // namespace wpcap::tool
