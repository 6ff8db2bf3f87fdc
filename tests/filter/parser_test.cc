// parser_test.cc - golden syntax trees for filter expressions.
//
// {input, dump} tables against dump_ast(): precedence (and/or equal and
// left-associative), qualifier inheritance, arithmetic precedence incl.
// libpcap's '%'/'^' quirk, the lexer's longest-match rules, and the
// syntax errors libpcap reports.
#include "filter/parser.h"

#include <gtest/gtest.h>

#include "filter/lexer.h"

namespace wpcap::filter {
namespace {

std::string parse_dump(const std::string& text) {
  auto toks = lex(text);
  if (!toks) return "LEX: " + toks.status().message();
  Parsed p = parse(*toks);
  if (!p.error.is_ok()) return "ERR: " + p.error.message();
  return dump_ast(p.ast);
}

struct Golden {
  const char* input;
  const char* dump;
};

TEST(Parser, Golden) {
  const Golden kCases[] = {
      {"", "(empty)"},
      {"tcp", "(proto tcp)"},
      {"host a or b", "(or (default default host a) (default default host b))"},
      {"tcp port 80 or 443", "(or (tcp default port 80) (tcp default port 443))"},
      {"a and b", "ERR: can't parse filter expression: syntax error"},
      {"tcp or udp and icmp", "(and (or (proto tcp) (proto udp)) (proto icmp))"},
      {"not tcp and udp", "(and (not (proto tcp)) (proto udp))"},
      {"src or dst host 1.2.3.4", "(default src or dst host 1.2.3.4)"},
      {"dst and src net 10.0.0.0/8", "(default src and dst net 10.0.0.0/8)"},
      {"net 10.0.0.0 mask 255.0.0.0", "(default default net 10.0.0.0 mask 255.0.0.0)"},
      {"ether src 00:11:22:33:44:55", "(link src default 00:11:22:33:44:55)"},
      {"ip6 host fe80::1", "(ip6 default host fe80::1)"},
      {"host a and (b or c)", "(and (default default host a) (or (default default host b) (default default host c)))"},
      {"host a and not b", "(and (default default host a) (not (default default host b)))"},
      // "not id" with id = "( pid )" or a parenthesised number, inheriting the qualifiers
      {"host a and (not (b or c))", "(and (default default host a) (not (or (default default host b) (default default host c))))"},
      {"port 1 and not (2)", "(and (default default port 1) (not (default default port 2)))"},
      {"port 1 and (not ((2)))", "(and (default default port 1) (not (default default port 2)))"},
      {"(tcp) or b", "(or (proto tcp) (undef undef undef b))"},
      // After and/or, "(" stays open as expression, id list or number until a token decides.
      {"port 1 or ((2) and (2 or 3))",
       "(or (default default port 1) (and (default default port 2) (or (default default port 2) (default default port 3))))"},
      {"port 1 or ((2))", "(or (default default port 1) (default default port 2))"},
      {"port 1 or (((2)) and 3)", "(or (default default port 1) (and (default default port 2) (default default port 3)))"},
      {"port 1 or (not 2 and 3)",
       "(or (default default port 1) (and (not (default default port 2)) (default default port 3)))"},
      {"port 1 or ((2 and 3))", "ERR: can't parse filter expression: syntax error"},
      {"port 1 or ((2) host 3)", "ERR: can't parse filter expression: syntax error"},
      {"port 1 or (not (2) + 1 = 3)", "(or (default default port 1) (not (= (+ 2 1) 3)))"},
      {"port 1 or ((2) + 1 = 3)", "(or (default default port 1) (= (+ 2 1) 3))"},
      // "( expr )" passes on the qualifiers it inherited, not its own (libpcap's $$.q)
      {"port 1 or ((host 2) and 3)",
       "(or (default default port 1) (and (default default host 2) (default default port 3)))"},
      {"tcp[13] & 2 != 0", "(!= (& (tcp[:1] 13) 2) 0)"},
      {"ip[0:1] = 4", "(= (ip[:1] 0) 4)"},
      {"1 % 2 + 3 = 1", "(= (% 1 (+ 2 3)) 1)"},
      {"1 + 2 * 3 = 7", "(= (+ 1 (* 2 3)) 7)"},
      {"1 | 2 & 3 = 3", "(= (| 1 (& 2 3)) 3)"},
      {"-1 - -2 = 1", "(= (- (neg 1) (neg 2)) 1)"},
      {"(1+2) = 3", "(= (+ 1 2) 3)"},
      {"len-1 > 0", "ERR: can't parse filter expression: syntax error"},
      {"len - 1 > 0", "(> (- len 1) 0)"},
      {"tcp[tcpflags] & tcp-syn != 0", "(!= (& (tcp[:1] 13) 2) 0)"},
      {"ether proto \\ip", "(link default proto ip)"},
      {"vlan 100 and vlan", "(and (vlan 100) (vlan))"},
      {"vlan (5)", "(vlan 5)"},
      {"vlan (tcp)", "ERR: can't parse filter expression: syntax error"},
      {"portrange 1-100", "(default default portrange 1-100)"},
      {"byte 1 & 2", "(byte 1 & 2)"},
      {"less 100 or greater 200", "(or (less 100) (greater 200))"},
      {"llc rnr", "(llc rnr)"},
      {"1 = 1 = 1", "ERR: can't parse filter expression: syntax error"},
      {"(", "ERR: can't parse filter expression: syntax error"},
      {"08", "ERR: number 08 contains non-octal digit"},
      {"host 1 and 08", "ERR: number 08 contains non-octal digit"},
      {"tcp and \x01", "ERR: can't parse filter expression: syntax error"},
      {"10.0.0.1.5", "ERR: can't parse filter expression: syntax error"},
      {"host 10.0.0.1.5", "(default default host 10.0.0.1.5)"},
      {"ether host 001122334455", "(link default host 001122334455)"},
  };
  for (const Golden& g : kCases) EXPECT_EQ(parse_dump(g.input), g.dump) << "input: " << g.input;
}

TEST(Parser, LongOrChainIsIterative) {
  std::string text = "host 10.0.0.1";
  for (int i = 0; i < 20000; ++i) text += " or 10.0.0.2";
  auto toks = lex(text);
  ASSERT_TRUE(toks.has_value());
  Parsed p = parse(*toks);
  EXPECT_TRUE(p.error.is_ok()) << p.error.message();
}

TEST(Parser, DepthBudget) {
  std::string text(5000, '(');
  text += "tcp";
  text += std::string(5000, ')');
  auto toks = lex(text);
  ASSERT_TRUE(toks.has_value());
  Parsed p = parse(*toks);
  EXPECT_EQ(p.error.message(), "filter expression too deeply nested");
}

TEST(Parser, DepthBudgetAfterAndOr) {
  for (const char* open : {"(", "not ("}) {
    std::string text = "port 1 or ";
    for (int i = 0; i < 5000; ++i) text += open;
    text += "2";
    text += std::string(5000, ')');
    auto toks = lex(text);
    ASSERT_TRUE(toks.has_value());
    Parsed p = parse(*toks);
    EXPECT_EQ(p.error.message(), "filter expression too deeply nested") << open;
  }
}

}  // namespace
}  // namespace wpcap::filter
