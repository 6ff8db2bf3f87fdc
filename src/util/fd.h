// fd.h - Fd, a move-only owner of one file descriptor.
//
// Entry points: Fd (closes on destruction), Fd::adopt(), release(), reset(),
// and the named constructors Fd::socket() / Fd::eventfd() that return the
// errno of a failed call instead of throwing. Header-only; used by capture
// sources (packet sockets, eventfds) and by anything else holding an fd.
#pragma once

#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace wpcap::util {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }

  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }

  static Fd adopt(int fd) { return Fd(fd); }

  // socket(2); on failure the Fd is invalid and *err holds errno.
  static Fd socket(int domain, int type, int protocol, int* err) {
    int fd = ::socket(domain, type | SOCK_CLOEXEC, protocol);
    if (err != nullptr) *err = fd < 0 ? errno : 0;
    return Fd(fd);
  }

  // eventfd(2) with EFD_CLOEXEC added; on failure *err holds errno.
  static Fd eventfd(unsigned initial, int flags, int* err) {
    int fd = ::eventfd(initial, flags | EFD_CLOEXEC);
    if (err != nullptr) *err = fd < 0 ? errno : 0;
    return Fd(fd);
  }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  explicit operator bool() const { return valid(); }

  int release() { return std::exchange(fd_, -1); }

  // Closes the owned descriptor (if any) and takes fd. Preserves errno so
  // cleanup on an error path does not clobber the error being reported.
  void reset(int fd = -1) {
    if (fd_ >= 0) {
      int saved = errno;
      ::close(fd_);
      errno = saved;
    }
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace wpcap::util
