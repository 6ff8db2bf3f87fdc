// jeq_chains.h - finds chains of `jeq #k` tests on an unchanged A, so the
// JIT can replace a linear run of compares with a binary search.
//
// A chain starts at a `jeq #k` entered from anything but another chain
// link and follows jf edges while the target is again `jeq #k`; since the
// tests have no side effects, the chain means "jump to the jt of the first
// k equal to A, else to the final jf". libpcap's compiler emits such chains
// for `host a or host b or ...`. Entry point: find_jeq_chains().
#pragma once

#include <pcap/bpf.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wpcap::bpf {

struct JeqChain {
  size_t head = 0;      // instruction index where the search replaces the compare
  size_t fallback = 0;  // where control goes when no constant matches
  struct Case {
    uint32_t value;
    size_t target;
  };
  std::vector<Case> cases;  // sorted by value, one per distinct constant
};

// Chains of at least `min_length` distinct constants, with at most
// `max_cases` cases over all chains (chains may share tails).
std::vector<JeqChain> find_jeq_chains(std::span<const bpf_insn> insns, size_t min_length = 6,
                                      size_t max_cases = 0);

}  // namespace wpcap::bpf
