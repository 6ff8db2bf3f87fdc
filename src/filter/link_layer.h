// link_layer.h - where headers sit for each link type (libpcap's offsets).
//
// Entry points: LinkLayer (the mutable offset state of one compilation;
// vlan/mpls/pppoes/lane shift it for the rest of the expression),
// init_link_layer(dlt), is_juniper_link(dlt). Used by codegen*.cc. The
// run-time lengths of 802.11 and radio headers are computed by
// link_prologue.cc.
#pragma once

#include <cstdint>

#include "core/result.h"

namespace wpcap::filter {

inline constexpr uint32_t kNoOffset = 0xffffffffu;

// Scratch words holding run-time header lengths (802.11 and its radio
// headers). Written once by the program's prologue (link_prologue.h) and
// never again, so a test reading them stays a function of the packet;
// arithmetic scratch words and geneve's offsets (M[0..], written mid-
// program, codegen_runtime.cc) stay below kFirstOffsetReg.
inline constexpr int kRegLinkHdr = 15;  // length of the radio header
inline constexpr int kRegLinkPl = 14;   // radio header + 802.11 MAC header
inline constexpr int kFirstOffsetReg = 14;

// The header in front of an 802.11 frame, if any.
enum class RadioHeader : uint8_t { kNone, kRadiotap, kPrism, kAvs, kPpi };

// How the variable part of an offset is computed at run time.
// kRegister: held in scratch register reg. kPflogHeader: the pflog header
// length, byte 0 rounded up to a multiple of 4, recomputed by every test
// that needs it (so each test stays a pure function of the packet).
enum class VarLen : uint8_t { kRegister, kPflogHeader };

// An offset from the start of the packet: a constant, plus (when variable)
// a length computed at run time (see VarLen).
struct AbsOffset {
  bool variable = false;
  int reg = -1;
  uint32_t constant = 0;
  VarLen len = VarLen::kRegister;
};

struct LinkLayer {
  int linktype = 0;            // DLT_ value being compiled for
  int prevlinktype = -1;
  AbsOffset off_linkhdr;       // start of the link-layer header
  AbsOffset off_prevlinkhdr;
  AbsOffset off_linktype;      // the type field (constant kNoOffset: none)
  AbsOffset off_linkpl;        // link-layer payload (network header, or LLC)
  uint32_t off_nl = 0;         // from off_linkpl to the network header (Ethernet II / SNAP)
  uint32_t off_nl_nosnap = 0;  // ... for 802.2 LLC without SNAP
  bool is_geneve = false;
  int label_stack_depth = 0;   // MPLS labels seen
  int vlan_stack_depth = 0;
  bool is_pppoes = false;
  bool linkpl_after_llc = false;
  bool is_80211 = false;       // an 802.11 MAC header follows the radio header
  RadioHeader radio = RadioHeader::kNone;
  // Raw ATM (SunATM pseudo-header): field offsets from the link header.
  bool is_atm = false;
  uint32_t off_vpi = kNoOffset, off_vci = kNoOffset, off_proto = kNoOffset, off_payload = kNoOffset;
  // SS7 MTP2/MTP3 fields, from the start of the packet (kNoOffset: none).
  uint32_t off_li = kNoOffset, off_li_hsl = kNoOffset, off_sio = kNoOffset, off_opc = kNoOffset,
           off_dpc = kNoOffset, off_sls = kNoOffset;
};

// Offsets for dlt; error "unknown data link type %d" like libpcap.
Result<LinkLayer> init_link_layer(int dlt);

// The Juniper family (a "MGC" magic and flags header on every frame).
bool is_juniper_link(int dlt);

}  // namespace wpcap::filter
