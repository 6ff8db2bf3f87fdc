// link_layer.cc - per-link-type header offsets (see link_layer.h).
//
// One row per DLT whose headers the compiler understands (kNoOffset: no
// such field; offsets add with wrap-around, as libpcap's do). Other DLTs in
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
    {DLT_HDLC, 0, 2, 4, 0, 0},
    {DLT_FRELAY, 0, N, 0, 0, 0},
    {DLT_PFLOG, 0, 0, 0, 0, 0},  // the payload offset is the header length (byte 0)
    {DLT_SUNATM, 0, 4, 4, 8, 3},  // LLC after the 4-byte pseudo-header
    {DLT_IPNET, 0, 1, 24, 0, N},
    {DLT_PFSYNC, 0, N, 4, 0, 0},
    {DLT_BACNET_MS_TP, 0, N, N, N, N},
    {DLT_MFR, 0, N, N, N, N},
    {DLT_MTP2, 0, N, N, N, N},
    {DLT_MTP2_WITH_PHDR, 0, N, N, N, N},
    {DLT_ERF, 0, N, N, N, N},
    // Juniper: a "MGC" magic + flags header, then a type-specific one.
    {DLT_JUNIPER_MLPPP, 0, 4, 4, 0, N},
    {DLT_JUNIPER_MLFR, 0, 4, 4, 0, N},
    {DLT_JUNIPER_MFR, 0, 4, 4, 0, N},
    {DLT_JUNIPER_PPP, 0, 4, 4, 0, N},
    {DLT_JUNIPER_CHDLC, 0, 4, 4, 0, N},
    {DLT_JUNIPER_FRELAY, 0, 4, 4, 0, N},
    {DLT_JUNIPER_ATM1, 0, 4, 4, 0, 10},
    {DLT_JUNIPER_ATM2, 0, 8, 8, 0, 10},
    {DLT_JUNIPER_PPPOE, 0, 16, 14, 18, 21},
    {DLT_JUNIPER_ETHER, 0, 16, 14, 18, 21},
    {DLT_JUNIPER_PPPOE_ATM, 0, 4, 6, 0, N},
    {DLT_JUNIPER_GGSN, 0, 6, 12, 0, N},
    {DLT_JUNIPER_ES, 0, 6, N, N, N},
    {DLT_JUNIPER_MONITOR, 0, 12, 12, 0, N},
    {DLT_JUNIPER_SERVICES, 0, 12, N, N, N},
    {DLT_JUNIPER_VP, 0, 18, N, N, N},
    {DLT_JUNIPER_ST, 0, 18, N, N, N},
    {DLT_JUNIPER_ISM, 0, 8, N, N, N},
    {DLT_JUNIPER_VS, 0, 8, N, N, N},
    {DLT_JUNIPER_SRX_E2E, 0, 8, N, N, N},
    {DLT_JUNIPER_FIBRECHANNEL, 0, 8, N, N, N},
    {DLT_JUNIPER_ATM_CEMIC, 0, 8, N, N, N},
};

// SS7 fields (from the start of the packet): the MTP2 length indicator
// (and its 12-bit form on high-speed links), then MTP3's SIO, OPC, DPC, SLS.
struct Ss7Row {
  int dlt;
  uint32_t li, li_hsl, sio, opc, dpc, sls;
};
constexpr Ss7Row kSs7Rows[] = {
    {DLT_MTP2, 2, 4, 3, 4, 4, 7},
    {DLT_MTP2_WITH_PHDR, 6, 8, 7, 8, 8, 11},
    {DLT_ERF, 22, 24, 23, 24, 24, 27},
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
    if (dlt == DLT_PFLOG) {
      ll.off_linkpl.variable = true;
      ll.off_linkpl.len = VarLen::kPflogHeader;
    }
    if (dlt == DLT_SUNATM) {  // pseudo-header: flags/type, VPI, VCI (2 bytes)
      ll.is_atm = true;
      ll.off_proto = 0;
      ll.off_vpi = 1;
      ll.off_vci = 2;
      ll.off_payload = 4;
    }
    for (const Ss7Row& s : kSs7Rows) {
      if (s.dlt != dlt) continue;
      ll.off_li = s.li;
      ll.off_li_hsl = s.li_hsl;
      ll.off_sio = s.sio;
      ll.off_opc = s.opc;
      ll.off_dpc = s.dpc;
      ll.off_sls = s.sls;
    }
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

bool is_juniper_link(int dlt) {
  switch (dlt) {
    case DLT_JUNIPER_MFR: case DLT_JUNIPER_MLFR: case DLT_JUNIPER_MLPPP: case DLT_JUNIPER_ATM1:
    case DLT_JUNIPER_ATM2: case DLT_JUNIPER_PPPOE: case DLT_JUNIPER_PPPOE_ATM: case DLT_JUNIPER_GGSN:
    case DLT_JUNIPER_ES: case DLT_JUNIPER_MONITOR: case DLT_JUNIPER_SERVICES: case DLT_JUNIPER_ETHER:
    case DLT_JUNIPER_PPP: case DLT_JUNIPER_FRELAY: case DLT_JUNIPER_CHDLC: case DLT_JUNIPER_VP:
    case DLT_JUNIPER_ST: case DLT_JUNIPER_ISM: case DLT_JUNIPER_VS: case DLT_JUNIPER_SRX_E2E:
    case DLT_JUNIPER_FIBRECHANNEL: case DLT_JUNIPER_ATM_CEMIC:
      return true;
    default:
      return false;
  }
}

}  // namespace wpcap::filter
