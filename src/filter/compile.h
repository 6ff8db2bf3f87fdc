// compile.h - the filter compiler's one entry point.
//
// compile(request) -> the BPF program for a filter expression, or a Status
// whose message is what pcap_compile puts in the handle's errbuf.
// Pipeline: lexer -> parser -> codegen (with name resolution) -> cfg ->
// optimize -> emit. Reentrant: all state lives in the call.
#pragma once

#include <pcap/bpf.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace wpcap::filter {

// Code generation variants: pcap_t::bpf_codegen_flags uses libpcap's
// values (BPF_SPECIAL_VLAN_HANDLING 1, BPF_SPECIAL_BASIC_HANDLING 2,
// BPF_OFFLINE_AF_HANDLING 4); kCodegenSwapped is ours.
enum CodegenFlags : int {
  kCodegenLinuxLive = 0x1,      // live Linux capture: SKF_AD VLAN extensions (wired by the live issue)
  kCodegenLinuxBasic = 0x2,     // live Linux capture: direction/ifindex metadata
  kCodegenOffline = 0x4,        // savefile: no kernel metadata, file byte order for AF_ values
  kCodegenSwapped = 0x100,      // savefile written in the other byte order
};

struct CompileRequest {
  std::string text;
  int linktype = 1;              // DLT_
  uint32_t snaplen = 262144;
  bool optimize = true;
  uint32_t netmask = 0xffffffff; // host order; PCAP_NETMASK_UNKNOWN if not known
  int flags = 0;                 // CodegenFlags
  size_t max_insns = 1u << 20;   // instruction budget (the kernel itself takes BPF_MAXINSNS)
};

Result<std::vector<bpf_insn>> compile(const CompileRequest& req);

}  // namespace wpcap::filter
