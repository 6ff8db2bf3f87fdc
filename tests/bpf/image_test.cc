// image_test.cc - bpf_image and bpf_dump text: golden lines for each opcode
// class, then byte-for-byte agreement with the system libpcap over every
// 16-bit opcode and the three bpf_dump levels.
#include "bpf/image.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "bpf/bpf_oracle.h"
#include "bpf/opcodes.h"

namespace wpcap::bpf {
namespace {

using testing::BpfOracle;

struct ImageCase {
  bpf_insn insn;
  int n;
  const char* text;
};

const ImageCase kGolden[] = {
    {{kLdHAbs, 0, 0, 12}, 0, "(000) ldh      [12]"},
    {{kJeqK, 0, 3, 0x800}, 1, "(001) jeq      #0x800           jt 2\tjf 5"},
    {{kLdBAbs, 0, 0, 23}, 2, "(002) ldb      [23]"},
    {{kLdWAbs, 0, 0, 26}, 3, "(003) ld       [26]"},
    {{kLdxMsh, 0, 0, 14}, 4, "(004) ldxb     4*([14]&0xf)"},
    {{kLdHInd, 0, 0, 16}, 5, "(005) ldh      [x + 16]"},
    {{kLdWInd, 0, 0, 2}, 6, "(006) ld       [x + 2]"},
    {{kLdBInd, 0, 0, 0}, 7, "(007) ldb      [x + 0]"},
    {{kRetK, 0, 0, 262144}, 8, "(008) ret      #262144"},
    {{kRetA, 0, 0, 0}, 9, "(009) ret      "},
    {{kLdWLen, 0, 0, 0}, 10, "(010) ld       #pktlen"},
    {{kLdxWLen, 0, 0, 0}, 10, "(010) unimp    0x81"},
    {{kLdImm, 0, 0, 15}, 11, "(011) ld       #0xf"},
    {{kLdxImm, 0, 0, 15}, 11, "(011) ldx      #0xf"},
    {{kLdMem, 0, 0, 0}, 12, "(012) ld       M[0]"},
    {{kLdxMem, 0, 0, 1}, 12, "(012) ldx      M[1]"},
    {{kSt, 0, 0, 2}, 12, "(012) st       M[2]"},
    {{kStx, 0, 0, 3}, 12, "(012) stx      M[3]"},
    {{kJa, 0, 0, 20}, 0, "(000) ja       21"},
    {{kJgtX, 0, 0, 0}, 0, "(000) jgt      x                jt 1\tjf 1"},
    {{kJsetK, 4, 0, 0x1fff}, 7, "(007) jset     #0x1fff          jt 12\tjf 8"},
    {{kAddK, 0, 0, 5}, 0, "(000) add      #5"},
    {{kSubX, 0, 0, 0}, 0, "(000) sub      x"},
    {{kAndK, 0, 0, 0xf}, 0, "(000) and      #0xf"},
    {{kLshK, 0, 0, 2}, 0, "(000) lsh      #2"},
    {{kModK, 0, 0, 3}, 0, "(000) mod      #3"},
    {{kXorK, 0, 0, 0xff}, 0, "(000) xor      #0xff"},
    {{kNeg, 0, 0, 0}, 0, "(000) neg      "},
    {{kTax, 0, 0, 0}, 0, "(000) tax      "},
    {{kTxa, 0, 0, 0}, 0, "(000) txa      "},
    {{kLdBAbs, 0, 0, kVlanTagPresentK}, 0, "(000) ldb      [vlanp]"},
    {{kLdHAbs, 0, 0, kSkfAdOff + kSkfPktType}, 0, "(000) ldh      [type]"},
    {{kLdWAbs, 0, 0, kSkfAdOff + kSkfIfIndex}, 0, "(000) ld       [ifidx]"},
    {{0x21, 0, 0, 0}, 3, "(003) unimp    0x21"},
};

class ImageGolden : public ::testing::TestWithParam<ImageCase> {};

TEST_P(ImageGolden, MatchesGoldenAndOracle) {
  const ImageCase& c = GetParam();
  EXPECT_STREQ(image(c.insn, c.n), c.text);
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available()) << oracle.error();
  EXPECT_STREQ(oracle.image(&c.insn, c.n), c.text);
}

INSTANTIATE_TEST_SUITE_P(Opcodes, ImageGolden, ::testing::ValuesIn(kGolden));

TEST(Image, EveryOpcodeMatchesOracle) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available()) << oracle.error();
  std::vector<uint32_t> ks = {0, 1, 9, 10, 255, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xffffefff};
  for (uint32_t off = 0; off <= 68; ++off) ks.push_back(kSkfAdOff + off);
  size_t checked = 0;
  for (uint32_t code = 0; code <= 0xffff; ++code) {
    for (uint32_t k : ks) {
      for (int n : {0, 7, 1000, -1}) {
        const bpf_insn insn{static_cast<uint16_t>(code), static_cast<u_char>(n & 0xff), 255, k};
        const std::string ours = image(insn, n);
        ASSERT_EQ(ours, oracle.image(&insn, n)) << std::hex << "code 0x" << code << " k 0x" << k;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 5000000u);
}

TEST(Image, BufferIsThreadLocal) {
  const bpf_insn a{kRetK, 0, 0, 1};
  const char* mine = image(a, 0);
  std::string other;
  std::thread([&] { other = image(bpf_insn{kLdImm, 0, 0, 2}, 5); }).join();
  EXPECT_STREQ(mine, "(000) ret      #1");
  EXPECT_EQ(other, "(005) ld       #0x2");
}

std::vector<bpf_insn> all_opcode_program() {
  std::vector<bpf_insn> p;
  for (uint32_t code = 0; code <= 0xff; ++code) {
    p.push_back({static_cast<uint16_t>(code), static_cast<u_char>(code % 3), static_cast<u_char>(code % 5),
                 code * 0x01010101u});
  }
  p.push_back({kRetK, 0, 0, 0xffffffff});
  return p;
}

TEST(Dump, AllLevelsMatchOracle) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available()) << oracle.error();
  std::vector<bpf_insn> insns = all_opcode_program();
  bpf_program prog{static_cast<u_int>(insns.size()), insns.data()};
  for (int option : {-1, 0, 1, 2, 3, 4}) {
    const std::string ours = dump(insns, option), theirs = oracle.dump_text(prog, option);
    EXPECT_GT(ours.size(), insns.size() * 8);
    EXPECT_TRUE(ours == theirs) << "option " << option << " first difference at byte "
                                << std::distance(ours.begin(), std::mismatch(ours.begin(), ours.end(),
                                                                             theirs.begin(), theirs.end()).first);
  }
}

TEST(Dump, GoldenLevels) {
  const std::vector<bpf_insn> insns = {{kLdHAbs, 0, 0, 12}, {kJeqK, 0, 1, 0x800}, {kRetK, 0, 0, 262144},
                                       {kRetK, 0, 0, 0}};
  EXPECT_EQ(dump(insns, 1),
            "(000) ldh      [12]\n"
            "(001) jeq      #0x800           jt 2\tjf 3\n"
            "(002) ret      #262144\n"
            "(003) ret      #0\n");
  EXPECT_EQ(dump(insns, 2),
            "{ 0x28, 0, 0, 0x0000000c },\n"
            "{ 0x15, 0, 1, 0x00000800 },\n"
            "{ 0x6, 0, 0, 0x00040000 },\n"
            "{ 0x6, 0, 0, 0x00000000 },\n");
  EXPECT_EQ(dump(insns, 3), "4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n");
}

}  // namespace
}  // namespace wpcap::bpf
