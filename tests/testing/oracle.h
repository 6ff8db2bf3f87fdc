// oracle.h - test helper: run a probe against one libpcap implementation
// in a child process and collect its transcript, so the system libpcap
// (the oracle) and ours can be compared and a crash in either stays a test
// failure instead of killing the test binary.
//
// Entry points: run_isolated(fn) (fork; fn's string comes back through a
// pipe), run_command() (fork/exec with extra environment, stdin from a file).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace wpcap::testing {

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

// Runs argv with env entries ("K=V") added; stdin from stdin_path (empty =
// /dev/null); stdout captured (stderr too if merge_stderr).
ProbeResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                        const std::string& stdin_path = "", bool merge_stderr = false, int timeout_s = 120);

}  // namespace wpcap::testing
