// ir.h - the code generator's output: a DAG of boolean tests.
//
// Entry points: Ir (builder), Stmt, PredId. A test is "run these statements
// (which compute A from the packet), then branch on A": the statement list
// is interned as a ValueId, so equal loads are recognisably equal to the
// optimizer. Tests combine with and/or/not; set tests ("A is one of these
// values") come from set recognition. Produced by codegen*.cc, consumed by
// cfg.cc (lowering to blocks).
#pragma once

#include <pcap/bpf.h>

#include <cstdint>
#include <span>
#include <vector>

#include "filter/arena.h"

namespace wpcap::filter {

// A statement; a jump (protochain's loop, geneve's header-type test) has
// jt/jf (or, for `ja`, k) relative to itself and must land inside its own
// statement list or on the test right after it. Values with jumps (and
// values that store offsets in M[]) are emitted verbatim, never optimized:
// Codegen::forces_unoptimized().
struct Stmt {
  constexpr Stmt(uint16_t c = 0, uint32_t kk = 0, uint8_t t = 0, uint8_t f = 0) : code(c), jt(t), jf(f), k(kk) {}
  uint16_t code;
  uint8_t jt, jf;
  uint32_t k;
  bool operator==(const Stmt&) const = default;
};
// Stmt::jt of a "ld #k" that code generation folded from constant
// arithmetic ("1 + 1"): libpcap computes it at run time, and only its last
// optimizer passes know the value (optimize.cc). Emitted as jt = 0.
inline constexpr uint8_t kFoldedArith = 1;
using Stmts = AVec<Stmt>;  // arena-backed (arena.h) inside compile()

using PredId = int32_t;
using ValueId = uint32_t;

enum class PredKind : uint8_t { kTrue, kFalse, kTest, kSet, kAnd, kOr, kNot };

struct Pred {
  PredKind kind = PredKind::kTrue;
  uint16_t jcode = 0;  // kTest: BPF_JMP|BPF_JEQ/JGT/JGE/JSET|BPF_K (or BPF_X)
  ValueId value = 0;   // kTest/kSet: the statements computing A
  uint32_t k = 0;      // kTest: constant; kSet: index into sets
  PredId a = -1, b = -1;
};

class Ir {
 public:
  Ir();
  ValueId intern(std::span<const Stmt> s);
  std::span<const Stmt> value(ValueId v) const {
    return {arena_.data() + starts_[v], starts_[v + 1] - starts_[v]};
  }
  size_t value_count() const { return starts_.size() - 1; }

  PredId test(ValueId v, uint16_t jop, uint32_t k);             // jop: BPF_JEQ, BPF_JGT, ...
  PredId test_x(ValueId v, uint16_t jop);                       // compare A with X
  PredId set(ValueId v, std::span<const uint32_t> values);      // A in values
  PredId and_(PredId a, PredId b);
  PredId or_(PredId a, PredId b);
  PredId not_(PredId a);
  PredId true_() const { return 0; }
  PredId false_() const { return 1; }

  const Pred& at(PredId p) const { return preds_[static_cast<size_t>(p)]; }
  size_t size() const { return preds_.size(); }
  const std::vector<uint32_t>& set_values(uint32_t i) const { return sets_[i]; }

 private:
  PredId add(Pred p);
  void grow();
  // Statement lists live back to back in arena_; value v is
  // [starts_[v], starts_[v+1]). slots_ is an open-addressing table of ids.
  AVec<Stmt> arena_;
  AVec<uint32_t> starts_{0};
  AVec<uint32_t> hashes_;
  AVec<ValueId> slots_;  // kEmptySlot or a value id
  AVec<Pred> preds_;
  std::vector<std::vector<uint32_t>> sets_;
};

}  // namespace wpcap::filter
