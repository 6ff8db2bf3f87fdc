// savefile_builder.cc - byte-level writers for pcap/pcapng test files and
// a small generator of realistic mixed traffic.
#include "testing/savefile_builder.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wpcap::testing {

void ByteWriter::u16(uint16_t v) {
  if (be_) v = __builtin_bswap16(v);
  raw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&v), 2));
}
void ByteWriter::u32(uint32_t v) {
  if (be_) v = __builtin_bswap32(v);
  raw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&v), 4));
}
void ByteWriter::u64(uint64_t v) {
  if (be_) v = __builtin_bswap64(v);
  raw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&v), 8));
}

PcapBuilder::PcapBuilder(Header h) : h_(h), w_(h.big_endian) {
  w_.u32(h.magic);
  w_.u16(h.major);
  w_.u16(h.minor);
  w_.u32(0);
  w_.u32(0);
  w_.u32(h.snaplen);
  w_.u32(h.linktype);
}

PcapBuilder& PcapBuilder::record(uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t len,
                                 std::span<const uint8_t> data) {
  w_.u32(sec);
  w_.u32(frac);
  w_.u32(caplen);
  w_.u32(len);
  if (h_.magic == 0xa1b2cd34) {  // Kuznetzov: ifindex, protocol, pkt_type, pad
    w_.u32(2);
    w_.u16(0x0800);
    w_.u8(0);
    w_.u8(0);
  }
  w_.raw(data);
  return *this;
}

PcapBuilder& PcapBuilder::packet(uint32_t sec, uint32_t frac, std::span<const uint8_t> data, uint32_t len) {
  const auto n = static_cast<uint32_t>(data.size());
  return record(sec, frac, n, len == 0 ? n : len, data);
}

PcapBuilder& PcapBuilder::raw(std::span<const uint8_t> b) {
  w_.raw(b);
  return *this;
}

Bytes PcapngBuilder::opt(uint16_t code, std::span<const uint8_t> value) const {
  ByteWriter w(be_);
  w.u16(code);
  w.u16(static_cast<uint16_t>(value.size()));
  w.raw(value);
  w.pad4();
  return w.out();
}

Bytes PcapngBuilder::tsoffset(int64_t seconds) const {
  ByteWriter v(be_);
  v.u64(static_cast<uint64_t>(seconds));
  return opt(14, v.out());
}

PcapngBuilder& PcapngBuilder::block(uint32_t type, std::span<const uint8_t> body, int trailer_delta) {
  ByteWriter w(be_);
  const uint32_t padded = static_cast<uint32_t>((body.size() + 3) & ~size_t{3});
  const uint32_t total = 12 + padded;
  w.u32(type);
  w.u32(total);
  w.raw(body);
  w.pad4();
  w.u32(total + static_cast<uint32_t>(trailer_delta));
  out_.insert(out_.end(), w.out().begin(), w.out().end());
  return *this;
}

PcapngBuilder& PcapngBuilder::shb(uint16_t major, uint16_t minor, const Bytes& options) {
  ByteWriter w(be_);
  w.u32(0x1A2B3C4D);
  w.u16(major);
  w.u16(minor);
  w.u64(~uint64_t{0});
  w.raw(options);
  return block(0x0A0D0D0A, w.out());
}

PcapngBuilder& PcapngBuilder::idb(uint16_t linktype, uint32_t snaplen, const Bytes& options) {
  ByteWriter w(be_);
  w.u16(linktype);
  w.u16(0);
  w.u32(snaplen);
  w.raw(options);
  return block(1, w.out());
}

PcapngBuilder& PcapngBuilder::epb(uint32_t ifid, uint64_t ts, std::span<const uint8_t> data, uint32_t len,
                                  const Bytes& options) {
  ByteWriter w(be_);
  w.u32(ifid);
  w.u32(static_cast<uint32_t>(ts >> 32));
  w.u32(static_cast<uint32_t>(ts));
  w.u32(static_cast<uint32_t>(data.size()));
  w.u32(len == 0 ? static_cast<uint32_t>(data.size()) : len);
  w.raw(data);
  w.pad4();
  w.raw(options);
  return block(6, w.out());
}

PcapngBuilder& PcapngBuilder::spb(std::span<const uint8_t> data, uint32_t len) {
  ByteWriter w(be_);
  w.u32(len == 0 ? static_cast<uint32_t>(data.size()) : len);
  w.raw(data);
  return block(3, w.out());
}

