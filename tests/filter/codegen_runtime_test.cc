// codegen_runtime_test.cc - protochain's loop and geneve's run-time offsets
// (src/filter/codegen_runtime.cc): libpcap's program text, the optimizer
// left out, answers on hand-built packets, and the errors. The comparison
// with the system libpcap on many packets is
// tests/differential/filter_encap_diff_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bpf/image.h"
#include "bpf/program.h"
#include "filter/compile.h"
#include "filter/compile_text.h"

namespace wpcap::filter {
namespace {

using Bytes = std::vector<uint8_t>;
using test_helpers::run;
constexpr u_int kAccept = 262144;

// The program's answer on pkt, from the interpreter and (if built) the JIT.
u_int answer(const std::string& text, const Bytes& pkt) {
  auto p = run(text);
  EXPECT_TRUE(p.has_value()) << text << ": " << p.status().message();
  if (!p) return 0;
  auto jit = bpf::Program::make(*p);
  auto interp = bpf::Program::make(*p, bpf::Engine::kInterpreter);
  EXPECT_TRUE(jit && interp);
  if (!jit || !interp) return 0;
  const auto n = static_cast<u_int>(pkt.size());
  const u_int a = interp->run(pkt.data(), n, n);
  EXPECT_EQ(jit->run(pkt.data(), n, n), a) << text;
  return a;
}

void put16(Bytes& b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void append(Bytes& b, const Bytes& x) { b.insert(b.end(), x.begin(), x.end()); }

const Bytes kMacA{0, 0x11, 0x22, 0x33, 0x44, 0x55}, kMacB{2, 0, 0, 0, 0, 1};

Bytes ether(const Bytes& dst, const Bytes& src, uint32_t type, const Bytes& body) {
  Bytes b = dst;
  append(b, src);
  put16(b, type);
  append(b, body);
  return b;
}

Bytes tcp(uint32_t dport) {
  Bytes t;
  put16(t, 1234);
  put16(t, dport);
  t.resize(20, 0);
  t[12] = 0x50;
  return t;
}

Bytes ipv6(int nh, const Bytes& rest) {
  Bytes b{0x60, 0, 0, 0};
  put16(b, static_cast<uint32_t>(rest.size()));
  b.push_back(static_cast<uint8_t>(nh));
  b.push_back(64);
  b.resize(40, 0x20);
  append(b, rest);
  return b;
}

Bytes ipv4(int proto, const Bytes& rest) {
  Bytes b{0x45, 0};
  put16(b, static_cast<uint32_t>(20 + rest.size()));
  b.insert(b.end(), {0, 1, 0, 0, 64, static_cast<uint8_t>(proto), 0, 0, 10, 0, 0, 1, 10, 0, 0, 2});
  append(b, rest);
  return b;
}

TEST(Protochain, LibpcapsProgramText) {
  auto p = run("ip protochain 6");
  ASSERT_TRUE(p.has_value()) << p.status().message();
  EXPECT_EQ(bpf::dump(*p, 1),
      "(000) ldh      [12]\n"
      "(001) jeq      #0x800           jt 2\tjf 23\n"
      "(002) ldb      [23]\n"
      "(003) ldxb     4*([14]&0xf)\n"
      "(004) jeq      #0x6             jt 20\tjf 5\n"
      "(005) jeq      #0x3b            jt 20\tjf 6\n"
      "(006) add      #0\n"
      "(007) jeq      #0x33            jt 8\tjf 20\n"
      "(008) txa      \n"
      "(009) ldb      [x + 14]\n"
      "(010) st       M[0]\n"
      "(011) txa      \n"
      "(012) add      #1\n"
      "(013) tax      \n"
      "(014) ldb      [x + 14]\n"
      "(015) add      #2\n"
      "(016) mul      #4\n"
      "(017) tax      \n"
      "(018) ld       M[0]\n"
      "(019) ja       4\n"
      "(020) add      #0\n"
      "(021) jeq      #0x6             jt 22\tjf 23\n"
      "(022) ret      #262144\n"
      "(023) ret      #0\n");
}

TEST(Protochain, OptimizerStaysOff) {
  for (const char* e : {"ip6 protochain 6", "protochain 17 and tcp", "geneve and tcp port 80", "geneve or udp"}) {
    auto a = run(e, true), b = run(e, false);
    ASSERT_TRUE(a.has_value() && b.has_value()) << e;
    EXPECT_EQ(bpf::dump(*a, 1), bpf::dump(*b, 1)) << e;
  }
  // Contradictions are not reported (libpcap's optimizer does not run).
  EXPECT_TRUE(run("ip6 protochain 6 and not ip6").has_value());
  EXPECT_FALSE(run("ip6 and not ip6").has_value());
}

TEST(Protochain, WalksExtensionHeaders) {
  Bytes hbh{60, 0, 1, 2, 3, 4, 5, 6};                             // hop-by-hop, 8 bytes, then destination
  Bytes dst{6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};      // destination, 16 bytes, then TCP
  Bytes chain = hbh;
  append(chain, dst);
  append(chain, tcp(80));
  const Bytes pkt = ether(kMacA, kMacB, 0x86dd, ipv6(0, chain));
  EXPECT_EQ(answer("ip6 protochain 6", pkt), kAccept);
  EXPECT_EQ(answer("protochain 6", pkt), kAccept);
  EXPECT_EQ(answer("ip6 protochain 60", pkt), kAccept);  // the walk stops at the protocol asked for
  EXPECT_EQ(answer("ip6 protochain 17", pkt), 0u);
  EXPECT_EQ(answer("ip protochain 6", pkt), 0u);
  EXPECT_EQ(answer("ip6 protochain 6 and tcp dst port 80", pkt), 0u);  // tcp: ip6 next header only
  Bytes cut = pkt;
  cut.resize(14 + 40 + 8 + 1);  // the destination header's length byte is missing
  EXPECT_EQ(answer("ip6 protochain 6", cut), 0u);
  EXPECT_EQ(answer("ip6 protochain 60", cut), kAccept);

  Bytes frag{17, 0, 0, 0, 0, 0, 0, 9};
  append(frag, Bytes(12, 0));
  const Bytes fpkt = ether(kMacA, kMacB, 0x86dd, ipv6(44, frag));
  EXPECT_EQ(answer("ip6 protochain 17", fpkt), kAccept);
  EXPECT_EQ(answer("ip6 protochain 44", fpkt), kAccept);
  EXPECT_EQ(answer("ip6 protochain 6", fpkt), 0u);

  Bytes none{59, 0, 0, 0, 0, 0, 0, 0, 6, 6, 6, 6};
  const Bytes npkt = ether(kMacA, kMacB, 0x86dd, ipv6(0, none));
  EXPECT_EQ(answer("ip6 protochain 59", npkt), kAccept);
  EXPECT_EQ(answer("ip6 protochain 6", npkt), 0u);  // no next header ends the walk
}

TEST(Protochain, AuthenticationHeader) {
  Bytes ah{6, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2};  // next TCP, (1 + 2) * 4 bytes
  append(ah, tcp(80));
  const Bytes v4 = ether(kMacA, kMacB, 0x0800, ipv4(51, ah));
  EXPECT_EQ(answer("ip protochain 6", v4), kAccept);
  EXPECT_EQ(answer("protochain 51", v4), kAccept);
  EXPECT_EQ(answer("ip protochain 17", v4), 0u);
  const Bytes v6 = ether(kMacA, kMacB, 0x86dd, ipv6(51, ah));
  EXPECT_EQ(answer("ip6 protochain 6", v6), kAccept);
  EXPECT_EQ(answer("ip6 protochain 17", v6), 0u);
}

TEST(Protochain, Errors) {
  struct {
    const char* text;
    const char* error;
  } const kCases[] = {
      {"tcp protochain 6", "bad protocol applied for 'protochain'"},
      {"arp protochain 6", "bad protocol applied for 'protochain'"},
      {"geneve and protochain 6", "'protochain' not supported with variable length headers"},
      {"protochain nosuch", "unknown ip proto 'nosuch'"},
      {"tcp protochain foo", "unknown protocol: foo"},
      {"geneve 16777216", "Geneve VNI 16777216 greater than maximum 16777215"},
      {"geneve and geneve and geneve and geneve and geneve and geneve",
       "too many registers needed to evaluate expression"},
      {"geneve and geneve and geneve and geneve and geneve and ip[9] = 6",
       "too many registers needed to evaluate expression"},
  };
  for (const auto& c : kCases) {
    auto p = run(c.text);
    ASSERT_FALSE(p.has_value()) << c.text;
    EXPECT_EQ(p.status().message(), c.error) << c.text;
  }
  EXPECT_TRUE(run("geneve and geneve and geneve and geneve and geneve").has_value());
}

Bytes geneve_udp(uint32_t dport, uint32_t type, uint32_t vni, int optwords, const Bytes& inner) {
  Bytes g{static_cast<uint8_t>(optwords), 0};
  put16(g, type);
  put16(g, vni >> 8);
  g.push_back(static_cast<uint8_t>(vni));
  g.push_back(0);
  for (int i = 0; i < optwords * 4; ++i) g.push_back(static_cast<uint8_t>(0x80 + i));
  append(g, inner);
  Bytes u;
  put16(u, 40000);
  put16(u, dport);
  put16(u, static_cast<uint32_t>(8 + g.size()));
  put16(u, 0);
  append(u, g);
  return u;
}

TEST(Geneve, InnerEthernetFrame) {
  const Bytes inner = ether(kMacA, kMacB, 0x0800, ipv4(6, tcp(80)));
  const Bytes pkt = ether(kMacB, kMacA, 0x0800, ipv4(17, geneve_udp(6081, 0x6558, 5, 2, inner)));
  EXPECT_EQ(answer("geneve", pkt), kAccept);
  EXPECT_EQ(answer("geneve 5", pkt), kAccept);
  EXPECT_EQ(answer("geneve 6", pkt), 0u);
  EXPECT_EQ(answer("geneve and tcp port 80", pkt), kAccept);
  EXPECT_EQ(answer("geneve and tcp port 81", pkt), 0u);
  EXPECT_EQ(answer("geneve and udp", pkt), 0u);
  EXPECT_EQ(answer("geneve and ether src 02:00:00:00:00:01", pkt), kAccept);  // the inner frame's
  EXPECT_EQ(answer("geneve and ether src 00:11:22:33:44:55", pkt), 0u);
  EXPECT_EQ(answer("geneve and ip[9] = 6", pkt), kAccept);
  EXPECT_EQ(answer("geneve and tcp[2:2] = 80", pkt), kAccept);
  EXPECT_EQ(answer("geneve and ether[12:2] = 0x800", pkt), kAccept);
  EXPECT_EQ(answer("udp and geneve and ip", pkt), kAccept);
  const Bytes wrong = ether(kMacB, kMacA, 0x0800, ipv4(17, geneve_udp(6082, 0x6558, 5, 2, inner)));
  EXPECT_EQ(answer("geneve", wrong), 0u);
  Bytes cut = pkt;
  cut.resize(14 + 20 + 8 + 8 + 8 + 13);  // inside the inner Ethernet header
  EXPECT_EQ(answer("geneve", cut), kAccept);
  EXPECT_EQ(answer("geneve and ip", cut), 0u);
}

TEST(Geneve, BareIpPayload) {
  const Bytes pkt = ether(kMacB, kMacA, 0x86dd, ipv6(17, geneve_udp(6081, 0x0800, 7, 0, ipv4(6, tcp(80)))));
  EXPECT_EQ(answer("geneve 7 and tcp port 80", pkt), kAccept);
  EXPECT_EQ(answer("geneve and ip6", pkt), 0u);
  // No inner Ethernet header: Ethernet address tests fail.
  EXPECT_EQ(answer("geneve and ether host 00:00:00:00:00:00", pkt), 0u);
  EXPECT_EQ(answer("geneve and not ether host 00:00:00:00:00:00", pkt), kAccept);
}

}  // namespace
}  // namespace wpcap::filter
