// tstamp_table.cc - the time-stamp type table, as libpcap 1.10.3 names them.
//
// Entry points: see tstamp_table.h.
#include "core/tstamp_table.h"

#include <pcap/pcap.h>

#include "core/dlt_table.h"

namespace wpcap {
namespace {

struct TstampType {
  int type;
  const char* name;
  const char* description;
};

constexpr TstampType kTstampTypes[] = {
    {PCAP_TSTAMP_HOST, "host", "Host"},
    {PCAP_TSTAMP_HOST_LOWPREC, "host_lowprec", "Host, low precision"},
    {PCAP_TSTAMP_HOST_HIPREC, "host_hiprec", "Host, high precision"},
    {PCAP_TSTAMP_ADAPTER, "adapter", "Adapter"},
    {PCAP_TSTAMP_ADAPTER_UNSYNCED, "adapter_unsynced", "Adapter, not synced with system time"},
    {PCAP_TSTAMP_HOST_HIPREC_UNSYNCED, "host_hiprec_unsynced", "Host, high precision, not synced with system time"},
};

const TstampType* find(int type) {
  for (const TstampType& t : kTstampTypes) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

}  // namespace

int tstamp_type_from_name(std::string_view name) {
  for (const TstampType& t : kTstampTypes) {
    if (ascii_iequals(name, t.name)) return t.type;
  }
  return -1;
}

const char* tstamp_type_name(int type) {
  const TstampType* t = find(type);
  return t != nullptr ? t->name : nullptr;
}

const char* tstamp_type_description(int type) {
  const TstampType* t = find(type);
  return t != nullptr ? t->description : nullptr;
}

}  // namespace wpcap