PcapngBuilder& PcapngBuilder::pb(uint16_t ifid, uint64_t ts, std::span<const uint8_t> data, uint32_t len) {
  ByteWriter w(be_);
  w.u16(ifid);
  w.u16(0);
  w.u32(static_cast<uint32_t>(ts >> 32));
  w.u32(static_cast<uint32_t>(ts));
  w.u32(static_cast<uint32_t>(data.size()));
  w.u32(len == 0 ? static_cast<uint32_t>(data.size()) : len);
  w.raw(data);
  return block(2, w.out());
}

PcapngBuilder& PcapngBuilder::raw(std::span<const uint8_t> b) {
  out_.insert(out_.end(), b.begin(), b.end());
  return *this;
}

namespace {

uint32_t mix(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

void put16(Bytes& b, size_t off, uint16_t v) {
  b[off] = static_cast<uint8_t>(v >> 8);
  b[off + 1] = static_cast<uint8_t>(v);
}

// IPv4/IPv6 + TCP/UDP/ICMP starting at off; fills to b.size().
void fill_ip(Bytes& b, size_t off, uint32_t seed, bool v6) {
  const size_t n = b.size();
  if (!v6 && n >= off + 20) {
    b[off] = 0x45;
    put16(b, off + 2, static_cast<uint16_t>(n - off));
    put16(b, off + 4, static_cast<uint16_t>(seed));
    b[off + 8] = 64;
    static const uint8_t kProto[] = {6, 17, 1, 6, 6, 17};
    b[off + 9] = kProto[seed % 6];
    const uint8_t src[4] = {10, 0, static_cast<uint8_t>(seed % 7), static_cast<uint8_t>(1 + seed % 200)};
    const uint8_t dst[4] = {192, 168, static_cast<uint8_t>(seed % 3), static_cast<uint8_t>(1 + (seed >> 3) % 250)};
    std::memcpy(&b[off + 12], src, 4);
    std::memcpy(&b[off + 16], dst, 4);
    off += 20;
  } else if (v6 && n >= off + 40) {
    b[off] = 0x60;
    put16(b, off + 4, static_cast<uint16_t>(n - off - 40));
    b[off + 6] = (seed & 1) ? 6 : 17;
    b[off + 7] = 64;
    b[off + 8] = 0x20;
    b[off + 9] = 0x01;
    b[off + 23] = static_cast<uint8_t>(seed);
    b[off + 24] = 0xfe;
    b[off + 25] = 0x80;
    b[off + 39] = static_cast<uint8_t>(seed >> 8);
    off += 40;
  }
  if (n >= off + 8) {
    static const uint16_t kPorts[] = {80, 443, 53, 22, 8080, 123};
    put16(b, off, static_cast<uint16_t>(1024 + seed % 50000));
    put16(b, off + 2, kPorts[(seed >> 4) % 6]);
  }
  if (n >= off + 20) {
    b[off + 12] = 0x50;
    b[off + 13] = static_cast<uint8_t>(0x10 | (seed % 4 == 0 ? 0x02 : 0x08));
  }
  for (size_t i = off + 20; i < n; ++i) b[i] = static_cast<uint8_t>(mix(seed + static_cast<uint32_t>(i)));
}

}  // namespace

size_t traffic_size(uint32_t seed) {
  uint32_t r = mix(seed) % 100;
  if (r < 45) return 54 + mix(seed + 1) % 40;     // ACKs, DNS
  if (r < 70) return 100 + mix(seed + 2) % 400;   // small payloads
  if (r < 85) return 576 + mix(seed + 3) % 400;
  return 1514;                                    // full frames
}

Bytes make_traffic_packet(int dlt, uint32_t seed, size_t size) {
  Bytes b(size, 0);
  const uint32_t kind = mix(seed) % 10;
  switch (dlt) {
    case 1: {  // Ethernet, with VLAN, ARP, IPv6 mixed in
      if (size < 14) break;
      for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(0x02 + i * (seed % 5));
      for (int i = 6; i < 12; ++i) b[i] = static_cast<uint8_t>(0x10 + i);
      size_t off = 12;
      if (kind == 7 && size >= 18) {
        put16(b, 12, 0x8100);
        put16(b, 14, static_cast<uint16_t>(100 + seed % 4));
        off = 16;
      }
      if (kind == 8 && size >= 42) {
        put16(b, off, 0x0806);
        put16(b, off + 2, 1);
        put16(b, off + 4, 0x0800);
        b[off + 6] = 6;
        b[off + 7] = 4;
        put16(b, off + 8, 1);
        return b;
      }
      const bool v6 = kind == 9;
      put16(b, off, v6 ? 0x86dd : 0x0800);
      fill_ip(b, off + 2, seed, v6);
      return b;
    }
    case 113: {  // Linux cooked v1 (some SocketCAN frames: host-order CAN ID)
      if (size < 16) break;
      put16(b, 0, static_cast<uint16_t>(seed % 5));
      put16(b, 2, 1);
      put16(b, 4, 6);
      put16(b, 14, kind == 9 ? 0x86dd : 0x0800);
      if (kind >= 7 && size >= 24) {
        put16(b, 14, kind == 7 ? 0x000C : 0x000D);
        for (size_t i = 16; i < size; ++i) b[i] = static_cast<uint8_t>(mix(seed + static_cast<uint32_t>(i)));
        return b;
      }
      fill_ip(b, 16, seed, kind == 9);
      return b;
    }
    case 276: {  // Linux cooked v2
      if (size < 20) break;
      put16(b, 0, kind == 9 ? 0x86dd : 0x0800);
      b[7] = static_cast<uint8_t>(1 + seed % 4);
      put16(b, 8, 1);
      b[10] = static_cast<uint8_t>(seed % 5);
      b[11] = 6;
      if (kind >= 7 && size >= 28) {  // SocketCAN behind SLL2
        put16(b, 0, kind == 7 ? 0x000C : 0x000D);
        for (size_t i = 20; i < size; ++i) b[i] = static_cast<uint8_t>(mix(seed + static_cast<uint32_t>(i)));
        return b;
      }
      fill_ip(b, 20, seed, kind == 9);
      return b;
    }
    case 0:  // BSD loopback: AF in host order
    case 108: {  // OpenBSD loop: AF big-endian
      if (size < 4) break;
      uint32_t af = kind == 9 ? 24 : 2;
      if (dlt == 108) af = __builtin_bswap32(af);
      std::memcpy(b.data(), &af, 4);
      fill_ip(b, 4, seed, kind == 9);
      return b;
    }
    case 117: {  // pflog: header length 61..64, host-order uid/pid fields
      if (size < 64) break;
      b[1] = 2;
      for (size_t i = 2; i < 64; ++i) b[i] = static_cast<uint8_t>(mix(seed + static_cast<uint32_t>(i)));
      b[0] = static_cast<uint8_t>(kind < 5 ? 64 : 44 + kind * 2);
      fill_ip(b, 64, seed, false);
      return b;
    }
    case 189:
    case 220: {  // usbmon: random header, transfer type 0..3, few descriptors
      for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(mix(seed * 7 + static_cast<uint32_t>(i)));
      if (size > 9) b[9] = static_cast<uint8_t>(kind % 4);
      if (size > 8) b[8] = kind % 2 ? 'C' : 'S';
      if (size > 15) b[15] = 0;
      if (dlt == 220 && size >= 64) {
        const uint32_t ndesc = kind % 3;
        std::memcpy(&b[60], &ndesc, 4);
        const uint32_t urb = static_cast<uint32_t>(size > 64 + ndesc * 16 ? size - 64 - ndesc * 16 : 0);
        std::memcpy(&b[32], &urb, 4);
      }
      return b;
    }
    case 239: {  // NFLOG: header + host-order TLVs
      if (size < 4) break;
      b[0] = 2;
      b[1] = kind == 3 ? 1 : 0;
      size_t off = 4;
      uint16_t type = 1;
      while (off + 8 <= size) {
        uint16_t len = static_cast<uint16_t>(4 + (mix(seed + type) % 24));
        if (off + ((len + 3u) & ~3u) > size) len = static_cast<uint16_t>(size - off);
        std::memcpy(&b[off], &len, 2);
        std::memcpy(&b[off + 2], &type, 2);
        for (size_t i = off + 4; i < off + len && i < size; ++i) b[i] = static_cast<uint8_t>(i);
        off += (len + 3u) & ~3u;
        ++type;
      }
      return b;
    }
    case 12:
    case 101:
    case 228:
      fill_ip(b, 0, seed, false);
      return b;
    case 229:
      fill_ip(b, 0, seed, true);
      return b;
    default:
      break;
  }
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(mix(seed * 31 + static_cast<uint32_t>(i)));
  return b;
}

bool write_file(const std::string& path, std::span<const uint8_t> bytes) {
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = bytes.empty() || fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return fclose(f) == 0 && ok;
}

std::string temp_dir() {
  static std::string dir = [] {
    const char* t = std::getenv("TMPDIR");
    std::string tmpl = std::string(t != nullptr ? t : "/tmp") + "/wpcap-sf-XXXXXX";
    char* d = mkdtemp(tmpl.data());
    return std::string(d != nullptr ? d : "/tmp");
  }();
  return dir;
}

}  // namespace wpcap::testing
