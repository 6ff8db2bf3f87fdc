// lexer_test.cc - the scanner's longest-match rules and errors.
//
// Table of {input, token kinds/texts}: keywords vs identifiers, numbers in
// three bases, IPv4/IPv6/MAC literals, named constants, escapes, errors.
#include "filter/lexer.h"

#include <gtest/gtest.h>

#include <string>

namespace wpcap::filter {
namespace {

// "kind:text" per token, space separated (kEnd omitted).
std::string show(const std::string& text) {
  auto toks = lex(text);
  if (!toks) return "ERROR " + toks.status().message();
  std::string out;
  for (const Token& t : *toks) {
    if (t.kind == Tok::kEnd) break;
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case Tok::kNum: out += "NUM:" + std::to_string(t.num); break;
      case Tok::kId: out += "ID:" + t.text; break;
      case Tok::kHid: out += "HID:" + t.text; break;
      case Tok::kHid6: out += "HID6:" + t.text; break;
      case Tok::kEid: out += "EID:" + t.text; break;
      case Tok::kAid: out += "AID:" + t.text; break;
      case Tok::kProto: out += "P:" + t.text; break;
      case Tok::kLexError: out += "LEXERR:" + t.text; break;
      default: out += t.text; break;
    }
  }
  return out;
}

TEST(Lexer, LongestMatch) {
  const struct {
    const char* in;
    const char* out;
  } kCases[] = {
      {"tcp port 80", "P:tcp port NUM:80"},
      {"len-1", "ID:len-1"},
      {"len - 1", "len - NUM:1"},
      {"tcp-syn", "NUM:2"},
      {"tcp-", "P:tcp -"},
      {"icmp6", "P:icmp6"},
      {"icmp-echo", "NUM:8"},
      {"0x1f 017 42", "NUM:31 NUM:15 NUM:42"},
      {"0x1g", "ID:0x1g"},
      {"10.1.2.3", "HID:10.1.2.3"},
      {"10.1", "HID:10.1"},
      {"10.1.2.3.4", "ID:10.1.2.3.4"},
      {"fe80::1", "HID6:fe80::1"},
      {"::ffff:1.2.3.4", "HID6:::ffff:1.2.3.4"},
      {"::", "HID6:::"},
      {"00:11:22:33:44:55", "EID:00:11:22:33:44:55"},
      {"0:1:2:3:4:5", "EID:0:1:2:3:4:5"},
      {"00-11-22-33-44-55", "EID:00-11-22-33-44-55"},
      {"0011.2233.4455", "EID:0011.2233.4455"},
      {"001122334455", "EID:001122334455"},
      {"$1f", "AID:$1f"},
      {"\\ip", "ID:ip"},
      {"a&&b||!c", "ID:a && ID:b || ! ID:c"},
      {">= <= != == << >> =", ">= <= != == << >> ="},
      {"es-is is-is", "P:es-is P:is-is"},
      {"ether[12:2]", "P:ether [ NUM:12 : NUM:2 ]"},
      {"host foo.example.com", "host ID:foo.example.com"},
      {"a_b", "ID:a_b"},
      {"a_", "ID:a LEXERR:can't parse filter expression: syntax error"},
  };
  for (const auto& c : kCases) EXPECT_EQ(show(c.in), c.out) << "input: " << c.in;
}

TEST(Lexer, Errors) {
  EXPECT_EQ(show("08"), "LEXERR:number 08 contains non-octal digit");
  EXPECT_EQ(show("4294967296"), "LEXERR:number 4294967296 overflows 32 bits");
  EXPECT_EQ(show("4294967295"), "NUM:4294967295");
  EXPECT_EQ(show("1:2:"), "LEXERR:bogus ethernet address 1:2:");
  EXPECT_EQ(show("tcp @"), "P:tcp LEXERR:can't parse filter expression: syntax error");
}

}  // namespace
}  // namespace wpcap::filter
