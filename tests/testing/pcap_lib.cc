// pcap_lib.cc - dlmopen-based loader for side-by-side libpcap tests.
#include "testing/pcap_lib.h"

#include <dlfcn.h>

#include <cstdlib>

namespace wpcap::testing {

PcapLib::PcapLib(const std::string& path) : path_(path) {
  handle_ = dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* e = dlerror();
    error_ = e != nullptr ? e : "dlmopen failed";
  }
}

PcapLib::~PcapLib() {
  // Namespaces are few and process-lifetime; unloading libc copies is risky.
}

void* PcapLib::symbol(const char* name) const {
  if (handle_ == nullptr) return nullptr;
  return dlsym(handle_, name);
}

std::string PcapLib::system_path() {
  const char* env = std::getenv("WPCAP_ORACLE_LIB");
  return env != nullptr ? env : "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8";
}

std::string PcapLib::ours_path() {
  const char* env = std::getenv("WPCAP_OUR_LIB");
  return env != nullptr ? env : std::string(WPCAP_TEST_BUILD_DIR) + "/libpcap.so.0.8";
}

const PcapLib& PcapLib::system() {
  static PcapLib* lib = new PcapLib(system_path());
  return *lib;
}

const PcapLib& PcapLib::ours() {
  static PcapLib* lib = new PcapLib(ours_path());
  return *lib;
}

}  // namespace wpcap::testing
