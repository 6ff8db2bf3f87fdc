// lexer.cc - the filter-language scanner (see lexer.h).
//
// Each rule is a small matcher returning its match length; lex() takes the
// longest, breaking ties by rule order. Keyword tables live in keywords.cc.
#include "filter/lexer.h"

#include <arpa/inet.h>

#include <cctype>
#include <algorithm>
#include <cstring>
#include <functional>

#include "core/errbuf.h"
#include "filter/keywords.h"

namespace wpcap::filter {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_dec(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// N: [0-9]+ | 0[xX][0-9A-Fa-f]+ ; returns length (0 = no match).
size_t match_n(std::string_view s, size_t i) {
  if (i >= s.size() || !is_dec(s[i])) return 0;
  size_t best = 0;
  size_t j = i;
  while (j < s.size() && is_dec(s[j])) ++j;
  best = j - i;
  if (s[i] == '0' && i + 2 < s.size() + 1 && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    size_t k = i + 2;
    while (k < s.size() && is_hex(s[k])) ++k;
    if (k > i + 2 && k - i > best) best = k - i;
  }
  return best;
}

// HID: N.N | N.N.N | N.N.N.N
size_t match_hid(std::string_view s, size_t i) {
  size_t n = match_n(s, i);
  if (n == 0) return 0;
  size_t end = i + n, best = 0;
  for (int parts = 1; parts < 4; ++parts) {
    if (end >= s.size() || s[end] != '.') break;
    size_t m = match_n(s, end + 1);
    if (m == 0) break;
    end += 1 + m;
    best = end - i;
  }
  return best;
}

// Hex group of min..max digits, trying every length (regex backtracking);
// calls rest(end) and returns the best total.
template <typename F>
size_t try_hex(std::string_view s, size_t i, int lo, int hi, F&& rest) {
  size_t best = 0;
  for (int n = lo; n <= hi; ++n) {
    if (i + n > s.size()) break;
    bool ok = true;
    for (int k = 0; k < n; ++k) ok = ok && is_hex(s[i + k]);
    if (!ok) break;
    size_t r = rest(i + n);
    if (r > best) best = r;
  }
  return best;
}

// {B}sep{B}sep... six groups of 1-2 hex digits; returns end or 0.
size_t match_mac_sep(std::string_view s, size_t i, char sep, int groups) {
  return try_hex(s, i, 1, 2, [&](size_t e) -> size_t {
    if (groups == 1) return e;
    if (e >= s.size() || s[e] != sep) return 0;
    return match_mac_sep(s, e + 1, sep, groups - 1);
  });
}

size_t match_mac(std::string_view s, size_t i) {
  size_t best = 0;
  // Six groups need five separators of one kind among the characters a
  // MAC can contain (skips the backtracking search for "10.1.2.3").
  size_t colons = 0, dashes = 0, dots = 0;
  for (size_t j = i; j < s.size() && (is_hex(s[j]) || s[j] == ':' || s[j] == '-' || s[j] == '.'); ++j) {
    colons += s[j] == ':';
    dashes += s[j] == '-';
    dots += s[j] == '.';
  }
  for (char sep : {':', '-', '.'}) {
    if ((sep == ':' ? colons : sep == '-' ? dashes : dots) < 5) continue;
    size_t e = match_mac_sep(s, i, sep, 6);
    if (e > i && e - i > best) best = e - i;
  }
  auto hex_run = [&](size_t j, size_t n) {
    if (j + n > s.size()) return false;
    for (size_t k = 0; k < n; ++k)
      if (!is_hex(s[j + k])) return false;
    return true;
  };
  if (hex_run(i, 4) && i + 4 < s.size() && s[i + 4] == '.' && hex_run(i + 5, 4) && i + 9 < s.size() &&
      s[i + 9] == '.' && hex_run(i + 10, 4) && best < 14)
    best = 14;
  if (hex_run(i, 12) && best < 12) best = 12;
  return best;
}

// {B}:+({B}:+)+  (a malformed MAC address)
size_t match_bogus_mac(std::string_view s, size_t i) {
  size_t best = 0;
  std::function<void(size_t, int)> rec;
  rec = [&](size_t j, int groups) {
    try_hex(s, j, 1, 2, [&](size_t e) -> size_t {
      size_t k = e;
      while (k < s.size() && s[k] == ':') {
        ++k;
        if (groups + 1 >= 2 && k - i > best) best = k - i;
        rec(k, groups + 1);
      }
      return 0;
    });
  };
  rec(i, 0);
  return best;
}

// Does s[i, e) match libpcap's V6 regular expressions?
bool is_v6_form(std::string_view t) {
  auto valid_w = [](std::string_view g) {
    if (g.empty() || g.size() > 4) return false;
    for (char c : g)
      if (!is_hex(c)) return false;
    return true;
  };
  auto split = [](std::string_view x, std::vector<std::string_view>* out) {
    if (x.empty()) return;
    size_t st = 0;
    for (size_t k = 0; k <= x.size(); ++k) {
      if (k == x.size() || x[k] == ':') {
        out->push_back(x.substr(st, k - st));
        st = k + 1;
      }
    }
  };
  bool v4 = false;
  size_t last_colon = t.rfind(':');
  if (last_colon == std::string_view::npos) return false;
  std::string_view tail = t.substr(last_colon + 1);
  if (tail.find('.') != std::string_view::npos) {
    if (match_hid(tail, 0) != tail.size() || std::count(tail.begin(), tail.end(), '.') != 3) return false;
    v4 = true;
    t = t.substr(0, last_colon + 1);  // keep the colon for splitting below
    if (t.size() >= 2 && t.substr(t.size() - 2) == "::") {
      // "...::a.b.c.d"
    } else {
      t = t.substr(0, t.size() - 1);
    }
  }
  size_t dc = t.find("::");
  std::vector<std::string_view> left, right;
  if (dc == std::string_view::npos) {
    split(t, &left);
    for (auto g : left)
      if (!valid_w(g)) return false;
    return v4 ? left.size() == 6 : left.size() == 8;
  }
  if (t.find("::", dc + 1) != std::string_view::npos) return false;
  split(t.substr(0, dc), &left);
  split(t.substr(dc + 2), &right);
  for (auto g : left)
    if (!valid_w(g)) return false;
  for (auto g : right)
    if (!valid_w(g)) return false;
  return left.size() + right.size() <= (v4 ? 5u : 7u);
}

size_t match_v6(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && (is_hex(s[j]) || s[j] == ':' || s[j] == '.' || s[j] == 'x' || s[j] == 'X')) ++j;
  if (j - i > 64) j = i + 64;
  for (size_t e = j; e > i + 1; --e) {
    if (is_v6_form(s.substr(i, e - i))) return e - i;
  }
  return 0;
}

// [A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])?
size_t match_id(std::string_view s, size_t i) {
  if (i >= s.size() || !is_alnum(s[i])) return 0;
  size_t j = i + 1, last = i + 1;
  while (j < s.size() && (is_alnum(s[j]) || s[j] == '-' || s[j] == '_' || s[j] == '.')) {
    ++j;
    if (s[j - 1] != '-' && s[j - 1] != '_') last = j;
  }
  return last - i;
}

struct Punct {
  const char* text;
  Tok tok;
};
constexpr Punct kPuncts[] = {
    {"&&", Tok::kAnd}, {"||", Tok::kOr}, {">=", Tok::kGeq}, {"<=", Tok::kLeq}, {"!=", Tok::kNeq},
    {"==", Tok::kEq},  {"<<", Tok::kLsh}, {">>", Tok::kRsh}, {"+", Tok::kPlus}, {"-", Tok::kMinus},
    {"*", Tok::kStar}, {"/", Tok::kSlash}, {"%", Tok::kPercent}, {":", Tok::kColon},
    {"[", Tok::kLBracket}, {"]", Tok::kRBracket}, {"!", Tok::kBang}, {"<", Tok::kLt}, {">", Tok::kGt},
    {"(", Tok::kLParen}, {")", Tok::kRParen}, {"&", Tok::kAmp}, {"|", Tok::kPipe}, {"^", Tok::kCaret},
    {"=", Tok::kEq},
};

}  // namespace

