// cfg.h - the control-flow graph of a BPF program: blocks of statements
// ending in a two-way branch, or a return.
//
// Entry points: Cfg, build_cfg(ir, root) (lowers the test DAG: and/or/not
// become branch targets, value sets become balanced comparison trees;
// identical blocks are shared by hash-consing). Optimized by optimize.cc,
// turned into bpf_insn[] by emit.cc.
#pragma once

#include <cstdint>
#include <vector>

#include "filter/ir.h"

namespace wpcap::filter {

using BlockId = int32_t;
inline constexpr BlockId kReject = 0;  // ret #0
inline constexpr BlockId kAccept = 1;  // ret #snaplen

struct Block {
  ValueId value = 0;    // statements computing A (and X)
  uint16_t jcode = 0;   // 0 for the two return blocks
  uint32_t k = 0;
  BlockId jt = kReject, jf = kReject;
  bool in_set = false;  // part of a value-set comparison tree: no facts worth tracking
};

class Cfg {
 public:
  Cfg();
  void reserve(size_t blocks);
  BlockId block(ValueId v, uint16_t jcode, uint32_t k, BlockId jt, BlockId jf, bool in_set = false);
  Block& at(BlockId b) { return blocks_[static_cast<size_t>(b)]; }
  const Block& at(BlockId b) const { return blocks_[static_cast<size_t>(b)]; }
  size_t size() const { return blocks_.size(); }
  BlockId root = kAccept;

 private:
  void grow();
  AVec<Block> blocks_;
  AVec<uint32_t> hashes_;  // per block
  AVec<BlockId> slots_;    // open addressing; -1 = empty
};

Cfg build_cfg(const Ir& ir, PredId root);

}  // namespace wpcap::filter
