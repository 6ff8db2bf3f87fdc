// packet_fixup.h - per-packet rewriting done in the ring frame before a
// packet is handed out: cooked LINUX_SLL / LINUX_SLL2 headers built from
// the frame's sockaddr_ll, 802.1Q tag reinsertion, and libpcap's direction
// rules (including "loopback outgoing duplicates are dropped").
//
// Entry points (inline, hot path): write_sll(), write_sll2(),
// reinsert_vlan(), direction_passes(). Used by live_read.cc; pure byte
// operations, unit-tested in tests/capture/linux/packet_fixup_test.cc.
#pragma once

#include <arpa/inet.h>
#include <net/if.h>  // before any <linux/*.h>: they share struct ifreq
#include <linux/if_arp.h>
#include <linux/if_packet.h>

#include <cstdint>
#include <cstring>

#include <pcap/pcap.h>

namespace wpcap::live {

constexpr unsigned kSllHdrLen = 16;   // SLL_HDR_LEN
constexpr unsigned kSll2HdrLen = 20;  // SLL2_HDR_LEN
constexpr unsigned kVlanTagLen = 4;   // VLAN_TAG_LEN
constexpr uint16_t kEthP8021Q = 0x8100;

inline void put_be16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

inline void put_be32(uint8_t* p, uint32_t v) {
  put_be16(p, static_cast<uint16_t>(v >> 16));
  put_be16(p + 2, static_cast<uint16_t>(v));
}

// LINUX_SLL: pkttype, hatype, halen (all BE16), addr[8], protocol.
inline void write_sll(uint8_t* dst, const sockaddr_ll& sll) {
  put_be16(dst, sll.sll_pkttype);
  put_be16(dst + 2, sll.sll_hatype);
  put_be16(dst + 4, sll.sll_halen);
  std::memcpy(dst + 6, sll.sll_addr, 8);
  std::memcpy(dst + 14, &sll.sll_protocol, 2);  // already network order
}

// LINUX_SLL2: protocol, reserved(0), ifindex (BE32), hatype (BE16),
// pkttype, halen, addr[8].
inline void write_sll2(uint8_t* dst, const sockaddr_ll& sll) {
  std::memcpy(dst, &sll.sll_protocol, 2);
  put_be16(dst + 2, 0);
  put_be32(dst + 4, static_cast<uint32_t>(sll.sll_ifindex));
  put_be16(dst + 8, sll.sll_hatype);
  dst[10] = sll.sll_pkttype;
  dst[11] = sll.sll_halen;
  std::memcpy(dst + 12, sll.sll_addr, 8);
}

// Moves the first `offset` bytes of the packet at bp four bytes down and
// writes {tpid, tci} after them. bp must have 4 bytes of headroom.
// Returns the new start of the packet.
inline uint8_t* reinsert_vlan(uint8_t* bp, unsigned offset, uint16_t tpid, uint16_t tci) {
  uint8_t* start = bp - kVlanTagLen;
  std::memmove(start, bp, offset);
  put_be16(start + offset, tpid);
  put_be16(start + offset + 2, tci);
  return start;
}

// libpcap's direction rules for a packet the kernel reported with
// sll_pkttype/sll_ifindex/sll_hatype on a handle capturing in `dir`.
inline bool direction_passes(uint8_t pkttype, int ifindex, uint16_t hatype, int lo_ifindex,
                             pcap_direction_t dir) {
  if (pkttype == PACKET_OUTGOING) {
    // Loopback traffic is seen twice (out, then in); keep the incoming copy.
    if (ifindex == lo_ifindex) return false;
    // CAN echoes transmitted frames back as outgoing packets.
    if (hatype == ARPHRD_CAN && dir != PCAP_D_OUT) return false;
    return dir != PCAP_D_IN;
  }
  return dir != PCAP_D_OUT;
}

}  // namespace wpcap::live
