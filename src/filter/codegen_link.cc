// codegen_link.cc - link-layer type tests and link-layer addresses.
//
// Entry points (Codegen methods): linktype(ll_proto), ether_linktype(),
// llc_linktype(), sll_linktype(), ehostop(), ether_host(), link_proto(),
// dlt_name(). ll_proto is an Ethertype, or an LLC SAP when <= 1500.
#include <pcap/dlt.h>

#include "core/dlt_table.h"
#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/protocols.h"

namespace wpcap::filter {
namespace {

// Ethertype -> PPP protocol number (as libpcap maps them for PPP links).
uint32_t ppp_type(uint32_t t) {
  switch (t) {
    case kEthertypeIp: return 0x0021;
    case kEthertypeIpv6: return 0x0057;
    case kEthertypeDn: return 0x0027;
    case kEthertypeAtalk: return 0x0029;
    case 0x0600: return 0x0025;  // ETHERTYPE_NS -> PPP_NS
    case kLlcsapIsons: return 0x0023;
    case kLlcsap8021d: return 0x0031;
    case kLlcsapIpx: return 0x002b;
    default: return t;
  }
}

constexpr uint32_t kSllP8023 = 1, kSllP8022 = 4;

}  // namespace

// pcap_datalink_val_to_description_or_dlt() of the current link type
// (after "pppoes" that is PPP, as in libpcap's messages).
const char* Codegen::dlt_name() const { return dlt_description_or_number(ll_.linktype); }

// SNAP header aa aa 03 + OUI + type.
static PredId snap(Codegen& g, uint32_t org, uint32_t ptype) {
  uint8_t b[8] = {0xaa, 0xaa, 0x03, static_cast<uint8_t>(org >> 16), static_cast<uint8_t>(org >> 8),
                  static_cast<uint8_t>(org), static_cast<uint8_t>(ptype >> 8), static_cast<uint8_t>(ptype)};
  return g.bcmp(Base::kLlc, 0, b, 8);
}

PredId Codegen::ether_linktype(uint32_t p) {
  auto is_8023 = [&] { return ncmp(Base::kLinkType, 0, BPF_H, 0xffffffff, BPF_JGT, true, kEthermtu); };
  switch (p) {
    case kLlcsapIsons: case kLlcsapIp: case kLlcsapNetbeui:
      return ir_.and_(is_8023(), cmp(Base::kLlc, 0, BPF_H, (p << 8) | p));
    case kLlcsapIpx: {
      PredId b1 = ir_.or_(cmp(Base::kLlc, 0, BPF_B, kLlcsapIpx), cmp(Base::kLlc, 0, BPF_H, 0xffff));
      b1 = ir_.or_(snap(*this, 0, kEthertypeIpx), b1);
      b1 = ir_.and_(is_8023(), b1);
      return ir_.or_(cmp(Base::kLinkType, 0, BPF_H, kEthertypeIpx), b1);
    }
    case kEthertypeAtalk: case kEthertypeAarp: {
      PredId b1 = p == kEthertypeAtalk ? snap(*this, 0x080007, kEthertypeAtalk) : snap(*this, 0, kEthertypeAarp);
      b1 = ir_.and_(is_8023(), b1);
      return ir_.or_(cmp(Base::kLinkType, 0, BPF_H, p), b1);
    }
    default:
      if (p <= kEthermtu) return ir_.and_(is_8023(), cmp(Base::kLinkType, 2, BPF_B, p));
      return cmp(Base::kLinkType, 0, BPF_H, p);
  }
}

PredId Codegen::llc_linktype(uint32_t p) {
  switch (p) {
    case kLlcsapIp: case kLlcsapIsons: case kLlcsapNetbeui: return cmp(Base::kLlc, 0, BPF_H, (p << 8) | p);
    case kLlcsapIpx: return cmp(Base::kLlc, 0, BPF_B, p);
    case kEthertypeAtalk: return snap(*this, 0x080007, kEthertypeAtalk);
    default:
      if (p <= kEthermtu) return cmp(Base::kLlc, 0, BPF_B, p);
      return cmp(Base::kLlc, 6, BPF_H, p);  // the type of a SNAP header
  }
}

PredId Codegen::sll_linktype(uint32_t p) {
  switch (p) {
    case kLlcsapIsons: case kLlcsapIp: case kLlcsapNetbeui:
      return ir_.and_(cmp(Base::kLinkType, 0, BPF_H, kSllP8022), cmp(Base::kLinkPl, 0, BPF_H, (p << 8) | p));
    case kLlcsapIpx: {
      // Ethernet II IPX, or raw 802.3, or 802.2 with the IPX SAP or SNAP.
      PredId b1 = ir_.or_(cmp(Base::kLinkPl, 0, BPF_B, kLlcsapIpx), snap(*this, 0, kEthertypeIpx));
      b1 = ir_.and_(cmp(Base::kLinkType, 0, BPF_H, kSllP8022), b1);
      b1 = ir_.or_(cmp(Base::kLinkType, 0, BPF_H, kSllP8023), b1);
      return ir_.or_(cmp(Base::kLinkType, 0, BPF_H, kEthertypeIpx), b1);
    }
    case kEthertypeAtalk: case kEthertypeAarp: {
      PredId b1 = p == kEthertypeAtalk ? snap(*this, 0x080007, kEthertypeAtalk) : snap(*this, 0, kEthertypeAarp);
      b1 = ir_.and_(cmp(Base::kLinkType, 0, BPF_H, kSllP8022), b1);
      return ir_.or_(cmp(Base::kLinkType, 0, BPF_H, p), b1);
    }
    default:
      if (p <= kEthermtu)
        return ir_.and_(cmp(Base::kLinkType, 0, BPF_H, kSllP8022), cmp(Base::kLinkHdr, ll_.off_linkpl.constant, BPF_B, p));
      return cmp(Base::kLinkType, 0, BPF_H, p);
  }
}

// Loopback AF_ value test (DLT_NULL/ENC: host byte order; LOOP: network order).
static PredId loopback(Codegen& g, uint32_t af) {
  if (g.ll_.linktype != DLT_LOOP && !g.opt_.swapped)
    af = ((af & 0xff) << 24) | ((af & 0xff00) << 8) | ((af >> 8) & 0xff00) | (af >> 24);
  return g.cmp(Base::kLinkHdr, 0, BPF_W, af);
}

// Ethernet carried in ATM LANE: the frame must not be an LE Control frame;
// no test otherwise.
PredId Codegen::lane_data_check() {
  if (ll_.prevlinktype != DLT_SUNATM) return ir_.true_();
  return ir_.not_(cmp(Base::kPrevLinkHdr, 4, BPF_H, 0xff00));
}

// Before Ethernet address tests (libpcap's gen_prevlinkhdr_check): after
// geneve, the inner frame must have an Ethernet header; after lane, the
// frame must not be LE Control.
PredId Codegen::prevlinkhdr_check() { return ll_.is_geneve ? geneve_ll_check() : lane_data_check(); }

// Frame Relay: Q.922 address (2 bytes), UI control 0x03, then an NLPID.
static PredId frelay_linktype(Codegen& g, uint32_t p) {
  auto nlpid = [&](uint32_t v) { return g.cmp(Base::kLinkHdr, 2, BPF_H, 0x0300 | v); };
  switch (p) {
    case kEthertypeIp: return nlpid(0xcc);
    case kEthertypeIpv6: return nlpid(0x8e);
    case kLlcsapIsons: {
      PredId b0 = nlpid(kIsoClnp), b1 = nlpid(kIsoEsis), b2 = nlpid(kIsoIsis);
      return g.ir_.or_(b0, g.ir_.or_(b1, b2));
    }
    default: return g.ir_.false_();
  }
}

// Address-family byte of an IP-only pseudo-header (pflog, ipnet).
static PredId af_linktype(Codegen& g, uint32_t p, uint32_t af_inet, uint32_t af_inet6) {
  if (p == kEthertypeIp) return g.cmp(Base::kLinkHdr, 1, BPF_B, af_inet);
  if (p == kEthertypeIpv6) return g.cmp(Base::kLinkHdr, 1, BPF_B, af_inet6);
  return g.ir_.false_();
}

PredId Codegen::linktype(uint32_t p) {
  if (ll_.label_stack_depth > 0) {
    if (p != kEthertypeIp && p != kEthertypeIpv6) {
      error("unsupported protocol over mpls");
      return ir_.false_();
    }
    PredId b0 = mcmp(Base::kLinkPl, static_cast<uint32_t>(-2), BPF_B, 0x01, 0x01);
    return ir_.and_(b0, mcmp(Base::kLinkPl, 0, BPF_B, p == kEthertypeIp ? 0x40 : 0x60, 0xf0));
  }
  switch (ll_.linktype) {
    case DLT_EN10MB: case DLT_NETANALYZER: case DLT_NETANALYZER_TRANSPARENT: {
      // (Geneve has an Ethertype whether or not an Ethernet header follows.)
      PredId b0 = ll_.is_geneve ? ir_.true_() : lane_data_check();
      return ir_.and_(b0, ether_linktype(p));
    }
    case DLT_SUNATM: {  // LLC-encapsulated (after "lane" the link type is Ethernet)
      PredId b0 = mcmp(Base::kLinkHdr, ll_.off_proto, BPF_B, 2, 0x0f);  // PT_LLC
      return ir_.and_(b0, llc_linktype(p));
    }
    case DLT_FRELAY: return frelay_linktype(*this, p);
    case DLT_PFLOG: return af_linktype(*this, p, 2, 10);  // this host's AF_INET6, as libpcap
    case DLT_IPNET: return af_linktype(*this, p, 2, 26);  // IPH_AF_INET, IPH_AF_INET6
    case DLT_BACNET_MS_TP: return mcmp(Base::kLinkHdr, 0, BPF_W, 0x55ff0000, 0xffff0000);  // preamble
    case DLT_PPP_BSDOS:
      if (p == kEthertypeIp) {  // also Van Jacobson compressed/uncompressed TCP
        PredId b1 = ir_.or_(cmp(Base::kLinkType, 0, BPF_H, 0x0021), cmp(Base::kLinkType, 0, BPF_H, 0x002d));
        return ir_.or_(b1, cmp(Base::kLinkType, 0, BPF_H, 0x002f));
      }
      return cmp(Base::kLinkType, 0, BPF_H, ppp_type(p));
    case DLT_FDDI: case DLT_IEEE802: case DLT_ATM_RFC1483: case DLT_ATM_CLIP: case DLT_IP_OVER_FC:
      return llc_linktype(p);
    case DLT_LINUX_SLL:
      return sll_linktype(p);
    case DLT_IEEE802_11: case DLT_PRISM_HEADER: case DLT_IEEE802_11_RADIO_AVS: case DLT_IEEE802_11_RADIO:
    case DLT_PPI:
      return ir_.and_(wlan_data_frame(), llc_linktype(p));
    case DLT_SLIP: case DLT_SLIP_BSDOS: case DLT_RAW:
      if (p == kEthertypeIp) return mcmp(Base::kLinkHdr, 0, BPF_B, 0x40, 0xf0);
      if (p == kEthertypeIpv6) return mcmp(Base::kLinkHdr, 0, BPF_B, 0x60, 0xf0);
      return ir_.false_();
    case DLT_IPV4: return p == kEthertypeIp ? ir_.true_() : ir_.false_();
    case DLT_IPV6: return p == kEthertypeIpv6 ? ir_.true_() : ir_.false_();
    case DLT_PPP: case DLT_PPP_PPPD: case DLT_PPP_SERIAL: case DLT_PPP_ETHER:
      return cmp(Base::kLinkType, 0, BPF_H, ppp_type(p));
    case DLT_C_HDLC: case DLT_HDLC:
      if (p == kLlcsapIsons) p = (p << 8) | kLlcsapIsons;
      return cmp(Base::kLinkType, 0, BPF_H, p);
    case DLT_ARCNET: case DLT_ARCNET_LINUX:
      switch (p) {
        case kEthertypeIpv6: return cmp(Base::kLinkType, 0, BPF_B, 0xc4);
        case kEthertypeIp: return ir_.or_(cmp(Base::kLinkType, 0, BPF_B, 0xd4), cmp(Base::kLinkType, 0, BPF_B, 0xf0));
        case kEthertypeArp: return ir_.or_(cmp(Base::kLinkType, 0, BPF_B, 0xd5), cmp(Base::kLinkType, 0, BPF_B, 0xf1));
        case kEthertypeRevarp: return cmp(Base::kLinkType, 0, BPF_B, 0xd6);
        case kEthertypeAtalk: return cmp(Base::kLinkType, 0, BPF_B, 0xdd);
        default: return ir_.false_();
      }
    case DLT_LTALK:
      return p == kEthertypeAtalk ? ir_.true_() : ir_.false_();
    case DLT_NULL: case DLT_LOOP: case DLT_ENC:
      if (p == kEthertypeIp) return loopback(*this, 2);
      if (p != kEthertypeIpv6) return ir_.false_();
      if (opt_.offline) {
        // A savefile may come from any OS: libpcap accepts the BSD,
        // FreeBSD and Darwin AF_INET6 values (24, 28, 30), in that order
        // of generation: 30 or (24 or 28).
        PredId b1 = ir_.or_(loopback(*this, 24), loopback(*this, 28));
        return ir_.or_(loopback(*this, 30), b1);
      }
      return loopback(*this, 10);  // this host's AF_INET6
    default:
      if (is_juniper_link(ll_.linktype))  // only the "MGC" magic is checked, whatever the protocol
        return mcmp(Base::kLinkHdr, 0, BPF_W, 0x4d474300, 0xffffff00);
      break;
  }
  if (ll_.off_linktype.constant == kNoOffset) {
    // libpcap names some families its own way in this message.
    static const struct { int dlt; const char* name; } kNames[] = {
        {139, "MTP2"}, {140, "MTP2"}, {144, "IrDA"}, {177, "LAPD"}, {182, "Multi-link Frame Relay"},
        {186, "USB"}, {187, "Bluetooth"}, {189, "USB"}, {190, "CAN"}, {191, "IEEE 802.15.4"},
        {193, "IEEE 802.16"}, {195, "IEEE 802.15.4"}, {196, "SITA"}, {197, "ERF"}, {198, "RAIF1"},
        {199, "IPMB"}, {201, "Bluetooth"}, {202, "AX.25"}, {209, "IPMB"}, {215, "IEEE 802.15.4"},
        {220, "USB"}, {227, "CAN"}, {230, "IEEE 802.15.4"}, {239, "NFLOG"}, {246, "PFSYNC"}, {249, "USB"},
        {283, "IEEE 802.15.4"}};
    const char* name = dlt_name();
    for (const auto& n : kNames)
      if (n.dlt == ll_.linktype) name = n.name;
    error(str_printf("%s link-layer type filtering not implemented", name));
    return ir_.false_();
  }
  return cmp(Base::kLinkType, 0, BPF_H, p);
}

// Where the MAC addresses sit: Ethernet src 6/dst 0, FDDI 7/1 (after the
// frame-control byte), Token Ring 8/2, IP over Fibre Channel 10/2.
static void mac_offsets(int dlt, uint32_t* src, uint32_t* dst) {
  switch (dlt) {
    case DLT_FDDI: *src = 7; *dst = 1; break;
    case DLT_IEEE802: *src = 8; *dst = 2; break;
    case DLT_IP_OVER_FC: *src = 10; *dst = 2; break;
    default: *src = 6; *dst = 0; break;
  }
}

PredId Codegen::ehostop(const uint8_t* mac, Dir dir) {
  uint32_t src = 6, dst = 0;
  mac_offsets(ll_.linktype, &src, &dst);
  switch (dir) {
    case Dir::kSrc: return bcmp(Base::kLinkHdr, src, mac, 6);
    case Dir::kDst: return bcmp(Base::kLinkHdr, dst, mac, 6);
    case Dir::kAnd: return ir_.and_(ehostop(mac, Dir::kSrc), ehostop(mac, Dir::kDst));
    case Dir::kDefault: case Dir::kOr: return ir_.or_(ehostop(mac, Dir::kSrc), ehostop(mac, Dir::kDst));
    case Dir::kAddr1: error("'addr1' and 'address1' are only supported on 802.11 with 802.11 headers"); break;
    case Dir::kAddr2: error("'addr2' and 'address2' are only supported on 802.11 with 802.11 headers"); break;
    case Dir::kAddr3: error("'addr3' and 'address3' are only supported on 802.11 with 802.11 headers"); break;
    case Dir::kAddr4: error("'addr4' and 'address4' are only supported on 802.11 with 802.11 headers"); break;
    case Dir::kRa: error("'ra' is only supported on 802.11 with 802.11 headers"); break;
    case Dir::kTa: error("'ta' is only supported on 802.11 with 802.11 headers"); break;
    default: break;
  }
  return ir_.false_();
}

PredId Codegen::ether_host(const uint8_t* mac, Dir dir) {
  switch (ll_.linktype) {
    case DLT_EN10MB: case DLT_NETANALYZER: case DLT_NETANALYZER_TRANSPARENT: {
      PredId b0 = prevlinkhdr_check();
      return ir_.and_(b0, ehostop(mac, dir));
    }
    case DLT_FDDI: case DLT_IEEE802: case DLT_IP_OVER_FC:
      return ehostop(mac, dir);
    case DLT_IEEE802_11: case DLT_PRISM_HEADER: case DLT_IEEE802_11_RADIO_AVS: case DLT_IEEE802_11_RADIO:
    case DLT_PPI:
      return wlan_hostop(mac, dir);
    default:
      error("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel");
      return ir_.false_();
  }
}

PredId Codegen::link_proto(uint32_t v) { return linktype(v); }

}  // namespace wpcap::filter
