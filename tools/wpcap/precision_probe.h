// tools/wpcap/precision_probe.h - does a savefile carry nanosecond times?
//
// libpcap hands out times in the precision the caller asks for and never
// says what the file holds, so `wpcap read` looks at the file's first bytes:
// probe_precision() reads a pcap magic or a pcapng SHB + first IDB's
// if_tsresol, asking for more bytes while it cannot decide yet.
#ifndef WPCAP_TOOLS_WPCAP_PRECISION_PROBE_H
#define WPCAP_TOOLS_WPCAP_PRECISION_PROBE_H

#include <cstddef>
#include <cstdint>
#include <span>

namespace wpcap::tool {

struct PrecisionProbe {
  bool decided = false;  // false: call again with at least `need` bytes
  bool nano = false;     // finer than microseconds (pcap NSEC magic, pcapng tsresol > 10^6)
  size_t need = 0;       // total head size wanted when !decided
};

// Largest head probe_precision() will ask for; past that it decides "micro".
inline constexpr size_t kMaxProbeBytes = 1 << 20;

// `head` is the start of the file; `at_eof` says no more bytes will come.
PrecisionProbe probe_precision(std::span<const uint8_t> head, bool at_eof);

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_PRECISION_PROBE_H
