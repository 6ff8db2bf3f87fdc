// pcap_reader.cc - file-header checks and per-record decoding of classic
// pcap savefiles, matching libpcap 1.10's accepted inputs and messages.
#include "capture/savefile/pcap_reader.h"

#include <cstring>
#include <initializer_list>

#include "capture/savefile/linktype.h"
#include "capture/savefile/pseudo_header.h"
#include "core/errbuf.h"
#include "core/handle.h"

namespace wpcap::savefile {
namespace {

constexpr size_t kFileHeaderSize = 24;

inline uint32_t load32(const u_char* p, bool swap) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return swap ? __builtin_bswap32(v) : v;
}

inline uint16_t load16(const u_char* p, bool swap) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return swap ? __builtin_bswap16(v) : v;
}

Status read_error(const ByteSource& src) {
  return Status::error(errno_message(src.error_errno(), "error reading dump file"));
}

}  // namespace

bool is_pcap_magic(uint32_t w) {
  for (uint32_t m : {kMagicMicro, kMagicNano, kMagicKuznetzov}) {
    if (w == m || w == __builtin_bswap32(m)) return true;
  }
  return false;
}

Result<std::unique_ptr<PcapReader>> open_pcap(std::unique_ptr<ByteSource> src, u_int precision) {
  size_t got = 0;
  const u_char* h = src->peek(kFileHeaderSize, &got);
  if (h == nullptr) {
    if (src->error_errno() != 0) return read_error(*src);
    return Status::error(str_printf(
        "truncated dump file; tried to read %zu file header bytes, only got %zu", kFileHeaderSize,
        got > 4 ? got - 4 : 0));
  }
  auto r = std::unique_ptr<PcapReader>(new PcapReader());
  uint32_t magic = load32(h, false);
  const bool swapped = !(magic == kMagicMicro || magic == kMagicNano || magic == kMagicKuznetzov);
  if (swapped) magic = __builtin_bswap32(magic);
  FileInfo& fi = r->info_;
  fi.swapped = swapped;
  fi.version_major = load16(h + 4, swapped);
  fi.version_minor = load16(h + 6, swapped);
  const uint32_t snaplen = load32(h + 16, swapped);
  const uint32_t linktype = load32(h + 20, swapped);
  if (fi.version_major < 2) return Status::error("archaic pcap savefile format");
  if (!((fi.version_major == 2 && fi.version_minor <= 4) ||
        (fi.version_major == 543 && fi.version_minor == 0))) {
    return Status::error(str_printf("unsupported pcap savefile version %u.%u",
                                    static_cast<unsigned>(fi.version_major),
                                    static_cast<unsigned>(fi.version_minor)));
  }
  fi.linktype = linktype_to_dlt(static_cast<int>(linktype & 0x03FFFFFF));
  fi.linktype_ext = linktype & 0xFC000000;
  fi.snapshot = adjust_snapshot(fi.linktype, snaplen);
  if (magic == kMagicKuznetzov) {
    r->record_size_ = 24;
    if (fi.linktype == DLT_EN10MB) fi.snapshot += 14;
  }
  const bool file_nano = magic == kMagicNano;
  const bool want_nano = precision == PCAP_TSTAMP_PRECISION_NANO;
  r->scale_ = file_nano == want_nano ? PcapReader::Scale::kNone
              : want_nano            ? PcapReader::Scale::kUp
                                     : PcapReader::Scale::kDown;
  if (fi.version_major == 543 || fi.version_minor < 3) {
    r->order_ = PcapReader::LenOrder::kSwapped;
  } else if (fi.version_minor == 3) {
    r->order_ = PcapReader::LenOrder::kSwapIfBigger;
  }
  r->swap_pseudo_ = swapped && needs_swap(fi.linktype);
  r->usb_mmapped_ = fi.linktype == DLT_USB_LINUX_MMAPPED;
  r->max_caplen_ = max_snaplen_for_dlt(fi.linktype);
  r->bufsize_ = fi.snapshot < 2048 ? fi.snapshot : 2048;
  src->advance(kFileHeaderSize);
  r->src_ = std::move(src);
  return r;
}

void PcapReader::grow_bufsize(uint32_t need) {
  if (need <= static_cast<uint32_t>(bufsize_)) return;
  uint64_t n = 1;
  while (n < need) n <<= 1;
  if (n > static_cast<uint64_t>(info_.snapshot)) n = static_cast<uint64_t>(info_.snapshot);
  bufsize_ = static_cast<int>(n);
}

int PcapReader::fail_truncated_data(pcap& h, size_t want, size_t got) {
  if (src_->error_errno() != 0) {
    return h.fail(PCAP_ERROR, errno_message(src_->error_errno(), "error reading dump file"));
  }
  return h.fail(PCAP_ERROR, str_printf("truncated dump file; tried to read %zu captured bytes, only got %zu",
                                       want, got));
}

