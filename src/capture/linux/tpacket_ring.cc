// tpacket_ring.cc - ring geometry and the mapped PACKET_RX_RING.
// See tpacket_ring.h.
#include "capture/linux/tpacket_ring.h"

#include <sys/mman.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include <pcap/pcap.h>

#include "core/errbuf.h"

namespace wpcap::live {
namespace {

unsigned align_up(unsigned v, unsigned a) { return (v + a - 1) / a * a; }
unsigned tpacket_align(unsigned v) { return align_up(v, TPACKET_ALIGNMENT); }

// Smallest page_size * 2^k >= bytes.
unsigned block_for(unsigned bytes, unsigned page_size) {
  unsigned b = page_size;
  while (b < bytes && b < (1u << 30)) b <<= 1;
  return b;
}

// Largest page_size * 2^k <= bytes (at least one page).
unsigned floor_block(unsigned bytes, unsigned page_size) {
  unsigned b = page_size;
  while ((b << 1) <= bytes && b < (1u << 30)) b <<= 1;
  return b;
}

unsigned ceil_div(unsigned a, unsigned b) { return (a + b - 1) / b; }

RingGeometry plan_v3(const RingRequest& req) {
  unsigned payload = req.snapshot;
  if (req.frame_cap != 0) payload = std::min(payload, req.frame_cap);
  // Block header + packet header + sockaddr_ll + link header room + data.
  unsigned need = 64 + tpacket_align(req.hdrlen + 64) + req.reserve + payload;
  unsigned min_block = std::min(block_for(need, req.page_size), std::max(kV3MinBigBlock, req.page_size));
  unsigned blocks = req.buffer_size >= (4u << 20) ? 4 : 8;
  unsigned target = std::min(kV3MaxBlock, floor_block(req.buffer_size / blocks, req.page_size));
  RingGeometry g;
  g.version = TPACKET_V3;
  g.block_size = std::max(min_block, target);
  g.block_nr = std::max(1u, ceil_div(req.buffer_size, g.block_size));
  g.frame_size = g.block_size;
  g.frame_nr = g.block_nr;
  if (req.timeout_ms > 0) {
    g.retire_tov_ms = static_cast<unsigned>(req.timeout_ms);
  } else if (req.timeout_ms == 0) {
    g.retire_tov_ms = UINT_MAX;  // retire only when full
  } else {
    g.retire_tov_ms = 0;  // kernel default
  }
  return g;
}

RingGeometry plan_v2(const RingRequest& req) {
  unsigned payload = req.snapshot;
  if (req.frame_cap != 0) payload = std::min(payload, req.frame_cap);
  unsigned tp_hdrlen = tpacket_align(req.hdrlen) + sizeof(sockaddr_ll);
  unsigned maclen = req.cooked ? 0 : kMaxLinkHeader;
  unsigned netoff = tpacket_align(tp_hdrlen + std::max(maclen, 16u)) + req.reserve;
  unsigned macoff = netoff - maclen;
  RingGeometry g;
  g.version = TPACKET_V2;
  g.frame_size = tpacket_align(macoff + payload);
  g.block_size = block_for(g.frame_size, req.page_size);
  unsigned per_block = g.block_size / g.frame_size;
  unsigned frames = std::max(1u, ceil_div(req.buffer_size, g.frame_size));
  g.block_nr = std::max(1u, ceil_div(frames, per_block));
  g.frame_nr = g.block_nr * per_block;
  return g;
}

}  // namespace

RingGeometry plan_ring(const RingRequest& req) {
  return req.version == TPACKET_V3 ? plan_v3(req) : plan_v2(req);
}

bool shrink_ring(RingGeometry& g) {
  if (g.block_nr <= 1) return false;
  unsigned cut = g.block_nr < 20 ? 1 : g.block_nr / 20;
  unsigned per_block = g.frame_nr / g.block_nr;
  g.block_nr -= cut;
  g.frame_nr = g.block_nr * per_block;
  return true;
}

Status Ring::create(int fd, RingGeometry g, bool map_32bit) {
  unmap();
  for (;;) {
    int rc;
    if (g.version == TPACKET_V3) {
      tpacket_req3 req = {};
      req.tp_block_size = g.block_size;
      req.tp_block_nr = g.block_nr;
      req.tp_frame_size = g.frame_size;
      req.tp_frame_nr = g.frame_nr;
      req.tp_retire_blk_tov = g.retire_tov_ms;
      rc = setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
    } else {
      tpacket_req req = {};
      req.tp_block_size = g.block_size;
      req.tp_block_nr = g.block_nr;
      req.tp_frame_size = g.frame_size;
      req.tp_frame_nr = g.frame_nr;
      rc = setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
    }
    if (rc == 0) break;
    if (errno == ENOMEM && shrink_ring(g)) continue;
    return Status(PCAP_ERROR, errno_message(errno, "can't create rx ring on packet socket"));
  }
  len_ = g.bytes();
  const int flags = MAP_SHARED | MAP_POPULATE | (map_32bit ? MAP_32BIT : 0);
  void* m = mmap(nullptr, len_, PROT_READ | PROT_WRITE, flags, fd, 0);
  if (m == MAP_FAILED) {
    int err = errno;
    tpacket_req3 none = {};
    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &none, sizeof none);
    len_ = 0;
    return Status(PCAP_ERROR, errno_message(err, "can't mmap rx ring"));
  }
  base_ = static_cast<uint8_t*>(m);
  geo_ = g;
  slots_.clear();
  if (g.version == TPACKET_V3) {
    for (unsigned i = 0; i < g.block_nr; ++i) slots_.push_back(base_ + size_t(i) * g.block_size);
  } else {
    unsigned per_block = g.block_size / g.frame_size;
    for (unsigned b = 0; b < g.block_nr; ++b) {
      for (unsigned f = 0; f < per_block; ++f) {
        slots_.push_back(base_ + size_t(b) * g.block_size + size_t(f) * g.frame_size);
      }
    }
  }
  return Status::ok();
}

void Ring::unmap() {
  if (base_ != nullptr) munmap(base_, len_);
  base_ = nullptr;
  len_ = 0;
  slots_.clear();
}

unsigned Ring::user_owned_count() const {
  unsigned n = 0;
  for (unsigned i = 0; i < slots(); ++i) n += user_owned(i) ? 1 : 0;
  return n;
}

}  // namespace wpcap::live
