// tools/wpcap/decode.cc - the packet summary decoder behind `wpcap read`.
//
// A Decoder walks one packet link layer -> network -> transport, appending
// text to a caller-owned string. Every read goes through Bytes::has(), so a
// truncated or malformed packet ends its line with "[|proto]" instead of
// reading past caplen. Entry points are declared in decode.h.
#include "decode.h"

#include <arpa/inet.h>

#include <charconv>
#include <iterator>
#include <ctime>

namespace wpcap::tool {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherArp = 0x0806;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr uint16_t kEtherQinQOld = 0x9100;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr int kMaxVlanTags = 8;

// A bounds-checked view of the captured bytes.
struct Bytes {
  std::span<const uint8_t> d;
  bool has(size_t off, size_t n) const { return off <= d.size() && n <= d.size() - off; }
  uint8_t u8(size_t off) const { return d[off]; }
  uint16_t be16(size_t off) const { return static_cast<uint16_t>(d[off] << 8 | d[off + 1]); }
  uint32_t be32(size_t off) const {
    return static_cast<uint32_t>(d[off]) << 24 | static_cast<uint32_t>(d[off + 1]) << 16 |
           static_cast<uint32_t>(d[off + 2]) << 8 | d[off + 3];
  }
  uint32_t le32(size_t off) const {
    return static_cast<uint32_t>(d[off + 3]) << 24 | static_cast<uint32_t>(d[off + 2]) << 16 |
           static_cast<uint32_t>(d[off + 1]) << 8 | d[off];
  }
  Bytes sub(size_t off, size_t n) const {
    if (off > d.size()) return Bytes{{}};
    return Bytes{d.subspan(off, std::min(n, d.size() - off))};
  }
};

class Decoder {
 public:
  explicit Decoder(std::string& out) : out_(out), start_(out.size()) {}

  void link(int dlt, Bytes b);

 private:
  void ethernet(Bytes b);
  void packet_type(uint16_t type);  // Linux PACKET_* direction names
  void sll(Bytes b);
  void sll2(Bytes b);
  void null_loop(Bytes b, bool network_order);
  void raw_ip(Bytes b);
  void ethertype(uint16_t type, Bytes b);
  void arp(Bytes b);
  void ipv4(Bytes b);
  void ipv6(Bytes b);
  void transport(uint8_t proto, Bytes b, uint32_t wire_len, const std::string& src,
                 const std::string& dst, bool v6);
  void tcp(Bytes b, uint32_t wire_len);
  void icmp(Bytes b);
  void icmp6(Bytes b);

  void str(std::string_view s) { out_.append(s); }
  void num(uint64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
  }
  void hex16(uint16_t v) {
    static const char kHex[] = "0123456789abcdef";
    char buf[6] = {'0', 'x', kHex[v >> 12], kHex[(v >> 8) & 15], kHex[(v >> 4) & 15], kHex[v & 15]};
    out_.append(buf, 6);
  }
  void mac(Bytes b, size_t off) {
    static const char kHex[] = "0123456789abcdef";
    char buf[17];
    for (int i = 0; i < 6; ++i) {
      uint8_t v = b.u8(off + i);
      buf[i * 3] = kHex[v >> 4];
      buf[i * 3 + 1] = kHex[v & 15];
      if (i < 5) buf[i * 3 + 2] = ':';
    }
    out_.append(buf, 17);
  }
  void truncated(std::string_view proto) {
    str(out_.size() == start_ ? "[|" : " [|");
    str(proto);
    str("]");
  }

  std::string& out_;
  size_t start_;
};

std::string ipv4_text(Bytes b, size_t off) {
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, b.d.data() + off, buf, sizeof buf);
  return buf;
}

std::string ipv6_text(Bytes b, size_t off) {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, b.d.data() + off, buf, sizeof buf);
  return buf;
}

void Decoder::link(int dlt, Bytes b) {
  switch (static_cast<Link>(dlt)) {
    case Link::kEthernet: return ethernet(b);
    case Link::kLinuxSll: return sll(b);
    case Link::kLinuxSll2: return sll2(b);
    case Link::kNull: return null_loop(b, false);
    case Link::kLoop: return null_loop(b, true);
    case Link::kRaw:
    case Link::kRawOpenBsd:
    case Link::kLinktypeRaw: return raw_ip(b);
    case Link::kIpv4: return ipv4(b);
    case Link::kIpv6: return ipv6(b);
  }
  str("link-type ");
  num(static_cast<uint32_t>(dlt));
  str(" not decoded");
}

void Decoder::ethernet(Bytes b) {
  if (!b.has(0, 14)) return truncated("ether");
  mac(b, 6);
  str(" > ");
  mac(b, 0);
  size_t off = 12;
  uint16_t type = b.be16(off);
  for (int tags = 0; type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld; ++tags) {
    if (tags == kMaxVlanTags || !b.has(off, 6)) return truncated("vlan");
    uint16_t tci = b.be16(off + 2);
    str(", vlan ");
    num(tci & 0x0fff);
    if (tci >> 13) {
      str(" p ");
      num(tci >> 13);
    }
    off += 4;
    type = b.be16(off);
  }
  off += 2;
  if (type <= 1500) {
    str(", 802.3 length ");
    num(type);
    return;
  }
  ethertype(type, b.sub(off, SIZE_MAX));
}

