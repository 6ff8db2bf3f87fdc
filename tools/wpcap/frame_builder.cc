// tools/wpcap/frame_builder.cc - writes Ethernet/IP/transport frames.
//
// Each build_*() writes the link and network headers (put_l2, put_l3), then
// the transport header and payload, then fills in the IP length, the IPv4
// header checksum and the transport checksum over the pseudo-header, and
// pads to the Ethernet minimum. Declared in frame_builder.h.
#include "frame_builder.h"

#include <cstring>

namespace wpcap::tool {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherArp = 0x0806;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint8_t kProtoIcmp = 1;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr uint8_t kProtoIcmp6 = 58;

void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

void put32(uint8_t* p, uint32_t v) {
  put16(p, static_cast<uint16_t>(v >> 16));
  put16(p + 2, static_cast<uint16_t>(v));
}

// Ethernet + optional 802.1Q; returns the offset of the network header.
size_t put_l2(uint8_t* buf, const L2Spec& l2, uint16_t ethertype) {
  std::memcpy(buf, l2.dst.data(), 6);
  std::memcpy(buf + 6, l2.src.data(), 6);
  size_t off = 12;
  if (l2.vlan != 0) {
    put16(buf + off, kEtherVlan);
    put16(buf + off + 2, l2.vlan & 0x0fff);
    off += 4;
  }
  put16(buf + off, ethertype);
  return off + 2;
}

// Network header for `l4_len` bytes of `proto`; returns the transport offset.
size_t put_l3(uint8_t* buf, size_t off, const L3Spec& l3, uint8_t proto, size_t l4_len) {
  uint8_t* ip = buf + off;
  if (l3.src.v6) {
    put32(ip, 0x60000000u | (l3.flow_label & 0xfffff));
    put16(ip + 4, static_cast<uint16_t>(l4_len));
    ip[6] = proto;
    ip[7] = l3.ttl;
    std::memcpy(ip + 8, l3.src.b.data(), 16);
    std::memcpy(ip + 24, l3.dst.b.data(), 16);
    return off + 40;
  }
  ip[0] = 0x45;
  ip[1] = 0;
  put16(ip + 2, static_cast<uint16_t>(20 + l4_len));
  put16(ip + 4, l3.id);
  put16(ip + 6, l3.dont_fragment ? 0x4000 : 0);
  ip[8] = l3.ttl;
  ip[9] = proto;
  put16(ip + 10, 0);
  std::memcpy(ip + 12, l3.src.b.data(), 4);
  std::memcpy(ip + 16, l3.dst.b.data(), 4);
  put16(ip + 10, internet_checksum({ip, 20}));
  return off + 20;
}

// Transport checksum including the IPv4/IPv6 pseudo-header.
uint16_t l4_checksum(const L3Spec& l3, uint8_t proto, std::span<const uint8_t> segment) {
  size_t addr_len = l3.src.v6 ? 16 : 4;
  uint32_t sum = checksum_add(0, {l3.src.b.data(), addr_len});
  sum = checksum_add(sum, {l3.dst.b.data(), addr_len});
  sum += proto;
  sum += static_cast<uint32_t>(segment.size() & 0xffff) + static_cast<uint32_t>(segment.size() >> 16);
  return checksum_finish(checksum_add(sum, segment));
}

// memcpy that accepts an empty span with a null data pointer.
void copy_payload(uint8_t* dst, std::span<const uint8_t> payload) {
  if (!payload.empty()) std::memcpy(dst, payload.data(), payload.size());
}

size_t pad(uint8_t* buf, size_t len) {
  if (len >= kMinFrame) return len;
  std::memset(buf + len, 0, kMinFrame - len);
  return kMinFrame;
}

}  // namespace

uint32_t checksum_add(uint32_t sum, std::span<const uint8_t> data) {
  uint64_t acc = sum;
  size_t i = 0, n = data.size();
  const uint8_t* p = data.data();
  for (; i + 8 <= n; i += 8) {
    acc += static_cast<uint32_t>(p[i] << 8 | p[i + 1]) + static_cast<uint32_t>(p[i + 2] << 8 | p[i + 3]) +
           static_cast<uint32_t>(p[i + 4] << 8 | p[i + 5]) + static_cast<uint32_t>(p[i + 6] << 8 | p[i + 7]);
  }
  for (; i + 2 <= n; i += 2) acc += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
  if (i < n) acc += static_cast<uint32_t>(p[i] << 8);
  while (acc >> 32) acc = (acc & 0xffffffff) + (acc >> 32);
  return static_cast<uint32_t>(acc);
}

