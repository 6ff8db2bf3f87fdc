// send_queue_test.cc - send-queue memory: Npcap's record layout, the
// all-or-nothing append, and walking the records back.
#include "npcap/send_queue.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace {

using wpcap::npcap::next_record;
using wpcap::npcap::queue_alloc;
using wpcap::npcap::queue_append;
using wpcap::npcap::queue_destroy;

TEST(SendQueue, AppendsRecordsAndRefusesOverflow) {
  pcap_send_queue* q = queue_alloc(100);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->maxlen, 100u);
  EXPECT_EQ(q->len, 0u);
  std::vector<u_char> pkt(40, 0xab);
  pcap_pkthdr h{};
  h.ts.tv_sec = 7;
  h.ts.tv_usec = 9;
  h.caplen = 40;
  h.len = 60;
  ASSERT_EQ(queue_append(q, &h, pkt.data()), 0);
  EXPECT_EQ(q->len, 56u);
  // 56 + 16 + 40 > 100: refused, queue untouched.
  EXPECT_EQ(queue_append(q, &h, pkt.data()), -1);
  EXPECT_EQ(q->len, 56u);
  uint32_t fields[4];
  std::memcpy(fields, q->buffer, sizeof fields);
  EXPECT_EQ(fields[0], 7u);
  EXPECT_EQ(fields[1], 9u);
  EXPECT_EQ(fields[2], 40u);
  EXPECT_EQ(fields[3], 60u);
  size_t off = 0;
  auto r = next_record(*q, &off);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->caplen, 40u);
  EXPECT_EQ(r->data[0], 0xab);
  EXPECT_EQ(off, 56u);
  EXPECT_FALSE(next_record(*q, &off));
  queue_destroy(q);
  queue_destroy(nullptr);
}

TEST(SendQueue, TruncatedRecordStopsTheWalk) {
  pcap_send_queue* q = queue_alloc(64);
  pcap_pkthdr h{};
  h.caplen = 10;
  std::vector<u_char> pkt(10, 1);
  ASSERT_EQ(queue_append(q, &h, pkt.data()), 0);
  q->len = 20;  // cut the record short
  size_t off = 0;
  EXPECT_FALSE(next_record(*q, &off));
  queue_destroy(q);
}

}  // namespace
