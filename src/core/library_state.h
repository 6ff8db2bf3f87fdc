// library_state.h - process-wide settings made by pcap_init(): character
// encoding of strings, 32-bit buffer mappings, and whether the program uses
// the new API (which retires pcap_lookupdev()). Atomic; set once, read often.
#pragma once

namespace wpcap {

struct LibraryState {
  bool initialized = false;
  bool utf8 = false;
  bool mmap_32bit = false;  // PCAP_MMAP_32BIT: map rings below 4 GiB
};

LibraryState library_state();

// Applies pcap_init(opts); returns false and fills errbuf on bad options.
bool library_init(unsigned opts, char* errbuf);

}  // namespace wpcap
