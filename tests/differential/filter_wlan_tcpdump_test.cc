// filter_wlan_tcpdump_test.cc - Debian's tcpdump on 802.11 savefiles:
// `tcpdump -r FILE -nn EXPR` prints the same lines (or the same error) with
// our libpcap.so.0.8 as with the system libpcap, for one savefile per
// 802.11 link type (wlan_corpus.h, truncated frames included) and
// hand-picked and generated expressions. Skipped without tcpdump.
#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "differential/filter_expr_gen.h"
#include "differential/wlan_corpus.h"
#include "differential/wlan_libpcap_bugs.h"
#include "testing/oracle.h"
#include "testing/pcap_lib.h"
#include "testing/savefile_builder.h"

namespace wpcap::testing {
namespace {

const char* kTcpdump = "/usr/bin/tcpdump";

void le32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// A savefile of the corpus; a truncated frame keeps a longer wire length.
std::string write_corpus_file(int dlt) {
  std::vector<uint8_t> f;
  le32(f, 0xa1b2c3d4);
  f.insert(f.end(), {2, 0, 4, 0});
  le32(f, 0); le32(f, 0); le32(f, 262144); le32(f, static_cast<uint32_t>(dlt));
  uint32_t sec = 1700000000;
  for (const FilterPacket& p : wlan_corpus(dlt)) {
    le32(f, sec++); le32(f, 0);
    le32(f, static_cast<uint32_t>(p.bytes.size()));
    le32(f, static_cast<uint32_t>(p.bytes.size()) + (p.truncated ? 100 : 0));
    f.insert(f.end(), p.bytes.begin(), p.bytes.end());
  }
  std::string path = temp_dir() + "/wlan_corpus_" + std::to_string(dlt) + ".pcap";
  EXPECT_TRUE(write_file(path, f));
  return path;
}

// libpcap's own program for the expression answers by accident
// (wlan_libpcap_bugs.h): nothing to compare.
bool libpcap_undefined(int dlt, const std::string& text) {
  const PcapLib& lib = PcapLib::system();
  pcap_t* p = lib.fn<pcap_t*(int, int)>("pcap_open_dead")(dlt, 262144);
  bpf_program prog{};
  bool bad = false;
  if (lib.fn<int(pcap_t*, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile")(p, &prog, text.c_str(), 0,
                                                                                        PCAP_NETMASK_UNKNOWN) == 0) {
    bad = libpcap_clobbers_offsets(dlt, std::vector<bpf_insn>(prog.bf_insns, prog.bf_insns + prog.bf_len));
    lib.fn<void(bpf_program*)>("pcap_freecode")(&prog);
  }
  lib.fn<void(pcap_t*)>("pcap_close")(p);
  return bad;
}

ProbeResult run_tcpdump(const std::string& file, const std::string& expr, bool ours) {
  std::vector<std::string> env{"TZ=UTC"};
  if (ours) env.push_back(std::string("LD_LIBRARY_PATH=") + WPCAP_TEST_BUILD_DIR);
  return run_command({kTcpdump, "-r", file, "-nn", "-t", expr}, env, "", true);
}

TEST(FilterWlanTcpdump, SameOutputAsSystemLibpcap) {
  if (access(kTcpdump, X_OK) != 0) GTEST_SKIP() << "tcpdump not installed";
  ASSERT_TRUE(PcapLib::system().loaded());
  const std::vector<std::string> kExprs = {
      "", "ip", "tcp port 80", "udp port 53", "host 10.0.0.1", "arp", "ip6", "llc", "stp", "ipx",
      "wlan host 00:11:22:33:44:55", "wlan src 02:00:00:00:00:01", "wlan dst 00:11:22:33:44:55",
      "ether host 00:11:22:33:44:55", "wlan addr1 ff:ff:ff:ff:ff:ff", "wlan addr2 00:11:22:33:44:56",
      "wlan addr3 01:00:5e:00:00:01", "wlan addr4 00:11:22:33:44:55", "wlan ra 00:11:22:33:44:55",
      "wlan ta 02:00:00:00:00:01", "broadcast", "multicast", "type mgt", "type ctl", "type data",
      "subtype beacon", "subtype qos-data", "type data subtype null", "type ctl subtype ack", "dir nods",
      "dir tods", "dir fromds", "dir dstods", "radio[0] = 0", "link[0] & 0xc = 8", "vlan 100 and tcp",
      "ip and tcp[13] & 2 != 0", "not type mgt and not ip", "type foo", "dir sideways", "ip and ("};
  size_t same = 0, total = 0, skipped = 0;
  std::string report;
  for (int dlt : {DLT_IEEE802_11, DLT_PRISM_HEADER, DLT_IEEE802_11_RADIO, DLT_IEEE802_11_RADIO_AVS, DLT_PPI}) {
    std::string file = write_corpus_file(dlt);
    std::vector<std::string> exprs = kExprs;
    FilterExprGen gen(4321 + static_cast<uint64_t>(dlt));
    for (int i = 0; i < 25; ++i) exprs.push_back(gen.next());
    for (const std::string& e : exprs) {
      if (libpcap_undefined(dlt, e)) {
        ++skipped;
        continue;
      }
      ++total;
      ProbeResult a = run_tcpdump(file, e, true), b = run_tcpdump(file, e, false);
      if (a.output == b.output && a.exit_code == b.exit_code) {
        ++same;
        continue;
      }
      report += "DLT " + std::to_string(dlt) + " '" + e + "': ours " + a.describe() + "\n" + a.output.substr(0, 600) +
                "\nsystem " + b.describe() + "\n" + b.output.substr(0, 600) + "\n";
    }
  }
  std::printf("tcpdump on 802.11 savefiles: %zu of %zu runs identical, %zu skipped (libpcap undefined)\n", same, total,
              skipped);
  if (report.size() > 8000) report.resize(8000);
  EXPECT_EQ(same, total) << report;
  EXPECT_LT(skipped * 10, total);
}

}  // namespace
}  // namespace wpcap::testing
