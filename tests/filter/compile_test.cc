// compile_test.cc - the compiler's entry point: determinism, reentrancy
// (concurrent compiles give the same programs), budgets, long lists.
#include "filter/compile.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "filter/compile_text.h"

namespace wpcap::filter {
namespace {

using test_helpers::run;

bool same(const std::vector<bpf_insn>& a, const std::vector<bpf_insn>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].code != b[i].code || a[i].jt != b[i].jt || a[i].jf != b[i].jf || a[i].k != b[i].k) return false;
  return true;
}

// "expression rejects all packets" where libpcap's optimizer proves it:
// literals decide tests anywhere, constant arithmetic only from the root.
TEST(Compile, RejectsAllAsLibpcap) {
  const struct {
    const char* text;
    bool rejects_all;
  } kCases[] = {
      {"ip and 2 = 3", true},       {"1 + 1 = 3", true},          {"1 + 1 = 3 and ip", true},
      {"1+1=3 or 2+2=5", true},     {"ip and 1 + 1 = 3", false},  {"ip and (1+1=3 or 2+2=5)", false},
      {"len = 3 and 1+1 = 3", false}, {"ip and 2 = 1 + 1", false}, {"ip and 3 = 1 + 1", false},
      {"tcp and udp", true},        {"tcp[1] = udp[1]", true},
      // gen_arth keeps only the left operand's protocol checks
      {"len > tcp[1] - udp[1]", false}, {"tcp[1] - udp[1] > 0", false},
  };
  for (const auto& c : kCases) {
    auto p = run(c.text);
    if (c.rejects_all) {
      ASSERT_FALSE(p.has_value()) << c.text;
      EXPECT_EQ(p.status().message(), "expression rejects all packets") << c.text;
    } else {
      EXPECT_TRUE(p.has_value()) << c.text << ": " << (p ? "" : p.status().message());
    }
  }
}

TEST(Compile, EmptyExpressionAcceptsUpToSnaplen) {
  CompileRequest r;
  r.snaplen = 1234;
  auto p = compile(r);
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->size(), 1u);
  EXPECT_EQ((*p)[0].code, BPF_RET | BPF_K);
  EXPECT_EQ((*p)[0].k, 1234u);
}

TEST(Compile, ConcurrentCompilesAgree) {
  const std::vector<std::string> exprs = {"tcp port 80", "host 10.0.0.1 or 10.0.0.2 or 10.0.0.3 or 10.0.0.4",
                                          "vlan 100 and ip6", "not (udp port 53 or icmp)", "ether broadcast",
                                          "tcp[tcpflags] & tcp-syn != 0", "port http", "host localhost"};
  std::vector<std::vector<bpf_insn>> expected;
  for (const auto& e : exprs) {
    auto p = run(e);
    ASSERT_TRUE(p.has_value()) << e << ": " << p.status().message();
    expected.push_back(*p);
  }
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        size_t k = static_cast<size_t>(i + t) % exprs.size();
        auto p = run(exprs[k]);
        if (!p || !same(*p, expected[k])) ++mismatches[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(Compile, InstructionBudget) {
  std::string text = "port 1";
  for (int i = 2; i < 3000; ++i) text += " or port " + std::to_string(i);
  CompileRequest r;
  r.text = text;
  r.optimize = false;  // no value sets: one test per port
  r.max_insns = 4096;  // BPF_MAXINSNS, the kernel's limit
  auto p = compile(r);
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.status().message().find("too complex"), std::string::npos);
  r.optimize = true;  // value sets: fits easily? (3000 ports, 12 protocol/direction variants)
  r.max_insns = 1u << 20;
  EXPECT_TRUE(compile(r).has_value());
}

TEST(Compile, LongListsStaySmall) {
  std::string hosts = "host 10.0.0.1";
  for (int i = 2; i <= 1000; ++i) hosts += " or 10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
  auto p = run(hosts);
  ASSERT_TRUE(p.has_value()) << p.status().message();
  // Four comparison trees (IPv4 src/dst, ARP/RARP src/dst) of ~1.35 n tests each.
  EXPECT_LT(p->size(), 1000u * 8);
}

}  // namespace
}  // namespace wpcap::filter
