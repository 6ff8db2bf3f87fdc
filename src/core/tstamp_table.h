// tstamp_table.h - names and descriptions of the time-stamp types (PCAP_TSTAMP_*).
//
// Entry points: tstamp_type_from_name() (case-insensitive), tstamp_type_name(),
// tstamp_type_description(). Used by src/abi/dlt_api.cc for the
// pcap_tstamp_type_* functions and by the capture CLI.
#pragma once

#include <string_view>

namespace wpcap {

// PCAP_TSTAMP_* value for a name such as "host_hiprec", or -1.
int tstamp_type_from_name(std::string_view name);

// "host", "adapter", ... or nullptr for an unknown value.
const char* tstamp_type_name(int type);

// "Host", "Adapter, not synced with system time", ... or nullptr.
const char* tstamp_type_description(int type);

}  // namespace wpcap
