// tests/tools/fuzz_tool_decode.cc - libFuzzer target for the `wpcap read`
// parsers of untrusted bytes: decode.h (per link type) and precision_probe.h.
//
// Byte 0 picks the parser: 0xff -> probe_precision(rest, at_eof from byte 1),
// otherwise append_packet_summary() under one of the decoder's link types.
// The rest is copied to an exactly-sized buffer so ASan sees any overread.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>

#include "decode.h"
#include "precision_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int kDlts[] = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147};
  if (size < 1) return 0;
  size_t n = size - 1;
  std::unique_ptr<uint8_t[]> exact(new uint8_t[n == 0 ? 1 : n]);
  if (n != 0) std::memcpy(exact.get(), data + 1, n);
  if (data[0] == 0xff) {
    wpcap::tool::probe_precision({exact.get(), n}, n > 0 && (exact[0] & 1));
    return 0;
  }
  std::string out;
  wpcap::tool::append_packet_summary(out, kDlts[data[0] % std::size(kDlts)], {exact.get(), n});
  return 0;
}
