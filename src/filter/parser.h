// parser.h - builds the syntax tree of a filter expression from tokens.
//
// Entry point: parse(tokens, limits) -> Parsed. The grammar is libpcap's
// (and/or of equal precedence, left-associative; qualifier inheritance as in
// "host a or b"; libpcap's arithmetic precedence including its quirks for
// '%' and '^'). Recursive descent with a depth budget; no global state.
// On a syntax error, Parsed::completed lists the primitives finished before
// it, so compile.cc can report an earlier semantic error first, as libpcap
// (which generates code while parsing) does.
#pragma once

#include <vector>

#include "core/result.h"
#include "filter/ast.h"
#include "filter/token.h"

namespace wpcap::filter {

struct ParseLimits {
  int max_depth = 400;        // nesting of parentheses / not / arithmetic
  size_t max_nodes = 2000000; // AST nodes
};

struct Parsed {
  Ast ast;
  Status error;                  // ok unless the text does not parse
  size_t error_token = 0;        // index of the token where parsing failed
  std::vector<NodeId> completed; // primitives in libpcap's reduction order
};

Parsed parse(const Tokens& tokens, const ParseLimits& limits = {});

}  // namespace wpcap::filter
