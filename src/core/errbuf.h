// errbuf.h - writing libpcap-style error buffers.
//
// Entry points: set_errbuf() (printf-style, bounded by PCAP_ERRBUF_SIZE),
// errno_text(). Used by src/abi/ and by capture sources that fill a
// handle's errbuf on the hot path.
#pragma once

#include <string>

namespace wpcap {

constexpr int kErrbufSize = 256;  // PCAP_ERRBUF_SIZE

// Formats into buf (kErrbufSize bytes); always NUL-terminates. NULL buf is ignored.
void set_errbuf(char* buf, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

// Copies a message into buf, truncating to kErrbufSize - 1 bytes.
void copy_errbuf(char* buf, const std::string& message);

// "<prefix>: <strerror(err)>" as libpcap's pcapint_fmt_errmsg_for_errno writes it.
std::string errno_message(int err, const std::string& prefix);

// printf into a std::string (bounded; long results are truncated at 4 KiB).
std::string str_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace wpcap
