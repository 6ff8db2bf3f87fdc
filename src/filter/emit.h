// emit.h - lays the blocks out as a bpf_insn program.
//
// Entry point: emit(cfg, ir, snaplen, drop_reloads) -> instructions.
// Blocks go out in topological order; a conditional branch farther than
// 255 instructions gets a "ja" trampoline. With drop_reloads, a block whose
// statements recompute what A already holds on every incoming path loses
// them (redundant-load elimination).
#pragma once

#include <pcap/bpf.h>

#include <vector>

#include "core/result.h"
#include "filter/cfg.h"
#include "filter/ir.h"

namespace wpcap::filter {

Result<std::vector<bpf_insn>> emit(const Cfg& cfg, const Ir& ir, uint32_t snaplen, bool drop_reloads,
                                   size_t max_insns);

}  // namespace wpcap::filter
