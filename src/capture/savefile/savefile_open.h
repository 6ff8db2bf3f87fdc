// savefile_open.h - opening a savefile as a pcap_t.
//
// Entry points: open_offline(FILE*, ...) detects pcap vs pcapng from the
// first word and builds an activated handle with a SavefileSource;
// open_offline_memory() does the same over caller-owned bytes (tests and
// fuzzers). The C entry points are in src/abi/savefile_api.cc.
#pragma once

#include <pcap/pcap.h>

#include <cstdio>
#include <memory>

#include "core/handle.h"
#include "core/result.h"

namespace wpcap::savefile {

// Reads from fp's current position. With close_on_destroy the handle
// fcloses fp in pcap_close (libpcap does, except for stdin). On failure fp
// is left open. precision: PCAP_TSTAMP_PRECISION_MICRO or _NANO.
Result<std::unique_ptr<pcap>> open_offline(FILE* fp, bool close_on_destroy, u_int precision);

// The bytes must outlive the handle.
Result<std::unique_ptr<pcap>> open_offline_memory(const u_char* data, size_t len, u_int precision);

}  // namespace wpcap::savefile
