// pcap_reader_test.cc - classic pcap files: magics, byte orders, versions,
// precision scaling, the 2.3 caplen/len quirk, snaplen rules, and the
// malformed-file errors (texts as libpcap 1.10.3 prints them).
#include "capture/savefile/pcap_reader.h"

#include <gtest/gtest.h>

#include "savefile_test_util.h"

namespace wpcap::savefile::test {
namespace {

using testing::Bytes;
using testing::PcapBuilder;

PcapBuilder::Header hdr(uint32_t magic = kMagicMicro, bool be = false, uint16_t minor = 4,
                        uint32_t snaplen = 65535, uint32_t lt = 1, uint16_t major = 2) {
  PcapBuilder::Header h;
  h.magic = magic;
  h.big_endian = be;
  h.minor = minor;
  h.major = major;
  h.snaplen = snaplen;
  h.linktype = lt;
  return h;
}

struct OpenCase {
  const char* name;
  Bytes bytes;
  const char* error;  // nullptr: opens
};

TEST(PcapReader, OpenErrorsMatchLibpcap) {
  const Bytes full = PcapBuilder().bytes();
  const OpenCase cases[] = {
      {"empty", {}, "truncated dump file; tried to read 4 file header bytes, only got 0"},
      {"two bytes", {0xd4, 0xc3}, "truncated dump file; tried to read 4 file header bytes, only got 2"},
      {"short header", Bytes(full.begin(), full.begin() + 10),
       "truncated dump file; tried to read 24 file header bytes, only got 6"},
      {"text", Bytes(40, 'x'), "unknown file format"},
      {"archaic", PcapBuilder(hdr(kMagicMicro, false, 0, 65535, 1, 1)).bytes(), "archaic pcap savefile format"},
      {"2.5", PcapBuilder(hdr(kMagicMicro, false, 5)).bytes(), "unsupported pcap savefile version 2.5"},
      {"3.0", PcapBuilder(hdr(kMagicMicro, false, 0, 65535, 1, 3)).bytes(), "unsupported pcap savefile version 3.0"},
      {"navtel", PcapBuilder(hdr(kMagicNavtel)).bytes(), "unknown file format"},
      {"543.0", PcapBuilder(hdr(kMagicMicro, false, 0, 65535, 1, 543)).bytes(), nullptr},
      {"big endian", PcapBuilder(hdr(kMagicMicro, true)).bytes(), nullptr},
  };
  for (const OpenCase& c : cases) {
    auto r = open_bytes(c.bytes);
    if (c.error == nullptr) {
      EXPECT_TRUE(r.has_value()) << c.name << ": " << (r ? "" : r.status().message());
    } else {
      ASSERT_FALSE(r.has_value()) << c.name;
      EXPECT_EQ(r.status().message(), c.error) << c.name;
    }
  }
}

TEST(PcapReader, HeaderFacts) {
  struct Case {
    PcapBuilder::Header h;
    int dlt, snap;
    uint32_t ext;
    bool swapped;
  } cases[] = {
      {hdr(kMagicMicro, false, 4, 65535, 1), 1, 65535, 0, false},
      {hdr(kMagicNano, true, 4, 100, 113), 113, 100, 0, true},
      {hdr(kMagicMicro, false, 4, 0, 1), 1, 262144, 0, false},                // 0 -> max for the DLT
      {hdr(kMagicMicro, false, 4, 0x80000000u, 1), 1, 262144, 0, false},    // > INT_MAX -> max
      {hdr(kMagicMicro, false, 4, 0, 231), 231, 128 * 1024 * 1024, 0, false},  // DBUS
      {hdr(kMagicMicro, false, 4, 500, 101), 12, 500, 0, false},            // LINKTYPE_RAW -> DLT_RAW
      {hdr(kMagicMicro, false, 4, 500, 0x14000001), 1, 500, 0x14000000, false},  // FCS bits
      {hdr(kMagicKuznetzov, false, 4, 1000, 1), 1, 1014, 0, false},         // Kuznetzov + EN10MB: +14
      {hdr(kMagicKuznetzov, true, 4, 1000, 113), 113, 1000, 0, true},
  };
  for (const Case& c : cases) {
    auto r = open_bytes(PcapBuilder(c.h).bytes());
    ASSERT_TRUE(r.has_value()) << r.status().message();
    pcap& h = *r.value();
    EXPECT_EQ(h.linktype, c.dlt);
    EXPECT_EQ(h.snapshot, c.snap);
    EXPECT_EQ(h.linktype_ext, c.ext);
    EXPECT_EQ(h.swapped, c.swapped);
    EXPECT_TRUE(h.activated);
  }
}

TEST(PcapReader, TimestampsScaleToRequestedPrecision) {
  struct Case {
    uint32_t magic;
    u_int prec;
    uint32_t frac_in;
    long frac_out;
    long frac_out_swapped;
  } cases[] = {
      {kMagicMicro, PCAP_TSTAMP_PRECISION_MICRO, 123456, 123456, 123456},
      {kMagicMicro, PCAP_TSTAMP_PRECISION_NANO, 123456, 123456000, 123456000},
      {kMagicNano, PCAP_TSTAMP_PRECISION_MICRO, 123456789, 123456, 123456},
      {kMagicNano, PCAP_TSTAMP_PRECISION_NANO, 123456789, 123456789, 123456789},
      {kMagicMicro, PCAP_TSTAMP_PRECISION_MICRO, 1999999, 1999999, 1999999},  // not normalised
      // libpcap 1.10.3 sign-extends native-order fields, zero-extends swapped ones
      {kMagicMicro, PCAP_TSTAMP_PRECISION_NANO, 0xffffffffu, -1000, 4294967295000},
  };
  for (bool be : {false, true}) {
    for (const Case& c : cases) {
      Bytes pkt = seq(4);
      auto r = open_bytes(PcapBuilder(hdr(c.magic, be)).packet(7, c.frac_in, pkt).bytes(), c.prec);
      ASSERT_TRUE(r.has_value());
      ReadAll all = read_all(*r.value());
      ASSERT_EQ(all.packets.size(), 1u);
      EXPECT_EQ(all.packets[0].hdr.ts.tv_sec, 7);
      EXPECT_EQ(all.packets[0].hdr.ts.tv_usec, be ? c.frac_out_swapped : c.frac_out) << c.frac_in << " be=" << be;
      EXPECT_EQ(all.rc, -2);
    }
  }
}

TEST(PcapReader, CaplenLenOrderByVersion) {
  struct Case {
    uint16_t major, minor;
    uint32_t caplen, len;  // as stored
    uint32_t want_caplen, want_len;
  } cases[] = {
      {2, 4, 3, 5, 3, 5},  {2, 3, 3, 5, 3, 5},  // 2.3: swapped only if caplen > len
      {2, 3, 5, 3, 3, 5},  {2, 2, 5, 3, 3, 5},  // <= 2.2: always swapped
      {2, 0, 3, 3, 3, 3},  {543, 0, 5, 3, 3, 5},
  };
  for (const Case& c : cases) {
    PcapBuilder b(hdr(kMagicMicro, false, c.minor, 65535, 1, c.major));
    b.record(1, 2, c.caplen, c.len, seq(c.want_caplen));
    auto r = open_bytes(b.bytes());
    ASSERT_TRUE(r.has_value());
    ReadAll all = read_all(*r.value());
    ASSERT_EQ(all.packets.size(), 1u) << c.major << "." << c.minor;
    EXPECT_EQ(all.packets[0].hdr.caplen, c.want_caplen);
    EXPECT_EQ(all.packets[0].hdr.len, c.want_len);
  }
}

struct RecordCase {
  const char* name;
  Bytes bytes;
  size_t good_packets;
  int rc;
  const char* error;
};

TEST(PcapReader, MalformedRecordsDeliverGoodPacketsThenFail) {
  const Bytes p10 = seq(10);
  auto base = [](uint32_t snap = 65535) { return PcapBuilder(hdr(kMagicMicro, false, 4, snap)); };
  Bytes trunc_hdr = base().packet(1, 1, seq(4)).bytes();
  trunc_hdr.insert(trunc_hdr.end(), {1, 0, 0, 0, 2, 0, 0});
  Bytes trunc_data = base().packet(1, 1, seq(4)).record(1, 2, 10, 10, seq(4)).bytes();
  Bytes over_snap = base(8).record(1, 2, 10, 12, p10).packet(3, 4, seq(2)).bytes();
  Bytes over_snap_trunc = base(8).record(1, 2, 10, 12, seq(9)).bytes();
  Bytes over_snap_trunc2 = base(8).record(1, 2, 10, 12, seq(5)).bytes();
  Bytes over_max = base().packet(1, 1, seq(3)).record(1, 2, 300000, 300000, {}).bytes();
  Bytes over_max_lt_snap = base(400000).record(1, 2, 300000, 300000, {}).bytes();
  const RecordCase cases[] = {
      {"clean", base().packet(1, 1, seq(4)).packet(2, 2, seq(60)).bytes(), 2, -2, ""},
      {"truncated header", trunc_hdr, 1, -1, "truncated dump file; tried to read 16 header bytes, only got 7"},
      {"truncated data", trunc_data, 1, -1, "truncated dump file; tried to read 10 captured bytes, only got 4"},
      {"caplen > snaplen", over_snap, 2, -2, ""},
      {"caplen > snaplen, short rest", over_snap_trunc, 0, -1,
       "truncated dump file; tried to read 10 captured bytes, only got 9"},
      {"caplen > snaplen, short head", over_snap_trunc2, 0, -1,
       "truncated dump file; tried to read 8 captured bytes, only got 5"},
      {"caplen > max", over_max, 1, -1, "invalid packet capture length 300000, bigger than snaplen of 65535"},
      {"caplen > max < snap", over_max_lt_snap, 0, -1,
       "invalid packet capture length 300000, bigger than maximum of 262144"},
  };
  for (const RecordCase& c : cases) {
    auto r = open_bytes(c.bytes);
    ASSERT_TRUE(r.has_value()) << c.name;
    ReadAll all = read_all(*r.value());
    EXPECT_EQ(all.packets.size(), c.good_packets) << c.name;
    EXPECT_EQ(all.rc, c.rc) << c.name;
    EXPECT_EQ(all.error, c.error) << c.name;
  }
}

TEST(PcapReader, OversizedRecordIsCutToSnapshot) {
  auto r = open_bytes(PcapBuilder(hdr(kMagicMicro, false, 4, 8)).record(1, 2, 10, 12, seq(10)).bytes());
  ASSERT_TRUE(r.has_value());
  ReadAll all = read_all(*r.value());
  ASSERT_EQ(all.packets.size(), 1u);
  EXPECT_EQ(all.packets[0].hdr.caplen, 8u);
  EXPECT_EQ(all.packets[0].hdr.len, 12u);
  EXPECT_EQ(all.packets[0].data, seq(8));
}

TEST(PcapReader, KuznetzovRecordsSkipExtraFields) {
  auto r = open_bytes(PcapBuilder(hdr(kMagicKuznetzov)).packet(1, 2, seq(4, 0x61)).packet(3, 4, seq(2)).bytes());
  ASSERT_TRUE(r.has_value());
  ReadAll all = read_all(*r.value());
  ASSERT_EQ(all.packets.size(), 2u);
  EXPECT_EQ(all.packets[0].data, seq(4, 0x61));
  EXPECT_EQ(all.packets[1].hdr.ts.tv_sec, 3);
}

}  // namespace
}  // namespace wpcap::savefile::test
