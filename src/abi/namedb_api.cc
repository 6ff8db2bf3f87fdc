// namedb_api.cc - the pcap/namedb.h C functions and the eproto_db data symbol.
//
// pcap_nametoaddr, pcap_nametoaddrinfo, pcap_nametonetaddr, pcap_nametoport,
// pcap_nametoportrange, pcap_nametoproto, pcap_nametoeproto, pcap_nametollc,
// pcap_ether_aton, pcap_ether_hostton, pcap_next_etherent, eproto_db.
// Logic lives in core/namedb; these convert to libpcap's return conventions.
#include <pcap/pcap.h>
#include <pcap/namedb.h>

#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "abi/guard.h"
#include "core/namedb.h"

namespace {

// Six malloc'd bytes, as libpcap returns Ethernet addresses (NULL on failure).
u_char* malloc_mac(const wpcap::Result<wpcap::MacAddress>& r) {
  if (!r) return nullptr;
  const wpcap::MacAddress& mac = r.value();
  auto* out = static_cast<u_char*>(std::malloc(mac.size()));
  if (out != nullptr) std::memcpy(out, mac.data(), mac.size());
  return out;
}

}  // namespace

extern "C" {

// libpcap's ethertype name table, exported as data (array ends with a NULL name).
// pcap_nametoeproto searches this array, so a client's edits are honoured as in libpcap.
struct eproto {
  const char* s;
  u_short p;
};
__attribute__((visibility("default"))) struct eproto eproto_db[] = {
    {"aarp", 0x80f3}, {"arp", 0x0806},  {"atalk", 0x809b}, {"decnet", 0x6003}, {"ip", 0x0800},
    {"ip6", 0x86dd},  {"lat", 0x6004},  {"loopback", 0x9000}, {"mopdl", 0x6001}, {"moprc", 0x6002},
    {"rarp", 0x8035}, {"sca", 0x6007},  {nullptr, 0},
};

bpf_u_int32** pcap_nametoaddr(const char* name) {
  // Not reentrant in libpcap either; ours is at least per thread.
  thread_local std::vector<bpf_u_int32> addrs;
  thread_local std::vector<bpf_u_int32*> ptrs;
  return wpcap::abi::guarded<bpf_u_int32**>(nullptr, static_cast<char*>(nullptr), [&]() -> bpf_u_int32** {
    if (name == nullptr) return nullptr;
    auto r = wpcap::host_ipv4_addresses(name);
    if (!r) return nullptr;
    addrs.assign(r->begin(), r->end());
    ptrs.clear();
    for (bpf_u_int32& a : addrs) ptrs.push_back(&a);
    ptrs.push_back(nullptr);
    return ptrs.data();
  });
}

struct addrinfo* pcap_nametoaddrinfo(const char* name) {
  if (name == nullptr) return nullptr;
  return wpcap::abi::guarded<addrinfo*>(nullptr, static_cast<char*>(nullptr), [&]() -> addrinfo* {
    auto r = wpcap::host_addrinfo(name);
    return r ? r->release() : nullptr;
  });
}

bpf_u_int32 pcap_nametonetaddr(const char* name) {
  if (name == nullptr) return 0;
  return wpcap::abi::guarded<bpf_u_int32>(0, static_cast<char*>(nullptr), [&]() -> bpf_u_int32 {
    auto r = wpcap::network_by_name(name);
    return r ? *r : 0;
  });
}

int pcap_nametoport(const char* name, int* port, int* proto) {
  if (name == nullptr) return 0;
  return wpcap::abi::guarded(0, static_cast<char*>(nullptr), [&] {
    auto r = wpcap::port_by_name(name);
    if (!r) return 0;
    *port = r->port;
    *proto = r->proto;
    return 1;
  });
}

int pcap_nametoportrange(const char* name, int* port1, int* port2, int* proto) {
  if (name == nullptr) return 0;
  return wpcap::abi::guarded(0, static_cast<char*>(nullptr), [&] {
    auto r = wpcap::port_range_by_name(name);
    if (!r) {
      // libpcap has already stored the first half when only the second is unknown.
      std::string_view n(name);
      size_t dash = n.find('-');
      if (dash == std::string_view::npos) return 0;
      auto first = wpcap::port_by_name(n.substr(0, dash));
      if (first) {
        *port1 = first->port;
        *proto = first->proto;
      }
      return 0;
    }
    *port1 = r->first;
    *port2 = r->last;
    *proto = r->proto;
    return 1;
  });
}

int pcap_nametoproto(const char* name) {
  if (name == nullptr) return PROTO_UNDEF;
  return wpcap::abi::guarded(PROTO_UNDEF, static_cast<char*>(nullptr), [&] {
    auto r = wpcap::ip_protocol_by_name(name);
    return r ? *r : PROTO_UNDEF;
  });
}

int pcap_nametoeproto(const char* name) {
  if (name == nullptr) return PROTO_UNDEF;
  for (const eproto* p = eproto_db; p->s != nullptr; ++p) {
    if (std::strcmp(p->s, name) == 0) return p->p;
  }
  return PROTO_UNDEF;
}

int pcap_nametollc(const char* name) {
  if (name == nullptr) return PROTO_UNDEF;
  auto r = wpcap::llc_sap_by_name(name);
  return r ? *r : PROTO_UNDEF;
}

u_char* pcap_ether_aton(const char* s) {
  if (s == nullptr) return nullptr;
  return wpcap::abi::guarded<u_char*>(nullptr, static_cast<char*>(nullptr),
                                      [&] { return malloc_mac(wpcap::parse_mac(s)); });
}

u_char* pcap_ether_hostton(const char* name) {
  if (name == nullptr) return nullptr;
  return wpcap::abi::guarded<u_char*>(nullptr, static_cast<char*>(nullptr),
                                      [&] { return malloc_mac(wpcap::mac_by_host_name(name)); });
}

struct pcap_etherent* pcap_next_etherent(FILE* fp) {
  thread_local pcap_etherent entry;
  if (fp == nullptr) return nullptr;
  return wpcap::abi::guarded<pcap_etherent*>(nullptr, static_cast<char*>(nullptr), [&]() -> pcap_etherent* {
    std::optional<wpcap::EtherEntry> e = wpcap::read_ether_entry(fp);
    if (!e) return nullptr;
    std::memcpy(entry.addr, e->addr.data(), sizeof entry.addr);
    std::memcpy(entry.name, e->name, sizeof entry.name);
    return &entry;
  });
}

}  // extern "C"
