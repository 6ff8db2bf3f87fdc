// codegen_arith.cc - arithmetic relations: "tcp[13] & 2 != 0", "len > 100".
//
// Entry point: Codegen::relation(). Each side becomes statements leaving
// its value in A (scratch memory holds pending operands) plus a guard: the
// protocol tests libpcap requires before an indexed load (ip[..] needs
// "ip"; tcp[..] needs "ip and tcp and not a later fragment").
#include <pcap/dlt.h>

#include <algorithm>

#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/protocols.h"

namespace wpcap::filter {
namespace {

struct Arith {
  Stmts s;
  PredId guard = -1;
};

uint16_t op_code(uint16_t code, uint16_t src) { return static_cast<uint16_t>(BPF_ALU | code | src); }

class ArithGen {
 public:
  ArithGen(Codegen& g, const Ast& ast) : g_(g), ast_(ast) {}

  // libpcap rejects a constant divisor/shift by looking at the first
  // statement of the right operand: the leftmost leaf being "ld #k".
  const Node* leftmost(NodeId id) const {
    const Node* n = &ast_.at(id);
    while (n->kind == NodeKind::kBinop || n->kind == NodeKind::kNeg || n->kind == NodeKind::kLoad)
      n = &ast_.at(n->a);
    return n;
  }

  bool check(const Node& n) {
    if (n.kind != NodeKind::kBinop) return true;
    const Node* r = leftmost(n.b);
    if (r->kind != NodeKind::kNum) return true;
    if (n.op == BPF_DIV && r->num == 0) g_.error("division by zero");
    if (n.op == BPF_MOD && r->num == 0) g_.error("modulus by zero");
    if ((n.op == BPF_LSH || n.op == BPF_RSH) && r->num > 31) g_.error("shift by more than 31 bits");
    return !g_.failed();
  }
  // check() on every operator of a subtree that is folded to a constant,
  // in libpcap's order (left operand, right operand, operator).
  bool check_tree(NodeId id) {
    const Node& n = ast_.at(id);
    if (n.kind == NodeKind::kNeg) return check_tree(n.a);
    if (n.kind != NodeKind::kBinop) return true;
    return check_tree(n.a) && check_tree(n.b) && check(n);
  }
  // libpcap's optimizer turns "op x" with a constant X (computed, e.g.
  // "2 >> 3") into "op #k" and then rejects what check() rejects for literals.
  bool check_folded_operand(const Node& n, uint32_t k) {
    if (!g_.opt_.optimize || ast_.at(n.b).kind == NodeKind::kNum) return true;
    if ((n.op == BPF_LSH || n.op == BPF_RSH) && k > 31) g_.optimizer_error("shift by more than 31 bits");
    if (n.op == BPF_DIV && k == 0) g_.optimizer_error("division by zero");
    if (n.op == BPF_MOD && k == 0) g_.optimizer_error("modulus by zero");
    return true;
  }

  // Value of a subtree made only of numbers (folded as libpcap's optimizer
  // does); false if it loads, or divides by zero (left to run time/errors).
  bool const_value(NodeId id, uint32_t* v) const {
    const Node& n = ast_.at(id);
    uint32_t a = 0, b = 0;
    switch (n.kind) {
      case NodeKind::kNum: *v = n.num; return true;
      case NodeKind::kNeg:
        if (!const_value(n.a, &a)) return false;
        *v = 0u - a;
        return true;
      case NodeKind::kBinop:
        if (!const_value(n.a, &a) || !const_value(n.b, &b)) return false;
        switch (n.op) {
          case BPF_ADD: *v = a + b; return true;
          case BPF_SUB: *v = a - b; return true;
          case BPF_MUL: *v = a * b; return true;
          case BPF_DIV: if (b == 0) return false; *v = a / b; return true;
          case BPF_MOD: if (b == 0) return false; *v = a % b; return true;
          case BPF_AND: *v = a & b; return true;
          case BPF_OR: *v = a | b; return true;
          case BPF_XOR: *v = a ^ b; return true;
          case BPF_LSH: *v = b < 32 ? a << b : 0; return true;
          case BPF_RSH: *v = b < 32 ? a >> b : 0; return true;
          default: return false;
        }
      default: return false;
    }
  }

  // Scratch registers libpcap holds at once to evaluate a subtree: every
  // number, `len` and load result takes one; an operator holds its left
  // operand while the right one is evaluated.
  int libpcap_regs(NodeId id) const {
    const Node& n = ast_.at(id);
    switch (n.kind) {
      case NodeKind::kNeg: return libpcap_regs(n.a);
      case NodeKind::kLoad: return std::max(libpcap_regs(n.a), 2);
      case NodeKind::kBinop: return std::max(libpcap_regs(n.a), 1 + libpcap_regs(n.b));
      default: return 1;
    }
  }

