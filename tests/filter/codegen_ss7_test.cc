// codegen_ss7_test.cc - SS7 primitives (codegen_ss7.cc) on MTP2 links:
// signal-unit classes by length indicator, MTP3 label fields as libpcap
// encodes them, the high-speed forms, range checks and errors. Facts
// checked against libpcap 1.10.3 by filter_linktypes_diff_test.cc.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <string>
#include <vector>

#include "testing/filter_verdict.h"

namespace wpcap::filter {
namespace {

using Bytes = std::vector<uint8_t>;
using testing::filter_error;
using testing::filter_verdict;

// BSN, FSN, LI, SIO, then the 4 label bytes at packet offset 4.
Bytes su(uint8_t li, uint8_t sio, const Bytes& label = {0, 0, 0, 0}) {
  Bytes b;
  for (uint8_t v : {uint8_t{0x80}, uint8_t{0x80}, li, sio}) b.push_back(v);
  for (uint8_t v : label) b.push_back(v);
  while (b.size() < 16) b.push_back(0x55);
  return b;
}

TEST(CodegenSs7, Verdicts) {
  // libpcap's encodings: opc v -> (v & 0x3c00) >> 10 | (v & 0x3fc) << 6 |
  // (v & 3) << 22 under mask 0x00c0ff0f; dpc v -> (v & 0xff) << 24 |
  // (v & 0x3f00) << 8 under 0xff3f0000; sls v -> v << 4 under 0xf0.
  const struct {
    const char* expr;
    Bytes pkt;
    int want;
  } kCases[] = {
      {"fisu", su(0, 3), 1},       {"fisu", su(0xc0, 3), 1},  // spare bits ignored
      {"fisu", su(1, 3), 0},       {"lssu", su(1, 3), 1},      {"lsu", su(2, 3), 1},
      {"lssu", su(3, 3), 0},       {"msu", su(3, 3), 1},       {"msu", su(2, 3), 0},
      {"sio 3", su(9, 3), 1},      {"sio > 2", su(9, 3), 1},   {"sio != 3", su(9, 3), 1},  // "!=" is "=="
      {"sio < 3", su(9, 3), 0},    {"opc 5", su(9, 3, {0, 0x40, 0x01, 0x00}), 1},
      {"opc 5", su(9, 3, {0, 0x40, 0x01, 0xf0}), 1},            // bits outside the mask
      {"dpc 6", su(9, 3, {0x06, 0, 0, 0}), 1},                   {"sls 7", su(9, 3, {0, 0, 0, 0x70}), 1},
      {"sls 7", su(9, 3, {0, 0, 0, 0x07}), 0},                   {"opc (1 or 5)", su(9, 3, {0, 0x40, 0x01, 0}), 1},
      {"hfisu", Bytes{0, 0, 0, 0, 0x00, 0x7f, 0, 0}, 1},         {"hlssu", Bytes{0, 0, 0, 0, 0x00, 0x80, 0, 0}, 1},
      {"hmsu", Bytes{0, 0, 0, 0, 0x01, 0x80, 0, 0}, 1},          {"hsio 9", Bytes{0, 0, 0, 0, 0, 0, 9, 0}, 1},
  };
  for (const auto& c : kCases) EXPECT_EQ(filter_verdict(DLT_MTP2, c.expr, c.pkt), c.want) << c.expr;
  // MTP2 with its 4-byte pseudo-header, and ERF (MTP2 after 20 bytes).
  Bytes phdr = {0, 0, 0, 1};
  Bytes s = su(3, 0x83);
  phdr.insert(phdr.end(), s.begin(), s.end());
  EXPECT_EQ(filter_verdict(DLT_MTP2_WITH_PHDR, "msu and sio 0x83", phdr), 1);
  Bytes erf(20, 0);
  erf.insert(erf.end(), s.begin(), s.end());
  EXPECT_EQ(filter_verdict(DLT_ERF, "msu and sio 131", erf), 1);
  EXPECT_EQ(filter_verdict(DLT_ERF, "fisu", erf), 0);
}

TEST(CodegenSs7, Errors) {
  const struct {
    int dlt;
    const char* expr;
    const char* error;
  } kCases[] = {
      {DLT_MTP2, "sio 256", "sio value 256 too big; max value = 255"},
      {DLT_MTP2, "hsio 256", "sio value 256 too big; max value = 255"},
      {DLT_MTP2, "opc 16384", "opc value 16384 too big; max value = 16383"},
      {DLT_MTP2, "dpc 16384", "dpc value 16384 too big; max value = 16383"},
      {DLT_ERF, "hsls 16", "sls value 16 too big; max value = 15"},
      {DLT_EN10MB, "fisu", "'fisu' supported only on MTP2"},
      {DLT_MTP3, "lssu", "'lssu' supported only on MTP2"},
      {DLT_EN10MB, "hfisu", "'hfisu' supported only on MTP2_HSL"},
      {DLT_EN10MB, "hmsu", "'hmsu' supported only on MTP2_HSL"},
      {DLT_MTP3, "sio 3", "'sio' supported only on SS7"},
      {DLT_EN10MB, "hsio 300", "'sio' supported only on SS7"},  // the field is checked before the value
      {DLT_EN10MB, "hdpc 1", "'dpc' supported only on SS7"},
      {DLT_MTP2, "ip", "MTP2 link-layer type filtering not implemented"},
      {DLT_MTP2, "ip[0] << 32 = 1", "MTP2 link-layer type filtering not implemented"},  // operand first
  };
  for (const auto& c : kCases) EXPECT_EQ(filter_error(c.dlt, c.expr), c.error) << c.expr;
}

}  // namespace
}  // namespace wpcap::filter
