// ast.h - the syntax tree of a filter expression.
//
// Entry points: Ast (an arena of Nodes addressed by NodeId), the qualifier
// enums (Proto, Dir, Addr), dump_ast() for golden tests. Built by parser.cc
// with qualifier inheritance already applied (every atom carries its own
// effective Qual); consumed by codegen*.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "filter/arena.h"

namespace wpcap::filter {

// Protocol qualifiers (libpcap's Q_* protocol values, same meaning).
enum class Proto : uint8_t {
  kDefault, kLink, kIp, kArp, kRarp, kSctp, kTcp, kUdp, kIcmp, kIgmp, kIgrp, kAtalk, kDecnet,
  kLat, kSca, kMoprc, kMopdl, kIpv6, kIcmpv6, kAh, kEsp, kPim, kVrrp, kAarp, kIso, kEsis, kIsis,
  kClnp, kStp, kIpx, kNetbeui, kIsisL1, kIsisL2, kIsisIih, kIsisSnp, kIsisCsnp, kIsisPsnp,
  kIsisLsp, kRadio, kCarp, kUndef,
};
enum class Dir : uint8_t { kDefault, kSrc, kDst, kOr, kAnd, kAddr1, kAddr2, kAddr3, kAddr4, kRa, kTa, kUndef };
enum class Addr : uint8_t { kDefault, kHost, kNet, kPort, kGateway, kProto, kProtochain, kPortrange, kUndef };

struct Qual {
  Proto proto = Proto::kDefault;
  Dir dir = Dir::kDefault;
  Addr addr = Addr::kDefault;
  bool operator==(const Qual&) const = default;
};
inline constexpr Qual kQualErr{Proto::kUndef, Dir::kUndef, Addr::kUndef};

const char* proto_name(Proto p);  // "ip", "tcp", "link", ...
const char* dir_name(Dir d);
const char* addr_name(Addr a);

using NodeId = int32_t;
inline constexpr NodeId kNoNode = -1;

enum class NodeKind : uint8_t {
  // boolean
  kAnd, kOr, kNot,
  kAtom,         // head id: a qualified value (host/net/port/... name or literal)
  kProtoAbbrev,  // a bare protocol name: "tcp", "ip6"
  kRelation,     // arth relop arth
  kOther,        // broadcast, less, vlan, 802.11 type, llc, ...
  // arithmetic
  kNum, kLoad, kBinop, kNeg, kLen,
};

// What an atom's value is (grammar "nid"/"pnum").
enum class AtomKind : uint8_t { kName, kNum, kHid, kHidLen, kHidMask, kHid6, kHid6Len, kEid, kAid };

// Primitives of the "other" family.
enum class Other : uint8_t {
  kBroadcast, kMulticast, kLess, kGreater, kByte, kInbound, kOutbound, kIfindex,
  kVlan, kMpls, kPppoed, kPppoes, kGeneve,
  kPfIfname, kPfRset, kPfRnr, kPfSrnr, kPfReason, kPfAction,
  kWlanType, kWlanTypeSubtype, kWlanDir,
  kLlc, kLlcI, kLlcS, kLlcU, kLlcSSubtype, kLlcUSubtype,
  kAtmType, kAtmMultiType, kAtmField, kMtp2Type, kMtp3Field,
};

struct Node {
  NodeKind kind = NodeKind::kNum;
  AtomKind atom = AtomKind::kNum;
  Other other = Other::kBroadcast;
  bool has_num = false;   // vlan/mpls/pppoes/geneve/ifindex: a number was given
  bool reversed = false;  // relation/ATM/MTP field: negate (<=, <, !=)
  uint16_t op = 0;        // relation: BPF_JEQ/JGT/JGE; binop: BPF_ADD...; byte: '&','|','<','>','='
  Qual q;                 // atom qualifiers; kOther/kProtoAbbrev/kLoad use q.proto
  uint32_t num = 0;       // number value, prefix length, load size, ...
  uint32_t num2 = 0;      // second number (byte N op M, subtype)
  std::string text;       // name / address text
  std::string text2;      // second address (HID mask HID)
  NodeId a = kNoNode;     // children: and/or/not/relation/binop/neg; load index
  NodeId b = kNoNode;
  uint32_t pos = 0;       // source offset of the node's first token
};

class Ast {
 public:
  NodeId add(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<NodeId>(nodes_.size() - 1);
  }
  Node& at(NodeId id) { return nodes_[static_cast<size_t>(id)]; }
  const Node& at(NodeId id) const { return nodes_[static_cast<size_t>(id)]; }
  size_t size() const { return nodes_.size(); }
  NodeId root = kNoNode;  // kNoNode: the empty expression

 private:
  AVec<Node> nodes_;  // arena-backed inside compile()
};

// S-expression text of the tree, e.g. "(or (host src 1.2.3.4) (proto tcp))".
std::string dump_ast(const Ast& ast);

}  // namespace wpcap::filter
