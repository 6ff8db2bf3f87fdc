// capture_source.cc - default behaviour of CaptureSource operations: the
// documented error for everything a source does not support, and the
// generic userland filter install and one-packet read.
#include "core/capture_source.h"

#include <cstring>

#include "core/errbuf.h"
#include "core/handle.h"

namespace wpcap {
namespace {

struct OneshotCopy {
  pcap* h;
  bool got;
};

void copy_packet(u_char* user, const pcap_pkthdr* hdr, const u_char* data) {
  auto* c = reinterpret_cast<OneshotCopy*>(user);
  c->h->next_header = *hdr;
  c->h->oneshot.assign(data, data + hdr->caplen);
  c->got = true;
}

}  // namespace

Status CaptureSource::activate(pcap&) { return Status::ok(); }

int CaptureSource::next(pcap& h, pcap_pkthdr** hdr, const u_char** data) {
  OneshotCopy c{&h, false};
  int n = read(h, 1, copy_packet, reinterpret_cast<u_char*>(&c));
  if (n < 0) return n;
  if (!c.got) return 0;
  *hdr = &h.next_header;
  *data = h.oneshot.data();
  return 1;
}

Status CaptureSource::set_filter(pcap& h, const bpf_program& prog) {
  auto made = bpf::Program::make(std::span<const bpf_insn>(prog.bf_insns, prog.bf_len));
  if (!made) return made.status();
  h.filter = std::move(made.value());
  return Status::ok();
}

Status CaptureSource::set_direction(pcap&, pcap_direction_t) {
  return Status(PCAP_ERROR, str_printf("Setting direction is not supported on %s", what()));
}

Status CaptureSource::set_nonblock(pcap&, bool) {
  return Status(PCAP_ERROR, str_printf("Non-blocking mode isn't supported on %s", what()));
}

Result<bool> CaptureSource::get_nonblock(pcap&) { return false; }

Status CaptureSource::set_datalink(pcap& h, int dlt) {
  if (dlt == h.linktype) return Status::ok();
  return Status(PCAP_ERROR, str_printf("Setting the link-layer header type is not supported on %s", what()));
}

Status CaptureSource::stats(pcap&, pcap_stat*) {
  return Status(PCAP_ERROR, str_printf("Statistics aren't available from %s", what()));
}

Result<int> CaptureSource::inject(pcap&, const void*, size_t) {
  return Status(PCAP_ERROR, str_printf("Sending packets isn't supported on %s", what()));
}

int CaptureSource::can_set_rfmon(pcap&) { return 0; }

Status CaptureSource::set_kernel_buffer(pcap&, int) {
  return Status(PCAP_ERROR, str_printf("The kernel buffer size cannot be set on %s", what()));
}

Status CaptureSource::set_user_buffer(pcap&, int) {
  return Status(PCAP_ERROR, str_printf("The user buffer cannot be set on %s", what()));
}

Status CaptureSource::set_min_to_copy(pcap&, int) {
  return Status(PCAP_ERROR, str_printf("The mintocopy parameter cannot be set on %s", what()));
}

Result<int> CaptureSource::event_fd(pcap&) {
  return Status(PCAP_ERROR, str_printf("The read event cannot be retrieved on %s", what()));
}

Status CaptureSource::set_mode(pcap&, int) {
  return Status(PCAP_ERROR, str_printf("impossible to set mode while reading from %s", what()));
}

Status CaptureSource::oid_request(pcap&, bool, uint32_t, void*, size_t*) {
  return Status(PCAP_ERROR, str_printf("An OID request cannot be made on %s", what()));
}

u_int CaptureSource::transmit_queue(pcap& h, const pcap_send_queue&, bool) {
  h.set_error(str_printf("Packets can't be sent on %s", what()));
  return 0;
}

Status CaptureSource::stats_ex(pcap& h, pcap_stat* st) {
  Status s = stats(h, st);
  if (s.is_ok()) st->ps_capt = st->ps_sent = st->ps_netdrop = 0;
  return s;
}

}  // namespace wpcap
