// npcap_api.cc - C entry points of Npcap's extensions: kernel and user
// buffers, min-to-copy, the read event, working modes, OID requests, send
// queues and pcap_stats_ex. Each forwards to the handle's capture source,
// which implements it or reports the documented error.
#include "abi/guard.h"
#include "npcap/send_queue.h"

using wpcap::abi::guarded;
using wpcap::abi::not_activated;
using wpcap::abi::status_code;

namespace {

template <typename F>
int on_active(pcap_t* p, F&& fn) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return not_activated(p);
    return status_code(p, fn());
  });
}

}  // namespace

extern "C" {

int pcap_setbuff(pcap_t* p, int dim) {
  return on_active(p, [&] { return p->source->set_kernel_buffer(*p, dim); });
}

int pcap_setuserbuffer(pcap_t* p, int size) {
  return on_active(p, [&] { return p->source->set_user_buffer(*p, size); });
}

int pcap_setmintocopy(pcap_t* p, int size) {
  return on_active(p, [&] { return p->source->set_min_to_copy(*p, size); });
}

int pcap_setmode(pcap_t* p, int mode) {
  return on_active(p, [&] { return p->source->set_mode(*p, mode); });
}

pcap_event_t pcap_getevent(pcap_t* p) {
  return guarded(-1, p, [&] {
    if (!p->activated) {
      not_activated(p);
      return -1;
    }
    wpcap::Result<int> r = p->source->event_fd(*p);
    if (!r) {
      p->set_error(r.status().message());
      return -1;
    }
    return r.value();
  });
}

int pcap_oid_get_request(pcap_t* p, bpf_u_int32 oid, void* data, size_t* lenp) {
  return on_active(p, [&] { return p->source->oid_request(*p, false, oid, data, lenp); });
}

int pcap_oid_set_request(pcap_t* p, bpf_u_int32 oid, const void* data, size_t* lenp) {
  return on_active(p, [&] { return p->source->oid_request(*p, true, oid, const_cast<void*>(data), lenp); });
}

pcap_send_queue* pcap_sendqueue_alloc(u_int memsize) { return wpcap::npcap::queue_alloc(memsize); }

void pcap_sendqueue_destroy(pcap_send_queue* queue) { wpcap::npcap::queue_destroy(queue); }

int pcap_sendqueue_queue(pcap_send_queue* queue, const struct pcap_pkthdr* pkt_header, const u_char* pkt_data) {
  return wpcap::npcap::queue_append(queue, pkt_header, pkt_data);
}

u_int pcap_sendqueue_transmit(pcap_t* p, pcap_send_queue* queue, int sync) {
  return guarded(0u, p, [&]() -> u_int {
    if (!p->activated) {
      not_activated(p);
      return 0;
    }
    return p->source->transmit_queue(*p, *queue, sync != 0);
  });
}

struct pcap_stat* pcap_stats_ex(pcap_t* p, int* pcap_stat_size) {
  return guarded<pcap_stat*>(nullptr, p, [&]() -> pcap_stat* {
    if (!p->activated) {
      not_activated(p);
      return nullptr;
    }
    p->stat_ex = pcap_stat{};
    wpcap::Status s = p->source->stats_ex(*p, &p->stat_ex);
    if (!s.is_ok()) {
      p->set_error(s.message());
      return nullptr;
    }
    *pcap_stat_size = static_cast<int>(sizeof(pcap_stat));
    return &p->stat_ex;
  });
}

int pcap_live_dump(pcap_t* p, char*, int, int) {
  return p->fail(PCAP_ERROR, "wpcap doesn't support kernel dump mode");
}

int pcap_live_dump_ended(pcap_t* p, int) {
  return p->fail(PCAP_ERROR, "wpcap doesn't support kernel dump mode");
}

int pcap_start_oem(char* err_str, int) {
  wpcap::set_errbuf(err_str, "wpcap has no OEM mode");
  return PCAP_ERROR;
}

}  // extern "C"
