// dumper.h - writing classic pcap savefiles (pcap_dump_* behind the ABI).
//
// Entry points: open_dump_path(), open_dump_append(), open_dump_stream(),
// dump_packet(), close_dump(). A dumper *is* the FILE* (libpcap hands out
// the FILE* cast to pcap_dumper_t*, and scapy uses it as one), so all state
// lives in stdio: files we open get a large stdio buffer, and every
// pcap_dump_* call sees a consistent FILE*. Only the buffer's memory is
// remembered in a small side table, to free it on close.
#pragma once

#include <pcap/pcap.h>

#include <cstdio>
#include <string>

#include "core/result.h"

struct pcap;

namespace wpcap::savefile {

// pcap_dump_open(): "-" is stdout. Writes the file header for h.
Result<FILE*> open_dump_path(const pcap& h, const char* fname);
// pcap_dump_open_append(): checks an existing header, or writes one.
Result<FILE*> open_dump_append(const pcap& h, const char* fname);
// pcap_dump_fopen(): a caller-supplied stream.
Result<FILE*> open_dump_stream(const pcap& h, FILE* fp);

// pcap_dump(): one 16-byte record header plus caplen bytes.
inline void dump_packet(FILE* f, const pcap_pkthdr* hdr, const u_char* data) {
  struct {
    int32_t sec, frac;
    uint32_t caplen, len;
  } rec = {static_cast<int32_t>(hdr->ts.tv_sec), static_cast<int32_t>(hdr->ts.tv_usec), hdr->caplen,
           hdr->len};
  flockfile(f);
  if (!ferror_unlocked(f) && fwrite_unlocked(&rec, sizeof rec, 1, f) == 1) {
    fwrite_unlocked(data, hdr->caplen, 1, f);
  }
  funlockfile(f);
}

// pcap_dump_close(): flushes; closes unless it is stdout; frees our buffer.
void close_dump(FILE* f);

}  // namespace wpcap::savefile
