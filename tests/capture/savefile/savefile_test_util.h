// savefile_test_util.h - helpers shared by the savefile unit tests: open a
// byte vector as a handle and collect what the source delivers.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "capture/savefile/savefile_open.h"
#include "testing/savefile_builder.h"

namespace wpcap::savefile::test {

struct Got {
  pcap_pkthdr hdr;
  std::vector<uint8_t> data;
};

struct ReadAll {
  std::vector<Got> packets;
  int rc = 0;           // last return code of next()
  std::string error;    // errbuf when rc == -1
};

inline ReadAll read_all(pcap& h) {
  ReadAll r;
  for (;;) {
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    r.rc = h.source->next(h, &hdr, &data);
    if (r.rc != 1) break;
    r.packets.push_back(Got{*hdr, std::vector<uint8_t>(data, data + hdr->caplen)});
  }
  if (r.rc == -1) r.error = h.errbuf;
  return r;
}

// The handle reads the bytes in place, so they are copied into storage that
// lives as long as the test program (callers often pass temporaries).
inline Result<std::unique_ptr<pcap>> open_bytes(const testing::Bytes& b, u_int prec = PCAP_TSTAMP_PRECISION_MICRO) {
  static std::deque<testing::Bytes> keep;
  keep.push_back(b);
  return open_offline_memory(keep.back().data(), keep.back().size(), prec);
}

inline testing::Bytes seq(size_t n, uint8_t start = 0) {
  testing::Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

}  // namespace wpcap::savefile::test
