// simplify.cc - constant propagation and dead-statement removal inside each
// block's statement list (see simplify.h).
//
// Forward pass: A, X and the scratch words stored earlier in the same list
// are tracked as known constants; loads of known words become immediates and
// arithmetic on constants becomes "ld #result". Backward pass: liveness of
// A, X and scratch words; a statement whose only effect is to set something
// dead goes. Packet loads and divisions by a run-time value always stay.
#include "filter/simplify.h"

#include <algorithm>
#include <vector>

namespace wpcap::filter {
namespace {

constexpr size_t kWords = BPF_MEMWORDS;

// A op v, or false when the operation cannot be folded (division by zero,
// unknown operation).
bool fold_alu(uint16_t op, uint32_t a, uint32_t v, uint32_t* out) {
  switch (op) {
    case BPF_ADD: *out = a + v; return true;
    case BPF_SUB: *out = a - v; return true;
    case BPF_MUL: *out = a * v; return true;
    case BPF_DIV: if (v == 0) return false; *out = a / v; return true;
    case BPF_MOD: if (v == 0) return false; *out = a % v; return true;
    case BPF_AND: *out = a & v; return true;
    case BPF_OR: *out = a | v; return true;
    case BPF_XOR: *out = a ^ v; return true;
    case BPF_LSH: *out = v < 32 ? a << v : 0; return true;
    case BPF_RSH: *out = v < 32 ? a >> v : 0; return true;
    case BPF_NEG: *out = 0u - a; return true;
    default: return false;
  }
}

struct Known {
  bool a = false, x = false, m[kWords] = {};
  uint32_t va = 0, vx = 0, vm[kWords] = {};
};

// One statement of the forward pass: rewrites *s where a known value makes
// it simpler and updates what is known.
void propagate(Stmt* s, Known* k) {
  const uint16_t code = s->code;
  const size_t w = s->k % kWords;
  switch (code) {
    case BPF_LD | BPF_IMM: k->a = true; k->va = s->k; return;
    case BPF_LDX | BPF_IMM: k->x = true; k->vx = s->k; return;
    case BPF_LD | BPF_MEM:
      k->a = k->m[w];
      k->va = k->vm[w];
      if (k->a) *s = {BPF_LD | BPF_IMM, k->va};
      return;
    case BPF_LDX | BPF_MEM:
      k->x = k->m[w];
      k->vx = k->vm[w];
      if (k->x) *s = {BPF_LDX | BPF_IMM, k->vx};
      return;
    case BPF_ST: k->m[w] = k->a; k->vm[w] = k->va; return;
    case BPF_STX: k->m[w] = k->x; k->vm[w] = k->vx; return;
    case BPF_MISC | BPF_TAX: k->x = k->a; k->vx = k->va; return;
    case BPF_MISC | BPF_TXA: k->a = k->x; k->va = k->vx; return;
    default: break;
  }
  if (BPF_CLASS(code) == BPF_LDX) {  // ldx len, ldxb 4*([k]&0xf)
    k->x = false;
    return;
  }
  if (BPF_CLASS(code) != BPF_ALU) {  // packet loads, ld len
    k->a = false;
    return;
  }
  const uint16_t op = BPF_OP(code);
  const bool xsrc = op != BPF_NEG && BPF_SRC(code) == BPF_X;
  uint32_t v = xsrc ? k->vx : s->k, out = 0;
  if (xsrc && !k->x) {
    k->a = false;
    return;
  }
  if (k->a && fold_alu(op, k->va, v, &out)) {
    *s = {BPF_LD | BPF_IMM, out};
    k->va = out;
    return;
  }
  k->a = false;
  // "op x" with a known X is "op #x" (not for a zero divisor: that rejects
  // at run time, and the K form with 0 is refused by validators).
  if (xsrc && !((op == BPF_DIV || op == BPF_MOD) && v == 0)) *s = {static_cast<uint16_t>(BPF_ALU | op | BPF_K), v};
}

struct Live {
  bool a = true, x = false;
  uint32_t m = 0;
};

// Backward pass over one statement: false when it can go (it only sets
// something dead); otherwise updates liveness to before it.
bool keep(const Stmt& s, Live* l) {
  const uint16_t code = s.code;
  const uint32_t bit = 1u << (s.k % kWords);
  switch (code) {
    case BPF_ST:
      if (!(l->m & bit)) return false;
      l->m &= ~bit;
      l->a = true;
      return true;
    case BPF_STX:
      if (!(l->m & bit)) return false;
      l->m &= ~bit;
      l->x = true;
      return true;
    case BPF_LD | BPF_IMM: case BPF_LD | BPF_W | BPF_LEN:
      if (!l->a) return false;
      l->a = false;
      return true;
    case BPF_LD | BPF_MEM:
      if (!l->a) return false;
      l->a = false;
      l->m |= bit;
      return true;
    case BPF_LDX | BPF_IMM: case BPF_LDX | BPF_W | BPF_LEN:
      if (!l->x) return false;
      l->x = false;
      return true;
    case BPF_LDX | BPF_MEM:
      if (!l->x) return false;
      l->x = false;
      l->m |= bit;
      return true;
    case BPF_MISC | BPF_TAX:
      if (!l->x) return false;
      l->x = false;
      l->a = true;
      return true;
    case BPF_MISC | BPF_TXA:
      if (!l->a) return false;
      l->a = false;
      l->x = true;
      return true;
    default: break;
  }
  const uint16_t cls = BPF_CLASS(code);
  if (cls == BPF_LD || cls == BPF_LDX) {  // packet loads: kept (out of bounds rejects)
    if (cls == BPF_LD) l->a = false;
    else l->x = false;
    if (BPF_MODE(code) == BPF_IND) l->x = true;
    return true;
  }
  if (cls != BPF_ALU) {  // nothing else appears in values; keep it and everything before
    l->a = l->x = true;
    l->m = ~0u;
    return true;
  }
  const uint16_t op = BPF_OP(code);
  const bool xsrc = op != BPF_NEG && BPF_SRC(code) == BPF_X;
  const bool may_trap = (op == BPF_DIV || op == BPF_MOD) && (xsrc || s.k == 0);
  if (!l->a && !may_trap) return false;
  l->a = true;
  if (xsrc) l->x = true;
  return true;
}

// Scratch words some statement list reads before writing them itself.
uint32_t exposed_reads(std::span<const Stmt> s) {
  uint32_t written = 0, exposed = 0;
  for (const Stmt& st : s) {
    const uint32_t bit = 1u << (st.k % kWords);
    if (st.code == BPF_ST || st.code == BPF_STX) written |= bit;
    else if ((st.code == (BPF_LD | BPF_MEM) || st.code == (BPF_LDX | BPF_MEM)) && !(written & bit)) exposed |= bit;
  }
  return exposed;
}

// Nothing to fold or drop in a list of packet loads (the common case).
bool only_loads(std::span<const Stmt> s) {
  for (const Stmt& st : s) {
    const uint16_t cls = BPF_CLASS(st.code), mode = BPF_MODE(st.code);
    if (!((cls == BPF_LD || cls == BPF_LDX) && (mode == BPF_ABS || mode == BPF_IND || mode == BPF_MSH))) return false;
  }
  return true;
}

}  // namespace

Stmts simplify_stmts(std::span<const Stmt> in, bool jump_uses_x, uint32_t live_mem) {
  Stmts s(in.begin(), in.end());
  Known k;
  for (Stmt& st : s) propagate(&st, &k);
  Live l;
  l.x = jump_uses_x;
  l.m = live_mem;
  AVec<char> kept(s.size(), 1);
  for (size_t i = s.size(); i-- > 0;) kept[i] = keep(s[i], &l);
  Stmts out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i)
    if (kept[i]) out.push_back(s[i]);
  return out;
}

