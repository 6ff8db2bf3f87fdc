// live_activate.cc - LiveSource::activate(): open the packet socket, map
// the device to a link-layer type, apply every pcap_set_* option, build
// the ring and bind, reporting libpcap's activation codes and texts.
// Reading is in live_read.cc; later controls in live_control.cc.
#include <net/if.h>  // before any <linux/*.h>: they share struct ifreq
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "capture/linux/device_list.h"
#include "capture/linux/dlt_map.h"
#include "capture/linux/link_info.h"
#include "capture/linux/live_source.h"
#include "capture/linux/packet_fixup.h"
#include "core/errbuf.h"
#include "core/library_state.h"

namespace wpcap::live {
namespace {

Status errno_status(int err, const char* what) { return Status(PCAP_ERROR, errno_message(err, what)); }

constexpr int kSkfAdVlanTagPresent = 48;  // SKF_AD_VLAN_TAG_PRESENT (<linux/filter.h>)

int int_sockopt(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value);
}

// WPCAP_SPIN_US=<microseconds>, at most one second; unset or invalid: 0.
uint64_t spin_budget_ns() {
  const char* v = std::getenv("WPCAP_SPIN_US");
  if (v == nullptr || *v == '\0') return 0;
  char* end = nullptr;
  unsigned long us = std::strtoul(v, &end, 10);
  if (*end != '\0' || v[0] == '-') return 0;
  return uint64_t{std::min(us, 1000000ul)} * 1000;
}

}  // namespace

LiveSource::LiveSource(std::string device) : device_(std::move(device)) {}

void LiveSource::created(pcap& h) {
  // As libpcap: asked of the NIC at pcap_create() time (ETHTOOL_GET_TS_INFO).
  util::Fd ctl = control_socket();
  h.tstamp_type_list = tstamp_types(ctl.get(), device_);
}

LiveSource::~LiveSource() {
  // Unmap before the socket closes so the kernel can free the ring.
  ring_.unmap();
}

Status LiveSource::activate(pcap& h) {
  if (is_module_device(device_)) {
    return Status(PCAP_ERROR_CAPTURE_NOTSUP,
                  "wpcap does not capture from " + device_ + " (only network interfaces and \"any\")");
  }
  if (device_.size() >= IFNAMSIZ) return Status(PCAP_ERROR_NO_SUCH_DEVICE, "");
  any_ = device_ == "any";
  h.snapshot = (h.opt.snaplen <= 0 || h.opt.snaplen > kMaxSnaplen) ? kMaxSnaplen : h.opt.snaplen;
  promisc_ = h.opt.promisc;
  Status warning;
  // "any" cannot be promiscuous; libpcap 1.10.3 ignores the request
  // silently (later versions warn with PCAP_WARNING_PROMISC_NOTSUP).
  if (any_) promisc_ = false;
  if (promisc_) {
    ifdrop_base_ = sysfs_counter(device_, "rx_missed_errors") + sysfs_counter(device_, "rx_fifo_errors");
  }
  Status s = open_socket(h);
  if (!s.is_ok()) return s;
  s = setup_link(h);
  if (s.is_error()) return s;
  if (s.is_warning()) warning = s;
  s = setup_options(h);
  if (!s.is_ok()) return s;
  int err = 0;
  wake_fd_ = util::Fd::eventfd(0, EFD_NONBLOCK, &err);
  if (!wake_fd_) return errno_status(err, "could not open eventfd");
  s = setup_ring(h);
  if (s.is_error()) return s;
  if (s.is_warning()) warning = s;
  s = install_snap_filter(h);
  if (!s.is_ok()) return s;
  s = bind_to(htons(h.opt.protocol != 0 ? static_cast<uint16_t>(h.opt.protocol) : ETH_P_ALL));
  if (!s.is_ok()) return s;
  timeout_ = h.opt.timeout_ms;
  nonblock_ = timeout_ < 0;
  // Only a V2 frame is handed over as soon as it is written; a V3 block
  // waits for its retire timer, so spinning on it would gain nothing.
  spin_ns_ = tp_version_ == TPACKET_V2 ? spin_budget_ns() : 0;
  update_fast_path(h);
  return warning;
}

Status LiveSource::open_socket(pcap&) {
  int err = 0;
  sock_ = util::Fd::socket(PF_PACKET, any_ ? SOCK_DGRAM : SOCK_RAW, 0, &err);
  if (!sock_) {
    if (err == EPERM || err == EACCES) {
      // libpcap 1.10.3's text (1.10.5 says "... - CAP_NET_RAW may be required").
      return Status(PCAP_ERROR_PERM_DENIED, errno_message(err, "socket"));
    }
    if (err == EAFNOSUPPORT) {
      return Status(PCAP_ERROR_CAPTURE_NOTSUP, "PF_PACKET sockets not supported - is this WSL1?");
    }
    return errno_status(err, "socket");
  }
  Result<int> lo = if_index(sock_.get(), "lo");
  lo_ifindex_ = lo ? lo.value() : -1;
  return Status::ok();
}