  // Scratch words eval() holds at once for a subtree. A binary operator
  // evaluates the operand needing more first (Sethi-Ullman order), so this
  // stays below libpcap_regs() and the code fits wherever libpcap's does.
  int need(NodeId id) const {
    const Node& n = ast_.at(id);
    uint32_t k = 0;
    switch (n.kind) {
      case NodeKind::kNeg: return need(n.a);
      case NodeKind::kLoad:  // at most one word beside the index (transport, pflog header)
        return ast_.at(n.a).kind == NodeKind::kNum ? 0 : std::max(need(n.a), 1);
      case NodeKind::kBinop:
        if (const_value(id, &k)) return 0;
        if (const_value(n.b, &k) && !((n.op == BPF_DIV || n.op == BPF_MOD) && k == 0)) return need(n.a);
      {
        const int na = need(n.a), nb = need(n.b);
        return na > nb ? std::max(na, 1 + nb) : std::max(nb, 1 + na);
      }
      default: return 0;
    }
  }
  bool left_first(const Node& n) const { return need(n.a) > need(n.b); }

  int alloc() {
    if (g_.next_reg_ >= g_.reg_limit()) {
      g_.error("too many registers needed to evaluate expression");
      return 0;
    }
    return g_.next_reg_++;
  }

  void eval(NodeId id, Arith* out) {
    const Node& n = ast_.at(id);
    switch (n.kind) {
      case NodeKind::kNum: out->s.push_back({BPF_LD | BPF_IMM, n.num}); return;
      case NodeKind::kLen: out->s.push_back({BPF_LD | BPF_W | BPF_LEN, 0}); return;
      case NodeKind::kNeg:
        eval(n.a, out);
        out->s.push_back({BPF_ALU | BPF_NEG, 0});
        return;
      case NodeKind::kBinop: {
        // libpcap checks the operator after generating both operands, so
        // an error inside an operand (e.g. "ip[0]" on a link without IP)
        // comes first; errors stay sticky, so the check goes last here.
        uint32_t k = 0;
        if (const_value(id, &k)) {
          if (!check_tree(id)) return;
          out->s.push_back({BPF_LD | BPF_IMM, k, kFoldedArith});
          return;
        }
        if (const_value(n.b, &k) && !((n.op == BPF_DIV || n.op == BPF_MOD) && k == 0)) {
          eval(n.a, out);
          if (!check_tree(n.b) || !check(n) || !check_folded_operand(n, k)) return;
          out->s.push_back({op_code(n.op, BPF_K), k});
          return;
        }
        eval_pair(n, out);
        if (!check(n)) return;
        if (const_value(n.b, &k) && !check_folded_operand(n, k)) return;
        out->s.push_back({op_code(n.op, BPF_X), 0});
        return;
      }
      case NodeKind::kLoad: load(n, out); return;
      default: g_.error("can't parse filter expression: syntax error"); return;
    }
  }

  // A = a, X = b. The operand needing more scratch words is evaluated
  // first and waits in one (Sethi-Ullman order, see need()); generation
  // errors are reported in source order: a's first.
  // Only the left operand's protocol checks guard the result: libpcap's
  // gen_arth drops the right one's (gen_relation keeps both sides').
  void eval_pair(const Node& n, Arith* out) {
    const bool a_first = left_first(n);
    const PredId before = out->guard;
    eval(a_first ? n.a : n.b, out);
    if (!a_first) out->guard = before;
    const PredId with_a = out->guard;
    const Status first_err = g_.err_;
    g_.err_ = Status::ok();
    int r = alloc();
    out->s.push_back({BPF_ST, static_cast<uint32_t>(r)});
    eval(a_first ? n.b : n.a, out);
    if (a_first) out->guard = with_a;
    if (a_first) {  // A = b: X = b, A = a
      out->s.push_back({BPF_MISC | BPF_TAX, 0});
      out->s.push_back({BPF_LD | BPF_MEM, static_cast<uint32_t>(r)});
    } else {
      out->s.push_back({BPF_LDX | BPF_MEM, static_cast<uint32_t>(r)});
    }
    --g_.next_reg_;
    if (!first_err.is_ok() && (a_first || !g_.failed())) g_.err_ = first_err;
  }

