// wlan_corpus.h - test helper: 802.11 frames behind each radio header, for
// the 802.11 filter differential test (filter_wlan_diff_test.cc).
//
// Entry point: wlan_corpus(dlt) -> packets for DLT_IEEE802_11, PRISM_HEADER,
// IEEE802_11_RADIO (radiotap), IEEE802_11_RADIO_AVS and PPI: management,
// control and data frames (QoS, four-address, protected, null), LLC/SNAP
// and plain LLC payloads from filter_corpus.h, radiotap headers of several
// lengths (flags, TSFT, data pad, extended bitmaps), PPI carrying 802.11
// and other DLTs, AVS and Prism headers; then truncated copies.
#pragma once

#include <pcap/dlt.h>

#include <algorithm>
#include <string>
#include <vector>

#include "differential/filter_corpus.h"

namespace wpcap::testing {
namespace wlan_detail {

using corpus_detail::Bytes;
using corpus_detail::append;

inline Bytes mac(int which) {
  switch (which % 5) {
    case 0: return {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
    case 1: return {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    case 2: return Bytes(6, 0xff);
    case 3: return {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
    default: return {0x00, 0x11, 0x22, 0x33, 0x44, 0x56};
  }
}

// An 802.11 frame: fc0 (subtype << 4 | type << 2), fc1 (flags, DS bits),
// then as many addresses as the frame kind has; QoS control for QoS data.
struct Frame {
  uint8_t fc0, fc1;
  int seed;  // picks the addresses
  Bytes body;
  std::string what;
};

inline Bytes mac_frame(const Frame& f) {
  Bytes b{f.fc0, f.fc1, 0x3a, 0x01};
  const int type = (f.fc0 >> 2) & 3, subtype = f.fc0 >> 4;
  int naddr = 3;
  if (type == 1) naddr = (subtype == 0xc || subtype == 0xd) ? 1 : 2;  // CTS/ACK: RA only
  for (int i = 0; i < naddr; ++i) append(b, mac(f.seed + i));
  if (type == 1) return b;
  b.push_back(0x10);  // sequence control
  b.push_back(0x00);
  if (type == 2 && (f.fc1 & 3) == 3) append(b, mac(f.seed + 3));
  if (type == 2 && (subtype & 8)) {
    b.push_back(0x05);  // QoS control
    b.push_back(0x00);
  }
  append(b, f.body);
  return b;
}

inline Bytes snap(uint32_t ethertype, const Bytes& l3) {
  Bytes b{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00};
  corpus_detail::put16(b, ethertype);
  append(b, l3);
  return b;
}

inline std::vector<Frame> frames() {
  std::vector<Frame> out;
  int seed = 0;
  for (uint8_t fc0 : {0x80, 0x40, 0x50, 0x00, 0xb0, 0xc0, 0xa0})
    out.push_back({fc0, 0x00, seed++, Bytes(20, 0x11), "mgt " + std::to_string(fc0)});
  for (uint8_t fc0 : {0xb4, 0xc4, 0xd4, 0xa4, 0xe4})
    out.push_back({fc0, 0x00, seed++, {}, "ctl " + std::to_string(fc0)});
  out.push_back({0x0c, 0x00, seed++, Bytes(30, 0x22), "reserved type"});
  int i = 0;
  for (const auto& l3 : corpus_detail::l3_payloads()) {
    if (i++ % 2 && l3.ethertype != 0x0806 && l3.ethertype != 0x86dd) continue;
    static const uint8_t kFc0[] = {0x08, 0x88, 0x08, 0x88, 0x28, 0x88};
    const uint8_t fc0 = kFc0[i % 6];
    const uint8_t fc1 = static_cast<uint8_t>((i % 4) | (i % 5 == 0 ? 0x40 : 0));
    out.push_back({fc0, fc1, seed++, snap(l3.ethertype, l3.bytes), "data " + l3.what + " fc1 " + std::to_string(fc1)});
  }
  for (const Bytes& llc : {Bytes{0x42, 0x42, 0x03, 0, 0, 0, 0, 0}, Bytes{0xe0, 0xe0, 0x03, 0xff, 0xff, 0, 0x30},
                           Bytes{0xf0, 0xf0, 0x03, 1, 2, 3}, Bytes{0xfe, 0xfe, 0x03, 0x83, 0x1b, 1},
                           Bytes{0xaa, 0xaa, 0x03, 0x08, 0x00, 0x07, 0x80, 0x9b, 1, 2, 3, 4},
                           Bytes{0x06, 0x06, 0x01, 0x45, 0, 0, 20}, Bytes{0xe0, 0xe0, 0xf3, 1, 2}})
    out.push_back({0x08, static_cast<uint8_t>(seed % 3), seed++, llc, "data plain llc"});
  Bytes vlan{0x00, 0x64, 0x08, 0x00};
  append(vlan, corpus_detail::ipv4(0x0a000001, 0x0a000002, 6, corpus_detail::transport(6, 80, 443, 2)));
  out.push_back({0x08, 0x01, seed++, snap(0x8100, vlan), "data vlan 100 ip"});
  Bytes pppoe{0x11, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00, 0x21};
  append(pppoe, corpus_detail::ipv4(0x0a000001, 0x0a000002, 17, corpus_detail::transport(17, 53, 53, 0)));
  out.push_back({0x88, 0x02, seed++, snap(0x8864, pppoe), "qos data pppoe ip"});
  out.push_back({0x48, 0x01, seed++, {}, "null data"});
  out.push_back({0xc8, 0x03, seed++, {}, "qos null 4addr"});
  out.push_back({0x08, 0x43, seed++, Bytes(40, 0x5a), "protected 4addr"});
  return out;
}

inline void put16le(Bytes& b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
}
inline void put32le(Bytes& b, uint32_t v) {
  put16le(b, v & 0xffff);
  put16le(b, v >> 16);
}

// Radiotap: present bitmap, then field bytes; pad: the MAC frame is padded
// so its payload starts 4-aligned (what "data pad" announces).
struct Radiotap {
  uint32_t present;
  Bytes fields;
  bool pad;
};

inline std::vector<Radiotap> radiotaps() {
  Bytes tsft_flags(8, 0x77);
  tsft_flags.push_back(0x20);  // data pad
  tsft_flags.push_back(0x02);  // rate
  Bytes flags_fcs{0x10, 0x02, 0x00, 0x00};
  Bytes ext{0x00, 0x00, 0x00, 0x00, 0x20, 0x0c};  // second bitmap word, then flags (data pad)
  return {{0, {}, false},
          {0x02, {0x20}, true},
          {0x02, {0x00, 0x04}, false},
          {0x03, tsft_flags, true},
          {0x03, tsft_flags, false},
          {0x0e, flags_fcs, false},
          {0x80000002u, ext, false},
          {0x0000482e, Bytes(18, 0x20), true}};
}

inline Bytes radiotap_frame(const Radiotap& r, const Bytes& mac_bytes, bool qos_data) {
  Bytes b{0x00, 0x00};
  put16le(b, static_cast<uint32_t>(8 + r.fields.size()));
  put32le(b, r.present);
  append(b, r.fields);
  if (!r.pad) {
    append(b, mac_bytes);
    return b;
  }
  const size_t hdr = qos_data ? 26 : 24;
  Bytes m(mac_bytes.begin(), mac_bytes.begin() + static_cast<long>(std::min(hdr, mac_bytes.size())));
  append(b, m);
  while (b.size() % 4) b.push_back(0);
  if (mac_bytes.size() > hdr) b.insert(b.end(), mac_bytes.begin() + static_cast<long>(hdr), mac_bytes.end());
  return b;
}

inline Bytes ppi(uint32_t dlt, size_t len, const Bytes& payload) {
  Bytes b{0x00, 0x00};
  put16le(b, static_cast<uint32_t>(len));
  put32le(b, dlt);
  while (b.size() < len) b.push_back(static_cast<uint8_t>(b.size()));
  append(b, payload);
  return b;
}

// AVS capture header (big-endian): magic, length, then fields.
inline Bytes avs(uint32_t magic, uint32_t len, const Bytes& payload) {
  Bytes b;
  corpus_detail::put32(b, magic);
  corpus_detail::put32(b, len);
  while (b.size() < len) b.push_back(static_cast<uint8_t>(b.size() * 3));
  append(b, payload);
  return b;
}

inline Bytes prism(const Bytes& payload) {
  Bytes b;
  put32le(b, 0x44);   // msgcode
  put32le(b, 144);    // msglen
  while (b.size() < 144) b.push_back(static_cast<uint8_t>(b.size()));
  append(b, payload);
  return b;
}

}  // namespace wlan_detail

inline std::vector<FilterPacket> wlan_corpus(int dlt) {
  using namespace wlan_detail;
  std::vector<FilterPacket> out;
  std::vector<size_t> radio_len;
  int i = 0;
  for (const Frame& f : frames()) {
    const Bytes m = mac_frame(f);
    const bool qos_data = ((f.fc0 >> 2) & 3) == 2 && (f.fc0 & 0x80);
    auto add = [&](Bytes b, const std::string& what, size_t rl) {
      out.push_back({std::move(b), false, what + " / " + f.what});
      radio_len.push_back(rl);
    };
    switch (dlt) {
      case DLT_IEEE802_11: add(m, "802.11", 0); break;
      case DLT_IEEE802_11_RADIO: {
        const auto rts = radiotaps();
        const Radiotap& r = rts[static_cast<size_t>(i) % rts.size()];
        add(radiotap_frame(r, m, qos_data), "radiotap " + std::to_string(8 + r.fields.size()), 8 + r.fields.size());
        if (i % 3 == 0) add(radiotap_frame(rts[1], m, qos_data), "radiotap pad", 9);
        break;
      }
      case DLT_PPI: {
        size_t len = i % 3 == 0 ? 8 : i % 3 == 1 ? 20 : 32;
        add(ppi(105, len, m), "ppi 802.11", len);
        if (i % 4 == 0) add(ppi(127, 8, radiotap_frame(radiotaps()[0], m, false)), "ppi radiotap", 8);
        if (i % 4 == 1) {
          Bytes e = corpus_detail::eth(mac(0), mac(1), 0x0800, Bytes(m.begin() + std::min<long>(24, static_cast<long>(m.size())), m.end()));
          add(ppi(1, 8, e), "ppi ethernet", 8);
        }
        break;
      }
      case DLT_IEEE802_11_RADIO_AVS: add(avs(0x80211001, i % 2 ? 64 : 72, m), "avs", i % 2 ? 64 : 72); break;
      case DLT_PRISM_HEADER:
        add(prism(m), "prism", 144);
        if (i % 3 == 0) add(avs(0x80211001, 64, m), "prism file, avs header", 64);
        break;
      default: break;
    }
    ++i;
  }
  // Truncated copies: inside the radio header, at the MAC header, inside it.
  const size_t whole = out.size();
  for (size_t k = 0; k < whole; k += 3) {
    const Bytes& b = out[k].bytes;
    for (size_t cut : {size_t{1}, size_t{3}, size_t{6}, size_t{9}, radio_len[k], radio_len[k] + 1, radio_len[k] + 12,
                       radio_len[k] + 25, radio_len[k] + 33, b.size() - 1}) {
      if (cut == 0 || cut >= b.size()) continue;
      out.push_back({Bytes(b.begin(), b.begin() + static_cast<long>(cut)), true,
                     out[k].what + " cut at " + std::to_string(cut)});
    }
  }
  return out;
}

}  // namespace wpcap::testing
