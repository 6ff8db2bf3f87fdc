// link_prologue_test.cc - the run-time header lengths link_prologue()
// computes: the radio header's length (M[kRegLinkHdr]) and the offset of
// the 802.11 payload (M[kRegLinkPl]) on crafted headers, and packets too
// short for the loads rejected. libpcap's own programs are compared in
// tests/differential/filter_wlan_diff_test.cc.
#include "filter/link_prologue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bpf/program.h"

namespace wpcap::filter {
namespace {

using Bytes = std::vector<u_char>;
constexpr uint32_t kReject = 0xffffffffu;

// Runs the prologue, then returns 1000 + the given word (0 = rejected).
uint32_t run(RadioHeader radio, const Bytes& pkt, int word) {
  std::vector<bpf_insn> p = link_prologue(radio, OffsetUse{true, true});
  p.push_back(bpf_insn{BPF_LD | BPF_MEM, 0, 0, static_cast<uint32_t>(word)});
  p.push_back(bpf_insn{BPF_ALU | BPF_ADD | BPF_K, 0, 0, 1000});
  p.push_back(bpf_insn{BPF_RET | BPF_A, 0, 0, 0});
  auto prog = bpf::Program::make(p);
  EXPECT_TRUE(prog.has_value());
  if (!prog) return 0;
  uint32_t r = prog->run(pkt.data(), static_cast<u_int>(pkt.size()), static_cast<u_int>(pkt.size()));
  return r == 0 ? kReject : r - 1000;
}

// 802.11 frame control + 30 more bytes.
Bytes mac(u_char fc0, u_char fc1 = 0) {
  Bytes b(32, 0x11);
  b[0] = fc0;
  b[1] = fc1;
  return b;
}

Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// it_version, pad, it_len and it_present little-endian, fields, zeros to len.
Bytes radiotap(uint32_t len, uint32_t present, const Bytes& fields) {
  Bytes b(len, 0);
  for (int i = 0; i < 2; ++i) b[2 + i] = static_cast<u_char>(len >> (8 * i));
  for (int i = 0; i < 4; ++i) b[4 + i] = static_cast<u_char>(present >> (8 * i));
  for (size_t i = 0; i < fields.size() && 8 + i < len; ++i) b[8 + i] = fields[i];
  return b;
}

struct Case {
  std::string what;
  RadioHeader radio;
  Bytes pkt;
  uint32_t linkhdr, linkpl;  // kReject: the packet is rejected
};

TEST(LinkPrologue, HeaderLengths) {
  const Bytes tsft_flags{1, 2, 3, 4, 5, 6, 7, 8, 0x20};
  const Case kCases[] = {
      {"data", RadioHeader::kNone, mac(0x08), 0, 24},
      {"qos data", RadioHeader::kNone, mac(0x88), 0, 26},
      {"qos data, four addresses: libpcap adds no 6", RadioHeader::kNone, mac(0x88, 0x03), 0, 26},
      {"beacon", RadioHeader::kNone, mac(0x80), 0, 24},
      {"cts", RadioHeader::kNone, mac(0xc4), 0, 24},
      {"reserved type with bit 7", RadioHeader::kNone, mac(0x8c), 0, 24},
      {"one byte", RadioHeader::kNone, Bytes{0x88}, 0, 26},
      {"empty", RadioHeader::kNone, Bytes{}, kReject, kReject},
      {"radiotap 8", RadioHeader::kRadiotap, cat(radiotap(8, 0, {}), mac(0x08)), 8, 32},
      {"radiotap 18 qos", RadioHeader::kRadiotap, cat(radiotap(18, 0, {}), mac(0x88)), 18, 44},
      {"radiotap flags, data pad", RadioHeader::kRadiotap, cat(radiotap(9, 0x02, {0x20}), mac(0x08)), 9, 36},
      {"radiotap flags, data pad, qos", RadioHeader::kRadiotap, cat(radiotap(9, 0x02, {0x20}), mac(0x88)), 9, 36},
      {"radiotap flags, no pad", RadioHeader::kRadiotap, cat(radiotap(9, 0x02, {0x10}), mac(0x08)), 9, 33},
      {"radiotap tsft+flags, pad", RadioHeader::kRadiotap, cat(radiotap(17, 0x03, tsft_flags), mac(0x08)), 17, 44},
      {"radiotap ext bitmap", RadioHeader::kRadiotap, cat(radiotap(13, 0x80000002u, {0, 0, 0, 0, 0x20}), mac(0x08)),
       13, 37},
      {"radiotap pad, management", RadioHeader::kRadiotap, cat(radiotap(9, 0x02, {0x20}), mac(0x80)), 9, 33},
      {"radiotap, 3 bytes", RadioHeader::kRadiotap, Bytes{0, 0, 8}, kReject, kReject},
      {"radiotap, no 802.11 header", RadioHeader::kRadiotap, radiotap(8, 0, {}), kReject, kReject},
      {"ppi 8", RadioHeader::kPpi, cat(Bytes{0, 0, 8, 0, 105, 0, 0, 0}, mac(0x08)), 8, 32},
      {"avs 64", RadioHeader::kAvs, cat(cat(Bytes{0x80, 0x21, 0x10, 0x01, 0, 0, 0, 64}, Bytes(56, 0)), mac(0x88)), 64,
       90},
      {"prism 144", RadioHeader::kPrism, cat(cat(Bytes{0x44, 0, 0, 0, 144, 0, 0, 0}, Bytes(136, 0)), mac(0x08)), 144,
       168},
      {"prism file, avs header", RadioHeader::kPrism,
       cat(cat(Bytes{0x80, 0x21, 0x10, 0x01, 0, 0, 0, 64}, Bytes(56, 0)), mac(0x08)), 64, 88},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(run(c.radio, c.pkt, kRegLinkPl), c.linkpl) << c.what;
    if (c.radio != RadioHeader::kNone) EXPECT_EQ(run(c.radio, c.pkt, kRegLinkHdr), c.linkhdr) << c.what;
  }
}

TEST(LinkPrologue, OnlyWhatIsUsed) {
  EXPECT_TRUE(link_prologue(RadioHeader::kRadiotap, OffsetUse{}).empty());
  EXPECT_TRUE(link_prologue(RadioHeader::kNone, OffsetUse{true, false}).empty());
  // The radio header's length alone loads nothing of the 802.11 header.
  std::vector<bpf_insn> p = link_prologue(RadioHeader::kAvs, OffsetUse{true, false});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].code, BPF_LD | BPF_W | BPF_ABS);
  EXPECT_EQ(p[1].code, BPF_ST);
  EXPECT_EQ(p[1].k, static_cast<uint32_t>(kRegLinkHdr));
}

TEST(LinkPrologue, LibpcapOptimizerPolicy) {
  EXPECT_FALSE(libpcap_optimizes(RadioHeader::kPrism, true, OffsetUse{}));
  EXPECT_FALSE(libpcap_optimizes(RadioHeader::kNone, true, OffsetUse{false, true}));
  EXPECT_TRUE(libpcap_optimizes(RadioHeader::kRadiotap, true, OffsetUse{true, false}));
  EXPECT_TRUE(libpcap_optimizes(RadioHeader::kNone, false, OffsetUse{}));
}

}  // namespace
}  // namespace wpcap::filter
