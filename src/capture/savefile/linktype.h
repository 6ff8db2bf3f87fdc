// linktype.h - the LINKTYPE_* <-> DLT_* facts the savefile code needs.
//
// Entry points: linktype_to_dlt(), dlt_to_linktype(), max_snaplen_for_dlt(),
// adjust_snapshot(). A small local table until core/dlt_table.h (owned by
// the DLT-table engineer) lands; then these forward to it.
#pragma once

#include <pcap/dlt.h>

#include <cstdint>

namespace wpcap::savefile {

constexpr int kMaxSnaplenDefault = 262144;

// LINKTYPE_* value in a file -> DLT_* value of the handle (Linux numbering).
constexpr int linktype_to_dlt(int lt) {
  switch (lt) {
    case 100: return DLT_ATM_RFC1483;
    case 101: return DLT_RAW;
    case 102: return DLT_SLIP_BSDOS;
    case 103: return DLT_PPP_BSDOS;
    case 106: return DLT_ATM_CLIP;
    case 112: return DLT_HDLC;
    default: return lt;
  }
}

// DLT_* -> LINKTYPE_*; -1 when the DLT cannot be written to a savefile.
constexpr int dlt_to_linktype(int dlt) {
  switch (dlt) {
    case DLT_ATM_RFC1483: return 100;
    case DLT_RAW: return 101;
    case DLT_SLIP_BSDOS: return 102;
    case DLT_PPP_BSDOS: return 103;
    case DLT_ATM_CLIP: return 106;
    case DLT_HDLC: return 112;
    default: break;
  }
  if (dlt >= 0 && dlt <= 10) return dlt;  // LINKTYPE_LOW matching range
  if (dlt >= 104 && dlt <= 304) return dlt;  // LINKTYPE_HIGH matching range
  // Values whose DLT and LINKTYPE agree outside the matching ranges.
  if (dlt == DLT_REDBACK_SMARTEDGE || dlt == DLT_PPP_SERIAL || dlt == DLT_PPP_ETHER ||
      dlt == DLT_SYMANTEC_FIREWALL)
    return dlt;
  return -1;
}

constexpr uint32_t max_snaplen_for_dlt(int dlt) {
  switch (dlt) {
    case DLT_DBUS: return 128 * 1024 * 1024;
    case DLT_EBHSCR: return 8 * 1024 * 1024;
    case DLT_USBPCAP: return 1024 * 1024;
    default: return kMaxSnaplenDefault;
  }
}

// A file's snaplen as the handle's snapshot: 0 or > INT_MAX -> the DLT's max.
constexpr int adjust_snapshot(int dlt, uint32_t snaplen) {
  if (snaplen == 0 || snaplen > 0x7fffffffu) return static_cast<int>(max_snaplen_for_dlt(dlt));
  return static_cast<int>(snaplen);
}

}  // namespace wpcap::savefile
