// optimize.cc - fact propagation, jump threading and block merging
// (see optimize.h).
//
// A fact is "the value computed by statements V, compared by op with k,
// came out true/false". Values are pure functions of the packet, so a fact
// established earlier on a path holds for every later test of the same V.
#include "filter/optimize.h"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace wpcap::filter {
namespace {

struct Fact {
  ValueId v;
  uint16_t op;  // BPF_JEQ/JGT/JGE/JSET
  uint32_t k;
  bool outcome;
  bool operator==(const Fact&) const = default;
  bool operator<(const Fact& o) const {
    return std::tie(v, op, k, outcome) < std::tie(o.v, o.op, o.k, o.outcome);
  }
};
using Facts = std::vector<Fact>;
constexpr size_t kMaxFacts = 24;
constexpr int kPasses = 4;

// -1 unknown, 0 false, 1 true.
int decide_one(const Fact& f, uint16_t op, uint32_t k) {
  if (f.op == op && f.k == k) return f.outcome;
  switch (f.op) {
    case BPF_JEQ:
      if (f.outcome) {
        uint32_t x = f.k;
        switch (op) {
          case BPF_JEQ: return x == k;
          case BPF_JGT: return x > k;
          case BPF_JGE: return x >= k;
          case BPF_JSET: return (x & k) != 0;
        }
      }
      return -1;
    case BPF_JGT:
      if (f.outcome) {  // v > f.k
        if (op == BPF_JGT && k <= f.k) return 1;
        if (op == BPF_JGE && k <= f.k + 1 && f.k != 0xffffffffu) return 1;
        if (op == BPF_JEQ && k <= f.k) return 0;
      } else {          // v <= f.k
        if (op == BPF_JGT && k >= f.k) return 0;
        if (op == BPF_JGE && k > f.k) return 0;
        if (op == BPF_JEQ && k > f.k) return 0;
      }
      return -1;
    case BPF_JGE:
      if (f.outcome) {  // v >= f.k
        if (op == BPF_JGE && k <= f.k) return 1;
        if (op == BPF_JGT && k < f.k) return 1;
        if (op == BPF_JEQ && k < f.k) return 0;
      } else {          // v < f.k
        if (op == BPF_JGE && k >= f.k) return 0;
        if (op == BPF_JGT && f.k > 0 && k >= f.k - 1) return 0;
        if (op == BPF_JEQ && k >= f.k) return 0;
      }
      return -1;
    case BPF_JSET:
      if (f.outcome) {
        if (op == BPF_JSET && (f.k & ~k) == 0) return 1;
        if (op == BPF_JEQ && (k & f.k) == 0) return 0;
      } else {
        if (op == BPF_JSET && (k & ~f.k) == 0) return 0;
        if (op == BPF_JEQ && (k & f.k) != 0) return 0;
      }
      return -1;
  }
  return -1;
}

// What libpcap's optimizer can conclude from an earlier test of the same
// value (fold_edge): the same comparison, or a true "== c" against "== d".
int decide_one_libpcap(const Fact& f, uint16_t op, uint32_t k) {
  if (f.op == op && f.k == k) return f.outcome;
  if (f.op == BPF_JEQ && op == BPF_JEQ && f.outcome) return f.k == k;
  return -1;
}

bool is_k_test(const Block& b) { return b.jcode != 0 && BPF_SRC(b.jcode) == BPF_K && BPF_OP(b.jcode) != BPF_JA; }

// Outcome of a test whose statements load nothing from the packet
// (e.g. "1 = 2"), or -1. *div0 is set when the arithmetic divides by zero.
int fold_constant(const Stmts& s, const Block& b, bool* div0) {
  // Known-ness of A, X and each scratch word; A and X are unknown on entry.
  uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {};
  bool ka = false, kx = false, km[BPF_MEMWORDS] = {};
  for (const Stmt& st : s) {
    switch (st.code) {
      case BPF_LD | BPF_IMM: a = st.k; ka = true; break;
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
        if (BPF_CLASS(st.code) != BPF_ALU) {
          ka = false;  // a packet load
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

// Blocks that load Linux ancillary data (SKF_AD_*: always out of bounds in
// userland) keep their side effect: they are never bypassed.
bool loads_ancillary(const Stmts& s) {
  for (const Stmt& st : s)
    if (BPF_CLASS(st.code) == BPF_LD && BPF_MODE(st.code) == BPF_ABS && st.k >= 0xfffff000u) return true;
  return false;
}

struct Ctx {
  const Ir& ir;
  bool libpcap_power;
  bool div0 = false;
};

int decide(Ctx& c, const Facts& facts, const Block& b) {
  if (b.jcode == 0) return -1;
  int folded = fold_constant(c.ir.value(b.value), b, &c.div0);
  if (folded >= 0) return folded;
  if (!is_k_test(b)) return -1;
  for (const Fact& f : facts) {
    if (f.v != b.value) continue;
    int d = c.libpcap_power ? decide_one_libpcap(f, BPF_OP(b.jcode), b.k) : decide_one(f, BPF_OP(b.jcode), b.k);
    if (d >= 0) return d;
  }
  return -1;
}

void add_fact(Facts* facts, const Block& b, bool outcome) {
  if (!is_k_test(b)) return;
  Fact f{b.value, static_cast<uint16_t>(BPF_OP(b.jcode)), b.k, outcome};
  auto it = std::lower_bound(facts->begin(), facts->end(), f);
  if (it != facts->end() && *it == f) return;
  if (facts->size() >= kMaxFacts) return;
  facts->insert(it, f);
}

Facts intersect(const Facts& a, const Facts& b) {
  Facts out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// Follows target while its test is decided by facts; returns the final target.
BlockId thread(Ctx& c, const Cfg& cfg, BlockId target, Facts facts) {
  for (int hops = 0; hops < 64 && target != kAccept && target != kReject; ++hops) {
    const Block& s = cfg.at(target);
    int d = decide(c, facts, s);
    if (d < 0) break;
    add_fact(&facts, s, d != 0);
    target = d ? s.jt : s.jf;
  }
  return target;
}

std::vector<BlockId> topo_order(const Cfg& cfg) {
  std::vector<char> seen(cfg.size(), 0);
  std::vector<BlockId> work{cfg.root}, out;
  while (!work.empty()) {
    BlockId b = work.back();
    work.pop_back();
    if (b <= kAccept || seen[static_cast<size_t>(b)]) continue;
    seen[static_cast<size_t>(b)] = 1;
    out.push_back(b);
    work.push_back(cfg.at(b).jt);
    work.push_back(cfg.at(b).jf);
  }
  std::sort(out.begin(), out.end(), std::greater<BlockId>());
  return out;
}

bool propagate_and_thread(Ctx& c, Cfg& cfg) {
  std::vector<BlockId> order = topo_order(cfg);
  std::vector<Facts> in(cfg.size());
  std::vector<char> has(cfg.size(), 0);
  bool changed = false;
  for (BlockId b : order) {
    Block& blk = cfg.at(b);
    const Facts& fin = in[static_cast<size_t>(b)];
    int d = decide(c, fin, blk);
    if (d >= 0 && blk.jt != blk.jf) {
      BlockId t = d ? blk.jt : blk.jf;
      blk.jt = blk.jf = t;
      changed = true;
    }
    for (int side = 0; side < 2; ++side) {
      Facts f = fin;
      add_fact(&f, blk, side == 0);
      BlockId& edge = side == 0 ? blk.jt : blk.jf;
      BlockId nt = thread(c, cfg, edge, f);
      if (nt != edge) {
        edge = nt;
        changed = true;
      }
      size_t si = static_cast<size_t>(edge);
      if (edge <= kAccept) continue;
      if (!has[si]) {
        has[si] = 1;
        in[si] = std::move(f);
      } else {
        in[si] = intersect(in[si], f);
      }
    }
  }
  return changed;
}

// Bypasses blocks whose branches meet and merges identical blocks.
void canonicalize(Cfg& cfg, const Ir& ir, bool libpcap_power) {
  Cfg out;
  std::vector<BlockId> order = topo_order(cfg);
  std::vector<BlockId> map(cfg.size(), kReject);
  map[kAccept] = kAccept;
  map[kReject] = kReject;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {  // successors first
    const Block& b = cfg.at(*it);
    BlockId jt = map[static_cast<size_t>(b.jt)], jf = map[static_cast<size_t>(b.jf)];
    bool bypass = jt == jf && (libpcap_power || !loads_ancillary(ir.value(b.value)));
    map[static_cast<size_t>(*it)] = bypass ? jt : out.block(b.value, b.jcode, b.k, jt, jf);
  }
  out.root = map[static_cast<size_t>(cfg.root)];
  cfg = std::move(out);
}

}  // namespace

static void run_passes(Ctx& c, Cfg& cfg) {
  for (int pass = 0; pass < kPasses; ++pass) {
    bool changed = propagate_and_thread(c, cfg);
    canonicalize(cfg, c.ir, c.libpcap_power);
    if (!changed) break;
  }
}

Status optimize_cfg(Cfg& cfg, const Ir& ir, bool* rejects_all) {
  Ctx full{ir, false};
  Cfg weak = cfg;
  run_passes(full, cfg);
  if (full.div0) return Status::error("division by zero");
  *rejects_all = false;
  bool ancillary = false;
  for (BlockId b : topo_order(cfg)) ancillary = ancillary || loads_ancillary(ir.value(cfg.at(b).value));
  if (cfg.root == kReject || ancillary) {
    // Report "rejects all packets" only where libpcap's weaker optimizer
    // would see it too; otherwise the program is just "ret #0".
    Ctx libpcap{ir, true};
    run_passes(libpcap, weak);
    *rejects_all = weak.root == kReject;
  }
  return Status::ok();
}

}  // namespace wpcap::filter
