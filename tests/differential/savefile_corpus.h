// savefile_corpus.h - the generated savefile corpus for differential tests:
// pcap (µs, ns and Kuznetzov magics, both byte orders, many link types,
// 2.3 and 2.2 versions, snapped packets) and pcapng (both byte orders,
// several sections and interfaces, if_tsresol/if_tsoffset, SPB/PB, skipped
// blocks), plus malformed variants (truncations and corrupted lengths).
//
// Entry points: good_corpus(), malformed_corpus(), fixture_corpus(). Header-only.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "testing/savefile_builder.h"

namespace wpcap::testing {

struct CorpusFile {
  std::string name;
  Bytes bytes;
};

namespace corpus_detail {

inline const std::vector<uint32_t>& link_types() {
  static const std::vector<uint32_t> kTypes = {1, 113, 276, 101, 0, 108, 228, 229, 117, 189, 220, 239, 147};
  return kTypes;
}

inline uint32_t rnd(uint32_t x) {
  x ^= x >> 16;
  x *= 0x45d9f3b;
  x ^= x >> 16;
  return x;
}

inline Bytes pcap_file(uint32_t magic, bool be, uint32_t lt, uint32_t snaplen, uint16_t minor, int packets,
                       uint32_t seed) {
  PcapBuilder::Header h;
  h.magic = magic;
  h.big_endian = be;
  h.linktype = lt;
  h.snaplen = snaplen;
  h.minor = minor;
  PcapBuilder b(h);
  const bool nano = magic == 0xa1b23c4d;
  for (int i = 0; i < packets; ++i) {
    const uint32_t s = rnd(seed + static_cast<uint32_t>(i));
    const uint32_t dlt = lt == 101 ? 12 : lt;
    Bytes pkt = make_traffic_packet(static_cast<int>(dlt), s, traffic_size(s));
    uint32_t len = static_cast<uint32_t>(pkt.size());
    if (snaplen != 0 && pkt.size() > snaplen) pkt.resize(snaplen);
    const uint32_t sec = i == 3 ? 0xfffffff0u : 1700000000u + static_cast<uint32_t>(i);
    const uint32_t frac = nano ? s % 1000000000u : s % 1000000u;
    if (minor < 3) {  // old files stored len before caplen
      b.record(sec, frac, len, static_cast<uint32_t>(pkt.size()), pkt);
    } else {
      b.record(sec, frac, static_cast<uint32_t>(pkt.size()), len, pkt);
    }
  }
  return b.bytes();
}

inline Bytes pcapng_file(bool be, uint32_t lt, int variant, int packets, uint32_t seed) {
  PcapngBuilder b(be);
  auto cat = [](Bytes a, const Bytes& c) {
    a.insert(a.end(), c.begin(), c.end());
    return a;
  };
  const uint16_t lt16 = static_cast<uint16_t>(lt);
  const uint8_t kNrb[] = {1, 0, 6, 0, 10, 0, 0, 1, 'h', 'o', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0};
  Bytes shb_opts = cat(b.opt(2, Bytes{'x', '8', '6'}), b.end());
  b.shb(1, 0, variant == 1 ? shb_opts : Bytes{});
  b.idb(lt16, 65535, variant >= 1 ? cat(cat(b.opt(2, Bytes{'e', 't', 'h', '0'}), b.tsresol(9)), b.end()) : Bytes{});
  if (variant >= 1) {
    b.block(4, kNrb);
    b.idb(lt16, 65535, cat(cat(b.tsresol(0x94), b.tsoffset(-100)), b.end()));  // 2^-20 s
    b.idb(lt16, 65535, cat(b.tsresol(3), b.end()));
  }
  const int ifaces = variant >= 1 ? 3 : 1;
  for (int i = 0; i < packets; ++i) {
    const uint32_t s = rnd(seed + static_cast<uint32_t>(i));
    const uint32_t dlt = lt == 101 ? 12 : lt;
    Bytes pkt = make_traffic_packet(static_cast<int>(dlt), s, traffic_size(s));
    const uint64_t ts = 1700000000ull * 1000000000ull + uint64_t{s} * 977;
    const uint32_t ifid = static_cast<uint32_t>(i % ifaces);
    if (variant == 2 && i % 7 == 3) {
      b.spb(pkt);
    } else if (variant == 2 && i % 7 == 5) {
      b.pb(static_cast<uint16_t>(ifid), ts, pkt);
    } else {
      const uint32_t len = i % 5 == 1 ? static_cast<uint32_t>(pkt.size()) + 100 : 0;
      b.epb(ifid, ts >> (ifid == 1 ? 10 : 0), pkt, len, i % 4 == 0 ? cat(b.opt(2, Bytes{1, 0, 0, 0}), b.end()) : Bytes{});
    }
    if (variant >= 1 && i % 9 == 8) b.block(5, Bytes(24, 0));  // ISB
    if (variant == 2 && i == packets / 2) {  // a new section restarts interface numbering
      b.shb();
      b.idb(lt16, 65535);
      b.idb(lt16, 65535);
      b.idb(lt16, 65535, cat(b.tsresol(0), b.end()));
    }
  }
  return b.bytes();
}

}  // namespace corpus_detail

inline std::vector<CorpusFile> good_corpus() {
  using namespace corpus_detail;
  std::vector<CorpusFile> out;
  uint32_t seed = 1;
  for (uint32_t lt : link_types()) {
    for (bool be : {false, true}) {
      const std::string e = be ? "be" : "le";
      const std::string l = std::to_string(lt);
      out.push_back({"pcap-us-" + e + "-" + l, pcap_file(0xa1b2c3d4, be, lt, 65535, 4, 30, seed++ * 1000)});
      out.push_back({"pcap-ns-" + e + "-" + l, pcap_file(0xa1b23c4d, be, lt, 0, 4, 30, seed++ * 1000)});
      out.push_back({"pcapng-" + e + "-" + l, pcapng_file(be, lt, 0, 20, seed++ * 1000)});
    }
  }
  // Pseudo-header link types cut at awkward lengths: swaps must stop at caplen.
  for (uint32_t lt : {117u, 189u, 220u, 239u, 113u, 276u}) {
    for (uint32_t snap : {20u, 46u, 62u, 70u, 90u}) {
      out.push_back({"pcap-cut" + std::to_string(snap) + "-be-" + std::to_string(lt),
                     pcap_file(0xa1b2c3d4, true, lt, snap, 4, 25, seed++ * 1000)});
    }
  }
  for (bool be : {false, true}) {
    const std::string e = be ? "be" : "le";
    out.push_back({"pcap-kuz-" + e, pcap_file(0xa1b2cd34, be, 1, 1000, 4, 30, seed++ * 1000)});
    out.push_back({"pcap-kuz-sll-" + e, pcap_file(0xa1b2cd34, be, 113, 1000, 4, 30, seed++ * 1000)});
    out.push_back({"pcap-snap100-" + e, pcap_file(0xa1b2c3d4, be, 1, 100, 4, 40, seed++ * 1000)});
    out.push_back({"pcap-v2.3-" + e, pcap_file(0xa1b2c3d4, be, 1, 65535, 3, 30, seed++ * 1000)});
    out.push_back({"pcap-v2.2-" + e, pcap_file(0xa1b2c3d4, be, 1, 65535, 2, 30, seed++ * 1000)});
    out.push_back({"pcap-fcs-" + e, pcap_file(0xa1b2c3d4, be, 0x14000001, 65535, 4, 10, seed++ * 1000)});
    out.push_back({"pcapng-multi-" + e, pcapng_file(be, 1, 1, 40, seed++ * 1000)});
    out.push_back({"pcapng-sections-" + e, pcapng_file(be, 1, 2, 40, seed++ * 1000)});
    out.push_back({"pcapng-sections-sll-" + e, pcapng_file(be, 113, 2, 40, seed++ * 1000)});
    out.push_back({"pcapng-usb-" + e, pcapng_file(be, 220, 1, 30, seed++ * 1000)});
  }
  return out;
}

// Truncations at many offsets and corrupted length fields of a few good files.
inline std::vector<CorpusFile> malformed_corpus() {
  using namespace corpus_detail;
  std::vector<CorpusFile> out;
  const std::vector<CorpusFile> bases = {
      {"pcap", pcap_file(0xa1b2c3d4, false, 1, 65535, 4, 6, 77)},
      {"pcap-be-snap", pcap_file(0xa1b23c4d, true, 1, 60, 4, 6, 78)},
      {"pcapng", pcapng_file(false, 1, 2, 10, 79)},
      {"pcapng-be", pcapng_file(true, 1, 1, 8, 80)},
  };
  for (const CorpusFile& f : bases) {
    const size_t step = f.bytes.size() / 40 + 1;
    for (size_t cut = 0; cut < f.bytes.size(); cut += step) {
      out.push_back({f.name + "-cut" + std::to_string(cut), Bytes(f.bytes.begin(), f.bytes.begin() + static_cast<long>(cut))});
    }
    for (size_t off = 8; off + 4 < f.bytes.size(); off += f.bytes.size() / 23 + 1) {
      for (uint8_t v : {0x00, 0xff, 0x03}) {
        Bytes b = f.bytes;
        b[off] = v;
        b[off + 1] ^= 0x40;
        out.push_back({f.name + "-corrupt" + std::to_string(off) + "-" + std::to_string(v), b});
      }
    }
  }
  return out;
}

// Hand-made edge cases: header variants, snaplen rules, pcapng options,
// sections, interfaces and block kinds that generated traffic rarely hits.
inline std::vector<CorpusFile> fixture_corpus() {
  using B = Bytes;
  auto cat = [](B a, const B& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  auto seqb = [](size_t n) {
    B b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 3);
    return b;
  };
  auto ph = [](uint32_t magic, bool be, uint16_t major, uint16_t minor, uint32_t snap, uint32_t lt) {
    PcapBuilder::Header h;
    h.magic = magic;
    h.big_endian = be;
    h.major = major;
    h.minor = minor;
    h.snaplen = snap;
    h.linktype = lt;
    return PcapBuilder(h);
  };
  PcapngBuilder n;
  const B one = seqb(1), four = seqb(4), ten = seqb(10);
  // usbmon (mmapped) completed isochronous IN transfers whose stored length
  // is the old miscomputed one; descriptors (offset, len) decide the fix-up.
  auto usb_iso = [](std::vector<std::pair<uint32_t, uint32_t>> descs, uint32_t total) {
    B b(total, 0);
    b[8] = 'C';
    b[10] = 0x81;
    const uint32_t nd = static_cast<uint32_t>(descs.size()), urb = total - 64 - nd * 16;
    std::memcpy(&b[32], &urb, 4);
    std::memcpy(&b[60], &nd, 4);
    for (uint32_t i = 0; i < nd; ++i) {
      std::memcpy(&b[64 + 16 * i + 4], &descs[i].first, 4);
      std::memcpy(&b[64 + 16 * i + 8], &descs[i].second, 4);
    }
    return b;
  };
  PcapBuilder usb = ph(0xa1b2c3d4, false, 2, 4, 65535, 220);
  for (const auto& d : std::vector<std::vector<std::pair<uint32_t, uint32_t>>>{
           {{0, 10}, {40, 20}}, {{0, 10}, {40, 200}}, {{0, 0}, {0, 0}}, {{5, 10}}}) {
    const B p = usb_iso(d, 196);
    const uint32_t len = static_cast<uint32_t>(p.size());
    usb.record(1, 2, len, len, p);
    usb.record(1, 3, len - 40, len, B(p.begin(), p.end() - 40));
  }
  std::vector<CorpusFile> out = {
      {"fx-empty", {}},
      {"fx-usb-iso-lengths", usb.bytes()},
      {"fx-text", B(64, 'x')},
      {"fx-v543", ph(0xa1b2c3d4, false, 543, 0, 100, 1).packet(1, 2, ten).bytes()},
      {"fx-v1", ph(0xa1b2c3d4, false, 1, 0, 100, 1).bytes()},
      {"fx-v2.5", ph(0xa1b2c3d4, true, 2, 5, 100, 1).bytes()},
      {"fx-navtel", ph(0xa12b3c4d, false, 2, 4, 100, 1).bytes()},
      {"fx-navtel-be", ph(0xa12b3c4d, true, 2, 4, 100, 1).bytes()},
      {"fx-fmesquita", ph(0xa1b234cd, false, 2, 4, 100, 1).bytes()},
      {"fx-cbpf", ph(0xa1b2c3cb, true, 2, 4, 100, 1).bytes()},
      {"fx-kuz-be-sll", ph(0xa1b2cd34, true, 2, 4, 100, 113).packet(1, 2, ten).bytes()},
      {"fx-ns-be", ph(0xa1b23c4d, true, 2, 4, 100, 1).packet(1, 999999999, ten).bytes()},
      {"fx-lt-reserved", ph(0xa1b2c3d4, false, 2, 4, 100, 0x01000001).packet(1, 2, ten).bytes()},
      {"fx-snap0-dbus", ph(0xa1b2c3d4, false, 2, 4, 0, 231).packet(1, 2, ten).bytes()},
      {"fx-snap-huge", ph(0xa1b2c3d4, true, 2, 4, 0x90000000u, 1).packet(1, 2, ten).bytes()},
      {"fx-caplen-gt-snap", ph(0xa1b2c3d4, false, 2, 4, 8, 1).record(1, 2, 10, 12, ten).packet(3, 4, four).bytes()},
      {"fx-caplen-gt-max", ph(0xa1b2c3d4, false, 2, 4, 65535, 1).packet(1, 1, four).record(1, 2, 300000, 300000, {}).bytes()},
      {"fx-caplen-gt-max-lt-snap", ph(0xa1b2c3d4, true, 2, 4, 400000, 1).record(1, 2, 300000, 300000, {}).bytes()},
      {"fx-neg-times", ph(0xa1b2c3d4, false, 2, 4, 100, 1).packet(0xfffffff0u, 0xffffffffu, four).packet(0x80000000u, 0x80000000u, four).bytes()},
      {"fx-neg-times-be", ph(0xa1b23c4d, true, 2, 4, 100, 1).packet(0xfffffff0u, 0xffffffffu, four).bytes()},
      {"fx-kuz-en10mb", ph(0xa1b2cd34, false, 2, 4, 8, 1).record(1, 2, 20, 20, seqb(20)).bytes()},
      {"ng-tsres", PcapngBuilder().shb().idb(1, 65535, cat(n.tsresol(9), n.end())).epb(0, 1234567891234, one)
                       .idb(1, 65535, cat(n.tsresol(0x8a), n.end())).epb(1, 5 * 1024 + 512, one)
                       .idb(1, 65535, cat(n.tsresol(3), n.end())).epb(2, 123456, one)
                       .idb(1, 65535, cat(n.tsresol(0), n.end())).epb(3, 42, one)
                       .idb(1, 65535, cat(n.tsresol(0xbf), n.end())).epb(4, (uint64_t{1} << 62) + 5, one)
                       .idb(1, 65535, cat(n.tsresol(19), n.end())).epb(5, (uint64_t{1} << 63) + 12345, one)
                       .idb(1, 65535, cat(n.tsoffset(-5), n.end())).epb(6, 7000000, one).bytes()},
      {"ng-tsres-too-high", PcapngBuilder().shb().idb(1, 9, cat(n.tsresol(20), n.end())).bytes()},
      {"ng-tsres-bin-too-high", PcapngBuilder(true).shb().idb(1, 9, cat(n.tsresol(0xc0), n.end())).bytes()},
      {"ng-tsres-twice", PcapngBuilder().shb().idb(1, 9, cat(cat(n.tsresol(6), n.tsresol(6)), n.end())).bytes()},
      {"ng-tsoff-twice", PcapngBuilder().shb().idb(1, 9, cat(cat(n.tsoffset(1), n.tsoffset(1)), n.end())).bytes()},
      {"ng-later-idb-bad-opt", PcapngBuilder().shb().idb(1, 9).epb(0, 1, one).idb(1, 9, n.opt(9, B{1, 2})).bytes()},
      {"ng-spb", PcapngBuilder().shb().idb(1, 3).spb(B{'a', 'b', 'c', 'd', 'e'}).spb(B{'a', 'b'}).spb(B{'a'}, 50).bytes()},
      {"ng-pb", PcapngBuilder(true).shb().idb(113, 65535).pb(0, 7, seqb(20)).pb(1, 8, one).bytes()},
      {"ng-v1.2", PcapngBuilder().shb(1, 2).idb(1, 9).epb(0, 1, one).bytes()},
      {"ng-v1.1", PcapngBuilder().shb(1, 1).idb(1, 9).bytes()},
      {"ng-no-idb", PcapngBuilder().shb().block(4, four).bytes()},
      {"ng-pkt-before-idb", PcapngBuilder().shb().block(5, seqb(12)).epb(0, 1, one).bytes()},
      {"ng-idb-type-differs", PcapngBuilder().shb().idb(1, 100).epb(0, 1, one).idb(113, 100).epb(1, 2, one).bytes()},
      {"ng-raw-twice", PcapngBuilder().shb().idb(101, 100).epb(0, 1, one).idb(101, 100).bytes()},
      {"ng-snap-differs", PcapngBuilder().shb().idb(1, 0).epb(0, 1, one).idb(1, 262144).idb(1, 100).bytes()},
      {"ng-caplen-gt-snap", PcapngBuilder().shb().idb(1, 4).epb(0, 1, ten).bytes()},
      {"ng-sections", PcapngBuilder().shb().idb(1, 100).epb(0, 1, one).shb(1, 2).idb(1, 100).epb(0, 2, one).epb(1, 3, one).bytes()},
      {"ng-section-swapped-bom", PcapngBuilder().shb().idb(1, 9).epb(0, 1, one)
                                     .block(0x0A0D0D0A, B{0x1a, 0x2b, 0x3c, 0x4d, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).bytes()},
      {"ng-section-bad-bom", PcapngBuilder().shb().idb(1, 9).epb(0, 1, one)
                                 .block(0x0A0D0D0A, B{1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).bytes()},
      {"ng-section-v2", PcapngBuilder().shb().idb(1, 9).epb(0, 1, one).shb(2, 0).bytes()},
      {"ng-trailer", PcapngBuilder().shb().idb(1, 9).epb(0, 1, one).block(6, seqb(24), 4).bytes()},
      {"ng-custom-blocks", PcapngBuilder(true).shb().block(0x40000BAD, four).idb(1, 65535).block(0xA, {})
                               .block(0xBAD, seqb(9)).epb(0, 1, four).block(0x80000001, seqb(3)).bytes()},
  };
  return out;
}

}  // namespace wpcap::testing
