// pcapng_reader.h - the pcapng savefile format, read side.
//
// Entry points: open_pcapng() reads the first Section Header Block and the
// blocks up to the first Interface Description Block (which fixes the
// handle's link type and snapshot); PcapngReader::next() walks the rest:
// EPB/SPB/PB deliver packets (zero-copy from a mapping), IDBs add
// interfaces (if_tsresol, if_tsoffset), SHBs start new sections, every
// other block is skipped. Behaviour and messages follow libpcap 1.10.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/savefile/byte_source.h"
#include "capture/savefile/pcap_reader.h"
#include "core/result.h"

struct pcap;

namespace wpcap::savefile {

constexpr uint32_t kBlockShb = 0x0A0D0D0A;

// One interface of the current section and how to convert its timestamps.
struct Interface {
  enum class Scale : uint8_t { kNone, kUpDec, kDownDec, kBin };
  uint64_t tsresol = 1000000;  // ticks per second
  int64_t tsoffset = 0;        // seconds added to every timestamp
  Scale scale = Scale::kNone;
  uint64_t factor = 1;
};

class PcapngReader {
 public:
  // 1: packet, 0: clean EOF, PCAP_ERROR: h.errbuf set.
  int next(pcap& h, pcap_pkthdr& hdr, const u_char*& data);

  const FileInfo& info() const { return info_; }
  ByteSource& source() { return *src_; }
  int bufsize() const { return 2048; }  // what libpcap 1.10.3 reports for pcapng

  // Reads one block; for the opener (errors go to *err).
  struct Block {
    uint32_t type = 0;
    const u_char* body = nullptr;  // after the 8-byte header
    uint32_t body_len = 0;         // without header and trailer
  };

 private:
  friend Result<std::unique_ptr<PcapngReader>> open_pcapng(std::unique_ptr<ByteSource>, u_int);

  int read_block(Block& b, std::string* err);
  Status add_interface(const Block& b);
  Status check_section(const Block& b, bool first);
  int packet(pcap& h, const Block& b, pcap_pkthdr& hdr, const u_char*& data);

  uint32_t u32(const u_char* p) const;
  uint16_t u16(const u_char* p) const;

  std::unique_ptr<ByteSource> src_;
  FileInfo info_;
  u_int precision_ = PCAP_TSTAMP_PRECISION_MICRO;
  uint32_t max_block_ = 16 * 1024 * 1024;
  std::vector<Interface> ifaces_;
  bool swap_pseudo_ = false;
  bool usb_mmapped_ = false;
  std::vector<u_char> scratch_;
};

// src is at the start of the file, whose first word is the SHB type.
// Returns a Status with an empty message when the file is not pcapng (the
// caller then reports "unknown file format").
Result<std::unique_ptr<PcapngReader>> open_pcapng(std::unique_ptr<ByteSource> src, u_int precision);

}  // namespace wpcap::savefile
