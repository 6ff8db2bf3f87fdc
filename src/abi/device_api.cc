// device_api.cc - C entry points for local devices: pcap_findalldevs,
// pcap_freealldevs, pcap_lookupdev, pcap_lookupnet. The enumeration itself
// is wpcap::live::list_devices() (src/capture/linux/device_list.cc); this
// file only builds and frees the malloc'd pcap_if_t/pcap_addr lists.
#include <net/if.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "abi/guard.h"
#include "capture/linux/device_list.h"
#include "core/library_state.h"

using wpcap::abi::guarded;

namespace {

sockaddr* dup_sockaddr(const std::vector<uint8_t>& bytes) {
  if (bytes.empty()) return nullptr;
  void* p = std::malloc(bytes.size());
  if (p == nullptr) throw std::bad_alloc();
  std::memcpy(p, bytes.data(), bytes.size());
  return static_cast<sockaddr*>(p);
}

char* dup_string(const std::string& s) {
  char* p = strdup(s.c_str());
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

template <typename T>
T* zalloc() {
  void* p = std::calloc(1, sizeof(T));
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<T*>(p);
}

// Appends d to the list ending at *tail; the list stays valid (and
// freeable) if an allocation fails midway.
void append_device(const wpcap::live::Device& d, pcap_if_t*** tail) {
  pcap_if_t* dev = zalloc<pcap_if_t>();
  **tail = dev;
  *tail = &dev->next;
  dev->name = dup_string(d.name);
  dev->description = d.description ? dup_string(*d.description) : nullptr;
  dev->flags = d.flags;
  pcap_addr_t** atail = &dev->addresses;
  for (const wpcap::live::DeviceAddress& a : d.addresses) {
    pcap_addr_t* pa = zalloc<pcap_addr_t>();
    *atail = pa;
    atail = &pa->next;
    pa->addr = dup_sockaddr(a.addr);
    pa->netmask = dup_sockaddr(a.netmask);
    pa->broadaddr = dup_sockaddr(a.broadaddr);
    pa->dstaddr = dup_sockaddr(a.dstaddr);
  }
}

}  // namespace

extern "C" {

void pcap_freealldevs(pcap_if_t* alldevs) {
  while (alldevs != nullptr) {
    pcap_if_t* next = alldevs->next;
    for (pcap_addr_t* a = alldevs->addresses; a != nullptr;) {
      pcap_addr_t* an = a->next;
      std::free(a->addr);
      std::free(a->netmask);
      std::free(a->broadaddr);
      std::free(a->dstaddr);
      std::free(a);
      a = an;
    }
    std::free(alldevs->name);
    std::free(alldevs->description);
    std::free(alldevs);
    alldevs = next;
  }
}

int pcap_findalldevs(pcap_if_t** alldevsp, char* errbuf) {
  pcap_if_t* head = nullptr;
  int rc = guarded(PCAP_ERROR, errbuf, [&] {
    auto devs = wpcap::live::list_devices();
    if (!devs) {
      wpcap::copy_errbuf(errbuf, devs.status().message());
      return PCAP_ERROR;
    }
    pcap_if_t** tail = &head;
    for (const auto& d : devs.value()) append_device(d, &tail);
    return 0;
  });
  if (rc != 0) {
    pcap_freealldevs(head);
    head = nullptr;
  }
  *alldevsp = head;
  return rc;
}

char* pcap_lookupdev(char* errbuf) {
  static thread_local char device[IF_NAMESIZE + 1];
  return guarded<char*>(nullptr, errbuf, [&]() -> char* {
    if (wpcap::library_state().initialized) {
      wpcap::copy_errbuf(errbuf, "pcap_lookupdev() is deprecated and is not supported in programs calling pcap_init()");
      return nullptr;
    }
    auto devs = wpcap::live::list_devices();
    if (!devs) {
      wpcap::copy_errbuf(errbuf, devs.status().message());
      return nullptr;
    }
    const auto& list = devs.value();
    if (list.empty() || (list.front().flags & PCAP_IF_LOOPBACK) != 0) {
      wpcap::copy_errbuf(errbuf, "no suitable device found");
      return nullptr;
    }
    std::snprintf(device, sizeof device, "%s", list.front().name.c_str());
    return device;
  });
}

int pcap_lookupnet(const char* device, bpf_u_int32* netp, bpf_u_int32* maskp, char* errbuf) {
  return guarded(PCAP_ERROR, errbuf, [&] {
    if (device == nullptr || std::strcmp(device, "any") == 0 || std::strstr(device, "bluetooth") != nullptr ||
        std::strstr(device, "usbmon") != nullptr) {
      *netp = *maskp = 0;
      return 0;
    }
    auto net = wpcap::live::ipv4_network(device);
    if (!net) {
      wpcap::copy_errbuf(errbuf, net.status().message());
      return PCAP_ERROR;
    }
    *netp = net.value().net;
    *maskp = net.value().mask;
    return 0;
  });
}

}  // extern "C"
