// codegen_ip.cc - qualified values: host, net, port, portrange, proto.
//
// Entry points (Codegen methods): atom() (dispatch on the value's form, as
// libpcap's gen_scode/gen_ncode/gen_mcode/gen_mcode6/gen_ecode), host4(),
// host6(), port(), proto(), proto_abbrev(), ipfrag(). Address and port
// arguments are sets: one value normally, several after set recognition.
#include <arpa/inet.h>
#include <pcap/dlt.h>

#include <cstring>

#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/protocols.h"
#include "filter/resolve.h"

namespace wpcap::filter {
namespace {

// Long value sets test "tcp or udp or sctp" (and "arp or rarp") once in
// front of one set of trees: much less code to build. Short ones keep
// libpcap's per-protocol shape, which keeps per-path facts for later tests.
constexpr size_t kMergeAbove = 16;

const char* dir_qual_error(Dir d) {
  switch (d) {
    case Dir::kAddr1: return "'addr1' and 'address1' are not valid qualifiers for addresses other than 802.11 MAC addresses";
    case Dir::kAddr2: return "'addr2' and 'address2' are not valid qualifiers for addresses other than 802.11 MAC addresses";
    case Dir::kAddr3: return "'addr3' and 'address3' are not valid qualifiers for addresses other than 802.11 MAC addresses";
    case Dir::kAddr4: return "'addr4' and 'address4' are not valid qualifiers for addresses other than 802.11 MAC addresses";
    case Dir::kRa: return "'ra' is not a valid qualifier for addresses other than 802.11 MAC addresses";
    case Dir::kTa: return "'ta' is not a valid qualifier for addresses other than 802.11 MAC addresses";
    default: return nullptr;
  }
}

}  // namespace

PredId Codegen::ipfrag() {
  return ir_.not_(ir_.test(ir_.intern(load(Base::kLinkPl, 6, BPF_H)), BPF_JSET, 0x1fff));
}

// One direction of an IPv4/ARP address test over a set of addresses.
// ll_proto 0: both ARP and RARP (one test of their common layout).
static PredId hostop(Codegen& g, const std::vector<uint32_t>& addrs, uint32_t mask, Dir dir, uint32_t ll_proto,
                     uint32_t src_off, uint32_t dst_off) {
  if (const char* e = dir_qual_error(dir)) {
    g.error(e);
    return g.ir_.false_();
  }
  if (dir == Dir::kAnd)
    return g.ir_.and_(hostop(g, addrs, mask, Dir::kSrc, ll_proto, src_off, dst_off),
                      hostop(g, addrs, mask, Dir::kDst, ll_proto, src_off, dst_off));
  if (dir == Dir::kDefault || dir == Dir::kOr)
    return g.ir_.or_(hostop(g, addrs, mask, Dir::kSrc, ll_proto, src_off, dst_off),
                     hostop(g, addrs, mask, Dir::kDst, ll_proto, src_off, dst_off));
  uint32_t off = dir == Dir::kSrc ? src_off : dst_off;
  PredId b0 = ll_proto != 0 ? g.linktype(ll_proto) : g.ir_.or_(g.linktype(kEthertypeArp), g.linktype(kEthertypeRevarp));
  std::vector<uint32_t> masked;
  for (uint32_t a : addrs) masked.push_back(a & mask);
  return g.ir_.and_(b0, g.cmp_set(Base::kLinkPl, off, BPF_W, mask, masked));
}

// DECnet: the address in a short or long routing header, with or without
// the padding byte; libpcap's four cases in its order.
static PredId dnhostop(Codegen& g, uint32_t addr, Dir dir) {
  if (const char* e = dir_qual_error(dir)) {
    g.error(e);
    return g.ir_.false_();
  }
  if (dir == Dir::kAnd) return g.ir_.and_(dnhostop(g, addr, Dir::kSrc), dnhostop(g, addr, Dir::kDst));
  if (dir == Dir::kDefault || dir == Dir::kOr) return g.ir_.or_(dnhostop(g, addr, Dir::kSrc), dnhostop(g, addr, Dir::kDst));
  const uint32_t off_sh = dir == Dir::kDst ? 1 : 3, off_lh = dir == Dir::kDst ? 7 : 15;
  const uint32_t a = ((addr & 0xff) << 8) | ((addr >> 8) & 0xff);  // little-endian on the wire
  PredId b0 = g.linktype(kEthertypeDn);
  PredId b1 = g.ir_.and_(g.mcmp(Base::kLinkPl, 2, BPF_H, 0x8106, 0xff07), g.cmp(Base::kLinkPl, 2 + 1 + off_lh, BPF_H, a));
  PredId b2 = g.ir_.and_(g.mcmp(Base::kLinkPl, 2, BPF_B, 0x06, 0x7), g.cmp(Base::kLinkPl, 2 + off_lh, BPF_H, a));
  b1 = g.ir_.or_(b2, b1);
  b2 = g.ir_.and_(g.mcmp(Base::kLinkPl, 2, BPF_H, 0x8102, 0xff07), g.cmp(Base::kLinkPl, 2 + 1 + off_sh, BPF_H, a));
  b1 = g.ir_.or_(b2, b1);
  b2 = g.ir_.and_(g.mcmp(Base::kLinkPl, 2, BPF_B, 0x02, 0x7), g.cmp(Base::kLinkPl, 2 + off_sh, BPF_H, a));
  b1 = g.ir_.or_(b2, b1);
  return g.ir_.and_(b0, b1);
}

PredId Codegen::host4_set(const std::vector<uint32_t>& addrs, uint32_t mask, Proto proto, Dir dir) {
  switch (proto) {
    case Proto::kDefault: {
      PredId b0 = host4_set(addrs, mask, Proto::kIp, dir);
      if (ll_.label_stack_depth == 0 && opt_.optimize && addrs.size() > kMergeAbove) {
        // ARP and RARP share their address layout: test "arp or rarp" once.
        return ir_.or_(b0, hostop(*this, addrs, mask, dir, 0, 14, 24));
      }
      if (ll_.label_stack_depth == 0) {
        PredId b1 = ir_.or_(b0, host4_set(addrs, mask, Proto::kArp, dir));
        b0 = ir_.or_(b1, host4_set(addrs, mask, Proto::kRarp, dir));
      }
      return b0;
    }
    case Proto::kIp: return hostop(*this, addrs, mask, dir, kEthertypeIp, 12, 16);
    case Proto::kArp: return hostop(*this, addrs, mask, dir, kEthertypeArp, 14, 24);
    case Proto::kRarp: return hostop(*this, addrs, mask, dir, kEthertypeRevarp, 14, 24);
    default: return ir_.false_();
  }
}

PredId Codegen::host4(uint32_t addr, uint32_t mask, Proto proto, Dir dir, Addr type) {
  const char* typestr = type == Addr::kNet ? "net" : "host";
  switch (proto) {
    case Proto::kDefault: case Proto::kIp: case Proto::kArp: case Proto::kRarp:
      return host4_set({addr}, mask, proto, dir);
    case Proto::kLink: error(str_printf("link-layer modifier applied to %s", typestr)); break;
    case Proto::kAtalk: error("AppleTalk host filtering not implemented"); break;
    case Proto::kLat: error("LAT host filtering not implemented"); break;
    case Proto::kSca: error("SCA host filtering not implemented"); break;
    case Proto::kMoprc: error("MOPRC host filtering not implemented"); break;
    case Proto::kMopdl: error("MOPDL host filtering not implemented"); break;
    case Proto::kIso: error("ISO host filtering not implemented"); break;
    case Proto::kDecnet: return dnhostop(*this, addr, dir);
    case Proto::kIpv6: error(str_printf("'ip6' modifier applied to ip %s", typestr)); break;
    default: error(str_printf("'%s' modifier applied to %s", proto_name(proto), typestr)); break;
  }
  return ir_.false_();
}

PredId Codegen::host6(const uint8_t* addr, const uint8_t* mask, Proto proto, Dir dir, Addr type) {
  const char* typestr = type == Addr::kNet ? "net" : "host";
  if (proto == Proto::kLink) {
    error(str_printf("link-layer modifier applied to ip6 %s", typestr));
    return ir_.false_();
  }
  if (proto != Proto::kDefault && proto != Proto::kIpv6) {
    error(str_printf("'%s' modifier applied to ip6 %s", proto_name(proto), typestr));
    return ir_.false_();
  }
  if (const char* e = dir_qual_error(dir)) {
    error(e);
    return ir_.false_();
  }
  if (dir == Dir::kAnd) return ir_.and_(host6(addr, mask, proto, Dir::kSrc, type), host6(addr, mask, proto, Dir::kDst, type));
  if (dir == Dir::kDefault || dir == Dir::kOr)
    return ir_.or_(host6(addr, mask, proto, Dir::kSrc, type), host6(addr, mask, proto, Dir::kDst, type));
  uint32_t off = dir == Dir::kSrc ? 8 : 24;
  PredId b1 = -1;
  for (int i = 0; i < 4; ++i) {
    uint32_t a, m;
    std::memcpy(&a, addr + 4 * i, 4);
    std::memcpy(&m, mask + 4 * i, 4);
    b1 = ir_.and_(b1, mcmp(Base::kLinkPl, off + 4 * i, BPF_W, ntohl(a), ntohl(m)));
  }
  return ir_.and_(linktype(kEthertypeIpv6), b1);
}

// --- ports ---

static PredId portatom(Codegen& g, Base base, uint32_t off, const std::vector<uint32_t>& v, uint32_t hi, bool range) {
  if (range) {
    return g.ir_.and_(g.ncmp(base, off, BPF_H, 0xffffffff, BPF_JGE, false, v[0]),
                      g.ncmp(base, off, BPF_H, 0xffffffff, BPF_JGT, true, hi));
  }
  return g.cmp_set(base, off, BPF_H, 0xffffffff, v);
}

// proto < 0: the protocol was tested by the caller.
static PredId portop(Codegen& g, bool v6, int proto, Dir dir, const std::vector<uint32_t>& v, uint32_t hi, bool range) {
  PredId b0 = proto < 0 ? (v6 ? g.ir_.true_() : g.ipfrag())
              : v6      ? g.cmp(Base::kLinkPl, 6, BPF_B, static_cast<uint32_t>(proto))
                        : g.ir_.and_(g.cmp(Base::kLinkPl, 9, BPF_B, static_cast<uint32_t>(proto)), g.ipfrag());
  Base base = v6 ? Base::kTranIpv6 : Base::kTranIpv4;
  PredId b1;
  switch (dir) {
    case Dir::kSrc: b1 = portatom(g, base, 0, v, hi, range); break;
    case Dir::kDst: b1 = portatom(g, base, 2, v, hi, range); break;
    case Dir::kAnd: b1 = g.ir_.and_(portatom(g, base, 0, v, hi, range), portatom(g, base, 2, v, hi, range)); break;
    case Dir::kDefault: case Dir::kOr:
      b1 = g.ir_.or_(portatom(g, base, 0, v, hi, range), portatom(g, base, 2, v, hi, range));
      break;
    case Dir::kAddr1: g.error("'addr1' and 'address1' are not valid qualifiers for ports"); return g.ir_.false_();
    case Dir::kAddr2: g.error("'addr2' and 'address2' are not valid qualifiers for ports"); return g.ir_.false_();
    case Dir::kAddr3: g.error("'addr3' and 'address3' are not valid qualifiers for ports"); return g.ir_.false_();
    case Dir::kAddr4: g.error("'addr4' and 'address4' are not valid qualifiers for ports"); return g.ir_.false_();
    case Dir::kRa: g.error("'ra' is not a valid qualifier for ports"); return g.ir_.false_();
    case Dir::kTa: g.error("'ta' is not a valid qualifier for ports"); return g.ir_.false_();
    default: return g.ir_.false_();
  }
  return g.ir_.and_(b0, b1);
}

static PredId port_family(Codegen& g, bool v6, const std::vector<uint32_t>& v, uint32_t hi, int ip_proto, Dir dir,
                          bool range) {
  PredId b0 = g.linktype(v6 ? kEthertypeIpv6 : kEthertypeIp);
  PredId b1;
  if (ip_proto == kProtoUndef && g.opt_.optimize && v.size() > kMergeAbove) {
    // (tcp or udp or sctp) and [not a later fragment and] ports: the same
    // packets as libpcap's three copies, with the port tests generated once.
    PredId protos = g.cmp(Base::kLinkPl, v6 ? 6 : 9, BPF_B, kIpprotoTcp);
    protos = g.ir_.or_(protos, g.cmp(Base::kLinkPl, v6 ? 6 : 9, BPF_B, kIpprotoUdp));
    protos = g.ir_.or_(protos, g.cmp(Base::kLinkPl, v6 ? 6 : 9, BPF_B, kIpprotoSctp));
    PredId ports = portop(g, v6, -1, dir, v, hi, range);
    b1 = g.ir_.and_(protos, ports);
  } else if (ip_proto == kProtoUndef) {
    // libpcap's order: gen_or(sctp, gen_or(tcp, udp)).
    PredId tcp_udp = g.ir_.or_(portop(g, v6, kIpprotoTcp, dir, v, hi, range), portop(g, v6, kIpprotoUdp, dir, v, hi, range));
    b1 = g.ir_.or_(portop(g, v6, kIpprotoSctp, dir, v, hi, range), tcp_udp);
  } else {
    b1 = portop(g, v6, ip_proto, dir, v, hi, range);
  }
  return g.ir_.and_(b0, b1);
}

PredId Codegen::port(uint32_t lo, uint32_t hi, int ip_proto, Dir dir, bool range) {
  std::vector<uint32_t> v{lo};
  PredId b = port_family(*this, false, v, hi, ip_proto, dir, range);
  return ir_.or_(port_family(*this, true, v, hi, ip_proto, dir, range), b);
}

PredId Codegen::port_one_family(bool v6, uint32_t port, int ip_proto, Dir dir) {
  return port_family(*this, v6, {port}, port, ip_proto, dir, false);
}

PredId Codegen::port_set(const std::vector<uint32_t>& ports, int ip_proto, Dir dir) {
  PredId b = port_family(*this, false, ports, 0, ip_proto, dir, false);
  return ir_.or_(port_family(*this, true, ports, 0, ip_proto, dir, false), b);
}

// --- proto ---

PredId Codegen::proto(uint32_t v, Proto p, Dir dir) {
  if (dir != Dir::kDefault) {
    error("direction applied to 'proto'");
    return ir_.false_();
  }
  switch (p) {
    case Proto::kDefault: {
      PredId b0 = proto(v, Proto::kIp, dir);
      return ir_.or_(b0, proto(v, Proto::kIpv6, dir));
    }
    case Proto::kLink: return linktype(v);
    case Proto::kIp: return ir_.and_(linktype(kEthertypeIp), cmp(Base::kLinkPl, 9, BPF_B, v));
    case Proto::kIpv6: {
      PredId b0 = linktype(kEthertypeIpv6);
      PredId b1 = ir_.and_(cmp(Base::kLinkPl, 6, BPF_B, kIpprotoFragment), cmp(Base::kLinkPl, 40, BPF_B, v));
      b1 = ir_.or_(cmp(Base::kLinkPl, 6, BPF_B, v), b1);
      return ir_.and_(b0, b1);
    }
    case Proto::kArp: error("arp does not encapsulate another protocol"); break;
    case Proto::kRarp: error("rarp does not encapsulate another protocol"); break;
    case Proto::kIso:
      // Frame Relay: the UI control byte and the NLPID itself; Cisco HDLC:
      // type 0xfefe, then a fudge byte before the NLPID.
      if (ll_.linktype == DLT_FRELAY) return cmp(Base::kLinkHdr, 2, BPF_H, 0x0300 | v);
      if (ll_.linktype == DLT_C_HDLC || ll_.linktype == DLT_HDLC) {
        PredId b0 = linktype((kLlcsapIsons << 8) | kLlcsapIsons);
        return ir_.and_(b0, cmp(Base::kLinkPlNoSnap, 1, BPF_B, v));
      }
      return ir_.and_(linktype(kLlcsapIsons), cmp(Base::kLinkPlNoSnap, 0, BPF_B, v));
    case Proto::kIsis:
      return ir_.and_(proto(kIsoIsis, Proto::kIso, Dir::kDefault), cmp(Base::kLinkPlNoSnap, 4, BPF_B, v));
    default: error(str_printf("'%s proto' is bogus", proto_name(p))); break;
  }
  return ir_.false_();
}

PredId Codegen::proto_abbrev(Proto p) {
  auto isis = [&](std::initializer_list<uint32_t> types) {
    PredId b1 = -1;
    for (uint32_t t : types) b1 = b1 < 0 ? proto(t, Proto::kIsis, Dir::kDefault) : ir_.or_(proto(t, Proto::kIsis, Dir::kDefault), b1);
    return b1;
  };
  switch (p) {
    case Proto::kSctp: return proto(kIpprotoSctp, Proto::kDefault, Dir::kDefault);
    case Proto::kTcp: return proto(kIpprotoTcp, Proto::kDefault, Dir::kDefault);
    case Proto::kUdp: return proto(kIpprotoUdp, Proto::kDefault, Dir::kDefault);
    case Proto::kIcmp: return proto(kIpprotoIcmp, Proto::kIp, Dir::kDefault);
    case Proto::kIgmp: return proto(kIpprotoIgmp, Proto::kIp, Dir::kDefault);
    case Proto::kIgrp: return proto(kIpprotoIgrp, Proto::kIp, Dir::kDefault);
    case Proto::kPim: return proto(kIpprotoPim, Proto::kDefault, Dir::kDefault);
    case Proto::kVrrp: case Proto::kCarp: return proto(kIpprotoVrrp, Proto::kIp, Dir::kDefault);
    case Proto::kIp: return linktype(kEthertypeIp);
    case Proto::kArp: return linktype(kEthertypeArp);
    case Proto::kRarp: return linktype(kEthertypeRevarp);
    case Proto::kLink: error("link layer applied in wrong context"); return ir_.false_();
    case Proto::kAtalk: return linktype(kEthertypeAtalk);
    case Proto::kAarp: return linktype(kEthertypeAarp);
    case Proto::kDecnet: return linktype(kEthertypeDn);
    case Proto::kSca: return linktype(kEthertypeSca);
    case Proto::kLat: return linktype(kEthertypeLat);
    case Proto::kMopdl: return linktype(kEthertypeMopdl);
    case Proto::kMoprc: return linktype(kEthertypeMoprc);
    case Proto::kIpv6: return linktype(kEthertypeIpv6);
    case Proto::kIcmpv6: return proto(kIpprotoIcmpv6, Proto::kIpv6, Dir::kDefault);
    case Proto::kAh: return proto(kIpprotoAh, Proto::kDefault, Dir::kDefault);
    case Proto::kEsp: return proto(kIpprotoEsp, Proto::kDefault, Dir::kDefault);
    case Proto::kIso: return linktype(kLlcsapIsons);
    case Proto::kEsis: return proto(kIsoEsis, Proto::kIso, Dir::kDefault);
    case Proto::kIsis: return proto(kIsoIsis, Proto::kIso, Dir::kDefault);
    case Proto::kIsisL1: return isis({15, 17, 18, 24, 26});
    case Proto::kIsisL2: return isis({16, 17, 20, 25, 27});
    case Proto::kIsisIih: return isis({15, 16, 17});
    case Proto::kIsisLsp: return isis({18, 20});
    case Proto::kIsisSnp: return isis({24, 25, 26, 27});
    case Proto::kIsisCsnp: return isis({24, 25});
    case Proto::kIsisPsnp: return isis({26, 27});
    case Proto::kClnp: return proto(kIsoClnp, Proto::kIso, Dir::kDefault);
    case Proto::kStp: return linktype(kLlcsap8021d);
    case Proto::kIpx: return linktype(kLlcsapIpx);
    case Proto::kNetbeui: return linktype(kLlcsapNetbeui);
    case Proto::kRadio: error("'radio' is not a valid protocol type"); return ir_.false_();
    default: error("syntax error in filter expression"); return ir_.false_();
  }
}

}  // namespace wpcap::filter
