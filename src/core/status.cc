// status.cc - pcap_statustostr() texts, generated from status_table.h.
#include "core/status.h"

#include <cstdio>

namespace wpcap {

const char* status_to_string(int code) {
  switch (code) {
#define WPCAP_STATUS_CASE(name, value, text) \
  case value:                                \
    return text;
    WPCAP_STATUS_TABLE(WPCAP_STATUS_CASE)
#undef WPCAP_STATUS_CASE
  }
  static thread_local char buf[64];
  std::snprintf(buf, sizeof buf, "Unknown error: %d", code);
  return buf;
}

}  // namespace wpcap
