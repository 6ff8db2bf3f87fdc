// pseudo_header.h - per-packet fix-ups of savefile records.
//
// Entry points: needs_swap(), swap_pseudo_header(), fixup_usb_mmapped_len().
// Some link types start with a pseudo-header written in the capturing
// host's byte order (pflog, usbmon, NFLOG TLVs, the SocketCAN ID behind a
// cooked header). A reader of a byte-swapped file copies such packets into
// a scratch buffer (never into a read-only mapping) and swaps them here.
#pragma once

#include <pcap/pcap.h>

namespace wpcap::savefile {

// True if packets of this DLT carry a host-byte-order pseudo-header.
bool needs_swap(int dlt);

// Swaps the pseudo-header of one packet in place; touches only bytes that
// lie within both hdr.caplen and hdr.len.
void swap_pseudo_header(int dlt, const pcap_pkthdr& hdr, u_char* data);

// DLT_USB_LINUX_MMAPPED: older captures stored a wrong on-the-wire length
// for completed incoming isochronous transfers; recompute it from the
// descriptors (reads only, so it works on mapped data).
void fixup_usb_mmapped_len(pcap_pkthdr& hdr, const u_char* data);

}  // namespace wpcap::savefile
