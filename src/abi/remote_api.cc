// remote_api.cc - C entry points of the remote-capture API: pcap_open,
// source strings (pcap_createsrcstr, pcap_parsesrcstr),
// pcap_findalldevs_ex, pcap_setsampling and active mode. Local and file
// sources work; rpcap:// sources report that the rpcap client is not in
// this build yet (remote capture is its own issue).
#include <cstring>
#include <string>

#include "abi/guard.h"
#include "core/source_string.h"

using wpcap::abi::guarded;

namespace {

constexpr const char* kNoRemote = "remote capture (rpcap://) is not available in this build of wpcap yet";

pcap_t* open_local(const std::string& dev, int snaplen, int flags, int read_timeout, char* errbuf) {
  pcap_t* p = pcap_create(dev.c_str(), errbuf);
  if (p == nullptr) return nullptr;
  pcap_set_snaplen(p, snaplen);
  if (flags & PCAP_OPENFLAG_PROMISCUOUS) pcap_set_promisc(p, 1);
  if (flags & PCAP_OPENFLAG_MAX_RESPONSIVENESS) pcap_set_immediate_mode(p, 1);
  if (flags & PCAP_OPENFLAG_NOCAPTURE_LOCAL) p->opt.nocapture_local = true;
  pcap_set_timeout(p, read_timeout);
  int status = pcap_activate(p);
  if (status < 0) {
    wpcap::set_errbuf(errbuf, "%s: %.*s", dev.c_str(), PCAP_ERRBUF_SIZE - 3, p->errbuf);
    pcap_close(p);
    return nullptr;
  }
  return p;
}

}  // namespace

extern "C" {

int pcap_parsesrcstr(const char* source, int* type, char* host, char* port, char* name, char* errbuf) {
  return guarded(PCAP_ERROR, errbuf, [&] {
    wpcap::Result<wpcap::SourceString> r = wpcap::parse_source_string(source != nullptr ? source : "");
    if (!r) {
      wpcap::copy_errbuf(errbuf, r.status().message());
      return PCAP_ERROR;
    }
    const wpcap::SourceString& s = r.value();
    if (type != nullptr) *type = s.type;
    if (host != nullptr) std::snprintf(host, PCAP_BUF_SIZE, "%s", s.host.c_str());
    if (port != nullptr) std::snprintf(port, PCAP_BUF_SIZE, "%s", s.port.c_str());
    if (name != nullptr) std::snprintf(name, PCAP_BUF_SIZE, "%s", s.name.c_str());
    return 0;
  });
}

int pcap_createsrcstr(char* source, int type, const char* host, const char* port, const char* name,
                      char* errbuf) {
  return guarded(PCAP_ERROR, errbuf, [&] {
    wpcap::Result<std::string> r = wpcap::make_source_string(type, host, port, name);
    if (!r) {
      wpcap::copy_errbuf(errbuf, r.status().message());
      return PCAP_ERROR;
    }
    std::snprintf(source, PCAP_BUF_SIZE, "%s", r.value().c_str());
    return 0;
  });
}

pcap_t* pcap_open(const char* source, int snaplen, int flags, int read_timeout, struct pcap_rmtauth*, char* errbuf) {
  return guarded<pcap_t*>(nullptr, errbuf, [&]() -> pcap_t* {
    std::string src = source != nullptr ? source : "any";
    if (src.size() > PCAP_BUF_SIZE) {
      wpcap::set_errbuf(errbuf, "The source string is too long. Cannot handle it correctly.");
      return nullptr;
    }
    wpcap::Result<wpcap::SourceString> r = wpcap::parse_source_string(src);
    if (!r) {
      wpcap::copy_errbuf(errbuf, r.status().message());
      return nullptr;
    }
    switch (r.value().type) {
      case PCAP_SRC_FILE:
        return pcap_open_offline(r.value().name.c_str(), errbuf);
      case PCAP_SRC_IFLOCAL:
        return open_local(r.value().name, snaplen, flags, read_timeout, errbuf);
      default:
        wpcap::set_errbuf(errbuf, "%s", kNoRemote);
        return nullptr;
    }
  });
}

int pcap_findalldevs_ex(const char* source, struct pcap_rmtauth*, pcap_if_t** alldevs, char* errbuf) {
  return guarded(PCAP_ERROR, errbuf, [&] {
    wpcap::Result<wpcap::SourceString> r = wpcap::parse_source_string(source != nullptr ? source : "");
    if (!r) {
      wpcap::copy_errbuf(errbuf, r.status().message());
      return PCAP_ERROR;
    }
    if (r.value().type == PCAP_SRC_IFLOCAL) return pcap_findalldevs(alldevs, errbuf);
    if (r.value().type == PCAP_SRC_FILE) {
      wpcap::set_errbuf(errbuf, "listing the capture files of a folder is not available in this build of wpcap yet");
      return PCAP_ERROR;
    }
    wpcap::set_errbuf(errbuf, "%s", kNoRemote);
    return PCAP_ERROR;
  });
}

struct pcap_samp* pcap_setsampling(pcap_t* p) { return &p->sampling; }

PCAP_SOCKET pcap_remoteact_accept(const char*, const char*, const char*, char*, struct pcap_rmtauth*,
                                  char* errbuf) {
  wpcap::set_errbuf(errbuf, "%s", kNoRemote);
  return PCAP_INVALID_SOCKET;
}

PCAP_SOCKET pcap_remoteact_accept_ex(const char*, const char*, const char*, char*, struct pcap_rmtauth*, int,
                                     char* errbuf) {
  wpcap::set_errbuf(errbuf, "%s", kNoRemote);
  return PCAP_INVALID_SOCKET;
}

int pcap_remoteact_list(char*, char, int, char* errbuf) {
  wpcap::set_errbuf(errbuf, "%s", kNoRemote);
  return PCAP_ERROR;
}

int pcap_remoteact_close(const char*, char* errbuf) {
  wpcap::set_errbuf(errbuf, "%s", kNoRemote);
  return PCAP_ERROR;
}

void pcap_remoteact_cleanup(void) {}

}  // extern "C"
