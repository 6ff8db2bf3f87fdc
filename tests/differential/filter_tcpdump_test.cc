// filter_tcpdump_test.cc - Debian's tcpdump as a real client of the filter
// compiler: `tcpdump -r FILE -nn EXPR` prints the same lines (or the same
// error) with our libpcap.so.0.8 as with the system libpcap, over a
// savefile of the filter corpus (filter_corpus.h) and both hand-picked and
// generated expressions. Skipped when tcpdump is not installed.
#include <gtest/gtest.h>
#include <pcap/dlt.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "differential/filter_corpus.h"
#include "differential/filter_linktypes_corpus.h"
#include "differential/filter_expr_gen.h"
#include "testing/oracle.h"
#include "testing/savefile_builder.h"

namespace wpcap::testing {
namespace {

const char* kTcpdump = "/usr/bin/tcpdump";

void le32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

std::string write_corpus_file(int dlt, const std::vector<FilterPacket>& corpus, const std::string& name) {
  std::vector<uint8_t> f;
  le32(f, 0xa1b2c3d4);
  f.push_back(2); f.push_back(0); f.push_back(4); f.push_back(0);
  le32(f, 0); le32(f, 0); le32(f, 262144); le32(f, static_cast<uint32_t>(dlt));
  uint32_t sec = 1700000000;
  for (const FilterPacket& p : corpus) {
    // Whole frames only: on truncated ones the two optimizers may drop
    // different loads (docs/compatibility.md); tcpdump always optimizes.
    if (p.truncated) continue;
    le32(f, sec++); le32(f, 0);
    le32(f, static_cast<uint32_t>(p.bytes.size()));
    le32(f, static_cast<uint32_t>(p.bytes.size()) + (p.truncated ? 100 : 0));
    f.insert(f.end(), p.bytes.begin(), p.bytes.end());
  }
  std::string path = temp_dir() + "/" + name + "_" + std::to_string(dlt) + ".pcap";
  EXPECT_TRUE(write_file(path, f));
  return path;
}

std::string write_corpus_file(int dlt) { return write_corpus_file(dlt, filter_corpus(dlt), "filter_corpus"); }

ProbeResult run_tcpdump(const std::string& file, const std::string& expr, bool ours) {
  std::vector<std::string> env{"TZ=UTC"};
  if (ours) env.push_back(std::string("LD_LIBRARY_PATH=") + WPCAP_TEST_BUILD_DIR);
  return run_command({kTcpdump, "-r", file, "-nn", "-t", expr}, env, "", true);
}

// tcpdump's stderr begins with "reading from file ..., link-type ..., snapshot length ..."
// on both; compile errors are "tcpdump: <libpcap message>".
void compare(const std::string& file, const std::string& expr, size_t* same, std::string* report) {
  ProbeResult a = run_tcpdump(file, expr, true);
  ProbeResult b = run_tcpdump(file, expr, false);
  if (a.output == b.output && a.exit_code == b.exit_code) {
    ++*same;
    return;
  }
  // A contradictory expression: one libpcap reports "expression rejects all
  // packets", the other prints no packet (docs/compatibility.md).
  auto no_packets = [](const ProbeResult& r) {
    return r.exit_code == 0 && std::count(r.output.begin(), r.output.end(), '\n') <= 1;
  };
  auto rejects_all = [](const ProbeResult& r) {
    return r.exit_code != 0 && r.output.find("expression rejects all packets") != std::string::npos;
  };
  if ((no_packets(a) && rejects_all(b)) || (rejects_all(a) && no_packets(b))) {
    ++*same;
    return;
  }
  *report += "'" + expr + "': ours " + a.describe() + "\n" + a.output.substr(0, 600) + "\nsystem " + b.describe() +
             "\n" + b.output.substr(0, 600) + "\n";
}

TEST(FilterTcpdump, SameOutputAsSystemLibpcap) {
  if (access(kTcpdump, X_OK) != 0) GTEST_SKIP() << "tcpdump not installed";
  std::string report;
  size_t same = 0, total = 0;
  const std::vector<std::string> kExprs = {
      "", "tcp", "udp port 53", "tcp port 80 or tcp port 443", "host 10.0.0.1", "net 192.168.1.0/24",
      "ip6", "icmp6 and ip6[40] = 128", "arp or rarp", "vlan and ip", "vlan 101", "mpls", "pppoes and ip6",
      "ether broadcast", "multicast", "tcp[tcpflags] & tcp-syn != 0", "ip[6:2] & 0x3fff != 0", "stp or isis",
      "llc", "ipx", "atalk", "greater 100", "less 60", "not ip and not ip6", "inbound", "port http",
      "host 999.0.0.1", "tcp port 70000", "(",
  };
  {
    std::string file = write_corpus_file(DLT_EN10MB);
    for (const std::string& e : kExprs) {
      ++total;
      compare(file, e, &same, &report);
    }
  }
  for (int dlt : {DLT_EN10MB, DLT_LINUX_SLL, DLT_RAW, DLT_NULL, DLT_LOOP}) {
    std::string file = write_corpus_file(dlt);
    FilterExprGen gen(1234 + static_cast<uint64_t>(dlt));
    for (int i = 0; i < 60; ++i) {
      ++total;
      compare(file, gen.next(), &same, &report);
    }
  }
  if (report.size() > 8000) report.resize(8000);
  EXPECT_EQ(same, total) << report;
}

// The link types with primitives of their own, through the drop-in
// library and tcpdump's own dissectors (filter_linktypes_corpus.h frames).
TEST(FilterTcpdump, LinkTypesWithTheirOwnPrimitives) {
  if (access(kTcpdump, X_OK) != 0) GTEST_SKIP() << "tcpdump not installed";
  const struct {
    int dlt;
    std::vector<std::string> exprs;
  } kCases[] = {
      {DLT_SUNATM, {"vpi 0", "vci > 16", "oam", "connectmsg", "metaconnect", "lane and ip", "llc and ip6",
                    "lane and ether broadcast", "sc or ilmic", "vpi 1 and not lane"}},
      {DLT_PFLOG, {"on em0", "ifname pflog0", "rset foo", "rnr 3", "srnr 2", "reason short", "action block",
                   "action nat or action rdr", "inbound", "ip6 and outbound", "udp port 53", "tcp"}},
      {DLT_MTP2, {"fisu", "lssu", "msu and sio 3", "opc 1234 or dpc 4321", "sls > 7", "hmsu"}},
      {DLT_ERF, {"msu", "fisu or lssu", "sio 131"}},
      {DLT_FRELAY, {"ip", "ip6", "iso", "clnp", "esis or isis"}},
      {DLT_JUNIPER_ETHER, {"ip", "inbound", "outbound and host 10.0.0.1"}},
  };
  std::string report;
  size_t same = 0, total = 0;
  for (const auto& c : kCases) {
    std::string file = write_corpus_file(c.dlt, linktype_corpus(c.dlt), "linktype_corpus");
    for (const std::string& e : c.exprs) {
      ++total;
      compare(file, e, &same, &report);
    }
  }
  if (report.size() > 8000) report.resize(8000);
  EXPECT_EQ(same, total) << report;
}

}  // namespace
}  // namespace wpcap::testing
