// emit.cc - CFG to bpf_insn[] (see emit.h).
#include "filter/emit.h"

#include <algorithm>

#include "filter/link_layer.h"

namespace wpcap::filter {
namespace {

constexpr uint32_t kUnknown = 0xffffffffu;

// Blocks reachable from the root, in descending id (= topological) order.
AVec<BlockId> reachable(const Cfg& cfg) {
  AVec<char> seen(cfg.size(), 0);
  AVec<BlockId> out;
  out.reserve(cfg.size());
  seen[static_cast<size_t>(cfg.root)] = 1;
  for (BlockId b = cfg.root; b > kAccept; --b) {
    if (!seen[static_cast<size_t>(b)]) continue;
    out.push_back(b);
    seen[static_cast<size_t>(cfg.at(b).jt)] = 1;
    seen[static_cast<size_t>(cfg.at(b).jf)] = 1;
  }
  return out;
}

// A self-contained computation of X starting at s[i]: "ldxb 4*([k]&0xf)",
// "ldx #k", an 802.11 header length "ldx M[14|15]" (written once, before
// the first block: link_prologue.h), or a run-time header length
// "ld [k]; <alu #k>...; tax" (see Codegen::var_to_x). Returns its length,
// 0 if there is none.
size_t x_def_len(std::span<const Stmt> s, size_t i) {
  if (s[i].code == (BPF_LDX | BPF_MSH | BPF_B) || s[i].code == (BPF_LDX | BPF_IMM)) return 1;
  if (s[i].code == (BPF_LDX | BPF_MEM) && s[i].k >= static_cast<uint32_t>(kFirstOffsetReg)) return 1;
  if (BPF_CLASS(s[i].code) != BPF_LD || BPF_MODE(s[i].code) != BPF_ABS) return 0;
  size_t j = i + 1;
  while (j < s.size() && BPF_CLASS(s[j].code) == BPF_ALU && BPF_SRC(s[j].code) == BPF_K && BPF_OP(s[j].code) != BPF_NEG)
    ++j;
  return j < s.size() && s[j].code == (BPF_MISC | BPF_TAX) ? j + 1 - i : 0;
}

// For each block, how many leading statements can be dropped: all of them
// when every predecessor leaves exactly that value in A (and X), or just a
// leading X computation (x_def_len) when every predecessor leaves X so and
// A is not read before it is loaded again.
AVec<uint32_t> redundant_loads(const Cfg& cfg, const Ir& ir, const AVec<BlockId>& order) {
  struct State {
    uint32_t a = kUnknown;  // value id in A (and the X it implies)
    bool x_known = false;   // X holds the value computed by x
    std::vector<Stmt> x;
  };
  AVec<State> in(cfg.size());
  AVec<char> has_in(cfg.size(), 0);
  AVec<uint32_t> drop(cfg.size(), 0);
  for (BlockId b : order) {
    const Block& blk = cfg.at(b);
    std::span<const Stmt> s = ir.value(blk.value);
    State st = has_in[static_cast<size_t>(b)] ? in[static_cast<size_t>(b)] : State{};
    State out = st;
    if (!s.empty()) {
      if (st.a == blk.value) {
        drop[static_cast<size_t>(b)] = static_cast<uint32_t>(s.size());
      } else {
        size_t n = x_def_len(s, 0);
        bool reloads_a = n == 1 || (n < s.size() && BPF_CLASS(s[n].code) == BPF_LD);
        if (n > 0 && reloads_a && st.x_known && std::equal(s.begin(), s.begin() + n, st.x.begin(), st.x.end()))
          drop[static_cast<size_t>(b)] = static_cast<uint32_t>(n);
        out.a = blk.value;
        for (size_t i = 0; i < s.size();) {
          if (size_t len = x_def_len(s, i)) {
            out.x_known = true;
            out.x.assign(s.begin() + i, s.begin() + i + len);
            i += len;
            continue;
          }
          if (BPF_CLASS(s[i].code) == BPF_LDX || s[i].code == (BPF_MISC | BPF_TAX)) out.x_known = false;
          // (a store into the word X was loaded from makes that load another value)
          bool store = s[i].code == BPF_ST || s[i].code == BPF_STX;
          if (store && out.x_known && out.x.back().code == (BPF_LDX | BPF_MEM) && out.x.back().k == s[i].k)
            out.x_known = false;
          ++i;
        }
      }
    }
    for (BlockId succ : {blk.jt, blk.jf}) {
      size_t si = static_cast<size_t>(succ);
      if (!has_in[si]) {
        has_in[si] = 1;
        in[si] = out;
      } else {
        if (in[si].a != out.a) in[si].a = kUnknown;
        if (!out.x_known || in[si].x != out.x) in[si].x_known = false;
      }
    }
  }
  return drop;
}

}  // namespace

namespace {

// Where each block and each return island goes. Long programs get islands
// of "ret #snaplen; ret #0" every kIslandSpacing instructions (the
// instruction after a conditional jump is reached only by a jump, so an
// island needs no jump around it); branches to a return use the next
// island. Other branches farther than 255 get a "ja" trampoline.
constexpr size_t kIslandSpacing = 160;

struct Layout {
  AVec<size_t> pos;         // per block
  AVec<char> island_after;  // per block: an island follows it
  AVec<char> far_t, far_f;  // per block: trampoline for jt / jf
  AVec<size_t> islands;     // island positions (accept; reject is +1), ascending
  size_t total = 0;
};

size_t return_target(const Layout& l, size_t from, BlockId target) {
  auto it = std::lower_bound(l.islands.begin(), l.islands.end(), from);
  size_t at = it == l.islands.end() ? l.islands.back() : *it;
  return at + (target == kReject ? 1 : 0);
}

// libpcap's layout (icode_to_fcode): blocks in reverse postorder of a
// depth-first walk that visits the false branch first; the two returns are
// blocks like the others. Used for programs without return islands, so
// short programs read like libpcap's.
AVec<BlockId> libpcap_order(const Cfg& cfg, const AVec<BlockId>& rep) {
  AVec<char> seen(cfg.size(), 0);
  AVec<BlockId> post;
  post.reserve(cfg.size());
  AVec<std::pair<BlockId, int>> stack;
  stack.reserve(cfg.size());
  stack.push_back({cfg.root, 0});
  seen[static_cast<size_t>(cfg.root)] = 1;
  while (!stack.empty()) {
    auto& [b, stage] = stack.back();
    if (b <= kAccept || stage == 2) {
      post.push_back(b);
      stack.pop_back();
      continue;
    }
    BlockId next = rep[static_cast<size_t>(stage == 0 ? cfg.at(b).jf : cfg.at(b).jt)];
    ++stage;
    if (!seen[static_cast<size_t>(next)]) {
      seen[static_cast<size_t>(next)] = 1;
      stack.push_back({next, 0});
    }
  }
  std::reverse(post.begin(), post.end());
  return post;
}

}  // namespace

Result<std::vector<bpf_insn>> emit(const Cfg& cfg, const Ir& ir, uint32_t snaplen, bool drop_reloads,
                                   size_t max_insns) {
  std::vector<bpf_insn> prog;
  if (cfg.root == kAccept || cfg.root == kReject) {
    prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, cfg.root == kAccept ? snaplen : 0});
    return prog;
  }
  AVec<BlockId> order = reachable(cfg);
  AVec<uint32_t> drop = drop_reloads ? redundant_loads(cfg, ir, order) : AVec<uint32_t>(cfg.size(), 0);
  auto nstmts = [&](BlockId b) { return ir.value(cfg.at(b).value).size() - drop[static_cast<size_t>(b)]; };
  // Blocks left with no statements only compare A: two such blocks with the
  // same test and (merged) successors are one, whatever loaded A before
  // them (an IPv4 and an IPv6 port list then share their comparisons).
  AVec<BlockId> rep(cfg.size());
  for (size_t i = 0; i < rep.size(); ++i) rep[i] = static_cast<BlockId>(i);
  if (drop_reloads) {
    // Open addressing over the statement-less blocks seen so far.
    size_t cap = 16;
    while (cap < 2 * order.size()) cap *= 2;
    AVec<BlockId> table(cap, -1);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const Block& blk = cfg.at(*it);
      if (nstmts(*it) != 0) continue;
      BlockId jt = rep[static_cast<size_t>(blk.jt)], jf = rep[static_cast<size_t>(blk.jf)];
      uint64_t key = (uint64_t{blk.jcode} << 48) ^ (uint64_t{blk.k} << 16) ^ (static_cast<uint64_t>(jt) * 0x9E3779B1u) ^
                     (static_cast<uint64_t>(jf) << 24);
      key ^= key >> 29;
      key *= 0xbf58476d1ce4e5b9ULL;
      key ^= key >> 32;
      size_t i = static_cast<size_t>(key) & (cap - 1);
      for (; table[i] >= 0; i = (i + 1) & (cap - 1)) {
        const Block& ob = cfg.at(table[i]);
        if (ob.jcode == blk.jcode && ob.k == blk.k && rep[static_cast<size_t>(ob.jt)] == jt &&
            rep[static_cast<size_t>(ob.jf)] == jf) {
          rep[static_cast<size_t>(*it)] = table[i];
          break;
        }
      }
      if (rep[static_cast<size_t>(*it)] == *it) table[i] = *it;
    }
    AVec<BlockId> kept;
    kept.reserve(order.size());
    for (BlockId b : order)
      if (rep[static_cast<size_t>(b)] == b) kept.push_back(b);
    order.swap(kept);
  }
  auto succ = [&](BlockId t) { return rep[static_cast<size_t>(t)]; };
  size_t plain = 2;
  for (BlockId b : order) plain += nstmts(b) + 1;
  const bool use_islands = plain > 250;
  Layout l;
  l.pos.assign(cfg.size(), 0);
  if (use_islands) {  // (short programs have no islands and no far branches)
    l.island_after.assign(cfg.size(), 0);
    l.far_t.assign(cfg.size(), 0);
    l.far_f.assign(cfg.size(), 0);
    size_t p = 0, last = 0;
    for (BlockId b : order) {
      p += nstmts(b) + 1;
      if (p - last >= kIslandSpacing) {
        l.island_after[static_cast<size_t>(b)] = 1;
        p += 2;
        last = p;
      }
    }
  }
  AVec<BlockId> dfs;  // with returns as blocks, when there are no islands
  if (!use_islands) dfs = libpcap_order(cfg, rep);
  auto target_pos = [&](size_t from, BlockId t) {
    return (t <= kAccept && use_islands) ? return_target(l, from, t) : l.pos[static_cast<size_t>(t)];
  };
  auto block_len = [&](BlockId b) {
    size_t i = static_cast<size_t>(b);
    if (b <= kAccept) return size_t{1};
    return nstmts(b) + 1 + (use_islands ? static_cast<size_t>(l.far_t[i] != 0) + static_cast<size_t>(l.far_f[i] != 0) : 0);
  };
  for (int round = 0; round < 64; ++round) {
    size_t p = 0;
    l.islands.clear();
    if (!use_islands) {
      for (BlockId b : dfs) {
        l.pos[static_cast<size_t>(b)] = p;
        p += block_len(b);
      }
      l.total = p;
      break;  // at most 250 instructions: every branch is in range
    } else {
      for (BlockId b : order) {
        size_t i = static_cast<size_t>(b);
        l.pos[i] = p;
        p += block_len(b);
        if (l.island_after[i]) {
          l.islands.push_back(p);
          p += 2;
        }
      }
      l.islands.push_back(p);
      l.total = p + 2;
    }
    bool changed = false;
    for (BlockId b : order) {
      size_t i = static_cast<size_t>(b);
      size_t jpos = l.pos[i] + nstmts(b);
      size_t base = jpos + 1;  // branch offsets count from the next instruction
      const Block& blk = cfg.at(b);
      bool ft = target_pos(base, succ(blk.jt)) - base > 255;
      bool ff = target_pos(base, succ(blk.jf)) - base > 255;
      if (ft && !l.far_t[i]) l.far_t[i] = changed = true;
      if (ff && !l.far_f[i]) l.far_f[i] = changed = true;
    }
    if (!changed) break;
  }
  if (l.total > max_insns) return Status::error("expression is too complex: the program would exceed the instruction budget");
  prog.reserve(l.total);
  for (BlockId b : use_islands ? order : dfs) {
    size_t i = static_cast<size_t>(b);
    if (b <= kAccept) {
      if (prog.size() != l.pos[i]) return Status::error("internal error: filter layout mismatch");
      prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, b == kAccept ? snaplen : 0});
      continue;
    }
    const Block& blk = cfg.at(b);
    if (prog.size() != l.pos[i]) return Status::error("internal error: filter layout mismatch");
    std::span<const Stmt> stmts = ir.value(blk.value);
    for (size_t k = drop[i]; k < stmts.size(); ++k) {
      const Stmt& st = stmts[k];
      const bool jump = BPF_CLASS(st.code) == BPF_JMP;  // else jt may be a mark (kFoldedArith)
      prog.push_back(bpf_insn{st.code, jump ? st.jt : u_char{0}, jump ? st.jf : u_char{0}, st.k});
    }
    bool ft = use_islands && l.far_t[i], ff = use_islands && l.far_f[i];
    size_t base = prog.size() + 1;
    size_t tt = target_pos(base, succ(blk.jt)), tf = target_pos(base, succ(blk.jf));
    bpf_insn j{blk.jcode, 0, 0, blk.k};
    if ((!ft && tt - base > 255) || (!ff && tf - base > 255)) return Status::error("internal error: filter branch out of range");
    j.jt = static_cast<u_char>(ft ? 0 : tt - base);
    j.jf = static_cast<u_char>(ff ? (ft ? 1 : 0) : tf - base);
    prog.push_back(j);
    if (ft) prog.push_back(bpf_insn{BPF_JMP | BPF_JA, 0, 0, static_cast<bpf_u_int32>(tt - (prog.size() + 1))});
    if (ff) prog.push_back(bpf_insn{BPF_JMP | BPF_JA, 0, 0, static_cast<bpf_u_int32>(tf - (prog.size() + 1))});
    if (use_islands && l.island_after[i]) {
      prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, snaplen});
      prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, 0});
    }
  }
  if (use_islands) {
    prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, snaplen});
    prog.push_back(bpf_insn{BPF_RET | BPF_K, 0, 0, 0});
  }
  return prog;
}

}  // namespace wpcap::filter
