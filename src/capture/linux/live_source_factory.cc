// live_source_factory.cc - placeholder for the Linux live-capture backend
// (issue 5): until it lands, activating a live handle fails with
// PCAP_ERROR_CAPTURE_NOTSUP and a clear message.
#include "core/errbuf.h"
#include "core/handle.h"
#include "core/source_factory.h"

namespace wpcap {
namespace {

class UnavailableLiveSource final : public CaptureSource {
 public:
  SourceKind kind() const override { return SourceKind::kLive; }
  Status activate(pcap&) override {
    return Status(PCAP_ERROR_CAPTURE_NOTSUP, "live capture is not available in this build of wpcap yet");
  }
  int read(pcap& h, int, pcap_handler, u_char*) override {
    return h.fail(PCAP_ERROR, "live capture is not available in this build of wpcap yet");
  }
};

}  // namespace

std::unique_ptr<CaptureSource> make_live_source(const std::string&) {
  return std::make_unique<UnavailableLiveSource>();
}

}  // namespace wpcap
