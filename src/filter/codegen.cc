// codegen.cc - the tree walk and the load/compare helpers (see codegen.h).
//
// Entry points: Codegen::init(), run(), check_primitives(), load(),
// ncmp(), bcmp(). The walk is iterative and strictly left to right, so
// offset-shifting primitives (vlan, mpls, pppoes) affect what follows them.
#include "filter/codegen.h"

#include <unordered_map>
#include <utility>

#include "filter/set_recognition.h"

namespace wpcap::filter {

Status Codegen::init() {
  Result<LinkLayer> ll = init_link_layer(opt_.linktype);
  if (!ll) return ll.status();
  ll_ = *ll;
  return Status::ok();
}

// X = the variable part of o. The pflog header length is recomputed here
// (byte 0 rounded up to a multiple of 4, as libpcap's prologue does).
void Codegen::var_to_x(Stmts& s, const AbsOffset& o) {
  note_offset_use(o);
  if (o.len == VarLen::kPflogHeader) {
    uses_pflog_len_ = true;
    s.push_back({static_cast<uint16_t>(BPF_LD | BPF_B | BPF_ABS), 0});
    s.push_back({static_cast<uint16_t>(BPF_ALU | BPF_ADD | BPF_K), 3});
    s.push_back({static_cast<uint16_t>(BPF_ALU | BPF_AND | BPF_K), 0xfffffffcu});
    s.push_back({static_cast<uint16_t>(BPF_MISC | BPF_TAX), 0});
    return;
  }
  s.push_back({static_cast<uint16_t>(BPF_LDX | BPF_MEM), static_cast<uint32_t>(o.reg)});
}

Stmts Codegen::load(Base base, uint32_t off, uint32_t size) {
  Stmts s;
  auto abs = [&](const AbsOffset& o, uint32_t extra) {
    note_offset_use(o);
    if (o.variable) {
      var_to_x(s, o);
      s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), o.constant + extra});
    } else {
      s.push_back({static_cast<uint16_t>(BPF_LD | BPF_ABS | size), o.constant + extra});
    }
  };
  switch (base) {
    case Base::kPacket: s.push_back({static_cast<uint16_t>(BPF_LD | BPF_ABS | size), off}); break;
    case Base::kLinkHdr: abs(ll_.off_linkhdr, off); break;
    case Base::kPrevLinkHdr: abs(ll_.off_prevlinkhdr, off); break;
    case Base::kLlc: abs(ll_.off_linkpl, off); break;
    case Base::kLinkType: abs(ll_.off_linktype, off); break;
    case Base::kLinkPl: abs(ll_.off_linkpl, ll_.off_nl + off); break;
    case Base::kLinkPlNoSnap: abs(ll_.off_linkpl, ll_.off_nl_nosnap + off); break;
    case Base::kTranIpv6: abs(ll_.off_linkpl, ll_.off_nl + 40 + off); break;
    case Base::kTranIpv4: {
      uint32_t nl = ll_.off_linkpl.constant + ll_.off_nl;
      note_offset_use(ll_.off_linkpl);
      if (ll_.off_linkpl.variable) {
        // X = variable part + 4*(ip[0]&0xf)
        var_to_x(s, ll_.off_linkpl);
        s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | BPF_B), nl});
        s.push_back({static_cast<uint16_t>(BPF_ALU | BPF_AND | BPF_K), 0xf});
        s.push_back({static_cast<uint16_t>(BPF_ALU | BPF_LSH | BPF_K), 2});
        s.push_back({static_cast<uint16_t>(BPF_ALU | BPF_ADD | BPF_X), 0});
        s.push_back({static_cast<uint16_t>(BPF_MISC | BPF_TAX), 0});
      } else {
        s.push_back({static_cast<uint16_t>(BPF_LDX | BPF_MSH | BPF_B), nl});
      }
      s.push_back({static_cast<uint16_t>(BPF_LD | BPF_IND | size), nl + off});
      break;
    }
  }
  return s;
}

PredId Codegen::ncmp(Base base, uint32_t off, uint32_t size, uint32_t mask, uint16_t jop, bool reverse, uint32_t v) {
  Stmts s = load(base, off, size);
  if (mask != 0xffffffff) s.push_back({static_cast<uint16_t>(BPF_ALU | BPF_AND | BPF_K), mask});
  PredId p = ir_.test(ir_.intern(s), jop, v);
  return reverse ? ir_.not_(p) : p;
}

PredId Codegen::cmp_set(Base base, uint32_t off, uint32_t size, uint32_t mask, const std::vector<uint32_t>& vals) {
  Stmts s = load(base, off, size);
  if (mask != 0xffffffff) s.push_back({static_cast<uint16_t>(BPF_ALU | BPF_AND | BPF_K), mask});
  return ir_.set(ir_.intern(s), vals);
}

