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

bool is_k_test(const Block& b) { return b.jcode != 0 && BPF_SRC(b.jcode) == BPF_K && BPF_OP(b.jcode) != BPF_JA; }

int decide(const Facts& facts, const Block& b) {
  if (!is_k_test(b)) return -1;
  for (const Fact& f : facts) {
    if (f.v != b.value) continue;
    int d = decide_one(f, BPF_OP(b.jcode), b.k);
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
BlockId thread(const Cfg& cfg, BlockId target, Facts facts) {
  for (int hops = 0; hops < 64 && target != kAccept && target != kReject; ++hops) {
    const Block& s = cfg.at(target);
    int d = decide(facts, s);
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

bool propagate_and_thread(Cfg& cfg) {
  std::vector<BlockId> order = topo_order(cfg);
  std::vector<Facts> in(cfg.size());
  std::vector<char> has(cfg.size(), 0);
  bool changed = false;
  for (BlockId b : order) {
    Block& blk = cfg.at(b);
    const Facts& fin = in[static_cast<size_t>(b)];
    int d = decide(fin, blk);
    if (d >= 0 && blk.jt != blk.jf) {
      BlockId t = d ? blk.jt : blk.jf;
      blk.jt = blk.jf = t;
      changed = true;
    }
    for (int side = 0; side < 2; ++side) {
      Facts f = fin;
      add_fact(&f, blk, side == 0);
      BlockId& edge = side == 0 ? blk.jt : blk.jf;
      BlockId nt = thread(cfg, edge, f);
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
void canonicalize(Cfg& cfg) {
  Cfg out;
  std::vector<BlockId> order = topo_order(cfg);
  std::vector<BlockId> map(cfg.size(), kReject);
  map[kAccept] = kAccept;
  map[kReject] = kReject;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {  // successors first
    const Block& b = cfg.at(*it);
    BlockId jt = map[static_cast<size_t>(b.jt)], jf = map[static_cast<size_t>(b.jf)];
    map[static_cast<size_t>(*it)] = jt == jf ? jt : out.block(b.value, b.jcode, b.k, jt, jf);
  }
  out.root = map[static_cast<size_t>(cfg.root)];
  cfg = std::move(out);
}

}  // namespace

void optimize_cfg(Cfg& cfg, const Ir& ir) {
  (void)ir;
  for (int pass = 0; pass < kPasses; ++pass) {
    bool changed = propagate_and_thread(cfg);
    canonicalize(cfg);
    if (!changed) break;
  }
}

}  // namespace wpcap::filter
