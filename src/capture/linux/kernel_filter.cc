// kernel_filter.cc - cooked-offset rewriting and SO_ATTACH_FILTER for live
// capture. See kernel_filter.h.
// <linux/filter.h> first: it defines BPF_STMT/BPF_JUMP, which pcap/bpf.h
// defines again.
#include <linux/filter.h>
#undef BPF_STMT
#undef BPF_JUMP

#include "capture/linux/kernel_filter.h"

#include <sys/socket.h>

#include <cerrno>
#include <climits>

#include <pcap/pcap.h>

#include "capture/linux/packet_fixup.h"
#include "core/errbuf.h"

namespace wpcap::live {
namespace {

constexpr uint32_t kAdOff = static_cast<uint32_t>(SKF_AD_OFF);

// Rewrites one load offset for a cooked socket, where the skb starts at
// the network header. Returns false if the load has no kernel equivalent.
bool fix_cooked_offset(uint32_t& k, int dlt) {
  if (k >= kAdOff) return true;  // already ancillary data
  if (dlt == DLT_LINUX_SLL2) {
    if (k >= kSll2HdrLen) {
      k -= kSll2HdrLen;
    } else if (k == 0) {
      k = kAdOff + SKF_AD_PROTOCOL;
    } else if (k == 4) {
      k = kAdOff + SKF_AD_IFINDEX;
    } else if (k == 10) {
      k = kAdOff + SKF_AD_PKTTYPE;
    } else {
      return false;
    }
    return true;
  }
  if (k >= kSllHdrLen) {
    k -= kSllHdrLen;
  } else if (k == 0) {
    k = kAdOff + SKF_AD_PKTTYPE;
  } else if (k == 14) {
    k = kAdOff + SKF_AD_PROTOCOL;
  } else {
    return false;
  }
  return true;
}

bool is_packet_load(uint16_t code) {
  uint16_t cls = BPF_CLASS(code);
  if (cls != BPF_LD && cls != BPF_LDX) return false;
  uint16_t mode = BPF_MODE(code);
  return mode == BPF_ABS || mode == BPF_IND || mode == BPF_MSH;
}

}  // namespace

std::optional<std::vector<bpf_insn>> kernel_program(std::span<const bpf_insn> insns, int dlt, bool cooked) {
  if (insns.size() > USHRT_MAX) return std::nullopt;
  // SocketCAN frames are in host order in the skb; leave them to userland.
  if (dlt == DLT_CAN_SOCKETCAN) return std::nullopt;
  std::vector<bpf_insn> out;
  out.reserve(insns.size());
  for (const bpf_insn& in : insns) {
    bpf_insn f = in;
    if (cooked && is_packet_load(f.code) && !fix_cooked_offset(f.k, dlt)) return std::nullopt;
    out.push_back(f);
  }
  return out;
}

static_assert(sizeof(bpf_insn) == sizeof(sock_filter));

Status attach_kernel_filter(int fd, std::span<const bpf_insn> prog) {
  sock_fprog fprog;
  fprog.len = static_cast<unsigned short>(prog.size());
  fprog.filter = reinterpret_cast<sock_filter*>(const_cast<bpf_insn*>(prog.data()));
  if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) < 0) {
    return Status(PCAP_ERROR, errno_message(errno, "SO_ATTACH_FILTER"));
  }
  return Status::ok();
}

Status detach_kernel_filter(int fd) {
  int dummy = 0;
  if (setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &dummy, sizeof dummy) < 0 && errno != ENOENT &&
      errno != ENONET) {
    return Status(PCAP_ERROR, errno_message(errno, "can't remove kernel filter"));
  }
  return Status::ok();
}

}  // namespace wpcap::live
