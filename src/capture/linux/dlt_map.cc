// dlt_map.cc - the ARPHRD_* -> DLT_* table for live capture. See dlt_map.h.
#include "capture/linux/dlt_map.h"

#include <net/if.h>  // before any <linux/*.h>: they share struct ifreq
#include <linux/if_arp.h>

#include <pcap/pcap.h>

namespace wpcap::live {
namespace {

constexpr int kArphrdLapd = 8445;  // ISDN LAPD; not in every <linux/if_arp.h>

struct ArphrdRow {
  int arphrd;
  int dlt;
};

// Types whose frames arrive with a link-layer header we pass through as is.
constexpr ArphrdRow kDirect[] = {
    {ARPHRD_LOOPBACK, DLT_EN10MB},
    {ARPHRD_METRICOM, DLT_EN10MB},
    {ARPHRD_EETHER, DLT_EN3MB},
    {ARPHRD_AX25, DLT_AX25_KISS},
    {ARPHRD_PRONET, DLT_PRONET},
    {ARPHRD_CHAOS, DLT_CHAOS},
    {ARPHRD_CAN, DLT_CAN_SOCKETCAN},
    {ARPHRD_IEEE802_TR, DLT_IEEE802},
    {ARPHRD_IEEE802, DLT_IEEE802},
    {ARPHRD_ARCNET, DLT_ARCNET_LINUX},
    {ARPHRD_FDDI, DLT_FDDI},
    {ARPHRD_IEEE80211, DLT_IEEE802_11},
    {ARPHRD_IEEE80211_PRISM, DLT_PRISM_HEADER},
    {ARPHRD_IEEE80211_RADIOTAP, DLT_IEEE802_11_RADIO},
    {ARPHRD_CISCO, DLT_C_HDLC},
    {ARPHRD_TUNNEL, DLT_RAW},
    {ARPHRD_SIT, DLT_RAW},
    {ARPHRD_CSLIP, DLT_RAW},
    {ARPHRD_SLIP6, DLT_RAW},
    {ARPHRD_CSLIP6, DLT_RAW},
    {ARPHRD_ADAPT, DLT_RAW},
    {ARPHRD_SLIP, DLT_RAW},
    {ARPHRD_RAWHDLC, DLT_RAW},
    {ARPHRD_DLCI, DLT_RAW},
    {ARPHRD_NONE, DLT_RAW},
    {ARPHRD_FRAD, DLT_FRELAY},
    {ARPHRD_LOCALTLK, DLT_LTALK},
    {ARPHRD_IEEE802154, DLT_IEEE802_15_4_NOFCS},
    {ARPHRD_VSOCKMON, DLT_VSOCK},
};

// Types read through a cooked socket but labelled with their own DLT.
constexpr ArphrdRow kCookedSpecial[] = {
    {ARPHRD_IRDA, DLT_LINUX_IRDA},
    {kArphrdLapd, DLT_LINUX_LAPD},
    {ARPHRD_NETLINK, DLT_NETLINK},
};

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

LinkLayer cooked_sll() {
  LinkLayer l;
  l.dlt = DLT_LINUX_SLL;
  l.dlt_list = {DLT_LINUX_SLL, DLT_LINUX_SLL2};
  l.cooked = true;
  return l;
}

}  // namespace

LinkLayer link_layer_for(int arphrd, const std::string& name, bool wireless) {
  if (arphrd == ARPHRD_ETHER) {
    // ISDN devices claim Ethernet but deliver something else: go cooked.
    if (starts_with(name, "isdn") || starts_with(name, "isdY")) return cooked_sll();
    LinkLayer l;
    l.dlt = DLT_EN10MB;
    if (!wireless) l.dlt_list = {DLT_EN10MB, DLT_DOCSIS};
    return l;
  }
  if (arphrd == ARPHRD_FCPP || arphrd == ARPHRD_FCAL || arphrd == ARPHRD_FCPL || arphrd == ARPHRD_FCFABRIC) {
    LinkLayer l;
    l.dlt = DLT_FC_2;
    l.dlt_list = {DLT_FC_2, DLT_FC_2_WITH_FRAME_DELIMS, DLT_IP_OVER_FC};
    return l;
  }
  if (arphrd == ARPHRD_ATM || arphrd == ARPHRD_PPP) return cooked_sll();
  for (const ArphrdRow& r : kCookedSpecial) {
    if (r.arphrd == arphrd) {
      LinkLayer l;
      l.dlt = r.dlt;
      l.cooked = true;
      return l;
    }
  }
  for (const ArphrdRow& r : kDirect) {
    if (r.arphrd == arphrd) {
      LinkLayer l;
      l.dlt = r.dlt;
      return l;
    }
  }
  LinkLayer l = cooked_sll();
  l.unknown = true;
  return l;
}

LinkLayer any_link_layer() { return cooked_sll(); }

int vlan_offset_for(int dlt) {
  switch (dlt) {
    case DLT_EN10MB:
      return 12;
    case DLT_LINUX_SLL:
      return 14;
    default:
      return -1;
  }
}

}  // namespace wpcap::live
