// savefile_api.cc - C entry points for savefiles: pcap_open_offline*,
// pcap_fopen_offline*, and the pcap_dump_* family (pcap_dumper_t* is the
// FILE* itself). Logic lives in src/capture/savefile/.
#include <cerrno>
#include <cstring>

#include "abi/guard.h"
#include "capture/savefile/dumper.h"
#include "capture/savefile/savefile_open.h"

using wpcap::abi::guarded;
namespace sf = wpcap::savefile;

extern "C" {

pcap_t* pcap_fopen_offline_with_tstamp_precision(FILE* fp, u_int precision, char* errbuf) {
  return guarded<pcap_t*>(nullptr, errbuf, [&]() -> pcap_t* {
    auto r = sf::open_offline(fp, fp != stdin, precision);
    if (!r) {
      wpcap::copy_errbuf(errbuf, r.status().message());
      return nullptr;
    }
    return r.value().release();
  });
}

pcap_t* pcap_fopen_offline(FILE* fp, char* errbuf) {
  return pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
}

pcap_t* pcap_open_offline_with_tstamp_precision(const char* fname, u_int precision, char* errbuf) {
  return guarded<pcap_t*>(nullptr, errbuf, [&]() -> pcap_t* {
    if (fname == nullptr) {
      wpcap::set_errbuf(errbuf, "A null pointer was supplied as the file name");
      return nullptr;
    }
    FILE* fp = nullptr;
    if (std::strcmp(fname, "-") == 0) {
      fp = stdin;
    } else {
      fp = fopen(fname, "rb");
      if (fp == nullptr) {
        wpcap::copy_errbuf(errbuf, wpcap::errno_message(errno, fname));
        return nullptr;
      }
    }
    auto r = sf::open_offline(fp, fp != stdin, precision);
    if (!r) {
      if (fp != stdin) fclose(fp);
      wpcap::copy_errbuf(errbuf, r.status().message());
      return nullptr;
    }
    r.value()->device = fname;
    return r.value().release();
  });
}

pcap_t* pcap_open_offline(const char* fname, char* errbuf) {
  return pcap_open_offline_with_tstamp_precision(fname, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
}

pcap_dumper_t* pcap_dump_open(pcap_t* p, const char* fname) {
  return guarded<pcap_dumper_t*>(nullptr, p, [&]() -> pcap_dumper_t* {
    auto r = sf::open_dump_path(*p, fname);
    if (!r) {
      p->set_error(r.status().message());
      return nullptr;
    }
    return reinterpret_cast<pcap_dumper_t*>(r.value());
  });
}

pcap_dumper_t* pcap_dump_open_append(pcap_t* p, const char* fname) {
  return guarded<pcap_dumper_t*>(nullptr, p, [&]() -> pcap_dumper_t* {
    auto r = sf::open_dump_append(*p, fname);
    if (!r) {
      p->set_error(r.status().message());
      return nullptr;
    }
    return reinterpret_cast<pcap_dumper_t*>(r.value());
  });
}

pcap_dumper_t* pcap_dump_fopen(pcap_t* p, FILE* fp) {
  return guarded<pcap_dumper_t*>(nullptr, p, [&]() -> pcap_dumper_t* {
    auto r = sf::open_dump_stream(*p, fp);
    if (!r) {
      p->set_error(r.status().message());
      return nullptr;
    }
    return reinterpret_cast<pcap_dumper_t*>(r.value());
  });
}

void pcap_dump(u_char* user, const struct pcap_pkthdr* h, const u_char* sp) {
  sf::dump_packet(reinterpret_cast<FILE*>(user), h, sp);
}

FILE* pcap_dump_file(pcap_dumper_t* p) { return reinterpret_cast<FILE*>(p); }

long pcap_dump_ftell(pcap_dumper_t* p) { return ftell(reinterpret_cast<FILE*>(p)); }

int64_t pcap_dump_ftell64(pcap_dumper_t* p) { return ftello(reinterpret_cast<FILE*>(p)); }

int pcap_dump_flush(pcap_dumper_t* p) {
  return fflush(reinterpret_cast<FILE*>(p)) == EOF ? PCAP_ERROR : 0;
}

void pcap_dump_close(pcap_dumper_t* p) {
  guarded<int>(0, static_cast<char*>(nullptr), [&] {
    sf::close_dump(reinterpret_cast<FILE*>(p));
    return 0;
  });
}

}  // extern "C"
