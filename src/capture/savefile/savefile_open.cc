// savefile_open.cc - format detection and handle construction for
// savefiles: the first 4 bytes pick the pcap or pcapng reader; the handle
// gets libpcap's offline settings (activated, AF handling for filters).
#include "capture/savefile/savefile_open.h"

#include <cstring>

#include "capture/savefile/byte_source.h"
#include "capture/savefile/pcap_reader.h"
#include "capture/savefile/pcapng_reader.h"
#include "capture/savefile/savefile_source.h"
#include "core/errbuf.h"

namespace wpcap::savefile {
namespace {

// libpcap's BPF_OFFLINE_AF_HANDLING-style flag: filters on savefiles accept the AF_
// values of other OSes for DLT_NULL/LOOP/ENC/PFLOG (0x1/0x2 are the live VLAN flags).
constexpr int kBpfOfflineAfHandling = 0x4;

template <typename Reader>
std::unique_ptr<pcap> make_handle(std::unique_ptr<Reader> reader, FILE* fp, bool close_fp,
                                  u_int precision) {
  auto h = std::make_unique<pcap>();
  const FileInfo& fi = reader->info();
  h->linktype = fi.linktype;
  h->linktype_ext = fi.linktype_ext;
  h->snapshot = fi.snapshot;
  h->swapped = fi.swapped;
  h->version_major = fi.version_major;
  h->version_minor = fi.version_minor;
  h->opt.tstamp_precision = static_cast<int>(precision);
  h->bpf_codegen_flags = kBpfOfflineAfHandling;
  h->activated = true;
  h->source = std::make_unique<SavefileSource<Reader>>(std::move(reader), fp, close_fp);
  return h;
}

Result<std::unique_ptr<pcap>> open_source(std::unique_ptr<ByteSource> bs, FILE* fp, bool close_fp,
                                          u_int precision) {
  if (precision != PCAP_TSTAMP_PRECISION_MICRO && precision != PCAP_TSTAMP_PRECISION_NANO) {
    return Status::error(str_printf("unknown time stamp resolution %u", precision));
  }
  size_t got = 0;
  const u_char* m = bs->peek(4, &got);
  if (m == nullptr) {
    if (bs->error_errno() != 0) return Status::error(errno_message(bs->error_errno(), "error reading dump file"));
    return Status::error(str_printf("truncated dump file; tried to read %zu file header bytes, only got %zu",
                                    size_t{4}, got));
  }
  uint32_t magic;
  std::memcpy(&magic, m, 4);
  if (is_pcap_magic(magic)) {
    auto r = open_pcap(std::move(bs), precision);
    if (!r) return r.status();
    return make_handle(std::move(r.value()), fp, close_fp, precision);
  }
  if (magic == kBlockShb) {
    auto r = open_pcapng(std::move(bs), precision);
    if (!r) {
      if (r.status().message().empty()) return Status::error("unknown file format");
      return r.status();
    }
    return make_handle(std::move(r.value()), fp, close_fp, precision);
  }
  return Status::error("unknown file format");
}

}  // namespace

Result<std::unique_ptr<pcap>> open_offline(FILE* fp, bool close_on_destroy, u_int precision) {
  auto bs = ByteSource::open(fp);
  if (!bs) return bs.status();
  return open_source(std::move(bs.value()), fp, close_on_destroy, precision);
}

Result<std::unique_ptr<pcap>> open_offline_memory(const u_char* data, size_t len, u_int precision) {
  return open_source(ByteSource::from_memory(data, len), nullptr, false, precision);
}

}  // namespace wpcap::savefile
