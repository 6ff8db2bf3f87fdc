// tools/wpcap/read.cc - `wpcap read FILE [FILTER...]`: print a savefile.
//
// Opens FILE (or `-` for standard input) with pcap_open_offline*, applies the
// optional filter (pcap_compile + pcap_setfilter), and prints one summary
// line per packet and a total (packet_printer.h). Times are in
// the file's own precision (savefile_input.h). Library errors go to stderr
// as "wpcap: <errbuf>" with exit status 1.
#include <pcap/pcap.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "command.h"
#include "packet_printer.h"
#include "savefile_input.h"

namespace wpcap::tool {
namespace {

constexpr char kReadUsage[] =
    "usage: wpcap read [-c COUNT] FILE [FILTER...]\n"
    "  Prints one line per packet of the pcap/pcapng FILE (`-` = standard input):\n"
    "  UTC time (ns when the file has ns), link type, decoded headers, caplen and\n"
    "  len; then a total. FILTER words are joined and compiled as a pcap filter.\n";

int fail(const char* message) {
  std::fflush(stdout);
  std::fprintf(stderr, "wpcap: %s\n", message);
  return 1;
}

int apply_filter(pcap_t* p, const std::string& expr) {
  struct bpf_program prog {};
  if (pcap_compile(p, &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) return fail(pcap_geterr(p));
  int rc = pcap_setfilter(p, &prog);
  pcap_freecode(&prog);
  return rc != 0 ? fail(pcap_geterr(p)) : 0;
}

int run_read(int argc, char** argv) {
  int argi = 1, count = -1;
  if (argi < argc && (std::strcmp(argv[argi], "--help") == 0 || std::strcmp(argv[argi], "-h") == 0)) {
    std::fputs(kReadUsage, stdout);
    return 0;
  }
  if (argi + 1 < argc && std::strcmp(argv[argi], "-c") == 0) {
    char* end = nullptr;
    long v = std::strtol(argv[argi + 1], &end, 10);
    if (*end != '\0' || v <= 0 || v > 0x7fffffff) return fail("-c needs a positive packet count");
    count = static_cast<int>(v);
    argi += 2;
  }
  if (argi >= argc) {
    std::fputs(kReadUsage, stderr);
    return 2;
  }
  const char* path = argv[argi++];
  std::string expr;
  for (; argi < argc; ++argi) {
    if (!expr.empty()) expr.push_back(' ');
    expr.append(argv[argi]);
  }

  char errbuf[PCAP_ERRBUF_SIZE] = "";
  bool nano = false;
  pcap_t* p = open_savefile(path, nano, errbuf);
  if (p == nullptr) return fail(errbuf);
  if (!expr.empty() && apply_filter(p, expr) != 0) {
    pcap_close(p);
    return 1;
  }
  PacketPrinter printer(stdout, pcap_datalink(p), nano);
  int rc = pcap_loop(p, count, PacketPrinter::handler, reinterpret_cast<u_char*>(&printer));
  printer.print_total();
  int status = rc == PCAP_ERROR ? fail(pcap_geterr(p)) : 0;
  pcap_close(p);
  return status;
}

const CommandRegistrar kReadCommand{"read", "print a summary line per packet of a savefile", run_read};

}  // namespace
}  // namespace wpcap::tool