// Compares n bytes: 4-byte words from the end, then a halfword, then a byte.
PredId Codegen::bcmp(Base base, uint32_t off, const uint8_t* v, uint32_t n) {
  PredId b = -1;
  while (n >= 4) {
    const uint8_t* p = v + n - 4;
    uint32_t w = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    b = ir_.and_(b, cmp(base, off + n - 4, BPF_W, w));
    n -= 4;
  }
  while (n >= 2) {
    const uint8_t* p = v + n - 2;
    b = ir_.and_(b, cmp(base, off + n - 2, BPF_H, (uint32_t{p[0]} << 8) | p[1]));
    n -= 2;
  }
  if (n > 0) b = ir_.and_(b, cmp(base, off, BPF_B, v[0]));
  return b;
}

namespace {

bool is_bool_interior(NodeKind k) { return k == NodeKind::kAnd || k == NodeKind::kOr || k == NodeKind::kNot; }

}  // namespace

Result<PredId> Codegen::run(const Ast& ast) {
  if (ast.root == kNoNode) return ir_.true_();
  std::vector<PredId> result(ast.size(), -1);
  const bool may_group = opt_.optimize && !has_offset_shifts(ast);
  std::unordered_map<NodeId, std::vector<ChainItem>> chains;
  // Iterative post-order. State 0: first visit; 1: children done; 2: an
  // "or" chain whose leaves are done (see plan_or_chain).
  std::vector<std::pair<NodeId, int>> stack{{ast.root, 0}};
  while (!stack.empty() && !failed()) {
    auto [id, state] = stack.back();
    stack.pop_back();
    const Node& n = ast.at(id);
    if (!is_bool_interior(n.kind)) {
      switch (n.kind) {
        case NodeKind::kAtom: result[id] = atom(n); break;
        case NodeKind::kProtoAbbrev: result[id] = proto_abbrev(n.q.proto); break;
        case NodeKind::kRelation: result[id] = relation(ast, n); break;
        case NodeKind::kOther: result[id] = other(n); break;
        default: error("can't parse filter expression: syntax error"); break;
      }
      continue;
    }
    if (state == 0) {
      if (n.kind == NodeKind::kOr || n.kind == NodeKind::kAnd) {
        PredId set = recognize_set(*this, ast, id);
        if (set >= 0 || failed()) {
          result[id] = set;
          continue;
        }
      }
      std::vector<ChainItem> items;
      bool negated = false;
      if (may_group && ((n.kind == NodeKind::kOr && plan_or_chain(*this, ast, id, &items)) ||
                        (negated = n.kind == NodeKind::kAnd && plan_and_of_nots(*this, ast, id, &items)))) {
        stack.push_back({id, negated ? 3 : 2});
        for (auto it = items.rbegin(); it != items.rend(); ++it)
          if (it->node != kNoNode) stack.push_back({it->node, 0});
        chains.emplace(id, std::move(items));
        continue;
      }
      stack.push_back({id, 1});
      if (n.b != kNoNode) stack.push_back({n.b, 0});
      stack.push_back({n.a, 0});
      continue;
    }
    if (state == 2 || state == 3) {
      PredId acc = -1;
      for (const ChainItem& it : chains[id]) acc = ir_.or_(acc, it.node != kNoNode ? result[it.node] : it.set);
      result[id] = state == 3 ? ir_.not_(acc) : acc;
      continue;
    }
    switch (n.kind) {
      case NodeKind::kAnd: result[id] = ir_.and_(result[n.a], result[n.b]); break;
      case NodeKind::kOr: result[id] = ir_.or_(result[n.a], result[n.b]); break;
      default: result[id] = ir_.not_(result[n.a]); break;
    }
  }
  if (failed()) return err_;
  // PPI: libpcap applies the expression only to 802.11 inside PPI.
  if (ll_.radio == RadioHeader::kPpi) return ir_.and_(ppi_dlt_check(), result[ast.root]);
  if (uses_pflog_len_) {
    // libpcap computes the pflog header length once, before anything
    // else: a packet without byte 0 is rejected whatever the expression.
    // The same computation here (an always-true test) leaves it in X, where
    // emit.cc lets the tests that follow reuse it.
    AbsOffset pflog;
    pflog.variable = true;
    pflog.len = VarLen::kPflogHeader;
    Stmts s;
    var_to_x(s, pflog);
    return ir_.and_(ir_.test(ir_.intern(s), BPF_JGE, 0), result[ast.root]);
  }
  return result[ast.root];
}

Status Codegen::check_primitives(const Ast& ast, const std::vector<NodeId>& prims) {
  for (NodeId id : prims) {
    const Node& n = ast.at(id);
    switch (n.kind) {
      case NodeKind::kAtom: atom(n); break;
      case NodeKind::kProtoAbbrev: proto_abbrev(n.q.proto); break;
      case NodeKind::kRelation: relation(ast, n); break;
      case NodeKind::kOther: other(n); break;
      default: break;
    }
    if (failed()) return err_;
  }
  return Status::ok();
}

}  // namespace wpcap::filter
