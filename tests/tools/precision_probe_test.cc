// tests/tools/precision_probe_test.cc - savefile timestamp precision probe.
//
// pcap magics in both byte orders, pcapng if_tsresol variants (decimal,
// binary, absent, after a non-IDB block, big-endian), heads that arrive
// in pieces (the probe asks for more) and heads that end early.
#include "precision_probe.h"

#include <gtest/gtest.h>

#include <string>

#include "tools/hex.h"

namespace wpcap::tool {
namespace {

using fixtures::from_hex;

// Little-endian SHB without options (28 bytes).
const std::string kShbLe = "0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000 ";

// Little-endian IDB with the given options (hex, already padded) + end marker.
std::string idb_le(const std::string& options) {
  size_t len = 20 + from_hex(options).size() + 4;
  char hdr[64];
  std::snprintf(hdr, sizeof hdr, "01000000 %02zx000000 0100 0000 00000400 ", len);
  char trailer[32];
  std::snprintf(trailer, sizeof trailer, " %02zx000000", len);
  return std::string(hdr) + options + " 00000000" + trailer;
}

struct Case {
  const char* name;
  std::string hex;
  bool nano;
};

TEST(PrecisionProbeTest, DecidesFromCompleteHeads) {
  const Case kCases[] = {
      {"pcap_micro_le", "d4c3b2a1 0200 0400", false},
      {"pcap_micro_be", "a1b2c3d4 0002 0004", false},
      {"pcap_nano_le", "4d3cb2a1 0200 0400", true},
      {"pcap_nano_be", "a1b23c4d 0002 0004", true},
      {"unknown_magic", "00000000 0000", false},
      {"pcapng_no_tsresol", kShbLe + idb_le("0200 0400 65746830"), false},
      {"pcapng_tsresol_6", kShbLe + idb_le("0900 0100 06000000"), false},
      {"pcapng_tsresol_9", kShbLe + idb_le("0900 0100 09000000"), true},
      {"pcapng_tsresol_3", kShbLe + idb_le("0900 0100 03000000"), false},
      {"pcapng_tsresol_2pow30", kShbLe + idb_le("0900 0100 9e000000"), true},
      {"pcapng_tsresol_2pow10", kShbLe + idb_le("0900 0100 8a000000"), false},
      {"pcapng_name_then_tsresol", kShbLe + idb_le("0200 0400 65746830 0900 0100 09000000"), true},
      {"pcapng_block_before_idb", kShbLe + "04000000 10000000 00000000 10000000 " +
                                      idb_le("0900 0100 09000000"), true},
      {"pcapng_big_endian",
       "0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c "
       "00000001 00000020 0001 0000 00040000 0009 0001 09000000 00000000 00000020",
       true},
      {"pcapng_bad_bom", "0a0d0d0a 1c000000 00000000", false},
  };
  for (const Case& c : kCases) {
    std::vector<uint8_t> head = from_hex(c.hex);
    PrecisionProbe p = probe_precision(head, false);
    EXPECT_TRUE(p.decided) << c.name;
    EXPECT_EQ(p.nano, c.nano) << c.name;
  }
}

// Feeding the head in the sizes the probe asks for reaches the same answer.
TEST(PrecisionProbeTest, AsksForMoreUntilDecided) {
  std::vector<uint8_t> file = from_hex(kShbLe + idb_le("0200 0400 65746830 0900 0100 09000000"));
  std::vector<uint8_t> head;
  PrecisionProbe p = probe_precision(head, false);
  int rounds = 0;
  while (!p.decided) {
    ASSERT_GT(p.need, head.size());
    ASSERT_LE(p.need, file.size());
    head.assign(file.begin(), file.begin() + static_cast<long>(p.need));
    p = probe_precision(head, false);
    ASSERT_LT(++rounds, 10);
  }
  EXPECT_TRUE(p.nano);
  EXPECT_GE(rounds, 3);  // magic, SHB header, IDB header, IDB body
}

TEST(PrecisionProbeTest, ShortHeadsAtEofCountAsMicro) {
  std::vector<uint8_t> full = from_hex(kShbLe + idb_le("0900 0100 09000000"));
  for (size_t n = 0; n < full.size(); ++n) {
    std::vector<uint8_t> head(full.begin(), full.begin() + static_cast<long>(n));
    PrecisionProbe p = probe_precision(head, true);
    EXPECT_TRUE(p.decided) << n;
    EXPECT_FALSE(p.nano) << n;
  }
}

TEST(PrecisionProbeTest, HugeBlockLengthStopsAsking) {
  std::vector<uint8_t> head = from_hex("0a0d0d0a fcffff7f 4d3c2b1a 0100 0000");
  PrecisionProbe p = probe_precision(head, false);
  EXPECT_TRUE(p.decided);
  EXPECT_FALSE(p.nano);
}

}  // namespace
}  // namespace wpcap::tool
