// status.h - libpcap status codes as a C++ enum and their descriptions.
//
// Entry points: StatusCode, status_to_string(). The codes and texts come
// from the single table in status_table.h.
#pragma once

#include "core/status_table.h"

namespace wpcap {

enum class StatusCode : int {
  kSuccess = 0,  // no text: libpcap reports "Unknown error: 0"
#define WPCAP_STATUS_ENUM(name, value, text) name = value,
  WPCAP_STATUS_TABLE(WPCAP_STATUS_ENUM)
#undef WPCAP_STATUS_ENUM
};

// The text pcap_statustostr() returns; "Unknown error: N" (in a
// thread-local buffer) for codes outside the table.
const char* status_to_string(int code);

}  // namespace wpcap
