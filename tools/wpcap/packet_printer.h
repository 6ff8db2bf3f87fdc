// tools/wpcap/packet_printer.h - the one-line-per-packet output of `wpcap`.
//
// PacketPrinter formats "TIME LINK SUMMARY, caplen C len L" lines (decode.h)
// for one link type and precision, keeps the totals, and prints the final
// "N packets, M bytes" line. PacketPrinter::handler() plugs into pcap_loop /
// pcap_dispatch; `read` uses it, and live capture commands can too.
#ifndef WPCAP_TOOLS_WPCAP_PACKET_PRINTER_H
#define WPCAP_TOOLS_WPCAP_PACKET_PRINTER_H

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace wpcap::tool {

class PacketPrinter {
 public:
  // The link type is named by the decoder, else by pcap_datalink_val_to_name.
  PacketPrinter(FILE* out, int dlt, bool nano);

  void print(const struct pcap_pkthdr* h, const u_char* data);
  void print_total() const;

  uint64_t packets() const { return packets_; }
  uint64_t bytes() const { return bytes_; }

  // pcap_handler; pass the PacketPrinter* as the user argument.
  static void handler(u_char* user, const struct pcap_pkthdr* h, const u_char* data) {
    reinterpret_cast<PacketPrinter*>(user)->print(h, data);
  }

 private:
  FILE* out_;
  int dlt_;
  bool nano_;
  std::string link_name_;
  std::string line_;  // reused for every packet
  uint64_t packets_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_PACKET_PRINTER_H
