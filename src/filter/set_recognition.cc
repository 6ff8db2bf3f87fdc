// set_recognition.cc - finds or-chains of like values (see set_recognition.h).
#include "filter/set_recognition.h"

#include "filter/keywords.h"
#include "filter/resolve.h"

#include <algorithm>

namespace wpcap::filter {
namespace {

constexpr size_t kMinSet = 2;

enum class SetKind { kNone, kHost, kPort };

// Classifies one leaf; fills its value (and mask for hosts).
SetKind classify(const Node& n, uint32_t* value, uint32_t* mask) {
  if (n.kind != NodeKind::kAtom) return SetKind::kNone;
  const Qual& q = n.q;
  if (q.dir != Dir::kDefault && q.dir != Dir::kOr && q.dir != Dir::kSrc && q.dir != Dir::kDst) return SetKind::kNone;
  if ((q.addr == Addr::kDefault || q.addr == Addr::kHost) && n.atom == AtomKind::kHid &&
      (q.proto == Proto::kDefault || q.proto == Proto::kIp || q.proto == Proto::kArp || q.proto == Proto::kRarp)) {
    if (parse_ipv4(n.text, value) != 32) return SetKind::kNone;
    *mask = 0xffffffff;
    return SetKind::kHost;
  }
  if (q.addr == Addr::kNet && n.atom == AtomKind::kHidLen && n.num <= 32 &&
      (q.proto == Proto::kDefault || q.proto == Proto::kIp)) {
    uint32_t a = 0;
    if (parse_ipv4(n.text, &a) != 32) return SetKind::kNone;
    uint32_t m = n.num == 0 ? 0 : 0xffffffffu << (32 - n.num);
    if ((a & ~m) != 0) return SetKind::kNone;
    *value = a;
    *mask = m;
    return SetKind::kHost;
  }
  if (q.addr == Addr::kPort && n.atom == AtomKind::kNum && n.num <= 65535 &&
      (q.proto == Proto::kDefault || q.proto == Proto::kTcp || q.proto == Proto::kUdp || q.proto == Proto::kSctp)) {
    *value = n.num;
    *mask = 0;
    return SetKind::kPort;
  }
  return SetKind::kNone;
}

}  // namespace

PredId recognize_set(Codegen& gen, const Ast& ast, NodeId node) {
  if (!gen.opt_.optimize || ast.at(node).kind != NodeKind::kOr) return -1;
  // The chain is left-deep: Or(Or(Or(l0, l1), l2), l3).
  std::vector<NodeId> leaves;
  NodeId cur = node;
  while (ast.at(cur).kind == NodeKind::kOr) {
    leaves.push_back(ast.at(cur).b);
    cur = ast.at(cur).a;
  }
  leaves.push_back(cur);
  if (leaves.size() < kMinSet) return -1;
  const Node& first = ast.at(leaves.back());
  uint32_t v = 0, mask = 0, mask0 = 0;
  SetKind kind = classify(first, &v, &mask0);
  if (kind == SetKind::kNone) return -1;
  std::vector<uint32_t> values;
  for (auto it = leaves.rbegin(); it != leaves.rend(); ++it) {
    const Node& n = ast.at(*it);
    if (classify(n, &v, &mask) != kind || !(n.q == first.q) || mask != mask0) return -1;
    values.push_back(v);
  }
  if (kind == SetKind::kHost) return gen.host4_set(values, mask0, first.q.proto, first.q.dir);
  int proto = first.q.proto == Proto::kTcp ? 6 : first.q.proto == Proto::kUdp ? 17 : first.q.proto == Proto::kSctp ? 132 : kProtoUndef;
  return gen.port_set(values, proto, first.q.dir);
}

bool has_offset_shifts(const Ast& ast) {
  for (size_t i = 0; i < ast.size(); ++i) {
    const Node& n = ast.at(static_cast<NodeId>(i));
    if (n.kind == NodeKind::kOther && (n.other == Other::kVlan || n.other == Other::kMpls ||
                                       n.other == Other::kPppoes || n.other == Other::kGeneve ||
                                       (n.other == Other::kAtmType && n.num == kAtmLane)))
      return true;
  }
  return false;
}

namespace {

// A leaf of an "or" chain that can join a value set: a value atom, or
// "<proto> and <value atom>" (e.g. "udp and port 53"), whose protocol test
// is then shared by the whole run.
struct SetLeaf {
  SetKind kind = SetKind::kNone;
  Proto prefix = Proto::kUndef;  // kUndef: no "<proto> and"
  const Node* atom = nullptr;
  uint32_t value = 0, mask = 0;
};

SetLeaf classify_leaf(const Ast& ast, NodeId id) {
  SetLeaf l;
  const Node* n = &ast.at(id);
  if (n->kind == NodeKind::kAnd && ast.at(n->a).kind == NodeKind::kProtoAbbrev) {
    l.prefix = ast.at(n->a).q.proto;
    n = &ast.at(n->b);
  }
  l.atom = n;
  l.kind = classify(*n, &l.value, &l.mask);
  return l;
}

bool same_run(const SetLeaf& a, const SetLeaf& b) {
  return a.kind == b.kind && a.prefix == b.prefix && a.atom->q == b.atom->q && a.mask == b.mask;
}

}  // namespace

bool plan_or_leaves(Codegen& gen, const Ast& ast, const std::vector<NodeId>& leaves, std::vector<ChainItem>* items) {
  bool any_run = false;
  size_t i = 0;
  while (i < leaves.size()) {
    SetLeaf first = classify_leaf(ast, leaves[i]);
    std::vector<uint32_t> values;
    size_t j = i;
    while (first.kind != SetKind::kNone && j < leaves.size()) {
      SetLeaf l = classify_leaf(ast, leaves[j]);
      if (!same_run(first, l)) break;
      values.push_back(l.value);
      ++j;
    }
    if (j - i < kMinSet) {
      items->push_back(ChainItem{-1, leaves[i]});
      ++i;
      continue;
    }
    any_run = true;
    const Qual& q = first.atom->q;
    PredId prefix = first.prefix == Proto::kUndef ? -1 : gen.proto_abbrev(first.prefix);
    PredId set;
    if (first.kind == SetKind::kHost) {
      set = gen.host4_set(values, first.mask, q.proto, q.dir);
    } else {
      int proto = q.proto == Proto::kTcp ? 6 : q.proto == Proto::kUdp ? 17 : q.proto == Proto::kSctp ? 132 : kProtoUndef;
      set = gen.port_set(values, proto, q.dir);
    }
    items->push_back(ChainItem{gen.ir_.and_(prefix, set), kNoNode});
    i = j;
  }
  return any_run;
}

bool plan_or_chain(Codegen& gen, const Ast& ast, NodeId node, std::vector<ChainItem>* items) {
  if (!gen.opt_.optimize || ast.at(node).kind != NodeKind::kOr) return false;
  std::vector<NodeId> leaves;
  for (NodeId cur = node;; cur = ast.at(cur).a) {
    if (ast.at(cur).kind != NodeKind::kOr) {
      leaves.push_back(cur);
      break;
    }
    leaves.push_back(ast.at(cur).b);
  }
  std::reverse(leaves.begin(), leaves.end());
  return plan_or_leaves(gen, ast, leaves, items);
}

bool plan_and_of_nots(Codegen& gen, const Ast& ast, NodeId node, std::vector<ChainItem>* items) {
  if (!gen.opt_.optimize || ast.at(node).kind != NodeKind::kAnd) return false;
  std::vector<NodeId> negated;
  for (NodeId cur = node;; cur = ast.at(cur).a) {
    NodeId leaf = ast.at(cur).kind == NodeKind::kAnd ? ast.at(cur).b : cur;
    if (ast.at(leaf).kind != NodeKind::kNot) return false;
    negated.push_back(ast.at(leaf).a);
    if (ast.at(cur).kind != NodeKind::kAnd) break;
  }
  std::reverse(negated.begin(), negated.end());
  return plan_or_leaves(gen, ast, negated, items);
}

}  // namespace wpcap::filter
