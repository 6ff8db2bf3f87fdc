// filter_diff_test.cc - the filter compiler against the system libpcap.
//
// For thousands of generated expressions (filter_expr_gen.h) on every link
// type in filter_corpus.h, optimized and not: (a) compile succeeds or fails
// alike; (b) every program accepts/rejects each corpus packet with the same
// return value as libpcap's program (ours run by our interpreter, libpcap's
// by libpcap's bpf_filter); (c) our optimized program agrees with our
// unoptimized one. Truncated packets are compared unoptimized only: both
// optimizers may drop or reorder loads (see docs/compatibility.md); Linux
// ancillary loads are read as the kernel does when optimized (kernel_view).
// Also reports instruction counts side by side.
// Knobs: WPCAP_FILTER_DIFF_EXPRS (per link type, default 400), WPCAP_FILTER_DIFF_SEED.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bpf/program.h"
#include "differential/filter_corpus.h"
#include "differential/filter_expr_gen.h"
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

// Linux ancillary loads (SKF_AD_*) as the kernel runs them: per-packet
// metadata that never fails. Userland interpreters reject at them; both
// optimizers assume the kernel's reading (libpcap's drops such a test when
// its branches meet), so optimized programs are compared with every
// ancillary load replaced by a constant. Variant 0: all zero (an incoming
// packet); 1: outgoing (pkttype 4) on ifindex 2, protocol 0x800, a VLAN tag
// 5 present, other fields 1.
constexpr uint32_t kSkfAdOff = 0xfffff000u;

bool has_ancillary(const std::vector<bpf_insn>& p) {
  for (const bpf_insn& i : p)
    if (BPF_CLASS(i.code) == BPF_LD && BPF_MODE(i.code) == BPF_ABS && i.k >= kSkfAdOff) return true;
  return false;
}

std::vector<bpf_insn> kernel_view(std::vector<bpf_insn> p, int variant) {
  for (bpf_insn& i : p) {
    if (BPF_CLASS(i.code) != BPF_LD || BPF_MODE(i.code) != BPF_ABS || i.k < kSkfAdOff) continue;
    uint32_t v = 0;
    if (variant == 1) {
      switch (i.k - kSkfAdOff) {
        case 0: v = 0x800; break;  // protocol
        case 4: v = 4; break;      // pkttype: outgoing
        case 8: v = 2; break;      // ifindex
        case 44: v = 5; break;     // vlan tag
        default: v = 1; break;
      }
    }
    i.code = BPF_LD | BPF_IMM;
    i.k = v;
  }
  return p;
}

struct Stats {
  size_t exprs = 0, both_ok = 0, both_fail = 0, msg_differs = 0, size_le = 0, size_cmp = 0;
  size_t rejects_all_differs = 0;  // one side: "expression rejects all packets", other: a program that accepts none
  std::string rejects_all_examples;
  size_t libpcap_opt_wrong = 0;  // libpcap's optimized program disagrees with its own unoptimized one
  std::string libpcap_wrong_example;
  double worst_ratio = 0;
  std::string worst_expr;
  size_t ours_insns = 0, theirs_insns = 0;
};