Status LiveSource::setup_link(pcap& h) {
  if (any_) {
    if (h.opt.rfmon) return Status(PCAP_ERROR_RFMON_NOTSUP, "");
    LinkLayer l = any_link_layer();
    cooked_ = true;
    arphrd_ = -1;
    h.linktype = l.dlt;
    h.dlt_list = l.dlt_list;
    ifindex_ = -1;
    return Status::ok();
  }
  // Monitor mode needs nl80211 interface creation, which this build lacks.
  if (h.opt.rfmon) return Status(PCAP_ERROR_RFMON_NOTSUP, "");
  Result<int> arphrd = arphrd_type(sock_.get(), device_);
  if (!arphrd) return arphrd.status();
  arphrd_ = arphrd.value();
  LinkLayer l = link_layer_for(arphrd_, device_, is_wireless(device_));
  Status warning;
  if (l.unknown) {
    warning = Status(PCAP_WARNING, str_printf("arptype %d not supported by libpcap - falling back to cooked socket",
                                              arphrd_));
  }
  if (l.cooked) {
    int err = 0;
    sock_ = util::Fd::socket(PF_PACKET, SOCK_DGRAM, 0, &err);
    if (!sock_) return errno_status(err, "socket");
    cooked_ = true;
  }
  h.linktype = l.dlt;
  h.dlt_list = l.dlt_list;
  Result<int> idx = if_index(sock_.get(), device_);
  if (!idx) return idx.status();
  ifindex_ = idx.value();
  // Protocol 0: nothing arrives until the final bind, after the ring exists.
  Status b = bind_to(0);
  if (!b.is_ok()) return b;
  if (promisc_) {
    packet_mreq mr = {};
    mr.mr_ifindex = ifindex_;
    mr.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(sock_.get(), SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0) {
      return errno_status(errno, "can't set promiscuous mode");
    }
  }
  return warning;
}

Status LiveSource::setup_options(pcap& h) {
  int fd = sock_.get();
  if (int_sockopt(fd, SOL_PACKET, PACKET_AUXDATA, 1) < 0) return errno_status(errno, "setsockopt (PACKET_AUXDATA)");
  if (cooked_ && h.snapshot < static_cast<int>(kSll2HdrLen) + 1) h.snapshot = kSll2HdrLen + 1;
  vlan_offset_ = vlan_offset_for(h.linktype);
  nano_ = h.opt.tstamp_precision == PCAP_TSTAMP_PRECISION_NANO;
  if (nano_ && int_sockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1) < 0) {
    return errno_status(errno, "setsockopt: unable to set SO_TIMESTAMPNS");
  }
  h.bpf_codegen_flags |= kBpfSpecialBasicHandling;
  int ext = 0;
  socklen_t len = sizeof ext;
  if (getsockopt(fd, SOL_SOCKET, SO_BPF_EXTENSIONS, &ext, &len) == 0 && ext >= kSkfAdVlanTagPresent) {
    h.bpf_codegen_flags |= kBpfSpecialVlanHandling;
  }
  return Status::ok();
}

Status LiveSource::setup_timestamps(pcap& h) {
  int type = h.opt.tstamp_type;
  if (type != PCAP_TSTAMP_ADAPTER && type != PCAP_TSTAMP_ADAPTER_UNSYNCED) return Status::ok();
  hwtstamp_config cfg = {};
  cfg.tx_type = HWTSTAMP_TX_ON;
  cfg.rx_filter = HWTSTAMP_FILTER_ALL;
  ifreq ifr = {};
  std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", device_.c_str());
  ifr.ifr_data = reinterpret_cast<char*>(&cfg);
  if (ioctl(sock_.get(), SIOCSHWTSTAMP, &ifr) < 0) {
    if (errno == EPERM) {
      return Status(PCAP_ERROR_PERM_DENIED, "Attempt to set hardware timestamp failed - CAP_NET_ADMIN may be required");
    }
    if (errno == EOPNOTSUPP || errno == ERANGE || errno == EINVAL) {
      return Status(PCAP_WARNING_TSTAMP_TYPE_NOTSUP, "That device doesn't support hardware time stamping");
    }
    return errno_status(errno, "SIOCSHWTSTAMP failed");
  }
  int ts = type == PCAP_TSTAMP_ADAPTER ? SOF_TIMESTAMPING_SYS_HARDWARE : SOF_TIMESTAMPING_RAW_HARDWARE;
  ts |= SOF_TIMESTAMPING_RX_HARDWARE;
  if (int_sockopt(sock_.get(), SOL_PACKET, PACKET_TIMESTAMP, ts) < 0) {
    return errno_status(errno, "can't set PACKET_TIMESTAMP");
  }
  return Status::ok();
}

