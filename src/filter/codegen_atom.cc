// codegen_atom.cc - one qualified value ("host foo", "net 10/8", "port 80").
//
// Entry point: Codegen::atom(). Dispatches on the value's form like
// libpcap's gen_scode (names), gen_ncode (numbers, dotted IPv4),
// gen_mcode (IPv4 with mask), gen_mcode6 (IPv6) and gen_ecode (MAC).
#include <arpa/inet.h>
#include <netdb.h>

#include <cstdio>
#include <cstring>

#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/protocols.h"
#include "filter/resolve.h"

namespace wpcap::filter {
namespace {

int port_proto(Codegen& g, Proto p, const char* what) {
  switch (p) {
    case Proto::kUdp: return kIpprotoUdp;
    case Proto::kTcp: return kIpprotoTcp;
    case Proto::kSctp: return kIpprotoSctp;
    case Proto::kDefault: return kProtoUndef;
    default: g.error(str_printf("illegal qualifier of '%s'", what)); return kProtoUndef;
  }
}

PredId name_host(Codegen& g, const Node& n) {
  const Qual& q = n.q;
  if (q.proto == Proto::kLink) {
    const char* what = nullptr;
    switch (g.ll_.linktype) {
      case 1: case 240: case 241: what = "ether"; break;  // EN10MB, NETANALYZER(_TRANSPARENT)
      case 10: what = "FDDI"; break;
      case 6: what = "token ring"; break;
      case 122: what = "Fibre Channel"; break;
      case 105: case 119: case 127: case 163: case 192: what = "802.11"; break;  // and its radio headers
      default:
        g.error("only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name");
        return g.ir_.false_();
    }
    uint8_t mac[6];
    if (!resolve_ether_host(n.text, mac)) {
      g.error(std::string("unknown ") + what + " host '" + n.text + "'");
      return g.ir_.false_();
    }
    return g.ether_host(mac, q.dir);
  }
  if (q.proto == Proto::kDecnet) {
    g.error("decnet name support not included, '" + n.text + "' cannot be translated\n");
    return g.ir_.false_();
  }
  HostAddrs addrs;
  if (!resolve_host(n.text, &addrs)) {
    g.error("unknown host '" + n.text + "'");
    return g.ir_.false_();
  }
  Proto tproto = q.proto, tproto6 = q.proto;
  if (g.ll_.off_linktype.constant == kNoOffset && tproto == Proto::kDefault) {
    tproto = Proto::kIp;
    tproto6 = Proto::kIpv6;
  }
  static const uint8_t kMask128[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  PredId b = -1;
  size_t i4 = 0, i6 = 0;
  for (int fam : addrs.order) {
    PredId tmp;
    if (fam == 4) {
      uint32_t a = addrs.v4[i4++];
      if (tproto == Proto::kIpv6) continue;
      tmp = g.host4(a, 0xffffffff, tproto, q.dir, q.addr);
    } else {
      const in6_addr& a6 = addrs.v6[i6++];
      if (tproto6 == Proto::kIp) continue;
      tmp = g.host6(a6.s6_addr, kMask128, tproto6, q.dir, q.addr);
    }
    if (g.failed()) return g.ir_.false_();
    b = b < 0 ? tmp : g.ir_.or_(b, tmp);
  }
  if (b < 0) {
    g.error("unknown host '" + n.text + "'" + (q.proto == Proto::kDefault ? "" : " for specified address family"));
    return g.ir_.false_();
  }
  return b;
}

uint32_t lookup_proto(Codegen& g, const std::string& name, Proto p) {
  switch (p) {
    case Proto::kDefault: case Proto::kIp: case Proto::kIpv6: {
      int v = resolve_ip_proto(name);
      if (v < 0) g.error("unknown ip proto '" + name + "'");
      return static_cast<uint32_t>(v);
    }
    case Proto::kLink: {
      int v = resolve_ether_proto(name);
      if (v < 0) g.error("unknown ether proto '" + name + "'");
      return static_cast<uint32_t>(v);
    }
    case Proto::kIso:
      if (name == "esis") return kIsoEsis;
      if (name == "isis") return kIsoIsis;
      if (name == "clnp") return kIsoClnp;
      g.error("unknown osi proto '" + name + "'");
      return 0;
    default:
      g.error("unknown protocol: " + name);
      return 0xffffffff;
  }
}

// gen_scode: the value is a name.
PredId scode(Codegen& g, const Node& n) {
  const Qual& q = n.q;
  switch (q.addr) {
    case Addr::kNet: {
      uint32_t addr = 0;
      if (!resolve_net(n.text, &addr)) {
        g.error("unknown network '" + n.text + "'");
        return g.ir_.false_();
      }
      uint32_t mask = 0xffffffff;
      while (addr != 0 && (addr & 0xff000000) == 0) {
        addr <<= 8;
        mask <<= 8;
      }
      return g.host4(addr, mask, q.proto, q.dir, q.addr);
    }
    case Addr::kDefault: case Addr::kHost: return name_host(g, n);
    case Addr::kPort: {
      if (q.proto != Proto::kDefault && q.proto != Proto::kUdp && q.proto != Proto::kTcp && q.proto != Proto::kSctp) {
        g.error("illegal qualifier of 'port'");
        return g.ir_.false_();
      }
      uint32_t port = 0;
      int real = 0;
      if (!resolve_port(n.text, &port, &real)) {
        g.error("unknown port '" + n.text + "'");
        return g.ir_.false_();
      }
      int want = port_proto(g, q.proto, "port");
      if (want != kProtoUndef) {
        if (real != kProtoUndef && real != want) {
          g.error("port '" + n.text + "' is " + (real == kIpprotoTcp ? "tcp" : real == kIpprotoUdp ? "udp" : "sctp"));
          return g.ir_.false_();
        }
        real = want;
      }
      return g.port(port, port, real, q.dir, false);
    }
    case Addr::kPortrange: {
      if (q.proto != Proto::kDefault && q.proto != Proto::kUdp && q.proto != Proto::kTcp && q.proto != Proto::kSctp) {
        g.error("illegal qualifier of 'portrange'");
        return g.ir_.false_();
      }
      uint32_t lo = 0, hi = 0;
      int real = 0;
      if (!resolve_portrange(n.text, &lo, &hi, &real)) {
        g.error("unknown port in range '" + n.text + "'");
        return g.ir_.false_();
      }
      int want = port_proto(g, q.proto, "portrange");
      if (want != kProtoUndef) real = want;
      if (hi > 65535) {
        g.error(str_printf("illegal port number %u > 65535", hi));
        return g.ir_.false_();
      }
      return g.port(lo, hi, real, q.dir, true);
    }
    case Addr::kGateway: g.error("'gateway' not supported in this configuration"); return g.ir_.false_();
    case Addr::kProto: {
      uint32_t v = lookup_proto(g, n.text, q.proto);
      if (g.failed()) return g.ir_.false_();
      return g.proto(v, q.proto, q.dir);
    }
    case Addr::kProtochain: {
      uint32_t v = lookup_proto(g, n.text, q.proto);
      if (g.failed()) return g.ir_.false_();
      return g.protochain(v, q.proto);
    }
    default:
      g.error("syntax error in filter expression");
      return g.ir_.false_();
  }
}

// gen_ncode: a number, or a dotted IPv4 address (text non-empty).
PredId ncode(Codegen& g, const std::string* s, uint32_t v, const Qual& q) {
  int vlen = 32;
  if (s != nullptr && q.proto == Proto::kDecnet) {
    // __pcap_atodn: "area.node" as sscanf("%d.%d") reads it.
    unsigned area = 0, node = 0;
    if (std::sscanf(s->c_str(), "%u.%u", &area, &node) != 2) {
      g.error("malformed decnet address '" + *s + "'");
      return g.ir_.false_();
    }
    v = ((area << 10) & 0xfc00) | (node & 0x3ff);
  } else if (s != nullptr) {
    vlen = parse_ipv4(*s, &v);
    if (vlen < 0) {
      g.error("invalid IPv4 address '" + *s + "'");
      return g.ir_.false_();
    }
  }
  switch (q.addr) {
    case Addr::kDefault: case Addr::kHost: case Addr::kNet: {
      if (q.proto == Proto::kDecnet) return g.host4(v, 0, q.proto, q.dir, q.addr);
      if (q.proto == Proto::kLink) {
        g.error("illegal link layer address");
        return g.ir_.false_();
      }
      uint32_t mask = 0xffffffff;
      if (s == nullptr && q.addr == Addr::kNet) {
        while (v != 0 && (v & 0xff000000) == 0) {
          v <<= 8;
          mask <<= 8;
        }
      } else if (vlen < 32) {
        v <<= 32 - vlen;
        mask <<= 32 - vlen;
      }
      return g.host4(v, mask, q.proto, q.dir, q.addr);
    }
    case Addr::kPort: case Addr::kPortrange: {
      bool range = q.addr == Addr::kPortrange;
      int proto = port_proto(g, q.proto, range ? "portrange" : "port");
      if (g.failed()) return g.ir_.false_();
      if (v > 65535) {
        g.error(str_printf("illegal port number %u > 65535", v));
        return g.ir_.false_();
      }
      return g.port(v, v, proto, q.dir, range);
    }
    case Addr::kGateway: g.error("'gateway' requires a name"); return g.ir_.false_();
    case Addr::kProto: return g.proto(v, q.proto, q.dir);
    case Addr::kProtochain: return g.protochain(v, q.proto);
    default: g.error("syntax error in filter expression"); return g.ir_.false_();
  }
}

// gen_mcode: IPv4 network with /len or mask.
PredId mcode(Codegen& g, const Node& n) {
  uint32_t net = 0, m = 0;
  int nlen = parse_ipv4(n.text, &net);
  if (nlen < 0) {
    g.error("invalid IPv4 address '" + n.text + "'");
    return g.ir_.false_();
  }
  net <<= 32 - nlen;
  if (n.atom == AtomKind::kHidMask) {
    int mlen = parse_ipv4(n.text2, &m);
    if (mlen < 0) {
      g.error("invalid IPv4 address '" + n.text2 + "'");
      return g.ir_.false_();
    }
    m <<= 32 - mlen;
    if ((net & ~m) != 0) {
      g.error("non-network bits set in \"" + n.text + " mask " + n.text2 + "\"");
      return g.ir_.false_();
    }
  } else {
    if (n.num > 32) {
      g.error("mask length must be <= 32");
      return g.ir_.false_();
    }
    m = n.num == 0 ? 0 : 0xffffffffu << (32 - n.num);
    if ((net & ~m) != 0) {
      g.error(str_printf("non-network bits set in \"%s/%u\"", n.text.c_str(), n.num));
      return g.ir_.false_();
    }
  }
  if (n.q.addr != Addr::kNet) {
    g.error("Mask syntax for networks only");
    return g.ir_.false_();
  }
  return g.host4(net, m, n.q.proto, n.q.dir, n.q.addr);
}

PredId mcode6(Codegen& g, const Node& n) {
  in6_addr a{};
  if (inet_pton(AF_INET6, n.text.c_str(), &a) != 1) {
    g.error("invalid ip6 address " + n.text);
    return g.ir_.false_();
  }
  if (n.num > 128) {
    g.error("mask length must be <= 128");
    return g.ir_.false_();
  }
  uint8_t mask[16] = {};
  std::memset(mask, 0xff, n.num / 8);
  if (n.num % 8) mask[n.num / 8] = static_cast<uint8_t>((0xff << (8 - n.num % 8)) & 0xff);
  for (int i = 0; i < 16; ++i) {
    if ((a.s6_addr[i] & ~mask[i]) != 0) {
      g.error(str_printf("non-network bits set in \"%s/%u\"", n.text.c_str(), n.num));
      return g.ir_.false_();
    }
  }
  switch (n.q.addr) {
    case Addr::kDefault: case Addr::kHost:
      if (n.num != 128) {
        g.error("Mask syntax for networks only");
        return g.ir_.false_();
      }
      [[fallthrough]];
    case Addr::kNet:
      return g.host6(a.s6_addr, mask, n.q.proto, n.q.dir, n.q.addr);
    default:
      g.error("invalid qualifier against IPv6 address");
      return g.ir_.false_();
  }
}

}  // namespace

PredId Codegen::atom(const Node& n) {
  const Qual& q = n.q;
  switch (n.atom) {
    case AtomKind::kName: return scode(*this, n);
    case AtomKind::kNum: return ncode(*this, nullptr, n.num, q);
    case AtomKind::kHid:
      if (q.addr == Addr::kPort) error("'port' modifier applied to ip host");
      else if (q.addr == Addr::kPortrange) error("'portrange' modifier applied to ip host");
      else if (q.addr == Addr::kProto) error("'proto' modifier applied to ip host");
      else if (q.addr == Addr::kProtochain) error("'protochain' modifier applied to ip host");
      if (failed()) return ir_.false_();
      return ncode(*this, &n.text, 0, q);
    case AtomKind::kHidLen: case AtomKind::kHidMask: return mcode(*this, n);
    case AtomKind::kHid6: case AtomKind::kHid6Len: return mcode6(*this, n);
    case AtomKind::kEid: {
      if ((q.addr == Addr::kHost || q.addr == Addr::kDefault) && q.proto == Proto::kLink) {
        uint8_t mac[6];
        if (!parse_mac(n.text, mac)) {
          error("invalid Ethernet address " + n.text);
          return ir_.false_();
        }
        return ether_host(mac, q.dir);
      }
      error("ethernet address used in non-ether expression");
      return ir_.false_();
    }
    case AtomKind::kAid:
      error("aid supported only on ARCnet");
      return ir_.false_();
  }
  return ir_.false_();
}

}  // namespace wpcap::filter
