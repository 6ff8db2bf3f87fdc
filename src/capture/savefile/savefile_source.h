// savefile_source.h - SavefileSource<Reader>: the CaptureSource of handles
// opened with pcap_open_offline() and friends.
//
// Entry points: read() (pcap_loop/pcap_dispatch: libpcap's offline loop with
// its break semantics and userland filter) and next() (pcap_next_ex: -2 at
// EOF, data zero-copy and valid until the next call). Reader is PcapReader
// or PcapngReader; their next() is inlined into the loop, so there is one
// virtual call per batch. Instantiated in savefile_open.cc.
#pragma once

#include <cstdio>
#include <memory>

#include "core/capture_source.h"
#include "core/handle.h"

namespace wpcap::savefile {

template <typename Reader>
class SavefileSource final : public CaptureSource {
 public:
  SavefileSource(std::unique_ptr<Reader> reader, FILE* fp, bool close_fp)
      : reader_(std::move(reader)), fp_(fp), close_fp_(close_fp) {}
  ~SavefileSource() override {
    if (close_fp_ && fp_ != nullptr) fclose(fp_);
  }

  SourceKind kind() const override { return SourceKind::kSavefile; }

  int read(pcap& h, int max, pcap_handler cb, u_char* user) override {
    int n = 0;
    pcap_pkthdr hdr;
    const u_char* data = nullptr;
    for (;;) {
      if (h.break_loop) {
        if (n == 0) {
          h.break_loop = 0;
          return PCAP_ERROR_BREAK;
        }
        return n;
      }
      int r = reader_->next(h, hdr, data);
      if (r < 0) return r;
      if (r == 0) return n;
      if (!h.accepts(data, hdr.len, hdr.caplen)) continue;
      cb(user, &hdr, data);
      ++n;
      if (max > 0 && n >= max) return n;
    }
  }

  int next(pcap& h, pcap_pkthdr** hdr, const u_char** data) override {
    for (;;) {
      if (h.break_loop) {
        h.break_loop = 0;
        return PCAP_ERROR_BREAK;
      }
      int r = reader_->next(h, h.next_header, *data);
      if (r < 0) return r;
      if (r == 0) return PCAP_ERROR_BREAK;  // -2: end of file
      if (!h.accepts(*data, h.next_header.len, h.next_header.caplen)) continue;
      *hdr = &h.next_header;
      return 1;
    }
  }

  Status set_nonblock(pcap&, bool) override {
    return Status(PCAP_ERROR, "Savefiles cannot be put into non-blocking mode");
  }
  Result<bool> get_nonblock(pcap&) override { return false; }

  int selectable_fd() const override { return fp_ != nullptr ? fileno(fp_) : -1; }
  FILE* file() const override { return fp_; }
  int bufsize() const override { return reader_->bufsize(); }

  Reader& reader() { return *reader_; }

 protected:
  const char* what() const override { return "savefiles"; }

 private:
  std::unique_ptr<Reader> reader_;
  FILE* fp_;
  bool close_fp_;
};

}  // namespace wpcap::savefile
