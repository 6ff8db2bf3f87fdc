// tests/tools/pcapng_writer_test.cc - pcapng output of `wpcap gen`.
//
// The header blocks byte for byte, then whole generated files read back by
// the system libpcap (the oracle) and by our libpcap.so.0.8, each loaded
// with dlmopen: same frames, lengths and times (us and ns), link type,
// snaplen, clean end of file.
#include "pcapng_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "testing/pcap_lib.h"
#include "tools/hex.h"
#include "traffic.h"

namespace wpcap::tool {
namespace {

using wpcap::testing::PcapLib;

std::vector<uint8_t> read_all(FILE* f) {
  std::vector<uint8_t> out;
  std::rewind(f);
  uint8_t buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  return out;
}

TEST(PcapngWriterTest, HeaderBlocksAndOnePacket) {
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  PcapngWriter w;
  ASSERT_TRUE(w.open(f, 1, 262144, true));
  std::vector<uint8_t> frame = fixtures::from_hex("0102030405");
  ASSERT_TRUE(w.write(0x0000000200000003ULL, frame, 60));
  std::fflush(f);
  std::vector<uint8_t> want = fixtures::from_hex(
      // SHB: type, length 48, BOM, version 1.0, section length -1,
      // shb_userappl "wpcap gen" (9 bytes + 3 pad), end of options, length.
      "0a0d0d0a 30000000 4d3c2b1a 0100 0000 ffffffffffffffff "
      "0400 0900 7770636170206765 6e000000 00000000 30000000 "
      // IDB: type 1, length 40, EN10MB, reserved, snaplen 262144,
      // if_name "gen0", if_tsresol 9 (+3 pad), end of options, length.
      "01000000 28000000 0100 0000 00000400 0200 0400 67656e30 0900 0100 09000000 00000000 28000000 "
      // EPB: type 6, length 40, interface 0, ts high/low, caplen 5, len 60,
      // data + 3 pad, length.
      "06000000 28000000 00000000 02000000 03000000 05000000 3c000000 0102030405000000 28000000");
  EXPECT_EQ(read_all(f), want);
  EXPECT_EQ(w.bytes(), want.size());
  EXPECT_EQ(PcapngWriter::packet_block_size(5), 40u);
  std::fclose(f);
}

struct ReadBack {
  const char* lib_name;
  bool nano;
};

void PrintTo(const ReadBack& rb, std::ostream* os) { *os << rb.lib_name << (rb.nano ? " ns" : " us"); }

class PcapngOracleTest : public ::testing::TestWithParam<ReadBack> {};

using OpenFn = pcap_t*(const char*, u_int, char*);
using NextFn = int(pcap_t*, struct pcap_pkthdr**, const u_char**);
using IntFn = int(pcap_t*);
using CloseFn = void(pcap_t*);

TEST_P(PcapngOracleTest, LibpcapReadsWhatWeWrote) {
  const ReadBack& rb = GetParam();
  const PcapLib& lib = std::string(rb.lib_name) == "system" ? PcapLib::system() : PcapLib::ours();
  ASSERT_TRUE(lib.loaded()) << lib.path() << ": " << lib.error();
  char path[] = "/tmp/wpcap_pcapng_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  FILE* f = fdopen(fd, "wb");
  const int kPackets = 3000;
  PcapngWriter w;
  ASSERT_TRUE(w.open(f, 1, 262144, rb.nano));
  TrafficGenerator gen(11);
  for (int i = 0; i < kPackets; ++i) {
    GenPacket p = gen.next();
    ASSERT_TRUE(w.write(p.ts_ns, p.data, static_cast<uint32_t>(p.data.size())));
  }
  ASSERT_EQ(std::fclose(f), 0);

  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p = lib.fn<OpenFn>("pcap_open_offline_with_tstamp_precision")(path, rb.nano ? 1 : 0, errbuf);
  ASSERT_NE(p, nullptr) << errbuf;
  EXPECT_EQ(lib.fn<IntFn>("pcap_datalink")(p), 1);
  EXPECT_EQ(lib.fn<IntFn>("pcap_snapshot")(p), 262144);
  TrafficGenerator replay(11);
  auto next = lib.fn<NextFn>("pcap_next_ex");
  struct pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  for (int i = 0; i < kPackets; ++i) {
    ASSERT_EQ(next(p, &h, &data), 1) << "packet " << i;
    GenPacket want = replay.next();
    uint64_t frac = want.ts_ns % 1000000000;
    ASSERT_EQ(static_cast<uint64_t>(h->ts.tv_sec), want.ts_ns / 1000000000) << i;
    ASSERT_EQ(static_cast<uint64_t>(h->ts.tv_usec), rb.nano ? frac : frac / 1000) << i;
    ASSERT_EQ(h->caplen, want.data.size()) << i;
    ASSERT_EQ(h->len, want.data.size()) << i;
    ASSERT_EQ(std::vector<uint8_t>(data, data + h->caplen),
              std::vector<uint8_t>(want.data.begin(), want.data.end())) << i;
  }
  EXPECT_EQ(next(p, &h, &data), PCAP_ERROR_BREAK);  // -2: end of file
  lib.fn<CloseFn>("pcap_close")(p);
  unlink(path);
}

INSTANTIATE_TEST_SUITE_P(Libs, PcapngOracleTest,
                         ::testing::Values(ReadBack{"system", false}, ReadBack{"system", true},
                                           ReadBack{"ours", false}, ReadBack{"ours", true}),
                         [](const ::testing::TestParamInfo<ReadBack>& i) {
                           return std::string(i.param.lib_name) + (i.param.nano ? "_nano" : "_micro");
                         });

}  // namespace
}  // namespace wpcap::tool