// Swaps pseudo-headers (into scratch_) and fixes usbmon lengths.
const u_char* PcapReader::finish(pcap_pkthdr& hdr, const u_char* bytes) {
  if (swap_pseudo_) {
    if (scratch_.size() < hdr.caplen) scratch_.resize(hdr.caplen);
    std::memcpy(scratch_.data(), bytes, hdr.caplen);
    swap_pseudo_header(info_.linktype, hdr, scratch_.data());
    bytes = scratch_.data();
  }
  if (usb_mmapped_) fixup_usb_mmapped_len(hdr, bytes);
  return bytes;
}

// caplen > snapshot (but within the DLT's maximum): keep snapshot bytes,
// skip the rest, report caplen = snapshot.
int PcapReader::read_oversized(pcap& h, pcap_pkthdr& hdr, const u_char*& data) {
  const size_t snap = static_cast<size_t>(info_.snapshot);
  size_t got = 0;
  const u_char* bytes = src_->peek(snap, &got);
  if (bytes == nullptr) {
    src_->advance(got);
    return fail_truncated_data(h, snap, got);
  }
  if (scratch_.size() < snap) scratch_.resize(snap);
  std::memcpy(scratch_.data(), bytes, snap);
  src_->advance(snap);
  const size_t rest = hdr.caplen - snap;
  const size_t skipped = src_->discard(rest);
  if (skipped != rest) return fail_truncated_data(h, hdr.caplen, snap + skipped);
  hdr.caplen = static_cast<bpf_u_int32>(snap);
  if (swap_pseudo_) swap_pseudo_header(info_.linktype, hdr, scratch_.data());
  if (usb_mmapped_) fixup_usb_mmapped_len(hdr, scratch_.data());
  data = scratch_.data();
  return 1;
}

int PcapReader::next(pcap& h, pcap_pkthdr& hdr, const u_char*& data) {
  size_t got = 0;
  const u_char* r = src_->peek(record_size_, &got);
  if (r == nullptr) {
    if (src_->error_errno() != 0) {
      return h.fail(PCAP_ERROR, errno_message(src_->error_errno(), "error reading dump file"));
    }
    if (got == 0) return 0;
    src_->advance(got);
    return h.fail(PCAP_ERROR, str_printf("truncated dump file; tried to read %zu header bytes, only got %zu",
                                         record_size_, got));
  }
  // libpcap sign-extends the 32-bit time fields of native-order files but
  // zero-extends those of byte-swapped ones (its swap yields an unsigned).
  const bool sw = info_.swapped;
  int64_t sec = sw ? int64_t{load32(r, sw)} : int64_t{static_cast<int32_t>(load32(r, sw))};
  int64_t frac = sw ? int64_t{load32(r + 4, sw)} : int64_t{static_cast<int32_t>(load32(r + 4, sw))};
  uint32_t caplen = load32(r + 8, sw);
  uint32_t len = load32(r + 12, sw);
  src_->advance(record_size_);
  if (order_ == LenOrder::kSwapped || (order_ == LenOrder::kSwapIfBigger && caplen > len)) {
    std::swap(caplen, len);
  }
  if (scale_ == Scale::kUp) frac *= 1000;
  else if (scale_ == Scale::kDown) frac /= 1000;
  hdr.ts.tv_sec = static_cast<time_t>(sec);
  hdr.ts.tv_usec = static_cast<suseconds_t>(frac);
  hdr.caplen = caplen;
  hdr.len = len;
  if (caplen > max_caplen_) {
    if (caplen > static_cast<uint32_t>(info_.snapshot)) {
      return h.fail(PCAP_ERROR, str_printf("invalid packet capture length %u, bigger than snaplen of %d",
                                           caplen, info_.snapshot));
    }
    return h.fail(PCAP_ERROR, str_printf("invalid packet capture length %u, bigger than maximum of %u",
                                         caplen, max_caplen_));
  }
  if (caplen > static_cast<uint32_t>(info_.snapshot)) {
    grow_bufsize(static_cast<uint32_t>(info_.snapshot));
    return read_oversized(h, hdr, data);
  }
  grow_bufsize(caplen);
  const u_char* bytes = src_->peek(caplen, &got);
  if (bytes == nullptr) {
    src_->advance(got);
    return fail_truncated_data(h, caplen, got);
  }
  src_->advance(caplen);
  data = (swap_pseudo_ || usb_mmapped_) ? finish(hdr, bytes) : bytes;
  return 1;
}

}  // namespace wpcap::savefile
