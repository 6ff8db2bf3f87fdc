// chains.cc - stable regrouping of "or"/"and" chains by compared value
// (see chains.h).
//
// One walk finds the chains (blocks in descending id order are
// topological; a chain's later blocks have exactly one predecessor); each
// chain's tests are sorted by the position of their value's first test and
// written back into the chain's own blocks, so ids stay topological.
#include "filter/chains.h"

#include <algorithm>
#include <vector>

namespace wpcap::filter {
namespace {

bool loads_ancillary_data(std::span<const Stmt> s) {
  for (const Stmt& st : s)
    if (BPF_CLASS(st.code) == BPF_LD && BPF_MODE(st.code) == BPF_ABS && st.k >= 0xfffff000u) return true;
  return false;
}

bool movable(const Cfg& cfg, const Ir& ir, BlockId b) {
  if (b <= kAccept) return false;
  const Block& blk = cfg.at(b);
  if (blk.in_set || blk.jcode == 0 || BPF_OP(blk.jcode) == BPF_JA || blk.jt == blk.jf) return false;
  return !loads_ancillary_data(ir.value(blk.value));
}

// Rewrites the chain's blocks with their tests grouped by value; false if
// the tests were grouped already.
bool regroup(Cfg& cfg, const AVec<BlockId>& chain, bool is_or) {
  const size_t n = chain.size();
  // (value, position) sorted gives each value's first test; then
  // (first test of the value, position) sorted is the grouped order.
  AVec<std::pair<size_t, size_t>> key(n);
  for (size_t i = 0; i < n; ++i) key[i] = {cfg.at(chain[i]).value, i};
  std::sort(key.begin(), key.end());
  for (size_t i = 0, first = 0, value = 0; i < n; ++i) {
    if (i == 0 || key[i].first != value) first = key[i].second;
    value = key[i].first;
    key[i].first = first;
  }
  std::sort(key.begin(), key.end());
  bool moved = false;
  for (size_t i = 0; i < n; ++i) moved = moved || key[i].second != i;
  if (!moved) return false;
  const Block& last = cfg.at(chain.back());
  const BlockId common = is_or ? last.jt : last.jf, exit = is_or ? last.jf : last.jt;
  AVec<Block> tests(n);
  for (size_t i = 0; i < n; ++i) tests[i] = cfg.at(chain[key[i].second]);
  for (size_t i = 0; i < n; ++i) {
    Block& b = cfg.at(chain[i]);
    b = tests[i];
    const BlockId next = i + 1 < n ? chain[i + 1] : exit;
    b.jt = is_or ? common : next;
    b.jf = is_or ? next : common;
  }
  return true;
}

}  // namespace

bool group_chains(Cfg& cfg, const Ir& ir) {
  if (cfg.root <= kAccept) return false;
  AVec<uint32_t> preds(cfg.size(), 0);
  AVec<char> seen(cfg.size(), 0);
  AVec<char> mov(cfg.size(), 0);  // movable(), once per block
  AVec<uint8_t> uses(ir.value_count(), 0);
  AVec<BlockId> order;
  order.reserve(cfg.size());
  seen[static_cast<size_t>(cfg.root)] = 1;
  bool repeated = false;  // some value tested twice: else no chain can change
  for (BlockId b = cfg.root; b > kAccept; --b) {
    if (!seen[static_cast<size_t>(b)]) continue;
    order.push_back(b);
    mov[static_cast<size_t>(b)] = movable(cfg, ir, b);
    repeated = repeated || uses[cfg.at(b).value]++ != 0;
    for (BlockId s : {cfg.at(b).jt, cfg.at(b).jf}) {
      ++preds[static_cast<size_t>(s)];
      seen[static_cast<size_t>(s)] = 1;
    }
  }
  if (!repeated) return false;
  AVec<char> used(cfg.size(), 0);
  AVec<BlockId> chain;
  bool changed = false;
  for (BlockId b : order) {
    if (used[static_cast<size_t>(b)] || !mov[static_cast<size_t>(b)]) continue;
    for (int is_or = 1; is_or >= 0; --is_or) {
      const BlockId common = is_or ? cfg.at(b).jt : cfg.at(b).jf;
      chain.assign(1, b);
      for (;;) {
        const BlockId next = is_or ? cfg.at(chain.back()).jf : cfg.at(chain.back()).jt;
        if (next <= kAccept || !mov[static_cast<size_t>(next)] || preds[static_cast<size_t>(next)] != 1 ||
            used[static_cast<size_t>(next)])
          break;
        if ((is_or ? cfg.at(next).jt : cfg.at(next).jf) != common) break;
        chain.push_back(next);
      }
      if (chain.size() < 3) continue;  // two tests are grouped already
      for (BlockId c : chain) used[static_cast<size_t>(c)] = 1;
      changed = regroup(cfg, chain, is_or != 0) || changed;
      break;
    }
  }
  return changed;
}

}  // namespace wpcap::filter
