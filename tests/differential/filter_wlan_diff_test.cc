// filter_wlan_diff_test.cc - 802.11 and its radio headers (IEEE802_11,
// PRISM_HEADER, IEEE802_11_RADIO, IEEE802_11_RADIO_AVS, PPI) against the
// system libpcap.
//
// Every expression of a table (each 802.11 primitive, every subtype name,
// libpcap's errors) and generated ones (filter_expr_gen.h), optimized and
// not: the same compile result and error text, and the same return value
// on every packet of wlan_corpus.h, truncated ones included; optimized
// sizes side by side (WPCAP_FILTER_DIFF_SIZES prints the larger ones).
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bpf/program.h"
#include "differential/filter_expr_gen.h"
#include "differential/wlan_corpus.h"
#include "differential/filter_oracle.h"
#include "filter/compile.h"
#include "differential/wlan_libpcap_bugs.h"
#include "testing/pcap_lib.h"

namespace wpcap::filter {
namespace {

using testing::FilterPacket;
using testing::PcapLib;
using Compiled = difftest::OracleResult;
using difftest::oracle_compile;
using difftest::oracle_run;

constexpr int kWlanTypes[] = {DLT_IEEE802_11, DLT_PRISM_HEADER, DLT_IEEE802_11_RADIO, DLT_IEEE802_11_RADIO_AVS,
                              DLT_PPI};

// Ours as an OracleResult, for comparing field by field.
Compiled ours(int dlt, const std::string& text, bool optimize) {
  Compiled r;
  auto prog = difftest::ours(dlt, text, optimize);
  r.ok = prog.has_value();
  if (r.ok) r.insns = *prog;
  else r.error = prog.status().message();
  return r;
}

struct Stats {
  size_t libpcap_undefined = 0;
  size_t compared = 0, both_fail = 0, rejects_all_one_side = 0, size_le = 0, size_cmp = 0;
  size_t ours_insns = 0, theirs_insns = 0;
  double worst = 0;
  std::string worst_expr;
};

// One expression on one link type, optimized and not. Returns the number
// of disagreements, described in *report.
size_t check(int dlt, const std::string& text, const std::vector<FilterPacket>& corpus, Stats* st,
             std::string* report) {
  size_t bad = 0;
  const std::string where = "DLT " + std::to_string(dlt) + " '" + text + "'";
  if (Compiled plain = oracle_compile(dlt, text, false);
      plain.ok && testing::libpcap_clobbers_offsets(dlt, plain.insns)) {
    ++st->libpcap_undefined;
    return 0;
  }
  for (bool opt : {false, true}) {
    Compiled t = oracle_compile(dlt, text, opt), o = ours(dlt, text, opt);
    const std::string w = where + (opt ? " -O" : "");
    if (t.ok != o.ok) {
      // Which contradictions each optimizer proves differs; fine when the
      // program produced instead accepts no packet.
      const Compiled& produced = t.ok ? t : o;
      bool accepts = false;
      for (const FilterPacket& pkt : corpus) accepts = accepts || (!pkt.truncated && oracle_run(produced.insns, pkt) != 0);
      if (opt && (t.ok ? o.error : t.error) == "expression rejects all packets" && !accepts) {
        ++st->rejects_all_one_side;
        continue;
      }
      *report += w + ": libpcap " + (t.ok ? "compiles" : "fails (" + t.error + ")") + ", ours " +
                 (o.ok ? "compiles" : "fails (" + o.error + ")") + "\n";
      ++bad;
      continue;
    }
    if (!t.ok) {
      ++st->both_fail;
      if (t.error != o.error) {
        *report += w + ": libpcap [" + t.error + "] ours [" + o.error + "]\n";
        ++bad;
      }
      continue;
    }
    ++st->compared;
    if (opt) {
      ++st->size_cmp;
      st->ours_insns += o.insns.size();
      st->theirs_insns += t.insns.size();
      if (o.insns.size() <= t.insns.size()) ++st->size_le;
      else if (std::getenv("WPCAP_FILTER_DIFF_SIZES") != nullptr)
        std::printf("size %zu > %zu: %s\n", o.insns.size(), t.insns.size(), w.c_str());
      double ratio = static_cast<double>(o.insns.size()) / static_cast<double>(t.insns.size());
      if (ratio > st->worst) {
        st->worst = ratio;
        st->worst_expr = w;
      }
    }
    auto prog = bpf::Program::make(o.insns);
    if (!prog) {
      *report += w + ": our program does not validate\n";
      ++bad;
      continue;
    }
    for (const FilterPacket& pkt : corpus) {
      auto n = static_cast<u_int>(pkt.bytes.size());
      u_int a = prog->run(pkt.bytes.data(), n, n), b = oracle_run(t.insns, pkt);
      if (a != b) {
        *report += w + " on " + pkt.what + ": ours " + std::to_string(a) + ", libpcap " + std::to_string(b) + "\n";
        ++bad;
        break;
      }
    }
  }
  return bad;
}

// Every 802.11 primitive and its errors, and the usual protocol tests.
std::vector<std::string> table() {
  std::vector<std::string> e = {
      "ip", "ip6", "arp", "rarp", "tcp", "udp port 53", "tcp port 80", "host 10.0.0.1", "src host 10.0.0.1",
      "net 10.0.0.0/8", "icmp", "ip proto 17", "ether proto 0x800", "ether proto \\ip", "stp", "ipx", "netbeui",
      "iso", "atalk", "aarp", "decnet", "llc", "llc i", "llc s", "llc u", "llc ui", "llc rr", "llc foo", "vlan",
      "vlan 100", "vlan 100 and ip", "mpls", "pppoed", "ip multicast", "ip6 multicast", "ip broadcast",
      "len > 100", "less 60", "greater 200", "link[0] = 8", "link[1] & 3 = 3", "link[24:2] = 0x0500",
      "ether[0] & 0xc = 8", "radio[0] = 0", "radio[2:2] = 0x1200", "radio[4:4] & 2 != 0", "radio[len - 1] = 0",
      "ip[0] = 0x45", "ip[9] = 6", "tcp[13] & 2 != 0", "udp[0:2] = 53", "icmp6[0] = 128", "ip6[6] = 58",
      "ip[len - 40] = 0", "link[len - 4:4] != 0", "link[link[1] & 3] = 0", "tcp[tcpflags] & tcp-syn != 0",
      "tcp[ip[0] & 3] = 0", "byte 0 = 8", "inbound", "ifindex 2", "tcp port 80 and host 10.0.0.1",
      "not ip and not arp", "ip or not ip", "ip and not ip", "type data and ip", "len > 1 and not len > 1",
      "link[0] = 1 and not link[0] = 1", "broadcast", "multicast", "ether broadcast", "wlan broadcast",
      "wlan multicast", "wlan host no-such-host.invalid", "ether host no-such-host.invalid", "type mgt",
      "type ctl", "type data", "type management", "type control", "type DATA", "type 0", "type 4", "type 8",
      "type 12", "type 3", "type 0x100", "type foo", "type data subtype beacon", "type mgt subtype 0x80",
      "type 8 subtype 0x88", "type ctl subtype 0xd0", "type 12 subtype beacon", "type data subtype 0x100",
      "subtype nosuch", "ip subtype beacon", "TYPE MGT", "dir nods", "dir tods", "dir fromds", "dir dstods",
      "dir DSTODS", "dir 0", "dir 1", "dir 2", "dir 3", "dir 4", "dir foo", "dir 3 and type data",
      "type data subtype qos-data and dir fromds and ip", "not type ctl and wlan addr2 00:11:22:33:44:55"};
  static const char* const kMgt[] = {"assocreq", "assoc-req", "assocresp", "assoc-resp", "reassocreq", "reassoc-req",
                                     "reassocresp", "reassoc-resp", "probereq", "probe-req", "proberesp",
                                     "probe-resp", "beacon", "atim", "disassoc", "disassociation", "auth",
                                     "authentication", "deauth", "deauthentication"};
  static const char* const kCtl[] = {"ps-poll", "rts", "cts", "ack", "cf-end", "cf-end-ack"};
  static const char* const kData[] = {"data", "data-cf-ack", "data-cf-poll", "data-cf-ack-poll", "null", "cf-ack",
                                      "cf-poll", "cf-ack-poll", "qos-data", "qos-data-cf-ack", "qos-data-cf-poll",
                                      "qos-data-cf-ack-poll", "qos", "qos-cf-poll", "qos-cf-ack-poll"};
  for (const char* s : kMgt) e.insert(e.end(), {std::string("subtype ") + s, std::string("type mgt subtype ") + s});
  for (const char* s : kCtl) e.insert(e.end(), {std::string("subtype ") + s, std::string("type ctl subtype ") + s});
  for (const char* s : kData) e.insert(e.end(), {std::string("subtype ") + s, std::string("type data subtype ") + s});
  for (const char* m : {"00:11:22:33:44:55", "02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01"}) {
    for (const char* q : {"wlan host", "wlan src", "wlan dst", "wlan src and dst", "wlan src or dst", "ether host",
                          "ether src", "ether dst", "wlan addr1", "wlan addr2", "wlan addr3", "wlan addr4", "wlan ra",
                          "wlan ta", "link host", "wlan address1", "wlan address4"})
      e.push_back(std::string(q) + " " + m);
  }
  return e;
}

TEST(FilterWlanDiff, TableAndGeneratedExpressions) {
  ASSERT_TRUE(PcapLib::system().loaded()) << PcapLib::system().error();
  const char* env = std::getenv("WPCAP_FILTER_DIFF_EXPRS");
  const size_t generated = env != nullptr ? std::strtoull(env, nullptr, 0) : 150;
  Stats st;
  size_t bad = 0, exprs = 0;
  std::string report;
  for (int dlt : kWlanTypes) {
    std::vector<FilterPacket> corpus = testing::wlan_corpus(dlt);
    ASSERT_GT(corpus.size(), 40u);
    std::vector<std::string> texts = table();
    testing::FilterExprGen gen(static_cast<uint64_t>(dlt) * 7919 + 1);
    for (size_t i = 0; i < generated; ++i) texts.push_back(gen.next());
    for (const std::string& text : texts) {
      ++exprs;
      bad += check(dlt, text, corpus, &st, &report);
    }
  }
  std::printf("802.11 diff: %zu expressions x 2, %zu programs compared on every packet, %zu failed alike, "
              "%zu 'rejects all' on one side only\n",
              exprs, st.compared, st.both_fail, st.rejects_all_one_side);
  std::printf("skipped: libpcap's program overwrites its own header-length words: %zu\n", st.libpcap_undefined);
  std::printf("optimized size: ours <= libpcap on %zu of %zu, total %zu vs %zu insns, worst %.2f (%s)\n", st.size_le,
              st.size_cmp, st.ours_insns, st.theirs_insns, st.worst, st.worst_expr.c_str());
  if (report.size() > 20000) report.resize(20000);
  EXPECT_EQ(bad, 0u) << report;
  EXPECT_LE(st.worst, 1.5) << st.worst_expr;
  EXPECT_LT(st.libpcap_undefined * 10, exprs);  // the exception stays an exception
}

// The detector above, on programs libpcap 1.10.3 really produces.
TEST(FilterWlanDiff, DetectsLibpcapClobberedHeaderLengths) {
  ASSERT_TRUE(PcapLib::system().loaded());
  const struct {
    int dlt;
    const char* text;
    bool clobbered;
  } kCases[] = {{DLT_PRISM_HEADER, "len >= 64 and ip", true}, {DLT_PRISM_HEADER, "ip and len >= 64", false},
                {DLT_IEEE802_11, "len >= 64 and ip", true},   {DLT_IEEE802_11, "ip", false},
                {DLT_IEEE802_11_RADIO, "pppoes and ip", true}, {DLT_IEEE802_11_RADIO, "link[0] = 8 and ip", true},
                {DLT_IEEE802_11_RADIO, "ip and link[0] = 8", false},
                {DLT_PPI, "ip[0] = 0x45", false},              {DLT_IEEE802_11_RADIO_AVS, "len > 0", false}};
  for (const auto& c : kCases) {
    Compiled t = oracle_compile(c.dlt, c.text, false);
    ASSERT_TRUE(t.ok) << c.text;
    EXPECT_EQ(testing::libpcap_clobbers_offsets(c.dlt, t.insns), c.clobbered) << c.dlt << " " << c.text;
  }
}

// "pppoes" on plain 802.11, where libpcap's program is well defined.
TEST(FilterWlanDiff, PppoeOverPlain80211) {
  ASSERT_TRUE(PcapLib::system().loaded());
  std::vector<FilterPacket> corpus = testing::wlan_corpus(DLT_IEEE802_11);
  Stats st;
  std::string report;
  size_t bad = 0;
  for (const char* text : {"pppoes", "pppoes and ip", "pppoes 0x1100 and udp port 53", "pppoes and not ip"})
    bad += check(DLT_IEEE802_11, text, corpus, &st, &report);
  EXPECT_EQ(bad, 0u) << report;
  EXPECT_GT(st.compared, 0u);
}

// A constant index into a header at a run-time offset: libpcap adds it to
// the offset in 32 bits before loading, so a huge index wraps back into the
// packet. AVS takes its header length from the packet (any word), so small
// indices wrap too; radiotap lengths are 16 bits, so only huge ones do.
TEST(FilterWlanDiff, ConstantIndexWrapsLikeLibpcap) {
  ASSERT_TRUE(PcapLib::system().loaded());
  namespace wd = testing::wlan_detail;
  const wd::Frame f{0x08, 0x01, 1, wd::snap(0x0800, testing::corpus_detail::ipv4(0x0a000001, 0x0a000002, 6,
                                                  testing::corpus_detail::transport(6, 80, 443, 2))),
                    "data tcp"};
  const testing::corpus_detail::Bytes m = wd::mac_frame(f);
  std::vector<FilterPacket> avs, radiotap;
  for (uint32_t len : {64u, 0xffffffffu, 0xfffffff0u, 0xffffffc8u, 0x80000000u, 0xffffff00u}) {
    FilterPacket p{wd::avs(0x80211001u, 64, m), false, "avs length " + std::to_string(len)};
    for (int i = 0; i < 4; ++i) p.bytes[4 + static_cast<size_t>(i)] = static_cast<uint8_t>(len >> (24 - 8 * i));
    avs.push_back(p);
  }
  for (uint32_t len : {8u, 100u, 200u}) {
    testing::corpus_detail::Bytes fields(len - 8, 0x5a);
    radiotap.push_back({wd::radiotap_frame({0, fields, false}, m, false), false, "radiotap"});
  }
  Stats st;
  std::string report;
  size_t bad = 0;
  for (const char* proto : {"link", "ip", "tcp", "ip6", "icmp6"}) {
    for (uint32_t idx : {0u, 1u, 8u, 0x20u, 0xffffffffu, 0xfffffff0u, 0xffffffc0u, 0xffffff38u, 0x7fffffffu}) {
      for (const char* rel : {"] = 0", ":2] > 1", "] != 8"}) {
        const std::string text = std::string(proto) + "[" + std::to_string(idx) + rel;
        bad += check(DLT_IEEE802_11_RADIO_AVS, text, avs, &st, &report);
        bad += check(DLT_IEEE802_11_RADIO, text, radiotap, &st, &report);
      }
    }
  }
  if (report.size() > 20000) report.resize(20000);
  EXPECT_EQ(bad, 0u) << report;
  EXPECT_GT(st.compared, 200u);
}

}  // namespace
}  // namespace wpcap::filter
