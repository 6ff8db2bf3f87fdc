// options.h - the settings a handle collects between pcap_create() and
// pcap_activate(), with libpcap's defaults.
//
// The pcap_set_* entry points (abi/handle_api.cc) write these; a capture
// source reads them once in activate() and validates them there, so every
// option has exactly one place where it takes effect.
#pragma once

#include <string>

#include "core/dlt_table.h"  // kMaxSnaplen

namespace wpcap {

struct CaptureOptions {
  int snaplen = 0;           // 0 = not set: the source picks kMaxSnaplen
  bool promisc = false;
  bool rfmon = false;
  int timeout_ms = 0;        // 0 = block until a batch is ready; < 0 = non-blocking
  int buffer_size = 0;       // kernel buffer bytes; 0 = source default
  bool immediate = false;
  int tstamp_type = -1;      // -1 = not set (PCAP_TSTAMP_HOST)
  int tstamp_precision = 0;  // PCAP_TSTAMP_PRECISION_MICRO
  int protocol = 0;          // pcap_set_protocol_linux; 0 = ETH_P_ALL
  bool nonblock = false;     // pcap_setnonblock() before activation
  // Npcap extensions, meaningful once activated.
  int user_buffer = 256000;  // WIN32_DEFAULT_USER_BUFFER_SIZE
  int min_to_copy = -1;      // -1 = not set (16000, or 0 in immediate mode)
  bool nocapture_local = false;
};

}  // namespace wpcap
