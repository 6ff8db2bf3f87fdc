// dead_source.cc - the capture source of pcap_open_dead() handles: a
// handle used only to compile filters and write savefiles. Every capture
// operation reports libpcap's "pcap_open_dead pcap_t" error.
#include <cstring>

#include "core/errbuf.h"
#include "core/handle.h"
#include "core/source_factory.h"

namespace wpcap {
namespace {

class DeadSource final : public CaptureSource {
 public:
  SourceKind kind() const override { return SourceKind::kDead; }

  int read(pcap& h, int, pcap_handler, u_char*) override {
    return h.fail(PCAP_ERROR, "Packets aren't available from a pcap_open_dead pcap_t");
  }
  int next(pcap& h, pcap_pkthdr**, const u_char**) override {
    return h.fail(PCAP_ERROR, "Packets aren't available from a pcap_open_dead pcap_t");
  }
  Status set_filter(pcap& h, const bpf_program& prog) override {
    // libpcap lets a filter be set on a dead handle; it is never used.
    return CaptureSource::set_filter(h, prog);
  }
  Status set_direction(pcap&, pcap_direction_t) override {
    return Status(PCAP_ERROR, "Setting direction is not supported on a pcap_open_dead pcap_t");
  }
  Status set_nonblock(pcap&, bool) override {
    return Status(PCAP_ERROR, "A pcap_open_dead pcap_t does not have a non-blocking mode setting");
  }
  Result<bool> get_nonblock(pcap&) override {
    return Status(PCAP_ERROR, "A pcap_open_dead pcap_t does not have a non-blocking mode setting");
  }
  Status stats(pcap&, pcap_stat*) override {
    return Status(PCAP_ERROR, "Statistics aren't available from a pcap_open_dead pcap_t");
  }
  Result<int> inject(pcap&, const void*, size_t) override {
    return Status(PCAP_ERROR, "Sending packets isn't supported on a pcap_open_dead pcap_t");
  }
  Status set_kernel_buffer(pcap&, int) override {
    return Status(PCAP_ERROR, "The kernel buffer size cannot be set on a pcap_open_dead pcap_t");
  }
  Status set_user_buffer(pcap&, int) override {
    return Status(PCAP_ERROR, "The user buffer cannot be set on a pcap_open_dead pcap_t");
  }
  Status set_min_to_copy(pcap&, int) override {
    return Status(PCAP_ERROR, "The mintocopy parameter cannot be set on a pcap_open_dead pcap_t");
  }
  Result<int> event_fd(pcap&) override {
    return Status(PCAP_ERROR, "A pcap_open_dead pcap_t has no event handle");
  }
  Status set_mode(pcap&, int) override {
    return Status(PCAP_ERROR, "impossible to set mode on a pcap_open_dead pcap_t");
  }
  Status oid_request(pcap&, bool, uint32_t, void*, size_t*) override {
    return Status(PCAP_ERROR, "An OID request cannot be made on a pcap_open_dead pcap_t");
  }
  u_int transmit_queue(pcap& h, const pcap_send_queue&, bool) override {
    h.set_error("Packets cannot be transmitted on a pcap_open_dead pcap_t");
    return 0;
  }

 protected:
  const char* what() const override { return "a pcap_open_dead pcap_t"; }
};

}  // namespace

std::unique_ptr<CaptureSource> make_dead_source() { return std::make_unique<DeadSource>(); }

}  // namespace wpcap
