// pseudo_header.cc - byte-swapping of pseudo-headers in swapped savefiles
// and the usbmon length fix-up. Layouts: include/pcap/{usb,nflog,sll}.h and
// OpenBSD's pfloghdr (uid/pid fields in host order, the rest big-endian).
#include "capture/savefile/pseudo_header.h"

#include <pcap/dlt.h>
#include <pcap/usb.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>

namespace wpcap::savefile {
namespace {

template <typename T>
T load(const u_char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename T>
void swap_at(u_char* p) {
  T v = load<T>(p);
  if constexpr (sizeof(T) == 2) v = static_cast<T>(__builtin_bswap16(v));
  if constexpr (sizeof(T) == 4) v = static_cast<T>(__builtin_bswap32(v));
  if constexpr (sizeof(T) == 8) v = static_cast<T>(__builtin_bswap64(v));
  std::memcpy(p, &v, sizeof v);
}

// Bytes of the packet both captured and on the wire.
u_int usable(const pcap_pkthdr& h) { return h.caplen < h.len ? h.caplen : h.len; }

// pfloghdr: length(0) af action reason ifname[16] ruleset[16] rulenr(36)
// subrulenr(40) uid(44) pid(48) rule_uid(52) rule_pid(56) dir(60) pad[3].
void swap_pflog(const pcap_pkthdr& h, u_char* buf) {
  const u_int have = usable(h);
  if (have < 1) return;
  const u_int hdrlen = buf[0];
  for (u_int off : {44u, 48u, 52u, 56u}) {
    if (have < off + 4 || hdrlen < off + 4) return;
    swap_at<uint32_t>(buf + off);
  }
}

// SocketCAN frames behind a cooked header keep can_id in host order.
void swap_cooked_can(const pcap_pkthdr& h, u_char* buf, u_int hdr_len, u_int proto_off) {
  const u_int have = usable(h);
  if (have < hdr_len) return;
  const uint16_t proto = static_cast<uint16_t>(buf[proto_off] << 8 | buf[proto_off + 1]);
  if (proto != 0x000C && proto != 0x000D) return;  // LINUX_SLL_P_CAN, _CANFD
  if (have < hdr_len + 4) return;
  swap_at<uint32_t>(buf + hdr_len);
}

void swap_usb(const pcap_pkthdr& h, u_char* buf, bool mmapped) {
  const u_int have = h.caplen;
  struct Field { u_int off, size; };
  static constexpr Field kCommon[] = {{0, 8}, {12, 2}, {16, 8}, {24, 4}, {28, 4}, {32, 4}, {36, 4}};
  for (const Field& f : kCommon) {
    if (have < f.off + f.size) return;
    if (f.size == 8) swap_at<uint64_t>(buf + f.off);
    else if (f.size == 4) swap_at<uint32_t>(buf + f.off);
    else swap_at<uint16_t>(buf + f.off);
  }
  const bool iso = buf[9] == URB_ISOCHRONOUS;
  if (iso) {  // iso_rec replaces the (little-endian) setup packet
    for (u_int off : {40u, 44u}) {
      if (have < off + 4) return;
      swap_at<uint32_t>(buf + off);
    }
  }
  if (!mmapped) return;
  for (u_int off : {48u, 52u, 56u, 60u}) {
    if (have < off + 4) return;
    swap_at<uint32_t>(buf + off);
  }
  if (!iso) return;
  const uint32_t ndesc = load<uint32_t>(buf + 60);
  u_int off = 64;
  for (uint32_t i = 0; i < ndesc; ++i, off += 16) {
    for (u_int f : {0u, 4u, 8u}) {
      if (have < off + f + 4) return;
      swap_at<uint32_t>(buf + off + f);
    }
  }
}

void swap_nflog(const pcap_pkthdr& h, u_char* buf) {
  u_int caplen = h.caplen;
  u_int len = h.len;
  if (caplen < 4 || len < 4) return;
  if (buf[1] != 0) return;  // nflog_version
  u_char* p = buf + 4;
  caplen -= 4;
  len -= 4;
  while (caplen >= 4) {
    if (len < 4) return;
    swap_at<uint16_t>(p);
    swap_at<uint16_t>(p + 2);
    u_int size = load<uint16_t>(p);
    if (size % 4 != 0) size += 4 - size % 4;
    if (size < 4) return;
    if (caplen < size || len < size) return;
    p += size;
    caplen -= size;
    len -= size;
  }
}

}  // namespace

bool needs_swap(int dlt) {
  switch (dlt) {
    case DLT_PFLOG:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_USB_LINUX:
    case DLT_USB_LINUX_MMAPPED:
    case DLT_NFLOG:
      return true;
    default:
      return false;
  }
}

void swap_pseudo_header(int dlt, const pcap_pkthdr& hdr, u_char* data) {
  switch (dlt) {
    case DLT_PFLOG: swap_pflog(hdr, data); break;
    case DLT_LINUX_SLL: swap_cooked_can(hdr, data, 16, 14); break;
    case DLT_LINUX_SLL2: swap_cooked_can(hdr, data, 20, 0); break;
    case DLT_USB_LINUX: swap_usb(hdr, data, false); break;
    case DLT_USB_LINUX_MMAPPED: swap_usb(hdr, data, true); break;
    case DLT_NFLOG: swap_nflog(hdr, data); break;
    default: break;
  }
}

void fixup_usb_mmapped_len(pcap_pkthdr& hdr, const u_char* data) {
  if (hdr.caplen < 64) return;
  const char data_flag = static_cast<char>(data[15]);
  const uint32_t urb_len = load<uint32_t>(data + 32);
  const uint32_t ndesc = load<uint32_t>(data + 60);
  const uint64_t expected = 64 + uint64_t{ndesc} * 16 + urb_len;
  if (data_flag != 0 || hdr.len != expected) return;
  if (data[9] != URB_ISOCHRONOUS || data[8] != URB_COMPLETE || (data[10] & URB_TRANSFER_IN) == 0) return;
  if (ndesc > 128) return;  // not a plausible descriptor count
  uint64_t data_len = 0;
  for (uint32_t i = 0; i < ndesc; ++i) {
    const u_int off = 64 + i * 16;
    if (off + 12 > hdr.caplen) break;  // descriptor not captured
    const uint32_t d_off = load<uint32_t>(data + off + 4);
    const uint32_t d_len = load<uint32_t>(data + off + 8);
    if (d_len != 0 && uint64_t{d_off} + d_len > data_len) data_len = uint64_t{d_off} + d_len;
  }
  // Only a length that still covers what was captured replaces the old one.
  const uint64_t real = 64 + uint64_t{ndesc} * 16 + data_len;
  if (real >= hdr.caplen) hdr.len = static_cast<bpf_u_int32>(real);
}

}  // namespace wpcap::savefile
