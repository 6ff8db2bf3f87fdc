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

  int alloc() {
    if (g_.next_reg_ >= BPF_MEMWORDS) {
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
          if (!check(n)) return;
          out->s.push_back({BPF_LD | BPF_IMM, k});
          return;
        }
        if (const_value(n.b, &k) && !((n.op == BPF_DIV || n.op == BPF_MOD) && k == 0)) {
          eval(n.a, out);
          if (!check(n)) return;
          out->s.push_back({op_code(n.op, BPF_K), k});
          return;
        }
        eval_right_first(n, out);
        if (!check(n)) return;
        out->s.push_back({op_code(n.op, BPF_X), 0});
        return;
      }
      case NodeKind::kLoad: load(n, out); return;
      default: g_.error("can't parse filter expression: syntax error"); return;
    }
  }

  // tcp[i] and the like: X = the IPv4 header length (plus the link
  // header's run-time part when variable), then the load at nl + i (i
  // constant, or in A on entry).
  void transport_load(uint32_t nl, const uint32_t* const_idx, uint32_t size, Arith* out) {
    const AbsOffset& pl = g_.ll_.off_linkpl;
    int r = const_idx ? 0 : alloc();
    if (!const_idx) out->s.push_back({BPF_ST, static_cast<uint32_t>(r)});
    if (pl.variable) {
      g_.var_to_x(out->s, pl);
      out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | BPF_B), nl});
      out->s.push_back({BPF_ALU | BPF_AND | BPF_K, 0xf});
      out->s.push_back({BPF_ALU | BPF_LSH | BPF_K, 2});
      out->s.push_back({BPF_ALU | BPF_ADD | BPF_X, 0});
      out->s.push_back({BPF_MISC | BPF_TAX, 0});
    } else {
      out->s.push_back({BPF_LDX | BPF_MSH | BPF_B, nl});
    }
    if (const_idx) {
      out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), nl + *const_idx});
      return;
    }
    out->s.push_back({BPF_LD | BPF_MEM, static_cast<uint32_t>(r)});
    out->s.push_back({BPF_ALU | BPF_ADD | BPF_X, 0});
    out->s.push_back({BPF_MISC | BPF_TAX, 0});
    out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), nl});
    --g_.next_reg_;
  }

  // A = b (stored), then A = a, X = b. Generation errors are reported in
  // source order: a's first.
  void eval_right_first(const Node& n, Arith* out) {
    eval(n.b, out);
    Status err_b = g_.err_;
    g_.err_ = Status::ok();
    int r = alloc();
    out->s.push_back({BPF_ST, static_cast<uint32_t>(r)});
    eval(n.a, out);
    out->s.push_back({BPF_LDX | BPF_MEM, static_cast<uint32_t>(r)});
    --g_.next_reg_;
    if (!g_.failed() && !err_b.is_ok()) g_.err_ = err_b;
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
    const bool const_idx = idx_node.kind == NodeKind::kNum && top + idx_node.num >= top && nl + 40 >= nl;
    Arith idx;
    if (!const_idx) {
      eval(n.a, &idx);
      if (g_.failed()) return;
      for (const Stmt& s : idx.s) out->s.push_back(s);
      out->guard = g_.ir_.and_(out->guard, idx.guard);
    }
    // Load at k + index, plus o's run-time part when o is variable.
    auto ind_at = [&](const AbsOffset& o, uint32_t k) {
      if (o.variable) {
        if (const_idx) {
          g_.var_to_x(out->s, o);
          out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), k + idx_node.num});
          return;
        }
        int r = alloc();
        out->s.push_back({BPF_ST, static_cast<uint32_t>(r)});
        g_.var_to_x(out->s, o);
        out->s.push_back({BPF_LD | BPF_MEM, static_cast<uint32_t>(r)});
        out->s.push_back({BPF_ALU | BPF_ADD | BPF_X, 0});
        --g_.next_reg_;
      } else if (const_idx) {
        out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_ABS | size), k + idx_node.num});
        return;
      }
      out->s.push_back({BPF_MISC | BPF_TAX, 0});
      out->s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), k});
    };
    auto ind = [&](uint32_t k) { ind_at(ll.off_linkpl, k); };
    switch (n.q.proto) {
      case Proto::kLink: ind_at(ll.off_linkhdr, ll.off_linkhdr.constant); return;
      case Proto::kIp: case Proto::kArp: case Proto::kRarp: case Proto::kAtalk: case Proto::kDecnet:
      case Proto::kSca: case Proto::kLat: case Proto::kMoprc: case Proto::kMopdl: case Proto::kIpv6:
        ind(nl);
        out->guard = g_.ir_.and_(out->guard, g_.proto_abbrev(n.q.proto));
        return;
      case Proto::kSctp: case Proto::kTcp: case Proto::kUdp: case Proto::kIcmp: case Proto::kIgmp:
      case Proto::kIgrp: case Proto::kPim: case Proto::kVrrp: case Proto::kCarp: {
        transport_load(nl, const_idx ? &idx_node.num : nullptr, size, out);
        PredId b = g_.ir_.and_(g_.proto_abbrev(n.q.proto), g_.ipfrag());
        b = g_.ir_.and_(out->guard, b);
        out->guard = g_.ir_.and_(g_.proto_abbrev(Proto::kIp), b);
        return;
      }
      case Proto::kIcmpv6: {
        PredId b = g_.ir_.and_(out->guard, g_.proto_abbrev(Proto::kIpv6));
        out->guard = g_.ir_.and_(b, g_.cmp(Base::kLinkPl, 6, BPF_B, kIpprotoIcmpv6));
        ind(nl + 40);
        return;
      }
      case Proto::kRadio:
        g_.error("radio information not present in capture");
        return;
      default:
        g_.error("unsupported index operation");
        return;
    }
  }

 private:
  Codegen& g_;
  const Ast& ast_;
};

}  // namespace

PredId Codegen::relation(const Ast& ast, const Node& n) {
  next_reg_ = 0;
  ArithGen ag(*this, ast);
  Arith a, b;
  ag.eval(n.a, &a);
  ag.eval(n.b, &b);
  if (failed()) return ir_.false_();
  PredId test;
  uint32_t k = 0;
  if (ag.const_value(n.b, &k)) {
    test = ir_.test(ir_.intern(a.s), n.op, k);
  } else {
    Stmts s = b.s;
    s.push_back({BPF_ST, 0});
    for (Stmt st : a.s) {
      if ((st.code == BPF_ST || st.code == (BPF_LDX | BPF_MEM) || st.code == (BPF_LD | BPF_MEM))) st.k += 1;
      s.push_back(st);
    }
    s.push_back({BPF_LDX | BPF_MEM, 0});
    test = ir_.test_x(ir_.intern(s), n.op);
  }
  if (n.reversed) test = ir_.not_(test);
  PredId guard = ir_.and_(a.guard, b.guard);
  return ir_.and_(guard, test);
}

}  // namespace wpcap::filter