// Compares one expression on one link type; appends failures to *report.
size_t check(int dlt, const std::string& text, const std::vector<FilterPacket>& corpus, Stats* st,
             std::string* report) {
  size_t bad = 0;
  std::vector<bpf_insn> ours_prog[2];
  bool ok[2] = {false, false};
  OracleResult theirs_unopt;
  for (int opt = 0; opt < 2; ++opt) {
    OracleResult theirs = oracle_compile(dlt, text, opt != 0);
    auto mine = ours(dlt, text, opt != 0);
    if (opt && theirs.ok != mine.has_value()) {
      // Whether a contradictory expression is reported as "rejects all
      // packets" depends on what each optimizer can prove; the meaning
      // agrees if the program that was produced accepts no corpus packet.
      const std::string& err = theirs.ok ? mine.status().message() : theirs.error;
      if (err == "expression rejects all packets") {
        std::vector<bpf_insn> produced = theirs.ok ? theirs.insns : *mine;
        bool accepts_any = false;
        for (const FilterPacket& pkt : corpus) accepts_any = accepts_any || (!pkt.truncated && oracle_run(produced, pkt) != 0);
        if (!accepts_any) {
          if (++st->rejects_all_differs <= 5)
            st->rejects_all_examples += "\n  [" + std::to_string(dlt) + "] " + text + (theirs.ok ? " (ours)" : " (libpcap)");
          continue;
        }
      }
    }
    if (theirs.ok != mine.has_value()) {
      ++bad;
      *report += "DLT " + std::to_string(dlt) + (opt ? " -O " : " ") + "'" + text + "': libpcap " +
                 (theirs.ok ? "compiles" : "fails (" + theirs.error + ")") + ", ours " +
                 (mine ? "compiles" : "fails (" + mine.status().message() + ")") + "\n";
      continue;
    }
    if (!theirs.ok) {
      ++st->both_fail;
      if (theirs.error != mine.status().message()) {
        ++st->msg_differs;
        if (st->msg_differs <= 20)
          *report += "message for '" + text + "': libpcap [" + theirs.error + "] ours [" + mine.status().message() + "]\n";
      }
      continue;
    }
    ++st->both_ok;
    ok[opt] = true;
    if (!opt) theirs_unopt = theirs;
    ours_prog[opt] = *mine;
    if (opt) {
      ++st->size_cmp;
      st->ours_insns += mine->size();
      st->theirs_insns += theirs.insns.size();
      if (mine->size() <= theirs.insns.size()) ++st->size_le;
      else if (std::getenv("WPCAP_FILTER_DIFF_SIZES") != nullptr)
        std::printf("size %zu > %zu: DLT %d '%s'\n", mine->size(), theirs.insns.size(), dlt, text.c_str());
      double ratio = static_cast<double>(mine->size()) / static_cast<double>(theirs.insns.size());
      if (ratio > st->worst_ratio) {
        st->worst_ratio = ratio;
        st->worst_expr = text;
      }
    }
    auto prog = bpf::Program::make(*mine);
    if (!prog) {
      ++bad;
      *report += "invalid program for '" + text + "'\n";
      continue;
    }
    // Optimized programs with ancillary loads: compared as the kernel runs them.
    const int views = opt && (has_ancillary(*mine) || has_ancillary(theirs.insns)) ? 2 : 0;
    for (int view = 0; view < std::max(views, 1); ++view) {
      std::vector<bpf_insn> their_insns = views ? kernel_view(theirs.insns, view) : theirs.insns;
      std::vector<bpf_insn> their_unopt = views ? kernel_view(theirs_unopt.insns, view) : theirs_unopt.insns;
      if (views) prog = bpf::Program::make(kernel_view(*mine, view));
      for (const FilterPacket& pkt : corpus) {
        if (opt && pkt.truncated) continue;
        auto n = static_cast<u_int>(pkt.bytes.size());
        u_int a = prog->run(pkt.bytes.data(), n, n);
        u_int b = oracle_run(their_insns, pkt);
        if (a != b && opt && theirs_unopt.ok && oracle_run(their_unopt, pkt) == a) {
          // libpcap's optimizer changed its own program's answer (1.10.3 is
          // known to emit wrong code); ours agrees with libpcap unoptimized.
          if (st->libpcap_opt_wrong++ == 0)
            st->libpcap_wrong_example = "DLT " + std::to_string(dlt) + " '" + text + "' on " + pkt.what;
          break;
        }
        if (a != b) {
          ++bad;
          *report += "DLT " + std::to_string(dlt) + (opt ? " -O " : " ") + "'" + text + "' on " + pkt.what +
                     (views ? " (kernel view " + std::to_string(view) + ")" : std::string()) +
                     ": ours " + std::to_string(a) + ", libpcap " + std::to_string(b) + "\n";
          break;
        }
      }
    }
  }
  if (ok[0] && ok[1]) {  // our optimizer against our unoptimized program
    const int views = has_ancillary(ours_prog[0]) || has_ancillary(ours_prog[1]) ? 2 : 0;
    for (int view = 0; view < std::max(views, 1); ++view) {
      auto p0 = bpf::Program::make(views ? kernel_view(ours_prog[0], view) : ours_prog[0]);
      auto p1 = bpf::Program::make(views ? kernel_view(ours_prog[1], view) : ours_prog[1]);
      for (const FilterPacket& pkt : corpus) {
        if (!p0 || !p1 || pkt.truncated) continue;
        auto n = static_cast<u_int>(pkt.bytes.size());
        if (p0->run(pkt.bytes.data(), n, n) != p1->run(pkt.bytes.data(), n, n)) {
          ++bad;
          *report += "optimizer changed '" + text + "' on " + pkt.what + "\n";
          break;
        }
      }
    }
  }
  return bad;
}

