// optimize_test.cc - the optimizer's transformations one by one, on test
// DAGs built by hand (ir.h): statement simplification (simplify.h),
// redundant tests (optimize.cc, exact stage), chain regrouping (chains.h),
// facts at joins and of set nodes, edge skips, Linux ancillary loads.
// Each checks the program shrinks as intended and still gives the
// unoptimized program's answer on every packet, truncated ones included
// where the transformation claims to keep out-of-bounds behaviour.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bpf/program.h"
#include "filter/cfg.h"
#include "filter/compile.h"
#include "filter/emit.h"
#include "filter/ir.h"
#include "filter/optimize.h"
#include "filter/simplify.h"

namespace wpcap::filter {
namespace {

constexpr uint16_t kLdB = BPF_LD | BPF_B | BPF_ABS, kLdH = BPF_LD | BPF_H | BPF_ABS;

std::vector<bpf_insn> lower(Ir& ir, PredId root, bool optimize) {
  Cfg cfg = build_cfg(ir, root);
  if (optimize) EXPECT_TRUE(optimize_cfg(cfg, ir).is_ok());
  auto p = emit(cfg, ir, 0xffff, optimize, 1u << 20);
  EXPECT_TRUE(p.has_value());
  return p ? *p : std::vector<bpf_insn>{};
}

// Runs both programs on random packets of every length up to max_len
// (bytes drawn from `alphabet` so that comparisons hit); counts disagreements.
int disagreements(const std::vector<bpf_insn>& a, const std::vector<bpf_insn>& b, size_t max_len, size_t min_len,
                  const std::vector<uint8_t>& alphabet) {
  auto pa = bpf::Program::make(a), pb = bpf::Program::make(b);
  EXPECT_TRUE(pa.has_value() && pb.has_value());
  if (!pa || !pb) return 1;
  std::mt19937 rng(42);
  int bad = 0;
  for (size_t len = min_len; len <= max_len; ++len) {
    for (int round = 0; round < 400; ++round) {
      std::vector<u_char> pkt(len);
      for (auto& byte : pkt) byte = alphabet[rng() % alphabet.size()];
      auto n = static_cast<u_int>(len);
      bad += pa->run(pkt.data(), n, n) != pb->run(pkt.data(), n, n);
    }
  }
  return bad;
}

ValueId load(Ir& ir, uint16_t code, uint32_t k) { return ir.intern(Stmts{{code, k}}); }

// --- statement simplification ----------------------------------------------

struct SimplifyCase {
  const char* what;
  Stmts in;
  bool uses_x;
  uint32_t live_mem;
  Stmts out;
};

TEST(Simplify, FoldsPropagatesAndDropsDeadStatements) {
  const Stmt ldxmsh{BPF_LDX | BPF_MSH | BPF_B, 14}, ind{BPF_LD | BPF_IND | BPF_B, 14};
  const std::vector<SimplifyCase> cases = {
      {"tcp[-1]: constant index through scratch memory",
       {{BPF_LD | BPF_IMM, 1}, {BPF_ALU | BPF_NEG, 0}, {BPF_ST, 0}, ldxmsh, {BPF_LD | BPF_MEM, 0},
        {BPF_ALU | BPF_ADD | BPF_X, 0}, {BPF_MISC | BPF_TAX, 0}, ind},
       false, 0,
       {ldxmsh, {BPF_LD | BPF_IMM, 0xffffffffu}, {BPF_ALU | BPF_ADD | BPF_X, 0}, {BPF_MISC | BPF_TAX, 0}, ind}},
      {"a scratch word read elsewhere keeps its store",
       {{BPF_LD | BPF_IMM, 1}, {BPF_ALU | BPF_NEG, 0}, {BPF_ST, 0}, ldxmsh, {BPF_LD | BPF_MEM, 0},
        {BPF_ALU | BPF_ADD | BPF_X, 0}, {BPF_MISC | BPF_TAX, 0}, ind},
       false, 1,
       {{BPF_LD | BPF_IMM, 0xffffffffu}, {BPF_ST, 0}, ldxmsh, {BPF_LD | BPF_IMM, 0xffffffffu},
        {BPF_ALU | BPF_ADD | BPF_X, 0}, {BPF_MISC | BPF_TAX, 0}, ind}},
      {"constant arithmetic", {{BPF_LD | BPF_IMM, 2}, {BPF_ALU | BPF_ADD | BPF_K, 3}, {BPF_ALU | BPF_MUL | BPF_K, 4}},
       false, 0, {{BPF_LD | BPF_IMM, 20}}},
      {"known X becomes an immediate operand",
       {{BPF_LDX | BPF_IMM, 3}, {kLdB, 0}, {BPF_ALU | BPF_ADD | BPF_X, 0}}, false, 0,
       {{kLdB, 0}, {BPF_ALU | BPF_ADD | BPF_K, 3}}},
      {"division by constant zero stays", {{BPF_LD | BPF_IMM, 5}, {BPF_ALU | BPF_DIV | BPF_K, 0}}, false, 0,
       {{BPF_LD | BPF_IMM, 5}, {BPF_ALU | BPF_DIV | BPF_K, 0}}},
      {"a run-time division stays even when its result is dead",
       {ldxmsh, {BPF_LD | BPF_IMM, 4}, {BPF_ALU | BPF_DIV | BPF_X, 0}, {kLdB, 0}}, false, 0,
       {ldxmsh, {BPF_LD | BPF_IMM, 4}, {BPF_ALU | BPF_DIV | BPF_X, 0}, {kLdB, 0}}},
      {"packet loads stay even when dead", {{kLdH, 12}, {kLdB, 0}}, false, 0, {{kLdH, 12}, {kLdB, 0}}},
      {"X compared with A stays live", {{BPF_LD | BPF_IMM, 3}, {BPF_MISC | BPF_TAX, 0}, {kLdB, 0}}, true, 0,
       {{BPF_LD | BPF_IMM, 3}, {BPF_MISC | BPF_TAX, 0}, {kLdB, 0}}},
      {"X not compared is dead", {{BPF_LD | BPF_IMM, 3}, {BPF_MISC | BPF_TAX, 0}, {kLdB, 0}}, false, 0, {{kLdB, 0}}},
  };
  for (const SimplifyCase& c : cases) {
    Stmts got = simplify_stmts(c.in, c.uses_x, c.live_mem);
    EXPECT_EQ(got, c.out) << c.what;
  }
}

TEST(Simplify, ProgramsAgreeWithUnsimplifiedOnEveryPacket) {
  Ir ir;
  const Stmt ldxmsh{BPF_LDX | BPF_MSH | BPF_B, 0};
  // (ip[0]&0xf)*4 - 1 + 2 indexed, compared; plus 7 / 0 guarded elsewhere.
  ValueId v = ir.intern(Stmts{{BPF_LD | BPF_IMM, 1}, {BPF_ALU | BPF_NEG, 0}, {BPF_ST, 0}, ldxmsh,
                              {BPF_LD | BPF_MEM, 0}, {BPF_ALU | BPF_ADD | BPF_X, 0}, {BPF_MISC | BPF_TAX, 0},
                              {BPF_LD | BPF_IND | BPF_B, 3}});
  PredId root = ir.or_(ir.test(v, BPF_JEQ, 0x11), ir.test(load(ir, kLdB, 1), BPF_JGT, 0x40));
  auto opt = lower(ir, root, true), plain = lower(ir, root, false);
  EXPECT_LT(opt.size(), plain.size());
  EXPECT_EQ(disagreements(opt, plain, 80, 0, {0x11, 0x41, 0x42, 0x45, 0x4f, 0x00}), 0);
}

// --- redundant tests (exact stage) -----------------------------------------

TEST(RedundantTest, BypassedWhenTheOtherSuccessorDecidesTheSame) {
  // [44] = 17 ? accept : ([44] = 6 ? reject : accept): the first test
  // cannot change the outcome ([44] = 17 means [44] != 6).
  Ir ir;
  ValueId b44 = load(ir, kLdB, 44);
  PredId root = ir.or_(ir.test(b44, BPF_JEQ, 17), ir.not_(ir.test(b44, BPF_JEQ, 6)));
  auto opt = lower(ir, root, true), plain = lower(ir, root, false);
  EXPECT_EQ(opt.size(), 4u);  // ldb [44]; jeq #6; ret; ret
  // Exact, truncated packets included.
  EXPECT_EQ(disagreements(opt, plain, 50, 0, {17, 6, 0}), 0);
}

TEST(RedundantTest, KeptWhenBypassingWouldDropALoadThatCanFail) {
  // On IPv6/TCP this is "port 80", but the optimizer finds that only in
  // part: "[54] = 0 ? [56] = 80 : ([54] = 80 ? accept : [56] = 80)" loses
  // its first test, after which "[56] = 8080" before it has both branches
  // at the same place. Bypassing that one too would accept a packet cut
  // after byte 55 with source port 80, which its load of [56] rejects (and
  // libpcap's program does too).
  CompileRequest req;
  req.text = "!llc rnr && port 8080 or 0 || not llc rr and port http";
  req.snaplen = 0xffff;
  auto opt = compile(req);
  req.optimize = false;
  auto plain = compile(req);
  ASSERT_TRUE(opt.has_value() && plain.has_value());
  auto po = bpf::Program::make(*opt), pp = bpf::Program::make(*plain);
  ASSERT_TRUE(po.has_value() && pp.has_value());
  std::vector<u_char> pkt(60, 0);
  pkt[12] = 0x86, pkt[13] = 0xdd, pkt[20] = 6;
  int bad = 0, accepted = 0;
  for (uint32_t src : {0u, 80u, 8080u}) {
    for (uint32_t dst : {0u, 80u, 8080u}) {
      pkt[54] = static_cast<u_char>(src >> 8), pkt[55] = static_cast<u_char>(src);
      pkt[56] = static_cast<u_char>(dst >> 8), pkt[57] = static_cast<u_char>(dst);
      for (u_int len = 54; len <= 60; ++len) {
        u_int a = po->run(pkt.data(), len, len);
        bad += a != pp->run(pkt.data(), len, len);
        accepted += a != 0;
      }
    }
  }
  EXPECT_EQ(bad, 0);
  EXPECT_GT(accepted, 0);
}

// --- chain regrouping ---------------------------------------------------------

TEST(ChainGrouping, OrAndAndChainsLoadEachValueOnce) {
  // or: src=80 | dst=80 | src=81 | dst=81 | src=82 (common true target);
  // and: src&1 & dst&1 & src&2 & dst&2 & src&4 (common false target).
  struct Case {
    bool is_or;
    uint16_t jop;
    uint32_t k[5];
    std::vector<uint8_t> bytes;
  };
  const std::vector<Case> cases = {{true, BPF_JEQ, {80, 80, 81, 81, 82}, {0, 80, 81, 82}},
                                   {false, BPF_JSET, {1, 1, 2, 2, 4}, {0, 1, 3, 7, 0xff}}};
  for (const Case& c : cases) {
    Ir ir;
    load(ir, kLdB, 99);  // value ids other than 0 and 1 for the chain's values
    ValueId src = load(ir, kLdH, 34), dst = load(ir, kLdH, 36);
    const ValueId v[] = {src, dst, src, dst, src};
    PredId root = c.is_or ? ir.false_() : ir.true_();
    for (int i = 4; i >= 0; --i) {
      PredId t = ir.test(v[i], c.jop, c.k[i]);
      root = c.is_or ? ir.or_(t, root) : ir.and_(t, root);
    }
    auto opt = lower(ir, root, true), plain = lower(ir, root, false);
    EXPECT_EQ(opt.size(), 9u) << (c.is_or ? "or" : "and");  // two loads, five tests, two returns
    EXPECT_EQ(plain.size(), 12u);
    // Same answer on every complete packet (the order of loads, and so
    // which one fails first on a truncated packet, may change).
    EXPECT_EQ(disagreements(opt, plain, 64, 38, c.bytes), 0) << (c.is_or ? "or" : "and");
  }
}

TEST(ChainGrouping, SharedBlocksAreNotMoved) {
  // (src=80 or dst=80 or src=81) reached also from another test into its
  // middle: the middle block has two predecessors, so no chain of 3 forms.
  Ir ir;
  ValueId src = load(ir, kLdH, 34), dst = load(ir, kLdH, 36), other = load(ir, kLdB, 23);
  PredId tail = ir.or_(ir.test(dst, BPF_JEQ, 80), ir.test(src, BPF_JEQ, 81));
  PredId root = ir.or_(ir.and_(ir.test(other, BPF_JEQ, 6), tail), ir.or_(ir.test(src, BPF_JEQ, 80), tail));
  auto opt = lower(ir, root, true), plain = lower(ir, root, false);
  EXPECT_EQ(disagreements(opt, plain, 64, 38, {0, 6, 80, 81}), 0);
}

// --- facts at joins, edge skips, set facts, ancillary loads -----------------

bool has_ancillary_load(const std::vector<bpf_insn>& p) {
  for (const bpf_insn& i : p)
    if (BPF_CLASS(i.code) == BPF_LD && BPF_MODE(i.code) == BPF_ABS && i.k >= 0xfffff000u) return true;
  return false;
}

TEST(JoinedFacts, TwoExactValuesDecideATestBothPathsDecideAlike) {
  // ([9] = 6 or [9] = 132) and ([20] = 0 or [9] = 17): after the join [9]
  // is 6 or 132, so "[9] = 17" is false and its test (and load) goes.
  Ir ir;
  ValueId b9 = load(ir, kLdB, 9), b20 = load(ir, kLdB, 20);
  PredId root = ir.and_(ir.or_(ir.test(b9, BPF_JEQ, 6), ir.test(b9, BPF_JEQ, 132)),
                        ir.or_(ir.test(b20, BPF_JEQ, 0), ir.test(b9, BPF_JEQ, 17)));
  auto opt = lower(ir, root, true), plain = lower(ir, root, false);
  EXPECT_EQ(opt.size(), 7u);  // ldb [9]; jeq #6; jeq #132; ldb [20]; jeq #0; ret; ret
  EXPECT_EQ(disagreements(opt, plain, 24, 0, {0, 6, 17, 132}), 0);
}

TEST(EdgeSkip, ATestRedundantForOnePredecessorIsSkippedOnItsEdge) {
  // not (([12] = 0x806 or [12] = 0x8035) and [28] = 7) and not [12] > 0x5dc:
  // on the edges from the two [12] tests, [28] = 7 rejects either way (both
  // values are > 0x5dc), so those edges skip it and then the [12] tests
  // themselves go. Dropping the [28] load only loses rejects.
  Ir ir;
  ValueId h12 = load(ir, kLdH, 12), w28 = load(ir, BPF_LD | BPF_W | BPF_ABS, 28);
  PredId arp = ir.or_(ir.test(h12, BPF_JEQ, 0x806), ir.test(h12, BPF_JEQ, 0x8035));
  PredId root = ir.and_(ir.not_(ir.and_(arp, ir.test(w28, BPF_JEQ, 7))), ir.not_(ir.test(h12, BPF_JGT, 0x5dc)));
  auto opt = lower(ir, root, true), plain = lower(ir, root, false);
  EXPECT_EQ(opt.size(), 4u);  // ldh [12]; jgt #0x5dc; ret; ret
  EXPECT_EQ(disagreements(opt, plain, 40, 0, {0, 7, 0x08, 0x06, 0x80, 0x35, 0x05}), 0);
}

TEST(SetFacts, EqualityNodesOfAValueSetAddTheirOutcome) {
  // "tcp port 1000 or 8080 or 443 ... or not tcp port 8080" holds for every
  // packet; the set's "== 8080" nodes tell the later port test so.
  CompileRequest req;
  req.text = "tcp port 1000 or 8080 or 443 or not tcp port 8080";
  req.linktype = 1;
  req.snaplen = 0xffff;
  req.optimize = true;
  auto opt = compile(req);
  ASSERT_TRUE(opt.has_value());
  EXPECT_EQ(opt->size(), 1u);  // ret #65535
}

TEST(AncillaryLoads, ATestOnMetadataWhoseBranchesMeetGoes) {
  // (pkttype = 4 and [0] = 1) or [0] = 1: both outcomes of the metadata
  // test lead to "[0] = 1". The kernel never fails an ancillary load, and
  // libpcap's optimizer drops such a test too; unoptimized keeps it.
  Ir ir;
  ValueId pkttype = load(ir, kLdH, 0xfffff004u), b0 = load(ir, kLdB, 0);
  PredId root = ir.or_(ir.and_(ir.test(pkttype, BPF_JEQ, 4), ir.test(b0, BPF_JEQ, 1)), ir.test(b0, BPF_JEQ, 1));
  auto opt = lower(ir, root, true), plain = lower(ir, root, false);
  EXPECT_EQ(opt.size(), 4u);  // ldb [0]; jeq #1; ret; ret
  EXPECT_FALSE(has_ancillary_load(opt));
  EXPECT_TRUE(has_ancillary_load(plain));
}

}  // namespace
}  // namespace wpcap::filter
