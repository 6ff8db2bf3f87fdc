// send_queue.h - Npcap send queues in memory: allocation and appending of
// records laid out as Npcap does (a 16-byte header of 32-bit ts_sec,
// ts_usec, caplen, len, then caplen bytes, no padding). Transmission is the
// capture source's job (CaptureSource::transmit_queue) and walks records
// with next_record().
#pragma once

#include <pcap/pcap.h>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace wpcap::npcap {

constexpr size_t kSendRecordHeader = 16;

struct SendRecord {
  uint32_t ts_sec;
  uint32_t ts_usec;
  uint32_t caplen;
  uint32_t len;
  const u_char* data;
};

pcap_send_queue* queue_alloc(u_int memsize);
void queue_destroy(pcap_send_queue* q);
// 0 on success; -1 (queue untouched) if the record does not fit.
int queue_append(pcap_send_queue* q, const pcap_pkthdr* hdr, const u_char* data);

// The record at *offset, advancing it; nullopt at the end or on a record
// that does not fit the queue (the caller reports which).
std::optional<SendRecord> next_record(const pcap_send_queue& q, size_t* offset);

}  // namespace wpcap::npcap
