// chains.h - regrouping the tests of "or" and "and" chains by the value
// they compare, so a value is loaded once per group instead of once per
// test (e.g. "port 80 or port 81 or ..." nested in other operators tests
// src, dst, src, dst...; grouped: all src, then all dst).
//
// Entry point: group_chains(cfg, ir), run by optimize_cfg.
#pragma once

#include "filter/cfg.h"
#include "filter/ir.h"

namespace wpcap::filter {

// An "or" chain is a run of blocks that all branch to the same block when
// true, each reached only from the one before it (false edge); an "and"
// chain likewise with a common false target. Such a chain takes its common
// target when any (all) of its tests hold, whatever their order, so the
// tests are reordered, stably, to put tests of the same value together.
// Only tests without Linux ancillary loads move. Like every optimizer
// pass, this may change which load rejects a truncated packet first.
// Returns whether a block changed (the CFG then needs canonicalizing).
bool group_chains(Cfg& cfg, const Ir& ir);

}  // namespace wpcap::filter
