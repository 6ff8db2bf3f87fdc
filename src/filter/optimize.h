// optimize.h - local, semantics-preserving rewrites of the CFG.
//
// Entry point: optimize_cfg(cfg, ir). Passes (each linear in the number of
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

// libpcap_power limits what facts decide to what libpcap's optimizer can
// conclude (so "expression rejects all packets" is reported alike), and
// lets blocks that load Linux ancillary data be bypassed as libpcap does.
// thread_edges=false: facts only decide tests every path agrees on; edges
// are not redirected past tests (sometimes smaller: threading can keep
// tests alive that would otherwise all lead to the same place).
Status optimize_cfg(Cfg& cfg, Ir& ir, bool libpcap_power = false, bool thread_edges = true);

// Where libpcap's opt_root leaves the root of a libpcap_power-optimized
// CFG: past leading tests that constant arithmetic decides.
BlockId libpcap_final_root(const Cfg& cfg, const Ir& ir);

// Does any reachable block load Linux ancillary data (SKF_AD_*)?
bool loads_ancillary(const Cfg& cfg, const Ir& ir);

}  // namespace wpcap::filter
