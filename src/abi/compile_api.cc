// compile_api.cc - C entry points of the filter compiler: pcap_compile,
// pcap_compile_nopcap, pcap_freecode. Until the compiler (src/filter/)
// lands, only the empty expression compiles (to "accept, up to snaplen").
#include <cstdlib>
#include <cstring>

#include "abi/guard.h"

namespace {

bool is_blank(const char* s) {
  if (s == nullptr) return true;
  for (; *s != '\0'; ++s) {
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
  }
  return true;
}

}  // namespace

extern "C" {

int pcap_compile(pcap_t* p, struct bpf_program* program, const char* buf, int optimize, bpf_u_int32 mask) {
  (void)optimize;
  (void)mask;
  return wpcap::abi::guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return p->fail(PCAP_ERROR, "not-yet-activated pcap_t passed to pcap_compile");
    if (!is_blank(buf)) {
      return p->fail(PCAP_ERROR, "can't parse filter expression: wpcap's filter compiler is not available yet");
    }
    if (p->snapshot == 0) return p->fail(PCAP_ERROR, "snaplen of 0 rejects all packets");
    auto* insn = static_cast<bpf_insn*>(std::malloc(sizeof(bpf_insn)));
    if (insn == nullptr) return p->fail(PCAP_ERROR, "malloc: out of memory");
    insn[0] = bpf_insn{static_cast<u_short>(BPF_RET | BPF_K), 0, 0, static_cast<bpf_u_int32>(p->snapshot)};
    program->bf_len = 1;
    program->bf_insns = insn;
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
  program->bf_len = 0;
  std::free(program->bf_insns);
  program->bf_insns = nullptr;
}

}  // extern "C"
