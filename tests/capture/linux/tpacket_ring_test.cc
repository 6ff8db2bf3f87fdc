// tpacket_ring_test.cc - ring geometry (plan_ring, shrink_ring) and, as
// root, a real PACKET_RX_RING built from it.
#include "capture/linux/tpacket_ring.h"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/fd.h"

namespace wpcap::live {
namespace {

RingRequest v3(unsigned buffer, unsigned snapshot, unsigned cap, int timeout) {
  RingRequest r;
  r.version = TPACKET_V3;
  r.buffer_size = buffer;
  r.snapshot = snapshot;
  r.frame_cap = cap;
  r.hdrlen = sizeof(tpacket3_hdr);
  r.reserve = 4;
  r.timeout_ms = timeout;
  return r;
}

TEST(RingPlan, V3TwoMegabytesIsLibpcapGeometry) {
  // 2 MiB, snaplen 262144, unbounded frames: 8 blocks of 256 KiB.
  RingGeometry g = plan_ring(v3(2 << 20, 262144, 0, 1000));
  EXPECT_EQ(g.version, TPACKET_V3);
  EXPECT_EQ(g.block_size, 262144u);
  EXPECT_EQ(g.block_nr, 8u);
  EXPECT_EQ(g.frame_size, g.block_size);
  EXPECT_EQ(g.frame_nr, g.block_nr);
  EXPECT_EQ(g.retire_tov_ms, 1000u);
}

TEST(RingPlan, V3Table) {
  struct Row {
    unsigned buffer, snapshot, cap;
    unsigned block_size, block_nr;
  };
  const Row rows[] = {
      {2 << 20, 262144, 0, 262144, 8},
      {4 << 20, 262144, 1518, 1 << 20, 4},   // default ring: 4 x 1 MiB
      {3 << 20, 262144, 1518, 262144, 12},   // below 4 MiB: eighths
      {64 << 20, 262144, 65553, 1 << 20, 64},  // big rings: 1 MiB blocks
      {1 << 20, 262144, 65553, 131072, 8},   // offloads: 64 KiB frames fit 128 KiB blocks
      {256 << 10, 262144, 0, 262144, 1},     // unbounded frames: never below 256 KiB
      {256 << 10, 262144, 1518, 32768, 8},   // small buffer, bounded frames: 8 blocks
      {256 << 10, 96, 0, 32768, 8},          // small snaplen
      {1, 128, 0, 4096, 1},                  // smallest ring
      {300000, 262144, 0, 262144, 2},        // rounds up
  };
  for (const Row& r : rows) {
    RingGeometry g = plan_ring(v3(r.buffer, r.snapshot, r.cap, 0));
    EXPECT_EQ(g.block_size, r.block_size) << r.buffer << "/" << r.snapshot << "/" << r.cap;
    EXPECT_EQ(g.block_nr, r.block_nr) << r.buffer << "/" << r.snapshot << "/" << r.cap;
    EXPECT_GE(g.bytes(), std::min<size_t>(r.buffer, g.bytes()));
  }
}

TEST(RingPlan, V3RetireTimerFollowsTimeout) {
  EXPECT_EQ(plan_ring(v3(2 << 20, 262144, 0, 250)).retire_tov_ms, 250u);
  EXPECT_EQ(plan_ring(v3(2 << 20, 262144, 0, 0)).retire_tov_ms, UINT_MAX);  // full blocks only
  EXPECT_EQ(plan_ring(v3(2 << 20, 262144, 0, -1)).retire_tov_ms, 0u);       // kernel default
}

TEST(RingPlan, V2FramesHoldOneBoundedPacket) {
  RingRequest r;
  r.version = TPACKET_V2;
  r.buffer_size = 2 << 20;
  r.snapshot = 262144;
  r.frame_cap = 1518;
  r.hdrlen = sizeof(tpacket2_hdr);
  r.reserve = 4;
  RingGeometry g = plan_ring(r);
  EXPECT_EQ(g.version, TPACKET_V2);
  // tp_hdrlen 32+20=52 -> netoff = align(52+256)+4 = 324, macoff = 68,
  // frame = align(68 + 1518) = 1600; 2 frames per 4 KiB block.
  EXPECT_EQ(g.frame_size, 1600u);
  EXPECT_EQ(g.block_size, 4096u);
  EXPECT_EQ(g.frame_nr, g.block_nr * 2);
  EXPECT_GE(g.frame_nr * g.frame_size, (2u << 20) - g.frame_size);

  r.cooked = true;  // no link header room
  g = plan_ring(r);
  EXPECT_EQ(g.frame_size, 1616u);  // macoff = align(52+16)+4 = 84; align(84 + 1518)
}

TEST(RingPlan, ShrinkDropsFivePercentThenSingleBlocks) {
  RingGeometry g;
  g.block_nr = 100;
  g.frame_nr = 200;
  ASSERT_TRUE(shrink_ring(g));
  EXPECT_EQ(g.block_nr, 95u);
  EXPECT_EQ(g.frame_nr, 190u);
  g.block_nr = 3;
  g.frame_nr = 3;
  ASSERT_TRUE(shrink_ring(g));
  EXPECT_EQ(g.block_nr, 2u);
  ASSERT_TRUE(shrink_ring(g));
  EXPECT_FALSE(shrink_ring(g));
  EXPECT_EQ(g.block_nr, 1u);
}

TEST(Ring, CreatesAndMapsARealRing) {
  int err = 0;
  util::Fd fd = util::Fd::socket(AF_PACKET, SOCK_RAW, 0, &err);
  if (!fd) GTEST_SKIP() << "no packet sockets here (needs CAP_NET_RAW)";
  int v = TPACKET_V3;
  ASSERT_EQ(setsockopt(fd.get(), SOL_PACKET, PACKET_VERSION, &v, sizeof v), 0);
  Ring ring;
  Status s = ring.create(fd.get(), plan_ring(v3(1 << 20, 262144, 1518, 100)));
  ASSERT_TRUE(s.is_ok()) << s.message();
  EXPECT_TRUE(ring.mapped());
  EXPECT_EQ(ring.slots(), ring.geometry().block_nr);
  EXPECT_EQ(ring.user_owned_count(), 0u);  // nothing bound, nothing captured
  for (unsigned i = 0; i < ring.slots(); ++i) EXPECT_FALSE(ring.user_owned(i));
  ring.unmap();
  EXPECT_FALSE(ring.mapped());
}

}  // namespace
}  // namespace wpcap::live
