// result.h - Status and Result<T>: how the C++ core reports errors.
//
// Nothing below src/abi/ throws on purpose; functions return a Status (a
// libpcap status code plus message) or a Result<T> (a value or a Status).
// src/abi/ converts these into return codes and errbuf text.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace wpcap {

// A libpcap status code (0, PCAP_ERROR_*, PCAP_WARNING_*) and its message.
class Status {
 public:
  Status() = default;
  Status(int code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(-1, std::move(message)); }

  bool is_ok() const { return code_ == 0; }
  bool is_error() const { return code_ < 0; }
  bool is_warning() const { return code_ > 0; }
  int code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  int code_ = 0;
  std::string message_;
};

// Either a value or a non-ok Status; shaped like std::expected (not in GCC 12).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT(implicit)
  Result(Status status) : v_(std::move(status)) {}     // NOLINT(implicit)

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Status& status() const { return std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace wpcap
