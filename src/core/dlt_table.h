// dlt_table.h - what wpcap knows about each link-layer type (DLT_*).
//
// Entry points: dlt_table() (every DLT with a name), find_dlt(), dlt_from_name()
// (case-insensitive, without "DLT_"), dlt_description_or_number(),
// dlt_to_linktype() / linktype_to_dlt() (savefile numbering), max_snaplen_for_dlt().
// The C functions pcap_datalink_* in src/abi/dlt_api.cc are thin wrappers.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace wpcap {

// libpcap's MAXIMUM_SNAPLEN: the default and usual upper bound of a snapshot.
constexpr int kMaxSnaplen = 262144;

struct DltInfo {
  int dlt;                  // DLT_* value (Linux numbering)
  const char* name;         // DLT_ name without the prefix, e.g. "EN10MB"
  const char* description;  // e.g. "Ethernet"
};

// Every DLT libpcap 1.10.3 names, sorted by value.
std::span<const DltInfo> dlt_table();

// The entry for a DLT value, or nullptr.
const DltInfo* find_dlt(int dlt);

// DLT value for a name such as "en10mb" (ASCII case-insensitive), or -1.
int dlt_from_name(std::string_view name);

// The description, or "DLT <n>" for unknown values (thread-local storage,
// valid until the next call on the same thread).
const char* dlt_description_or_number(int dlt);

// DLT_* -> LINKTYPE_* written in savefiles; -1 if the DLT has no LINKTYPE.
int dlt_to_linktype(int dlt);

// LINKTYPE_* read from a savefile -> DLT_*; unknown values pass through.
int linktype_to_dlt(int linktype);

// Largest snapshot length that makes sense for a DLT (bigger for D-Bus,
// EBHSCR and USBPcap than the usual kMaxSnaplen).
uint32_t max_snaplen_for_dlt(int dlt);

// ASCII-only case-insensitive equality (libpcap's name lookups ignore the locale).
bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace wpcap
