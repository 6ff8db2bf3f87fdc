// library_state.cc - pcap_init() options, held process-wide under a mutex.
#include "core/library_state.h"

#include <mutex>

#include "core/errbuf.h"

namespace wpcap {
namespace {

std::mutex g_mu;
LibraryState g_state;

constexpr unsigned kCharEncLocal = 0x0;
constexpr unsigned kCharEncUtf8 = 0x1;
constexpr unsigned kMmap32Bit = 0x2;

}  // namespace

LibraryState library_state() {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_state;
}

bool library_init(unsigned opts, char* errbuf) {
  std::lock_guard<std::mutex> lock(g_mu);
  switch (opts) {
    case kCharEncLocal:
    case kCharEncUtf8: {
      bool utf8 = opts == kCharEncUtf8;
      if (g_state.initialized && g_state.utf8 != utf8) {
        set_errbuf(errbuf, "Multiple pcap_init calls with different character encodings");
        return false;
      }
      g_state.utf8 = utf8;
      break;
    }
    case kMmap32Bit:
      g_state.mmap_32bit = true;
      break;
    default:
      set_errbuf(errbuf, "Unknown options specified");
      return false;
  }
  g_state.initialized = true;
  return true;
}

}  // namespace wpcap
