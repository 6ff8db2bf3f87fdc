// optimize.h - local, semantics-preserving rewrites of the CFG.
//
// Entry point: optimize_cfg(cfg, ir, &rejects_all). Passes (each linear in the number of
// blocks, with a fixed pass budget): facts known on every path into a
// block decide its test (the block is bypassed); per-edge jump threading
// through blocks that test an already-tested value; blocks whose two
// branches meet are bypassed; identical blocks merge (hash-consing).
// Redundant-load elimination happens at layout time (emit.cc).
#pragma once

#include "core/result.h"
#include "filter/cfg.h"
#include "filter/ir.h"

namespace wpcap::filter {

// *rejects_all: the result accepts nothing and libpcap's optimizer would
// also have found that ("expression rejects all packets").
Status optimize_cfg(Cfg& cfg, const Ir& ir, bool* rejects_all);

}  // namespace wpcap::filter
