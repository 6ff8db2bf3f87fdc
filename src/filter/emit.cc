// emit.cc - CFG to bpf_insn[] (see emit.h).
#include "filter/emit.h"

#include <algorithm>

namespace wpcap::filter {
namespace {

constexpr uint32_t kUnknown = 0xffffffffu;

// Blocks reachable from the root, in descending id (= topological) order.
std::vector<BlockId> reachable(const Cfg& cfg) {
  std::vector<char> seen(cfg.size(), 0);
  std::vector<BlockId> work{cfg.root}, out;
  seen[static_cast<size_t>(cfg.root)] = 1;
  while (!work.empty()) {
    BlockId b = work.back();
    work.pop_back();
    if (b == kAccept || b == kReject) continue;
    out.push_back(b);
    for (BlockId s : {cfg.at(b).jt, cfg.at(b).jf}) {
      if (!seen[static_cast<size_t>(s)]) {
        seen[static_cast<size_t>(s)] = 1;
        work.push_back(s);
      }
    }
  }
  std::sort(out.begin(), out.end(), std::greater<BlockId>());
  return out;
}

// For each block, whether its statements can be dropped because every
// predecessor leaves exactly that value in A (and X).
std::vector<char> redundant_loads(const Cfg& cfg, const Ir& ir, const std::vector<BlockId>& order) {
  std::vector<uint32_t> in(cfg.size(), kUnknown);  // value on entry; kUnknown: none/differs
  std::vector<char> has_in(cfg.size(), 0), drop(cfg.size(), 0);
  for (BlockId b : order) {
    const Block& blk = cfg.at(b);
    uint32_t st_in = has_in[static_cast<size_t>(b)] ? in[static_cast<size_t>(b)] : kUnknown;
    if (!ir.value(blk.value).empty() && st_in == blk.value) drop[static_cast<size_t>(b)] = 1;
    uint32_t out = ir.value(blk.value).empty() ? st_in : blk.value;
    for (BlockId s : {blk.jt, blk.jf}) {
      size_t si = static_cast<size_t>(s);
      if (!has_in[si]) {
        has_in[si] = 1;
        in[si] = out;
      } else if (in[si] != out) {
        in[si] = kUnknown;
      }
    }
  }
  return drop;
}

}  // namespace

Result<std::vector<bpf_insn>> emit(const Cfg& cfg, const Ir& ir, uint32_t snaplen, bool drop_reloads,
                                   size_t max_insns) {
  std::vector<bpf_insn> prog;
  if (cfg.root == kAccept || cfg.root == kReject) {
    prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, cfg.root == kAccept ? snaplen : 0});
    return prog;
  }
  std::vector<BlockId> order = reachable(cfg);
  std::vector<char> drop = drop_reloads ? redundant_loads(cfg, ir, order) : std::vector<char>(cfg.size(), 0);
  std::vector<char> far_t(cfg.size(), 0), far_f(cfg.size(), 0);
  std::vector<size_t> pos(cfg.size(), 0);
  auto nstmts = [&](BlockId b) { return drop[static_cast<size_t>(b)] ? 0 : ir.value(cfg.at(b).value).size(); };
  size_t total = 0;
  for (int round = 0; round < 64; ++round) {
    size_t p = 0;
    for (BlockId b : order) {
      pos[static_cast<size_t>(b)] = p;
      p += nstmts(b) + 1 + far_t[static_cast<size_t>(b)] + far_f[static_cast<size_t>(b)];
    }
    pos[kAccept] = p;
    pos[kReject] = p + 1;
    total = p + 2;
    bool changed = false;
    for (BlockId b : order) {
      size_t jpos = pos[static_cast<size_t>(b)] + nstmts(b);
      const Block& blk = cfg.at(b);
      size_t base = jpos + 1 + far_t[static_cast<size_t>(b)] + far_f[static_cast<size_t>(b)];
      bool ft = pos[static_cast<size_t>(blk.jt)] - base > 255;
      bool ff = pos[static_cast<size_t>(blk.jf)] - base > 255;
      if (ft && !far_t[static_cast<size_t>(b)]) far_t[static_cast<size_t>(b)] = changed = true;
      if (ff && !far_f[static_cast<size_t>(b)]) far_f[static_cast<size_t>(b)] = changed = true;
    }
    if (!changed) break;
  }
  if (total > max_insns) return Status::error("expression is too complex: the program would exceed the instruction budget");
  prog.reserve(total);
  for (BlockId b : order) {
    const Block& blk = cfg.at(b);
    if (!drop[static_cast<size_t>(b)])
      for (const Stmt& s : ir.value(blk.value)) prog.push_back(bpf_insn{s.code, 0, 0, s.k});
    size_t jpos = prog.size();
    bool ft = far_t[static_cast<size_t>(b)], ff = far_f[static_cast<size_t>(b)];
    size_t base = jpos + 1 + ft + ff;
    bpf_insn j{blk.jcode, 0, 0, blk.k};
    j.jt = static_cast<u_char>(ft ? 0 : pos[static_cast<size_t>(blk.jt)] - base);
    j.jf = static_cast<u_char>(ff ? ft : pos[static_cast<size_t>(blk.jf)] - base);
    if (ft) j.jt = 0;
    if (ff) j.jf = static_cast<u_char>(ft ? 1 : 0);
    prog.push_back(j);
    if (ft) prog.push_back(bpf_insn{BPF_JMP | BPF_JA, 0, 0, static_cast<bpf_u_int32>(pos[static_cast<size_t>(blk.jt)] - (prog.size() + 1))});
    if (ff) prog.push_back(bpf_insn{BPF_JMP | BPF_JA, 0, 0, static_cast<bpf_u_int32>(pos[static_cast<size_t>(blk.jf)] - (prog.size() + 1))});
  }
  prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, snaplen});
  prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, 0});
  return prog;
}

}  // namespace wpcap::filter
