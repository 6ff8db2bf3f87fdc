// link_prologue.h - code computing run-time header lengths (802.11 and
// its radio headers) before a program's first test.
//
// Entry points: link_prologue(radio, use) -> instructions that store the
// radio header's length in M[kRegLinkHdr] and the offset of the 802.11
// payload (LLC) in M[kRegLinkPl], computed as libpcap 1.10.3 computes them;
// libpcap_optimizes(). Offsets are declared in link_layer.h; compile.cc
// prepends the prologue to the emitted program.
#pragma once

#include <pcap/bpf.h>

#include <vector>

#include "filter/link_layer.h"

namespace wpcap::filter {

// Which run-time lengths the generated tests read.
struct OffsetUse {
  bool linkhdr = false;  // M[kRegLinkHdr]
  bool linkpl = false;   // M[kRegLinkPl]
  bool any() const { return linkhdr || linkpl; }
};

// Straight-line code with forward jumps only, all landing at or before its
// end: it falls through into the program that follows. Empty when nothing
// is used. The same packet loads as libpcap's, under the same conditions,
// so a packet too short for them is rejected alike.
std::vector<bpf_insn> link_prologue(RadioHeader radio, OffsetUse use);

// libpcap turns its optimizer off for Prism headers and whenever it
// computes the 802.11 header length (its code has branches inside a
// block); it then never reports "expression rejects all packets".
bool libpcap_optimizes(RadioHeader radio, bool is_80211, OffsetUse use);

}  // namespace wpcap::filter
