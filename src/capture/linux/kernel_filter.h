// kernel_filter.h - putting a compiled BPF filter into the kernel
// (SO_ATTACH_FILTER) for a packet socket.
//
// Entry points: kernel_program() rewrites a program written for the
// handle's DLT into what the kernel sees (cooked sockets have no SLL/SLL2
// header in the skb: header loads become SKF_AD_* loads or force the
// userland fallback); attach_kernel_filter() / detach_kernel_filter().
// The live source (live_control.cc) decides between kernel and userland.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include <pcap/bpf.h>

#include "core/result.h"

namespace wpcap::live {

// The program as the kernel must run it (bpf_insn has struct sock_filter's
// layout), or nullopt when it can only run
// in userland (cooked-header loads with no kernel equivalent, CAN frames,
// programs longer than the kernel's sock_fprog can describe).
std::optional<std::vector<bpf_insn>> kernel_program(std::span<const bpf_insn> insns, int dlt, bool cooked);

// SO_ATTACH_FILTER; on failure the Status carries errno's text and the
// socket keeps its previous filter.
Status attach_kernel_filter(int fd, std::span<const bpf_insn> prog);

// SO_DETACH_FILTER, ignoring "no filter attached".
Status detach_kernel_filter(int fd);

}  // namespace wpcap::live
