// pcap_reader.h - the classic pcap savefile format, read side.
//
// Entry points: open_pcap() checks the 24-byte file header (all magics,
// both byte orders, versions, snaplen rules) and returns a PcapReader;
// PcapReader::next() yields one record at a time, zero-copy when the bytes
// come from a mapping. savefile_open.cc picks this or pcapng_reader.h.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "capture/savefile/byte_source.h"
#include "core/result.h"

struct pcap;

namespace wpcap::savefile {

constexpr uint32_t kMagicMicro = 0xa1b2c3d4;
constexpr uint32_t kMagicNano = 0xa1b23c4d;
constexpr uint32_t kMagicKuznetzov = 0xa1b2cd34;
constexpr uint32_t kMagicNavtel = 0xa12b3c4d;

// Link-layer and format facts a reader hands to the handle.
struct FileInfo {
  int linktype = 0;  // DLT_*
  uint32_t linktype_ext = 0;
  int snapshot = 0;
  bool swapped = false;
  int version_major = 0;
  int version_minor = 0;
};

class PcapReader {
 public:
  // 1: a packet (hdr/data set; data valid until the next call), 0: clean
  // EOF, PCAP_ERROR: h.errbuf says why (truncation, bad caplen, I/O).
  int next(pcap& h, pcap_pkthdr& hdr, const u_char*& data);

  const FileInfo& info() const { return info_; }
  ByteSource& source() { return *src_; }
  // pcap_bufsize(): libpcap's record buffer, min(snapshot, 2048) at first,
  // then the next power of two (at most the snapshot) a record needed.
  int bufsize() const { return bufsize_; }

 private:
  friend Result<std::unique_ptr<PcapReader>> open_pcap(std::unique_ptr<ByteSource>, u_int);
  enum class Scale : uint8_t { kNone, kUp, kDown };
  enum class LenOrder : uint8_t { kNormal, kSwapped, kSwapIfBigger };

  int fail_truncated_data(pcap& h, size_t want, size_t got);
  void grow_bufsize(uint32_t need);
  int read_oversized(pcap& h, pcap_pkthdr& hdr, const u_char*& data);
  const u_char* finish(pcap_pkthdr& hdr, const u_char* bytes);

  std::unique_ptr<ByteSource> src_;
  FileInfo info_;
  size_t record_size_ = 16;
  Scale scale_ = Scale::kNone;
  LenOrder order_ = LenOrder::kNormal;
  bool swap_pseudo_ = false;     // swapped file with a host-order pseudo-header
  bool usb_mmapped_ = false;
  uint32_t max_caplen_ = 0;
  int bufsize_ = 0;
  std::vector<u_char> scratch_;  // writable copy for pseudo-header swaps
};

// True if the first 4 bytes of a file are a readable pcap magic (either order).
bool is_pcap_magic(uint32_t first_word);

// src is at the start of the file and its first word is a pcap magic.
// Failures carry libpcap's message (version, linktype, truncation).
Result<std::unique_ptr<PcapReader>> open_pcap(std::unique_ptr<ByteSource> src, u_int precision);

}  // namespace wpcap::savefile
