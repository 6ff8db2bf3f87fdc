// link_layer.cc - per-link-type header offsets (see link_layer.h).
//
// One row per DLT whose headers the compiler understands. Other DLTs in
// libpcap's matching range (104..289) compile only raw link[] accesses,
// like libpcap's "link-layer type filtering not implemented".
#include "filter/link_layer.h"

#include <pcap/dlt.h>

#include "core/errbuf.h"

namespace wpcap::filter {
namespace {

struct Row {
  int dlt;
  uint32_t linkhdr, linktype, linkpl, nl, nl_nosnap;
};

constexpr uint32_t N = kNoOffset;
constexpr Row kRows[] = {
    {DLT_NULL, 0, 0, 4, 0, 0},
    {DLT_EN10MB, 0, 12, 14, 0, 3},
    {DLT_IEEE802, 0, 20, 14, 8, 3},  // type field: the SNAP header's, after the LLC
    {DLT_ARCNET, 0, 2, 6, 0, 0},
    {DLT_SLIP, 0, N, 16, 0, 0},
    {DLT_PPP, 0, 2, 4, 0, 0},
    {DLT_FDDI, 0, 19, 13, 8, 3},
    {DLT_RAW, 0, N, 0, 0, 0},
    {DLT_SLIP_BSDOS, 0, N, 24, 0, 0},
    {DLT_PPP_BSDOS, 0, 5, 24, 0, 0},
    {DLT_PPP_SERIAL, 0, 2, 4, 0, 0},
    {DLT_PPP_ETHER, 0, 6, 8, 0, 0},
    {DLT_C_HDLC, 0, 2, 4, 0, 0},
    {DLT_LOOP, 0, 0, 4, 0, 0},
    {DLT_ENC, 0, 0, 12, 0, 0},
    {DLT_LINUX_SLL, 0, 14, 16, 0, 0},
    {DLT_ARCNET_LINUX, 0, 4, 8, 0, 0},
    {DLT_APPLE_IP_OVER_IEEE1394, 0, 16, 18, 0, 0},
    {DLT_PPP_PPPD, 0, 2, 4, 0, 0},
    {DLT_IPV4, 0, N, 0, 0, 0},
    {DLT_IPV6, 0, N, 0, 0, 0},
    {DLT_NETANALYZER, 4, 16, 18, 0, 3},
    {DLT_NETANALYZER_TRANSPARENT, 12, 24, 26, 0, 3},
    {DLT_LINUX_SLL2, 0, 0, 20, 0, 0},
    {DLT_LTALK, 0, N, 0, 0, 0},
    {DLT_ATM_RFC1483, 0, 6, 0, 8, 3},
    {DLT_ATM_CLIP, 0, 6, 0, 8, 3},
    {DLT_IP_OVER_FC, 0, 22, 16, 8, 3},
    {DLT_SYMANTEC_FIREWALL, 0, 6, 44, 0, 0},
};

AbsOffset fixed(uint32_t c) {
  AbsOffset o;
  o.constant = c;
  return o;
}

AbsOffset in_reg(int reg, uint32_t c) {
  AbsOffset o;
  o.variable = true;
  o.reg = reg;
  o.constant = c;
  return o;
}

// 802.11, bare or behind a radio header: the MAC header's length is known
// only at run time (link_prologue.cc computes it into kRegLinkPl), then
// 802.2 LLC/SNAP: the type field 6 bytes in, the network layer 8.
bool init_80211(int dlt, LinkLayer* ll) {
  switch (dlt) {
    case DLT_IEEE802_11: ll->radio = RadioHeader::kNone; break;
    case DLT_IEEE802_11_RADIO: ll->radio = RadioHeader::kRadiotap; break;
    case DLT_PRISM_HEADER: ll->radio = RadioHeader::kPrism; break;
    case DLT_IEEE802_11_RADIO_AVS: ll->radio = RadioHeader::kAvs; break;
    case DLT_PPI: ll->radio = RadioHeader::kPpi; break;
    default: return false;
  }
  ll->is_80211 = true;
  ll->off_linkhdr = ll->radio == RadioHeader::kNone ? fixed(0) : in_reg(kRegLinkHdr, 0);
  ll->off_prevlinkhdr = fixed(N);
  ll->off_linktype = in_reg(kRegLinkPl, 6);
  ll->off_linkpl = in_reg(kRegLinkPl, 0);
  ll->off_nl = 8;
  ll->off_nl_nosnap = 3;
  return true;
}

}  // namespace

Result<LinkLayer> init_link_layer(int dlt) {
  LinkLayer ll;
  ll.linktype = dlt;
  if (init_80211(dlt, &ll)) return ll;
  for (const Row& r : kRows) {
    if (r.dlt != dlt) continue;
    ll.off_linkhdr = fixed(r.linkhdr);
    ll.off_prevlinkhdr = fixed(N);
    ll.off_linktype = fixed(r.linktype);
    ll.off_linkpl = fixed(r.linkpl);
    ll.off_nl = r.nl;
    ll.off_nl_nosnap = r.nl_nosnap;
    return ll;
  }
  if (dlt >= 104 && dlt <= 289) {
    ll.off_linkhdr = fixed(0);
    ll.off_prevlinkhdr = fixed(N);
    ll.off_linktype = fixed(N);
    ll.off_linkpl = fixed(N);
    return ll;
  }
  return Status::error(str_printf("unknown data link type %d (min 104, max 289)", dlt));
}

}  // namespace wpcap::filter