bool simplify_values(Cfg& cfg, Ir& ir) {
  if (cfg.root <= kAccept) return false;
  // Reachable blocks: successors have smaller ids than their predecessors.
  AVec<char> seen(cfg.size(), 0);
  AVec<BlockId> order;
  order.reserve(cfg.size());
  seen[static_cast<size_t>(cfg.root)] = 1;
  uint32_t live_mem = 0;
  for (BlockId b = cfg.root; b > kAccept; --b) {
    if (!seen[static_cast<size_t>(b)]) continue;
    order.push_back(b);
    seen[static_cast<size_t>(cfg.at(b).jt)] = seen[static_cast<size_t>(cfg.at(b).jf)] = 1;
    live_mem |= exposed_reads(ir.value(cfg.at(b).value));
  }
  constexpr ValueId kNone = ~ValueId{0};
  AVec<ValueId> done(ir.value_count(), kNone);
  bool changed = false;
  for (BlockId b : order) {
    Block& blk = cfg.at(b);
    const bool uses_x = BPF_SRC(blk.jcode) == BPF_X;
    // Cached per value for K comparisons (X is dead after those lists).
    const bool cache = !uses_x && blk.value < done.size();
    ValueId v = cache ? done[blk.value] : kNone;
    if (v == kNone && only_loads(ir.value(blk.value))) v = blk.value;
    if (v == kNone) {
      std::span<const Stmt> old = ir.value(blk.value);
      Stmts s = simplify_stmts(old, uses_x, live_mem);
      v = (s.size() == old.size() && std::equal(s.begin(), s.end(), old.begin())) ? blk.value : ir.intern(s);
      if (cache) done[blk.value] = v;
    }
    if (v != blk.value) {
      blk.value = v;
      changed = true;
    }
  }
  return changed;
}

}  // namespace wpcap::filter
