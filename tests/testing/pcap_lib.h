// pcap_lib.h - test helper: one libpcap implementation loaded with
// dlmopen(LM_ID_NEWLM) into its own link-map namespace, so the system
// libpcap (the oracle) and ours can be called side by side in one test
// without their symbols ever mixing.
//
// Entry points: PcapLib::system(), PcapLib::ours(), PcapLib::fn<F>(name).
#pragma once

#include <pcap/pcap.h>

#include <string>

namespace wpcap::testing {

class PcapLib {
 public:
  explicit PcapLib(const std::string& path);
  ~PcapLib();
  PcapLib(const PcapLib&) = delete;
  PcapLib& operator=(const PcapLib&) = delete;

  // Debian's libpcap.so.0.8 (the oracle) and our drop-in from the build tree.
  static const PcapLib& system();
  static const PcapLib& ours();
  static std::string system_path();
  static std::string ours_path();

  bool loaded() const { return handle_ != nullptr; }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

  void* symbol(const char* name) const;
  template <typename F>
  F* fn(const char* name) const {
    return reinterpret_cast<F*>(symbol(name));
  }

 private:
  std::string path_;
  std::string error_;
  void* handle_ = nullptr;
};

}  // namespace wpcap::testing
