// errbuf.cc - bounded formatting of error texts into errbufs and strings.
#include "core/errbuf.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace wpcap {

void set_errbuf(char* buf, const char* fmt, ...) {
  if (buf == nullptr) return;
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, kErrbufSize, fmt, ap);
  va_end(ap);
}

void copy_errbuf(char* buf, const std::string& message) {
  if (buf == nullptr) return;
  std::snprintf(buf, kErrbufSize, "%s", message.c_str());
}

std::string errno_message(int err, const std::string& prefix) {
  char tmp[128];
  const char* text = strerror_r(err, tmp, sizeof tmp);  // GNU variant
  return prefix + ": " + text;
}

std::string str_printf(const char* fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return std::string(buf);
}

}  // namespace wpcap
