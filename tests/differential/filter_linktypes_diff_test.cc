// filter_linktypes_diff_test.cc - the filter compiler against the system
// libpcap on the link types with headers and primitives of their own:
// SunATM (vpi/vci, lane, OAM, signalling), pflog (on/rset/rnr/srnr/reason/
// action, direction), SS7 on MTP2, MTP2_WITH_PHDR and ERF (fisu/lssu/msu,
// sio/opc/dpc/sls and the high-speed-link forms), Frame Relay, Cisco HDLC,
// the Juniper family, IPNET and BACnet MS/TP.
//
// For a table of expressions per link type plus generated ones mixing in
// the link's primitives (filter_expr_gen.h), optimized and not: the same
// compile result and error text; the same verdict as libpcap's program on
// crafted frames (filter_linktypes_corpus.h), their truncated copies and
// frames carrying the values libpcap's own program compares; optimized
// programs only on frames libpcap's program reads completely (see
// docs/compatibility.md); our optimizer agrees with our unoptimized one. Knob: WPCAP_FILTER_LINKTYPES_EXPRS (generated per link type).
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bpf/program.h"
#include "differential/filter_expr_gen.h"
#include "differential/filter_linktypes_corpus.h"
#include "differential/filter_oracle.h"
#include "filter/compile.h"
#include "testing/pcap_lib.h"