Status LiveSource::setup_ring(pcap& h) {
  int fd = sock_.get();
  tp_version_ = h.opt.immediate ? TPACKET_V2 : TPACKET_V3;
  int hdrlen = tp_version_;
  socklen_t len = sizeof hdrlen;
  if (getsockopt(fd, SOL_PACKET, PACKET_HDRLEN, &hdrlen, &len) < 0) {
    return errno_status(errno, "can't get TPACKET header length");
  }
  (void)hdrlen;  // probed so an unsupported version fails here, as in libpcap
  tp_hdrlen_ = tp_version_ == TPACKET_V3 ? sizeof(tpacket3_hdr) : sizeof(tpacket2_hdr);
  if (int_sockopt(fd, SOL_PACKET, PACKET_VERSION, tp_version_) < 0) {
    return errno_status(errno, "can't activate TPACKET version on packet socket");
  }
  unsigned reserve = kVlanTagLen + (cooked_ ? kSll2HdrLen - kSllHdrLen : 0);
  if (int_sockopt(fd, SOL_PACKET, PACKET_RESERVE, static_cast<int>(reserve)) < 0) {
    return errno_status(errno, "can't set up reserve on packet socket");
  }
  Status ts = setup_timestamps(h);
  if (ts.is_error()) return ts;
  RingRequest req;
  req.version = tp_version_;
  // Immediate mode (V2, one packet per frame) keeps libpcap's 2 MiB: a
  // bigger ring only spreads frames over more cache lines and TLB entries.
  unsigned default_size = tp_version_ == TPACKET_V2 ? kDefaultV2BufferSize : kDefaultBufferSize;
  req.buffer_size = h.opt.buffer_size > 0 ? static_cast<unsigned>(h.opt.buffer_size) : default_size;
  req.snapshot = static_cast<unsigned>(h.snapshot);
  req.hdrlen = tp_hdrlen_;
  req.reserve = reserve;
  req.cooked = cooked_;
  req.timeout_ms = h.opt.timeout_ms;
  req.page_size = static_cast<unsigned>(sysconf(_SC_PAGESIZE));
  if (h.linktype == DLT_EN10MB) {
    util::Fd ctl = control_socket();
    int mtu = if_mtu(ctl.get(), device_);
    if (mtu > 0) {
      bool offloads = has_offloads(ctl.get(), device_);
      req.frame_cap = static_cast<unsigned>(offloads ? std::max(mtu, 65535) : mtu) + 18;
    }
  }
  ring_req_ = req;
  Status r = ring_.create(fd, plan_ring(req), library_state().mmap_32bit);
  if (!r.is_ok()) return r;
  cur_slot_ = 0;
  cur_pkt_ = nullptr;
  pkts_left_ = 0;
  return ts;
}

Status LiveSource::bind_to(int protocol) {
  sockaddr_ll sll = {};
  sll.sll_family = AF_PACKET;
  sll.sll_ifindex = ifindex_ < 0 ? 0 : ifindex_;
  sll.sll_protocol = static_cast<uint16_t>(protocol);
  protocol_ = protocol;
  if (bind(sock_.get(), reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) {
    if (errno == ENETDOWN) return Status(PCAP_ERROR_IFACE_NOT_UP, "");
    if (errno == ENODEV) return Status(PCAP_ERROR_NO_SUCH_DEVICE, "");
    return errno_status(errno, "bind");
  }
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(sock_.get(), SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
    return errno_status(errno, "getsockopt (SO_ERROR)");
  }
  if (err == ENETDOWN) return Status(PCAP_ERROR_IFACE_NOT_UP, "");
  if (err > 0) return errno_status(err, "bind");
  return Status::ok();
}

void LiveSource::update_fast_path(const pcap& h) {
  // Outgoing copies on lo (and CAN echoes) are always dropped, so the
  // direction check is needed there even for PCAP_D_INOUT.
  check_direction_ = h.direction != PCAP_D_INOUT || any_ || ifindex_ == lo_ifindex_ || arphrd_ == ARPHRD_CAN;
  have_filter_ = !h.filter.empty();
  run_filter_ = (filter_in_userland_ || slots_to_filter_ > 0) && have_filter_;
  plain_ = !cooked_ && !check_direction_ && !run_filter_;
  frame_limit_ = ring_.slot_size();
}

}  // namespace wpcap::live
