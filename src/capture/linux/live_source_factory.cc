// live_source_factory.cc - make_live_source(): the capture source that
// pcap_create() gets for a local device name ("any" included). The source
// itself is LiveSource (live_source.h).
#include "capture/linux/live_source.h"
#include "core/source_factory.h"

namespace wpcap {

std::unique_ptr<CaptureSource> make_live_source(const std::string& device) {
  return std::make_unique<live::LiveSource>(device);
}

}  // namespace wpcap
