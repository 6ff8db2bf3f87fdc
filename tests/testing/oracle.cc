// oracle.cc - fork/pipe plumbing for probes run in child processes.
#include "testing/oracle.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>

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
  // DEEPBIND keeps the library's calls inside itself even if the test binary
  // exported pcap_* names (it does not today); sanitizer runtimes refuse it.
#if defined(__SANITIZE_ADDRESS__)
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
#else
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
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

namespace {

std::map<std::string, ProbeFn>& probes() {
  static auto* m = new std::map<std::string, ProbeFn>();
  return *m;
}

constexpr char kArgSep = '\x1f';

}  // namespace

bool register_probe(const char* name, ProbeFn fn) {
  probes()[name] = fn;
  return true;
}

ProbeResult run_probe_process(const std::string& name, const std::vector<std::string>& args, int timeout_s,
                              const std::vector<std::string>& extra_env) {
  static int counter = 0;
  const char* tmp = std::getenv("TMPDIR");
  const std::string out = std::string(tmp != nullptr ? tmp : "/tmp") + "/wpcap-probe-" + std::to_string(getpid()) +
                          "-" + std::to_string(counter++);
  std::string joined;
  for (const std::string& a : args) joined += a + kArgSep;
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return ProbeResult{};
  self[n] = 0;
  std::vector<std::string> env = {"WPCAP_PROBE=" + name, "WPCAP_PROBE_ARGS=" + joined, "WPCAP_PROBE_OUT=" + out};
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  ProbeResult r = run_command({self, "--gtest_filter=WpcapProbe.Child"}, env, "", false, timeout_s);
  std::ifstream f(out, std::ios::binary);
  r.output = std::string(std::istreambuf_iterator<char>(f), {});
  unlink(out.c_str());
  return r;
}

}  // namespace wpcap::testing

// The child side of run_probe_process(); skipped in ordinary runs.
TEST(WpcapProbe, Child) {
  const char* name = std::getenv("WPCAP_PROBE");
  if (name == nullptr) GTEST_SKIP() << "runs only as a probe child process";
  auto& reg = wpcap::testing::probes();
  auto it = reg.find(name);
  ASSERT_NE(it, reg.end()) << "unknown probe " << name;
  std::vector<std::string> args;
  std::string cur;
  for (const char* p = std::getenv("WPCAP_PROBE_ARGS"); p != nullptr && *p != 0; ++p) {
    if (*p == wpcap::testing::kArgSep) {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += *p;
    }
  }
  std::string result = it->second(args);
  std::ofstream(std::getenv("WPCAP_PROBE_OUT"), std::ios::binary) << result;
}
