// ir.cc - the test DAG builder (see ir.h).
//
// Constant folding happens here: and/or/not with true/false collapse, so
// the code generator can return true_()/false_() freely.
#include "filter/ir.h"

#include <algorithm>

namespace wpcap::filter {

namespace {

constexpr ValueId kEmptySlot = 0xffffffffu;

uint32_t hash_stmts(std::span<const Stmt> s) {
  uint64_t h = 1469598103934665603ULL;
  for (const Stmt& st : s) {
    h = (h ^ (st.code | uint32_t{st.jt} << 16 | uint32_t{st.jf} << 24)) * 1099511628211ULL;
    h = (h ^ st.k) * 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

}  // namespace

Ir::Ir() {
  preds_.reserve(64);
  preds_.push_back(Pred{PredKind::kTrue});
  preds_.push_back(Pred{PredKind::kFalse});
  arena_.reserve(128);
  slots_.assign(64, kEmptySlot);
}

void Ir::grow() {
  AVec<ValueId> bigger(slots_.size() * 2, kEmptySlot);
  size_t mask = bigger.size() - 1;
  for (ValueId v = 0; v < hashes_.size(); ++v) {
    size_t i = hashes_[v] & mask;
    while (bigger[i] != kEmptySlot) i = (i + 1) & mask;
    bigger[i] = v;
  }
  slots_.swap(bigger);
}

ValueId Ir::intern(std::span<const Stmt> s) {
  uint32_t h = hash_stmts(s);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    ValueId v = slots_[i];
    if (v == kEmptySlot) break;
    if (hashes_[v] == h) {
      std::span<const Stmt> have = value(v);
      if (have.size() == s.size() && std::equal(have.begin(), have.end(), s.begin())) return v;
    }
  }
  ValueId id = static_cast<ValueId>(hashes_.size());
  arena_.insert(arena_.end(), s.begin(), s.end());
  starts_.push_back(static_cast<uint32_t>(arena_.size()));
  hashes_.push_back(h);
  if (hashes_.size() * 2 > slots_.size()) {
    grow();
  } else {
    size_t i = h & mask;
    while (slots_[i] != kEmptySlot) i = (i + 1) & mask;
    slots_[i] = id;
  }
  return id;
}

PredId Ir::add(Pred p) {
  preds_.push_back(p);
  return static_cast<PredId>(preds_.size() - 1);
}

PredId Ir::test(ValueId v, uint16_t jop, uint32_t k) {
  Pred p;
  p.kind = PredKind::kTest;
  p.jcode = static_cast<uint16_t>(BPF_JMP | jop | BPF_K);
  p.value = v;
  p.k = k;
  return add(p);
}

PredId Ir::test_x(ValueId v, uint16_t jop) {
  Pred p;
  p.kind = PredKind::kTest;
  p.jcode = static_cast<uint16_t>(BPF_JMP | jop | BPF_X);
  p.value = v;
  return add(p);
}

PredId Ir::set(ValueId v, std::span<const uint32_t> in) {
  // One distinct value (the common "port 80"): a plain test, no copy.
  if (!in.empty() && std::all_of(in.begin(), in.end(), [&](uint32_t x) { return x == in[0]; }))
    return test(v, BPF_JEQ, in[0]);
  std::vector<uint32_t> values(in.begin(), in.end());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() == 1) return test(v, BPF_JEQ, values[0]);
  Pred p;
  p.kind = PredKind::kSet;
  p.value = v;
  p.k = static_cast<uint32_t>(sets_.size());
  sets_.push_back(std::move(values));
  return add(p);
}

PredId Ir::and_(PredId a, PredId b) {
  if (a < 0) return b;
  if (b < 0) return a;
  if (a == false_() || b == true_()) return a;   // false and x: x never runs
  if (a == true_()) return b;
  Pred p;
  p.kind = PredKind::kAnd;
  p.a = a;
  p.b = b;
  return add(p);
}

PredId Ir::or_(PredId a, PredId b) {
  if (a < 0) return b;
  if (b < 0) return a;
  if (a == true_() || b == false_()) return a;
  if (a == false_()) return b;
  Pred p;
  p.kind = PredKind::kOr;
  p.a = a;
  p.b = b;
  return add(p);
}

PredId Ir::not_(PredId a) {
  if (a == true_()) return false_();
  if (a == false_()) return true_();
  Pred p;
  p.kind = PredKind::kNot;
  p.a = a;
  return add(p);
}

}  // namespace wpcap::filter
