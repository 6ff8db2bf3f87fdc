// fuzz_savefile_common.h - shared body of the savefile reader fuzzers:
// open the input as a savefile twice (memory source and a FILE* stream
// source), read every packet with both pcap_next_ex- and pcap_loop-style
// calls, and touch every delivered byte so ASan sees any overrun.
#pragma once

#include <cstdint>
#include <cstdio>

#include "capture/savefile/savefile_open.h"

namespace wpcap::fuzz {

inline void consume(u_char* user, const pcap_pkthdr* h, const u_char* d) {
  auto* sum = reinterpret_cast<unsigned*>(user);
  for (bpf_u_int32 i = 0; i < h->caplen; ++i) *sum += d[i];
}

inline void drive(pcap& h, bool use_loop) {
  unsigned sum = 0;
  for (int rounds = 0; rounds < 100000; ++rounds) {
    if (use_loop) {
      if (h.source->read(h, 3, consume, reinterpret_cast<u_char*>(&sum)) <= 0) break;
    } else {
      pcap_pkthdr* hdr = nullptr;
      const u_char* data = nullptr;
      if (h.source->next(h, &hdr, &data) != 1) break;
      consume(reinterpret_cast<u_char*>(&sum), hdr, data);
    }
  }
  volatile unsigned sink = sum;
  (void)sink;
}

inline void fuzz_savefile(const uint8_t* data, size_t size) {
  for (u_int prec : {PCAP_TSTAMP_PRECISION_MICRO, PCAP_TSTAMP_PRECISION_NANO}) {
    auto r = savefile::open_offline_memory(data, size, prec);
    if (r) drive(*r.value(), prec == PCAP_TSTAMP_PRECISION_MICRO);
  }
  FILE* f = fmemopen(const_cast<uint8_t*>(data), size, "rb");
  if (f == nullptr) return;
  auto r = savefile::open_offline(f, true, PCAP_TSTAMP_PRECISION_MICRO);
  if (r) {
    drive(*r.value(), false);  // the handle fcloses f
  } else {
    fclose(f);
  }
}

}  // namespace wpcap::fuzz
