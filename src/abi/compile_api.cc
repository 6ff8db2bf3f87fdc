// compile_api.cc - C entry points of the filter compiler: pcap_compile,
// pcap_compile_nopcap, pcap_freecode.
//
// A thin shell over wpcap::filter::compile() (src/filter/compile.h): it
// checks the handle, maps the handle's link type/snaplen/codegen flags into
// a CompileRequest, copies the result into a malloc'd bf_insns (freed by
// pcap_freecode) and registers it with the BPF program cache.
#include <cstdlib>
#include <cstring>

#include "abi/guard.h"
#include "bpf/program_cache.h"
#include "filter/compile.h"

extern "C" {

int pcap_compile(pcap_t* p, struct bpf_program* program, const char* buf, int optimize, bpf_u_int32 mask) {
  return wpcap::abi::guarded(PCAP_ERROR, p, [&] {
    if (p == nullptr || program == nullptr) return PCAP_ERROR;
    if (!p->activated) return p->fail(PCAP_ERROR, "not-yet-activated pcap_t passed to pcap_compile");
    wpcap::filter::CompileRequest req;
    req.text = buf != nullptr ? buf : "";
    req.linktype = p->linktype;
    req.snaplen = static_cast<uint32_t>(p->snapshot);
    req.optimize = optimize != 0;
    req.netmask = mask;
    req.flags = p->bpf_codegen_flags & (wpcap::filter::kCodegenLinuxLive | wpcap::filter::kCodegenLinuxBasic |
                                        wpcap::filter::kCodegenOffline);
    if (p->swapped) req.flags |= wpcap::filter::kCodegenSwapped;
    wpcap::Result<std::vector<bpf_insn>> code = wpcap::filter::compile(req);
    if (!code) return p->fail(PCAP_ERROR, code.status().message());
    size_t n = code->size();
    auto* insns = static_cast<bpf_insn*>(std::malloc(n * sizeof(bpf_insn)));
    if (insns == nullptr) return p->fail(PCAP_ERROR, "malloc: out of memory");
    std::memcpy(insns, code->data(), n * sizeof(bpf_insn));
    program->bf_len = static_cast<u_int>(n);
    program->bf_insns = insns;
    wpcap::bpf::register_program(program);
    return 0;
  });
}

int pcap_compile_nopcap(int snaplen, int linktype, struct bpf_program* program, const char* buf, int optimize,
                        bpf_u_int32 mask) {
  pcap_t* p = pcap_open_dead(linktype, snaplen);
  if (p == nullptr) return PCAP_ERROR;
  int ret = pcap_compile(p, program, buf, optimize, mask);
  pcap_close(p);
  return ret;
}

void pcap_freecode(struct bpf_program* program) {
  if (program == nullptr) return;
  wpcap::bpf::unregister_program(program);
  program->bf_len = 0;
  std::free(program->bf_insns);
  program->bf_insns = nullptr;
}

}  // extern "C"
