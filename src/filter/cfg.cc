// cfg.cc - lowering the test DAG to blocks (see cfg.h).
//
// Iterative (an explicit work stack), so a 5000-term "or" does not recurse
// 5000 deep. The test DAG is a tree (codegen never shares a node), so each
// node is lowered once; shared blocks come from hash-consing. Successors are built before their predecessors, so a block's
// successors always have smaller ids: descending id order is topological.
#include "filter/cfg.h"


namespace wpcap::filter {

namespace {

uint32_t hash_block(ValueId v, uint16_t jcode, uint32_t k, BlockId jt, BlockId jf) {
  uint64_t h = v;
  h = h * 0x9E3779B97F4A7C15ULL ^ jcode;
  h = h * 0x9E3779B97F4A7C15ULL ^ k;
  h = h * 0x9E3779B97F4A7C15ULL ^ static_cast<uint32_t>(jt);
  h = h * 0x9E3779B97F4A7C15ULL ^ static_cast<uint32_t>(jf);
  h ^= h >> 33;  // fmix64: every input bit reaches the low bits used as index
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

}  // namespace

Cfg::Cfg() {
  blocks_.reserve(32);
  blocks_.push_back(Block{});  // reject
  blocks_.push_back(Block{});  // accept
  hashes_.assign(2, 0);
  slots_.assign(64, -1);
}

void Cfg::reserve(size_t blocks) {
  blocks_.reserve(blocks + 2);
  hashes_.reserve(blocks + 2);
  size_t want = slots_.size();
  while (want < 2 * (blocks + 2)) want *= 2;
  if (want != slots_.size()) {
    slots_.assign(want, -1);
    size_t mask = want - 1;
    for (size_t b = 2; b < blocks_.size(); ++b) {
      size_t i = hashes_[b] & mask;
      while (slots_[i] >= 0) i = (i + 1) & mask;
      slots_[i] = static_cast<BlockId>(b);
    }
  }
}

void Cfg::grow() {
  AVec<BlockId> bigger(slots_.size() * 2, -1);
  size_t mask = bigger.size() - 1;
  for (size_t b = 2; b < blocks_.size(); ++b) {
    size_t i = hashes_[b] & mask;
    while (bigger[i] >= 0) i = (i + 1) & mask;
    bigger[i] = static_cast<BlockId>(b);
  }
  slots_.swap(bigger);
}

BlockId Cfg::block(ValueId v, uint16_t jcode, uint32_t k, BlockId jt, BlockId jf, bool in_set) {
  uint32_t h = hash_block(v, jcode, k, jt, jf);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (; slots_[i] >= 0; i = (i + 1) & mask) {
    const Block& b = blocks_[static_cast<size_t>(slots_[i])];
    if (hashes_[static_cast<size_t>(slots_[i])] == h && b.value == v && b.jcode == jcode && b.k == k && b.jt == jt &&
        b.jf == jf) {
      blocks_[static_cast<size_t>(slots_[i])].in_set &= in_set;
      return slots_[i];
    }
  }
  blocks_.push_back(Block{v, jcode, k, jt, jf, in_set});
  hashes_.push_back(h);
  BlockId id = static_cast<BlockId>(blocks_.size() - 1);
  if (blocks_.size() * 2 > slots_.size()) grow();
  else slots_[i] = id;
  return id;
}

namespace {

// "A in values[lo, hi)" as a balanced tree of jge/jeq on one loaded value.
BlockId set_tree(Cfg& cfg, ValueId v, const std::vector<uint32_t>& vals, size_t lo, size_t hi, BlockId t, BlockId f) {
  if (hi - lo <= 3) {
    BlockId next = f;
    for (size_t i = hi; i > lo; --i) next = cfg.block(v, BPF_JMP | BPF_JEQ | BPF_K, vals[i - 1], t, next, true);
    return next;
  }
  size_t mid = lo + (hi - lo) / 2;
  BlockId upper = set_tree(cfg, v, vals, mid, hi, t, f);
  BlockId lower = set_tree(cfg, v, vals, lo, mid, t, f);
  return cfg.block(v, BPF_JMP | BPF_JGE | BPF_K, vals[mid], upper, lower, true);
}

}  // namespace

Cfg build_cfg(const Ir& ir, PredId root) {
  Cfg cfg;
  if (ir.size() > 32) cfg.reserve(ir.size());  // about one block per test (sets add more; the table grows then)
  struct Frame {
    PredId p;
    BlockId t, f;
    int stage;
    BlockId tmp;
  };
  AVec<Frame> stack{{root, kAccept, kReject, 0, 0}};
  BlockId ret = kReject;  // result of the last finished frame
  while (!stack.empty()) {
    Frame& fr = stack.back();
    const Pred& p = ir.at(fr.p);
    switch (p.kind) {
      case PredKind::kTrue: ret = fr.t; break;
      case PredKind::kFalse: ret = fr.f; break;
      case PredKind::kTest: ret = cfg.block(p.value, p.jcode, p.k, fr.t, fr.f); break;
      case PredKind::kSet: {
        const auto& vals = ir.set_values(p.k);
        ret = set_tree(cfg, p.value, vals, 0, vals.size(), fr.t, fr.f);
        break;
      }
      case PredKind::kNot:
        if (fr.stage == 0) {
          fr.stage = 1;
          Frame child{p.a, fr.f, fr.t, 0, 0};
          stack.push_back(child);
          continue;
        }
        break;  // ret holds the child's block
      case PredKind::kAnd: case PredKind::kOr:
        if (fr.stage == 0) {
          fr.stage = 1;
          Frame child{p.b, fr.t, fr.f, 0, 0};
          stack.push_back(child);
          continue;
        }
        if (fr.stage == 1) {
          fr.stage = 2;
          fr.tmp = ret;
          Frame child = p.kind == PredKind::kAnd ? Frame{p.a, ret, fr.f, 0, 0} : Frame{p.a, fr.t, ret, 0, 0};
          stack.push_back(child);
          continue;
        }
        break;
    }
    stack.pop_back();
  }
  cfg.root = ret;
  return cfg;
}

}  // namespace wpcap::filter
