// pseudo_header_test.cc - which link types get their pseudo-header swapped
// in byte-swapped savefiles, which fields, the caplen/len bounds, and the
// usbmon isochronous length fix-up. (The differential tests check the same
// against the system libpcap on generated traffic.)
#include "capture/savefile/pseudo_header.h"

#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace wpcap::savefile {
namespace {

using Bytes = std::vector<uint8_t>;

pcap_pkthdr hdr(uint32_t caplen, uint32_t len) {
  pcap_pkthdr h{};
  h.caplen = caplen;
  h.len = len;
  return h;
}

uint32_t u32_at(const Bytes& b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;
}

void put32(Bytes& b, size_t off, uint32_t v) { std::memcpy(b.data() + off, &v, 4); }

TEST(PseudoHeader, WhichLinkTypes) {
  for (int dlt : {DLT_PFLOG, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_USB_LINUX, DLT_USB_LINUX_MMAPPED, DLT_NFLOG}) {
    EXPECT_TRUE(needs_swap(dlt)) << dlt;
  }
  for (int dlt : {DLT_EN10MB, DLT_RAW, DLT_NULL, DLT_LOOP, DLT_CAN_SOCKETCAN, DLT_IEEE802_11_RADIO}) {
    EXPECT_FALSE(needs_swap(dlt)) << dlt;
  }
}

TEST(PseudoHeader, PflogSwapsOnlyIdsCoveredByHeaderLength) {
  struct Case {
    uint8_t hdrlen;
    uint32_t caplen;
    std::vector<size_t> swapped;  // offsets of uid, pid, rule_uid, rule_pid that change
  } cases[] = {
      {64, 64, {44, 48, 52, 56}},
      {52, 64, {44, 48}},  // header ends after pid
      {64, 50, {44}},      // capture ends inside pid
      {40, 64, {}},
  };
  for (const Case& c : cases) {
    Bytes b(64, 0);
    b[0] = c.hdrlen;
    for (size_t off : {36, 40, 44, 48, 52, 56}) put32(b, off, 0x01020304);
    Bytes before = b;
    swap_pseudo_header(DLT_PFLOG, hdr(c.caplen, 64), b.data());
    for (size_t off : {36, 40, 44, 48, 52, 56}) {
      bool want = std::find(c.swapped.begin(), c.swapped.end(), off) != c.swapped.end();
      EXPECT_EQ(u32_at(b, off), want ? 0x04030201u : 0x01020304u) << "hdrlen " << int(c.hdrlen) << " off " << off;
    }
  }
}

TEST(PseudoHeader, CookedCanIdOnlyForCanProtocols) {
  struct Case {
    int dlt;
    uint16_t proto;
    bool swapped;
  } cases[] = {
      {DLT_LINUX_SLL, 0x000C, true}, {DLT_LINUX_SLL, 0x000D, true}, {DLT_LINUX_SLL, 0x0800, false},
      {DLT_LINUX_SLL2, 0x000C, true}, {DLT_LINUX_SLL2, 0x86dd, false},
  };
  for (const Case& c : cases) {
    const size_t hlen = c.dlt == DLT_LINUX_SLL ? 16 : 20;
    const size_t poff = c.dlt == DLT_LINUX_SLL ? 14 : 0;
    Bytes b(hlen + 8, 0);
    b[poff] = static_cast<uint8_t>(c.proto >> 8);
    b[poff + 1] = static_cast<uint8_t>(c.proto);
    put32(b, hlen, 0x11223344);
    swap_pseudo_header(c.dlt, hdr(static_cast<uint32_t>(b.size()), static_cast<uint32_t>(b.size())), b.data());
    EXPECT_EQ(u32_at(b, hlen), c.swapped ? 0x44332211u : 0x11223344u) << c.dlt << " " << c.proto;
  }
  Bytes cut(18, 0x5a);  // CAN id not captured: untouched, no overrun
  cut[14] = 0;
  cut[15] = 0x0C;
  const Bytes before = cut;
  swap_pseudo_header(DLT_LINUX_SLL, hdr(18, 40), cut.data());
  EXPECT_EQ(cut, before);
}

TEST(PseudoHeader, UsbHeaderFields) {
  Bytes b(64, 0);
  const uint64_t id = 0x0102030405060708ull;
  std::memcpy(b.data(), &id, 8);
  b[9] = 2;  // control transfer: setup bytes stay as they are
  put32(b, 28, 0xa0b0c0d0);
  put32(b, 40, 0x11223344);
  put32(b, 60, 0x01000000);
  swap_pseudo_header(DLT_USB_LINUX_MMAPPED, hdr(64, 64), b.data());
  uint64_t got;
  std::memcpy(&got, b.data(), 8);
  EXPECT_EQ(got, 0x0807060504030201ull);
  EXPECT_EQ(u32_at(b, 28), 0xd0c0b0a0u);
  EXPECT_EQ(u32_at(b, 40), 0x11223344u);  // setup packet untouched
  EXPECT_EQ(u32_at(b, 60), 1u);           // ndesc swapped
  Bytes iso(48, 0);
  iso[9] = 0;  // isochronous: error_count/numdesc swapped
  put32(iso, 40, 0x01000000);
  swap_pseudo_header(DLT_USB_LINUX, hdr(48, 48), iso.data());
  EXPECT_EQ(u32_at(iso, 40), 1u);
}

TEST(PseudoHeader, NflogTlvs) {
  Bytes b(4 + 8 + 8, 0);
  b[1] = 0;  // version 0
  const uint16_t len1 = 0x0800, type1 = 0x0100;  // 8 and 1, byte-swapped
  std::memcpy(&b[4], &len1, 2);
  std::memcpy(&b[6], &type1, 2);
  const uint16_t len2 = 0x0500, type2 = 0x0900;
  std::memcpy(&b[12], &len2, 2);
  std::memcpy(&b[14], &type2, 2);
  swap_pseudo_header(DLT_NFLOG, hdr(20, 20), b.data());
  uint16_t l1, t2;
  std::memcpy(&l1, &b[4], 2);
  std::memcpy(&t2, &b[14], 2);
  EXPECT_EQ(l1, 8);
  EXPECT_EQ(t2, 9);
}

TEST(PseudoHeader, UsbMmappedIsoLengthFixup) {
  Bytes b(64 + 2 * 16 + 100, 0);
  b[8] = 'C';
  b[9] = 0;      // isochronous
  b[10] = 0x81;  // IN endpoint
  b[15] = 0;     // data present
  put32(b, 32, 100);  // urb_len
  put32(b, 60, 2);    // ndesc
  put32(b, 64 + 4, 0);
  put32(b, 64 + 8, 10);  // desc 0: offset 0, len 10
  put32(b, 80 + 4, 40);
  put32(b, 80 + 8, 20);  // desc 1: offset 40, len 20 -> data ends at 60
  // Data ends at offset 60 of the URB: the real length is 64 + 32 + 60 = 156.
  pcap_pkthdr cut = hdr(156, 64 + 32 + 100);
  fixup_usb_mmapped_len(cut, b.data());
  EXPECT_EQ(cut.len, 156u);
  pcap_pkthdr shorter = hdr(120, 64 + 32 + 100);
  fixup_usb_mmapped_len(shorter, b.data());
  EXPECT_EQ(shorter.len, 156u);
  pcap_pkthdr whole = hdr(static_cast<uint32_t>(b.size()), 64 + 32 + 100);
  fixup_usb_mmapped_len(whole, b.data());
  EXPECT_EQ(whole.len, 196u);  // 156 < caplen 196: left alone (libpcap does the same)
  pcap_pkthdr other = hdr(static_cast<uint32_t>(b.size()), 500);
  fixup_usb_mmapped_len(other, b.data());
  EXPECT_EQ(other.len, 500u);  // not the miscomputed length: left alone
}

}  // namespace
}  // namespace wpcap::savefile
