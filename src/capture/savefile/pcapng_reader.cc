// pcapng_reader.cc - block framing, section/interface bookkeeping and
// packet decoding for pcapng savefiles (libpcap 1.10 semantics and texts).
#include "capture/savefile/pcapng_reader.h"

#include <cstring>

#include "capture/savefile/linktype.h"
#include "capture/savefile/pseudo_header.h"
#include "core/errbuf.h"
#include "core/handle.h"

namespace wpcap::savefile {
namespace {

constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint32_t kShbInsaneMax = 1024 * 1024;
constexpr uint32_t kBlockIdb = 1, kBlockPb = 2, kBlockSpb = 3, kBlockEpb = 6;
constexpr uint16_t kOptEnd = 0, kOptTsresol = 9, kOptTsoffset = 14;

// A cursor over a block body, failing like libpcap's get_from_block_data.
struct Cursor {
  const u_char* p;
  uint32_t left;
  uint32_t type;
  const u_char* take(uint32_t n, std::string* err) {
    if (left < n) {
      *err = str_printf("block of type %u in pcapng dump file is too short", type);
      return nullptr;
    }
    const u_char* r = p;
    p += n;
    left -= n;
    return r;
  }
};

uint64_t pow_u64(uint64_t base, unsigned n) {
  uint64_t r = 1;
  while (n-- > 0) r *= base;
  return r;
}

}  // namespace

uint32_t PcapngReader::u32(const u_char* p) const {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return info_.swapped ? __builtin_bswap32(v) : v;
}

uint16_t PcapngReader::u16(const u_char* p) const {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return info_.swapped ? __builtin_bswap16(v) : v;
}

// 1 = block read, 0 = clean EOF, -1 = error (*err set).
int PcapngReader::read_block(Block& b, std::string* err) {
  size_t got = 0;
  const u_char* h = src_->peek(8, &got);
  if (h == nullptr) {
    if (src_->error_errno() != 0) {
      *err = errno_message(src_->error_errno(), "error reading dump file");
      return -1;
    }
    if (got == 0) return 0;
    src_->advance(got);
    *err = str_printf("truncated pcapng dump file; tried to read %zu bytes, only got %zu", size_t{8}, got);
    return -1;
  }
  const uint32_t type = u32(h);
  const uint32_t total = u32(h + 4);
  if (total < 12) {
    *err = str_printf("block in pcapng dump file has a length of %u < %zu", total, size_t{12});
    return -1;
  }
  if (total % 4 != 0) {
    *err = str_printf("block in pcapng dump file has a length of %u that is not a multiple of 4", total);
    return -1;
  }
  if (total > max_block_) {
    *err = str_printf("pcapng block size %u > maximum %u", total, max_block_);
    return -1;
  }
  const u_char* blk = src_->peek(total, &got);
  if (blk == nullptr) {
    if (src_->error_errno() != 0) {
      *err = errno_message(src_->error_errno(), "error reading dump file");
      return -1;
    }
    src_->advance(got);
    *err = str_printf("truncated pcapng dump file; tried to read %zu bytes, only got %zu",
                      size_t{total - 8}, got - 8);
    return -1;
  }
  src_->advance(total);
  if (u32(blk + total - 4) != total) {
    *err = "block total length in header and trailer don't match";
    return -1;
  }
  b.type = type;
  b.body = blk + 8;
  b.body_len = total - 12;
  return 1;
}

namespace {

// The IDB options libpcap interprets, as parsed so far.
struct IdbOptions {
  bool have_res = false, have_off = false, binary = false;
  unsigned exp = 6;  // default resolution 10^-6
  int64_t tsoffset = 0;
};

Status parse_if_option(uint16_t code, uint16_t len, const u_char* val, bool swapped, IdbOptions& o) {
  if (code == kOptTsresol) {
    if (len != 1) {
      return Status::error(str_printf("Interface Description Block has if_tsresol option with length %u != 1", len));
    }
    if (o.have_res) return Status::error("Interface Description Block has more than one if_tsresol option");
    o.have_res = true;
    o.binary = (val[0] & 0x80) != 0;
    o.exp = val[0] & 0x7f;
    if (o.binary && o.exp > 63) {
      return Status::error(str_printf("Interface Description Block if_tsresol option resolution 2^-%u is too high", o.exp));
    }
    if (!o.binary && o.exp > 19) {
      return Status::error(str_printf("Interface Description Block if_tsresol option resolution 10^-%u is too high", o.exp));
    }
  } else if (code == kOptTsoffset) {
    if (len != 8) {
      return Status::error(str_printf("Interface Description Block has if_tsoffset option with length %u != 8", len));
    }
    if (o.have_off) return Status::error("Interface Description Block has more than one if_tsoffset option");
    o.have_off = true;
    uint64_t v;
    std::memcpy(&v, val, 8);
    o.tsoffset = static_cast<int64_t>(swapped ? __builtin_bswap64(v) : v);
  }
  return Status::ok();
}

// How an interface's ticks become the user's µs or ns (libpcap's integer math).
Interface make_interface(const IdbOptions& o, u_int precision) {
  Interface ifc;
  const uint64_t user = precision == PCAP_TSTAMP_PRECISION_NANO ? 1000000000 : 1000000;
  ifc.tsoffset = o.tsoffset;
  ifc.tsresol = o.binary ? (uint64_t{1} << o.exp) : pow_u64(10, o.exp);
  if (o.binary) {
    ifc.scale = Interface::Scale::kBin;
  } else if (ifc.tsresol == user) {
    ifc.scale = Interface::Scale::kNone;
  } else if (ifc.tsresol > user) {
    ifc.scale = Interface::Scale::kDownDec;
    ifc.factor = ifc.tsresol / user;
  } else {
    ifc.scale = Interface::Scale::kUpDec;
    ifc.factor = user / ifc.tsresol;
  }
  return ifc;
}

}  // namespace

Status PcapngReader::add_interface(const Block& b) {
  std::string err;
  Cursor c{b.body, b.body_len, b.type};
  if (c.take(8, &err) == nullptr) return Status::error(err);
  IdbOptions opts;
  while (c.left > 0) {
    const u_char* oh = c.take(4, &err);
    if (oh == nullptr) return Status::error(err);
    const uint16_t code = u16(oh), len = u16(oh + 2);
    const u_char* val = c.take((len + 3u) & ~3u, &err);
    if (val == nullptr) return Status::error(err);
    if (code == kOptEnd) {
      if (len != 0) {
        return Status::error(str_printf("Interface Description Block has opt_endofopt option with length %u != 0", len));
      }
      break;
    }
    Status s = parse_if_option(code, len, val, info_.swapped, opts);
    if (!s.is_ok()) return s;
  }
  ifaces_.push_back(make_interface(opts, precision_));
  return Status::ok();
}

// A later SHB: same byte order, major version 1; interfaces restart.
Status PcapngReader::check_section(const Block& b, bool) {
  std::string err;
  Cursor c{b.body, b.body_len, b.type};
  const u_char* f = c.take(16, &err);
  if (f == nullptr) return Status::error(err);
  const uint32_t bom = u32(f);
  if (bom == __builtin_bswap32(kByteOrderMagic)) {
    return Status::error("the file has sections with different byte orders");
  }
  if (bom != kByteOrderMagic) return Status::error("the file has a section with a bad byte order magic field");
  const uint16_t major = u16(f + 4);
  if (major != 1) {
    return Status::error(str_printf("unknown pcapng savefile major version number %u", major));
  }
  ifaces_.clear();
  return Status::ok();
}

int PcapngReader::packet(pcap& h, const Block& b, pcap_pkthdr& hdr, const u_char*& data) {
  std::string err;
  Cursor c{b.body, b.body_len, b.type};
  uint32_t ifid = 0;
  uint64_t t = 0;
  if (b.type == kBlockSpb) {
    const u_char* f = c.take(4, &err);
    if (f == nullptr) return h.fail(PCAP_ERROR, err);
    hdr.len = u32(f);
    hdr.caplen = hdr.len < static_cast<uint32_t>(info_.snapshot) ? hdr.len : info_.snapshot;
  } else {
    const u_char* f = c.take(20, &err);
    if (f == nullptr) return h.fail(PCAP_ERROR, err);
    ifid = b.type == kBlockEpb ? u32(f) : u16(f);
    t = uint64_t{u32(f + 4)} << 32 | u32(f + 8);
    hdr.caplen = u32(f + 12);
    hdr.len = u32(f + 16);
  }
  if (ifid >= ifaces_.size()) {
    return h.fail(PCAP_ERROR, str_printf("a packet arrived on interface %u, but there's no Interface "
                                         "Description Block for that interface", ifid));
  }
  if (hdr.caplen > static_cast<uint32_t>(info_.snapshot)) {
    return h.fail(PCAP_ERROR, str_printf("invalid packet capture length %u, bigger than snaplen of %d",
                                         hdr.caplen, info_.snapshot));
  }
  const Interface& ifc = ifaces_[ifid];
  uint64_t sec = t / ifc.tsresol + static_cast<uint64_t>(ifc.tsoffset);
  uint64_t frac = t % ifc.tsresol;
  const uint64_t user = precision_ == PCAP_TSTAMP_PRECISION_NANO ? 1000000000 : 1000000;
  switch (ifc.scale) {
    case Interface::Scale::kNone: break;
    case Interface::Scale::kUpDec: frac *= ifc.factor; break;
    case Interface::Scale::kDownDec: frac /= ifc.factor; break;
    case Interface::Scale::kBin: frac = frac * user / ifc.tsresol; break;
  }
  hdr.ts.tv_sec = static_cast<time_t>(sec);
  hdr.ts.tv_usec = static_cast<suseconds_t>(frac);
  const u_char* bytes = c.take(hdr.caplen, &err);
  if (bytes == nullptr) return h.fail(PCAP_ERROR, err);
  if (swap_pseudo_) {
    if (scratch_.size() < hdr.caplen) scratch_.resize(hdr.caplen);
    std::memcpy(scratch_.data(), bytes, hdr.caplen);
    swap_pseudo_header(info_.linktype, hdr, scratch_.data());
    bytes = scratch_.data();
  }
  if (usb_mmapped_) fixup_usb_mmapped_len(hdr, bytes);
  data = bytes;
  return 1;
}

int PcapngReader::next(pcap& h, pcap_pkthdr& hdr, const u_char*& data) {
  for (;;) {
    PcapngReader::Block b;
    std::string err;
    int r = read_block(b, &err);
    if (r == 0) return 0;
    if (r < 0) return h.fail(PCAP_ERROR, err);
    switch (b.type) {
      case kBlockEpb:
      case kBlockSpb:
      case kBlockPb:
        return packet(h, b, hdr, data);
      case kBlockIdb: {
        Cursor c{b.body, b.body_len, b.type};
        const u_char* f = c.take(8, &err);
        if (f == nullptr) return h.fail(PCAP_ERROR, err);
        const uint32_t lt = u16(f), snap = u32(f + 4);
        if (static_cast<uint32_t>(info_.linktype) != lt) {
          return h.fail(PCAP_ERROR, str_printf("an interface has a type %u different from the type of "
                                               "the first interface", lt));
        }
        if (static_cast<uint32_t>(info_.snapshot) !=
            static_cast<uint32_t>(adjust_snapshot(info_.linktype, snap))) {
          return h.fail(PCAP_ERROR, str_printf("an interface has a snapshot length %u different from "
                                               "the snapshot length of the first interface", snap));
        }
        Status s = add_interface(b);
        if (!s.is_ok()) return h.fail(PCAP_ERROR, s.message());
        break;
      }
      case kBlockShb: {
        Status s = check_section(b, false);
        if (!s.is_ok()) return h.fail(PCAP_ERROR, s.message());
        break;
      }
      default:
        break;  // NRB, ISB, DSB, custom and unknown blocks
    }
  }
}

Result<std::unique_ptr<PcapngReader>> open_pcapng(std::unique_ptr<ByteSource> src, u_int precision) {
  size_t got = 0;
  const u_char* h = src->peek(12, &got);
  if (h == nullptr) {
    if (src->error_errno() != 0) return Status::error(errno_message(src->error_errno(), "error reading dump file"));
    return Status(PCAP_ERROR, "");  // too short to be pcapng
  }
  auto r = std::unique_ptr<PcapngReader>(new PcapngReader());
  r->precision_ = precision;
  uint32_t bom, total;
  std::memcpy(&bom, h + 8, 4);
  std::memcpy(&total, h + 4, 4);
  if (bom != kByteOrderMagic) {
    if (__builtin_bswap32(bom) != kByteOrderMagic) return Status(PCAP_ERROR, "");
    r->info_.swapped = true;
    total = __builtin_bswap32(total);
  }
  if (total < 28 || total > kShbInsaneMax) {
    return Status::error(str_printf("Section Header Block in pcapng dump file has invalid length %zu < _%u_ < %u "
                                    "(BT_SHB_INSANE_MAX)", size_t{28}, total, kShbInsaneMax));
  }
  const u_char* shb = src->peek(total, &got);
  if (shb == nullptr) {
    if (src->error_errno() != 0) return Status::error(errno_message(src->error_errno(), "error reading dump file"));
    return Status::error(str_printf("truncated pcapng dump file; tried to read %zu bytes, only got %zu",
                                    size_t{total - 12}, got - 12));
  }
  r->src_ = std::move(src);
  FileInfo& fi = r->info_;
  fi.version_major = r->u16(shb + 12);
  fi.version_minor = r->u16(shb + 14);
  if (!(fi.version_major == 1 && (fi.version_minor == 0 || fi.version_minor == 2))) {
    return Status::error(str_printf("unsupported pcapng savefile version %u.%u",
                                    static_cast<unsigned>(fi.version_major),
                                    static_cast<unsigned>(fi.version_minor)));
  }
  r->src_->advance(total);
  for (;;) {
    PcapngReader::Block b;
    std::string err;
    int rc = r->read_block(b, &err);
    if (rc == 0) return Status::error("the capture file has no Interface Description Blocks");
    if (rc < 0) return Status::error(err);
    if (b.type == kBlockEpb || b.type == kBlockSpb || b.type == kBlockPb) {
      return Status::error("the capture file has a packet block before any Interface Description Blocks");
    }
    if (b.type != kBlockIdb) continue;
    Cursor c{b.body, b.body_len, b.type};
    const u_char* f = c.take(8, &err);
    if (f == nullptr) return Status::error(err);
    fi.linktype = linktype_to_dlt(r->u16(f));
    fi.snapshot = adjust_snapshot(fi.linktype, r->u32(f + 4));
    Status s = r->add_interface(b);
    if (!s.is_ok()) return s;
    break;
  }
  const uint64_t need = 8 + 20 + uint64_t{max_snaplen_for_dlt(fi.linktype)} + 131072 + 4;
  if (need > r->max_block_) r->max_block_ = static_cast<uint32_t>(need);
  r->swap_pseudo_ = fi.swapped && needs_swap(fi.linktype);
  r->usb_mmapped_ = fi.linktype == DLT_USB_LINUX_MMAPPED;
  return r;
}

}  // namespace wpcap::savefile
