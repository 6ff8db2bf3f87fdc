// cfg.cc - lowering the test DAG to blocks (see cfg.h).
//
// Iterative (an explicit work stack), so a 5000-term "or" does not recurse
// 5000 deep. Successors are built before their predecessors, so a block's
// successors always have smaller ids: descending id order is topological.
#include "filter/cfg.h"

#include <map>
#include <tuple>

namespace wpcap::filter {

size_t Cfg::KeyHash::operator()(const Key& k) const {
  size_t h = k.v;
  h = h * 1000003u ^ k.jcode;
  h = h * 1000003u ^ k.k;
  h = h * 1000003u ^ static_cast<size_t>(k.jt);
  h = h * 1000003u ^ static_cast<size_t>(k.jf);
  return h;
}

Cfg::Cfg() {
  blocks_.push_back(Block{});  // reject
  blocks_.push_back(Block{});  // accept
}

BlockId Cfg::block(ValueId v, uint16_t jcode, uint32_t k, BlockId jt, BlockId jf) {
  Key key{v, jcode, k, jt, jf};
  auto it = interned_.find(key);
  if (it != interned_.end()) return it->second;
  blocks_.push_back(Block{v, jcode, k, jt, jf});
  BlockId id = static_cast<BlockId>(blocks_.size() - 1);
  interned_.emplace(key, id);
  return id;
}

namespace {

// "A in values[lo, hi)" as a balanced tree of jge/jeq on one loaded value.
BlockId set_tree(Cfg& cfg, ValueId v, const std::vector<uint32_t>& vals, size_t lo, size_t hi, BlockId t, BlockId f) {
  if (hi - lo <= 3) {
    BlockId next = f;
    for (size_t i = hi; i > lo; --i) next = cfg.block(v, BPF_JMP | BPF_JEQ | BPF_K, vals[i - 1], t, next);
    return next;
  }
  size_t mid = lo + (hi - lo) / 2;
  BlockId upper = set_tree(cfg, v, vals, mid, hi, t, f);
  BlockId lower = set_tree(cfg, v, vals, lo, mid, t, f);
  return cfg.block(v, BPF_JMP | BPF_JGE | BPF_K, vals[mid], upper, lower);
}

}  // namespace

Cfg build_cfg(const Ir& ir, PredId root) {
  Cfg cfg;
  struct Frame {
    PredId p;
    BlockId t, f;
    int stage;
    BlockId tmp;
  };
  std::map<std::tuple<PredId, BlockId, BlockId>, BlockId> memo;
  std::vector<Frame> stack{{root, kAccept, kReject, 0, 0}};
  BlockId ret = kReject;  // result of the last finished frame
  while (!stack.empty()) {
    Frame& fr = stack.back();
    const Pred& p = ir.at(fr.p);
    if (fr.stage == 0) {
      auto it = memo.find({fr.p, fr.t, fr.f});
      if (it != memo.end()) {
        ret = it->second;
        stack.pop_back();
        continue;
      }
    }
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
    memo[{fr.p, fr.t, fr.f}] = ret;
    stack.pop_back();
  }
  cfg.root = ret;
  return cfg;
}

}  // namespace wpcap::filter
