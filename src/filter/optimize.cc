// optimize.cc - fact propagation, jump threading and block merging
// (see optimize.h).
//
// A fact is "the value computed by statements V, compared by op with k,
// came out true/false". Values are pure functions of the packet, so a fact
// established earlier on a path holds for every later test of the same V.
#include "filter/optimize.h"

#include <algorithm>
#include <iterator>
#include <new>

#include "filter/chains.h"
#include "filter/coverage.h"
#include "filter/simplify.h"

namespace wpcap::filter {
namespace {

struct Fact {
  // Packed for cheap ordering and comparison (facts form small sorted
  // sets): hi = value << 32 | op << 1 | outcome; lo = k << 32 | origin.
  // origin (libpcap-power mode only) is the block whose branch established
  // the fact: libpcap uses only facts of edges that dominate (one edge on
  // all paths), so facts from different blocks must not merge there.
  uint64_t hi, lo;
  static Fact make(ValueId v, uint16_t op, uint32_t k, bool outcome, BlockId origin) {
    return {uint64_t{v} << 32 | uint64_t{op} << 1 | uint64_t{outcome},
            uint64_t{k} << 32 | static_cast<uint32_t>(origin)};
  }
  ValueId v() const { return static_cast<ValueId>(hi >> 32); }
  uint16_t op() const { return static_cast<uint16_t>(hi >> 1); }
  bool outcome() const { return (hi & 1) != 0; }
  uint32_t k() const { return static_cast<uint32_t>(lo >> 32); }
  bool operator==(const Fact& o) const { return hi == o.hi && lo == o.lo; }
  bool operator<(const Fact& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
};
constexpr size_t kMaxFacts = 10;
// A small sorted set of facts, stored inline (no allocation per block);
// copies move only the facts in use.
struct Facts {
  uint8_t n = 0;
  uint64_t values = 0;  // bit (value % 64) per fact: most tests have no fact, one AND says so
  Fact f[kMaxFacts];
  Facts() = default;
  Facts(const Facts& o) : n(o.n), values(o.values) { std::copy(o.f, o.f + o.n, f); }
  Facts& operator=(const Facts& o) {
    n = o.n;
    values = o.values;
    std::copy(o.f, o.f + o.n, f);
    return *this;
  }
  static uint64_t bit(ValueId v) { return uint64_t{1} << (v & 63); }
  bool may_have(ValueId v) const { return (values & bit(v)) != 0; }
  const Fact* begin() const { return f; }
  const Fact* end() const { return f + n; }
};
constexpr int kPasses = 12;

// -1 unknown, 0 false, 1 true.
[[gnu::always_inline]] inline int decide_one(const Fact& f, uint16_t op, uint32_t k) {
  if (f.op() == op && f.k() == k) return f.outcome();
  switch (f.op()) {
    case BPF_JEQ:
      if (f.outcome()) {
        uint32_t x = f.k();
        switch (op) {
          case BPF_JEQ: return x == k;
          case BPF_JGT: return x > k;
          case BPF_JGE: return x >= k;
          case BPF_JSET: return (x & k) != 0;
        }
      }
      return -1;
    case BPF_JGT:
      if (f.outcome()) {  // v > f.k()
        if (op == BPF_JGT && k <= f.k()) return 1;
        if (op == BPF_JGE && k <= f.k() + 1 && f.k() != 0xffffffffu) return 1;
        if (op == BPF_JEQ && k <= f.k()) return 0;
      } else {          // v <= f.k()
        if (op == BPF_JGT && k >= f.k()) return 0;
        if (op == BPF_JGE && k > f.k()) return 0;
        if (op == BPF_JEQ && k > f.k()) return 0;
      }
      return -1;
    case BPF_JGE:
      if (f.outcome()) {  // v >= f.k()
        if (op == BPF_JGE && k <= f.k()) return 1;
        if (op == BPF_JGT && k < f.k()) return 1;
        if (op == BPF_JEQ && k < f.k()) return 0;
      } else {          // v < f.k()
        if (op == BPF_JGE && k >= f.k()) return 0;
        if (op == BPF_JGT && f.k() > 0 && k >= f.k() - 1) return 0;
        if (op == BPF_JEQ && k >= f.k()) return 0;
      }
      return -1;
    case BPF_JSET:
      if (f.outcome()) {
        if (op == BPF_JSET && (f.k() & ~k) == 0) return 1;
        if (op == BPF_JEQ && (k & f.k()) == 0) return 0;
      } else {
        if (op == BPF_JSET && (k & ~f.k()) == 0) return 0;
        if (op == BPF_JEQ && (k & f.k()) != 0) return 0;
      }
      return -1;
  }
  return -1;
}

// What libpcap's optimizer can conclude from an earlier test of the same
// value (fold_edge): the same comparison, or a true "== c" against "== d".
int decide_one_libpcap(const Fact& f, uint16_t op, uint32_t k) {
  if (f.op() == op && f.k() == k) return f.outcome();
  if (f.op() == BPF_JEQ && op == BPF_JEQ && f.outcome()) return f.k() == k;
  return -1;
}

// A fact's op is BPF_OP | BPF_SRC: a comparison with X (whose value is
// part of the statement list) only ever matches the identical test.
bool is_k_test(const Block& b) { return b.jcode != 0 && BPF_OP(b.jcode) != BPF_JA; }
uint16_t fact_op(const Block& b) { return static_cast<uint16_t>(BPF_OP(b.jcode) | BPF_SRC(b.jcode)); }

// "and #m; jeq #0", which libpcap's peephole pass turns into "jset #m"
// (a different value), so its fold_edge never relates it to "and #m; jeq #c".
bool is_masked_zero_test(std::span<const Stmt> s, const Block& b) {
  return !s.empty() && s.back().code == (BPF_ALU | BPF_AND | BPF_K) && b.jcode == (BPF_JMP | BPF_JEQ | BPF_K) && b.k == 0;
}

// Outcome of a test whose statements load nothing from the packet
// (e.g. "1 = 2"), or -1. *div0 is set when the arithmetic divides by zero.
// fold_alu=false: only loads, stores and moves of constants, no arithmetic
// (libpcap's branch passes number values without folding statements).
int fold_constant(std::span<const Stmt> s, const Block& b, bool* div0, bool fold_alu = true) {
  // Known-ness of A, X and each scratch word; A and X are unknown on entry.
  uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {};
  bool ka = false, kx = false, km[BPF_MEMWORDS] = {};
  for (const Stmt& st : s) {
    switch (st.code) {
      case BPF_LD | BPF_IMM: a = st.k; ka = fold_alu || st.jt != kFoldedArith; break;
      case BPF_LDX | BPF_IMM: x = st.k; kx = true; break;
      case BPF_LD | BPF_MEM: a = mem[st.k % BPF_MEMWORDS]; ka = km[st.k % BPF_MEMWORDS]; break;
      case BPF_LDX | BPF_MEM: x = mem[st.k % BPF_MEMWORDS]; kx = km[st.k % BPF_MEMWORDS]; break;
      case BPF_ST: mem[st.k % BPF_MEMWORDS] = a; km[st.k % BPF_MEMWORDS] = ka; break;
      case BPF_STX: mem[st.k % BPF_MEMWORDS] = x; km[st.k % BPF_MEMWORDS] = kx; break;
      case BPF_MISC | BPF_TAX: x = a; kx = ka; break;
      case BPF_MISC | BPF_TXA: a = x; ka = kx; break;
      default: {
        if (BPF_CLASS(st.code) == BPF_LDX) {
          kx = false;
          break;
        }
        if (BPF_CLASS(st.code) != BPF_ALU || !fold_alu) {
          ka = false;  // a packet load, or arithmetic libpcap does not fold yet
          break;
        }
        bool kv = BPF_SRC(st.code) == BPF_X ? kx : true;
        uint32_t v = BPF_SRC(st.code) == BPF_X ? x : st.k;
        uint16_t op = BPF_OP(st.code);
        // libpcap folds "and #0" / "mul #0" to the constant 0 whatever A is.
        if (BPF_SRC(st.code) == BPF_K && v == 0 && (op == BPF_AND || op == BPF_MUL)) {
          a = 0;
          ka = true;
          break;
        }
        if (!ka || !kv) {
          ka = false;
          break;
        }
        switch (op) {
          case BPF_ADD: a += v; break;
          case BPF_SUB: a -= v; break;
          case BPF_MUL: a *= v; break;
          case BPF_DIV: if (v == 0) { *div0 = true; return -1; } a /= v; break;
          case BPF_MOD: if (v == 0) { *div0 = true; return -1; } a %= v; break;
          case BPF_AND: a &= v; break;
          case BPF_OR: a |= v; break;
          case BPF_XOR: a ^= v; break;
          case BPF_LSH: a = v < 32 ? a << v : 0; break;
          case BPF_RSH: a = v < 32 ? a >> v : 0; break;
          case BPF_NEG: a = 0u - a; break;
          default: ka = false; break;
        }
      }
    }
  }
  bool xsrc = BPF_SRC(b.jcode) == BPF_X;
  if (!ka || (xsrc && !kx)) return -1;
  uint32_t k = xsrc ? x : b.k;
  switch (BPF_OP(b.jcode)) {
    case BPF_JEQ: return a == k;
    case BPF_JGT: return a > k;
    case BPF_JGE: return a >= k;
    case BPF_JSET: return (a & k) != 0;
    default: return -1;
  }
}

// Loads of Linux ancillary data (SKF_AD_*). The optimizer assumes what the
// kernel does with them (they read per-packet metadata and never fail), as
// libpcap's optimizer does; userland interpreters reject at them instead.
bool loads_ancillary(std::span<const Stmt> s) {
  for (const Stmt& st : s)
    if (BPF_CLASS(st.code) == BPF_LD && BPF_MODE(st.code) == BPF_ABS && st.k >= 0xfffff000u) return true;
  return false;
}

struct Ctx {
  Ir& ir;
  bool libpcap_power;
  bool thread_edges = true;
  bool div0 = false;
  // Exact stage (run_exact_passes): redundant tests are bypassed, and a
  // block is only ever bypassed without changing which packets an
  // out-of-bounds load rejects. cov: covered_extent() at the pass start;
  // decided: blocks whose outcome earlier loads settle (by id, this pass).
  AVec<int8_t> maybe_const;  // per value: -1 unknown, 0/1 (see maybe_const())
  bool exact = false;
  bool rb_possible = false;  // outside the exact stage: the last pass saw a redundant test
  AVec<uint64_t> cov;
  AVec<char> decided;
  // K tests of the graph sorted by value (merge_facts), built on first need in a pass.
  AVec<Block> tests;
  bool tests_built = false;
  AVec<uint8_t> preds;  // per block at the pass start: 0, 1 or 2 (= more than one) predecessors
};

// Can the statements leave a constant in A (or divide by a constant zero)?
// Independent of the test and of facts, so worked out once per value.
bool maybe_const_slow(Ctx& c, ValueId v) {
  if (v >= c.maybe_const.size()) c.maybe_const.resize(c.ir.value_count(), -1);
  int8_t& m = c.maybe_const[v];
  if (m < 0) {
    m = 0;
    for (const Stmt& st : c.ir.value(v)) {
      const uint16_t cls = BPF_CLASS(st.code), mode = BPF_MODE(st.code);
      if (cls == BPF_ALU || cls == BPF_MISC || mode == BPF_IMM || mode == BPF_MEM) m = 1;
    }
    if (m != 0) {  // A known after the statements? ("jeq #0" stands for any K test)
      bool div0 = false;
      Block probe;
      probe.value = v;
      probe.jcode = BPF_JMP | BPF_JEQ | BPF_K;
      m = fold_constant(c.ir.value(v), probe, &div0) >= 0 || div0;
    }
  }
  return m != 0;
}

inline bool maybe_const(Ctx& c, ValueId v) {
  return v < c.maybe_const.size() && c.maybe_const[v] >= 0 ? c.maybe_const[v] != 0 : maybe_const_slow(c, v);
}

int decide(Ctx& c, const Facts& facts, const Block& b) {
  if (b.jcode == 0) return -1;
  if (maybe_const(c, b.value)) {
    int folded = fold_constant(c.ir.value(b.value), b, &c.div0, !c.libpcap_power);
    if (folded >= 0) return folded;
  }
  if (!facts.may_have(b.value) || !is_k_test(b)) return -1;
  if (c.libpcap_power && is_masked_zero_test(c.ir.value(b.value), b)) return -1;
  for (const Fact& f : facts) {  // sorted by value
    if (f.v() != b.value) {
      if (f.v() > b.value) break;
      continue;
    }
    int d = c.libpcap_power ? decide_one_libpcap(f, fact_op(b), b.k) : decide_one(f, fact_op(b), b.k);
    if (d >= 0) return d;
  }
  return -1;
}

void add_fact(Facts* facts, const Block& b, bool outcome, BlockId origin = -1) {
  if (!is_k_test(b)) return;
  Fact f = Fact::make(b.value, fact_op(b), b.k, outcome, origin);
  Fact* end = facts->f + facts->n;
  Fact* it = std::lower_bound(facts->f, end, f);
  if (it != end && *it == f) return;
  if (facts->n >= kMaxFacts) return;
  std::move_backward(it, end, end + 1);
  *it = f;
  ++facts->n;
  facts->values |= Facts::bit(b.value);
}

// *a = *a ∩ b (both sorted; in place, a's survivors move down).
void intersect_into(Facts* a, const Facts& b) {
  uint8_t out = 0;
  uint64_t values = 0;
  const Fact* j = b.begin();
  for (uint8_t i = 0; i < a->n; ++i) {
    while (j != b.end() && *j < a->f[i]) ++j;
    if (j != b.end() && *j == a->f[i]) {
      a->f[out++] = a->f[i];
      values |= Facts::bit(a->f[i].v());
    }
  }
  a->n = out;
  a->values = values;
}

void collect_tests(Ctx& c, const Cfg& cfg, const AVec<BlockId>& order) {
  c.tests.clear();
  for (BlockId b : order) {
    const Block& blk = cfg.at(b);
    if (!blk.in_set && is_k_test(blk) && BPF_SRC(blk.jcode) == BPF_K) c.tests.push_back(blk);
  }
  auto key = [](const Block& x) { return uint64_t{x.value} << 16 | x.jcode; };
  std::sort(c.tests.begin(), c.tests.end(),
            [&](const Block& x, const Block& y) { return key(x) != key(y) ? key(x) < key(y) : x.k < y.k; });
  c.tests.erase(std::unique(c.tests.begin(), c.tests.end(),
                            [&](const Block& x, const Block& y) { return key(x) == key(y) && x.k == y.k; }),
                c.tests.end());
  c.tests_built = true;
}

// *a = what holds after a merge of a path with facts *a and one with b:
// their common facts, and for a value both know something about, every
// test of the graph on it that both decide alike ("[13] = 0x84" on one
// path and "[13] = 6" on the other: "[13] = 17" is false after the merge).
void merge_facts(Ctx& c, const Cfg& cfg, const AVec<BlockId>& order, Facts* a, const Facts& b) {
  if (c.libpcap_power || (a->values & b.values) == 0) return intersect_into(a, b);
  const Facts old = *a;
  intersect_into(a, b);
  constexpr ptrdiff_t kMaxTestsPerValue = 16;
  for (uint8_t i = 0; i < old.n; ++i) {
    const ValueId v = old.f[i].v();
    if ((i > 0 && old.f[i - 1].v() == v) || !b.may_have(v)) continue;
    // Only where each side knows v's value exactly (and they differ: else
    // the intersection kept it): "== x" true on one side, "== y" on the other.
    auto equal_to = [v](const Facts& fs, uint32_t* x) {
      for (const Fact& f : fs)
        if (f.v() == v && f.op() == (BPF_JEQ | BPF_K) && f.outcome()) {
          *x = f.k();
          return true;
        }
      return false;
    };
    uint32_t xa = 0, xb = 0;
    if (!equal_to(old, &xa) || !equal_to(b, &xb)) continue;
    if (!c.tests_built) collect_tests(c, cfg, order);
    auto lo = std::lower_bound(c.tests.begin(), c.tests.end(), v, [](const Block& x, ValueId w) { return x.value < w; });
    auto hi = lo;
    while (hi != c.tests.end() && hi->value == v && hi - lo <= kMaxTestsPerValue) ++hi;
    if (hi - lo > kMaxTestsPerValue) continue;
    const Fact fa = Fact::make(v, BPF_JEQ | BPF_K, xa, true, -1), fb = Fact::make(v, BPF_JEQ | BPF_K, xb, true, -1);
    for (auto t = lo; t != hi; ++t) {
      int d = decide_one(fa, fact_op(*t), t->k);
      if (d >= 0 && d == decide_one(fb, fact_op(*t), t->k)) add_fact(a, *t, d != 0);
    }
  }
}

// Follows target while its test is decided by facts; returns the final target.
BlockId thread(Ctx& c, const Cfg& cfg, BlockId target, const Facts& start) {
  if (target <= kAccept || !c.thread_edges) return target;
  // A test decided by the facts adds nothing they do not imply: no copy.
  for (int hops = 0; hops < 64 && target > kAccept; ++hops) {
    const Block& s = cfg.at(target);
    int d = decide(c, start, s);
    if (d < 0) break;
    target = d ? s.jt : s.jf;
  }
  return target;
}

// A test is redundant when its other successor, entered with the facts of
// this side (f), comes through tests those facts decide to this side's
// successor: both outcomes may then go to the other successor, and the
// test is bypassed. (Per-edge facts: e.g. "[44] = 17 ? accept : ([44] = 6 ?
// reject : accept)" needs no first test.) Returns whether blk changed.
// Only in the exact stage; the bypass then drops no load that could fail.
bool redundant_branch(Ctx& c, const Cfg& cfg, Block& blk, bool taken, const Facts& f) {
  if (c.libpcap_power || !c.thread_edges || blk.jt == blk.jf) return false;
  BlockId& here = taken ? blk.jt : blk.jf;
  BlockId other = taken ? blk.jf : blk.jt;
  if (other <= kAccept) return false;
  if (!c.exact) {  // only note that the exact stage has work
    c.rb_possible = c.rb_possible || thread(c, cfg, other, f) == here;
    return false;
  }
  // Exact: where the packet goes instead loads at least as far.
  if (load_need(c.ir.value(blk.value)) > c.cov[static_cast<size_t>(other)]) return false;
  if (thread(c, cfg, other, f) != here) return false;
  here = other;
  return true;
}

// The same seen from an edge: its target s is redundant for the packets
// that come this way when their facts (f), with the outcome that leads to
// one successor of s, thread that successor to the other one. The edge
// then goes there directly: "[12] = 0x806 ? ([28] = a ? reject : ([12] >
// 0x5dc ? reject : ...))" needs no [28] test on the arp side, although
// other edges into the [28] test still do. Exact stage as above.
bool skip_redundant_target(Ctx& c, const Cfg& cfg, BlockId& edge, const Facts& f) {
  // With one predecessor, the facts at s are this edge's: redundant_branch's case.
  if (c.libpcap_power || !c.thread_edges || edge <= kAccept || c.preds[static_cast<size_t>(edge)] < 2) return false;
  const Block& s = cfg.at(edge);
  if (s.in_set || s.jcode == 0 || s.jt == s.jf || !is_k_test(s)) return false;
  for (int side = 0; side < 2; ++side) {
    BlockId here = side == 0 ? s.jt : s.jf, other = side == 0 ? s.jf : s.jt;
    if (other <= kAccept) continue;
    // Cheap first (the usual case): is other's own test decided at all?
    const Block& o = cfg.at(other);
    if (decide(c, f, o) < 0) {
      if (o.value != s.value || !is_k_test(o)) continue;
      if (decide_one(Fact::make(s.value, fact_op(s), s.k, side != 0, -1), fact_op(o), o.k) < 0) continue;
    }
    Facts g = f;
    add_fact(&g, s, side != 0);
    if (thread(c, cfg, other, g) != here) continue;
    if (!c.exact) {  // only note that the exact stage has work
      c.rb_possible = true;
      return false;
    }
    if (load_need(c.ir.value(s.value)) > c.cov[static_cast<size_t>(here)]) continue;
    edge = here;
    return true;
  }
  return false;
}

// Reachable blocks, predecessors first: successors always have smaller
// ids than their predecessors, so descending id order is topological.
AVec<BlockId> topo_order(const Cfg& cfg) {
  AVec<char> seen(cfg.size(), 0);
  AVec<BlockId> out;
  out.reserve(cfg.size());
  if (cfg.root <= kAccept) return out;
  seen[static_cast<size_t>(cfg.root)] = 1;
  for (BlockId b = cfg.root; b > kAccept; --b) {
    if (!seen[static_cast<size_t>(b)]) continue;
    out.push_back(b);
    seen[static_cast<size_t>(cfg.at(b).jt)] = 1;
    seen[static_cast<size_t>(cfg.at(b).jf)] = 1;
  }
  return out;
}

bool propagate_and_thread(Ctx& c, Cfg& cfg) {
  AVec<BlockId> order = topo_order(cfg);
  c.rb_possible = false;
  c.tests_built = false;
  c.decided.assign(cfg.size(), 0);
  c.preds.assign(cfg.size(), 0);
  for (BlockId b : order)
    for (BlockId s : {cfg.at(b).jt, cfg.at(b).jf}) c.preds[static_cast<size_t>(s)] = static_cast<uint8_t>(std::min(c.preds[static_cast<size_t>(s)] + 1, 2));
  if (c.exact) c.cov = covered_extent(cfg, c.ir);
  // in[b] is constructed when has[b] is first set (no zeroing of all
  // cfg.size() fact sets per pass).
  const size_t nblocks = cfg.size();
  auto* in = static_cast<Facts*>(arena::allocate(nblocks * sizeof(Facts), alignof(Facts)));
  AVec<char> has(nblocks, 0);
  if (!order.empty()) {  // the root: nothing known
    new (&in[static_cast<size_t>(order[0])]) Facts();
    has[static_cast<size_t>(order[0])] = 1;
  }
  bool changed = false;
  for (BlockId b : order) {
    if (!has[static_cast<size_t>(b)]) continue;  // no longer reached: edges into it were threaded away
    Block& blk = cfg.at(b);
    const Facts& fin = in[static_cast<size_t>(b)];
    if (blk.in_set) {  // tree nodes: thread and pass the facts through; own fact only from "=="
      const bool eq = BPF_OP(blk.jcode) == BPF_JEQ;
      for (BlockId* edge : {&blk.jt, &blk.jf}) {
        Facts own;
        if (eq) {
          own = fin;
          add_fact(&own, blk, edge == &blk.jt);
        }
        const Facts& fe = eq ? own : fin;
        BlockId nt = thread(c, cfg, *edge, fe);
        if (nt != *edge) {
          *edge = nt;
          changed = true;
        }
        BlockId succ = *edge;
        size_t si = static_cast<size_t>(succ);
        if (succ <= kAccept) continue;
        if (!has[si]) {
          has[si] = 1;
          new (&in[si]) Facts(fe);
        } else {
          merge_facts(c, cfg, order, &in[si], fe);
        }
      }
      continue;
    }
    int d = decide(c, fin, blk);
    if (d >= 0 && blk.jt != blk.jf) {
      BlockId t = d ? blk.jt : blk.jf;
      blk.jt = blk.jf = t;
      changed = true;
    }
    if (d >= 0) c.decided[static_cast<size_t>(b)] = 1;
    bool no_fact = c.libpcap_power && is_masked_zero_test(c.ir.value(blk.value), blk);
    for (int side = 0; side < 2; ++side) {
      Facts f = fin;
      if (!no_fact) add_fact(&f, blk, side == 0, c.libpcap_power ? b : -1);
      BlockId& edge = side == 0 ? blk.jt : blk.jf;
      BlockId nt = thread(c, cfg, edge, f);
      if (nt != edge) {
        edge = nt;
        changed = true;
      }
      if (redundant_branch(c, cfg, blk, side == 0, f)) {
        c.decided[static_cast<size_t>(b)] = 1;
        changed = true;
      }
      if (skip_redundant_target(c, cfg, edge, f)) changed = true;
      size_t si = static_cast<size_t>(edge);
      if (edge <= kAccept) continue;
      if (!has[si]) {
        has[si] = 1;
        new (&in[si]) Facts(f);
      } else {
        merge_facts(c, cfg, order, &in[si], f);
      }
    }
  }
  arena::deallocate(in, nblocks * sizeof(Facts));
  return changed;
}

// Bypasses blocks whose branches meet and merges identical blocks. With
// exact, a block that meets keeps its test (for its loads) unless its
// outcome was decided or where it goes loads at least as far. Returns
// whether another pass may find more: a block was merged into another, or
// bypassed without its test having been decided in the last pass (a decided
// test's predecessors were threaded past it already; with decided == null,
// always true).
bool canonicalize(Cfg& cfg, const Ir& ir, const Ctx* exact = nullptr,
                  const AVec<char>* decided = nullptr) {
  bool more = decided == nullptr;
  Cfg out;
  AVec<BlockId> order = topo_order(cfg);
  AVec<uint64_t> cov;
  if (exact != nullptr) cov = covered_extent(cfg, ir);
  out.reserve(order.size());
  AVec<BlockId> map(cfg.size(), kReject);
  map[kAccept] = kAccept;
  map[kReject] = kReject;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {  // successors first
    const Block& b = cfg.at(*it);
    BlockId jt = map[static_cast<size_t>(b.jt)], jf = map[static_cast<size_t>(b.jf)];
    bool bypass = jt == jf;
    if (bypass && exact != nullptr && !exact->decided[static_cast<size_t>(*it)])
      bypass = load_need(ir.value(b.value)) <= cov[static_cast<size_t>(b.jt)];
    if (bypass) {
      map[static_cast<size_t>(*it)] = jt;
      more = more || !(*decided)[static_cast<size_t>(*it)];
    } else {
      const size_t before = out.size();
      map[static_cast<size_t>(*it)] = out.block(b.value, b.jcode, b.k, jt, jf, b.in_set);
      more = more || out.size() == before;  // merged into an identical block
    }
  }
  out.root = map[static_cast<size_t>(cfg.root)];
  cfg = std::move(out);
  return more;
}

}  // namespace

static void run_passes(Ctx& c, Cfg& cfg, bool merge_first = false) {
  // Bypass tests whose branches meet before threading: threading through
  // a test that will vanish anyway only makes its predecessors bigger.
  bool meets = merge_first;
  for (BlockId b : topo_order(cfg)) meets = meets || cfg.at(b).jt == cfg.at(b).jf;
  if (meets) canonicalize(cfg, c.ir);
  for (int pass = 0; pass < kPasses; ++pass) {
    if (!propagate_and_thread(c, cfg)) break;
    // Without threading, decided tests are not passed by their predecessors.
    if (!canonicalize(cfg, c.ir, nullptr, c.thread_edges ? &c.decided : nullptr)) break;
  }
}

// Last: redundant tests (redundant_branch) go, and nothing after this may
// bypass a test that was kept for its loads.
static void run_exact_passes(Ctx& c, Cfg& cfg) {
  if (!c.thread_edges || !c.rb_possible) return;  // its first pass would change nothing
  c.exact = true;
  for (int pass = 0; pass < kPasses; ++pass) {
    if (!propagate_and_thread(c, cfg)) break;
    canonicalize(cfg, c.ir, &c);
  }
  c.exact = false;
}

// Peephole: "and #m; jeq #0" -> "jset #m" with the branches swapped.
// *shared (if given): a rewritten block now tests a value another block
// tests too (only then can facts relate it to anything).
bool masked_tests_to_jset(Cfg& cfg, Ir& ir, bool* shared = nullptr) {
  bool changed = false;
  AVec<BlockId> order = topo_order(cfg);
  AVec<BlockId> rewritten;
  for (BlockId b : order) {
    Block& blk = cfg.at(b);
    std::span<const Stmt> s = ir.value(blk.value);
    if (!is_masked_zero_test(s, blk) || s.back().k == 0) continue;
    // Keep "and #m" when a successor tests the same masked value (its
    // load is then redundant and disappears at layout).
    if ((blk.jt > kAccept && cfg.at(blk.jt).value == blk.value) || (blk.jf > kAccept && cfg.at(blk.jf).value == blk.value))
      continue;
    uint32_t mask = s.back().k;
    Stmts shorter(s.begin(), s.end() - 1);
    blk.value = ir.intern(shorter);
    blk.jcode = BPF_JMP | BPF_JSET | BPF_K;
    blk.k = mask;
    std::swap(blk.jt, blk.jf);
    changed = true;
    rewritten.push_back(b);
  }
  if (shared != nullptr && changed) {
    AVec<uint8_t> uses(ir.value_count(), 0);
    for (BlockId b : order) uses[cfg.at(b).value] = static_cast<uint8_t>(std::min(uses[cfg.at(b).value] + 1, 2));
    *shared = false;
    for (BlockId b : rewritten) *shared = *shared || uses[cfg.at(b).value] > 1;
  }
  return changed;
}

// No two reachable blocks test the same value, none can fold to a
// constant and no branches meet: then no fact decides any test, so
// threading, redundant tests and regrouping leave the graph as it is
// (the common case for short filters).
// *masked: some block is an "and #m; jeq #0" (a jset candidate).
static bool nothing_to_decide(Ctx& c, const Cfg& cfg, bool* masked) {
  AVec<uint8_t> seen(c.ir.value_count(), 0);
  *masked = false;
  for (BlockId b : topo_order(cfg)) {
    const Block& blk = cfg.at(b);
    if (blk.jt == blk.jf || blk.in_set || seen[blk.value]++ != 0 || maybe_const(c, blk.value)) return false;
    *masked = *masked || is_masked_zero_test(c.ir.value(blk.value), blk);
  }
  return true;
}

Status optimize_cfg(Cfg& cfg, Ir& ir, bool libpcap_power, bool thread_edges) {
  Ctx c{ir, libpcap_power, thread_edges};
  // Simplified statement lists may make blocks identical: merge them first.
  const bool simplified = !libpcap_power && simplify_values(cfg, ir);
  bool masked = false;
  if (nothing_to_decide(c, cfg, &masked)) {
    // What the passes below would do here: merge/renumber, the jset peephole.
    if (simplified) canonicalize(cfg, ir);
    if (libpcap_power || !masked || !masked_tests_to_jset(cfg, ir)) return Status::ok();
    if (nothing_to_decide(c, cfg, &masked)) {
      canonicalize(cfg, ir);
      return Status::ok();
    }
    run_passes(c, cfg, true);
    run_exact_passes(c, cfg);
    return Status::ok();
  }
  run_passes(c, cfg, simplified);
  if (c.div0) return Status::error("division by zero");
  if (!libpcap_power) {
    // Regrouped chains, and jset forms that share a value with another
    // test, may thread further.
    bool more = group_chains(cfg, ir), shared = false;
    if (masked_tests_to_jset(cfg, ir, &shared)) more = more || shared;
    if (more) run_passes(c, cfg, true);
    run_exact_passes(c, cfg);
  }
  return Status::ok();
}

// libpcap folds arithmetic on constants only in its last passes, which no
// longer redirect edges: a test so decided is skipped only where it is the
// program's first block (opt_root), and then its successor likewise.
BlockId libpcap_final_root(const Cfg& cfg, const Ir& ir) {
  BlockId b = cfg.root;
  for (size_t steps = 0; steps < cfg.size(); ++steps) {
    const Block& blk = cfg.at(b);
    if (blk.jcode == 0) break;
    bool div0 = false;
    int d = blk.jt == blk.jf ? 1 : fold_constant(ir.value(blk.value), blk, &div0);
    if (d < 0) break;
    b = d != 0 ? blk.jt : blk.jf;
  }
  return b;
}

bool loads_ancillary(const Cfg& cfg, const Ir& ir) {
  bool any = false;  // cheaper first: does any statement list at all?
  for (ValueId v = 0; v < ir.value_count() && !any; ++v) any = loads_ancillary(ir.value(v));
  if (!any) return false;
  for (BlockId b : topo_order(cfg))
    if (loads_ancillary(ir.value(cfg.at(b).value))) return true;
  return false;
}

}  // namespace wpcap::filter
