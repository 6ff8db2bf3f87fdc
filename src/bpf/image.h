// image.h - text forms of BPF instructions: bpf_image and bpf_dump.
//
// Entry points: image() renders one instruction exactly as libpcap 1.10's
// bpf_image does (tcpdump -d lines); dump() renders a whole program for
// bpf_dump's three levels (-d, -dd, -ddd). The C entry points that print
// live in abi/bpf_api.cc.
#pragma once

#include <pcap/bpf.h>

#include <span>
#include <string>

namespace wpcap::bpf {

// One instruction at index n; the text lives in a thread-local buffer.
const char* image(const bpf_insn& insn, int n);

// A program as bpf_dump(prog, option) prints it, newlines included.
std::string dump(std::span<const bpf_insn> insns, int option);

}  // namespace wpcap::bpf
