// pcapng_reader_test.cc - pcapng files: sections, interfaces, if_tsresol /
// if_tsoffset, EPB/SPB/PB, skipped blocks, and the malformed-block errors
// (texts as libpcap 1.10.3 prints them).
#include "capture/savefile/pcapng_reader.h"

#include <gtest/gtest.h>

#include "savefile_test_util.h"

namespace wpcap::savefile::test {
namespace {

using testing::Bytes;
using testing::PcapngBuilder;

Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes prefix(const Bytes& b, size_t n) { return Bytes(b.begin(), b.begin() + static_cast<long>(n)); }

struct Case {
  const char* name;
  Bytes bytes;
  const char* open_error;  // nullptr: opens
  size_t good_packets;
  int rc;
  const char* error;
};

std::vector<Case> cases() {
  PcapngBuilder n;
  const Bytes one = seq(1), four = seq(4);
  auto ok = [&] { return PcapngBuilder().shb().idb(1, 65535); };
  Bytes shb = PcapngBuilder().shb().bytes();
  Bytes bad_bom = shb;
  bad_bom[8] = 0;
  Bytes short_len{0x0a, 0x0d, 0x0d, 0x0a, 20, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a};
  short_len.resize(32);
  Bytes huge_len{0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0x20, 0, 0x4d, 0x3c, 0x2b, 0x1a};
  huge_len.resize(32);
  const uint8_t body8[8] = {};
  Bytes len8 = concat(ok().bytes(), Bytes{6, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  Bytes len33 = concat(ok().bytes(), Bytes{6, 0, 0, 0, 33, 0, 0, 0});
  len33.resize(len33.size() + 40);
  Bytes huge_blk = concat(ok().bytes(), Bytes{6, 0, 0, 0, 0, 0, 0, 2});
  huge_blk.resize(huge_blk.size() + 40);
  Bytes epb_full = PcapngBuilder().epb(0, 1, four).bytes();
  const uint8_t short_epb_body[24] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 'a', 'b', 'c', 'd'};
  const Bytes tsres_bad{6, 6};
  const Bytes end_val{'a', 'b', 'c', 'd'};
  Bytes overrun_opt{2, 0, 100, 0, 'a', 'b', 'c', 'd'};
  return {
      {"minimal", ok().epb(0, 1500000, four).bytes(), nullptr, 1, -2, ""},
      {"big endian", PcapngBuilder(true).shb().idb(1, 65535).epb(0, 1500000, four).bytes(), nullptr, 1, -2, ""},
      {"shb only", shb, "the capture file has no Interface Description Blocks", 0, 0, ""},
      {"8 bytes", prefix(shb, 8), "unknown file format", 0, 0, ""},
      {"bad byte-order magic", bad_bom, "unknown file format", 0, 0, ""},
      {"shb too short", short_len,
       "Section Header Block in pcapng dump file has invalid length 28 < _20_ < 1048576 (BT_SHB_INSANE_MAX)", 0, 0, ""},
      {"shb too long", huge_len,
       "Section Header Block in pcapng dump file has invalid length 28 < _2097152_ < 1048576 (BT_SHB_INSANE_MAX)", 0, 0,
       ""},
      {"shb truncated", prefix(shb, 20), "truncated pcapng dump file; tried to read 16 bytes, only got 8", 0, 0, ""},
      {"version 2.0", PcapngBuilder().shb(2, 0).bytes(), "unsupported pcapng savefile version 2.0", 0, 0, ""},
      {"version 1.1", PcapngBuilder().shb(1, 1).idb(1, 9).bytes(), "unsupported pcapng savefile version 1.1", 0, 0, ""},
      {"version 1.2", PcapngBuilder().shb(1, 2).idb(1, 9).epb(0, 1, one).bytes(), nullptr, 1, -2, ""},
      {"packet before idb", PcapngBuilder().shb().epb(0, 1, one).bytes(),
       "the capture file has a packet block before any Interface Description Blocks", 0, 0, ""},
      {"spb before idb", PcapngBuilder().shb().spb(one).bytes(),
       "the capture file has a packet block before any Interface Description Blocks", 0, 0, ""},
      {"block header cut", concat(ok().bytes(), Bytes{6, 0, 0}), nullptr, 0, -1,
       "truncated pcapng dump file; tried to read 8 bytes, only got 3"},
      {"block body cut", concat(ok().bytes(), prefix(epb_full, 20)), nullptr, 0, -1,
       "truncated pcapng dump file; tried to read 28 bytes, only got 12"},
      {"block length < 12", len8, nullptr, 0, -1, "block in pcapng dump file has a length of 8 < 12"},
      {"block length odd", len33, nullptr, 0, -1,
       "block in pcapng dump file has a length of 33 that is not a multiple of 4"},
      {"trailer mismatch", ok().epb(0, 1, one).block(6, std::span<const uint8_t>(body8, 8), 4).bytes(), nullptr, 1, -1,
       "block total length in header and trailer don't match"},
      {"block too big", huge_blk, nullptr, 0, -1, "pcapng block size 33554432 > maximum 16777216"},
      {"unknown interface", ok().epb(3, 1, one).bytes(), nullptr, 0, -1,
       "a packet arrived on interface 3, but there's no Interface Description Block for that interface"},
      {"caplen > snaplen", PcapngBuilder().shb().idb(1, 4).epb(0, 1, seq(6)).bytes(), nullptr, 0, -1,
       "invalid packet capture length 6, bigger than snaplen of 4"},
      {"caplen > block", ok().block(6, std::span<const uint8_t>(short_epb_body, 24)).bytes(), nullptr, 0, -1,
       "block of type 6 in pcapng dump file is too short"},
      {"epb fixed part short", ok().block(6, std::span<const uint8_t>(body8, 8)).bytes(), nullptr, 0, -1,
       "block of type 6 in pcapng dump file is too short"},
      {"second idb other type", ok().epb(0, 1, one).idb(113, 65535).epb(1, 2, one).bytes(), nullptr, 1, -1,
       "an interface has a type 113 different from the type of the first interface"},
      {"LINKTYPE_RAW twice (libpcap quirk)", PcapngBuilder().shb().idb(101, 65535).epb(0, 1, one).idb(101, 65535).bytes(),
       nullptr, 1, -1, "an interface has a type 101 different from the type of the first interface"},
      {"second idb other snaplen", PcapngBuilder().shb().idb(1, 100).epb(0, 1, one).idb(1, 200).bytes(), nullptr, 1, -1,
       "an interface has a snapshot length 200 different from the snapshot length of the first interface"},
      {"two sections reset interfaces", ok().epb(0, 1, one).shb().idb(1, 65535).epb(0, 2, one).epb(1, 3, one).bytes(),
       nullptr, 2, -1, "a packet arrived on interface 1, but there's no Interface Description Block for that interface"},
      {"second section other byte order", ok().epb(0, 1, one).set_big_endian(true).shb().idb(1, 65535).bytes(), nullptr,
       1, -1, "pcapng block size 469762048 > maximum 16777216"},
      {"second section byte-order magic swapped", ok().epb(0, 1, one).block(kBlockShb, Bytes{0x1a, 0x2b, 0x3c, 0x4d, 1, 0, 0, 0,
                                                                              0, 0, 0, 0, 0, 0, 0, 0}).bytes(),
       nullptr, 1, -1, "the file has sections with different byte orders"},
      {"second section byte-order magic bad", ok().epb(0, 1, one).block(kBlockShb, Bytes{1, 1, 1, 1, 1, 0, 0, 0,
                                                                          0, 0, 0, 0, 0, 0, 0, 0}).bytes(),
       nullptr, 1, -1, "the file has a section with a bad byte order magic field"},
      {"second section too short", ok().epb(0, 1, one).block(kBlockShb, Bytes{0x4d, 0x3c, 0x2b, 0x1a}).bytes(), nullptr, 1,
       -1, "block of type 168627466 in pcapng dump file is too short"},
      {"second section version 2", ok().epb(0, 1, one).shb(2, 0).bytes(), nullptr, 1, -1,
       "unknown pcapng savefile major version number 2"},
      {"tsresol 10^-20", PcapngBuilder().shb().idb(1, 9, concat(n.tsresol(20), n.end())).bytes(),
       "Interface Description Block if_tsresol option resolution 10^-20 is too high", 0, 0, ""},
      {"tsresol 2^-64", PcapngBuilder().shb().idb(1, 9, concat(n.tsresol(0xc0), n.end())).bytes(),
       "Interface Description Block if_tsresol option resolution 2^-64 is too high", 0, 0, ""},
      {"tsresol length 2", PcapngBuilder().shb().idb(1, 9, concat(n.opt(9, tsres_bad), n.end())).bytes(),
       "Interface Description Block has if_tsresol option with length 2 != 1", 0, 0, ""},
      {"tsresol twice", PcapngBuilder().shb().idb(1, 9, concat(concat(n.tsresol(6), n.tsresol(6)), n.end())).bytes(),
       "Interface Description Block has more than one if_tsresol option", 0, 0, ""},
      {"tsoffset length 4", PcapngBuilder().shb().idb(1, 9, concat(n.opt(14, four), n.end())).bytes(),
       "Interface Description Block has if_tsoffset option with length 4 != 8", 0, 0, ""},
      {"endofopt with length", PcapngBuilder().shb().idb(1, 9, n.opt(0, end_val)).bytes(),
       "Interface Description Block has opt_endofopt option with length 4 != 0", 0, 0, ""},
      {"option overruns block", PcapngBuilder().shb().idb(1, 9, overrun_opt).bytes(),
       "block of type 1 in pcapng dump file is too short", 0, 0, ""},
      {"skipped blocks", PcapngBuilder().shb().block(0x40000BAD, four).idb(1, 65535).block(5, seq(12)).block(4, four)
                             .block(0xA, {}).epb(0, 1, one).block(0x12345, seq(2)).bytes(),
       nullptr, 1, -2, ""},
  };
}

TEST(PcapngReader, FixturesMatchLibpcap) {
  for (const Case& c : cases()) {
    auto r = open_bytes(c.bytes);
    if (c.open_error != nullptr) {
      ASSERT_FALSE(r.has_value()) << c.name;
      EXPECT_EQ(r.status().message(), c.open_error) << c.name;
      continue;
    }
    ASSERT_TRUE(r.has_value()) << c.name << ": " << r.status().message();
    ReadAll all = read_all(*r.value());
    EXPECT_EQ(all.packets.size(), c.good_packets) << c.name;
    EXPECT_EQ(all.rc, c.rc) << c.name;
    EXPECT_EQ(all.error, c.error) << c.name;
  }
}

TEST(PcapngReader, TimestampResolutionsAndOffsets) {
  PcapngBuilder n;
  struct TsCase {
    const char* name;
    Bytes opts;
    uint64_t ts;
    long sec_us, frac_us, sec_ns, frac_ns;
  } cases[] = {
      {"default us", {}, 1500000, 1, 500000, 1, 500000000},
      {"ns", concat(n.tsresol(9), n.end()), 1234567891234, 1234, 567891, 1234, 567891234},
      {"ms", concat(n.tsresol(3), n.end()), 123456, 123, 456000, 123, 456000000},
      {"2^-10", concat(n.tsresol(0x8a), n.end()), 1024 * 5 + 512, 5, 500000, 5, 500000000},
      {"offset -5", concat(n.tsoffset(-5), n.end()), 7000000, 2, 0, 2, 0},
      {"seconds", concat(n.tsresol(0), n.end()), 42, 42, 0, 42, 0},
  };
  for (const TsCase& c : cases) {
    for (u_int prec : {PCAP_TSTAMP_PRECISION_MICRO, PCAP_TSTAMP_PRECISION_NANO}) {
      auto r = open_bytes(PcapngBuilder().shb().idb(1, 65535, c.opts).epb(0, c.ts, seq(1)).bytes(), prec);
      ASSERT_TRUE(r.has_value()) << c.name;
      ReadAll all = read_all(*r.value());
      ASSERT_EQ(all.packets.size(), 1u) << c.name;
      const bool ns = prec == PCAP_TSTAMP_PRECISION_NANO;
      EXPECT_EQ(all.packets[0].hdr.ts.tv_sec, ns ? c.sec_ns : c.sec_us) << c.name;
      EXPECT_EQ(all.packets[0].hdr.ts.tv_usec, ns ? c.frac_ns : c.frac_us) << c.name;
    }
  }
}

TEST(PcapngReader, InterfacesKeepTheirOwnResolution) {
  PcapngBuilder n;
  Bytes f = PcapngBuilder().shb().idb(1, 65535).idb(1, 65535, concat(n.tsresol(9), n.end()))
                .epb(1, 5000000001, seq(1)).epb(0, 5000001, seq(1)).bytes();
  auto r = open_bytes(f, PCAP_TSTAMP_PRECISION_NANO);
  ASSERT_TRUE(r.has_value());
  ReadAll all = read_all(*r.value());
  ASSERT_EQ(all.packets.size(), 2u);
  EXPECT_EQ(all.packets[0].hdr.ts.tv_sec, 5);
  EXPECT_EQ(all.packets[0].hdr.ts.tv_usec, 1);
  EXPECT_EQ(all.packets[1].hdr.ts.tv_usec, 1000);
}

TEST(PcapngReader, SimpleAndObsoletePacketBlocks) {
  const uint8_t abcde[] = {'a', 'b', 'c', 'd', 'e'};
  Bytes f = PcapngBuilder().shb().idb(1, 3).spb(abcde).spb(std::span<const uint8_t>(abcde, 2)).bytes();
  auto r = open_bytes(f);
  ASSERT_TRUE(r.has_value());
  ReadAll all = read_all(*r.value());
  ASSERT_EQ(all.packets.size(), 2u);
  EXPECT_EQ(all.packets[0].hdr.caplen, 3u);  // SPB: min(len, snaplen)
  EXPECT_EQ(all.packets[0].hdr.len, 5u);
  EXPECT_EQ(all.packets[0].hdr.ts.tv_sec, 0);  // SPBs have no time stamp
  EXPECT_EQ(all.packets[1].hdr.caplen, 2u);

  auto pb = open_bytes(PcapngBuilder().shb().idb(1, 65535).pb(0, 7, std::span<const uint8_t>(abcde, 2)).bytes());
  ASSERT_TRUE(pb.has_value());
  ReadAll p = read_all(*pb.value());
  ASSERT_EQ(p.packets.size(), 1u);
  EXPECT_EQ(p.packets[0].hdr.ts.tv_usec, 7);
  EXPECT_EQ(p.packets[0].data, Bytes({'a', 'b'}));
}

TEST(PcapngReader, HandleFacts) {
  auto r = open_bytes(PcapngBuilder(true).shb(1, 2).idb(101, 0).bytes());
  ASSERT_TRUE(r.has_value());
  pcap& h = *r.value();
  EXPECT_EQ(h.linktype, DLT_RAW);
  EXPECT_EQ(h.snapshot, 262144);
  EXPECT_TRUE(h.swapped);
  EXPECT_EQ(h.version_major, 1);
  EXPECT_EQ(h.version_minor, 2);
  EXPECT_EQ(h.linktype_ext, 0u);
}

}  // namespace
}  // namespace wpcap::savefile::test
