// fuzz_pcapng_reader.cc - libFuzzer target for the pcapng reader
// (src/capture/savefile/pcapng_reader.cc) behind the savefile opener.
// Seeds: tests/fuzz/corpus/fuzz_pcapng_reader/.
#include <cstring>
#include <vector>

#include "fuzz_savefile_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Keep the fuzzer on pcapng: the first word is always the SHB type.
  std::vector<uint8_t> input(data, data + size);
  static const uint8_t kShb[4] = {0x0a, 0x0d, 0x0d, 0x0a};
  if (input.size() >= 4) std::memcpy(input.data(), kShb, 4);
  wpcap::fuzz::fuzz_savefile(input.data(), input.size());
  return 0;
}
