// coverage.h - which packet bytes a program is sure to load, for rewrites
// that must not change which packets an out-of-bounds load rejects.
//
// A load past the captured bytes makes a BPF program return 0, as a reject
// does. Dropping a block's loads is therefore exact when every path from
// where the packet goes instead to "accept" loads at least as far into the
// packet. Entry points: load_need(), covered_extent().
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "filter/cfg.h"
#include "filter/ir.h"

namespace wpcap::filter {

inline constexpr uint64_t kCoverAll = ~uint64_t{0};

// How many captured bytes the statements need to load without failing:
// the end of their farthest absolute load (0 when they load nothing), or
// kCoverAll when an indexed load makes it unknowable here.
uint64_t load_need(std::span<const Stmt> s);

// Per block: the captured length every path from the block to "accept"
// requires (absolute loads only; a path to "reject" requires nothing,
// since failing a load rejects too). kReject: kCoverAll, kAccept: 0.
AVec<uint64_t> covered_extent(const Cfg& cfg, const Ir& ir);

}  // namespace wpcap::filter
