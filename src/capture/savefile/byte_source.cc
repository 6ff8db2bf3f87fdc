// byte_source.cc - mmap and buffered-stream implementations of ByteSource.
//
// Which path a regular file takes: measured on this project's machines
// (kernel 6.18, 4 KiB pages, file in the page cache), mapping costs about
// 0.45 us per page (fault-around or MAP_POPULATE, plus munmap), more than
// read(2) copying the same 4 KiB into a 1 MiB buffer (~0.35 us), so the
// buffered path is the default and delivers packets as pointers into the
// buffer (one copy per MiB, none per packet). WPCAP_SAVEFILE_MMAP=1 selects
// mmap; docs/performance.md has the numbers.
//
// mmap path: the whole file is mapped read-only from offset 0 and the cursor
// starts at the FILE*'s logical position (ftello accounts for stdio's
// read-ahead). At the end of the mapping the file is fstat'ed again so a
// savefile that is still being written can be followed.
// Stream path: bytes already sitting in the FILE*'s buffer are taken first
// (glibc keeps them between _IO_read_ptr and _IO_read_end), then read(2)
// fills a large buffer with whatever is available, so a slow pipe delivers
// packets as they arrive instead of waiting for a full buffer.
#include "capture/savefile/byte_source.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace wpcap::savefile {
namespace {

constexpr size_t kStreamBuffer = 1 << 20;

bool prefer_mmap() {
  static const bool on = [] {
    const char* v = std::getenv("WPCAP_SAVEFILE_MMAP");
    return v != nullptr && v[0] == '1';
  }();
  return on;
}

}  // namespace

ByteSource::~ByteSource() {
  if (map_ != nullptr) munmap(map_, map_len_);
}

Result<std::unique_ptr<ByteSource>> ByteSource::open(FILE* fp, Mode mode) {
  const bool want_map = mode == Mode::kMmap || (mode == Mode::kAuto && prefer_mmap());
  std::unique_ptr<ByteSource> s(new ByteSource());
  s->fp_ = fp;
  s->fd_ = fileno(fp);
  struct stat st {};
  off_t pos = -1;
  if (want_map && s->fd_ >= 0 && fstat(s->fd_, &st) == 0 && S_ISREG(st.st_mode)) pos = ftello(fp);
  if (pos >= 0) {
    s->mapped_ = true;
    s->map_off_ = pos;
    if (st.st_size > 0) {
      void* m = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, s->fd_, 0);
      if (m != MAP_FAILED) {
        s->map_ = m;
        s->map_len_ = static_cast<size_t>(st.st_size);
        madvise(m, s->map_len_, MADV_SEQUENTIAL | MADV_WILLNEED);
      } else {
        s->mapped_ = false;  // fall back to reading
      }
    }
    if (s->mapped_) {
      auto* base = static_cast<const unsigned char*>(s->map_);
      size_t off = static_cast<size_t>(pos) < s->map_len_ ? static_cast<size_t>(pos) : s->map_len_;
      s->start_ = s->pos_ = s->pf_ = base + off;
      s->end_ = base + s->map_len_;
      return s;
    }
  }
  s->buf_.resize(kStreamBuffer);
  s->start_ = s->pos_ = s->pf_ = s->end_ = s->buf_.data();
  return s;
}

std::unique_ptr<ByteSource> ByteSource::from_memory(const unsigned char* data, size_t len) {
  std::unique_ptr<ByteSource> s(new ByteSource());
  s->start_ = s->pos_ = s->pf_ = data;
  s->end_ = data + len;
  s->eof_ = true;
  return s;
}

const unsigned char* ByteSource::peek_slow(size_t n, size_t* got) {
  if (mapped_) {
    if (remap_if_grown() && static_cast<size_t>(end_ - pos_) >= n) return pos_;
  } else if (fp_ != nullptr && fill(n)) {
    return pos_;
  }
  if (got != nullptr) *got = static_cast<size_t>(end_ - pos_);
  return nullptr;
}

bool ByteSource::remap_if_grown() {
  struct stat st {};
  if (fstat(fd_, &st) != 0 || static_cast<size_t>(st.st_size) <= map_len_) return false;
  size_t consumed = static_cast<size_t>(pos_ - static_cast<const unsigned char*>(map_));
  size_t new_len = static_cast<size_t>(st.st_size);
  void* m = map_ == nullptr
                ? mmap(nullptr, new_len, PROT_READ, MAP_PRIVATE, fd_, 0)
                : mremap(map_, map_len_, new_len, MREMAP_MAYMOVE);
  if (m == MAP_FAILED) return false;
  if (map_ == nullptr) consumed = static_cast<size_t>(map_off_);
  map_ = m;
  map_len_ = new_len;
  auto* base = static_cast<const unsigned char*>(m);
  start_ = base + map_off_;
  pos_ = base + consumed;
  end_ = base + map_len_;
  pf_ = pos_;
  return true;
}

ssize_t ByteSource::read_more(unsigned char* dst, size_t room) {
  // Bytes stdio already read ahead belong to us first.
  size_t buffered = 0;
  if (fp_->_IO_read_ptr != nullptr && fp_->_IO_read_end > fp_->_IO_read_ptr) {
    buffered = static_cast<size_t>(fp_->_IO_read_end - fp_->_IO_read_ptr);
  }
  if (buffered > 0) {
    size_t take = buffered < room ? buffered : room;
    size_t n = fread(dst, 1, take, fp_);
    return static_cast<ssize_t>(n);
  }
  if (fd_ < 0) {  // a FILE* without a descriptor (fmemopen, fopencookie)
    size_t n = fread(dst, 1, room, fp_);
    if (n == 0 && ferror(fp_)) {
      errno = EIO;
      return -1;
    }
    return static_cast<ssize_t>(n);
  }
  for (;;) {
    ssize_t n = ::read(fd_, dst, room);
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

bool ByteSource::fill(size_t n) {
  size_t have = static_cast<size_t>(end_ - pos_);
  if (buf_.size() < n) {
    std::vector<unsigned char> bigger(n < 2 * buf_.size() ? 2 * buf_.size() : n);
    std::memcpy(bigger.data(), pos_, have);
    base_offset_ += static_cast<uint64_t>(pos_ - start_);
    buf_.swap(bigger);
  } else if (pos_ != buf_.data()) {
    std::memmove(buf_.data(), pos_, have);
    base_offset_ += static_cast<uint64_t>(pos_ - start_);
  }
  start_ = pos_ = pf_ = buf_.data();
  end_ = pos_ + have;
  while (have < n && !eof_) {
    ssize_t r = read_more(buf_.data() + have, buf_.size() - have);
    if (r < 0) {
      errno_ = errno;
      break;
    }
    if (r == 0) {
      eof_ = true;
      break;
    }
    have += static_cast<size_t>(r);
    end_ = buf_.data() + have;
  }
  // A later call may find more data (a file or pipe that is still growing).
  eof_ = false;
  return have >= n;
}

size_t ByteSource::discard(size_t n) {
  size_t done = 0;
  while (done < n) {
    size_t avail = static_cast<size_t>(end_ - pos_);
    if (avail == 0) {
      size_t got = 0;
      size_t want = n - done < kStreamBuffer ? n - done : kStreamBuffer;
      if (peek(want, &got) == nullptr && got == 0) break;
      avail = static_cast<size_t>(end_ - pos_);
    }
    size_t take = avail < n - done ? avail : n - done;
    pos_ += take;
    done += take;
  }
  return done;
}

}  // namespace wpcap::savefile