namespace wpcap::filter {
namespace {

using testing::FilterPacket;
using testing::PcapLib;
using difftest::OracleResult;
using difftest::env_number;
using difftest::oracle_compile;
using difftest::oracle_run;
using difftest::ours;

// Frames carrying what libpcap's (unoptimized) program compares: every
// "load [k]; [and #m;] jump #v" gives (k, v); each frame is a crafted one,
// extended to 384 bytes, with a random subset of the values written in
// place (for "[x + k]" loads at a few likely x: 0, the pflog header length,
// plus an IPv4/IPv6 header).
std::vector<FilterPacket> guided(int dlt, const std::vector<bpf_insn>& prog, const std::vector<FilterPacket>& base,
                                 uint64_t seed) {
  struct Hint {
    uint32_t off, size, val;
    bool indexed;
  };
  std::vector<Hint> hints;
  for (size_t i = 0; i + 1 < prog.size(); ++i) {
    const bpf_insn& l = prog[i];
    uint16_t mode = BPF_MODE(l.code);
    if (BPF_CLASS(l.code) != BPF_LD || (mode != BPF_ABS && mode != BPF_IND)) continue;
    size_t j = i + 1;
    uint32_t mask = 0xffffffff;
    if (prog[j].code == (BPF_ALU | BPF_AND | BPF_K) && j + 1 < prog.size()) mask = prog[j++].k;
    if (BPF_CLASS(prog[j].code) != BPF_JMP || BPF_OP(prog[j].code) == BPF_JA) continue;
    uint32_t v = prog[j].k + (BPF_OP(prog[j].code) == BPF_JGT ? 1 : 0);
    uint32_t size = BPF_SIZE(l.code) == BPF_W ? 4 : BPF_SIZE(l.code) == BPF_H ? 2 : 1;
    hints.push_back({l.k, size, v & mask, mode == BPF_IND});
  }
  std::vector<FilterPacket> out;
  if (hints.empty() || base.empty()) return out;
  std::mt19937_64 rng(seed);
  for (int r = 0; r < 40; ++r) {
    FilterPacket p = base[rng() % base.size()];
    if (p.truncated) continue;
    uint32_t hdr = dlt == DLT_PFLOG && !p.bytes.empty() ? (p.bytes[0] + 3u) & ~3u : 0;
    while (p.bytes.size() < 384) p.bytes.push_back(static_cast<uint8_t>(rng()));
    const uint32_t xs[] = {0, hdr, hdr + 20, hdr + 40, 20, 24};
    for (const Hint& h : hints) {
      if (rng() % 4 == 0) continue;
      uint32_t off = h.off + (h.indexed ? xs[rng() % 6] : 0);
      for (uint32_t k = 0; k < h.size; ++k)
        if (off + k < p.bytes.size()) p.bytes[off + k] = static_cast<uint8_t>(h.val >> (8 * (h.size - 1 - k)));
    }
    p.what = "guided from " + p.what;
    out.push_back(p);
  }
  return out;
}

struct Tally {
  size_t exprs = 0, compiled = 0, both_fail = 0;
  size_t libpcap_opt_wrong = 0;    // libpcap's optimizer disagrees with its own unoptimized program
  std::string opt_wrong_examples;
  size_t rejects_all_one_side = 0;  // one side "rejects all packets", the other's program accepts none
  size_t ours_insns = 0, theirs_insns = 0, size_le = 0, size_cmp = 0;  // optimized, compiled by both
};

// Whether libpcap's unoptimized program reads only inside the frame (no
// load past its end, no division by zero): its returns are rewritten to
// non-zero values, so 0 can only come from such a failure. Optimizers may
// drop a failing load whose outcome does not matter, so optimized programs
// are compared only on frames that are complete for the expression.
bool complete_for(const std::vector<bpf_insn>& unopt, const FilterPacket& pkt) {
  std::vector<bpf_insn> probe = unopt;
  for (bpf_insn& i : probe)
    if (i.code == (BPF_RET | BPF_K)) i.k = i.k == 0 ? 1 : 2;
  return oracle_run(probe, pkt) != 0;
}

bool accepts_any(const std::vector<bpf_insn>& insns, const std::vector<FilterPacket>& pkts) {
  for (const FilterPacket& p : pkts)
    if (!p.truncated && oracle_run(insns, p) != 0) return true;
  return false;
}

// Compares one expression; returns what differs (empty: agrees).
std::string compare(int dlt, const std::string& text, const std::vector<FilterPacket>& crafted, Tally* t) {
  const std::string where = "DLT " + std::to_string(dlt) + " '" + text + "'";
  ++t->exprs;
  OracleResult theirs[2] = {oracle_compile(dlt, text, false), oracle_compile(dlt, text, true)};
  Result<std::vector<bpf_insn>> mine[2] = {ours(dlt, text, false), ours(dlt, text, true)};
  auto says = [](bool ok, const std::string& err) { return ok ? std::string("compiles") : "fails (" + err + ")"; };
  if (theirs[0].ok != mine[0].has_value() || (!theirs[0].ok && theirs[0].error != mine[0].status().message()))
    return where + ": libpcap " + says(theirs[0].ok, theirs[0].error) + ", ours " +
           says(mine[0].has_value(), mine[0] ? "" : mine[0].status().message()) + "\n";
  if (!theirs[0].ok) {
    ++t->both_fail;
    return theirs[1].error == (mine[1] ? "" : mine[1].status().message()) ? "" : where + ": -O error differs\n";
  }
  ++t->compiled;
  std::vector<FilterPacket> pkts = crafted;
  for (FilterPacket& g : guided(dlt, theirs[0].insns, crafted, std::hash<std::string>{}(text))) pkts.push_back(g);
  if (theirs[1].ok != mine[1].has_value()) {
    // Whether "expression rejects all packets" is found depends on what
    // each optimizer proves: fine if the other side's program accepts no
    // frame, or if libpcap's own unoptimized program accepts frames (its
    // optimizer is wrong; ours is checked against that program below).
    const std::string diff = where + " -O: libpcap " + says(theirs[1].ok, theirs[1].error) + ", ours " +
                             says(mine[1].has_value(), mine[1] ? "" : mine[1].status().message()) + "\n";
    if (!theirs[1].ok && theirs[1].error == "expression rejects all packets") {
      if (!accepts_any(*mine[1], pkts)) {
        if (++t->rejects_all_one_side <= 5) t->opt_wrong_examples += "  " + where + ": only libpcap -O rejects all\n";
      } else if (!accepts_any(theirs[0].insns, pkts)) return diff;
      else if (++t->libpcap_opt_wrong <= 3) t->opt_wrong_examples += "  " + where + ": libpcap -O rejects all\n";
    } else if (!mine[1] && mine[1].status().message() == "expression rejects all packets") {
      if (accepts_any(theirs[1].insns, pkts)) return diff;
      if (++t->rejects_all_one_side <= 5) t->opt_wrong_examples += "  " + where + ": only ours -O rejects all\n";
    } else {
      return diff;
    }
  } else if (!theirs[1].ok && theirs[1].error != mine[1].status().message()) {
    return where + " -O: libpcap fails (" + theirs[1].error + "), ours (" + mine[1].status().message() + ")\n";
  }
  if (theirs[1].ok && mine[1]) {
    ++t->size_cmp;
    t->ours_insns += mine[1]->size();
    t->theirs_insns += theirs[1].insns.size();
    t->size_le += mine[1]->size() <= theirs[1].insns.size();
  }
  auto p0 = bpf::Program::make(*mine[0]);
  if (!p0) return where + ": our program is invalid\n";
  bool opt_wrong_seen = false;
  for (const FilterPacket& pkt : pkts) {
    auto n = static_cast<u_int>(pkt.bytes.size());
    u_int a0 = p0->run(pkt.bytes.data(), n, n), b0 = oracle_run(theirs[0].insns, pkt);
    if (a0 != b0)
      return where + " on " + pkt.what + ": ours " + std::to_string(a0) + ", libpcap " + std::to_string(b0) + "\n";
    if (!mine[1] || pkt.truncated || !complete_for(theirs[0].insns, pkt)) continue;
    auto p1 = bpf::Program::make(*mine[1]);
    if (!p1) return where + " -O: our program is invalid\n";
    u_int a1 = p1->run(pkt.bytes.data(), n, n);
    if (a1 != a0) return where + " on " + pkt.what + ": our optimizer changed the verdict\n";
    if (theirs[1].ok && a1 != oracle_run(theirs[1].insns, pkt) && !opt_wrong_seen) {
      opt_wrong_seen = true;  // a1 == libpcap's unoptimized verdict (checked above)
      if (t->libpcap_opt_wrong < 3) t->opt_wrong_examples += "  " + where + " on " + pkt.what + "\n";
    }
  }
  t->libpcap_opt_wrong += opt_wrong_seen;
  return "";
}

// The link type's own primitives (for the generator) and a fixed table.
struct LinkCase {
  int dlt;
  std::vector<std::string> prims;
  std::vector<std::string> table;
};

const std::vector<std::string>& common_table() {
  static const std::vector<std::string> kCommon = {
      "ip", "ip6", "arp", "rarp", "tcp", "udp port 53", "host 10.0.0.1", "ip src host 10.0.0.1", "net 10.0.0.0/8",
      "ip6 host ::1", "icmp", "icmp6", "ip proto 17", "ether proto 0x800", "ether proto 0x1234", "ether proto 42",
      "iso", "clnp", "esis", "isis", "l1", "isis proto 20", "stp", "ipx", "netbeui", "atalk", "aarp", "decnet",
      "llc", "vlan", "mpls", "pppoed", "pppoes", "pppoes and ip", "broadcast", "multicast", "ip multicast",
      "ip broadcast", "ip6 multicast", "ether host 00:11:22:33:44:55", "inbound", "outbound", "link[0] = 0x55",
      "link[1:2] > 5", "len > 60", "less 100", "tcp port 80 or udp port 53", "not ip and not ip6",
      "ip[0] = 0x45", "tcp[13] & 2 != 0", "ip6[6] = 17", "udp[8:4] = 0xdeadbeef", "icmp6[0] = 128",
      "ip[ip[0] & 0xf] = 0", "vpi 1", "lane", "fisu", "sio 3", "on eth0", "reason match"};
  return kCommon;
}

std::vector<LinkCase> link_cases() {
  std::vector<LinkCase> c;
  c.push_back({DLT_SUNATM,
               {"lane", "vpi $VLAN", "vpi 0", "vpi 1", "vci 5", "vci > 3", "vci <= 16", "vpi != 1", "vci (1 or 5 or 16)",
                "metac", "bcc", "sc", "ilmic", "oam", "oamf4", "oamf4ec", "oamf4sc", "connectmsg", "metaconnect",
                "llc", "lane and ether host $MAC", "lane and vlan"},
               {"vpi 0", "vpi 1", "vpi 256", "vci 65536", "vpi > 0", "vpi >= 1", "vpi < 1", "vpi <= 0", "vpi = 1",
                "vpi == 1", "vpi != 1", "vci != 5", "vci (1 or 5)", "vpi (0 or 1 or 2)", "vpi 1 or vci 2",
                "lane", "lane and ip", "lane and ip6", "lane and arp", "lane and tcp port 80", "lane and vlan",
                "lane and vlan 100 and ip", "lane and ether host 00:11:22:33:44:55", "lane and ether src 02:00:00:00:00:01",
                "lane and broadcast", "lane and multicast", "lane and ip multicast", "lane and llc", "lane and llc i",
                "lane and stp", "lane and vpi 1", "lane and vci 40", "lane and lane", "lane and lane and ip",
                "lane and link[0] = 0", "lane and ether[12:2] = 0x800", "lane and pppoes and ip", "lane and mpls",
                "lane and connectmsg", "lane and oam", "lane and metac", "not lane and ip", "ip or lane and ip6",
                "llc", "llc and ip", "llc i", "llc s", "llc u", "llc rr", "llc xid", "llc and lane and ip",
                "metac", "bcc", "sc", "ilmic", "oam", "oamf4", "oamf4ec", "oamf4sc", "connectmsg", "metaconnect",
                "connectmsg or metaconnect", "sc and not connectmsg", "oam and vpi 1", "ether host 00:11:22:33:44:55",
                "ip and host 10.0.0.1", "clnp or esis", "isis l1", "vpi (1 or 2 or)", "vpi (1 or vci 2)",
                "vpi 1 or 2", "vpi", "lane 1", "vci ((5))",
                // "lane" shifts offsets: value sets after it must use the LANE ones
                "lane or host 10.0.0.1 or host 10.0.0.2 or host 10.0.0.3", "lane or port 1 or port 2 or port 53",
                "not lane and not host 10.0.0.1 and not host 10.0.0.2 and not host 10.0.0.3"}});
  c.push_back({DLT_PFLOG,
               {"on eth0", "ifname pflog0", "on 0123456789abcde", "rset foo", "ruleset main/anchor", "rnr 3",
                "rulenum 0", "srnr 4", "subrulenum 1", "reason match", "reason short", "reason 3",
                "reason state-mismatch", "action pass", "action block", "action drop", "action nat", "action rdr",
                "action synproxy-drop", "inbound", "outbound"},
               {"on eth0", "ifname pflog0", "on em0", "on eth", "on 0123456789abcde", "on 0123456789abcdef",
                "rset foo", "ruleset main/anchor", "rset 0123456789abcde", "rset 0123456789abcdefg", "rnr 3",
                "rulenum 0", "srnr 4", "subrulenum 4294967295", "reason 3", "reason 300", "reason match",
                "reason bad-offset", "reason fragment", "reason short", "reason normalize", "reason memory",
                "reason bad-timestamp", "reason congestion", "reason ip-option", "reason proto-cksum",
                "reason state-mismatch", "reason state-insert", "reason state-limit", "reason src-limit",
                "reason synproxy", "reason MATCH", "reason map-failed", "action pass", "action accept",
                "action drop", "action block", "action scrub", "action noscrub", "action nat", "action nonat",
                "action binat", "action nobinat", "action rdr", "action nordr", "action synproxy-drop", "action PASS",
                "action match", "action foo", "inbound", "outbound", "on eth0 and tcp port 80",
                "ip6 and reason 2", "action block and not ip6", "tcp and tcp[13] & 2 != 0", "ip and ip[9] = 6",
                "udp and udp[0:2] = 53", "ip6 and ip6[6] = 6", "host 10.0.0.1 and len > 60",
                "tcp port 80 and ip[ip[0] & 0xf] > 0", "icmp6 and icmp6[0] = 128", "less 60 or host 10.0.0.1",
                "ip[0] = 0x45", "tcp[tcp[12] >> 4] = 0", "on", "on 123", "rnr foo", "action 3", "reason",
                "reason 3 or 4", "on eth0 or eth1"}});
  const std::vector<std::string> ss7_prims = {
      "fisu", "lssu", "lsu", "msu", "hfisu", "hlssu", "hmsu", "sio 3", "sio > 128", "opc 1234", "dpc 4321",
      "sls 9", "hsio 3", "hopc 1234", "hdpc 4321", "hsls 9", "opc (1 or 2 or 16383)", "dpc < 100", "sls >= 8"};
  const std::vector<std::string> ss7_table = {
      "fisu", "lssu", "lsu", "msu", "hfisu", "hlssu", "hmsu", "sio 3", "sio 131", "sio 255", "sio 256",
      "sio > 3", "sio >= 3", "sio < 3", "sio <= 3", "sio != 3", "sio (3 or 131)", "opc 0", "opc 1234",
      "opc 16383", "opc 16384", "opc != 1234", "opc > 100", "dpc 4321", "dpc 16383", "dpc 16384", "dpc < 4000",
      "sls 0", "sls 9", "sls 15", "sls 16", "sls > 7", "hsio 3", "hsio 256", "hopc 1234", "hopc 16384",
      "hdpc 4321", "hsls 9", "hsls 16", "msu and sio 3 and opc 1234 and dpc 4321 and sls 9",
      "hmsu and hsio 3 and hopc 1234", "fisu or lssu", "not msu", "msu and not sio 3", "fisu and less 40 and fisu",
      "lssu and sio 3", "sio 3 or 4", "sio (3 or 4 or)", "sio", "opc (1 and 2)"};
  for (int d : {DLT_MTP2, DLT_MTP2_WITH_PHDR, DLT_ERF}) c.push_back({d, ss7_prims, ss7_table});
  for (int d : {DLT_FRELAY, DLT_HDLC, DLT_IPNET, DLT_BACNET_MS_TP}) c.push_back({d, {"inbound", "outbound"}, {}});
  for (int d : {DLT_JUNIPER_MLPPP, DLT_JUNIPER_MLFR, DLT_JUNIPER_ES, DLT_JUNIPER_GGSN, DLT_JUNIPER_MFR,
                DLT_JUNIPER_ATM2, DLT_JUNIPER_SERVICES, DLT_JUNIPER_ATM1, DLT_JUNIPER_MONITOR, DLT_JUNIPER_PPPOE,
                DLT_JUNIPER_PPPOE_ATM, DLT_JUNIPER_ETHER, DLT_JUNIPER_PPP, DLT_JUNIPER_FRELAY, DLT_JUNIPER_CHDLC,
                DLT_JUNIPER_VP, DLT_JUNIPER_ST, DLT_JUNIPER_ISM, DLT_JUNIPER_VS, DLT_JUNIPER_SRX_E2E,
                DLT_JUNIPER_FIBRECHANNEL, DLT_JUNIPER_ATM_CEMIC})
    c.push_back({d, {"inbound", "outbound"}, {"inbound and ip", "outbound and ip6", "outbound and less 40 and outbound"}});
  return c;
}

// libpcap 1.10.3 bugs on pflog that no implementation can reproduce (see
// docs/compatibility.md): arithmetic generated before the first use of the
// header length takes its scratch register and overwrites it, and after
// "pppoes" the payload offset comes from a register it never sets.
bool libpcap_pflog_bug(int dlt, const std::string& text) {
  if (dlt != DLT_PFLOG) return false;
  return text.find('[') != std::string::npos || text.find("len") != std::string::npos ||
         text.find("pppoes") != std::string::npos;
}

TEST(FilterLinkTypesDiff, TablesAndGeneratedExpressions) {
  ASSERT_TRUE(PcapLib::system().loaded()) << PcapLib::system().error();
  const uint64_t generated = env_number("WPCAP_FILTER_LINKTYPES_EXPRS", 120);
  Tally t;
  size_t bad = 0;
  std::string report, sizes;
  for (const LinkCase& lc : link_cases()) {
    const Tally before = t;
    const std::vector<FilterPacket> corpus = testing::linktype_corpus(lc.dlt);
    std::vector<std::string> exprs = common_table();
    exprs.insert(exprs.end(), lc.table.begin(), lc.table.end());
    testing::FilterExprGen gen(static_cast<uint64_t>(lc.dlt) * 7919 + 3, lc.prims);
    for (uint64_t i = 0; i < generated; ++i) {
      std::string e = gen.next();
      if (!libpcap_pflog_bug(lc.dlt, e)) exprs.push_back(e);
    }
    for (const std::string& e : exprs) {
      std::string diff = compare(lc.dlt, e, corpus, &t);
      if (!diff.empty() && ++bad <= 40) report += diff;
    }
    sizes += " " + std::to_string(lc.dlt) + ":" + std::to_string(t.ours_insns - before.ours_insns) + "/" +
             std::to_string(t.theirs_insns - before.theirs_insns);
  }
  std::printf("link types: %zu expressions, %zu compiled by both, %zu failed alike; libpcap's optimizer wrong on %zu, "
              "'rejects all packets' on one side only %zu\n",
              t.exprs, t.compiled, t.both_fail, t.libpcap_opt_wrong, t.rejects_all_one_side);
  std::printf("%s", t.opt_wrong_examples.c_str());
  std::printf("optimized size: ours <= libpcap on %zu of %zu, total %zu vs %zu insns; per DLT ours/libpcap:%s\n",
              t.size_le, t.size_cmp, t.ours_insns, t.theirs_insns, sizes.c_str());
  EXPECT_EQ(bad, 0u) << report;
  EXPECT_GT(t.compiled, t.exprs / 3);  // the tables are not mostly errors
}

// Each crafted frame kind is matched by some primitive of its link type,
// so the corpus exercises both outcomes (a corpus no filter accepts would
// make the comparisons above vacuous).
TEST(FilterLinkTypesDiff, CorpusReachesBothVerdicts) {
  ASSERT_TRUE(PcapLib::system().loaded());
  const struct {
    int dlt;
    const char* expr;
  } kCases[] = {{DLT_SUNATM, "connectmsg"}, {DLT_SUNATM, "lane and ip"}, {DLT_SUNATM, "llc and ip"},
                {DLT_SUNATM, "oam"},        {DLT_PFLOG, "action block"},   {DLT_PFLOG, "on eth0"},
                {DLT_PFLOG, "tcp port 80"}, {DLT_PFLOG, "outbound"},      {DLT_MTP2, "msu and sio 3"},
                {DLT_MTP2, "lssu"},         {DLT_MTP2, "hmsu"},           {DLT_MTP2_WITH_PHDR, "fisu"},
                {DLT_ERF, "msu"},           {DLT_FRELAY, "ip"},           {DLT_FRELAY, "clnp"},
                {DLT_HDLC, "isis"},         {DLT_IPNET, "ip6 and inbound"}, {DLT_BACNET_MS_TP, "ip"},
                {DLT_JUNIPER_ETHER, "ip host 10.0.0.1"}, {DLT_JUNIPER_PPP, "tcp"}, {DLT_JUNIPER_ATM1, "inbound"}};
  for (const auto& c : kCases) {
    OracleResult o = oracle_compile(c.dlt, c.expr, false);
    ASSERT_TRUE(o.ok) << c.expr << ": " << o.error;
    size_t hit = 0, total = 0;
    for (const FilterPacket& p : testing::linktype_corpus(c.dlt)) {
      if (p.truncated) continue;
      ++total;
      hit += oracle_run(o.insns, p) != 0;
    }
    EXPECT_GT(hit, 0u) << "DLT " << c.dlt << " '" << c.expr << "' matches no frame";
    EXPECT_LT(hit, total) << "DLT " << c.dlt << " '" << c.expr << "' matches every frame";
  }
}

}  // namespace
}  // namespace wpcap::filter