uint16_t checksum_finish(uint32_t sum) {
  uint64_t acc = sum;
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<uint16_t>(~acc);
}

size_t build_tcp(uint8_t* buf, const L2Spec& l2, const L3Spec& l3, const TcpSpec& t,
                 std::span<const uint8_t> payload) {
  size_t opt_len = t.mss != 0 ? 20 : 12;
  size_t hdr_len = 20 + opt_len;
  size_t off = put_l2(buf, l2, l3.src.v6 ? kEtherIpv6 : kEtherIpv4);
  off = put_l3(buf, off, l3, kProtoTcp, hdr_len + payload.size());
  uint8_t* h = buf + off;
  put16(h, t.sport);
  put16(h + 2, t.dport);
  put32(h + 4, t.seq);
  put32(h + 8, t.ack);
  h[12] = static_cast<uint8_t>(hdr_len / 4 << 4);
  h[13] = t.flags;
  put16(h + 14, t.window);
  put32(h + 16, 0);  // checksum, urgent pointer
  uint8_t* o = h + 20;
  if (t.mss != 0) {  // MSS, SACK permitted, timestamps, NOP, window scale 7 (Linux order)
    const uint8_t syn_opts[] = {2, 4, static_cast<uint8_t>(t.mss >> 8), static_cast<uint8_t>(t.mss), 4, 2};
    std::memcpy(o, syn_opts, sizeof syn_opts);
    o += sizeof syn_opts;
  } else {
    o[0] = o[1] = 1;  // NOP NOP
    o += 2;
  }
  o[0] = 8;
  o[1] = 10;
  put32(o + 2, t.tsval);
  put32(o + 6, t.tsecr);
  o += 10;
  if (t.mss != 0) {
    const uint8_t ws[] = {1, 3, 3, 7};
    std::memcpy(o, ws, sizeof ws);
  }
  copy_payload(h + hdr_len, payload);
  put16(h + 16, l4_checksum(l3, kProtoTcp, {h, hdr_len + payload.size()}));
  return pad(buf, off + hdr_len + payload.size());
}

size_t build_udp(uint8_t* buf, const L2Spec& l2, const L3Spec& l3, uint16_t sport, uint16_t dport,
                 std::span<const uint8_t> payload) {
  size_t len = 8 + payload.size();
  size_t off = put_l2(buf, l2, l3.src.v6 ? kEtherIpv6 : kEtherIpv4);
  off = put_l3(buf, off, l3, kProtoUdp, len);
  uint8_t* h = buf + off;
  put16(h, sport);
  put16(h + 2, dport);
  put16(h + 4, static_cast<uint16_t>(len));
  put16(h + 6, 0);
  copy_payload(h + 8, payload);
  uint16_t sum = l4_checksum(l3, kProtoUdp, {h, len});
  put16(h + 6, sum == 0 ? 0xffff : sum);
  return pad(buf, off + len);
}

size_t build_icmp_echo(uint8_t* buf, const L2Spec& l2, const L3Spec& l3, bool reply, uint16_t id,
                       uint16_t seq, std::span<const uint8_t> payload) {
  bool v6 = l3.src.v6;
  size_t len = 8 + payload.size();
  size_t off = put_l2(buf, l2, v6 ? kEtherIpv6 : kEtherIpv4);
  off = put_l3(buf, off, l3, v6 ? kProtoIcmp6 : kProtoIcmp, len);
  uint8_t* h = buf + off;
  h[0] = v6 ? (reply ? 129 : 128) : (reply ? 0 : 8);
  h[1] = 0;
  put16(h + 2, 0);
  put16(h + 4, id);
  put16(h + 6, seq);
  copy_payload(h + 8, payload);
  put16(h + 2, v6 ? l4_checksum(l3, kProtoIcmp6, {h, len}) : internet_checksum({h, len}));
  return pad(buf, off + len);
}

size_t build_arp(uint8_t* buf, const L2Spec& l2, uint16_t op, const Mac& sha, const IpAddr& spa,
                 const Mac& tha, const IpAddr& tpa) {
  size_t off = put_l2(buf, l2, kEtherArp);
  uint8_t* a = buf + off;
  put16(a, 1);  // Ethernet
  put16(a + 2, kEtherIpv4);
  a[4] = 6;
  a[5] = 4;
  put16(a + 6, op);
  std::memcpy(a + 8, sha.data(), 6);
  std::memcpy(a + 14, spa.b.data(), 4);
  std::memcpy(a + 18, tha.data(), 6);
  std::memcpy(a + 24, tpa.b.data(), 4);
  return pad(buf, off + 28);
}

}  // namespace wpcap::tool
