// codegen_other.cc - primitives outside the host/port/proto family.
//
// Entry point: Codegen::other(): broadcast, multicast, less, greater,
// byte, inbound/outbound, ifindex, vlan, mpls, pppoed, pppoes, llc, and
// 802.11 (libpcap's errors on links that lack it); pflog, ATM and SS7 are
// dispatched to codegen_pflog.cc, codegen_atm.cc, codegen_ss7.cc.
// vlan/mpls/pppoes shift the offsets used by everything after them.
#include <pcap/dlt.h>
#include <strings.h>

#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/protocols.h"

namespace wpcap::filter {
namespace {

constexpr uint32_t kSkfAdOff = 0xfffff000u, kSkfAdPkttype = 4, kSkfAdIfindex = 8, kPacketOutgoing = 4,
                   kSkfAdVlanTag = 44;
constexpr uint8_t kEtherBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

bool is_ether_like(int dlt) {
  return dlt == DLT_EN10MB || dlt == DLT_NETANALYZER || dlt == DLT_NETANALYZER_TRANSPARENT;
}

bool is_arcnet(int dlt) { return dlt == DLT_ARCNET || dlt == DLT_ARCNET_LINUX; }

PredId broadcast(Codegen& g, Proto p) {
  if (p == Proto::kDefault || p == Proto::kLink) {
    if (is_arcnet(g.ll_.linktype)) return g.cmp(Base::kLinkHdr, 1, BPF_B, 0);  // ARCnet broadcast address $00
    if (g.is_80211_family()) return g.wlan_hostop(kEtherBroadcast, Dir::kDst);
    int dlt = g.ll_.linktype;
    if (is_ether_like(dlt)) {
      PredId b1 = g.prevlinkhdr_check();
      return g.ir_.and_(b1, g.ehostop(kEtherBroadcast, Dir::kDst));
    }
    if (dlt == DLT_FDDI || dlt == DLT_IEEE802 || dlt == DLT_IP_OVER_FC)
      return g.ehostop(kEtherBroadcast, Dir::kDst);
    g.error("not a broadcast link");
    return g.ir_.false_();
  }
  if (p == Proto::kIp) {
    if (g.opt_.netmask == 0xffffffff) {
      g.error("netmask not known, so 'ip broadcast' not supported");
      return g.ir_.false_();
    }
    PredId b0 = g.linktype(kEthertypeIp);
    uint32_t hostmask = ~g.opt_.netmask;
    PredId b1 = g.mcmp(Base::kLinkPl, 16, BPF_W, 0, hostmask);
    PredId b2 = g.mcmp(Base::kLinkPl, 16, BPF_W, hostmask, hostmask);
    return g.ir_.and_(b0, g.ir_.or_(b1, b2));
  }
  g.error("only link-layer/IP broadcast filters supported");
  return g.ir_.false_();
}

PredId multicast(Codegen& g, Proto p) {
  if (p == Proto::kDefault || p == Proto::kLink) {
    if (is_arcnet(g.ll_.linktype)) return g.cmp(Base::kLinkHdr, 1, BPF_B, 0);  // all ARCnet multicasts use $00
    if (g.is_80211_family()) return g.wlan_multicast();
    int dlt = g.ll_.linktype;
    if (is_ether_like(dlt) || dlt == DLT_FDDI || dlt == DLT_IEEE802 || dlt == DLT_IP_OVER_FC) {
      uint32_t off = dlt == DLT_FDDI ? 1 : (dlt == DLT_IEEE802 || dlt == DLT_IP_OVER_FC) ? 2 : 0;
      PredId b1 = is_ether_like(dlt) ? g.prevlinkhdr_check() : g.ir_.true_();
      return g.ir_.and_(b1, g.ir_.test(g.ir_.intern(g.load(Base::kLinkHdr, off, BPF_B)), BPF_JSET, 1));
    }
    g.error("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel");
    return g.ir_.false_();
  }
  if (p == Proto::kIp)
    return g.ir_.and_(g.linktype(kEthertypeIp), g.ncmp(Base::kLinkPl, 16, BPF_B, 0xffffffff, BPF_JGE, false, 224));
  if (p == Proto::kIpv6) return g.ir_.and_(g.linktype(kEthertypeIpv6), g.cmp(Base::kLinkPl, 24, BPF_B, 255));
  g.error("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel");
  return g.ir_.false_();
}

PredId byteop(Codegen& g, int op, uint32_t idx, uint32_t val) {
  switch (op) {
    case '=': return g.cmp(Base::kLinkHdr, idx, BPF_B, val);
    case '<': return g.ncmp(Base::kLinkHdr, idx, BPF_B, 0xffffffff, BPF_JGE, true, val);
    case '>': return g.ncmp(Base::kLinkHdr, idx, BPF_B, 0xffffffff, BPF_JGT, false, val);
    default: {
      // (link[idx] op val) != 0. libpcap 1.10.3 forgets to load link[idx]
      // here (it applies op to whatever A holds); see docs/compatibility.md.
      Stmts s = g.load(Base::kLinkHdr, idx, BPF_B);
      s.push_back({static_cast<uint16_t>(BPF_ALU | (op == '|' ? BPF_OR : BPF_AND) | BPF_K), val});
      return g.ir_.not_(g.ir_.test(g.ir_.intern(s), BPF_JEQ, 0));
    }
  }
}

PredId inbound(Codegen& g, bool out) {
  PredId b0;
  switch (g.ll_.linktype) {
    case DLT_SLIP: b0 = g.cmp(Base::kLinkHdr, 0, BPF_B, 0); return out ? g.ir_.not_(b0) : b0;  // link[0] == 0: in
    case DLT_LINUX_SLL: b0 = g.cmp(Base::kLinkHdr, 0, BPF_H, kPacketOutgoing); break;
    case DLT_LINUX_SLL2: b0 = g.cmp(Base::kLinkHdr, 10, BPF_B, kPacketOutgoing); break;
    case DLT_PPP_PPPD: return g.cmp(Base::kLinkHdr, 0, BPF_B, out ? 0x01 : 0x00);
    case DLT_PFLOG: return g.cmp(Base::kLinkHdr, 60, BPF_B, out ? 2 : 1);  // pfloghdr.dir: PF_OUT, PF_IN
    case DLT_IPNET: return g.cmp(Base::kLinkHdr, 2, BPF_H, out ? 1 : 2);  // IPNET_OUTBOUND, IPNET_INBOUND
    default:
      if (is_juniper_link(g.ll_.linktype)) return g.mcmp(Base::kLinkHdr, 3, BPF_B, out ? 0 : 1, 1);  // flags: PKT_IN
      if (g.opt_.offline) {
        g.error(str_printf("inbound/outbound not supported on %s when reading savefiles", g.dlt_name()));
        return g.ir_.false_();
      }
      b0 = g.cmp(Base::kLinkHdr, kSkfAdOff + kSkfAdPkttype, BPF_H, kPacketOutgoing);
      break;
  }
  return out ? b0 : g.ir_.not_(b0);
}

PredId vlan(Codegen& g, const Node& n) {
  LinkLayer& ll = g.ll_;
  if (ll.label_stack_depth > 0) {
    g.error("no VLAN match after MPLS");
    return g.ir_.false_();
  }
  if (!is_ether_like(ll.linktype) && !g.has_80211_header()) {
    g.error(str_printf("no VLAN support for %s", g.dlt_name()));
    return g.ir_.false_();
  }
  if (n.has_num && n.num > 0x0fff) {
    g.error(str_printf("VLAN tag %u greater than maximum %u", n.num, 0x0fffu));
    return g.ir_.false_();
  }
  if (g.opt_.vlan_in_metadata && ll.vlan_stack_depth == 0 && !ll.off_linkhdr.variable && ll.off_linkhdr.constant == 0) {
    // The outermost tag is in the packet's metadata: match its VID there;
    // the headers that follow are not shifted. (ldb: the kernel returns
    // the whole TCI for any load size, and userland interpreters take the
    // byte form, as libpcap's bpf_filter does.)
    ll.vlan_stack_depth++;
    if (!n.has_num) return g.ir_.true_();
    Stmts s{{BPF_LD | BPF_B | BPF_ABS, kSkfAdOff + kSkfAdVlanTag}, {BPF_ALU | BPF_AND | BPF_K, 0x0fff}};
    return g.ir_.test(g.ir_.intern(s), BPF_JEQ, n.num);
  }
  PredId b0 = g.ir_.or_(g.linktype(kEthertype8021q), g.linktype(kEthertype8021ad));
  b0 = g.ir_.or_(b0, g.linktype(kEthertypeQinq));
  if (n.has_num) {
    b0 = g.ir_.and_(b0, g.mcmp(Base::kLinkPl, 0, BPF_H, n.num, 0x0fff));
  }
  ll.off_linkpl.constant += 4;
  ll.off_linktype.constant += 4;
  ll.vlan_stack_depth++;
  return b0;
}

PredId mpls(Codegen& g, const Node& n) {
  LinkLayer& ll = g.ll_;
  PredId b0;
  if (ll.label_stack_depth > 0) {
    b0 = g.mcmp(Base::kLinkPl, static_cast<uint32_t>(-4 + 2), BPF_B, 0, 0x01);
  } else if (is_ether_like(ll.linktype) || ll.linktype == DLT_C_HDLC || ll.linktype == DLT_HDLC) {
    b0 = g.linktype(kEthertypeMpls);
  } else if (ll.linktype == DLT_PPP) {
    b0 = g.cmp(Base::kLinkType, 0, BPF_H, 0x0281);
  } else {
    g.error(str_printf("no MPLS support for %s", g.dlt_name()));
    return g.ir_.false_();
  }
  if (n.has_num) {
    if (n.num > 0xfffff) {
      g.error(str_printf("MPLS label %u greater than maximum %u", n.num, 0xfffffu));
      return g.ir_.false_();
    }
    b0 = g.ir_.and_(b0, g.mcmp(Base::kLinkPl, 0, BPF_W, n.num << 12, 0xfffff000));
  }
  ll.off_nl_nosnap += 4;
  ll.off_nl += 4;
  ll.label_stack_depth++;
  return b0;
}

PredId pppoes(Codegen& g, const Node& n) {
  LinkLayer& ll = g.ll_;
  PredId b0 = g.linktype(kEthertypePppoes);
  if (n.has_num) {
    if (n.num > 0xffff) {
      g.error(str_printf("PPPoE session number %u greater than maximum %u", n.num, 0xffffu));
      return g.ir_.false_();
    }
    b0 = g.ir_.and_(b0, g.mcmp(Base::kLinkPl, 0, BPF_W, n.num, 0x0000ffff));
  }
  ll.prevlinktype = ll.linktype;
  ll.off_prevlinkhdr = ll.off_linkhdr;
  ll.linktype = DLT_PPP;
  ll.off_linkhdr = ll.off_linkpl;
  ll.off_linkhdr.constant += ll.off_nl + 6;
  ll.off_linktype = ll.off_linkhdr;
  ll.off_linkpl = ll.off_linkhdr;
  ll.off_linkpl.constant += 2;
  ll.off_nl = 0;
  ll.off_nl_nosnap = 0;
  ll.is_geneve = false;
  return b0;
}

PredId llc(Codegen& g, const Node& n) {
  static const struct { const char* name; uint32_t v; bool s; } kSub[] = {
      {"rr", 0x01, true}, {"rnr", 0x05, true}, {"rej", 0x09, true}, {"ui", 0x03, false}, {"ua", 0x63, false},
      {"disc", 0x43, false}, {"dm", 0x0f, false}, {"sabme", 0x6f, false}, {"test", 0xe3, false},
      {"xid", 0xaf, false}, {"frmr", 0x87, false}};
  const char* t = n.text.c_str();
  const bool isu = strcasecmp(t, "i") == 0 || strcasecmp(t, "s") == 0 || strcasecmp(t, "u") == 0;
  int sub = -1;
  for (size_t i = 0; i < sizeof kSub / sizeof kSub[0]; ++i)
    if (strcasecmp(t, kSub[i].name) == 0) sub = static_cast<int>(i);
  if (!n.text.empty() && !isu && sub < 0) {  // the grammar rejects the name before any link check
    g.error("unknown LLC type name \"" + n.text + "\"");
    return g.ir_.false_();
  }
  PredId b0;
  if (g.ll_.linktype == DLT_EN10MB) {
    b0 = g.ncmp(Base::kLinkType, 0, BPF_H, 0xffffffff, BPF_JGT, true, kEthermtu);
    b0 = g.ir_.and_(b0, g.ir_.not_(g.cmp(Base::kLlc, 0, BPF_H, 0xffff)));
  } else if (g.ll_.linktype == DLT_IEEE802 || g.ll_.linktype == DLT_FDDI || g.ll_.linktype == DLT_ATM_RFC1483) {
    b0 = g.ir_.true_();
  } else if (g.is_80211_family()) {
    b0 = g.wlan_data_frame();
  } else if (g.ll_.linktype == DLT_SUNATM) {
    b0 = g.mcmp(Base::kLinkHdr, g.ll_.off_proto, BPF_B, 2, 0x0f);  // LLC-encapsulated (PT_LLC)
  } else {
    g.error(str_printf("'llc' not supported for %s", g.dlt_name()));
    return g.ir_.false_();
  }
  if (n.text.empty()) return b0;
  if (strcasecmp(t, "i") == 0)
    return g.ir_.and_(b0, g.ir_.not_(g.ir_.test(g.ir_.intern(g.load(Base::kLlc, 2, BPF_B)), BPF_JSET, 1)));
  if (strcasecmp(t, "s") == 0) return g.ir_.and_(b0, g.mcmp(Base::kLlc, 2, BPF_B, 0x01, 0x03));
  if (strcasecmp(t, "u") == 0) return g.ir_.and_(b0, g.mcmp(Base::kLlc, 2, BPF_B, 0x03, 0x03));
  const auto& s = kSub[sub];
  return g.ir_.and_(b0, g.mcmp(Base::kLlc, 2, BPF_B, s.v, s.s ? 0x0f : 0xef));
}

}  // namespace

PredId Codegen::other(const Node& n) {
  switch (n.other) {
    case Other::kBroadcast: return broadcast(*this, n.q.proto);
    case Other::kMulticast: return multicast(*this, n.q.proto);
    case Other::kLess: return ir_.not_(ir_.test(ir_.intern(Stmts{{BPF_LD | BPF_W | BPF_LEN, 0}}), BPF_JGT, n.num));
    case Other::kGreater: return ir_.test(ir_.intern(Stmts{{BPF_LD | BPF_W | BPF_LEN, 0}}), BPF_JGE, n.num);
    case Other::kByte: return byteop(*this, n.op, n.num, n.num2);
    case Other::kInbound: return inbound(*this, false);
    case Other::kOutbound: return inbound(*this, true);
    case Other::kIfindex:
      if (ll_.linktype == DLT_LINUX_SLL2) return cmp(Base::kLinkHdr, 4, BPF_W, n.num);
      if (opt_.offline) {
        error(str_printf("ifindex not supported on %s when reading savefiles", dlt_name()));
        return ir_.false_();
      }
      return cmp(Base::kLinkHdr, kSkfAdOff + kSkfAdIfindex, BPF_W, n.num);
    case Other::kVlan: return vlan(*this, n);
    case Other::kMpls: return mpls(*this, n);
    case Other::kPppoed: return linktype(kEthertypePppoed);
    case Other::kPppoes: return pppoes(*this, n);
    case Other::kGeneve: return geneve(n);
    case Other::kPfIfname: case Other::kPfRset: case Other::kPfRnr: case Other::kPfSrnr: case Other::kPfReason:
    case Other::kPfAction:
      return pflog(n);
    case Other::kWlanType: case Other::kWlanTypeSubtype: case Other::kWlanDir:
      return wlan_fc(n);
    case Other::kLlc: case Other::kLlcI: case Other::kLlcS: case Other::kLlcU: case Other::kLlcSSubtype:
    case Other::kLlcUSubtype:
      return llc(*this, n);
    case Other::kAtmType: case Other::kAtmMultiType: case Other::kAtmField: return atm(n);
    case Other::kMtp2Type: case Other::kMtp3Field: return ss7(n);
  }
  return ir_.false_();
}

}  // namespace wpcap::filter
