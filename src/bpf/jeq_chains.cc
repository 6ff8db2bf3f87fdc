// jeq_chains.cc - chain discovery for the JIT's binary-search compares
// (see jeq_chains.h). Linear in program size plus the cases it returns.
#include "bpf/jeq_chains.h"

#include <algorithm>
#include <unordered_set>

#include "bpf/opcodes.h"

namespace wpcap::bpf {
namespace {

// True for every instruction that is entered other than as the jf of a
// `jeq #k` that is itself a chain link.
std::vector<bool> find_heads(std::span<const bpf_insn> insns) {
  const size_t n = insns.size();
  std::vector<bool> head(n, false);
  if (n > 0) head[0] = true;
  auto mark = [&](int64_t to) {
    if (to >= 0 && static_cast<size_t>(to) < n) head[static_cast<size_t>(to)] = true;
  };
  for (size_t i = 0; i < n; ++i) {
    const bpf_insn& in = insns[i];
    const auto next = static_cast<int64_t>(i) + 1;
    if (BPF_CLASS(in.code) == BPF_RET) continue;
    if (in.code == kJa) {
      mark(next + static_cast<int32_t>(in.k));
    } else if (BPF_CLASS(in.code) == BPF_JMP) {
      mark(next + in.jt);
      const int64_t f = next + in.jf;
      const bool chain_link = in.code == kJeqK && f < static_cast<int64_t>(n) && insns[f].code == kJeqK &&
                              in.jt != in.jf;
      if (!chain_link) mark(f);
    } else {
      mark(next);
    }
  }
  return head;
}

}  // namespace

std::vector<JeqChain> find_jeq_chains(std::span<const bpf_insn> insns, size_t min_length, size_t max_cases) {
  if (max_cases == 0) max_cases = 8 * insns.size() + 4096;
  std::vector<JeqChain> chains;
  const std::vector<bool> head = find_heads(insns);
  size_t total = 0;
  // Chains may share tails; bound the walking too (crafted programs could
  // otherwise make this quadratic).
  size_t steps_left = 8 * max_cases;
  for (size_t i = 0; i < insns.size(); ++i) {
    if (!head[i] || insns[i].code != kJeqK) continue;
    JeqChain chain;
    chain.head = i;
    std::unordered_set<uint32_t> seen;
    size_t at = i;
    while (at < insns.size() && insns[at].code == kJeqK) {
      if (steps_left == 0) return chains;
      --steps_left;
      const bpf_insn& in = insns[at];
      if (seen.insert(in.k).second) chain.cases.push_back({in.k, at + 1 + in.jt});
      at = at + 1 + in.jf;
    }
    chain.fallback = at;
    if (chain.cases.size() < min_length || total + chain.cases.size() > max_cases) continue;
    total += chain.cases.size();
    std::sort(chain.cases.begin(), chain.cases.end(),
              [](const JeqChain::Case& a, const JeqChain::Case& b) { return a.value < b.value; });
    chains.push_back(std::move(chain));
  }
  return chains;
}

}  // namespace wpcap::bpf
