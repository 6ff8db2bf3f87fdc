// handle.h - struct pcap, the object behind every pcap_t.
//
// It holds the create -> set options -> activate state machine, the
// options, link-layer facts, the installed filter, loop control and the
// CaptureSource that produces packets. Entry points live in src/abi/;
// sources read and write the public fields below directly.
#pragma once

#include <pcap/pcap.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "bpf/program.h"
#include "core/capture_source.h"
#include "core/options.h"

struct pcap {
  pcap();
  ~pcap();
  pcap(const pcap&) = delete;
  pcap& operator=(const pcap&) = delete;

  // Error text for the last failure (pcap_geterr()).
  char errbuf[PCAP_ERRBUF_SIZE + 1] = {};

  bool activated = false;
  std::string device;  // device name, or the savefile path
  wpcap::CaptureOptions opt;

  // Link-layer facts, valid once activated.
  int linktype = DLT_EN10MB;
  uint32_t linktype_ext = 0;  // FCS-length bits from a pcap file header
  int snapshot = 0;
  bool swapped = false;       // savefile written in the other byte order
  int version_major = 0;      // savefile format version
  int version_minor = 0;
  std::vector<int> dlt_list;         // pcap_list_datalinks(); empty = just linktype
  std::vector<int> tstamp_type_list; // pcap_list_tstamp_types()
  int bpf_codegen_flags = 0;         // filter compiler variants (live Linux, offline AF handling)

  // Filtering, applied by sources in userland where the kernel does not.
  wpcap::bpf::Program filter;
  pcap_direction_t direction = PCAP_D_INOUT;

  // Loop control. break_loop is written from other threads and signal handlers.
  volatile std::sig_atomic_t break_loop = 0;

  // Storage for pcap_next()/pcap_next_ex() results.
  pcap_pkthdr next_header = {};
  std::vector<u_char> oneshot;  // copy of a packet whose bytes the source reuses

  // Npcap/remote state owned by the handle.
  pcap_stat stat_ex = {};
  pcap_samp sampling = {PCAP_SAMP_NOSAMP, 0};

  std::unique_ptr<wpcap::CaptureSource> source;

  // Helpers for sources.
  void set_error(const std::string& message);
  int fail(int code, const std::string& message) {
    set_error(message);
    return code;
  }
  // Runs the filter on one packet; true if it passes (caplen may shrink
  // to the filter's return value like libpcap's snaplen-by-filter).
  bool accepts(const u_char* pkt, bpf_u_int32 wirelen, bpf_u_int32 caplen) const {
    return filter.empty() || filter.run(pkt, wirelen, caplen) != 0;
  }
};