TEST(FilterDiff, GeneratedExpressionsAllLinkTypes) {
  ASSERT_TRUE(PcapLib::system().loaded()) << PcapLib::system().error();
  const uint64_t per_dlt = env_number("WPCAP_FILTER_DIFF_EXPRS", 400);
  const uint64_t seed = env_number("WPCAP_FILTER_DIFF_SEED", 1);
  Stats st;
  size_t bad = 0;
  std::string report;
  for (int dlt : testing::filter_link_types()) {
    std::vector<FilterPacket> corpus = testing::filter_corpus(dlt);
    testing::FilterExprGen gen(seed * 7919 + static_cast<uint64_t>(dlt));
    for (uint64_t i = 0; i < per_dlt; ++i) {
      std::string text = gen.next();
      ++st.exprs;
      bad += check(dlt, text, corpus, &st, &report);
    }
  }
  std::printf("filter diff: %zu expressions, %zu compiled by both, %zu failed in both (%zu with other text)\n",
              st.exprs, st.both_ok, st.both_fail, st.msg_differs);
  std::printf("optimized size: ours <= libpcap on %zu of %zu (%.1f%%), total %zu vs %zu insns, worst ratio %.2f ('%s')\n",
              st.size_le, st.size_cmp, st.size_cmp ? 100.0 * st.size_le / st.size_cmp : 0.0, st.ours_insns,
              st.theirs_insns, st.worst_ratio, st.worst_expr.c_str());
  std::printf("'rejects all packets' reported by one side only (the other's program accepts no packet): %zu%s\n",
              st.rejects_all_differs, st.rejects_all_examples.c_str());
  std::printf("libpcap's optimizer disagreed with its own unoptimized program on %zu expressions (e.g. %s)\n",
              st.libpcap_opt_wrong, st.libpcap_wrong_example.c_str());
  if (report.size() > 20000) report.resize(20000);
  EXPECT_EQ(bad, 0u) << report;
  EXPECT_EQ(st.msg_differs, 0u) << report;  // error texts are compared exactly
  // Output size (issue acceptance): <= libpcap's on >= 90% of expressions, never > 1.5x.
  EXPECT_GE(st.size_le * 10, st.size_cmp * 9);
  EXPECT_LE(st.worst_ratio, 1.5) << st.worst_expr;
}

}  // namespace
}  // namespace wpcap::filter

namespace wpcap::filter {
namespace {

// Long or-lists (set recognition, balanced trees, return islands) against
// libpcap's unoptimized program on packets that hit and miss the lists.
TEST(FilterDiff, LongValueLists) {
  ASSERT_TRUE(PcapLib::system().loaded());
  std::vector<FilterPacket> corpus;
  for (uint32_t i = 0; i < 600; ++i) {
    FilterPacket p;
    std::vector<uint8_t> b(74, 0);
    b[12] = 0x08;
    b[14] = 0x45;
    b[23] = i % 3 == 0 ? 17 : 6;
    uint32_t src = 0x0a000000u | (i * 7 % 700), dst = 0xc0a80000u | (i * 13);
    for (int k = 0; k < 4; ++k) {
      b[26 + k] = static_cast<uint8_t>(src >> (24 - 8 * k));
      b[30 + k] = static_cast<uint8_t>(dst >> (24 - 8 * k));
    }
    uint32_t sport = 1000 + i * 11 % 3000, dport = 80 + i % 5;
    b[34] = static_cast<uint8_t>(sport >> 8);
    b[35] = static_cast<uint8_t>(sport);
    b[36] = static_cast<uint8_t>(dport >> 8);
    b[37] = static_cast<uint8_t>(dport);
    p.bytes = b;
    p.what = "packet " + std::to_string(i);
    corpus.push_back(p);
  }
  for (int n : {3, 10, 60, 200, 400}) {
    std::string hosts, ports, nets;
    for (int i = 0; i < n; ++i) {
      hosts += (i ? " or " : "host ") + std::string("10.0.") + std::to_string((i * 3) / 250) + "." + std::to_string((i * 3) % 250 + 1);
      ports += (i ? " or " : "port ") + std::to_string(1000 + i * 13);
      nets += (i ? " or " : "src net ") + std::string("10.0.") + std::to_string(i % 4) + "." + std::to_string((i * 8) % 256) + "/29";
    }
    for (const std::string& text : {hosts, ports, nets, "tcp and (" + ports + ")", "not (" + hosts + ")"}) {
      OracleResult theirs = oracle_compile(DLT_EN10MB, text, false);
      ASSERT_TRUE(theirs.ok) << theirs.error;
      for (bool opt : {false, true}) {
        auto mine = ours(DLT_EN10MB, text, opt);
        ASSERT_TRUE(mine.has_value()) << mine.status().message();
        auto prog = bpf::Program::make(*mine);
        ASSERT_TRUE(prog.has_value());
        size_t bad = 0;
        for (const FilterPacket& pkt : corpus) {
          auto len = static_cast<u_int>(pkt.bytes.size());
          bad += prog->run(pkt.bytes.data(), len, len) != oracle_run(theirs.insns, pkt);
        }
        EXPECT_EQ(bad, 0u) << "n=" << n << (opt ? " -O " : " ") << text.substr(0, 80);
      }
    }
  }
}

}  // namespace
}  // namespace wpcap::filter

