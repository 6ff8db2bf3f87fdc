// send_queue.cc - Npcap send-queue memory: alloc, append, walk.
#include "npcap/send_queue.h"

#include <cstdlib>
#include <cstring>

namespace wpcap::npcap {

pcap_send_queue* queue_alloc(u_int memsize) {
  auto* q = static_cast<pcap_send_queue*>(std::malloc(sizeof(pcap_send_queue)));
  if (q == nullptr) return nullptr;
  q->buffer = static_cast<char*>(std::malloc(memsize == 0 ? 1 : memsize));
  if (q->buffer == nullptr) {
    std::free(q);
    return nullptr;
  }
  q->maxlen = memsize;
  q->len = 0;
  return q;
}

void queue_destroy(pcap_send_queue* q) {
  if (q == nullptr) return;
  std::free(q->buffer);
  std::free(q);
}

int queue_append(pcap_send_queue* q, const pcap_pkthdr* hdr, const u_char* data) {
  uint64_t need = uint64_t{q->len} + kSendRecordHeader + hdr->caplen;
  if (need > q->maxlen) return -1;
  uint32_t fields[4] = {static_cast<uint32_t>(hdr->ts.tv_sec), static_cast<uint32_t>(hdr->ts.tv_usec),
                        hdr->caplen, hdr->len};
  std::memcpy(q->buffer + q->len, fields, sizeof fields);
  if (hdr->caplen != 0) std::memcpy(q->buffer + q->len + kSendRecordHeader, data, hdr->caplen);
  q->len = static_cast<u_int>(need);
  return 0;
}

std::optional<SendRecord> next_record(const pcap_send_queue& q, size_t* offset) {
  if (*offset + kSendRecordHeader > q.len) return std::nullopt;
  uint32_t fields[4];
  std::memcpy(fields, q.buffer + *offset, sizeof fields);
  if (*offset + kSendRecordHeader + fields[2] > q.len) return std::nullopt;
  SendRecord r{fields[0], fields[1], fields[2], fields[3],
               reinterpret_cast<const u_char*>(q.buffer + *offset + kSendRecordHeader)};
  *offset += kSendRecordHeader + fields[2];
  return r;
}

}  // namespace wpcap::npcap
