// dumper_test.cc - pcap_dump_* semantics: the dumper is the FILE* itself
// and stays consistent (ftell, flush, fileno usable between pcap_dump
// calls), the header follows the handle's precision/linktype/snapshot,
// records round-trip through the reader, and append refuses mismatches.
#include "capture/savefile/dumper.h"

#include <gtest/gtest.h>

#include <cstring>

#include "savefile_test_util.h"

namespace wpcap::savefile::test {
namespace {

using testing::Bytes;

std::unique_ptr<pcap> dead(int dlt, int snap, int prec = PCAP_TSTAMP_PRECISION_MICRO) {
  auto h = std::make_unique<pcap>();
  h->activated = true;
  h->linktype = dlt;
  h->snapshot = snap;
  h->opt.tstamp_precision = prec;
  return h;
}

Bytes slurp(const std::string& path) {
  FILE* f = fopen(path.c_str(), "rb");
  Bytes b;
  int c;
  while (f != nullptr && (c = fgetc(f)) != EOF) b.push_back(static_cast<uint8_t>(c));
  if (f != nullptr) fclose(f);
  return b;
}

TEST(Dumper, HeaderAndRecordsRoundTrip) {
  struct Case {
    int dlt, snap, prec;
    uint32_t magic, linktype;
  } cases[] = {
      {DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO, 0xa1b2c3d4, 1},
      {DLT_RAW, 1500, PCAP_TSTAMP_PRECISION_NANO, 0xa1b23c4d, 101},  // DLT_RAW is LINKTYPE_RAW on disk
      {DLT_LINUX_SLL2, 262144, PCAP_TSTAMP_PRECISION_MICRO, 0xa1b2c3d4, 276},
  };
  for (const Case& c : cases) {
    auto h = dead(c.dlt, c.snap, c.prec);
    const std::string path = testing::temp_dir() + "/dump-rt.pcap";
    auto d = open_dump_path(*h, path.c_str());
    ASSERT_TRUE(d.has_value()) << d.status().message();
    FILE* f = d.value();
    pcap_pkthdr ph{};
    ph.ts.tv_sec = 1700000000;
    ph.ts.tv_usec = 123456789 % (c.prec == PCAP_TSTAMP_PRECISION_NANO ? 1000000000 : 1000000);
    const Bytes pkt = seq(60);
    ph.caplen = 60;
    ph.len = 70;
    dump_packet(f, &ph, pkt.data());
    EXPECT_EQ(ftell(f), 24 + 16 + 60);  // the FILE* is consistent without a flush
    close_dump(f);
    const Bytes file = slurp(path);
    ASSERT_EQ(file.size(), 100u);
    uint32_t magic, snap, lt;
    std::memcpy(&magic, file.data(), 4);
    std::memcpy(&snap, file.data() + 16, 4);
    std::memcpy(&lt, file.data() + 20, 4);
    EXPECT_EQ(magic, c.magic);
    EXPECT_EQ(snap, static_cast<uint32_t>(c.snap));
    EXPECT_EQ(lt, c.linktype);
    auto r = open_bytes(file, static_cast<u_int>(c.prec));
    ASSERT_TRUE(r.has_value());
    ReadAll all = read_all(*r.value());
    ASSERT_EQ(all.packets.size(), 1u);
    EXPECT_EQ(all.packets[0].hdr.ts.tv_usec, ph.ts.tv_usec);
    EXPECT_EQ(all.packets[0].hdr.len, 70u);
    EXPECT_EQ(all.packets[0].data, pkt);
    EXPECT_EQ(r.value()->linktype, c.dlt);
  }
}

TEST(Dumper, OpenErrors) {
  auto h = dead(DLT_EN10MB, 65535);
  EXPECT_EQ(open_dump_path(*h, nullptr).status().message(), "A null pointer was supplied as the file name");
  EXPECT_EQ(open_dump_path(*h, "/nonexistent-dir/x.pcap").status().message(),
            "/nonexistent-dir/x.pcap: No such file or directory");
  auto bad = dead(12345, 65535);
  EXPECT_EQ(open_dump_path(*bad, "/tmp/x.pcap").status().message(),
            "/tmp/x.pcap: link-layer type 12345 isn't supported in savefiles");
  auto inactive = dead(DLT_EN10MB, 65535);
  inactive->activated = false;
  EXPECT_EQ(open_dump_path(*inactive, "/tmp/x.pcap").status().message(),
            "/tmp/x.pcap: not-yet-activated pcap_t passed to pcap_dump_open");
}

TEST(Dumper, AppendChecksTheExistingHeader) {
  const std::string dir = testing::temp_dir();
  auto micro = dead(DLT_EN10MB, 65535);
  struct Case {
    const char* name;
    testing::PcapBuilder::Header hdr;
    const char* error;  // nullptr: appends
  };
  testing::PcapBuilder::Header ok, nano, swapped, other_lt, other_snap, v23, kuz;
  nano.magic = 0xa1b23c4d;
  swapped.big_endian = true;
  other_lt.linktype = 113;
  other_snap.snaplen = 100;
  v23.minor = 3;
  kuz.magic = 0xa1b2cd34;
  const Case cases[] = {
      {"ok", ok, nullptr},
      {"nano", nano, "different time stamp precision, cannot append to file"},
      {"swapped", swapped, "different byte order, cannot append to file"},
      {"linktype", other_lt, "different linktype, cannot append to file"},
      {"snaplen", other_snap, "different snaplen, cannot append to file"},
      {"2.3", v23, "version is 2.3, cannot append to file"},
      {"kuznetzov", kuz, "not a pcap file to which we can append"},
  };
  for (const Case& c : cases) {
    const std::string path = dir + "/append-" + c.name + ".pcap";
    testing::PcapBuilder b(c.hdr);
    b.packet(1, 2, seq(4));
    ASSERT_TRUE(testing::write_file(path, b.bytes()));
    auto d = open_dump_append(*micro, path.c_str());
    if (c.error != nullptr) {
      ASSERT_FALSE(d.has_value()) << c.name;
      EXPECT_EQ(d.status().message(), path + ": " + c.error);
      continue;
    }
    ASSERT_TRUE(d.has_value()) << d.status().message();
    pcap_pkthdr ph{{3, 4}, 2, 2};
    dump_packet(d.value(), &ph, seq(2).data());
    close_dump(d.value());
    auto r = open_bytes(slurp(path));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(read_all(*r.value()).packets.size(), 2u);
  }
  const std::string empty = dir + "/append-empty.pcap";
  ASSERT_TRUE(testing::write_file(empty, {}));
  auto d = open_dump_append(*micro, empty.c_str());
  ASSERT_TRUE(d.has_value());
  close_dump(d.value());
  EXPECT_EQ(slurp(empty).size(), 24u);  // an empty file gets a header
}

TEST(Dumper, StreamStaysUsableAsAFileStar) {
  auto h = dead(DLT_EN10MB, 65535);
  FILE* f = tmpfile();
  ASSERT_NE(f, nullptr);
  auto d = open_dump_stream(*h, f);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d.value(), f);  // pcap_dumper_t* is the FILE*
  pcap_pkthdr ph{{1, 2}, 10, 10};
  for (int i = 0; i < 1000; ++i) dump_packet(f, &ph, seq(10).data());
  EXPECT_EQ(ftello(f), 24 + 1000 * 26);
  EXPECT_EQ(fflush(f), 0);
  fputs("", f);  // callers may write through the FILE* themselves
  EXPECT_EQ(ftello(f), 24 + 1000 * 26);
  close_dump(f);
}

}  // namespace
}  // namespace wpcap::savefile::test
