// bpf_oracle.h - the system libpcap's BPF entry points, loaded with
// dlmopen(LM_ID_NEWLM) so they never meet our own symbols.
//
// Entry point: Oracle::get() (nullptr-safe: available() says whether the
// system library loaded). dump_text() captures what its bpf_dump prints.
// Used by tests/bpf, tests/differential/bpf_* and bench/bench_bpf_filter.
#pragma once

#include <dlfcn.h>
#include <pcap/pcap.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace wpcap::testing {

class BpfOracle {
 public:
  static constexpr const char* kPath = "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8";

  static BpfOracle& get() {
    static BpfOracle* oracle = new BpfOracle();
    return *oracle;
  }

  bool available() const { return handle_ != nullptr; }
  const std::string& error() const { return error_; }

  u_int (*filter)(const bpf_insn*, const u_char*, u_int, u_int) = nullptr;
  int (*validate)(const bpf_insn*, int) = nullptr;
  char* (*image)(const bpf_insn*, int) = nullptr;
  void (*dump)(const bpf_program*, int) = nullptr;
  int (*offline_filter)(const bpf_program*, const pcap_pkthdr*, const u_char*) = nullptr;
  pcap_t* (*open_dead)(int, int) = nullptr;
  int (*compile)(pcap_t*, bpf_program*, const char*, int, bpf_u_int32) = nullptr;
  void (*freecode)(bpf_program*) = nullptr;
  void (*close)(pcap_t*) = nullptr;
  char* (*geterr)(pcap_t*) = nullptr;

  // What the oracle's bpf_dump(prog, option) writes to stdout.
  std::string dump_text(const bpf_program& prog, int option) const {
    fflush(stdout);
    const int saved = dup(1);
    const int fd = memfd_create("bpf_dump", 0);
    dup2(fd, 1);
    dump(&prog, option);
    fflush_(nullptr);
    dup2(saved, 1);
    ::close(saved);
    std::string out;
    char buf[4096];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    ::close(fd);
    return out;
  }

  // Compiles `expr` for `dlt` with the oracle's pcap_compile; false on error.
  bool compile_expr(const char* expr, int dlt, int snaplen, bool optimize, bpf_program* out,
                    std::string* err = nullptr) const {
    pcap_t* p = open_dead(dlt, snaplen);
    if (p == nullptr) return false;
    const bool ok = compile(p, out, expr, optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN) == 0;
    if (!ok && err != nullptr) *err = geterr(p);
    close(p);
    return ok;
  }

 private:
  BpfOracle() {
    handle_ = dlmopen(LM_ID_NEWLM, kPath, RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
      const char* e = dlerror();
      error_ = e != nullptr ? e : "dlmopen failed";
      return;
    }
    bind(filter, "bpf_filter");
    bind(validate, "bpf_validate");
    bind(image, "bpf_image");
    bind(dump, "bpf_dump");
    bind(offline_filter, "pcap_offline_filter");
    bind(open_dead, "pcap_open_dead");
    bind(compile, "pcap_compile");
    bind(freecode, "pcap_freecode");
    bind(close, "pcap_close");
    bind(geterr, "pcap_geterr");
    bind(fflush_, "fflush");  // the oracle namespace's own libc
    if (!error_.empty()) handle_ = nullptr;
  }

  template <typename F>
  void bind(F& fn, const char* name) {
    fn = reinterpret_cast<F>(dlsym(handle_, name));
    if (fn == nullptr) error_ += std::string("missing ") + name + "; ";
  }

  void* handle_ = nullptr;
  std::string error_;
  int (*fflush_)(FILE*) = nullptr;
};

}  // namespace wpcap::testing
