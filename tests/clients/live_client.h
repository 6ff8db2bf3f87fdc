// live_client.h - test helper (header-only) for the real-client live tests:
// runs an unchanged client (tcpdump, dumpcap, tshark, tcpreplay, nmap) in a
// namespace on either libpcap.so.0.8 -- the system one or ours through
// LD_LIBRARY_PATH -- under `timeout`, and compares what the two runs print.
//
// Entry points: Lib, Outcome, ClientRun, run_client(), client_path(),
// CLIENT_OR_SKIP, ScratchDir, same_text(), mask_numbers_after(),
// packet_lines(), read_back(), expect_same_listing(), resolved_libpcap().
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace wpcap::testing::live {

// Which libpcap.so.0.8 a client runs on.
enum class Lib { kSystem, kOurs };

inline const char* lib_name(Lib lib) { return lib == Lib::kSystem ? "system libpcap" : "wpcap"; }

inline std::string build_dir() { return WPCAP_TEST_BUILD_DIR; }
inline std::string our_library() { return build_dir() + "/libpcap.so.0.8"; }

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  return lines;
}

// Absolute path of a client program, or "" when it is not installed.
inline std::string client_path(const std::string& name) {
  for (const char* dir : {"/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"}) {
    std::string p = std::string(dir) + name;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

// A scratch directory, removed at the end unless the test failed (then
// its path is printed so the client outputs can be read).
// What one run of a client gave: exit status, whether it said it had
// started capturing (tcpdump's "listening on", ...), stdout and stderr.
struct Outcome {
  int status = -1;
  bool started = false;
  std::string out, err;
};

class ScratchDir {
 public:
  ScratchDir() {
    char tmpl[] = "/tmp/wpcap-cl-XXXXXX";
    if (mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    if (::testing::Test::HasFailure()) {
      std::fprintf(stderr, "[client outputs kept in %s]\n", path_.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  bool ok() const { return !path_.empty(); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

#define CLIENT_OR_SKIP(name) \
  if (::wpcap::testing::live::client_path(name).empty()) GTEST_SKIP() << name " is not installed"

// One client process (ns "" = in the test's own namespace): `ip netns exec NS env [-u|LD_LIBRARY_PATH=..]
// timeout -s INT -k 5 LIMIT client args...`, stdout and stderr to files.
// The destructor kills the whole process group if it still runs.
class ClientRun {
 public:
  ClientRun(const std::string& ns, Lib lib, const std::vector<std::string>& argv, const std::string& out_path,
            const std::string& err_path, int limit_s = 30)
      : out_path_(out_path), err_path_(err_path) {
    std::vector<std::string> full = {"env"};
    if (!ns.empty()) full = {"ip", "netns", "exec", ns, "env"};
    if (lib == Lib::kOurs) {
      full.push_back("LD_LIBRARY_PATH=" + build_dir());
    } else {
      full.insert(full.end(), {"-u", "LD_LIBRARY_PATH"});
    }
    full.insert(full.end(), {"timeout", "-s", "INT", "-k", "5", std::to_string(limit_s)});
    full.insert(full.end(), argv.begin(), argv.end());
    spawn(full);
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(limit_s + 15);
  }
  ~ClientRun() {
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  ClientRun(const ClientRun&) = delete;
  ClientRun& operator=(const ClientRun&) = delete;

  bool started() const { return pid_ > 0 || status_ >= 0; }

  // Polls stderr (or stdout) until `text` shows up, the client exits, or
  // wait_s passes. True if the text was seen.
  bool wait_for(const std::string& text, int wait_s = 20, bool in_stdout = false) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
    while (std::chrono::steady_clock::now() < until) {
      if (read_text(in_stdout ? out_path_ : err_path_).find(text) != std::string::npos) return true;
      if (!running()) return read_text(in_stdout ? out_path_ : err_path_).find(text) != std::string::npos;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Waits for the exit (bounded by the limit given at start, plus grace);
  // returns the exit status (124 = timeout's limit hit), -1 if killed here.
  int wait() {
    while (running()) {
      if (std::chrono::steady_clock::now() > deadline_) {
        kill(-pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
        status_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return status_;
  }

  // Sends SIGINT to the client (through timeout's process group).
  void interrupt() {
    if (pid_ > 0) kill(-pid_, SIGINT);
  }

  std::string out() const { return read_text(out_path_); }
  std::string err() const { return read_text(err_path_); }

 private:
  void spawn(const std::vector<std::string>& argv) {
    int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
      setpgid(0, 0);
      int in = open("/dev/null", O_RDONLY);
      dup2(in, 0);
      dup2(out, 1);
      dup2(err, 2);
      execvp(args[0], args.data());
      _exit(127);
    }
    if (out >= 0) close(out);
    if (err >= 0) close(err);
    if (pid > 0) setpgid(pid, pid);
    pid_ = pid;
  }

  bool running() {
    if (pid_ <= 0) return false;
    int st = 0;
    pid_t r = waitpid(pid_, &st, WNOHANG);
    if (r == 0) return true;
    status_ = (r == pid_ && WIFEXITED(st)) ? WEXITSTATUS(st) : -1;
    pid_ = -1;
    return false;
  }

  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  int status_ = -1;
  std::chrono::steady_clock::time_point deadline_;
};

// Runs a client to completion; returns its exit status.
inline int run_client(const std::string& ns, Lib lib, const std::vector<std::string>& argv,
                      const std::string& out_path, const std::string& err_path, int limit_s = 30) {
  ClientRun run(ns, lib, argv, out_path, err_path, limit_s);
  return run.wait();
}

// Compares two client outputs line by line; on a difference names the
// first differing line and a few around it (not the whole text).
inline ::testing::AssertionResult same_text(const std::string& sys, const std::string& ours) {
  if (sys == ours) return ::testing::AssertionSuccess();
  auto a = split_lines(sys), b = split_lines(ours);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  auto r = ::testing::AssertionFailure();
  r << "outputs differ (system libpcap " << a.size() << " lines, wpcap " << b.size() << " lines); first at line "
    << i + 1 << ":";
  for (size_t k = i; k < i + 4; ++k) {
    if (k < a.size()) r << "\n  system: " << a[k];
    if (k < b.size()) r << "\n  wpcap:  " << b[k];
  }
  return r;
}

// Replaces every "<word> <digits>" (e.g. an IP id the kernel picks at
// random) by "<word> N".
inline std::string mask_numbers_after(std::string text, const std::string& word) {
  std::string key = word + " ";
  for (size_t pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + 1)) {
    size_t d = pos + key.size(), e = d;
    while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e]))) ++e;
    if (e > d) text.replace(d, e - d, "N");
  }
  return text;
}

// Summary lines of tcpdump output (continuation and hex lines start with
// whitespace; the "reading from file" banner is not a packet).
inline int packet_lines(const std::string& text) {
  int n = 0;
  for (const auto& l : split_lines(text)) {
    n += !l.empty() && l[0] != '\t' && l[0] != ' ' && l.rfind("reading from", 0) != 0;
  }
  return n;
}

// A savefile as the system tcpdump (so the system libpcap) reads it:
// banner + `-nn -e -t -xx` lines (`detail` replaces -xx), the file's path
// replaced by FILE.
inline std::string read_back(const std::string& file, int* status, const std::string& detail = "-xx") {
  std::string out = file + ".read.out", err = file + ".read.err";
  *status = run_client("", Lib::kSystem, {client_path("tcpdump"), "-r", file, "-nn", "-e", "-t", detail}, out, err);
  std::string banner = read_text(err);
  if (auto pos = banner.find(file); pos != std::string::npos) banner.replace(pos, file.size(), "FILE");
  return banner + read_text(out);
}

// Runs `client args` in `ns` on both libraries (no traffic: listings and
// refusals) and expects the same exit status, stdout and stderr.
inline void expect_same_listing(const std::string& ns, const std::string& client,
                                const std::vector<std::string>& args, const ScratchDir& dir) {
  std::string out[2], err[2];
  int status[2];
  for (int i = 0; i < 2; ++i) {
    std::vector<std::string> argv = {client_path(client)};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string base = dir.file("list" + std::to_string(i));
    status[i] = run_client(ns, i == 0 ? Lib::kSystem : Lib::kOurs, argv, base + ".out", base + ".err");
    out[i] = read_text(base + ".out");
    err[i] = read_text(base + ".err");
  }
  std::string what = client;
  for (const auto& a : args) what += " " + a;
  EXPECT_FALSE(out[0].empty() && err[0].empty()) << what;
  EXPECT_EQ(status[1], status[0]) << what << ": " << err[1];
  EXPECT_TRUE(same_text(out[0], out[1])) << what << " (stdout)";
  EXPECT_TRUE(same_text(err[0], err[1])) << what << " (stderr)";
}

// Which libpcap.so.0.8 the dynamic loader picks for `client` under `lib`
// (LD_TRACE_LOADED_OBJECTS, i.e. ldd without running it).
inline std::string resolved_libpcap(const std::string& client, Lib lib) {
  std::string cmd = lib == Lib::kOurs ? "env LD_LIBRARY_PATH=" + build_dir() : std::string("env -u LD_LIBRARY_PATH");
  cmd += " LD_TRACE_LOADED_OBJECTS=1 " + client + " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) return "";
  std::string found;
  char line[512];
  while (std::fgets(line, sizeof line, f) != nullptr) {
    std::string s(line);
    auto arrow = s.find("libpcap.so.0.8 => ");
    if (arrow != std::string::npos) found = s.substr(arrow + 18, s.find(' ', arrow + 18) - (arrow + 18));
  }
  pclose(f);
  return found;
}

}  // namespace wpcap::testing::live
