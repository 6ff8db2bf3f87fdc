// savefile_source_test.cc - the offline read loop: counts, break semantics
// (libpcap's: a break after packets were delivered returns the count and
// leaves the flag for the next call's -2), the userland filter, pcap_next_ex
// buffer validity, and the savefile-specific refusals.
#include "capture/savefile/savefile_source.h"

#include <gtest/gtest.h>

#include "savefile_test_util.h"

namespace wpcap::savefile::test {
namespace {

using testing::Bytes;
using testing::PcapBuilder;

Bytes five_packets() {
  PcapBuilder b;
  for (uint32_t i = 0; i < 5; ++i) b.packet(i, 0, seq(10 + i, static_cast<uint8_t>(i)));
  return b.bytes();
}

struct Collect {
  pcap* h;
  int break_at;  // pcap_breakloop() after this many packets (-1: never)
  std::vector<uint32_t> secs;
};

void on_packet(u_char* user, const pcap_pkthdr* hdr, const u_char*) {
  auto* c = reinterpret_cast<Collect*>(user);
  c->secs.push_back(static_cast<uint32_t>(hdr->ts.tv_sec));
  if (static_cast<int>(c->secs.size()) == c->break_at) c->h->break_loop = 1;
}

TEST(SavefileSource, ReadCountsAndEof) {
  struct Case {
    int max;
    std::vector<int> returns;  // successive read() results
  } cases[] = {
      {-1, {5, 0}},
      {0, {5, 0}},
      {2, {2, 2, 1, 0}},
      {5, {5, 0}},
      {7, {5, 0}},
  };
  const Bytes file = five_packets();
  for (const Case& c : cases) {
    auto r = open_bytes(file);
    ASSERT_TRUE(r.has_value());
    pcap& h = *r.value();
    Collect col{&h, -1, {}};
    for (int want : c.returns) {
      EXPECT_EQ(h.source->read(h, c.max, on_packet, reinterpret_cast<u_char*>(&col)), want) << "max " << c.max;
    }
    EXPECT_EQ(col.secs.size(), 5u);
  }
}

TEST(SavefileSource, BreakAfterPacketsIsDeferred) {
  auto r = open_bytes(five_packets());
  ASSERT_TRUE(r.has_value());
  pcap& h = *r.value();
  Collect col{&h, 2, {}};
  auto* user = reinterpret_cast<u_char*>(&col);
  EXPECT_EQ(h.source->read(h, -1, on_packet, user), 2);  // count returned, flag kept
  EXPECT_EQ(h.break_loop, 1);
  EXPECT_EQ(h.source->read(h, -1, on_packet, user), PCAP_ERROR_BREAK);  // now -2, flag cleared
  EXPECT_EQ(h.break_loop, 0);
  EXPECT_EQ(h.source->read(h, -1, on_packet, user), 3);  // reading resumes
  EXPECT_EQ(col.secs, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
}

TEST(SavefileSource, BreakBeforeReadAndNextEx) {
  auto r = open_bytes(five_packets());
  ASSERT_TRUE(r.has_value());
  pcap& h = *r.value();
  h.break_loop = 1;
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  EXPECT_EQ(h.source->next(h, &hdr, &data), PCAP_ERROR_BREAK);
  EXPECT_EQ(h.break_loop, 0);
  EXPECT_EQ(h.source->next(h, &hdr, &data), 1);
  EXPECT_EQ(hdr->ts.tv_sec, 0);
  EXPECT_EQ(hdr, &h.next_header);
}

TEST(SavefileSource, NextExDataStaysValidUntilNextCall) {
  auto r = open_bytes(five_packets());
  ASSERT_TRUE(r.has_value());
  pcap& h = *r.value();
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  for (uint32_t i = 0; i < 5; ++i) {
    ASSERT_EQ(h.source->next(h, &hdr, &data), 1);
    EXPECT_EQ(hdr->caplen, 10 + i);
    EXPECT_EQ(Bytes(data, data + hdr->caplen), seq(10 + i, static_cast<uint8_t>(i)));
  }
  EXPECT_EQ(h.source->next(h, &hdr, &data), PCAP_ERROR_BREAK);  // -2 at EOF, repeatedly
  EXPECT_EQ(h.source->next(h, &hdr, &data), PCAP_ERROR_BREAK);
}

TEST(SavefileSource, FilterSkipsRejectedPackets) {
  // Accept packets whose first byte is even: ldb [0]; jset #1; ret #0; ret #-1.
  bpf_insn insns[] = {
      {BPF_LD | BPF_B | BPF_ABS, 0, 0, 0},
      {BPF_JMP | BPF_JSET | BPF_K, 0, 1, 1},
      {BPF_RET | BPF_K, 0, 0, 0},
      {BPF_RET | BPF_K, 0, 0, 262144},
  };
  bpf_program prog{4, insns};
  auto r = open_bytes(five_packets());
  ASSERT_TRUE(r.has_value());
  pcap& h = *r.value();
  ASSERT_TRUE(h.source->set_filter(h, prog).is_ok());
  Collect col{&h, -1, {}};
  EXPECT_EQ(h.source->read(h, 2, on_packet, reinterpret_cast<u_char*>(&col)), 2);  // counts only accepted
  EXPECT_EQ(h.source->read(h, 2, on_packet, reinterpret_cast<u_char*>(&col)), 1);
  EXPECT_EQ(col.secs, (std::vector<uint32_t>{0, 2, 4}));
}

TEST(SavefileSource, ErrorAfterGoodPacketsLosesTheCount) {
  // libpcap returns -1 from the call that meets the error, even when that
  // call already delivered packets.
  Bytes f = five_packets();
  f.resize(f.size() - 3);
  auto r = open_bytes(f);
  ASSERT_TRUE(r.has_value());
  pcap& h = *r.value();
  Collect col{&h, -1, {}};
  EXPECT_EQ(h.source->read(h, -1, on_packet, reinterpret_cast<u_char*>(&col)), PCAP_ERROR);
  EXPECT_EQ(col.secs.size(), 4u);
  EXPECT_STREQ(h.errbuf, "truncated dump file; tried to read 14 captured bytes, only got 11");
}

TEST(SavefileSource, SavefileRefusals) {
  auto r = open_bytes(five_packets());
  ASSERT_TRUE(r.has_value());
  pcap& h = *r.value();
  EXPECT_EQ(h.source->kind(), SourceKind::kSavefile);
  EXPECT_EQ(h.source->set_nonblock(h, true).message(), "Savefiles cannot be put into non-blocking mode");
  ASSERT_TRUE(h.source->get_nonblock(h).has_value());
  EXPECT_FALSE(h.source->get_nonblock(h).value());
  pcap_stat st{};
  EXPECT_EQ(h.source->stats(h, &st).message(), "Statistics aren't available from savefiles");
  EXPECT_FALSE(h.source->inject(h, "x", 1).has_value());
}

TEST(SavefileSource, PrecisionIsValidated) {
  auto r = open_bytes(five_packets(), 7);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().message(), "unknown time stamp resolution 7");
}

}  // namespace
}  // namespace wpcap::savefile::test
