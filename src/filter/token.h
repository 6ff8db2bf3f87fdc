// token.h - the tokens of the pcap-filter(7) language.
//
// Entry points: Tok (token kinds), Token (one lexed token with its source
// position), tok_name(). Produced by lexer.cc, consumed by parser.cc.
// Protocol keywords carry their Proto qualifier in Token::aux (see ast.h).
#pragma once

#include <cstdint>
#include <string>

#include "filter/arena.h"

namespace wpcap::filter {

enum class Tok : uint8_t {
  kEnd,
  kLexError,
  // values
  kNum, kId, kHid, kHid6, kEid, kAid,
  // punctuation and operators
  kLParen, kRParen, kLBracket, kRBracket, kColon,
  kPlus, kMinus, kStar, kSlash, kPercent, kAmp, kPipe, kCaret,
  kBang, kLt, kGt, kEq, kGeq, kLeq, kNeq, kLsh, kRsh, kAnd, kOr,
  // qualifiers
  kDst, kSrc, kProto /* pname: aux = Proto */, kHost, kNet, kNetmask, kPort, kPortrange,
  kProtoKw /* "proto" */, kProtochain, kGateway,
  kType, kSubtype, kDir, kAddr1, kAddr2, kAddr3, kAddr4, kRa, kTa,
  // other primitives
  kLess, kGreater, kByte, kBroadcast, kMulticast, kLen, kInbound, kOutbound, kIfindex,
  kVlan, kMpls, kPppoed, kPppoes, kGeneve, kLlc,
  // ATM: aux = AtmKw
  kAtmType, kAtmMultiType, kVpi, kVci,
  // pflog
  kPfIfname, kPfRset, kPfRnr, kPfSrnr, kPfReason, kPfAction,
  // SS7: aux = Mtp2Kw / Mtp3 field
  kMtp2Type, kMtp3Field,
};

struct Token {
  Tok kind = Tok::kEnd;
  int aux = 0;          // sub-kind for keyword families
  uint32_t num = 0;     // value of kNum
  std::string text;     // source text (for ids, addresses, error messages)
  uint32_t pos = 0;     // byte offset in the filter text
};

using Tokens = AVec<Token>;  // arena-backed inside compile() (arena.h)

const char* tok_name(Tok t);

}  // namespace wpcap::filter
