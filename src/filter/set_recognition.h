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

}  // namespace wpcap::filter
