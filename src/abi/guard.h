// guard.h - the one way C entry points call into the C++ core.
//
// guarded(on_error, errbuf, fn) runs fn and turns any escaping exception
// (in practice std::bad_alloc) into on_error plus an errbuf message, so no
// exception ever crosses into C. Also: handle checks shared by entry points.
#pragma once

#include <pcap/pcap.h>

#include <new>
#include <utility>

#include "core/errbuf.h"
#include "core/handle.h"
#include "core/result.h"

namespace wpcap::abi {

template <typename R, typename F>
R guarded(R on_error, char* errbuf, F&& fn) noexcept {
  try {
    return std::forward<F>(fn)();
  } catch (const std::bad_alloc&) {
    set_errbuf(errbuf, "out of memory");
  } catch (...) {
    set_errbuf(errbuf, "internal error in wpcap");
  }
  return on_error;
}

// Handle-taking entry points: errors go to the handle's errbuf.
template <typename R, typename F>
R guarded(R on_error, pcap_t* p, F&& fn) noexcept {
  return guarded(on_error, p != nullptr ? p->errbuf : nullptr, std::forward<F>(fn));
}

// libpcap's text for operations on a handle that is not activated yet.
inline int not_activated(pcap_t* p) {
  return p->fail(PCAP_ERROR_NOT_ACTIVATED, "This handle hasn't been activated yet");
}

// libpcap's text for setters called after activation (note the double space).
inline int already_activated(pcap_t* p) {
  return p->fail(PCAP_ERROR_ACTIVATED, "can't perform  operation on activated capture");
}

// Status -> C return code, message into the handle's errbuf.
inline int status_code(pcap_t* p, const Status& s) {
  if (!s.is_ok()) p->set_error(s.message());
  return s.code();
}

}  // namespace wpcap::abi
