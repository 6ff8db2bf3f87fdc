// byte_source.h - ByteSource: the bytes of a savefile, read front to back.
//
// Entry points: ByteSource::open(FILE*), peek(), advance(), discard().
// Bytes come through a large buffer filled with read(2) (first draining
// whatever the FILE* already buffered; never seeking, so pipes and stdin
// work), or, with WPCAP_SAVEFILE_MMAP=1 and a regular file, from a mapping
// (re-mapped when the file grows). Either way peek() returns pointers into
// the buffer/mapping: no per-packet copy. See byte_source.cc for why the
// buffer is the default. The savefile readers
// (pcap_reader.cc, pcapng_reader.cc) are built on this.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/result.h"

namespace wpcap::savefile {

class ByteSource {
 public:
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  enum class Mode { kAuto, kBuffered, kMmap };
  // Reads from fp's current position. The FILE* stays owned by the caller.
  // kAuto: kMmap if WPCAP_SAVEFILE_MMAP=1 in the environment, else
  // kBuffered; kMmap falls back to kBuffered for non-regular files.
  static Result<std::unique_ptr<ByteSource>> open(FILE* fp, Mode mode = Mode::kAuto);
  // A source over a caller-owned memory block (tests, fuzzers).
  static std::unique_ptr<ByteSource> from_memory(const unsigned char* data, size_t len);

  // Returns a pointer to n contiguous bytes at the cursor without consuming
  // them, or nullptr when fewer are left; *got then holds how many are left
  // (a read error sets error_errno()). The pointer stays valid until the
  // next peek()/discard() that has to refill.
  const unsigned char* peek(size_t n, size_t* got) {
    if (static_cast<size_t>(end_ - pos_) >= n) return pos_;
    return peek_slow(n, got);
  }
  void advance(size_t n) {
    pos_ += n;
    if (!mapped_) return;
    if (pf_ < pos_) pf_ = pos_;
    // Sequential software prefetch over the mapping: the records' addresses
    // form a dependent chain, so without it every header is a DRAM miss.
    const unsigned char* want = pos_ + kPrefetchDistance;
    if (want > end_) want = end_;
    while (pf_ < want) {
      __builtin_prefetch(pf_);
      pf_ += 64;
    }
  }
  // Consumes up to n bytes (also past the buffer); returns how many were.
  size_t discard(size_t n);

  bool mapped() const { return mapped_; }
  int error_errno() const { return errno_; }
  // Bytes consumed from where the source started.
  uint64_t consumed() const { return base_offset_ + static_cast<uint64_t>(pos_ - start_); }

 private:
  static constexpr size_t kPrefetchDistance = 4096;
  ByteSource() = default;
  const unsigned char* peek_slow(size_t n, size_t* got);
  bool remap_if_grown();
  bool fill(size_t n);
  ssize_t read_more(unsigned char* dst, size_t room);

  // Cursor over the readable window (mapping or buffer).
  const unsigned char* start_ = nullptr;
  const unsigned char* pos_ = nullptr;
  const unsigned char* end_ = nullptr;
  const unsigned char* pf_ = nullptr;  // prefetched up to here
  uint64_t base_offset_ = 0;  // stream: bytes dropped from the buffer front

  bool mapped_ = false;
  void* map_ = nullptr;
  size_t map_len_ = 0;
  off_t map_off_ = 0;  // file offset where reading started

  FILE* fp_ = nullptr;
  int fd_ = -1;
  bool eof_ = false;
  int errno_ = 0;
  std::vector<unsigned char> buf_;
};

}  // namespace wpcap::savefile