void Decoder::packet_type(uint16_t type) {
  static constexpr std::string_view kNames[] = {"In", "Bcast", "Mcast", "Promisc", "Out"};
  if (type < std::size(kNames)) return str(kNames[type]);
  str("pkttype ");
  num(type);
}

void Decoder::sll(Bytes b) {
  if (!b.has(0, 16)) return truncated("sll");
  packet_type(b.be16(0));
  if (b.be16(4) == 6) {
    str(" ");
    mac(b, 6);
  }
  ethertype(b.be16(14), b.sub(16, SIZE_MAX));
}

void Decoder::sll2(Bytes b) {
  if (!b.has(0, 20)) return truncated("sll2");
  str("ifindex ");
  num(b.be32(4));
  str(" ");
  packet_type(b.u8(10));
  if (b.u8(11) == 6) {
    str(" ");
    mac(b, 12);
  }
  ethertype(b.be16(0), b.sub(20, SIZE_MAX));
}

void Decoder::null_loop(Bytes b, bool network_order) {
  if (!b.has(0, 4)) return truncated("null");
  uint32_t family = network_order ? b.be32(0) : b.le32(0);
  // DLT_NULL is in the writer's byte order: a big-endian writer shows up as >= 2^16.
  if (!network_order && family > 0xffff) family = b.be32(0);
  Bytes rest = b.sub(4, SIZE_MAX);
  switch (family) {
    case 2: return ipv4(rest);
    case 10: case 24: case 28: case 30: return ipv6(rest);
    default:
      str("family ");
      num(family);
  }
}

void Decoder::raw_ip(Bytes b) {
  if (!b.has(0, 1)) return truncated("ip");
  switch (b.u8(0) >> 4) {
    case 4: return ipv4(b);
    case 6: return ipv6(b);
    default:
      str("ip version ");
      num(b.u8(0) >> 4);
  }
}

void Decoder::ethertype(uint16_t type, Bytes b) {
  str(", ");
  switch (type) {
    case kEtherIpv4: return ipv4(b);
    case kEtherIpv6: return ipv6(b);
    case kEtherArp: return arp(b);
    default:
      str("ethertype ");
      hex16(type);
  }
}

void Decoder::arp(Bytes b) {
  str("ARP");
  if (!b.has(0, 8)) return truncated("arp");
  uint16_t op = b.be16(6);
  bool ether_ipv4 = b.be16(0) == 1 && b.be16(2) == kEtherIpv4 && b.u8(4) == 6 && b.u8(5) == 4;
  if (!ether_ipv4) {
    str(" op ");
    num(op);
    return;
  }
  if (!b.has(8, 20)) return truncated("arp");
  if (op == 1) {
    str(" who-has ");
    str(ipv4_text(b, 24));
    str(" tell ");
    str(ipv4_text(b, 14));
  } else if (op == 2) {
    str(" ");
    str(ipv4_text(b, 14));
    str(" is-at ");
    mac(b, 8);
  } else {
    str(" op ");
    num(op);
  }
}

void Decoder::ipv4(Bytes b) {
  str("IPv4");
  if (!b.has(0, 20)) return truncated("ip");
  size_t hlen = (b.u8(0) & 15) * 4u;
  uint16_t total = b.be16(2);
  if ((b.u8(0) >> 4) != 4 || hlen < 20 || total < hlen) {
    str(" bad header");
    return;
  }
  std::string src = ipv4_text(b, 12);
  std::string dst = ipv4_text(b, 16);
  uint16_t frag = b.be16(6);
  uint8_t proto = b.u8(9);
  if ((frag & 0x1fff) != 0) {
    str(" " + src + " > " + dst + " frag offset ");
    num((frag & 0x1fff) * 8u);
    str(" proto ");
    num(proto);
    return;
  }
  transport(proto, b.sub(hlen, total - hlen), total - hlen, src, dst, false);
}

void Decoder::ipv6(Bytes b) {
  str("IPv6");
  if (!b.has(0, 40)) return truncated("ip6");
  std::string src = ipv6_text(b, 8);
  std::string dst = ipv6_text(b, 24);
  uint32_t remaining = b.be16(4);
  uint8_t next = b.u8(6);
  size_t off = 40;
  // Skip hop-by-hop, routing, destination options and (first) fragment headers.
  for (int hops = 0; next == 0 || next == 43 || next == 60 || next == 44; ++hops) {
    if (hops == 8 || !b.has(off, 8)) {
      str(" " + src + " > " + dst);
      return truncated("ip6-ext");
    }
    size_t ext_len = next == 44 ? 8 : (b.u8(off + 1) + 1u) * 8u;
    if (next == 44 && (b.be16(off + 2) & 0xfff8) != 0) {
      str(" " + src + " > " + dst + " frag offset ");
      num(b.be16(off + 2) & 0xfff8);
      return;
    }
    if (ext_len > remaining) {
      str(" " + src + " > " + dst + " bad extension header");
      return;
    }
    next = b.u8(off);
    off += ext_len;
    remaining -= static_cast<uint32_t>(ext_len);
  }
  transport(next, b.sub(off, remaining), remaining, src, dst, true);
}

