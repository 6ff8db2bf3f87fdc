// dlt_map_test.cc - the ARPHRD -> DLT table of the live source, row by row.
#include "capture/linux/dlt_map.h"

#include <net/if.h>
#include <linux/if_arp.h>

#include <gtest/gtest.h>
#include <pcap/pcap.h>

namespace wpcap::live {
namespace {

struct Row {
  int arphrd;
  const char* name;
  bool wireless;
  int dlt;
  std::vector<int> list;
  bool cooked;
  bool unknown;
};

TEST(DltMap, ArphrdRows) {
  const Row rows[] = {
      {ARPHRD_ETHER, "eth0", false, DLT_EN10MB, {DLT_EN10MB, DLT_DOCSIS}, false, false},
      {ARPHRD_ETHER, "wlan0", true, DLT_EN10MB, {}, false, false},
      {ARPHRD_ETHER, "isdn0", false, DLT_LINUX_SLL, {DLT_LINUX_SLL, DLT_LINUX_SLL2}, true, false},
      {ARPHRD_LOOPBACK, "lo", false, DLT_EN10MB, {}, false, false},
      {ARPHRD_PPP, "ppp0", false, DLT_LINUX_SLL, {DLT_LINUX_SLL, DLT_LINUX_SLL2}, true, false},
      {ARPHRD_ATM, "atm0", false, DLT_LINUX_SLL, {DLT_LINUX_SLL, DLT_LINUX_SLL2}, true, false},
      {ARPHRD_NONE, "tun0", false, DLT_RAW, {}, false, false},
      {ARPHRD_TUNNEL, "ipip0", false, DLT_RAW, {}, false, false},
      {ARPHRD_SIT, "sit0", false, DLT_RAW, {}, false, false},
      {ARPHRD_CAN, "can0", false, DLT_CAN_SOCKETCAN, {}, false, false},
      {ARPHRD_IEEE80211_RADIOTAP, "mon0", true, DLT_IEEE802_11_RADIO, {}, false, false},
      {ARPHRD_IEEE80211, "wlan1", true, DLT_IEEE802_11, {}, false, false},
      {ARPHRD_FDDI, "fddi0", false, DLT_FDDI, {}, false, false},
      {ARPHRD_FCPP, "fc0", false, DLT_FC_2, {DLT_FC_2, DLT_FC_2_WITH_FRAME_DELIMS, DLT_IP_OVER_FC}, false, false},
      {ARPHRD_NETLINK, "nlmon0", false, DLT_NETLINK, {}, true, false},
      {ARPHRD_IEEE802154, "wpan0", true, DLT_IEEE802_15_4_NOFCS, {}, false, false},
      {ARPHRD_VSOCKMON, "vsockmon0", false, DLT_VSOCK, {}, false, false},
      {ARPHRD_CISCO, "hdlc0", false, DLT_C_HDLC, {}, false, false},
      {0xfff0, "weird0", false, DLT_LINUX_SLL, {DLT_LINUX_SLL, DLT_LINUX_SLL2}, true, true},
  };
  for (const Row& r : rows) {
    LinkLayer l = link_layer_for(r.arphrd, r.name, r.wireless);
    EXPECT_EQ(l.dlt, r.dlt) << r.name;
    EXPECT_EQ(l.dlt_list, r.list) << r.name;
    EXPECT_EQ(l.cooked, r.cooked) << r.name;
    EXPECT_EQ(l.unknown, r.unknown) << r.name;
  }
}

TEST(DltMap, AnyIsCookedWithSll2Selectable) {
  LinkLayer l = any_link_layer();
  EXPECT_EQ(l.dlt, DLT_LINUX_SLL);
  EXPECT_EQ(l.dlt_list, (std::vector<int>{DLT_LINUX_SLL, DLT_LINUX_SLL2}));
  EXPECT_TRUE(l.cooked);
}

TEST(DltMap, VlanOffsets) {
  EXPECT_EQ(vlan_offset_for(DLT_EN10MB), 12);
  EXPECT_EQ(vlan_offset_for(DLT_LINUX_SLL), 14);
  EXPECT_EQ(vlan_offset_for(DLT_LINUX_SLL2), -1);
  EXPECT_EQ(vlan_offset_for(DLT_DOCSIS), -1);
  EXPECT_EQ(vlan_offset_for(DLT_RAW), -1);
}

}  // namespace
}  // namespace wpcap::live
