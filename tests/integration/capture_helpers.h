// capture_helpers.h - test helper (header-only): open a live handle with a
// set of options through the public C API, and collect packets (copied)
// until enough have arrived or a generous deadline passes. The deadline
// only bounds a hang; no test asserts on elapsed time.
//
// Entry points: LiveOptions, open_live(), collect(), is_test_frame().
#pragma once

#include <poll.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <pcap/pcap.h>

#include "integration/netns.h"

namespace wpcap::testing {

struct LiveOptions {
  int snaplen = 0;
  bool promisc = false;
  int timeout_ms = 10;
  bool immediate = false;
  int buffer_size = 0;
  int precision = PCAP_TSTAMP_PRECISION_MICRO;
};

// pcap_create + options + pcap_activate; *status gets pcap_activate()'s
// result. Returns nullptr (handle closed) when activation failed.
inline pcap_t* open_live(const std::string& dev, const LiveOptions& o, int* status, std::string* err = nullptr) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_create(dev.c_str(), errbuf);
  if (p == nullptr) {
    *status = PCAP_ERROR;
    if (err) *err = errbuf;
    return nullptr;
  }
  if (o.snaplen) pcap_set_snaplen(p, o.snaplen);
  pcap_set_promisc(p, o.promisc);
  pcap_set_timeout(p, o.timeout_ms);
  pcap_set_immediate_mode(p, o.immediate);
  if (o.buffer_size) pcap_set_buffer_size(p, o.buffer_size);
  pcap_set_tstamp_precision(p, o.precision);
  *status = pcap_activate(p);
  if (err) *err = pcap_geterr(p);
  if (*status < 0) {
    pcap_close(p);
    return nullptr;
  }
  return p;
}

struct Packet {
  pcap_pkthdr hdr;
  std::vector<uint8_t> data;
};

using PacketPred = std::function<bool(const Packet&)>;

// Ethernet frames carrying kTestEthertype (optionally behind one 802.1Q tag).
inline bool is_test_frame(const Packet& p) {
  const auto& d = p.data;
  if (d.size() >= 14 && d[12] == 0x88 && d[13] == 0xb5) return true;
  return d.size() >= 18 && d[12] == 0x81 && d[13] == 0x00 && d[16] == 0x88 && d[17] == 0xb5;
}

struct CollectState {
  std::vector<Packet>* out;
  const PacketPred* pred;
};

inline void collect_cb(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
  auto* st = reinterpret_cast<CollectState*>(user);
  Packet p{*h, std::vector<uint8_t>(bytes, bytes + h->caplen)};
  if (!*st->pred || (*st->pred)(p)) st->out->push_back(std::move(p));
}

// Dispatches until `want` matching packets were collected or wait_ms has
// passed; returns what was collected. Polls the selectable fd in between.
inline std::vector<Packet> collect(pcap_t* p, size_t want, PacketPred pred = is_test_frame, int wait_ms = 5000) {
  std::vector<Packet> out;
  CollectState st{&out, &pred};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  char errbuf[PCAP_ERRBUF_SIZE];
  int was_nonblock = pcap_getnonblock(p, errbuf);
  pcap_setnonblock(p, 1, errbuf);
  while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
    int n = pcap_dispatch(p, -1, collect_cb, reinterpret_cast<u_char*>(&st));
    if (n < 0) break;
    if (n == 0) {
      pollfd pfd{pcap_get_selectable_fd(p), POLLIN, 0};
      poll(&pfd, 1, 20);
    }
  }
  pcap_setnonblock(p, was_nonblock, errbuf);
  return out;
}

}  // namespace wpcap::testing
