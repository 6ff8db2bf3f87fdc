// client_runner.h - test helper: run a real client program (Debian's
// tcpdump) once on the system libpcap and once on our libpcap.so.0.8
// (LD_LIBRARY_PATH at the build dir), capturing stdout, stderr and the exit
// status; plus a tiny fixed-size worker pool to run many cases in parallel.
//
// Entry points: run_client(argv, ours), run_parallel(n, fn), ClientRun.
// Header-only: only *_test.cc files of this directory are compiled.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "testing/savefile_builder.h"

extern char** environ;

namespace wpcap::testing {

inline const char* tcpdump_path() { return "/usr/bin/tcpdump"; }

inline std::string our_lib_dir() { return WPCAP_TEST_BUILD_DIR; }

inline bool clients_available(std::string* why) {
  if (access(tcpdump_path(), X_OK) != 0) {
    *why = "tcpdump is not installed";
    return false;
  }
  if (access((our_lib_dir() + "/libpcap.so.0.8").c_str(), R_OK) != 0) {
    *why = "libpcap.so.0.8 is not built";
    return false;
  }
  return true;
}

struct ClientRun {
  std::string out;   // stdout
  std::string err;   // stderr
  int status = -1;   // exit code; 128+signal when killed; -1 if it did not run
  bool operator==(const ClientRun& o) const { return out == o.out && err == o.err && status == o.status; }
  std::string describe() const {
    return "exit " + std::to_string(status) + "\n[stdout]\n" + out + "[stderr]\n" + err;
  }
};

namespace client_detail {

inline std::string slurp_and_remove(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  unlink(path.c_str());
  return s;
}

// The environment for the child: ours or not, always TZ=UTC and the C locale.
inline std::vector<std::string> child_env(bool ours) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string kv = *e;
    if (kv.rfind("LD_LIBRARY_PATH=", 0) == 0 || kv.rfind("LD_PRELOAD=", 0) == 0 || kv.rfind("TZ=", 0) == 0 ||
        kv.rfind("LC_", 0) == 0 || kv.rfind("LANG=", 0) == 0) {
      continue;
    }
    env.push_back(kv);
  }
  env.push_back("TZ=UTC");
  env.push_back("LC_ALL=C");
  if (ours) env.push_back("LD_LIBRARY_PATH=" + our_lib_dir());
  return env;
}

}  // namespace client_detail

// Runs argv (argv[0] a full path) under `timeout`, so a hung client becomes
// a failed case instead of a hung test. Thread-safe (posix_spawn, no shared
// pipes: output goes to per-call files).
inline ClientRun run_client(const std::vector<std::string>& argv, bool ours) {
  static std::atomic<unsigned> counter{0};
  static const std::string dir = temp_dir();
  const std::string base = dir + "/run-" + std::to_string(counter++);
  const std::string out_path = base + ".out", err_path = base + ".err";

  std::vector<std::string> full = {"/usr/bin/timeout", "-s", "KILL", "60"};
  full.insert(full.end(), argv.begin(), argv.end());
  std::vector<char*> args;
  for (std::string& a : full) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<std::string> env = client_detail::child_env(ours);
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ClientRun r;
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    r.err = std::string("posix_spawn: ") + std::strerror(rc);
    return r;
  }
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
  r.out = client_detail::slurp_and_remove(out_path);
  r.err = client_detail::slurp_and_remove(err_path);
  return r;
}

inline std::vector<std::string> tcpdump_argv(std::vector<std::string> args) {
  args.insert(args.begin(), tcpdump_path());
  return args;
}

// Calls fn(i) for i in [0, n) on `workers` threads (the machine is small and
// shared: two is plenty, the children do the work).
inline void run_parallel(size_t n, const std::function<void(size_t)>& fn, unsigned workers = 2) {
  std::atomic<size_t> next{0};
  auto loop = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(loop);
  loop();
  for (std::thread& t : pool) t.join();
}

}  // namespace wpcap::testing
