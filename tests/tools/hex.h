// tests/tools/hex.h - test helper: bytes from readable hex text.
//
// from_hex("0800 4500") ignores spaces, '|' separators and newlines, so
// fixtures can be written header by header. Entry point: from_hex().
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace wpcap::tool::fixtures {

inline std::vector<uint8_t> from_hex(std::string_view text) {
  std::vector<uint8_t> out;
  int nibble = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else continue;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<uint8_t>(nibble << 4 | v));
      nibble = -1;
    }
  }
  return out;
}

}  // namespace wpcap::tool::fixtures
