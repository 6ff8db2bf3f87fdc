// simplify.h - statement-level simplification of each block's value:
// constant folding and propagation through A, X and scratch memory, then
// removal of statements whose result is never used.
//
// Entry point: simplify_values(cfg, ir), run by optimize_cfg before the
// block passes. Every rewritten statement list computes the same A (and
// the same X where the block compares with X) and keeps every packet load
// and every run-time division, so a block's behaviour, including "out of
// bounds rejects", is unchanged.
#pragma once

#include "filter/cfg.h"
#include "filter/ir.h"

namespace wpcap::filter {

// Simplifies the statements of every reachable block; returns whether a
// block's value changed. Scratch words that some block reads before
// writing them itself are treated as live across blocks.
bool simplify_values(Cfg& cfg, Ir& ir);

// The simplification of one statement list (exposed for tests).
// jump_uses_x: the block compares A with X; live_mem: bit i set when
// scratch word i may be read after the list.
Stmts simplify_stmts(std::span<const Stmt> in, bool jump_uses_x, uint32_t live_mem);

}  // namespace wpcap::filter
