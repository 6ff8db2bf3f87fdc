// codegen_pflog_test.cc - pflog primitives (codegen_pflog.cc) and the
// run-time header length on DLT_PFLOG: field matches, pf's reason/action
// names, names too long, errors on other links. Facts checked against
// libpcap 1.10.3 by tests/differential/filter_linktypes_diff_test.cc.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <string>
#include <vector>

#include "testing/filter_verdict.h"

namespace wpcap::filter {
namespace {

using Bytes = std::vector<uint8_t>;
using testing::filter_error;
using testing::filter_verdict;

// A pflog record: header of hdrlen bytes (padded to a multiple of 4), then
// an IPv4/UDP packet 10.0.0.1:53 -> 10.0.0.2:1000.
Bytes record(uint8_t hdrlen, uint8_t af, uint8_t action, uint8_t reason, const std::string& ifname,
             const std::string& ruleset, uint32_t rnr, uint32_t srnr, uint8_t dir) {
  Bytes b;
  for (uint8_t v : {hdrlen, af, action, reason}) b.push_back(v);
  for (const std::string* name : {&ifname, &ruleset})
    for (size_t i = 0; i < 16; ++i) b.push_back(i < name->size() ? static_cast<uint8_t>((*name)[i]) : 0);
  for (uint32_t v : {rnr, srnr})
    for (int k = 3; k >= 0; --k) b.push_back(static_cast<uint8_t>(v >> (8 * k)));
  while (b.size() < 60) b.push_back(0);
  b.push_back(dir);
  while (b.size() > ((hdrlen + 3u) & ~3u)) b.pop_back();
  while (b.size() < ((hdrlen + 3u) & ~3u)) b.push_back(0);
  for (uint8_t v : {0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 53, 0x03, 0xe8, 0, 8, 0, 0})
    b.push_back(v);
  return b;
}

TEST(CodegenPflog, Verdicts) {
  const Bytes r = record(61, 2, 1, 3, "em0", "main", 7, 2, 1);   // block, short, in
  const Bytes r6 = record(64, 10, 0, 0, "pflog0", "", 0, 0, 2);  // IPv6 af, pass, match, out
  const struct {
    const char* expr;
    const Bytes& pkt;
    int want;
  } kCases[] = {
      {"on em0", r, 1},           {"ifname em", r, 1},  // a prefix of the name: libpcap compares strlen bytes
      {"on em1", r, 0},           {"rset main", r, 1},         {"ruleset mai", r, 1},
      {"rset other", r, 0},       {"rnr 7", r, 1},             {"rulenum 8", r, 0},
      {"srnr 2", r, 1},           {"subrulenum 3", r, 0},      {"reason short", r, 1},
      {"reason SHORT", r, 1},     {"reason 3", r, 1},          {"reason match", r, 0},
      {"reason match", r6, 1},    {"action block", r, 1},      {"action drop", r, 1},
      {"action pass", r, 0},      {"action accept", r6, 1},    {"inbound", r, 1},
      {"outbound", r, 0},         {"outbound", r6, 1},         {"ip", r, 1},
      {"ip6", r, 0},              {"ip6", r6, 1},              {"udp port 53", r, 1},
      {"host 10.0.0.2", r, 1},    {"udp dst port 1000", r, 1},
      {"udp src port 1000", r, 0}, {"udp[2:2] = 1000", r, 1},  // 64-byte header: the payload moves with it
      {"len >= 0", Bytes{}, 1},   // no payload field: byte 0 is never read
      {"len >= 0 or host 1.2.3.4", Bytes{}, 0},  // the header length is read first, as libpcap's prologue does
  };
  for (const auto& c : kCases) EXPECT_EQ(filter_verdict(DLT_PFLOG, c.expr, c.pkt), c.want) << c.expr;
  // The payload offset follows the header length byte (rounded up to 4).
  const Bytes r48 = record(45, 2, 0, 0, "em0", "", 0, 0, 1);
  EXPECT_EQ(filter_verdict(DLT_PFLOG, "udp dst port 1000 and host 10.0.0.1", r48), 1);
}

TEST(CodegenPflog, Errors) {
  const struct {
    int dlt;
    const char* expr;
    const char* error;
  } kCases[] = {
      {DLT_PFLOG, "on 0123456789abcdef", "ifname interface names can only be 15 characters"},
      {DLT_PFLOG, "rset 0123456789abcdef", "ruleset names can only be 15 characters"},
      {DLT_PFLOG, "reason map-failed", "unknown PF reason \"map-failed\""},
      {DLT_PFLOG, "action match", "unknown PF action \"match\""},
      {DLT_EN10MB, "reason foo", "unknown PF reason \"foo\""},  // names are looked up first
      {DLT_EN10MB, "reason short", "reason supported only on PF linktype"},
      {DLT_EN10MB, "on 0123456789abcdefg", "ifname supported only on PF linktype"},
      {DLT_EN10MB, "rset x", "ruleset supported only on PF linktype"},
      {DLT_EN10MB, "rnr 1", "rnr supported only on PF linktype"},
      {DLT_EN10MB, "srnr 1", "srnr supported only on PF linktype"},
      {DLT_EN10MB, "action nat", "action supported only on PF linktype"},
      {DLT_PFLOG, "vlan", "no VLAN support for OpenBSD pflog file"},
      {DLT_PFLOG, "llc", "'llc' not supported for OpenBSD pflog file"},
  };
  for (const auto& c : kCases) EXPECT_EQ(filter_error(c.dlt, c.expr), c.error) << c.expr;
  const char* kActions[] = {"pass", "accept", "drop", "block", "scrub", "noscrub", "nat", "nonat",
                            "binat", "nobinat", "rdr", "nordr", "synproxy-drop"};
  for (const char* a : kActions) EXPECT_EQ(filter_error(DLT_PFLOG, std::string("action ") + a), "") << a;
}

}  // namespace
}  // namespace wpcap::filter
