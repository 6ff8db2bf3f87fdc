// tools/wpcap/pcapng_writer.h - a minimal pcapng writer for `wpcap gen`.
//
// libpcap 1.10 cannot write pcapng, so the generator writes the blocks
// itself: PcapngWriter::open() emits a Section Header Block and one
// Interface Description Block (with if_tsresol 6 or 9); write() appends one
// Enhanced Packet Block. Host byte order, as the format allows.
#ifndef WPCAP_TOOLS_WPCAP_PCAPNG_WRITER_H
#define WPCAP_TOOLS_WPCAP_PCAPNG_WRITER_H

#include <cstdint>
#include <cstdio>
#include <span>
#include <vector>

namespace wpcap::tool {

class PcapngWriter {
 public:
  // `out` stays owned by the caller. Returns false on a write error.
  bool open(FILE* out, uint16_t linktype, uint32_t snaplen, bool nano);
  bool write(uint64_t ts_ns, std::span<const uint8_t> frame, uint32_t wire_len);
  // Bytes written so far (header blocks included).
  uint64_t bytes() const { return bytes_; }

  // Size of the EPB write() produces for a frame of `caplen` bytes.
  static uint64_t packet_block_size(uint32_t caplen) { return 32 + ((caplen + 3u) & ~3u); }

 private:
  bool emit(const std::vector<uint8_t>& block);

  FILE* out_ = nullptr;
  bool nano_ = false;
  uint64_t bytes_ = 0;
  std::vector<uint8_t> block_;
};

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_PCAPNG_WRITER_H
