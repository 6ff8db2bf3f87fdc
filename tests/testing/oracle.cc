// oracle.cc - fork/pipe plumbing for probes run in child processes.
#include "testing/oracle.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <ctime>

namespace wpcap::testing {
namespace {

void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

// Reads the pipe until EOF or timeout, then reaps the child.
ProbeResult collect(pid_t pid, int fd, int timeout_s) {
  ProbeResult r;
  const time_t deadline = time(nullptr) + timeout_s;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int left = static_cast<int>(deadline - time(nullptr));
    if (left <= 0) {
      r.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    int pr = poll(&p, 1, left * 1000);
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) continue;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.output.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

}  // namespace

ChildLib::ChildLib(const std::string& path) {
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (handle_ == nullptr) {
    const char* e = dlerror();
    error_ = e != nullptr ? e : "dlopen failed";
  }
}

ChildLib::~ChildLib() = default;  // the child process exits soon; keep it mapped

void* ChildLib::symbol(const char* name) const { return handle_ != nullptr ? dlsym(handle_, name) : nullptr; }

std::string ProbeResult::describe() const {
  if (timed_out) return "timed out";
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  return "exit " + std::to_string(exit_code);
}

ProbeResult run_isolated(const std::function<std::string()>& fn, int timeout_s) {
  int fds[2];
  if (pipe(fds) != 0) return ProbeResult{};
  fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) return ProbeResult{};
  if (pid == 0) {
    close(fds[0]);
    std::string out = fn();
    write_all(fds[1], out);
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  return collect(pid, fds[0], timeout_s);
}

ProbeResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                        const std::string& stdin_path, bool merge_stderr, int timeout_s) {
  int fds[2];
  if (argv.empty() || pipe(fds) != 0) return ProbeResult{};
  fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) return ProbeResult{};
  if (pid == 0) {
    close(fds[0]);
    int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
    if (in >= 0) dup2(in, 0);
    dup2(fds[1], 1);
    if (merge_stderr) dup2(fds[1], 2);
    for (const std::string& e : env) putenv(strdup(e.c_str()));
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  return collect(pid, fds[0], timeout_s);
}

}  // namespace wpcap::testing
