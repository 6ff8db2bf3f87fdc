// read_api.cc - C entry points that move packets: pcap_loop,
// pcap_dispatch, pcap_next, pcap_next_ex, pcap_breakloop, and the per-handle
// controls around reading (filter, direction, non-blocking mode, stats,
// injection).
#include <climits>
#include <cstring>

#include "abi/guard.h"

using wpcap::abi::guarded;
using wpcap::abi::not_activated;
using wpcap::abi::status_code;

extern "C" {

int pcap_dispatch(pcap_t* p, int cnt, pcap_handler callback, u_char* user) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    return p->source->read(*p, cnt, callback, user);
  });
}

int pcap_loop(pcap_t* p, int cnt, pcap_handler callback, u_char* user) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    const bool offline = p->source->kind() == wpcap::SourceKind::kSavefile;
    for (;;) {
      int n;
      // A live source returning 0 timed out: keep waiting. A savefile
      // returning 0 is at its end.
      do {
        n = p->source->read(*p, cnt, callback, user);
      } while (n == 0 && !offline);
      if (n <= 0) return n;
      if (cnt > 0) {
        cnt -= n;
        if (cnt <= 0) return 0;
      }
    }
  });
}

int pcap_next_ex(pcap_t* p, struct pcap_pkthdr** pkt_header, const u_char** pkt_data) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    return p->source->next(*p, pkt_header, pkt_data);
  });
}

const u_char* pcap_next(pcap_t* p, struct pcap_pkthdr* h) {
  return guarded<const u_char*>(nullptr, p, [&]() -> const u_char* {
    if (!p->activated) {
      not_activated(p);
      return nullptr;
    }
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    if (p->source->next(*p, &hdr, &data) != 1) return nullptr;
    *h = *hdr;
    return data;
  });
}

void pcap_breakloop(pcap_t* p) {
  p->break_loop = 1;
  p->source->wake();
}

int pcap_setfilter(pcap_t* p, struct bpf_program* fp) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    if (fp == nullptr) return p->fail(PCAP_ERROR, "No filter specified");
    return status_code(p, p->source->set_filter(*p, *fp));
  });
}

int pcap_setdirection(pcap_t* p, pcap_direction_t d) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    if (d != PCAP_D_IN && d != PCAP_D_OUT && d != PCAP_D_INOUT) {
      return p->fail(PCAP_ERROR, "Invalid direction");
    }
    return status_code(p, p->source->set_direction(*p, d));
  });
}

int pcap_setnonblock(pcap_t* p, int nonblock, char* errbuf) {
  return guarded(PCAP_ERROR, errbuf, [&] {
    if (!p->activated) {
      // Remembered and applied by pcap_activate().
      p->opt.nonblock = nonblock != 0;
      return 0;
    }
    wpcap::Status s = p->source->set_nonblock(*p, nonblock != 0);
    if (s.is_error()) {
      p->set_error(s.message());
      wpcap::copy_errbuf(errbuf, s.message());
      return s.code();
    }
    return 0;
  });
}

int pcap_getnonblock(pcap_t* p, char* errbuf) {
  return guarded(PCAP_ERROR, errbuf, [&] {
    if (!p->activated) {
      wpcap::abi::not_activated(p);
      wpcap::copy_errbuf(errbuf, p->errbuf);
      return static_cast<int>(PCAP_ERROR_NOT_ACTIVATED);
    }
    wpcap::Result<bool> r = p->source->get_nonblock(*p);
    if (!r) {
      p->set_error(r.status().message());
      wpcap::copy_errbuf(errbuf, r.status().message());
      return r.status().code();
    }
    return r.value() ? 1 : 0;
  });
}

int pcap_stats(pcap_t* p, struct pcap_stat* ps) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    return status_code(p, p->source->stats(*p, ps));
  });
}

int pcap_inject(pcap_t* p, const void* buf, size_t size) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    if (size > INT_MAX) {
      return p->fail(PCAP_ERROR, wpcap::str_printf("More than %d bytes cannot be injected", INT_MAX));
    }
    if (size == 0) return p->fail(PCAP_ERROR, "The packet passed to pcap_inject() is empty");
    wpcap::Result<int> r = p->source->inject(*p, buf, size);
    if (!r) return status_code(p, r.status());
    return r.value();
  });
}

int pcap_sendpacket(pcap_t* p, const u_char* buf, int size) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    if (size <= 0) return p->fail(PCAP_ERROR, "The number of bytes to be sent must be positive");
    wpcap::Result<int> r = p->source->inject(*p, buf, static_cast<size_t>(size));
    if (!r) return status_code(p, r.status());
    return 0;
  });
}

}  // extern "C"
