// filter_linktypes_corpus.h - test helper: frames for the link types with
// their own headers and primitives (filter_linktypes_diff_test.cc).
//
// Entry point: linktype_corpus(dlt) -> frames (then truncated copies):
// SunATM cells (LLC, LANE data and LE Control, signalling and OAM
// circuits), pflog records (every action/reason, names, rule numbers,
// directions, header lengths), MTP2 signal units of each length-indicator
// class with MTP3 labels (plain, with pseudo-header, in ERF records with and
// without extension headers), Frame Relay NLPIDs, Cisco HDLC, Juniper
// headers with and without cookies, IPNET, BACnet MS/TP. Network payloads
// come from filter_corpus.h.
#pragma once

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include "differential/filter_corpus.h"

namespace wpcap::testing {
namespace linktypes_detail {

using corpus_detail::append;
using corpus_detail::Bytes;
using corpus_detail::L3;
using corpus_detail::put16;
using corpus_detail::put32;

inline Bytes snap(uint32_t ethertype) {
  Bytes b{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00};
  put16(b, ethertype);
  return b;
}

// 802.2 bodies without SNAP: STP, OSI (CLNP/ES-IS/IS-IS), IPX, NetBEUI and
// the LLC frame kinds (I, S, U).
inline std::vector<std::pair<Bytes, std::string>> llc_bodies() {
  return {{{0x42, 0x42, 0x03, 0, 0, 0, 0}, "stp"},
          {{0xfe, 0xfe, 0x03, 0x81, 0x1b, 0x01, 0, 0}, "clnp"},
          {{0xfe, 0xfe, 0x03, 0x82, 0x1b, 0x01, 0, 0}, "esis"},
          {{0xfe, 0xfe, 0x03, 0x83, 0x1b, 0x01, 0x00, 0x0f, 0, 0}, "isis iih"},
          {{0xe0, 0xe0, 0x03, 0xff, 0xff}, "ipx"},
          {{0xf0, 0xf0, 0x03, 1, 2}, "netbeui"},
          {{0x42, 0x42, 0x00, 1, 2}, "llc i"},
          {{0x42, 0x42, 0x05, 1, 2}, "llc s rnr"},
          {{0x42, 0x42, 0xaf, 1, 2}, "llc u xid"},
          {{0xaa, 0xaa, 0x03, 0x08, 0x00, 0x07, 0x80, 0x9b, 1, 2}, "atalk snap"}};
}

// SunATM: flags/type byte (low 4 bits: 1 LANE, 2 LLC), VPI, VCI.
inline Bytes atm_hdr(uint8_t type, uint8_t vpi, uint16_t vci) {
  Bytes b{type, vpi};
  put16(b, vci);
  return b;
}

inline std::vector<FilterPacket> sunatm() {
  std::vector<FilterPacket> out;
  uint8_t i = 0;
  for (const L3& l3 : corpus_detail::l3_payloads()) {
    Bytes b = atm_hdr(i % 4 == 3 ? 0x82 : 0x02, i % 3, static_cast<uint16_t>(32 + i % 5));
    append(b, snap(l3.ethertype));
    append(b, l3.bytes);
    out.push_back({b, false, "atm llc " + l3.what});
    if (i++ % 2 == 0) {  // LANE: 2-byte LEC id, then an Ethernet frame
      Bytes lane = atm_hdr(0x01, 1, 40);
      put16(lane, i % 4 == 0 ? 0xff00 : 0x0001);
      Bytes dst = i % 3 == 0 ? Bytes(6, 0xff) : i % 3 == 1 ? Bytes{0x01, 0, 0x5e, 0, 0, 1} : Bytes{0, 0x11, 0x22, 0x33, 0x44, 0x55};
      append(lane, corpus_detail::eth(dst, {2, 0, 0, 0, 0, 1}, l3.ethertype, l3.bytes));
      out.push_back({lane, false, std::string(i % 4 == 0 ? "lane control " : "lane ") + l3.what});
    }
  }
  for (const auto& [body, what] : llc_bodies()) {
    Bytes b = atm_hdr(0x02, 0, 100);
    append(b, body);
    append(b, Bytes(24, 7));
    out.push_back({b, false, "atm " + what});
  }
  Bytes vlan_lane = atm_hdr(0x01, 0, 50);
  append(vlan_lane, {0, 1});
  Bytes tagged{0x00, 0x64, 0x08, 0x00};
  append(tagged, corpus_detail::l3_payloads()[0].bytes);
  append(vlan_lane, corpus_detail::eth({0, 0x11, 0x22, 0x33, 0x44, 0x55}, {2, 0, 0, 0, 0, 1}, 0x8100, tagged));
  out.push_back({vlan_lane, false, "lane vlan"});
  // Signalling and OAM circuits: Q.2931 message type at payload + 5.
  const uint8_t kMsgs[] = {0x05, 0x02, 0x07, 0x0f, 0x4d, 0x5a, 0x99};
  for (uint16_t vci : {1, 2, 3, 4, 5, 16, 17}) {
    for (uint8_t vpi : {0, 1}) {
      for (uint8_t m : kMsgs) {
        if (vci > 5 && m != 0x05) continue;
        Bytes b = atm_hdr(vci == 5 ? 0x06 : 0x00, vpi, vci);
        append(b, {0x09, 0x03, 0x00, 0x00, 0x01, m, 0x80, 0x00, 0x00, 0x00});
        out.push_back({b, false, "atm vpi " + std::to_string(vpi) + " vci " + std::to_string(vci) + " msg " + std::to_string(m)});
      }
    }
  }
  return out;
}

// struct pfloghdr (61 bytes on OpenBSD, padded to 64): length, af, action,
// reason, ifname[16], ruleset[16], rulenr, subrulenr, uid, pid, rule_uid,
// rule_pid, dir; the packet follows at length rounded up to 4.
inline Bytes pflog_hdr(uint8_t len, uint8_t af, uint8_t action, uint8_t reason, const std::string& ifname,
                       const std::string& ruleset, uint32_t rnr, uint32_t srnr, uint8_t dir) {
  Bytes b{len, af, action, reason};
  Bytes name(16, 0), rs(16, 0);
  for (size_t k = 0; k < ifname.size() && k < 16; ++k) name[k] = static_cast<uint8_t>(ifname[k]);
  for (size_t k = 0; k < ruleset.size() && k < 16; ++k) rs[k] = static_cast<uint8_t>(ruleset[k]);
  append(b, name);
  append(b, rs);
  put32(b, rnr);
  put32(b, srnr);
  append(b, Bytes(16, 0x11));
  b.push_back(dir);
  b.resize((len + 3u) & ~3u, 0);
  return b;
}

inline std::vector<FilterPacket> pflog() {
  std::vector<FilterPacket> out;
  const char* kIfs[] = {"eth0", "em0", "pflog0", "lo0", "0123456789abcde", "eth"};
  const char* kSets[] = {"", "foo", "main/anchor", "0123456789abcde"};
  const uint8_t kLens[] = {61, 64, 45, 70};
  uint32_t i = 0;
  for (const L3& l3 : corpus_detail::l3_payloads()) {
    uint8_t af = l3.ethertype == 0x0800 ? 2 : l3.ethertype == 0x86dd ? (i % 3 == 2 ? 24 : 10) : 0;
    Bytes b = pflog_hdr(kLens[i % 4], af, static_cast<uint8_t>(i % 12), static_cast<uint8_t>(i % 16),
                        kIfs[i % 6], kSets[i % 4], i % 7, i % 5, static_cast<uint8_t>(i % 3));
    append(b, l3.bytes);
    out.push_back({b, false, "pflog " + l3.what});
    ++i;
  }
  for (uint8_t action = 0; action <= 11; ++action) {
    Bytes b = pflog_hdr(61, 2, action, static_cast<uint8_t>(14 - action), kIfs[action % 6], kSets[action % 4],
                        action, 0xffffffffu - action, static_cast<uint8_t>(1 + action % 2));
    append(b, corpus_detail::l3_payloads()[action % 10].bytes);
    out.push_back({b, false, "pflog action " + std::to_string(action)});
  }
  return out;
}

// MTP2 signal unit: BSN/BIB, FSN/FIB, LI (6 bits, 2 spare), then SIO and
// the MTP3 routing label (ITU: DPC 14 bits, OPC 14 bits, SLS 4 bits, LE).
inline Bytes mtp2_su(uint8_t li, uint8_t sio, uint32_t dpc, uint32_t opc, uint32_t sls) {
  Bytes b{0x81, 0x82, li};
  if ((li & 0x3f) == 0) return b;  // FISU
  b.push_back(sio);
  uint32_t label = (dpc & 0x3fff) | ((opc & 0x3fff) << 14) | ((sls & 0xf) << 28);
  for (int k = 0; k < 4; ++k) b.push_back(static_cast<uint8_t>(label >> (8 * k)));
  append(b, Bytes{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
  return b;
}

inline std::vector<FilterPacket> ss7(int dlt) {
  std::vector<FilterPacket> out;
  const uint8_t kLis[] = {0, 1, 2, 3, 20, 63, 0x40, 0xc2, 0x83};
  const uint8_t kSios[] = {0x03, 0x83, 0x05, 0x00, 0xff};
  uint32_t i = 0;
  for (uint8_t li : kLis) {
    for (uint8_t sio : kSios) {
      Bytes su = mtp2_su(li, sio, 1234 + i * 97, 4321 + i * 31, i % 16);
      Bytes b;
      if (dlt == DLT_MTP2_WITH_PHDR) b = {static_cast<uint8_t>(i % 2), 0, 0, static_cast<uint8_t>(i)};
      if (dlt == DLT_ERF) {
        // ERF record: timestamp, type (MC_HDLC 5; 0x80 = extension
        // headers follow), flags, rlen, lctr, wlen; extension headers;
        // then the 4-byte MC HDLC header. libpcap reads fixed offsets.
        const bool ext = i % 3 == 0;
        b = Bytes(8, 0x01);
        b.push_back(ext ? 0x85 : 0x05);
        b.push_back(0x04);
        put16(b, 40);
        put16(b, 0);
        put16(b, 24);
        if (ext) append(b, Bytes{0x01, 0, 0, 0, 0, 0, 0, 7});
        append(b, Bytes{0, 0, 0, static_cast<uint8_t>(i)});
      }
      append(b, su);
      out.push_back({b, false, "mtp2 li " + std::to_string(li) + " sio " + std::to_string(sio)});
      ++i;
    }
  }
  // High-speed links: the length indicator is 9 bits of a halfword.
  for (uint16_t hli : {0x0000, 0x0080, 0x0100, 0x0180, 0x4000, 0xff80, 0x007f}) {
    Bytes b = dlt == DLT_MTP2 ? Bytes{} : dlt == DLT_ERF ? Bytes(20, 0x05) : Bytes{0, 0, 0, 1};
    append(b, {0x81, 0x82, 0x83, 0x84});
    put16(b, hli);
    append(b, {0x03, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70});
    out.push_back({b, false, "mtp2 hsl li " + std::to_string(hli)});
  }
  return out;
}

inline std::vector<FilterPacket> frelay() {
  std::vector<FilterPacket> out;
  for (const L3& l3 : corpus_detail::l3_payloads()) {
    uint8_t nlpid = l3.ethertype == 0x0800 ? 0xcc : l3.ethertype == 0x86dd ? 0x8e : 0x80;
    Bytes b{0x04, 0x01, 0x03, nlpid};
    if (nlpid == 0x80) append(b, Bytes{0, 0, 0, static_cast<uint8_t>(l3.ethertype >> 8), static_cast<uint8_t>(l3.ethertype)});
    append(b, l3.bytes);
    out.push_back({b, false, "fr " + l3.what});
  }
  for (uint8_t nlpid : {0x81, 0x82, 0x83}) {
    Bytes b{0x04, 0x01, 0x03, nlpid, 0x1b, 0x01, 0x00, 0x0f};
    append(b, Bytes(30, 9));
    out.push_back({b, false, "fr osi " + std::to_string(nlpid)});
  }
  return out;
}

inline std::vector<FilterPacket> hdlc() {
  std::vector<FilterPacket> out;
  for (const L3& l3 : corpus_detail::l3_payloads()) {
    Bytes b{0x0f, 0x00};
    put16(b, l3.ethertype);
    append(b, l3.bytes);
    out.push_back({b, false, "hdlc " + l3.what});
  }
  for (uint8_t nlpid : {0x81, 0x82, 0x83}) {
    Bytes b{0x0f, 0x00, 0xfe, 0xfe, 0x03, nlpid, 0x1b, 0x01, 0x00, 0x14};
    append(b, Bytes(30, 9));
    out.push_back({b, false, "hdlc osi " + std::to_string(nlpid)});
  }
  Bytes mpls{0x0f, 0x00, 0x88, 0x47, 0x00, 0x01, 0x01, 0x40};
  append(mpls, corpus_detail::l3_payloads()[0].bytes);
  out.push_back({mpls, false, "hdlc mpls"});
  return out;
}

inline constexpr uint32_t kNoPayload = 0xffffffff;

// Juniper: "MGC" magic, flags (bit 0: inbound; 0x80: extension TLVs with
// a 2-byte length follow), then cookies and the payload. libpcap reads the
// payload at a fixed offset per type; the corpus puts it there and, with
// cookies, elsewhere.
inline std::vector<FilterPacket> juniper(int dlt, uint32_t payload_at) {
  std::vector<FilterPacket> out;
  uint32_t i = 0;
  for (const L3& l3 : corpus_detail::l3_payloads()) {
    const bool ext = i % 4 == 3;
    Bytes b{'M', 'G', i % 7 == 6 ? uint8_t{'X'} : uint8_t{'C'}, static_cast<uint8_t>((i % 2) | (ext ? 0x80 : 0))};
    if (ext) append(b, Bytes{0, 4, 1, 2, 0, 0});
    if (payload_at != kNoPayload && !ext) {
      while (b.size() + (dlt == DLT_JUNIPER_ETHER || dlt == DLT_JUNIPER_PPPOE ? 14u : 0u) < payload_at)
        b.push_back(static_cast<uint8_t>(0x20 + b.size()));
    }
    if (dlt == DLT_JUNIPER_ETHER || dlt == DLT_JUNIPER_PPPOE) {
      append(b, corpus_detail::eth({0, 0x11, 0x22, 0x33, 0x44, 0x55}, {2, 0, 0, 0, 0, 1}, l3.ethertype, l3.bytes));
    } else {
      append(b, l3.bytes);
    }
    out.push_back({b, false, "juniper " + l3.what + (ext ? " with cookies" : "")});
    ++i;
  }
  return out;
}
inline std::vector<FilterPacket> ipnet() {
  std::vector<FilterPacket> out;
  uint32_t i = 0;
  for (const L3& l3 : corpus_detail::l3_payloads()) {
    uint8_t fam = l3.ethertype == 0x0800 ? 2 : l3.ethertype == 0x86dd ? 26 : 0;
    Bytes b{1, fam};
    put16(b, 1 + i % 2);  // IPNET_OUTBOUND 1, IPNET_INBOUND 2
    put32(b, static_cast<uint32_t>(l3.bytes.size()));
    put32(b, 2);
    put32(b, 0);
    put32(b, 0);
    put32(b, 0);
    append(b, l3.bytes);
    out.push_back({b, false, "ipnet " + l3.what});
    ++i;
  }
  return out;
}

inline std::vector<FilterPacket> bacnet() {
  std::vector<FilterPacket> out;
  uint32_t i = 0;
  for (const L3& l3 : corpus_detail::l3_payloads()) {
    Bytes b{0x55, static_cast<uint8_t>(i % 5 == 4 ? 0xfe : 0xff), 0x05, 0x0c, 0x01};
    append(b, l3.bytes);
    out.push_back({b, false, "bacnet " + l3.what});
    ++i;
  }
  return out;
}

}  // namespace linktypes_detail

// Where libpcap 1.10.3 expects the network header of each Juniper type
// (kNoPayload: it does not know).
inline uint32_t juniper_payload_offset(int dlt) {
  switch (dlt) {
    case DLT_JUNIPER_ETHER: case DLT_JUNIPER_PPPOE: return 32;
    case DLT_JUNIPER_GGSN: case DLT_JUNIPER_MONITOR: return 12;
    case DLT_JUNIPER_ATM2: return 8;
    case DLT_JUNIPER_PPPOE_ATM: return 6;
    case DLT_JUNIPER_MLPPP: case DLT_JUNIPER_MLFR: case DLT_JUNIPER_MFR: case DLT_JUNIPER_PPP:
    case DLT_JUNIPER_CHDLC: case DLT_JUNIPER_FRELAY: case DLT_JUNIPER_ATM1:
      return 4;
    default: return linktypes_detail::kNoPayload;
  }
}

inline std::vector<FilterPacket> linktype_corpus(int dlt) {
  using namespace linktypes_detail;
  std::vector<FilterPacket> out;
  switch (dlt) {
    case DLT_SUNATM: out = sunatm(); break;
    case DLT_PFLOG: out = pflog(); break;
    case DLT_MTP2: case DLT_MTP2_WITH_PHDR: case DLT_ERF: out = ss7(dlt); break;
    case DLT_FRELAY: out = frelay(); break;
    case DLT_HDLC: out = hdlc(); break;
    case DLT_IPNET: out = ipnet(); break;
    case DLT_BACNET_MS_TP: out = bacnet(); break;
    default: out = juniper(dlt, juniper_payload_offset(dlt)); break;
  }
  size_t whole = out.size();
  for (size_t i = 0; i < whole; i += 3) {
    for (size_t cut : {size_t{0}, size_t{1}, size_t{3}, size_t{7}, size_t{20}, size_t{30}, size_t{50}, size_t{70}}) {
      if (cut < out[i].bytes.size()) {
        FilterPacket t = out[i];
        t.bytes.resize(cut);
        t.truncated = true;
        t.what += " truncated to " + std::to_string(cut);
        out.push_back(t);
      }
    }
  }
  return out;
}

}  // namespace wpcap::testing
