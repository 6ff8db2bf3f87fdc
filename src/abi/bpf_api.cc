// bpf_api.cc - C entry points of the BPF machine: bpf_filter, bpf_validate,
// bpf_image, bpf_dump and pcap_offline_filter.
//
// bpf_filter interprets the caller's array as-is (no length is given, as in
// libpcap); pcap_offline_filter goes through the prepared-program cache
// (bpf/program_cache.h), so it runs JIT'd code when available.
#include <pcap/pcap.h>

#include <cstdio>
#include <span>
#include <string>

#include "abi/guard.h"
#include "bpf/image.h"
#include "bpf/interp.h"
#include "bpf/program_cache.h"
#include "bpf/validate.h"

using wpcap::abi::guarded;

extern "C" {

u_int bpf_filter(const struct bpf_insn* pc, const u_char* p, u_int wirelen, u_int buflen) {
  return wpcap::bpf::interpret(pc, p, wirelen, buflen, nullptr);
}

int bpf_validate(const struct bpf_insn* f, int len) {
  return wpcap::bpf::validate(f, len) ? 1 : 0;
}

char* bpf_image(const struct bpf_insn* p, int n) {
  return const_cast<char*>(wpcap::bpf::image(*p, n));
}

void bpf_dump(const struct bpf_program* p, int option) {
  guarded(0, static_cast<char*>(nullptr), [&] {
    const std::string text =
        wpcap::bpf::dump(std::span<const bpf_insn>(p->bf_insns, p->bf_len), option);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  });
}

// Not wrapped in guarded(): the hit path cannot throw and must stay a
// tail call; the miss path catches allocation failure itself (rejects).
int pcap_offline_filter(const struct bpf_program* fp, const struct pcap_pkthdr* h,
                        const u_char* pkt) {
  return static_cast<int>(wpcap::bpf::offline_filter(fp, pkt, h->len, h->caplen));
}

}  // extern "C"
