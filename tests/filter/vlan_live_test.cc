// vlan_live_test.cc - "vlan" for live Linux captures (kCodegenLinuxLive).
//
// The kernel strips the outermost tag into metadata when offloading. A
// program compiled for a live handle, run on the stripped frame with the
// tag in AuxData, must give the answer the offline program gives on the
// tagged frame; and on frames whose tag stayed in band (no metadata), the
// same answer as offline too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bpf/program.h"
#include "filter/compile.h"

namespace wpcap::filter {
namespace {

using Bytes = std::vector<u_char>;

void put16(Bytes& b, uint32_t v) {
  b.push_back(static_cast<u_char>(v >> 8));
  b.push_back(static_cast<u_char>(v));
}

// dst, src, then tags (tpid, vid) outermost first, then IPv4/TCP.
Bytes frame(const std::vector<std::pair<uint32_t, uint32_t>>& tags, uint32_t dport) {
  Bytes b(12, 0x02);
  for (auto [tpid, vid] : tags) {
    put16(b, tpid);
    put16(b, vid);
  }
  put16(b, 0x0800);
  Bytes ip{0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
  b.insert(b.end(), ip.begin(), ip.end());
  put16(b, 1234);
  put16(b, dport);
  b.resize(b.size() + 16, 0);
  return b;
}

u_int run(const std::vector<bpf_insn>& insns, const Bytes& pkt, const bpf::AuxData* aux) {
  auto prog = bpf::Program::make(insns);
  EXPECT_TRUE(prog.has_value());
  if (!prog) return 0;
  auto n = static_cast<u_int>(pkt.size());
  return prog->run(pkt.data(), n, n, aux);
}

TEST(VlanLive, MetadataAndInBandAgreeWithOffline) {
  const char* kExprs[] = {"vlan", "vlan 100", "vlan 101", "vlan and ip", "vlan 100 and tcp port 80", "not vlan",
                          "vlan and vlan 100", "vlan 200 and vlan 100 and ip", "ip or vlan", "vlan 100 or vlan 200",
                          "not vlan 100 and tcp"};
  const std::vector<std::vector<std::pair<uint32_t, uint32_t>>> kTagSets = {
      {}, {{0x8100, 100}}, {{0x8100, 101}}, {{0x88a8, 200}, {0x8100, 100}}, {{0x8100, 0x2000 | 100}}};
  for (const char* e : kExprs) {
    for (bool opt : {false, true}) {
      CompileRequest off;
      off.text = e;
      off.optimize = opt;
      CompileRequest live = off;
      live.flags = kCodegenLinuxLive;
      auto p_off = compile(off);
      auto p_live = compile(live);
      ASSERT_TRUE(p_off.has_value()) << e;
      ASSERT_TRUE(p_live.has_value()) << e << ": " << p_live.status().message();
      for (const auto& tags : kTagSets) {
        for (uint32_t dport : {80u, 443u}) {
          Bytes tagged = frame(tags, dport);
          bpf::AuxData none;
          u_int expect = run(*p_off, tagged, nullptr) != 0;
          // Tag left in band, no metadata.
          EXPECT_EQ(run(*p_live, tagged, &none) != 0, expect) << e << " in band, " << tags.size() << " tags";
          if (tags.empty()) continue;
          // Outer tag offloaded into metadata.
          std::vector<std::pair<uint32_t, uint32_t>> inner(tags.begin() + 1, tags.end());
          Bytes stripped = frame(inner, dport);
          bpf::AuxData meta;
          meta.vlan_tag_present = true;
          meta.vlan_tag = static_cast<uint16_t>(tags[0].second);
          EXPECT_EQ(run(*p_live, stripped, &meta) != 0, expect) << e << " offloaded, " << tags.size() << " tags";
        }
      }
    }
  }
}

// Without "vlan" in the expression the filter sees the frame as delivered
// (stripped when offloaded): live and offline programs are the same.
TEST(VlanLive, NoVlanKeywordNoSplit) {
  CompileRequest off;
  off.text = "tcp port 80";
  CompileRequest live = off;
  live.flags = kCodegenLinuxLive;
  auto a = compile(off);
  auto b = compile(live);
  ASSERT_TRUE(a.has_value() && b.has_value());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) EXPECT_EQ((*a)[i].k, (*b)[i].k);
}

}  // namespace
}  // namespace wpcap::filter
