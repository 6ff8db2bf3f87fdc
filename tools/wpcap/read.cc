// tools/wpcap/read.cc - `wpcap read FILE [FILTER...]`: print a savefile.
//
// Opens FILE (or `-` for standard input) with pcap_open_offline*, applies the
// optional filter (pcap_compile + pcap_setfilter), and prints one summary
// line per packet (decode.h) followed by "N packets, M bytes". Times are in
// the file's own precision (savefile_input.h). Library errors go to stderr
// as "wpcap: <errbuf>" with exit status 1.
#include <pcap/pcap.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "command.h"
#include "decode.h"
#include "savefile_input.h"

namespace wpcap::tool {
namespace {

constexpr char kReadUsage[] =
    "usage: wpcap read [-c COUNT] FILE [FILTER...]\n"
    "  Prints one line per packet of the pcap/pcapng FILE (`-` = standard input):\n"
    "  UTC time (ns when the file has ns), link type, decoded headers, caplen and\n"
    "  len; then a total. FILTER words are joined and compiled as a pcap filter.\n";

struct ReadState {
  int dlt = 0;
  bool nano = false;
  std::string link_name;
  std::string line;
  uint64_t packets = 0;
  uint64_t bytes = 0;
};

void print_packet(u_char* user, const struct pcap_pkthdr* h, const u_char* data) {
  auto* st = reinterpret_cast<ReadState*>(user);
  std::string& line = st->line;
  line.clear();
  append_timestamp(line, h->ts.tv_sec, static_cast<uint32_t>(h->ts.tv_usec), st->nano);
  line.push_back(' ');
  line.append(st->link_name);
  line.push_back(' ');
  append_packet_summary(line, st->dlt, std::span<const uint8_t>(data, h->caplen));
  line.append(", caplen ");
  line.append(std::to_string(h->caplen));
  line.append(" len ");
  line.append(std::to_string(h->len));
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stdout);
  ++st->packets;
  st->bytes += h->len;
}

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
  ReadState st;
  pcap_t* p = open_savefile(path, st.nano, errbuf);
  if (p == nullptr) return fail(errbuf);
  if (!expr.empty() && apply_filter(p, expr) != 0) {
    pcap_close(p);
    return 1;
  }
  st.dlt = pcap_datalink(p);
  st.link_name = std::string(link_type_name(st.dlt));
  if (st.link_name.empty()) {
    const char* name = pcap_datalink_val_to_name(st.dlt);
    st.link_name = name != nullptr ? name : "DLT_" + std::to_string(st.dlt);
  }
  int rc = pcap_loop(p, count, print_packet, reinterpret_cast<u_char*>(&st));
  std::printf("%llu packets, %llu bytes\n", static_cast<unsigned long long>(st.packets),
              static_cast<unsigned long long>(st.bytes));
  int status = rc == PCAP_ERROR ? fail(pcap_geterr(p)) : 0;
  pcap_close(p);
  return status;
}

const CommandRegistrar kReadCommand{"read", "print a summary line per packet of a savefile", run_read};

}  // namespace
}  // namespace wpcap::tool