// `b` is the transport header and payload as captured (cut to the IP length);
// `wire_len` is the length the IP header claims.
void Decoder::transport(uint8_t proto, Bytes b, uint32_t wire_len, const std::string& src,
                        const std::string& dst, bool v6) {
  bool ports = proto == 6 || proto == 17;
  str(" ");
  str(src);
  if (ports && b.has(0, 4)) {
    str(".");
    num(b.be16(0));
  }
  str(" > ");
  str(dst);
  if (ports && b.has(0, 4)) {
    str(".");
    num(b.be16(2));
  }
  switch (proto) {
    case 6: return tcp(b, wire_len);
    case 17:
      str(" UDP");
      if (!b.has(0, 8)) return truncated("udp");
      str(" length ");
      num(b.be16(4) >= 8 ? b.be16(4) - 8u : 0u);
      return;
    case 1:
      if (!v6) return icmp(b);
      break;
    case 58:
      if (v6) return icmp6(b);
      break;
  }
  str(" proto ");
  num(proto);
}

void Decoder::tcp(Bytes b, uint32_t wire_len) {
  static constexpr struct { uint8_t bit; char c; } kFlags[] = {
      {0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
      {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};
  str(" TCP");
  if (!b.has(0, 20)) return truncated("tcp");
  uint8_t flags = b.u8(13);
  str(" [");
  if (flags == 0) str("none");
  for (const auto& f : kFlags) {
    if (flags & f.bit) out_.push_back(f.c);
  }
  str("] seq ");
  num(b.be32(4));
  if (flags & 0x10) {
    str(" ack ");
    num(b.be32(8));
  }
  str(" win ");
  num(b.be16(14));
  uint32_t doff = (b.u8(12) >> 4) * 4u;
  if (doff < 20 || doff > wire_len) {
    str(" bad data offset");
    return;
  }
  str(" payload ");
  num(wire_len - doff);
}

void Decoder::icmp(Bytes b) {
  str(" ICMP");
  if (!b.has(0, 4)) return truncated("icmp");
  uint8_t type = b.u8(0), code = b.u8(1);
  if ((type == 0 || type == 8) && b.has(4, 4)) {
    str(type == 8 ? " echo request id " : " echo reply id ");
    num(b.be16(4));
    str(" seq ");
    num(b.be16(6));
    return;
  }
  if (type == 3) str(" unreachable");
  if (type == 11) str(" time exceeded");
  str(" type ");
  num(type);
  str(" code ");
  num(code);
}

void Decoder::icmp6(Bytes b) {
  str(" ICMPv6");
  if (!b.has(0, 4)) return truncated("icmp6");
  uint8_t type = b.u8(0);
  if ((type == 128 || type == 129) && b.has(4, 4)) {
    str(type == 128 ? " echo request id " : " echo reply id ");
    num(b.be16(4));
    str(" seq ");
    num(b.be16(6));
    return;
  }
  if ((type == 135 || type == 136) && b.has(8, 16)) {
    str(type == 135 ? " neighbor solicitation who-has " : " neighbor advertisement tgt ");
    str(ipv6_text(b, 8));
    return;
  }
  switch (type) {
    case 1: str(" unreachable"); break;
    case 3: str(" time exceeded"); break;
    case 133: str(" router solicitation"); break;
    case 134: str(" router advertisement"); break;
    default: break;
  }
  str(" type ");
  num(type);
  str(" code ");
  num(b.u8(1));
}

}  // namespace

std::string_view link_type_name(int dlt) {
  switch (static_cast<Link>(dlt)) {
    case Link::kNull: return "NULL";
    case Link::kEthernet: return "EN10MB";
    case Link::kRaw:
    case Link::kRawOpenBsd:
    case Link::kLinktypeRaw: return "RAW";
    case Link::kLoop: return "LOOP";
    case Link::kLinuxSll: return "LINUX_SLL";
    case Link::kIpv4: return "IPV4";
    case Link::kIpv6: return "IPV6";
    case Link::kLinuxSll2: return "LINUX_SLL2";
  }
  return {};
}

void append_timestamp(std::string& out, int64_t sec, uint32_t frac, bool nano) {
  time_t t = static_cast<time_t>(sec);
  struct tm tm {};
  char buf[64];
  if (gmtime_r(&t, &tm) == nullptr || strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm) == 0) {
    out.append("?");
  } else {
    out.append(buf);
  }
  char digits[16];
  int width = nano ? 9 : 6;
  uint32_t v = frac;
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.push_back('.');
  out.append(digits, width);
}

void append_packet_summary(std::string& out, int dlt, std::span<const uint8_t> bytes) {
  Decoder(out).link(dlt, Bytes{bytes});
}

std::string packet_summary(int dlt, std::span<const uint8_t> bytes) {
  std::string out;
  append_packet_summary(out, dlt, bytes);
  return out;
}

}  // namespace wpcap::tool
