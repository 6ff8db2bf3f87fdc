// parser.cc - recursive-descent parser for the filter language (see parser.h).
//
// Functions mirror the grammar's nonterminals: expr, term, rterm, head, id,
// pid, other, arith. Each returns the node and the qualifiers a following
// "and id"/"or id" inherits. Errors are sticky: the first one wins.
#include "filter/parser.h"

#include <pcap/bpf.h>

#include "filter/keywords.h"

namespace wpcap::filter {
namespace {

struct Item {
  NodeId node = kNoNode;
  Qual q = kQualErr;
};

bool is_relop(Tok t) {
  return t == Tok::kGt || t == Tok::kGeq || t == Tok::kEq || t == Tok::kLeq || t == Tok::kLt || t == Tok::kNeq;
}
bool is_value(Tok t) {
  return t == Tok::kId || t == Tok::kHid || t == Tok::kHid6 || t == Tok::kEid || t == Tok::kAid;
}
bool is_arith_op(Tok t) {
  switch (t) {
    case Tok::kPlus: case Tok::kMinus: case Tok::kStar: case Tok::kSlash: case Tok::kPercent:
    case Tok::kAmp: case Tok::kPipe: case Tok::kCaret: case Tok::kLsh: case Tok::kRsh:
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  Parser(const Tokens& toks, const ParseLimits& lim) : t_(toks), lim_(lim) {}

  Parsed run() {
    if (peek() != Tok::kEnd) {
      Item e = expr(kQualErr);
      if (ok() && peek() != Tok::kEnd) syntax_error();
      out_.ast.root = e.node;
    }
    return std::move(out_);
  }

 private:
  // --- token helpers ---
  Tok peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < t_.size() ? t_[i].kind : Tok::kEnd;
  }
  const Token& tok(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < t_.size() ? t_[i] : t_.back();
  }
  const Token& take() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  bool ok() const { return out_.error.is_ok(); }
  bool accept(Tok k) {
    if (peek() != k) return false;
    ++pos_;
    return true;
  }
  void expect(Tok k) {
    if (!accept(k)) syntax_error();
  }
  void syntax_error() { fail("can't parse filter expression: syntax error"); }
  void fail(const std::string& msg) {
    if (!ok()) return;
    out_.error = Status::error(msg);
    out_.error_token = pos_;
  }
  NodeId add(Node n, bool primitive = false) {
    if (out_.ast.size() >= lim_.max_nodes) {
      fail("filter expression too large");
      return kNoNode;
    }
    NodeId id = out_.ast.add(std::move(n));
    if (primitive) out_.completed.push_back(id);
    return id;
  }
  NodeId add2(NodeKind k, NodeId a, NodeId b, uint32_t pos) {
    Node n;
    n.kind = k;
    n.a = a;
    n.b = b;
    n.pos = pos;
    return add(std::move(n));
  }
  struct Depth {
    Parser* p;
    explicit Depth(Parser* pp) : p(pp) {
      if (++p->depth_ > p->lim_.max_depth) p->fail("filter expression too deeply nested");
    }
    ~Depth() { --p->depth_; }
  };

  // --- lookahead classification ---
  size_t skip_group(size_t i, Tok open, Tok close) const {
    int d = 0;
    for (; i < t_.size(); ++i) {
      if (t_[i].kind == open) ++d;
      if (t_[i].kind == close && --d == 0) return i;
      if (t_[i].kind == Tok::kEnd) return i;
    }
    return t_.size() - 1;
  }
  // Is the parenthesised group at token i boolean (an expr/pid) rather than arithmetic?
  bool paren_is_bool(size_t i) const {
    for (size_t j = i + 1; j < t_.size(); ++j) {
      Tok k = t_[j].kind;
      if (k == Tok::kRParen || k == Tok::kEnd) return false;
      if (k == Tok::kLParen) {
        if (paren_is_bool(j)) return true;
        j = skip_group(j, Tok::kLParen, Tok::kRParen);
        continue;
      }
      if (k == Tok::kProto && j + 1 < t_.size() && t_[j + 1].kind == Tok::kLBracket) {
        j = skip_group(j + 1, Tok::kLBracket, Tok::kRBracket);
        continue;
      }
      if (k == Tok::kNum || k == Tok::kLen || is_arith_op(k)) continue;
      return true;
    }
    return false;
  }
  // After "expr and"/"expr or" libpcap's LALR tables keep both a term and an
  // id (which inherits the qualifiers) open through "(" and "not": "(" may
  // open "( expr )", "( pid )" or "( pnum )", "not" may be "not term" or
  // "not id". The first token that only one of them accepts decides: a
  // name or address makes it an id, a number decides by what follows it
  // (")" keeps both open, "and"/"or" make a pid, arithmetic or a comparison
  // an expression), anything else an expression. An id group ending in
  // another id group's place ("((2 and 3))") has no parse.
  enum class Amb { kExpr, kId, kPnum, kErr };
  Tok kind_at(size_t i) const { return i < t_.size() ? t_[i].kind : Tok::kEnd; }
  // The decision after a (parenthesised) number, inside "(" or after "not".
  static Amb after_pnum(Tok next, bool in_paren) {
    if (is_relop(next) || is_arith_op(next)) return Amb::kExpr;
    if (!in_paren) return Amb::kId;
    if (next == Tok::kRParen) return Amb::kPnum;
    return next == Tok::kAnd || next == Tok::kOr ? Amb::kId : Amb::kErr;
  }
  // i at "(" where both fit; for kPnum, *close is the group's ")".
  Amb resolve_paren(size_t i, size_t* close, int depth) const {
    if (depth > lim_.max_depth) return Amb::kExpr;  // the parse reports the depth
    size_t j = i + 1;
    Tok k = kind_at(j);
    size_t after = j + 1;
    if (k == Tok::kLParen) {
      size_t c = 0;
      Amb r = resolve_paren(j, &c, depth + 1);
      if (r != Amb::kPnum) return r == Amb::kExpr ? Amb::kExpr : Amb::kErr;
      after = c + 1;
    } else if (k == Tok::kBang) {
      return resolve_not(j, depth + 1);
    } else if (k != Tok::kNum) {
      return is_value(k) ? Amb::kId : Amb::kExpr;
    }
    Amb r = after_pnum(kind_at(after), true);
    if (r == Amb::kPnum) *close = after;
    return r;
  }
  // i at "!" where both "not term" and "not id" fit.
  Amb resolve_not(size_t i, int depth) const {
    if (depth > lim_.max_depth) return Amb::kExpr;
    Tok k = kind_at(i + 1);
    if (k == Tok::kBang) return resolve_not(i + 1, depth + 1);
    if (k == Tok::kNum) return after_pnum(kind_at(i + 2), false);
    if (k != Tok::kLParen) return is_value(k) ? Amb::kId : Amb::kExpr;
    size_t c = 0;
    Amb r = resolve_paren(i + 1, &c, depth + 1);
    return r == Amb::kPnum ? after_pnum(kind_at(c + 1), false) : r;
  }

  // --- boolean grammar ---
  Item expr(Qual inherited) {
    Depth d(this);
    Item left = term(inherited);
    while (ok() && (peek() == Tok::kAnd || peek() == Tok::kOr)) {
      NodeKind k = take().kind == Tok::kAnd ? NodeKind::kAnd : NodeKind::kOr;
      uint32_t pos = tok().pos;
      Item right = term_or_id(left.q);
      left.node = add2(k, left.node, right.node, pos);
      left.q = right.q;
    }
    return left;
  }

  // After and/or: an id inheriting q, or a full term.
  Item term_or_id(Qual q) {
    Tok k = peek();
    bool id_path = is_value(k);
    if (k == Tok::kNum) id_path = !(is_relop(peek(1)) || is_arith_op(peek(1)));
    if (k == Tok::kLParen || k == Tok::kBang) {
      size_t close = 0;
      Amb r = k == Tok::kBang ? resolve_not(pos_, 0) : resolve_paren(pos_, &close, 0);
      if (r == Amb::kPnum) r = after_pnum(kind_at(close + 1), false);
      id_path = r == Amb::kId || r == Amb::kErr;
    }
    if (id_path) return id(q);
    if (k == Tok::kLParen && !paren_is_bool(pos_)) return arith_term_or_pnum(q);
    return term(q);
  }

  Item term(Qual inherited) {
    Depth d(this);
    if (!ok()) return {};
    if (accept(Tok::kBang)) {
      uint32_t pos = tok().pos;
      Item t = term(inherited);
      return {add2(NodeKind::kNot, t.node, kNoNode, pos), t.q};
    }
    return rterm(inherited);
  }

  // "(5)" after and/or is a number id; "(1+2) = 3" a relation.
  Item arith_term_or_pnum(Qual q) {
    uint32_t pos = tok().pos;
    NodeId a = arith(0);
    if (ok() && !is_relop(peek()) && out_.ast.at(a).kind == NodeKind::kNum) {
      Node n;
      n.kind = NodeKind::kAtom;
      n.atom = AtomKind::kNum;
      n.num = out_.ast.at(a).num;
      n.q = q;
      n.pos = pos;
      return {add(std::move(n), true), q};
    }
    return {relation_rest(a, pos), kQualErr};
  }

  Item rterm(Qual inherited);
  Item head_and_id(Proto pq);
  Item id(Qual q);
  Item pid(Qual q);
  NodeId atom(Qual q);
  NodeId other(Proto pq);
  NodeId p80211(Proto pq);
  NodeId field_value(Other kind, int field);
  NodeId relation_rest(NodeId a, uint32_t pos);
  NodeId arith(int min_prec);
  NodeId arith_primary();
  bool pnum(uint32_t* v);
  NodeId num_atom(uint32_t v, Qual q, uint32_t pos) {
    Node n;
    n.kind = NodeKind::kAtom;
    n.atom = AtomKind::kNum;
    n.num = v;
    n.q = q;
    n.pos = pos;
    return add(std::move(n), true);
  }
  NodeId simple_other(Other o, uint32_t pos, uint32_t num = 0, bool has_num = false) {
    Node n;
    n.kind = NodeKind::kOther;
    n.other = o;
    n.num = num;
    n.has_num = has_num;
    n.pos = pos;
    return add(std::move(n), true);
  }

  const Tokens& t_;
  const ParseLimits& lim_;
  size_t pos_ = 0;
  int depth_ = 0;
  Parsed out_;
};

Item Parser::rterm(Qual inherited) {
  Tok k = peek();
  uint32_t pos = tok().pos;
  if (k == Tok::kLParen) {
    if (!paren_is_bool(pos_)) return {relation_rest(arith(0), pos), kQualErr};
    take();
    Item e = expr(inherited);
    expect(Tok::kRParen);
    return {e.node, inherited};
  }
  if (k == Tok::kNum || k == Tok::kMinus || k == Tok::kLen || (k == Tok::kProto && peek(1) == Tok::kLBracket))
    return {relation_rest(arith(0), pos), kQualErr};
  Proto pq = Proto::kDefault;
  bool had_pname = k == Tok::kProto;
  if (had_pname) {
    pq = static_cast<Proto>(take().aux);
    k = peek();
  }
  switch (k) {
    case Tok::kSrc: case Tok::kDst: case Tok::kAddr1: case Tok::kAddr2: case Tok::kAddr3: case Tok::kAddr4:
    case Tok::kRa: case Tok::kTa: case Tok::kHost: case Tok::kNet: case Tok::kPort: case Tok::kPortrange:
    case Tok::kProtoKw: case Tok::kProtochain: case Tok::kGateway:
      return head_and_id(pq);
    case Tok::kBroadcast: case Tok::kMulticast: case Tok::kType: case Tok::kSubtype: case Tok::kDir:
      return {other(pq), kQualErr};
    default:
      break;
  }
  if (had_pname) {
    Node n;
    n.kind = NodeKind::kProtoAbbrev;
    n.q.proto = pq;
    n.pos = pos;
    return {add(std::move(n), true), kQualErr};
  }
  return {other(Proto::kDefault), kQualErr};
}

Item Parser::head_and_id(Proto pq) {
  Qual q;
  q.proto = pq;
  switch (peek()) {
    case Tok::kSrc: case Tok::kDst: {
      bool src = take().kind == Tok::kSrc;
      q.dir = src ? Dir::kSrc : Dir::kDst;
      Tok other_dir = src ? Tok::kDst : Tok::kSrc;
      if ((peek() == Tok::kOr || peek() == Tok::kAnd) && peek(1) == other_dir) {
        q.dir = take().kind == Tok::kOr ? Dir::kOr : Dir::kAnd;
        take();
      }
      break;
    }
    case Tok::kAddr1: take(); q.dir = Dir::kAddr1; break;
    case Tok::kAddr2: take(); q.dir = Dir::kAddr2; break;
    case Tok::kAddr3: take(); q.dir = Dir::kAddr3; break;
    case Tok::kAddr4: take(); q.dir = Dir::kAddr4; break;
    case Tok::kRa: take(); q.dir = Dir::kRa; break;
    case Tok::kTa: take(); q.dir = Dir::kTa; break;
    case Tok::kProtoKw: take(); q.addr = Addr::kProto; return id(q);
    case Tok::kProtochain: take(); q.addr = Addr::kProtochain; return id(q);
    case Tok::kGateway: take(); q.addr = Addr::kGateway; return id(q);
    default: break;
  }
  switch (peek()) {
    case Tok::kHost: take(); q.addr = Addr::kHost; break;
    case Tok::kNet: take(); q.addr = Addr::kNet; break;
    case Tok::kPort: take(); q.addr = Addr::kPort; break;
    case Tok::kPortrange: take(); q.addr = Addr::kPortrange; break;
    default: break;
  }
  return id(q);
}

Item Parser::id(Qual q) {
  Depth d(this);
  if (!ok()) return {};
  uint32_t pos = tok().pos;
  if (accept(Tok::kBang)) {
    Item i = id(q);
    return {add2(NodeKind::kNot, i.node, kNoNode, pos), q};
  }
  if (peek() == Tok::kLParen) {
    uint32_t v = 0;
    if (pnum(&v)) return {num_atom(v, q, pos), q};
    take();  // "( pid )": only a number may follow "(" without a pid
    Item i = pid(q);
    expect(Tok::kRParen);
    return {i.node, q};
  }
  return {atom(q), q};
}

// pid: a nid or a (parenthesised) number, then "and id"/"or id" ...
Item Parser::pid(Qual q) {
  Item left;
  uint32_t v = 0;
  uint32_t first = tok().pos;
  if (peek() == Tok::kLParen) {
    if (pnum(&v)) {
      left = {num_atom(v, q, first), q};
    } else {
      syntax_error();
      return {};
    }
  } else if (peek() == Tok::kBang) {
    left = id(q);
  } else {
    left = {atom(q), q};
  }
  while (ok() && (peek() == Tok::kAnd || peek() == Tok::kOr)) {
    NodeKind k = take().kind == Tok::kAnd ? NodeKind::kAnd : NodeKind::kOr;
    uint32_t pos = tok().pos;
    Item r = id(q);
    left.node = add2(k, left.node, r.node, pos);
  }
  return left;
}

// nid / NUM: one qualified value.
NodeId Parser::atom(Qual q) {
  Node n;
  n.kind = NodeKind::kAtom;
  n.q = q;
  n.pos = tok().pos;
  switch (peek()) {
    case Tok::kId: n.atom = AtomKind::kName; n.text = take().text; break;
    case Tok::kNum: n.atom = AtomKind::kNum; n.num = take().num; break;
    case Tok::kEid: n.atom = AtomKind::kEid; n.text = take().text; break;
    case Tok::kAid: n.atom = AtomKind::kAid; n.text = take().text; break;
    case Tok::kHid:
      n.text = take().text;
      n.atom = AtomKind::kHid;
      if (peek() == Tok::kSlash && peek(1) == Tok::kNum) {
        take();
        n.atom = AtomKind::kHidLen;
        n.num = take().num;
      } else if (peek() == Tok::kNetmask && peek(1) == Tok::kHid) {
        take();
        n.atom = AtomKind::kHidMask;
        n.text2 = take().text;
      } else if (peek() == Tok::kSlash || peek() == Tok::kNetmask) {
        syntax_error();
      }
      break;
    case Tok::kHid6:
      n.text = take().text;
      n.atom = AtomKind::kHid6;
      n.num = 128;
      if (peek() == Tok::kSlash) {
        take();
        if (peek() != Tok::kNum) {
          syntax_error();
          return kNoNode;
        }
        n.atom = AtomKind::kHid6Len;
        n.num = take().num;
      }
      break;
    default:
      syntax_error();
      return kNoNode;
  }
  return add(std::move(n), true);
}

bool Parser::pnum(uint32_t* v) {
  size_t opens = 0;
  while (peek(opens) == Tok::kLParen) ++opens;
  if (peek(opens) != Tok::kNum) return false;
  for (size_t i = 0; i < opens; ++i)
    if (peek(opens + 1 + i) != Tok::kRParen) return false;
  *v = tok(opens).num;
  pos_ += 2 * opens + 1;
  return true;
}


NodeId Parser::other(Proto pq) {
  uint32_t pos = tok().pos;
  const size_t at = pos_;
  Tok k = take().kind;
  uint32_t v = 0;
  switch (k) {
    case Tok::kBroadcast: case Tok::kMulticast: {
      Node n;
      n.kind = NodeKind::kOther;
      n.other = k == Tok::kBroadcast ? Other::kBroadcast : Other::kMulticast;
      n.q.proto = pq;
      n.pos = pos;
      return add(std::move(n), true);
    }
    case Tok::kType: case Tok::kSubtype: case Tok::kDir:
      --pos_;
      return p80211(pq);
    case Tok::kLess: case Tok::kGreater:
      if (peek() != Tok::kNum) break;
      return simple_other(k == Tok::kLess ? Other::kLess : Other::kGreater, pos, take().num);
    case Tok::kByte: {
      if (peek() != Tok::kNum) break;
      Node n;
      n.kind = NodeKind::kOther;
      n.other = Other::kByte;
      n.num = take().num;
      Tok op = peek();
      if (op != Tok::kAmp && op != Tok::kPipe && op != Tok::kLt && op != Tok::kGt && op != Tok::kEq) break;
      n.op = static_cast<uint16_t>(take().text[0]);
      if (peek() != Tok::kNum) break;
      n.num2 = take().num;
      n.pos = pos;
      return add(std::move(n), true);
    }
    case Tok::kInbound: return simple_other(Other::kInbound, pos);
    case Tok::kOutbound: return simple_other(Other::kOutbound, pos);
    case Tok::kIfindex:
      if (peek() != Tok::kNum) break;
      return simple_other(Other::kIfindex, pos, take().num, true);
    case Tok::kVlan: case Tok::kMpls: case Tok::kPppoes: case Tok::kGeneve: {
      Other o = k == Tok::kVlan ? Other::kVlan : k == Tok::kMpls ? Other::kMpls
              : k == Tok::kPppoes ? Other::kPppoes : Other::kGeneve;
      if (pnum(&v)) return simple_other(o, pos, v, true);
      if (peek() == Tok::kLParen) break;
      return simple_other(o, pos);
    }
    case Tok::kPppoed: return simple_other(Other::kPppoed, pos);
    case Tok::kPfIfname: case Tok::kPfRset: case Tok::kPfAction: {
      if (peek() != Tok::kId) break;
      Node n;
      n.kind = NodeKind::kOther;
      n.other = k == Tok::kPfIfname ? Other::kPfIfname : k == Tok::kPfRset ? Other::kPfRset : Other::kPfAction;
      n.text = take().text;
      n.pos = pos;
      return add(std::move(n), true);
    }
    case Tok::kPfRnr: case Tok::kPfSrnr:
      if (peek() != Tok::kNum) break;
      return simple_other(k == Tok::kPfRnr ? Other::kPfRnr : Other::kPfSrnr, pos, take().num, true);
    case Tok::kPfReason: {
      Node n;
      n.kind = NodeKind::kOther;
      n.other = Other::kPfReason;
      n.pos = pos;
      if (peek() == Tok::kNum) {
        n.num = take().num;
        n.has_num = true;
      } else if (peek() == Tok::kId) {
        n.text = take().text;
      } else {
        break;
      }
      return add(std::move(n), true);
    }
    case Tok::kLlc: {
      Node n;
      n.kind = NodeKind::kOther;
      n.other = Other::kLlc;
      n.pos = pos;
      if (peek() == Tok::kId) {
        n.text = take().text;
      } else if (peek() == Tok::kPfRnr) {
        take();
        n.text = "rnr";
      }
      return add(std::move(n), true);
    }
    case Tok::kAtmType: case Tok::kAtmMultiType: case Tok::kMtp2Type: {
      Other o = k == Tok::kAtmType ? Other::kAtmType : k == Tok::kAtmMultiType ? Other::kAtmMultiType
                                                                               : Other::kMtp2Type;
      return simple_other(o, pos, static_cast<uint32_t>(t_[pos_ - 1].aux));
    }
    case Tok::kVpi: case Tok::kVci:
      return field_value(Other::kAtmField, t_[pos_ - 1].aux);
    case Tok::kMtp3Field:
      return field_value(Other::kMtp3Field, t_[pos_ - 1].aux);
    default:
      pos_ = at;  // the error is at this token
      break;
  }
  syntax_error();
  return kNoNode;
}

// [pqual] type T [subtype S] | subtype S | dir D
NodeId Parser::p80211(Proto pq) {
  Node n;
  n.kind = NodeKind::kOther;
  n.q.proto = pq;
  n.pos = tok().pos;
  Tok k = take().kind;
  auto value = [&](std::string* text, uint32_t* num) {
    if (peek() == Tok::kNum) {
      *num = take().num;
      return true;
    }
    if (peek() == Tok::kId) {
      *text = take().text;
      return true;
    }
    syntax_error();
    return false;
  };
  if (k == Tok::kType) {
    n.other = Other::kWlanType;
    if (!value(&n.text, &n.num)) return kNoNode;
    if (accept(Tok::kSubtype)) {
      n.other = Other::kWlanTypeSubtype;
      n.has_num = true;
      if (!value(&n.text2, &n.num2)) return kNoNode;
    }
  } else if (k == Tok::kSubtype) {
    n.other = Other::kWlanTypeSubtype;
    if (peek() != Tok::kId) {
      syntax_error();
      return kNoNode;
    }
    n.text2 = take().text;
  } else {
    n.other = Other::kWlanDir;
    if (!value(&n.text, &n.num)) return kNoNode;
  }
  return add(std::move(n), true);
}

// vpi/vci/sio/opc/dpc/sls value: NUM | relop NUM | irelop NUM | ( NUM or NUM ... )
NodeId Parser::field_value(Other kind, int field) {
  uint32_t pos = tok().pos;
  auto leaf = [&](uint16_t op, bool reversed, uint32_t v) {
    Node n;
    n.kind = NodeKind::kOther;
    n.other = kind;
    n.num2 = static_cast<uint32_t>(field);
    n.op = op;
    n.reversed = reversed;
    n.num = v;
    n.pos = pos;
    return add(std::move(n), true);
  };
  if (peek() == Tok::kNum) return leaf(BPF_JEQ, false, take().num);
  if (is_relop(peek())) {
    Tok r = take().kind;
    if (peek() != Tok::kNum) {
      syntax_error();
      return kNoNode;
    }
    uint16_t op = (r == Tok::kGt || r == Tok::kLeq) ? BPF_JGT : (r == Tok::kGeq || r == Tok::kLt) ? BPF_JGE : BPF_JEQ;
    bool rev = r == Tok::kLeq || r == Tok::kLt || r == Tok::kNeq;
    return leaf(op, rev, take().num);
  }
  if (accept(Tok::kLParen)) {
    if (peek() != Tok::kNum) {
      syntax_error();
      return kNoNode;
    }
    NodeId left = leaf(BPF_JEQ, false, take().num);
    while (ok() && accept(Tok::kOr)) {
      if (peek() != Tok::kNum) {
        syntax_error();
        return kNoNode;
      }
      left = add2(NodeKind::kOr, left, leaf(BPF_JEQ, false, take().num), pos);
    }
    expect(Tok::kRParen);
    return left;
  }
  syntax_error();
  return kNoNode;
}

NodeId Parser::relation_rest(NodeId a, uint32_t pos) {
  if (!ok()) return kNoNode;
  Tok r = peek();
  if (!is_relop(r)) {
    syntax_error();
    return kNoNode;
  }
  take();
  NodeId b = arith(0);
  if (!ok()) return kNoNode;
  Node n;
  n.kind = NodeKind::kRelation;
  n.op = (r == Tok::kGt || r == Tok::kLeq) ? BPF_JGT : (r == Tok::kGeq || r == Tok::kLt) ? BPF_JGE : BPF_JEQ;
  n.reversed = r == Tok::kLeq || r == Tok::kLt || r == Tok::kNeq;
  n.a = a;
  n.b = b;
  n.pos = pos;
  return add(std::move(n), true);
}

// Binding powers of libpcap's arithmetic grammar. '%' and '^' have no
// declared precedence there, so bison always shifts them: they bind
// tightest to their left and take everything to their right.
int binding(Tok t, uint16_t* op) {
  switch (t) {
    case Tok::kPipe: *op = BPF_OR; return 1;
    case Tok::kAmp: *op = BPF_AND; return 2;
    case Tok::kLsh: *op = BPF_LSH; return 3;
    case Tok::kRsh: *op = BPF_RSH; return 3;
    case Tok::kPlus: *op = BPF_ADD; return 4;
    case Tok::kMinus: *op = BPF_SUB; return 4;
    case Tok::kStar: *op = BPF_MUL; return 5;
    case Tok::kSlash: *op = BPF_DIV; return 5;
    case Tok::kPercent: *op = BPF_MOD; return 100;
    case Tok::kCaret: *op = BPF_XOR; return 100;
    default: return 0;
  }
}

NodeId Parser::arith(int min_prec) {
  Depth d(this);
  if (!ok()) return kNoNode;
  NodeId left = arith_primary();
  uint16_t op = 0;
  int bp = 0;
  while (ok() && (bp = binding(peek(), &op)) > min_prec) {
    uint32_t pos = tok().pos;
    take();
    NodeId right = arith(bp == 100 ? 0 : bp);
    Node n;
    n.kind = NodeKind::kBinop;
    n.op = op;
    n.a = left;
    n.b = right;
    n.pos = pos;
    left = add(std::move(n));
  }
  return left;
}

NodeId Parser::arith_primary() {
  uint32_t pos = tok().pos;
  Node n;
  n.pos = pos;
  switch (peek()) {
    case Tok::kNum: n.kind = NodeKind::kNum; n.num = take().num; return add(std::move(n));
    case Tok::kLen: take(); n.kind = NodeKind::kLen; return add(std::move(n));
    case Tok::kMinus:
      take();
      n.kind = NodeKind::kNeg;
      n.a = arith(6);
      return add(std::move(n));
    case Tok::kLParen: {
      take();
      NodeId inner = arith(0);
      expect(Tok::kRParen);
      return inner;
    }
    case Tok::kProto:
      if (peek(1) != Tok::kLBracket) break;
      n.kind = NodeKind::kLoad;
      n.q.proto = static_cast<Proto>(take().aux);
      take();
      n.a = arith(0);
      n.num = 1;
      if (accept(Tok::kColon)) {
        if (peek() != Tok::kNum) break;
        n.num = take().num;
      }
      expect(Tok::kRBracket);
      return add(std::move(n));
    default:
      break;
  }
  syntax_error();
  return kNoNode;
}

}  // namespace

Parsed parse(const Tokens& tokens, const ParseLimits& limits) {
  if (tokens.empty()) return Parsed{};
  for (const Token& t : tokens) {
    if (t.kind == Tok::kLexError) {
      Parsed p;
      p.error = Status::error(t.text);
      // The tokens before the bad character still count (libpcap reports
      // errors of the primitives it reduced first).
      Tokens head(tokens.begin(), tokens.begin() + (&t - tokens.data()));
      head.push_back(Token{});
      Parser pre(head, limits);
      Parsed partial = pre.run();
      // A syntax error before the bad token is found first.
      if (!partial.error.is_ok() && partial.error_token + 1 < head.size()) p.error = partial.error;
      p.ast = std::move(partial.ast);
      p.completed = std::move(partial.completed);
      return p;
    }
  }
  Parser p(tokens, limits);
  return p.run();
}

}  // namespace wpcap::filter
