// savefile_open_test.cc - opening savefiles through FILE*s: format
// detection, reading from the stream's current position, who closes the
// FILE*, and the handle facts set for offline handles.
#include "capture/savefile/savefile_open.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "savefile_test_util.h"

namespace wpcap::savefile::test {
namespace {

using testing::Bytes;

FILE* file_with(const Bytes& b) {
  FILE* f = tmpfile();
  if (!b.empty()) fwrite(b.data(), 1, b.size(), f);
  rewind(f);
  return f;
}

TEST(SavefileOpen, DetectsFormats) {
  const Bytes pcap_bytes = testing::PcapBuilder().packet(1, 2, seq(5)).bytes();
  const Bytes ng = testing::PcapngBuilder().shb().idb(1, 100).epb(0, 7, seq(5)).bytes();
  struct Case {
    const char* name;
    Bytes bytes;
    int major;  // 0: open fails
  } cases[] = {{"pcap", pcap_bytes, 2}, {"pcapng", ng, 1}, {"garbage", Bytes(100, 7), 0}};
  for (const Case& c : cases) {
    FILE* f = file_with(c.bytes);
    auto r = open_offline(f, true, PCAP_TSTAMP_PRECISION_MICRO);
    if (c.major == 0) {
      ASSERT_FALSE(r.has_value()) << c.name;
      EXPECT_EQ(r.status().message(), "unknown file format");
      fclose(f);  // left open on failure
      continue;
    }
    ASSERT_TRUE(r.has_value()) << c.name << r.status().message();
    pcap& h = *r.value();
    EXPECT_EQ(h.version_major, c.major);
    EXPECT_EQ(h.source->file(), f);
    EXPECT_EQ(h.source->selectable_fd(), fileno(f));
    EXPECT_EQ(h.bpf_codegen_flags & 0x4, 0x4);  // filters compile for a savefile
    EXPECT_EQ(read_all(h).packets.size(), 1u) << c.name;
  }
}

TEST(SavefileOpen, ReadsFromTheCurrentPosition) {
  Bytes junk(37, 0xee);
  const Bytes pcap_bytes = testing::PcapBuilder().packet(1, 2, seq(5)).packet(3, 4, seq(6)).bytes();
  junk.insert(junk.end(), pcap_bytes.begin(), pcap_bytes.end());
  FILE* f = file_with(junk);
  ASSERT_EQ(fseek(f, 37, SEEK_SET), 0);
  auto r = open_offline(f, true, PCAP_TSTAMP_PRECISION_NANO);
  ASSERT_TRUE(r.has_value()) << r.status().message();
  ReadAll all = read_all(*r.value());
  ASSERT_EQ(all.packets.size(), 2u);
  EXPECT_EQ(all.packets[1].hdr.ts.tv_usec, 4000);  // µs file read at ns precision
}

TEST(SavefileOpen, HandleClosesItsFileUnlessAskedNot) {
  const Bytes pcap_bytes = testing::PcapBuilder().bytes();
  for (bool close_it : {true, false}) {
    FILE* f = file_with(pcap_bytes);
    const int fd = fileno(f);
    {
      auto r = open_offline(f, close_it, PCAP_TSTAMP_PRECISION_MICRO);
      ASSERT_TRUE(r.has_value());
    }
    EXPECT_EQ(fcntl(fd, F_GETFD) == -1, close_it);
    if (!close_it) fclose(f);
  }
}

}  // namespace
}  // namespace wpcap::savefile::test
