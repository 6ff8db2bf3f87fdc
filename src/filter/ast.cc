// ast.cc - qualifier names and the S-expression dump of the syntax tree.
//
// Entry points: proto_name(), dir_name(), addr_name(), dump_ast().
// The dump is iterative (deep trees must not exhaust the stack).
#include "filter/ast.h"

#include <pcap/bpf.h>

#include <utility>

namespace wpcap::filter {

const char* proto_name(Proto p) {
  static const char* const kNames[] = {
      "default", "link", "ip", "arp", "rarp", "sctp", "tcp", "udp", "icmp", "igmp", "igrp", "atalk",
      "decnet", "lat", "sca", "moprc", "mopdl", "ip6", "icmp6", "ah", "esp", "pim", "vrrp", "aarp",
      "iso", "esis", "isis", "clnp", "stp", "ipx", "netbeui", "l1", "l2", "iih", "snp", "csnp", "psnp",
      "lsp", "radio", "carp", "undef"};
  return kNames[static_cast<int>(p)];
}

const char* dir_name(Dir d) {
  static const char* const kNames[] = {"default", "src", "dst", "src or dst", "src and dst", "addr1",
                                       "addr2", "addr3", "addr4", "ra", "ta", "undef"};
  return kNames[static_cast<int>(d)];
}

const char* addr_name(Addr a) {
  static const char* const kNames[] = {"default", "host", "net", "port", "gateway", "proto",
                                       "protochain", "portrange", "undef"};
  return kNames[static_cast<int>(a)];
}

namespace {

const char* other_name(Other o) {
  static const char* const kNames[] = {
      "broadcast", "multicast", "less", "greater", "byte", "inbound", "outbound", "ifindex", "vlan",
      "mpls", "pppoed", "pppoes", "geneve", "ifname", "ruleset", "rnr", "srnr", "reason", "action",
      "type", "subtype", "dir", "llc", "llc-i", "llc-s", "llc-u", "llc-s-subtype", "llc-u-subtype",
      "atmtype", "atmmulti", "atmfield", "mtp2", "mtp3field"};
  return kNames[static_cast<int>(o)];
}

const char* binop_name(uint16_t op) {
  switch (op) {
    case BPF_ADD: return "+";
    case BPF_SUB: return "-";
    case BPF_MUL: return "*";
    case BPF_DIV: return "/";
    case BPF_MOD: return "%";
    case BPF_AND: return "&";
    case BPF_OR: return "|";
    case BPF_XOR: return "^";
    case BPF_LSH: return "<<";
    case BPF_RSH: return ">>";
    default: return "?";
  }
}

const char* relop_name(uint16_t op, bool reversed) {
  if (op == BPF_JEQ) return reversed ? "!=" : "=";
  if (op == BPF_JGT) return reversed ? "<=" : ">";
  return reversed ? "<" : ">=";
}

// Text of a leaf, or the opening of an interior node.
std::string head_text(const Node& n) {
  std::string s;
  switch (n.kind) {
    case NodeKind::kAnd: return "(and";
    case NodeKind::kOr: return "(or";
    case NodeKind::kNot: return "(not";
    case NodeKind::kRelation: return std::string("(") + relop_name(n.op, n.reversed);
    case NodeKind::kBinop: return std::string("(") + binop_name(n.op);
    case NodeKind::kNeg: return "(neg";
    case NodeKind::kLoad: return std::string("(") + proto_name(n.q.proto) + "[:" + std::to_string(n.num) + "]";
    case NodeKind::kNum: return std::to_string(n.num);
    case NodeKind::kLen: return "len";
    case NodeKind::kProtoAbbrev: return std::string("(proto ") + proto_name(n.q.proto) + ")";
    case NodeKind::kAtom: {
      s = "(";
      s += proto_name(n.q.proto);
      s += std::string(" ") + dir_name(n.q.dir) + " " + addr_name(n.q.addr) + " ";
      if (n.atom == AtomKind::kNum) s += std::to_string(n.num);
      else s += n.text;
      if (n.atom == AtomKind::kHidLen || n.atom == AtomKind::kHid6Len) s += "/" + std::to_string(n.num);
      if (n.atom == AtomKind::kHidMask) s += " mask " + n.text2;
      return s + ")";
    }
    case NodeKind::kOther:
      s = std::string("(") + other_name(n.other);
      if (n.q.proto != Proto::kDefault) s += std::string(" ") + proto_name(n.q.proto);
      if (n.has_num || n.num != 0) s += " " + std::to_string(n.num);
      if (n.other == Other::kByte) s += std::string(" ") + static_cast<char>(n.op) + " " + std::to_string(n.num2);
      if (!n.text.empty()) s += " " + n.text;
      if (!n.text2.empty()) s += " " + n.text2;
      return s + ")";
  }
  return "?";
}

bool is_interior(const Node& n) {
  switch (n.kind) {
    case NodeKind::kAnd: case NodeKind::kOr: case NodeKind::kNot: case NodeKind::kRelation:
    case NodeKind::kBinop: case NodeKind::kNeg: case NodeKind::kLoad:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string dump_ast(const Ast& ast) {
  if (ast.root == kNoNode) return "(empty)";
  std::string out;
  // Stack of (node, stage): stage 0 = open, 1 = after a, 2 = after b.
  std::vector<std::pair<NodeId, int>> stack{{ast.root, 0}};
  while (!stack.empty()) {
    auto& [id, stage] = stack.back();
    if (id == kNoNode) {
      out += " ?";
      stack.pop_back();
      continue;
    }
    const Node& n = ast.at(id);
    if (!is_interior(n)) {
      if (!out.empty() && out.back() != '(') out += ' ';
      out += head_text(n);
      stack.pop_back();
      continue;
    }
    if (stage == 0) {
      if (!out.empty() && out.back() != '(') out += ' ';
      out += head_text(n);
      stage = 1;
      stack.push_back({n.a, 0});
    } else if (stage == 1 && n.b != kNoNode) {
      stage = 2;
      stack.push_back({n.b, 0});
    } else {
      out += ')';
      stack.pop_back();
    }
  }
  return out;
}

}  // namespace wpcap::filter
