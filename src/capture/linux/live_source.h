// live_source.h - LiveSource, the CaptureSource for Linux network
// interfaces and the "any" pseudo-device: a PF_PACKET socket with a
// TPACKET_V3 ring (V2 in immediate mode), an eventfd for pcap_breakloop(),
// the kernel/userland filter split and an opt-in busy wait (WPCAP_SPIN_US).
//
// Implementation is split by concern: live_activate.cc (opening, options,
// ring), live_read.cc (waiting and packet hand-out), live_control.cc
// (filter, direction, non-blocking, datalink, stats, inject, Npcap hooks).
#pragma once

#include <net/if.h>  // before any <linux/*.h>: they share struct ifreq
#include <linux/if_packet.h>
#include <sys/time.h>

#include <cstdint>
#include <string>

#include "capture/linux/tpacket_ring.h"
#include "core/capture_source.h"
#include "core/handle.h"
#include "util/fd.h"

namespace wpcap::live {

// Values the filter compiler understands in pcap::bpf_codegen_flags
// (libpcap's BPF_SPECIAL_VLAN_HANDLING / BPF_SPECIAL_BASIC_HANDLING).
constexpr int kBpfSpecialVlanHandling = 0x1;
constexpr int kBpfSpecialBasicHandling = 0x2;

// Ring size when pcap_set_buffer_size() was not called: 4 MiB as 4 blocks
// of 1 MiB (libpcap: 2 MiB as 8 x 256 KiB) - a quarter of the wake-ups per
// packet and twice the slack before drops, for 2 MiB more memory.
constexpr unsigned kDefaultBufferSize = 4 * 1024 * 1024;
constexpr unsigned kDefaultV2BufferSize = 2 * 1024 * 1024;  // immediate mode

class LiveSource final : public CaptureSource {
 public:
  explicit LiveSource(std::string device);
  ~LiveSource() override;

  SourceKind kind() const override { return SourceKind::kLive; }
  void created(pcap& h) override;  // time-stamp types, known before activation
  Status activate(pcap& h) override;
  // Zero-copy: cb sees bytes in the ring. pcap_next()/next_ex() use the
  // default next(), which copies the one packet out before the slot is freed.
  int read(pcap& h, int max, pcap_handler cb, u_char* user) override;

  Status set_filter(pcap& h, const bpf_program& prog) override;
  Status set_direction(pcap& h, pcap_direction_t dir) override;
  Status set_nonblock(pcap& h, bool on) override;
  Result<bool> get_nonblock(pcap& h) override;
  Status set_datalink(pcap& h, int dlt) override;
  Status stats(pcap& h, pcap_stat* st) override;
  Result<int> inject(pcap& h, const void* buf, size_t len) override;
  int can_set_rfmon(pcap& h) override;

  int selectable_fd() const override { return sock_.get(); }
  const timeval* required_select_timeout() const override { return netdown_ ? &netdown_timeout_ : nullptr; }
  int bufsize() const override { return static_cast<int>(ring_.slot_size()); }
  void wake() override;

  // Npcap extensions that map onto the ring: kernel buffer size (rebuilds
  // the ring), min-to-copy (kept for the Npcap layer), the wake-up fd.
  Status set_kernel_buffer(pcap& h, int bytes) override;
  Status set_min_to_copy(pcap& h, int bytes) override;
  Result<int> event_fd(pcap& h) override;

 protected:
  const char* what() const override { return "that device"; }

 private:
  // Everything a frame's header says about one packet.
  struct Frame {
    uint8_t* hdr;  // start of the tpacket header
    uint32_t mac, snaplen, len, sec, nsec, status;
    uint16_t vlan_tci, vlan_tpid;
  };

  // live_activate.cc
  Status open_socket(pcap& h);
  Status setup_link(pcap& h);
  Status setup_options(pcap& h);
  Status setup_timestamps(pcap& h);
  Status setup_ring(pcap& h);
  Status bind_to(int protocol);
  void update_fast_path(const pcap& h);
  unsigned stale_slots() const;
  Status install_snap_filter(const pcap& h);  // live_control.cc

  // live_read.cc
  int wait_for_packets(pcap& h);
  bool spin_for_frame(const pcap& h) const;
  int check_poll_error(pcap& h);
  // kPlain: no cooked header, no direction check, no userland filter -
  // the common case, compiled without those branches.
  template <bool kPlain>
  int read_v3(pcap& h, int max, pcap_handler cb, u_char* user);
  template <bool kPlain>
  int read_v2(pcap& h, int max, pcap_handler cb, u_char* user);
  template <bool kPlain>
  int handle_frame(pcap& h, const Frame& f, pcap_handler cb, u_char* user);
  int frame_error(pcap& h, const Frame& f);
  void slot_done(unsigned slot);

  std::string device_;
  util::Fd sock_;
  util::Fd wake_fd_;
  Ring ring_;
  RingRequest ring_req_;  // what setup_ring() asked for; reused by set_kernel_buffer()

  bool any_ = false;
  bool cooked_ = false;
  int arphrd_ = -1;
  int ifindex_ = -1;     // -1 for "any"
  int lo_ifindex_ = -1;
  int vlan_offset_ = -1;
  int tp_version_ = TPACKET_V3;
  unsigned tp_hdrlen_ = 0;
  int timeout_ = 0;      // pcap timeout in ms; negative while non-blocking
  bool nonblock_ = false;
  bool nano_ = false;
  int protocol_ = 0;     // network-order ETH_P_* bound at activation
  int min_to_copy_ = -1;
  bool promisc_ = false;

  // Read cursor: the current slot, and inside a V3 block the next packet.
  unsigned cur_slot_ = 0;
  uint8_t* cur_pkt_ = nullptr;
  uint32_t pkts_left_ = 0;

  // Filtering: userland when the kernel cannot run the filter, and for
  // ring slots that were filled under the previous filter.
  bool filter_in_userland_ = false;
  unsigned slots_to_filter_ = 0;
  // Per-packet work that can be skipped (precomputed by update_fast_path).
  bool check_direction_ = false;
  bool run_filter_ = false;
  bool have_filter_ = false;
  bool plain_ = false;         // !cooked_ && !check_direction_ && !run_filter_
  unsigned frame_limit_ = 0;   // bytes a packet may span in its slot

  // Opt-in busy wait (WPCAP_SPIN_US, immediate mode only): how long to
  // watch the next frame before sleeping in poll(). 0 = never (default).
  uint64_t spin_ns_ = 0;

  bool netdown_ = false;
  timeval netdown_timeout_ = {0, 1000};

  // pcap_stats(): kernel counters reset on read, so they are accumulated.
  uint64_t recv_ = 0;
  uint64_t drop_ = 0;
  uint64_t ifdrop_base_ = 0;
};

}  // namespace wpcap::live
