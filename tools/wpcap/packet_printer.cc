// tools/wpcap/packet_printer.cc - formats and writes packet summary lines.
//
// One reused line buffer per printer; one fwrite per packet. Declared in
// packet_printer.h; the decoding itself is decode.h's.
#include "packet_printer.h"

#include <charconv>
#include <span>

#include "decode.h"

namespace wpcap::tool {
namespace {

void append_number(std::string& s, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}

}  // namespace

PacketPrinter::PacketPrinter(FILE* out, int dlt, bool nano) : out_(out), dlt_(dlt), nano_(nano) {
  link_name_ = std::string(link_type_name(dlt));
  if (link_name_.empty()) {
    const char* name = pcap_datalink_val_to_name(dlt);
    link_name_ = name != nullptr ? name : "DLT_" + std::to_string(dlt);
  }
}

void PacketPrinter::print(const struct pcap_pkthdr* h, const u_char* data) {
  line_.clear();
  append_timestamp(line_, h->ts.tv_sec, static_cast<uint32_t>(h->ts.tv_usec), nano_);
  line_.push_back(' ');
  line_.append(link_name_);
  line_.push_back(' ');
  append_packet_summary(line_, dlt_, std::span<const uint8_t>(data, h->caplen));
  line_.append(", caplen ");
  append_number(line_, h->caplen);
  line_.append(" len ");
  append_number(line_, h->len);
  line_.push_back('\n');
  std::fwrite(line_.data(), 1, line_.size(), out_);
  ++packets_;
  bytes_ += h->len;
}

void PacketPrinter::print_total() const {
  std::fprintf(out_, "%llu packets, %llu bytes\n", static_cast<unsigned long long>(packets_),
               static_cast<unsigned long long>(bytes_));
}

}  // namespace wpcap::tool
