// tests/tools/frame_check.h - test helper: an independent frame verifier.
//
// check_frame() re-parses an Ethernet frame written by frame_builder.h with
// its own (deliberately naive) code and reports what it found and whether
// every length and checksum is right. Used by frame_builder and traffic tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wpcap::tool::fixtures {

struct FrameInfo {
  bool ok = false;            // all lengths and checksums valid
  std::string error;          // why not
  bool vlan = false, ipv6 = false, arp = false;
  int proto = -1;             // IP protocol, -1 for ARP/other
  uint8_t tcp_flags = 0;
  uint16_t sport = 0, dport = 0;
  uint32_t seq = 0;           // TCP
  std::string src, dst;       // raw address bytes (4 or 16)
  size_t l4_payload = 0;      // TCP/UDP/ICMP payload bytes
};

inline uint32_t naive_sum(std::span<const uint8_t> d) {
  uint32_t s = 0;
  for (size_t i = 0; i < d.size(); ++i) s += (i % 2 == 0) ? d[i] << 8 : d[i];
  return s;
}

inline uint16_t fold(uint32_t s) {
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<uint16_t>(s);
}

inline FrameInfo check_frame(std::span<const uint8_t> f) {
  FrameInfo fi;
  auto be16 = [&](size_t o) { return static_cast<uint16_t>(f[o] << 8 | f[o + 1]); };
  if (f.size() < 60) return fi.error = "runt frame", fi;
  size_t off = 12;
  uint16_t type = be16(off);
  if (type == 0x8100) {
    fi.vlan = true;
    off += 4;
    type = be16(off);
  }
  off += 2;
  if (type == 0x0806) {
    fi.arp = true;
    fi.ok = be16(off) == 1 && be16(off + 2) == 0x0800 && f.size() >= off + 28;
    if (!fi.ok) fi.error = "bad arp";
    return fi;
  }
  size_t l4, l4_len;
  uint32_t pseudo;
  if (type == 0x0800) {
    size_t hl = (f[off] & 15) * 4u;
    if (f[off] >> 4 != 4 || hl != 20) return fi.error = "bad ipv4 header", fi;
    if (fold(naive_sum(f.subspan(off, hl))) != 0xffff) return fi.error = "bad ipv4 checksum", fi;
    size_t total = be16(off + 2);
    if (off + total > f.size() || (off + total < f.size() && f.size() != 60)) return fi.error = "bad ipv4 length", fi;
    fi.proto = f[off + 9];
    fi.src.assign(f.begin() + off + 12, f.begin() + off + 16);
    fi.dst.assign(f.begin() + off + 16, f.begin() + off + 20);
    l4 = off + hl;
    l4_len = total - hl;
    pseudo = naive_sum(f.subspan(off + 12, 8)) + fi.proto + static_cast<uint32_t>(l4_len);
  } else if (type == 0x86dd) {
    fi.ipv6 = true;
    l4_len = be16(off + 4);
    fi.proto = f[off + 6];
    fi.src.assign(f.begin() + off + 8, f.begin() + off + 24);
    fi.dst.assign(f.begin() + off + 24, f.begin() + off + 40);
    l4 = off + 40;
    if (l4 + l4_len != f.size() && !(l4 + l4_len < f.size() && f.size() == 60)) return fi.error = "bad ipv6 length", fi;
    pseudo = naive_sum(f.subspan(off + 8, 32)) + fi.proto + static_cast<uint32_t>(l4_len);
  } else {
    return fi.error = "unexpected ethertype", fi;
  }
  auto seg = f.subspan(l4, l4_len);
  uint32_t sum = naive_sum(seg) + (fi.proto == 1 ? 0 : pseudo);
  if (fold(sum) != 0xffff) return fi.error = "bad transport checksum", fi;
  if (fi.proto == 6) {
    size_t doff = (seg[12] >> 4) * 4u;
    fi.sport = be16(l4);
    fi.dport = be16(l4 + 2);
    fi.tcp_flags = seg[13];
    fi.seq = static_cast<uint32_t>(seg[4] << 24 | seg[5] << 16 | seg[6] << 8 | seg[7]);
    fi.l4_payload = l4_len - doff;
  } else if (fi.proto == 17) {
    fi.sport = be16(l4);
    fi.dport = be16(l4 + 2);
    if (be16(l4 + 4) != l4_len) return fi.error = "bad udp length", fi;
    fi.l4_payload = l4_len - 8;
  } else if (fi.proto == 1 || fi.proto == 58) {
    fi.l4_payload = l4_len - 8;
  }
  fi.ok = true;
  return fi;
}

}  // namespace wpcap::tool::fixtures