namespace wpcap::filter {
namespace {

// Link types whose headers the compiler does not model yet: ours would
// report an error where libpcap compiles, never a different program. None
// are left (802.11 and radio headers, ATM, pflog, SS7, Frame Relay, HDLC,
// Juniper, ... are modelled); an entry here needs a line in docs/filter.md.
bool not_yet_implemented(int dlt) {
  static const int kTodo[] = {-1};  // none (-1 is no link type)
  for (int d : kTodo)
    if (d == dlt) return true;
  return false;
}

// Every link type libpcap accepts: the same expressions compile or fail
// alike and the programs agree on pseudo-random packets.
TEST(FilterDiff, EveryLinkType) {
  ASSERT_TRUE(PcapLib::system().loaded());
  const char* kExprs[] = {"link[0] = 1", "link[2:2] > 5", "len > 40", "less 100", "ip", "ip6", "arp", "tcp",
                          "udp port 53", "host 10.0.0.1", "net 10.0.0.0/8", "ether host 1:2:3:4:5:6",
                          "broadcast", "multicast", "vlan", "mpls", "icmp", "ip proto 17", "ether proto 0x800",
                          "iso", "clnp", "stp", "pppoes and ip", "llc", "lane", "lane and ip", "vpi 1", "vci > 5",
                          "oam", "oamf4ec", "connectmsg", "metac", "on eth0", "rset foo", "rnr 3", "srnr 4",
                          "reason match", "action block", "fisu", "lssu", "msu", "hfisu", "hmsu", "sio 3",
                          "opc 5", "dpc 6", "sls 7", "hsio 3", "hdpc 16383", "sls 16"};
  std::vector<FilterPacket> packets;
  uint32_t seed = 12345;
  for (int i = 0; i < 48; ++i) {
    FilterPacket p;
    size_t n = 1 + (i * 37) % 120;
    for (size_t k = 0; k < n; ++k) {
      seed = seed * 1103515245u + 12345u;
      p.bytes.push_back(static_cast<uint8_t>(seed >> 16));
    }
    if (n > 16) p.bytes[12] = 0x08, p.bytes[13] = 0x00;
    packets.push_back(p);
  }
  size_t bad = 0, compared = 0, todo_errors = 0;
  std::string report;
  for (int dlt = 0; dlt < 300; ++dlt) {
    if (!oracle_compile(dlt, "link[0] = 1", false).ok) continue;  // not a link type libpcap knows
    for (const char* text : kExprs) {
      for (bool opt : {false, true}) {
        OracleResult theirs = oracle_compile(dlt, text, opt);
        auto mine = ours(dlt, text, opt);
        if (!mine && theirs.ok && not_yet_implemented(dlt)) {
          ++todo_errors;
          continue;
        }
        if (theirs.ok != mine.has_value() || (!theirs.ok && theirs.error != mine.status().message())) {
          if (!theirs.ok && !mine.has_value() && not_yet_implemented(dlt)) continue;
          ++bad;
          report += "DLT " + std::to_string(dlt) + " '" + text + "': libpcap " + (theirs.ok ? "ok" : theirs.error) +
                    ", ours " + (mine ? "ok" : mine.status().message()) + "\n";
          continue;
        }
        if (!theirs.ok) continue;
        auto prog = bpf::Program::make(*mine);
        ASSERT_TRUE(prog.has_value());
        ++compared;
        for (const FilterPacket& pkt : packets) {
          auto n = static_cast<u_int>(pkt.bytes.size());
          if (opt && n < 60) continue;  // optimizers may drop loads (see docs/compatibility.md)
          if (prog->run(pkt.bytes.data(), n, n) != oracle_run(theirs.insns, pkt)) {
            ++bad;
            report += "DLT " + std::to_string(dlt) + (opt ? " -O '" : " '") + text + "' differs on a " +
                      std::to_string(n) + "-byte packet\n";
            break;
          }
        }
      }
    }
  }
  std::printf("every link type: %zu programs compared, %zu not-yet-implemented errors\n", compared, todo_errors);
  if (report.size() > 12000) report.resize(12000);
  EXPECT_EQ(bad, 0u) << report;
}

}  // namespace
}  // namespace wpcap::filter
