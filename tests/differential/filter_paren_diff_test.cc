// filter_paren_diff_test.cc - the parser's id-list decisions against the system libpcap.
//
// Generates nestings of "(", "not"/"!", "and"/"or", numbers, addresses,
// names and a few expression pieces (relations, primitives) after a
// qualified term ("port 1 or ...", "tcp port 1 and ...", "ether host ..."),
// where libpcap's LALR tables decide between an id inheriting the
// qualifiers and a new expression. Each must compile or fail alike, with
// the same error text, optimized and not. Knobs: WPCAP_PAREN_DIFF_EXPRS
// (default 3000), WPCAP_PAREN_DIFF_SEED.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "differential/filter_oracle.h"
#include "filter/compile.h"
#include "testing/pcap_lib.h"

namespace wpcap::filter {
namespace {

using testing::PcapLib;
using difftest::env_number;
using difftest::error_diff_report;
using difftest::oracle_error;
using difftest::our_error;

// A qualifier and the values that make sense (or not) after it.
struct Head {
  const char* qual;
  std::vector<const char*> values;
};

const std::vector<Head>& heads() {
  static const std::vector<Head> kHeads = {
      {"port", {"1", "2", "80", "http", "10.0.0.1"}},
      {"tcp port", {"1", "3", "53", "domain"}},
      {"udp dst port", {"2", "67"}},
      {"portrange", {"1-3", "20-80", "5"}},
      {"host", {"10.0.0.1", "10.0.0", "1", "::1", "10.1"}},
      {"src host", {"10.0.0.2", "3"}},
      {"net", {"10.0.0.0/8", "192.168", "10", "2001:db8::/32", "10.0.0.0 mask 255.0.0.0"}},
      {"proto", {"1", "6", "17", "\\tcp"}},
      {"ip proto", {"6", "17"}},
      {"ether host", {"1:2:3:4:5:6", "aa:bb:cc:dd:ee:ff", "2"}},
      {"ether proto", {"2048", "\\ip"}},
      {"ip6 host", {"::1", "fe80::1"}},
      {"dst net", {"10.1.0.0/16", "172.16"}},
  };
  return kHeads;
}

// Nestings of parentheses, not, and/or over numbers and values, with an
// occasional piece only an expression accepts.
class ParenGen {
 public:
  explicit ParenGen(uint64_t seed) : rng_(seed) {}

  std::string next() {
    const Head& h = heads()[pick(heads().size())];
    std::string s = std::string(h.qual) + " " + value(h);
    int parts = 1 + static_cast<int>(pick(2));
    for (int i = 0; i < parts; ++i) s += conj() + group(h, 0);
    return s;
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  std::string conj() { return pick(2) != 0 ? " or " : " and "; }
  std::string value(const Head& h) { return h.values[pick(h.values.size())]; }
  std::string number() {
    static const char* kNums[] = {"1", "2", "3", "22"};
    return kNums[pick(4)];
  }
  std::string expr_piece() {
    static const char* kPieces[] = {"tcp", "host 10.0.0.3", "len > 5", "ip[0] = 69", "udp port 7", "1 = 1"};
    return kPieces[pick(6)];
  }
  std::string leaf(const Head& h) {
    switch (pick(8)) {
      case 0: case 1: case 2: return number();
      case 3: case 4: return value(h);
      case 5: return number() + (pick(2) != 0 ? " + 1 = 3" : " > 1");
      case 6: return expr_piece();
      default: return "(" + number() + ")";
    }
  }
  std::string group(const Head& h, int depth) {
    if (depth >= 4) return leaf(h);
    switch (pick(7)) {
      case 0: case 1: return leaf(h);
      case 2: return "(" + group(h, depth + 1) + ")";
      case 3: return (pick(2) != 0 ? "not " : "!") + group(h, depth + 1);
      case 4: return "(" + group(h, depth + 1) + conj() + group(h, depth + 1) + ")";
      case 5: return group(h, depth + 1) + conj() + group(h, depth + 1);
      default: return "((" + group(h, depth + 1) + ")" + conj() + group(h, depth + 1) + ")";
    }
  }

  std::mt19937_64 rng_;
};

TEST(FilterParenDiff, IdListDecisionsMatchLibpcap) {
  if (!PcapLib::system().loaded()) GTEST_SKIP() << "system libpcap not available";
  const uint64_t n = env_number("WPCAP_PAREN_DIFF_EXPRS", 3000);
  const uint64_t seed = env_number("WPCAP_PAREN_DIFF_SEED", 4);
  ParenGen gen(seed);
  size_t bad = 0, ok = 0, fail = 0;
  std::string report;
  for (uint64_t i = 0; i < n; ++i) {
    std::string text = gen.next();
    const int dlt = i % 4 == 3 ? DLT_RAW : DLT_EN10MB;
    for (int opt = 0; opt < 2; ++opt) {
      std::string theirs = oracle_error(dlt, text, opt != 0);
      std::string mine = our_error(dlt, text, opt != 0);
      (theirs.empty() ? ok : fail)++;
      if (theirs == mine) continue;
      if (++bad <= 25) report += error_diff_report(dlt, opt != 0, text, theirs, mine);
    }
  }
  std::printf("paren diff: %llu expressions, %zu compiles ok, %zu fail (libpcap), %zu differ\n",
              static_cast<unsigned long long>(n), ok, fail, bad);
  EXPECT_EQ(bad, 0u) << report;
  EXPECT_GT(ok, n / 10) << "the generator should produce compiling expressions";
  EXPECT_GT(fail, n / 10) << "the generator should produce failing expressions";
}

}  // namespace
}  // namespace wpcap::filter