  void load(const Node& n, Arith* out) {
    uint32_t size;
    switch (n.num) {
      case 1: size = BPF_B; break;
      case 2: size = BPF_H; break;
      case 4: size = BPF_W; break;
      default: g_.error("data size must be 1, 2, or 4"); return;
    }
    // A constant index is a fixed offset: "ld [base + k]" (or, past the IP
    // header, "ldxb 4*([nl]&0xf); ld [x + nl + k]"); same loads, same result.
    // (Not when an offset would wrap around: libpcap's "ld [x + k]" rejects
    // the packet there, an absolute load of the wrapped sum may not.)
    const Node& idx_node = ast_.at(n.a);
    const LinkLayer& ll = g_.ll_;
    uint32_t nl = ll.off_linkpl.constant + ll.off_nl;
    const uint32_t top = std::max({nl, nl + 40, ll.off_linkhdr.constant});
    bool const_idx = idx_node.kind == NodeKind::kNum && top + idx_node.num >= top && nl + 40 >= nl;
    // On a run-time base libpcap adds the index to the base's variable part
    // (32 bits, wrapping) before loading; folding the index into the load's
    // offset is the same only where that sum cannot wrap: a scratch word may
    // hold any value (an AVS length is a word from the packet), the pflog
    // header length is at most 258.
    const AbsOffset& base = n.q.proto == Proto::kLink ? ll.off_linkhdr : ll.off_linkpl;
    const uint32_t var_max = base.len == VarLen::kPflogHeader ? 258 : 0xffffffffu;
    if (const_idx && base.variable && n.q.proto != Proto::kRadio && idx_node.num > 0xffffffffu - var_max)
      const_idx = false;
    Arith idx;
    if (!const_idx) {
      eval(n.a, &idx);
      if (g_.failed()) return;
      for (const Stmt& s : idx.s) out->s.push_back(s);
      out->guard = g_.ir_.and_(out->guard, idx.guard);
    }
    const Node* cidx = const_idx ? &idx_node : nullptr;
    auto ind = [&](const AbsOffset& base, uint32_t k) { load_at(base, k, size, cidx, out); };
    AbsOffset fixed_nl;
    fixed_nl.constant = nl;
    switch (n.q.proto) {
      case Proto::kLink: ind(ll.off_linkhdr, 0); return;
      case Proto::kIp: case Proto::kArp: case Proto::kRarp: case Proto::kAtalk: case Proto::kDecnet:
      case Proto::kSca: case Proto::kLat: case Proto::kMoprc: case Proto::kMopdl: case Proto::kIpv6:
        ind(ll.off_linkpl, ll.off_nl);
        out->guard = g_.ir_.and_(out->guard, g_.proto_abbrev(n.q.proto));
        return;
      case Proto::kSctp: case Proto::kTcp: case Proto::kUdp: case Proto::kIcmp: case Proto::kIgmp:
      case Proto::kIgrp: case Proto::kPim: case Proto::kVrrp: case Proto::kCarp: {
        if (const_idx) {
          x_transport(out);
          out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), nl + idx_node.num});
        } else {
        int r = alloc();
        out->s.push_back({BPF_ST, static_cast<uint32_t>(r)});
        x_transport(out);
        out->s.push_back({BPF_LD | BPF_MEM, static_cast<uint32_t>(r)});
        out->s.push_back({BPF_ALU | BPF_ADD | BPF_X, 0});
        --g_.next_reg_;
        ind(fixed_nl, 0);
        }
        PredId b = g_.ir_.and_(g_.proto_abbrev(n.q.proto), g_.ipfrag());
        b = g_.ir_.and_(out->guard, b);
        out->guard = g_.ir_.and_(g_.proto_abbrev(Proto::kIp), b);
        return;
      }
      case Proto::kIcmpv6: {
        PredId b = g_.ir_.and_(out->guard, g_.proto_abbrev(Proto::kIpv6));
        out->guard = g_.ir_.and_(b, g_.cmp(Base::kLinkPl, 6, BPF_B, kIpprotoIcmpv6));
        ind(ll.off_linkpl, ll.off_nl + 40);
        return;
      }
      case Proto::kRadio:  // from the start of the packet, where the radio header is
        if (ll.radio == RadioHeader::kNone || ll.radio == RadioHeader::kPpi) {
          g_.error("radio information not present in capture");
          return;
        }
        ind(AbsOffset{}, 0);
        return;
      default:
        g_.error("unsupported index operation");
        return;
    }
  }

 private:
  // Loads base + k + the index (a constant, or A when cidx is null); a
  // run-time base's variable part comes into X (Codegen::var_to_x: a
  // scratch word, or the pflog header length, computed through A, so the
  // index waits in a scratch word meanwhile).
  void load_at(const AbsOffset& base, uint32_t k, uint32_t size, const Node* cidx, Arith* out) {
    if (cidx != nullptr) {
      if (base.variable) g_.var_to_x(out->s, base);
      uint16_t mode = base.variable ? BPF_IND : BPF_ABS;
      out->s.push_back({static_cast<uint16_t>(BPF_LD | mode | size), base.constant + k + cidx->num});
      return;
    }
    if (base.variable && base.len == VarLen::kRegister) {
      g_.var_to_x(out->s, base);
      out->s.push_back({BPF_ALU | BPF_ADD | BPF_X, 0});
    } else if (base.variable) {
      int r = alloc();
      out->s.push_back({BPF_ST, static_cast<uint32_t>(r)});
      g_.var_to_x(out->s, base);
      out->s.push_back({BPF_LD | BPF_MEM, static_cast<uint32_t>(r)});
      out->s.push_back({BPF_ALU | BPF_ADD | BPF_X, 0});
      --g_.next_reg_;
    }
    out->s.push_back({BPF_MISC | BPF_TAX, 0});
    out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), base.constant + k});
  }

  // X = start of the IPv4 payload (the IP header length is run-time).
  void x_transport(Arith* out) {
    const AbsOffset& pl = g_.ll_.off_linkpl;
    const uint32_t nl = pl.constant + g_.ll_.off_nl;
    if (!pl.variable) {
      out->s.push_back({BPF_LDX | BPF_MSH | BPF_B, nl});
      return;
    }
    g_.var_to_x(out->s, pl);
    out->s.push_back({BPF_LD | BPF_IND | BPF_B, nl});
    out->s.push_back({BPF_ALU | BPF_AND | BPF_K, 0xf});
    out->s.push_back({BPF_ALU | BPF_LSH | BPF_K, 2});
    out->s.push_back({BPF_ALU | BPF_ADD | BPF_X, 0});
    out->s.push_back({BPF_MISC | BPF_TAX, 0});
  }

  Codegen& g_;
  const Ast& ast_;
};

}  // namespace

