// set_recognition.h - "host a or host b or ..." as one set test.
//
// Entry point: recognize_set(gen, ast, or_node) -> the code for a whole
// chain of "or"ed values of the same kind (numeric IPv4 hosts/nets with
// one mask, numeric ports) with identical qualifiers, as tests of
// "value in set" (balanced comparison trees after lowering), or -1 when
// the chain does not qualify. Only when optimizing: the set test compares
// each field once per packet rather than in libpcap's unoptimized order.
#pragma once

#include "filter/ast.h"
#include "filter/codegen.h"

namespace wpcap::filter {

PredId recognize_set(Codegen& gen, const Ast& ast, NodeId node);

// A mixed "or" chain: runs of like values become set tests, other leaves
// stay nodes for the normal walk. Item: set >= 0, or node to generate.
struct ChainItem {
  PredId set = -1;
  NodeId node = kNoNode;
};
// True (and the items in source order) if the chain has a run of at least
// two like values and some other leaf. Only when the whole expression has
// no offset-shifting primitive (vlan, mpls, pppoes, geneve): the sets are
// generated before the other leaves.
bool plan_or_chain(Codegen& gen, const Ast& ast, NodeId node, std::vector<ChainItem>* items);

// "not A and not B and ..." is "not (A or B or ...)": the same, with the
// or-chain planned as above (issue #1255's "not (udp and port N) and ...").
bool plan_and_of_nots(Codegen& gen, const Ast& ast, NodeId node, std::vector<ChainItem>* items);
bool plan_or_leaves(Codegen& gen, const Ast& ast, const std::vector<NodeId>& leaves, std::vector<ChainItem>* items);

// Does the expression contain vlan/mpls/pppoes/geneve/lane (offset shifts)?
bool has_offset_shifts(const Ast& ast);

}  // namespace wpcap::filter
