// set_recognition.cc - finds or-chains of like values (see set_recognition.h).
#include "filter/set_recognition.h"

#include "filter/resolve.h"

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

}  // namespace wpcap::filter
