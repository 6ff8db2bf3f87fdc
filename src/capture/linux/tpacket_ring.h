// tpacket_ring.h - the PACKET_RX_RING shared with the kernel: its geometry
// (plan_ring(), pure and unit-tested) and the mapped ring (Ring) whose
// slots - blocks under TPACKET_V3, frames under TPACKET_V2 - pass between
// kernel and user through a status word.
//
// Entry points: plan_ring(), Ring::create(), Ring::slot(), user_owned(),
// give_back(). The live source's read loop (live_read.cc) walks the slots.
#pragma once

#include <net/if.h>  // before any <linux/*.h>: they share struct ifreq
#include <linux/if_packet.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/result.h"

namespace wpcap::live {

constexpr unsigned kV3MaxBlock = 1 << 20;     // largest V3 block we choose
constexpr unsigned kV3MinBigBlock = 262144;   // libpcap's V3 block size: floor for unbounded frames
constexpr unsigned kMaxLinkHeader = 256;  // room for a link-layer header (SOCK_RAW)

struct RingRequest {
  int version = TPACKET_V3;
  unsigned buffer_size = 2 * 1024 * 1024;  // requested ring bytes
  unsigned snapshot = 262144;              // bytes of each packet wanted (incl. cooked header)
  unsigned frame_cap = 0;                  // link-based bound on frame payload; 0 = none
  unsigned hdrlen = 0;                     // PACKET_HDRLEN for the version
  unsigned reserve = 0;                    // PACKET_RESERVE headroom
  bool cooked = false;                     // SOCK_DGRAM: no link header in the frame
  int timeout_ms = 0;                      // pcap timeout (V3 block retire timer)
  unsigned page_size = 4096;
};

struct RingGeometry {
  int version = TPACKET_V3;
  unsigned block_size = 0;
  unsigned block_nr = 0;
  unsigned frame_size = 0;
  unsigned frame_nr = 0;
  unsigned retire_tov_ms = 0;  // V3 only
  size_t bytes() const { return size_t(block_size) * block_nr; }
};

// Chooses block and frame sizes. A V3 block is retired (and the reader
// woken) when full, so bigger blocks mean fewer wake-ups; more blocks mean
// a slow reader frees space in smaller steps. Rings of 4 MiB or more get
// blocks of a quarter of the ring, smaller rings an eighth, at most 1 MiB
// (libpcap: 256 KiB blocks whatever the buffer, so a single block for a
// 256 KiB buffer), never below what one packet needs (256 KiB when frames
// are unbounded, as in libpcap). V2 frames hold one packet of
// min(snapshot, frame_cap) bytes.
RingGeometry plan_ring(const RingRequest& req);

// Fewer blocks after an ENOMEM from the kernel: -5% (at least one block).
// Returns false when the ring cannot shrink any further.
bool shrink_ring(RingGeometry& g);

class Ring {
 public:
  Ring() = default;
  ~Ring() { unmap(); }
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;

  // PACKET_RX_RING with g (shrinking on ENOMEM) and mmap of the result;
  // below 4 GiB with map_32bit (pcap_init(PCAP_MMAP_32BIT)).
  Status create(int fd, RingGeometry g, bool map_32bit = false);
  void unmap();

  bool mapped() const { return base_ != nullptr; }
  const RingGeometry& geometry() const { return geo_; }
  unsigned slots() const { return static_cast<unsigned>(slots_.size()); }
  unsigned slot_size() const { return geo_.version == TPACKET_V3 ? geo_.block_size : geo_.frame_size; }
  uint8_t* slot(unsigned i) const { return slots_[i]; }

  // The status word: frame tp_status (V2) or block_status (V3).
  uint32_t* status_word(unsigned i) const {
    uint8_t* s = slots_[i];
    if (geo_.version == TPACKET_V3) {
      return &reinterpret_cast<tpacket_block_desc*>(s)->hdr.bh1.block_status;
    }
    return reinterpret_cast<uint32_t*>(&reinterpret_cast<tpacket2_hdr*>(s)->tp_status);
  }
  bool user_owned(unsigned i) const {
    return (__atomic_load_n(status_word(i), __ATOMIC_ACQUIRE) & TP_STATUS_USER) != 0;
  }
  void give_back(unsigned i) const { __atomic_store_n(status_word(i), TP_STATUS_KERNEL, __ATOMIC_RELEASE); }

  // Slots currently owned by user space (used after a filter change).
  unsigned user_owned_count() const;

 private:
  uint8_t* base_ = nullptr;
  size_t len_ = 0;
  RingGeometry geo_;
  std::vector<uint8_t*> slots_;
};

}  // namespace wpcap::live
