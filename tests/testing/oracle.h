// oracle.h - test helper: run a probe against one libpcap implementation
// in a child process and collect its transcript, so the system libpcap
// (the oracle) and ours can be compared and a crash in either stays a test
// failure instead of killing the test binary.
//
// Entry points: run_isolated(fn) (fork; fn's string comes back through a
// pipe), run_command() (fork/exec with extra environment, stdin from a file),
// ChildLib (dlopen with RTLD_DEEPBIND inside such a child: one libpcap per
// process, no second libc as dlmopen would bring).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace wpcap::testing {

// A libpcap loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND); meant for a
// child of run_isolated(), where it is the only libpcap. Same fn<F>()
// shape as testing::PcapLib.
class ChildLib {
 public:
  explicit ChildLib(const std::string& path);
  ~ChildLib();
  ChildLib(const ChildLib&) = delete;
  ChildLib& operator=(const ChildLib&) = delete;
  bool loaded() const { return handle_ != nullptr; }
  const std::string& error() const { return error_; }
  void* symbol(const char* name) const;
  template <typename F>
  F* fn(const char* name) const {
    return reinterpret_cast<F*>(symbol(name));
  }

 private:
  void* handle_ = nullptr;
  std::string error_;
};

struct ProbeResult {
  std::string output;
  int exit_code = -1;   // child's exit status, -1 if it did not exit normally
  int signal = 0;       // signal that killed it, 0 if none
  bool timed_out = false;
  std::string describe() const;  // "exit 0", "killed by signal 11", ...
};

// Runs fn in a forked child (which may dlmopen libraries); returns what fn
// returned. The child is killed after timeout_s seconds.
ProbeResult run_isolated(const std::function<std::string()>& fn, int timeout_s = 120);

// A probe that runs in a fresh process: the test binary re-executes itself
// with --gtest_filter=WpcapProbe.Child, which looks the probe up by name
// and hands it args. Unlike run_isolated() (fork), the child inherits no
// library state of the parent (dlmopen namespaces, static TLS, threads).
using ProbeFn = std::string (*)(const std::vector<std::string>& args);
bool register_probe(const char* name, ProbeFn fn);  // call from a static initializer
ProbeResult run_probe_process(const std::string& name, const std::vector<std::string>& args, int timeout_s = 600,
                              const std::vector<std::string>& extra_env = {});

// Runs argv with env entries ("K=V") added; stdin from stdin_path (empty =
// /dev/null); stdout captured (stderr too if merge_stderr).
ProbeResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                        const std::string& stdin_path = "", bool merge_stderr = false, int timeout_s = 120);

}  // namespace wpcap::testing
