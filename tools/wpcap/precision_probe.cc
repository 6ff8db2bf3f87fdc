// tools/wpcap/precision_probe.cc - timestamp precision of a savefile head.
//
// probe_precision(): pcap files decide on the 4-byte magic; pcapng files on
// the if_tsresol option of the first Interface Description Block (the one
// libpcap takes the link type from). Anything unknown counts as microseconds
// and is left for libpcap to accept or reject with its own error text.
#include "precision_probe.h"

namespace wpcap::tool {
namespace {

constexpr uint32_t kPcapMicro = 0xa1b2c3d4;
constexpr uint32_t kPcapNano = 0xa1b23c4d;
constexpr uint32_t kPcapngShb = 0x0a0d0d0a;
constexpr uint32_t kPcapngBom = 0x1a2b3c4d;
constexpr uint32_t kPcapngIdb = 1;
constexpr uint16_t kOptEnd = 0;
constexpr uint16_t kOptTsresol = 9;

uint32_t read32(std::span<const uint8_t> b, size_t off, bool big) {
  uint32_t x = 0;
  for (int i = 0; i < 4; ++i) x = x << 8 | b[off + (big ? i : 3 - i)];
  return x;
}

uint16_t read16(std::span<const uint8_t> b, size_t off, bool big) {
  return static_cast<uint16_t>(big ? b[off] << 8 | b[off + 1] : b[off + 1] << 8 | b[off]);
}

PrecisionProbe decided(bool nano) { return PrecisionProbe{true, nano, 0}; }

PrecisionProbe want(size_t n, std::span<const uint8_t> head, bool at_eof) {
  if (n > kMaxProbeBytes || at_eof || n <= head.size()) return decided(false);
  return PrecisionProbe{false, false, n};
}

// if_tsresol: bit 7 clear -> 10^-v, set -> 2^-(v & 0x7f). Finer than 1 us?
bool tsresol_is_nano(uint8_t v) {
  if (v & 0x80) return (v & 0x7f) > 19;  // 2^20 > 10^6
  return v > 6;
}

// Scans the options of the IDB at `off` (total length `len`).
PrecisionProbe idb_precision(std::span<const uint8_t> b, size_t off, size_t len, bool big) {
  size_t pos = off + 16, end = off + len - 4;
  while (pos + 4 <= end) {
    uint16_t code = read16(b, pos, big), olen = read16(b, pos + 2, big);
    if (code == kOptEnd) break;
    if (code == kOptTsresol && olen == 1 && pos + 5 <= end) return decided(tsresol_is_nano(b[pos + 4]));
    pos += 4 + ((olen + 3u) & ~3u);
  }
  return decided(false);
}

PrecisionProbe pcapng_precision(std::span<const uint8_t> b, bool at_eof) {
  if (b.size() < 12) return want(12, b, at_eof);
  bool big = read32(b, 8, true) == kPcapngBom;
  if (!big && read32(b, 8, false) != kPcapngBom) return decided(false);
  size_t off = read32(b, 4, big);
  // Walk blocks up to the first IDB (usually right after the SHB).
  for (int blocks = 0; blocks < 64; ++blocks) {
    if (off < 12 || off % 4 != 0) return decided(false);
    if (b.size() < off + 8) return want(off + 8, b, at_eof);
    uint32_t type = read32(b, off, big);
    size_t len = read32(b, off + 4, big);
    if (len < 12 || len % 4 != 0 || type == kPcapngShb) return decided(false);
    if (b.size() < off + len) return want(off + len, b, at_eof);
    if (type == kPcapngIdb) return len < 20 ? decided(false) : idb_precision(b, off, len, big);
    off += len;
  }
  return decided(false);
}

}  // namespace

PrecisionProbe probe_precision(std::span<const uint8_t> head, bool at_eof) {
  if (head.size() < 4) return want(4, head, at_eof);
  uint32_t le = read32(head, 0, false), be = read32(head, 0, true);
  if (le == kPcapNano || be == kPcapNano) return decided(true);
  if (le == kPcapMicro || be == kPcapMicro) return decided(false);
  if (le == kPcapngShb) return pcapng_precision(head, at_eof);
  return decided(false);
}

}  // namespace wpcap::tool
