// packet_fixup_test.cc - cooked header bytes, VLAN reinsertion and the
// direction rules, against hand-written expected bytes.
#include "capture/linux/packet_fixup.h"

#include <gtest/gtest.h>

#include <vector>

namespace wpcap::live {
namespace {

sockaddr_ll sample_sll() {
  sockaddr_ll sll = {};
  sll.sll_family = AF_PACKET;
  sll.sll_protocol = htons(0x0800);
  sll.sll_ifindex = 0x01020304;
  sll.sll_hatype = ARPHRD_ETHER;
  sll.sll_pkttype = PACKET_OUTGOING;
  sll.sll_halen = 6;
  const uint8_t mac[8] = {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22};
  std::memcpy(sll.sll_addr, mac, 8);
  return sll;
}

TEST(PacketFixup, SllHeaderLayout) {
  uint8_t out[kSllHdrLen];
  write_sll(out, sample_sll());
  const std::vector<uint8_t> expect = {0x00, 0x04,  // pkttype OUTGOING
                                       0x00, 0x01,  // ARPHRD_ETHER
                                       0x00, 0x06,  // halen
                                       0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22,
                                       0x08, 0x00};  // protocol
  EXPECT_EQ(std::vector<uint8_t>(out, out + kSllHdrLen), expect);
}

TEST(PacketFixup, Sll2HeaderLayout) {
  uint8_t out[kSll2HdrLen];
  write_sll2(out, sample_sll());
  const std::vector<uint8_t> expect = {0x08, 0x00,              // protocol
                                       0x00, 0x00,              // reserved
                                       0x01, 0x02, 0x03, 0x04,  // ifindex
                                       0x00, 0x01,              // hatype
                                       0x04,                    // pkttype
                                       0x06,                    // halen
                                       0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22};
  EXPECT_EQ(std::vector<uint8_t>(out, out + kSll2HdrLen), expect);
}

TEST(PacketFixup, VlanReinsertion) {
  struct Row {
    unsigned offset;
    uint16_t tpid, tci;
  };
  for (Row r : {Row{12, 0x8100, 0x2064}, Row{12, 0x88a8, 0x0fff}, Row{14, 0x8100, 1}}) {
    std::vector<uint8_t> buf(4, 0xee);  // headroom
    for (int i = 0; i < 30; ++i) buf.push_back(static_cast<uint8_t>(i));
    uint8_t* start = reinsert_vlan(buf.data() + 4, r.offset, r.tpid, r.tci);
    ASSERT_EQ(start, buf.data());
    for (unsigned i = 0; i < r.offset; ++i) EXPECT_EQ(start[i], i);
    EXPECT_EQ(start[r.offset], r.tpid >> 8);
    EXPECT_EQ(start[r.offset + 1], r.tpid & 0xff);
    EXPECT_EQ(start[r.offset + 2], r.tci >> 8);
    EXPECT_EQ(start[r.offset + 3], r.tci & 0xff);
    for (unsigned i = r.offset; i < 30; ++i) EXPECT_EQ(start[i + 4], i);
  }
}

TEST(PacketFixup, DirectionRules) {
  constexpr int kLo = 1, kEth = 2;
  struct Row {
    uint8_t pkttype;
    int ifindex;
    uint16_t hatype;
    pcap_direction_t dir;
    bool pass;
  };
  const Row rows[] = {
      {PACKET_HOST, kEth, ARPHRD_ETHER, PCAP_D_INOUT, true},
      {PACKET_HOST, kEth, ARPHRD_ETHER, PCAP_D_IN, true},
      {PACKET_HOST, kEth, ARPHRD_ETHER, PCAP_D_OUT, false},
      {PACKET_BROADCAST, kEth, ARPHRD_ETHER, PCAP_D_OUT, false},
      {PACKET_OTHERHOST, kEth, ARPHRD_ETHER, PCAP_D_IN, true},
      {PACKET_OUTGOING, kEth, ARPHRD_ETHER, PCAP_D_INOUT, true},
      {PACKET_OUTGOING, kEth, ARPHRD_ETHER, PCAP_D_OUT, true},
      {PACKET_OUTGOING, kEth, ARPHRD_ETHER, PCAP_D_IN, false},
      // Loopback: the outgoing copy is a duplicate of the incoming one.
      {PACKET_OUTGOING, kLo, ARPHRD_LOOPBACK, PCAP_D_INOUT, false},
      {PACKET_OUTGOING, kLo, ARPHRD_LOOPBACK, PCAP_D_OUT, false},
      {PACKET_HOST, kLo, ARPHRD_LOOPBACK, PCAP_D_INOUT, true},
      // CAN echoes transmitted frames; kept only when asking for outgoing.
      {PACKET_OUTGOING, kEth, ARPHRD_CAN, PCAP_D_INOUT, false},
      {PACKET_OUTGOING, kEth, ARPHRD_CAN, PCAP_D_OUT, true},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(direction_passes(r.pkttype, r.ifindex, r.hatype, kLo, r.dir), r.pass)
        << "pkttype " << int(r.pkttype) << " if " << r.ifindex << " hatype " << r.hatype << " dir " << r.dir;
  }
}

}  // namespace
}  // namespace wpcap::live
