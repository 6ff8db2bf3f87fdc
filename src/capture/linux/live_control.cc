// live_control.cc - LiveSource operations after activation: filter
// (kernel with userland fallback and re-filtering of stale ring slots),
// direction, non-blocking mode, datalink, statistics, injection, wake-up,
// and the Npcap hooks that map onto the ring.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "capture/linux/dlt_map.h"
#include "capture/linux/kernel_filter.h"
#include "capture/linux/link_info.h"
#include "capture/linux/live_source.h"
#include "core/errbuf.h"
#include "core/library_state.h"

namespace wpcap::live {

Status LiveSource::set_filter(pcap& h, const bpf_program& prog) {
  auto made = bpf::Program::make(std::span<const bpf_insn>(prog.bf_insns, prog.bf_len));
  if (!made) return made.status();
  h.filter = std::move(made.value());
  const int fd = sock_.get();
  bool in_kernel = false;
  if (!h.filter.empty()) {
    auto kprog = kernel_program(h.filter.insns(), h.linktype, cooked_);
    // A kernel refusal (too long, backward jumps, no memory) is not an
    // error: the filter then runs in userland, as in libpcap.
    if (kprog && attach_kernel_filter(fd, *kprog).is_ok()) in_kernel = true;
  }
  if (!in_kernel) {
    // No program: keep truncating in the kernel. A userland program must
    // see whole packets (libpcap hands it the full frame), so detach.
    Status d = h.filter.empty() ? install_snap_filter(h) : detach_kernel_filter(fd);
    if (!d.is_ok()) return d;
  }
  filter_in_userland_ = !in_kernel;
  // Slots already filled passed the previous filter: check them here.
  slots_to_filter_ = in_kernel ? stale_slots() : 0;
  update_fast_path(h);
  return Status::ok();
}

// With a snapshot below the maximum and no filter, a one-instruction
// program ("ret #snapshot") makes the kernel copy only the bytes kept:
// more packets per ring block, fewer wake-ups and drops. libpcap copies
// whole packets and truncates in userland; what callers see is the same.
Status LiveSource::install_snap_filter(const pcap& h) {
  const int fd = sock_.get();
  if (h.snapshot >= kMaxSnaplen) return detach_kernel_filter(fd);
  const bpf_insn ret_snapshot[] = {{BPF_RET | BPF_K, 0, 0, static_cast<bpf_u_int32>(h.snapshot)}};
  if (attach_kernel_filter(fd, ret_snapshot).is_ok()) return Status::ok();
  return detach_kernel_filter(fd);
}

// Slots that may hold packets accepted under the previous filter: all but
// the kernel-owned (empty) ones just behind the read cursor.
unsigned LiveSource::stale_slots() const {
  const unsigned n = ring_.slots();
  unsigned free_behind = 0;
  for (unsigned i = 1; i < n; ++i) {
    if (ring_.user_owned((cur_slot_ + n - i) % n)) break;
    ++free_behind;
  }
  return n - free_behind;
}

Status LiveSource::set_direction(pcap& h, pcap_direction_t dir) {
  h.direction = dir;
  update_fast_path(h);
  return Status::ok();
}

Status LiveSource::set_nonblock(pcap&, bool on) {
  int flags = fcntl(sock_.get(), F_GETFL);
  if (flags < 0) return Status(PCAP_ERROR, errno_message(errno, "F_GETFL"));
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (fcntl(sock_.get(), F_SETFL, flags) < 0) return Status(PCAP_ERROR, errno_message(errno, "F_SETFL"));
  nonblock_ = on;
  // A negative timeout meant "non-blocking"; leaving that mode makes it
  // a real timeout again (libpcap stores the complement).
  if (!on && timeout_ < 0) timeout_ = ~timeout_;
  return Status::ok();
}

Result<bool> LiveSource::get_nonblock(pcap&) { return nonblock_; }

Status LiveSource::set_datalink(pcap&, int dlt) {
  vlan_offset_ = vlan_offset_for(dlt);
  return Status::ok();
}

Status LiveSource::stats(pcap&, pcap_stat* st) {
  tpacket_stats_v3 ks = {};
  socklen_t len = sizeof ks;
  if (getsockopt(sock_.get(), SOL_PACKET, PACKET_STATISTICS, &ks, &len) < 0) {
    return Status(PCAP_ERROR, errno_message(errno, "failed to get statistics from socket"));
  }
  // The kernel resets its counters on every read; tp_packets already
  // includes tp_drops.
  recv_ += ks.tp_packets;
  drop_ += ks.tp_drops;
  st->ps_recv = static_cast<u_int>(recv_);
  st->ps_drop = static_cast<u_int>(drop_);
  st->ps_ifdrop = 0;
  if (promisc_) {
    uint64_t now = sysfs_counter(device_, "rx_missed_errors") + sysfs_counter(device_, "rx_fifo_errors");
    st->ps_ifdrop = static_cast<u_int>(now - ifdrop_base_);
  }
  return Status::ok();
}

Result<int> LiveSource::inject(pcap&, const void* buf, size_t len) {
  if (any_) return Status(PCAP_ERROR, "Sending packets isn't supported on the \"any\" device");
  if (cooked_) return Status(PCAP_ERROR, "Sending packets isn't supported in cooked mode");
  ssize_t n = send(sock_.get(), buf, len, 0);
  if (n < 0) return Status(PCAP_ERROR, errno_message(errno, "send"));
  return static_cast<int>(n);
}

int LiveSource::can_set_rfmon(pcap&) {
  // Monitor mode needs nl80211 (libnl), which Debian's libpcap is built
  // without as well: no device reports that it can enter it.
  return 0;
}

void LiveSource::wake() {
  int fd = wake_fd_.get();
  if (fd < 0) return;
  uint64_t one = 1;
  ssize_t n = ::write(fd, &one, sizeof one);  // async-signal-safe
  (void)n;
}

Status LiveSource::set_kernel_buffer(pcap& h, int bytes) {
  if (bytes <= 0 || bytes > 0x40000000) {
    return Status(PCAP_ERROR, "driver error: not enough memory to allocate the kernel buffer");
  }
  // Like Npcap: a new buffer discards what was queued and restarts stats.
  ring_.unmap();
  tpacket_req3 none = {};
  setsockopt(sock_.get(), SOL_PACKET, PACKET_RX_RING, &none, sizeof none);
  ring_req_.buffer_size = static_cast<unsigned>(bytes);
  Status s = ring_.create(sock_.get(), plan_ring(ring_req_), library_state().mmap_32bit);
  if (!s.is_ok()) return Status(PCAP_ERROR, "driver error: not enough memory to allocate the kernel buffer");
  cur_slot_ = 0;
  cur_pkt_ = nullptr;
  pkts_left_ = 0;
  slots_to_filter_ = 0;
  pcap_stat discard = {};
  stats(h, &discard);
  recv_ = drop_ = 0;
  update_fast_path(h);
  return Status::ok();
}

Status LiveSource::set_min_to_copy(pcap&, int bytes) {
  min_to_copy_ = bytes;
  return Status::ok();
}

Result<int> LiveSource::event_fd(pcap&) { return sock_.get(); }

}  // namespace wpcap::live
