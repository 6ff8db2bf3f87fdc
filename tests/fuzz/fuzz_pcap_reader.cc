// fuzz_pcap_reader.cc - libFuzzer target for the classic pcap reader
// (src/capture/savefile/pcap_reader.cc) behind the savefile opener.
// Seeds: tests/fuzz/corpus/fuzz_pcap_reader/.
#include "fuzz_savefile_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wpcap::fuzz::fuzz_savefile(data, size);
  return 0;
}