PredId Codegen::relation(const Ast& ast, const Node& n) {
  next_reg_ = offset_regs_;  // below: run-time offsets (geneve), live for the whole expression
  ArithGen ag(*this, ast);
  // Registers held for the whole expression (geneve's offsets, run-time
  // link header lengths) leave fewer for arithmetic: libpcap's limit, from the
  // registers its code needs.
  const int held = offset_regs_ + link_regs();
  if (offset_regs_ > 0 && held + std::max(ag.libpcap_regs(n.a), 1 + ag.libpcap_regs(n.b)) > BPF_MEMWORDS) {
    error("too many registers needed to evaluate expression");
    return ir_.false_();
  }
  Arith a, b;
  ag.eval(n.a, &a);
  ag.eval(n.b, &b);
  if (failed()) return ir_.false_();
  PredId test;
  uint32_t k = 0;
  if (ag.const_value(n.b, &k)) {
    // "2 = 1 + 1": libpcap compares with a computed X, unknown to its branch passes.
    if (ast.at(n.b).kind != NodeKind::kNum && a.s.size() == 1 && a.s[0].code == (BPF_LD | BPF_IMM))
      a.s[0].jt = kFoldedArith;
    test = ir_.test(ir_.intern(a.s), n.op, k);
  } else {
    // The side evaluated first (b, or a when it needs more scratch words)
    // is kept in the first scratch register; the other's move up one.
    const auto base = static_cast<uint32_t>(offset_regs_);
    const bool a_first = ag.left_first(n);
    Stmts s = a_first ? a.s : b.s;
    s.push_back({BPF_ST, base});
    for (Stmt st : a_first ? b.s : a.s) {
      bool scratch = st.code == BPF_ST || st.code == (BPF_LDX | BPF_MEM) || st.code == (BPF_LD | BPF_MEM);
      if (scratch && st.k >= base && !(ll_.is_80211 && st.k >= kFirstOffsetReg)) {  // header-length words stay
        if (static_cast<int>(++st.k) >= reg_limit()) {
          error("too many registers needed to evaluate expression");
          return ir_.false_();
        }
      }
      s.push_back(st);
    }
    if (a_first) {
      s.push_back({BPF_MISC | BPF_TAX, 0});
      s.push_back({BPF_LD | BPF_MEM, base});
    }
    if (!a_first) s.push_back({BPF_LDX | BPF_MEM, base});
    test = ir_.test_x(ir_.intern(s), n.op);
  }
  if (n.reversed) test = ir_.not_(test);
  PredId guard = ir_.and_(a.guard, b.guard);
  return ir_.and_(guard, test);
}

}  // namespace wpcap::filter
