// misc_api.cc - C entry points for errors, versions and library set-up:
// pcap_geterr, pcap_perror, pcap_statustostr, pcap_strerror,
// pcap_lib_version, the pcap_version data symbol, and pcap_init.
#include <cstdio>
#include <cstring>

#include "abi/guard.h"
#include "core/library_state.h"
#include "core/status.h"
#include "wpcap/config.h"

extern "C" {

// libpcap exports its version as a data symbol.
__attribute__((visibility("default"))) char pcap_version[] = "1.10.3";

char* pcap_geterr(pcap_t* p) { return p->errbuf; }

void pcap_perror(pcap_t* p, const char* prefix) { std::fprintf(stderr, "%s: %s\n", prefix, p->errbuf); }

const char* pcap_statustostr(int errnum) { return wpcap::status_to_string(errnum); }

const char* pcap_strerror(int errnum) {
  static thread_local char buf[PCAP_ERRBUF_SIZE];
  const char* text = strerror_r(errnum, buf, sizeof buf);  // GNU: may return a static string
  if (text != buf) std::snprintf(buf, sizeof buf, "%s", text);
  return buf;
}

const char* pcap_lib_version(void) {
  // Version-sniffing tools look for "libpcap version 1.10"; then say who we are.
  return "libpcap version 1.10.3 (wpcap " WPCAP_VERSION_STRING ", with TPACKET_V3)";
}

int pcap_init(unsigned int opts, char* errbuf) {
  return wpcap::abi::guarded(PCAP_ERROR, errbuf,
                             [&] { return wpcap::library_init(opts, errbuf) ? 0 : PCAP_ERROR; });
}

}  // extern "C"