bool parse_number(std::string_view s, uint32_t* out) {
  uint64_t n = 0;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    if (s.size() == 2) return false;
    for (char c : s.substr(2)) {
      if (!is_hex(c)) return false;
      n = n * 16 + static_cast<uint64_t>(is_dec(c) ? c - '0' : (std::tolower(c) - 'a' + 10));
      if (n > 0xffffffffULL) return false;
    }
  } else if (s.size() >= 1 && s[0] == '0') {
    for (char c : s.substr(1)) {
      if (c < '0' || c > '7') return false;
      n = n * 8 + static_cast<uint64_t>(c - '0');
      if (n > 0xffffffffULL) return false;
    }
  } else {
    if (s.empty()) return false;
    for (char c : s) {
      if (!is_dec(c)) return false;
      n = n * 10 + static_cast<uint64_t>(c - '0');
      if (n > 0xffffffffULL) return false;
    }
  }
  *out = static_cast<uint32_t>(n);
  return true;
}

namespace {

// Number token text -> token or the scanner's error message.
Status number_token(std::string_view t, Token* tok) {
  std::string txt(t);
  uint32_t v = 0;
  if (parse_number(t, &v)) {
    tok->kind = Tok::kNum;
    tok->num = v;
    return Status::ok();
  }
  bool hex = t.size() >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
  bool oct = !hex && t[0] == '0';
  bool digits_ok = true;
  for (char c : t.substr(hex ? 2 : 1)) digits_ok = digits_ok && (hex ? is_hex(c) : (oct ? c >= '0' && c <= '7' : is_dec(c)));
  if (!digits_ok && oct) return Status::error("number " + txt + " contains non-octal digit");
  return Status::error("number " + txt + " overflows 32 bits");
}

// Picks the winning rule at s[i]; fills tok, returns its length.
Result<size_t> next_token(std::string_view s, size_t i, Token* tok) {
  enum Rule { kKeyword, kPunct, kAidR, kMacR, kNumR, kHidR, kV6R, kBogusR, kIdR, kEscR };
  size_t len[10] = {};
  const Keyword* kw = nullptr;
  const Punct* pu = nullptr;
  size_t idlen = match_id(s, i);
  if (idlen > 0) kw = find_keyword(s.substr(i, idlen));
  if (kw != nullptr) len[kKeyword] = idlen;
  for (const Punct& p : kPuncts) {
    if (p.text[0] != s[i]) continue;  // (cheap first-character filter)
    size_t n = p.text[1] == '\0' ? 1 : 2;
    if (s.substr(i, n) == p.text && n > len[kPunct]) {
      len[kPunct] = n;
      pu = &p;
    }
  }
  if (s[i] == '$' && i + 1 < s.size() && is_hex(s[i + 1])) len[kAidR] = (i + 2 < s.size() && is_hex(s[i + 2])) ? 3 : 2;
  // The address rules only matter when the word has a separator or is a
  // 12-digit hex run; skipping them keeps plain words cheap.
  size_t run = i;
  bool colon = false;
  while (run < s.size() && (is_hex(s[run]) || s[run] == ':' || s[run] == '.' || s[run] == '-' || s[run] == 'x' ||
                            s[run] == 'X')) {
    colon = colon || s[run] == ':';
    ++run;
  }
  if (run - i >= 3) len[kMacR] = match_mac(s, i);
  len[kNumR] = match_n(s, i);
  len[kHidR] = match_hid(s, i);
  if (colon) {
    len[kV6R] = match_v6(s, i);
    len[kBogusR] = match_bogus_mac(s, i);
  }
  len[kIdR] = idlen;
  if (s[i] == '\\') {
    size_t j = i + 1;
    while (j < s.size() && std::strchr(" !()\n\t", s[j]) == nullptr) ++j;
    if (j > i + 1) len[kEscR] = j - i;
  }
  int best = -1;
  for (int r = 0; r < 10; ++r)
    if (len[r] > 0 && (best < 0 || len[r] > len[best])) best = r;
  if (best < 0) {
    tok->kind = Tok::kLexError;
    return size_t{1};
  }
  size_t n = len[best];
  tok->text = std::string(s.substr(i, n));
  switch (best) {
    case kKeyword:
      tok->kind = kw->tok;
      tok->aux = kw->aux;
      tok->num = kw->num;
      break;
    case kPunct: tok->kind = pu->tok; break;
    case kAidR: tok->kind = Tok::kAid; break;
    case kMacR: tok->kind = Tok::kEid; break;
    case kNumR: {
      Status st = number_token(tok->text, tok);
      if (!st.is_ok()) return st;
      break;
    }
    case kHidR: tok->kind = Tok::kHid; break;
    case kV6R: {
      in6_addr a6;
      if (inet_pton(AF_INET6, tok->text.c_str(), &a6) != 1) return Status::error("bogus IPv6 address " + tok->text);
      tok->kind = Tok::kHid6;
      break;
    }
    case kBogusR: return Status::error("bogus ethernet address " + tok->text);
    case kIdR: tok->kind = Tok::kId; break;
    case kEscR:
      tok->kind = Tok::kId;
      tok->text = tok->text.substr(1);
      break;
  }
  return n;
}

}  // namespace

Result<Tokens> lex(std::string_view text) {
  Tokens out;
  out.reserve(text.size() / 3 + 2);  // tokens are rarely shorter (one grow at most)
  size_t i = 0;
  while (true) {
    while (i < text.size() && std::strchr(" \r\n\t", text[i]) != nullptr && text[i] != '\0') ++i;
    Token tok;
    tok.pos = static_cast<uint32_t>(i);
    if (i >= text.size()) {
      out.push_back(tok);
      return out;
    }
    Result<size_t> n = next_token(text, i, &tok);
    if (!n) {
      // The scanner's own errors (bad number, bogus address) surface when
      // the parser reaches the token, after errors in earlier primitives.
      tok.kind = Tok::kLexError;
      tok.text = n.status().message();
      out.push_back(std::move(tok));
      Token end;
      end.pos = static_cast<uint32_t>(i);
      out.push_back(end);
      return out;
    }
    if (tok.kind == Tok::kLexError) tok.text = "can't parse filter expression: syntax error";
    out.push_back(std::move(tok));
    if (out.back().kind == Tok::kLexError) {
      Token end;
      end.pos = static_cast<uint32_t>(i);
      out.push_back(end);
      return out;
    }
    i += *n;
  }
}

}  // namespace wpcap::filter
