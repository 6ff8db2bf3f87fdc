// dlt_map.h - which link-layer header type (DLT_*) a Linux interface
// delivers, from its ARPHRD_* type, and whether it must be captured in
// cooked (SOCK_DGRAM) mode.
//
// Entry points: link_layer_for() (pure; unit-tested table), vlan_offset_for().
// The live source (live_activate.cc) applies the result to the handle.
#pragma once

#include <string>
#include <vector>

namespace wpcap::live {

struct LinkLayer {
  int dlt = -1;              // -1: unknown ARPHRD type (capture cooked)
  std::vector<int> dlt_list; // pcap_list_datalinks(); empty = just dlt
  bool cooked = false;       // open a SOCK_DGRAM socket and build SLL headers
  bool unknown = false;      // ARPHRD type not known: warn and fall back to cooked
};

// The link layer for interface `name` with ARPHRD type `arphrd`; "any" is
// not an interface and is handled by the caller (any_link_layer()).
LinkLayer link_layer_for(int arphrd, const std::string& name, bool wireless);

// The "any" pseudo-device: cooked, DLT_LINUX_SLL with SLL2 selectable.
LinkLayer any_link_layer();

// Offset at which a stripped 802.1Q tag is reinserted, or -1 for none:
// 12 for Ethernet, 14 for LINUX_SLL, -1 otherwise (SLL2 carries no tag).
int vlan_offset_for(int dlt);

}  // namespace wpcap::live
