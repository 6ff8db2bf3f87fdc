// dlt_api.cc - the C functions naming link-layer and time-stamp types.
//
// pcap_datalink_name_to_val, pcap_datalink_val_to_name,
// pcap_datalink_val_to_description, pcap_datalink_val_to_description_or_dlt,
// pcap_tstamp_type_name_to_val, pcap_tstamp_type_val_to_name,
// pcap_tstamp_type_val_to_description. Logic: core/dlt_table, core/tstamp_table.
#include <pcap/pcap.h>

#include "core/dlt_table.h"
#include "core/tstamp_table.h"

using wpcap::DltInfo;

extern "C" {

int pcap_datalink_name_to_val(const char* name) {
  if (name == nullptr) return -1;
  return wpcap::dlt_from_name(name);
}

const char* pcap_datalink_val_to_name(int dlt) {
  const DltInfo* d = wpcap::find_dlt(dlt);
  return d != nullptr ? d->name : nullptr;
}

const char* pcap_datalink_val_to_description(int dlt) {
  const DltInfo* d = wpcap::find_dlt(dlt);
  return d != nullptr ? d->description : nullptr;
}

const char* pcap_datalink_val_to_description_or_dlt(int dlt) { return wpcap::dlt_description_or_number(dlt); }

int pcap_tstamp_type_name_to_val(const char* name) {
  if (name == nullptr) return PCAP_ERROR;
  return wpcap::tstamp_type_from_name(name);
}

const char* pcap_tstamp_type_val_to_name(int type) { return wpcap::tstamp_type_name(type); }

const char* pcap_tstamp_type_val_to_description(int type) { return wpcap::tstamp_type_description(type); }

}  // extern "C"
