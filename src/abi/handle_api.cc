// handle_api.cc - C entry points for the handle life cycle: pcap_create,
// the pcap_set_* options, pcap_activate, pcap_open_live, pcap_open_dead*,
// pcap_close, and the getters for link-layer facts.
// Reading lives in read_api.cc; errors/version in misc_api.cc.
#include <cstdlib>
#include <cstring>

#include "abi/guard.h"
#include "core/source_factory.h"
#include "core/status.h"

using wpcap::abi::already_activated;
using wpcap::abi::guarded;

namespace {

// Applies an option setter unless the handle is already activated.
template <typename F>
int set_option(pcap_t* p, F&& apply) {
  if (p->activated) return already_activated(p);
  apply(p->opt);
  return 0;
}

bool supports_precision(int precision) {
  return precision == PCAP_TSTAMP_PRECISION_MICRO || precision == PCAP_TSTAMP_PRECISION_NANO;
}

}  // namespace

extern "C" {

pcap_t* pcap_create(const char* device, char* errbuf) {
  return guarded<pcap_t*>(nullptr, errbuf, [&]() -> pcap_t* {
    auto p = std::make_unique<pcap>();
    p->device = device != nullptr ? device : "any";
    p->source = wpcap::make_live_source(p->device);
    p->source->created(*p);
    return p.release();
  });
}

int pcap_set_snaplen(pcap_t* p, int snaplen) {
  return set_option(p, [&](wpcap::CaptureOptions& o) { o.snaplen = snaplen; });
}

int pcap_set_promisc(pcap_t* p, int promisc) {
  return set_option(p, [&](wpcap::CaptureOptions& o) { o.promisc = promisc != 0; });
}

int pcap_set_rfmon(pcap_t* p, int rfmon) {
  return set_option(p, [&](wpcap::CaptureOptions& o) { o.rfmon = rfmon != 0; });
}

int pcap_set_timeout(pcap_t* p, int timeout_ms) {
  return set_option(p, [&](wpcap::CaptureOptions& o) { o.timeout_ms = timeout_ms; });
}

int pcap_set_immediate_mode(pcap_t* p, int immediate) {
  return set_option(p, [&](wpcap::CaptureOptions& o) { o.immediate = immediate != 0; });
}

int pcap_set_buffer_size(pcap_t* p, int buffer_size) {
  // libpcap silently ignores non-positive sizes.
  return set_option(p, [&](wpcap::CaptureOptions& o) {
    if (buffer_size > 0) o.buffer_size = buffer_size;
  });
}

int pcap_set_protocol_linux(pcap_t* p, int protocol) {
  return set_option(p, [&](wpcap::CaptureOptions& o) { o.protocol = protocol; });
}

int pcap_set_tstamp_type(pcap_t* p, int type) {
  if (p->activated) return already_activated(p);
  if (type < 0) return PCAP_WARNING_TSTAMP_TYPE_NOTSUP;
  // With no list from the device only host time stamps can be had.
  if (p->tstamp_type_list.empty()) {
    if (type != PCAP_TSTAMP_HOST) return PCAP_WARNING_TSTAMP_TYPE_NOTSUP;
    p->opt.tstamp_type = type;
    return 0;
  }
  for (int t : p->tstamp_type_list) {
    if (t == type) {
      p->opt.tstamp_type = type;
      return 0;
    }
  }
  return PCAP_WARNING_TSTAMP_TYPE_NOTSUP;
}

int pcap_set_tstamp_precision(pcap_t* p, int precision) {
  if (p->activated) return already_activated(p);
  if (precision < 0 || !supports_precision(precision)) return PCAP_ERROR_TSTAMP_PRECISION_NOTSUP;
  p->opt.tstamp_precision = precision;
  return 0;
}

int pcap_get_tstamp_precision(pcap_t* p) { return p->opt.tstamp_precision; }

int pcap_can_set_rfmon(pcap_t* p) {
  return guarded(PCAP_ERROR, p, [&] {
    if (p->activated) return already_activated(p);
    return p->source->can_set_rfmon(*p);
  });
}

int pcap_activate(pcap_t* p) {
  return guarded(PCAP_ERROR, p, [&] {
    if (p->activated) return already_activated(p);
    p->errbuf[0] = '\0';
    wpcap::Status s = p->source->activate(*p);
    if (s.is_error()) {
      if (!s.message().empty()) {
        p->set_error(s.message());
      } else {
        p->set_error(wpcap::status_to_string(s.code()));
      }
      return s.code();
    }
    if (s.is_warning()) p->set_error(s.message());
    p->activated = true;
    if (p->opt.nonblock) {
      wpcap::Status nb = p->source->set_nonblock(*p, true);
      if (nb.is_error()) {
        p->activated = false;
        p->set_error(nb.message());
        return nb.code();
      }
    }
    return s.code();
  });
}

pcap_t* pcap_open_live(const char* device, int snaplen, int promisc, int to_ms, char* errbuf) {
  return guarded<pcap_t*>(nullptr, errbuf, [&]() -> pcap_t* {
    pcap_t* p = pcap_create(device, errbuf);
    if (p == nullptr) return nullptr;
    pcap_set_snaplen(p, snaplen);
    pcap_set_promisc(p, promisc);
    pcap_set_timeout(p, to_ms);
    int status = pcap_activate(p);
    if (status >= 0) return p;
    const char* dev = device != nullptr ? device : "any";
    if (status == PCAP_ERROR) {
      wpcap::set_errbuf(errbuf, "%s: %.*s", dev, PCAP_ERRBUF_SIZE - 3, p->errbuf);
    } else if (status == PCAP_ERROR_NO_SUCH_DEVICE || status == PCAP_ERROR_PERM_DENIED ||
               status == PCAP_ERROR_PROMISC_PERM_DENIED) {
      wpcap::set_errbuf(errbuf, "%s: %s (%.*s)", dev, pcap_statustostr(status), PCAP_ERRBUF_SIZE - 6,
                        p->errbuf);
    } else {
      wpcap::set_errbuf(errbuf, "%s: %s", dev, pcap_statustostr(status));
    }
    pcap_close(p);
    return nullptr;
  });
}

pcap_t* pcap_open_dead_with_tstamp_precision(int linktype, int snaplen, u_int precision) {
  return guarded<pcap_t*>(nullptr, static_cast<char*>(nullptr), [&]() -> pcap_t* {
    // libpcap accepts any value here; only NANO selects nanoseconds.
    auto p = std::make_unique<pcap>();
    p->source = wpcap::make_dead_source();
    p->linktype = linktype;
    p->snapshot = snaplen;
    p->opt.tstamp_precision =
        precision == PCAP_TSTAMP_PRECISION_NANO ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO;
    p->activated = true;
    return p.release();
  });
}

pcap_t* pcap_open_dead(int linktype, int snaplen) {
  return pcap_open_dead_with_tstamp_precision(linktype, snaplen, PCAP_TSTAMP_PRECISION_MICRO);
}

void pcap_close(pcap_t* p) { delete p; }

int pcap_datalink(pcap_t* p) { return p->activated ? p->linktype : PCAP_ERROR_NOT_ACTIVATED; }

int pcap_datalink_ext(pcap_t* p) {
  return p->activated ? static_cast<int>(p->linktype_ext) : PCAP_ERROR_NOT_ACTIVATED;
}

int pcap_snapshot(pcap_t* p) { return p->activated ? p->snapshot : PCAP_ERROR_NOT_ACTIVATED; }

int pcap_is_swapped(pcap_t* p) { return p->activated ? p->swapped : PCAP_ERROR_NOT_ACTIVATED; }

int pcap_major_version(pcap_t* p) { return p->activated ? p->version_major : PCAP_ERROR_NOT_ACTIVATED; }

int pcap_minor_version(pcap_t* p) { return p->activated ? p->version_minor : PCAP_ERROR_NOT_ACTIVATED; }

int pcap_bufsize(pcap_t* p) { return p->activated ? p->source->bufsize() : PCAP_ERROR_NOT_ACTIVATED; }

FILE* pcap_file(pcap_t* p) { return p->source->file(); }

int pcap_fileno(pcap_t* p) {
  // libpcap returns the capture descriptor: none for savefiles and dead handles.
  return p->source->kind() == wpcap::SourceKind::kSavefile ? -1 : p->source->selectable_fd();
}

int pcap_get_selectable_fd(pcap_t* p) { return p->source->selectable_fd(); }

const struct timeval* pcap_get_required_select_timeout(pcap_t* p) {
  return p->source->required_select_timeout();
}

int pcap_list_datalinks(pcap_t* p, int** dlt_buffer) {
  return guarded(PCAP_ERROR, p, [&] {
    if (!p->activated) return static_cast<int>(PCAP_ERROR_NOT_ACTIVATED);
    size_t n = p->dlt_list.empty() ? 1 : p->dlt_list.size();
    int* out = static_cast<int*>(std::calloc(n, sizeof(int)));
    if (out == nullptr) return p->fail(PCAP_ERROR, "malloc: out of memory");
    if (p->dlt_list.empty()) {
      out[0] = p->linktype;
    } else {
      std::memcpy(out, p->dlt_list.data(), n * sizeof(int));
    }
    *dlt_buffer = out;
    return static_cast<int>(n);
  });
}

void pcap_free_datalinks(int* dlt_list) { std::free(dlt_list); }

int pcap_set_datalink(pcap_t* p, int dlt) {
  return guarded(PCAP_ERROR, p, [&] {
    bool listed = p->dlt_list.empty() ? dlt == p->linktype : false;
    for (int d : p->dlt_list) listed = listed || d == dlt;
    if (!listed) {
      const char* name = pcap_datalink_val_to_name(dlt);
      if (name != nullptr) {
        wpcap::set_errbuf(p->errbuf, "%s is not one of the DLTs supported by this device", name);
      } else {
        wpcap::set_errbuf(p->errbuf, "DLT %d is not one of the DLTs supported by this device", dlt);
      }
      return PCAP_ERROR;
    }
    if (dlt == p->linktype) return 0;
    wpcap::Status s = p->source->set_datalink(*p, dlt);
    if (!s.is_ok()) return wpcap::abi::status_code(p, s);
    p->linktype = dlt;
    return 0;
  });
}

int pcap_list_tstamp_types(pcap_t* p, int** types) {
  return guarded(PCAP_ERROR, p, [&] {
    // With no list from the device, the one type available is host.
    size_t n = p->tstamp_type_list.empty() ? 1 : p->tstamp_type_list.size();
    int* out = static_cast<int*>(std::calloc(n, sizeof(int)));
    if (out == nullptr) return p->fail(PCAP_ERROR, "malloc: out of memory");
    if (p->tstamp_type_list.empty()) {
      out[0] = PCAP_TSTAMP_HOST;
    } else {
      std::memcpy(out, p->tstamp_type_list.data(), n * sizeof(int));
    }
    *types = out;
    return static_cast<int>(n);
  });
}

void pcap_free_tstamp_types(int* types) { std::free(types); }

}  // extern "C"
