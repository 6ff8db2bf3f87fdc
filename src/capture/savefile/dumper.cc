// dumper.cc - opening pcap savefiles for writing: header, append checks
// (precision, byte order, version, linktype, snaplen) and stdio buffers.
#include "capture/savefile/dumper.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "capture/savefile/linktype.h"
#include "capture/savefile/pcap_reader.h"
#include "core/errbuf.h"
#include "core/handle.h"

namespace wpcap::savefile {
namespace {

// 64 KiB: measured on ext4 here, 1 MiB writes intermittently cost 3-6x more
// system time (large page-cache folio allocation), 4 KiB (stdio default)
// about 3.5x more than 64 KiB.
constexpr size_t kWriteBuffer = 64 << 10;

struct FileHeader {
  uint32_t magic;
  uint16_t major, minor;
  int32_t thiszone;
  uint32_t sigfigs, snaplen, linktype;
};

std::mutex& buffers_mutex() {
  static std::mutex m;
  return m;
}
std::unordered_map<FILE*, char*>& buffers() {
  static auto* m = new std::unordered_map<FILE*, char*>();
  return *m;
}

// Gives a stream we opened ourselves (no I/O yet) a large buffer.
void give_buffer(FILE* f) {
  char* buf = static_cast<char*>(std::malloc(kWriteBuffer));
  if (buf == nullptr) return;
  if (setvbuf(f, buf, _IOFBF, kWriteBuffer) != 0) {
    std::free(buf);
    return;
  }
  std::lock_guard<std::mutex> lock(buffers_mutex());
  buffers()[f] = buf;
}

Result<uint32_t> file_linktype(const pcap& h, const char* name) {
  if (!h.activated) {
    return Status::error(str_printf("%s: not-yet-activated pcap_t passed to pcap_dump_open", name));
  }
  int lt = dlt_to_linktype(h.linktype);
  if (lt == -1) {
    return Status::error(str_printf("%s: link-layer type %d isn't supported in savefiles", name, h.linktype));
  }
  return static_cast<uint32_t>(lt) | h.linktype_ext;
}

bool write_header(const pcap& h, FILE* f, uint32_t linktype) {
  FileHeader fh{};
  fh.magic = h.opt.tstamp_precision == PCAP_TSTAMP_PRECISION_NANO ? kMagicNano : kMagicMicro;
  fh.major = 2;
  fh.minor = 4;
  fh.snaplen = static_cast<uint32_t>(h.snapshot);
  fh.linktype = linktype;
  return fwrite(&fh, sizeof fh, 1, f) == 1;
}

Result<FILE*> setup(const pcap& h, FILE* f, uint32_t linktype, const char* name) {
  if (!write_header(h, f, linktype)) {
    Status s = Status::error(errno_message(errno, str_printf("Can't write to %s", name)));
    if (f != stdout) close_dump(f);
    return s;
  }
  return f;
}

// Validates an existing header for appending; empty Status = ok.
Status check_append_header(const pcap& h, const FileHeader& fh, uint32_t linktype, const char* name) {
  const bool nano = h.opt.tstamp_precision == PCAP_TSTAMP_PRECISION_NANO;
  switch (fh.magic) {
    case kMagicMicro:
    case kMagicNano:
      if ((fh.magic == kMagicNano) != nano) {
        return Status::error(str_printf("%s: different time stamp precision, cannot append to file", name));
      }
      break;
    case __builtin_bswap32(kMagicMicro):
    case __builtin_bswap32(kMagicNano):
      return Status::error(str_printf("%s: different byte order, cannot append to file", name));
    case kMagicKuznetzov:
    case __builtin_bswap32(kMagicKuznetzov):
    case kMagicNavtel:
    case __builtin_bswap32(kMagicNavtel):
      return Status::error(str_printf("%s: not a pcap file to which we can append", name));
    default:
      return Status::error(str_printf("%s: not a pcap file", name));
  }
  if (fh.major != 2 || fh.minor != 4) {
    return Status::error(str_printf("%s: version is %u.%u, cannot append to file", name,
                                    static_cast<unsigned>(fh.major), static_cast<unsigned>(fh.minor)));
  }
  if (fh.linktype != linktype) {
    return Status::error(str_printf("%s: different linktype, cannot append to file", name));
  }
  if (fh.snaplen != static_cast<uint32_t>(h.snapshot)) {
    return Status::error(str_printf("%s: different snaplen, cannot append to file", name));
  }
  return Status::ok();
}

}  // namespace

Result<FILE*> open_dump_path(const pcap& h, const char* fname) {
  if (fname == nullptr) return Status::error("A null pointer was supplied as the file name");
  auto lt = file_linktype(h, fname);
  if (!lt) return lt.status();
  if (std::strcmp(fname, "-") == 0) return setup(h, stdout, *lt, "standard output");
  FILE* f = fopen(fname, "wb");
  if (f == nullptr) return Status::error(errno_message(errno, fname));
  give_buffer(f);
  return setup(h, f, *lt, fname);
}

Result<FILE*> open_dump_stream(const pcap& h, FILE* fp) {
  auto lt = file_linktype(h, "stream");
  if (!lt) return lt.status();
  return setup(h, fp, *lt, "stream");
}

Result<FILE*> open_dump_append(const pcap& h, const char* fname) {
  if (fname == nullptr) return Status::error("A null pointer was supplied as the file name");
  auto lt = file_linktype(h, fname);
  if (!lt) return lt.status();
  if (std::strcmp(fname, "-") == 0) return setup(h, stdout, *lt, "standard output");
  FILE* f = fopen(fname, "ab+");
  if (f == nullptr) return Status::error(errno_message(errno, fname));
  give_buffer(f);
  FileHeader fh{};
  size_t n = fread(&fh, 1, sizeof fh, f);
  if (n != sizeof fh && ferror(f)) {
    Status s = Status::error(errno_message(errno, str_printf("%s: error reading", fname)));
    close_dump(f);
    return s;
  }
  if (n == 0) return setup(h, f, *lt, fname);
  if (n != sizeof fh) {
    close_dump(f);
    return Status::error(str_printf("%s: truncated pcap file header", fname));
  }
  Status s = check_append_header(h, fh, *lt, fname);
  if (!s.is_ok()) {
    close_dump(f);
    return s;
  }
  if (fseeko(f, 0, SEEK_END) == -1) {
    Status e = Status::error(errno_message(errno, str_printf("Can't seek to end of %s", fname)));
    close_dump(f);
    return e;
  }
  return f;
}

void close_dump(FILE* f) {
  if (f == nullptr) return;
  if (f == stdout) {
    fflush(f);
  } else {
    fclose(f);
  }
  char* buf = nullptr;
  {
    std::lock_guard<std::mutex> lock(buffers_mutex());
    auto it = buffers().find(f);
    if (it != buffers().end()) {
      buf = it->second;
      buffers().erase(it);
    }
  }
  std::free(buf);
}

}  // namespace wpcap::savefile
