// client_compare.h - test helper: the shared setup of the real-client tests
// (corpus written once per process, skip reasons) and the side-by-side
// comparison of two ClientRuns: a short first-difference summary for test
// messages and an optional full report file (WPCAP_CLIENTS_REPORT=path)
// that docs/client-findings.md is written from.
//
// Entry points: client_corpus_files(), first_difference(), Mismatches.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "clients/client_corpus.h"
#include "clients/client_runner.h"

namespace wpcap::testing {

// Removes the files written under dir (never the shipped sample) at exit.
struct CorpusCleanup {
  std::string dir;
  std::vector<std::string> paths;
  ~CorpusCleanup() {
    for (const std::string& p : paths) {
      if (p.rfind(dir + "/", 0) == 0) ::unlink(p.c_str());
    }
    if (dir.empty()) return;
    ::rmdir(dir.c_str());
    ::rmdir(temp_dir().c_str());  // only if nothing else left files there
  }
};

// The corpus, written once per process; empty with *why set on failure.
inline const std::vector<CorpusFileSpec>& client_corpus_files(std::string* why) {
  static bool ok = false;
  static CorpusCleanup cleanup;
  static const std::vector<CorpusFileSpec> files = [] {
    cleanup.dir = temp_dir() + "/clients";
    ::mkdir(cleanup.dir.c_str(), 0755);
    std::vector<CorpusFileSpec> written = write_client_corpus(cleanup.dir, &ok);
    for (const CorpusFileSpec& f : written) cleanup.paths.push_back(f.path);
    return written;
  }();
  if (!ok) *why = "could not write the client corpus";
  return files;
}

inline std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// "stdout line 3: libpcap '...' / wpcap '...'" for the first difference.
inline std::string first_difference(const ClientRun& want, const ClientRun& got) {
  std::string msg;
  if (want.status != got.status) {
    msg += "exit " + std::to_string(want.status) + " vs " + std::to_string(got.status) + "; ";
  }
  const char* names[] = {"stdout", "stderr"};
  const std::string* a[] = {&want.out, &want.err};
  const std::string* b[] = {&got.out, &got.err};
  for (int s = 0; s < 2; ++s) {
    if (*a[s] == *b[s]) continue;
    const std::vector<std::string> la = split_lines(*a[s]), lb = split_lines(*b[s]);
    size_t i = 0;
    while (i < la.size() && i < lb.size() && la[i] == lb[i]) ++i;
    msg += std::string(names[s]) + " line " + std::to_string(i + 1) + " (" + std::to_string(la.size()) +
           " vs " + std::to_string(lb.size()) + " lines): libpcap '" + (i < la.size() ? la[i] : "<end>") +
           "' / wpcap '" + (i < lb.size() ? lb[i] : "<end>") + "'; ";
  }
  return msg;
}

// Collects mismatching cases from worker threads.
class Mismatches {
 public:
  explicit Mismatches(std::string title) : title_(std::move(title)) {}

  void add(const std::string& what, const ClientRun& want, const ClientRun& got) {
    std::lock_guard<std::mutex> lock(mu_);
    ++count_;
    if (summary_.size() < 12000) summary_ += what + ": " + first_difference(want, got) + "\n";
    full_ += "### " + what + "\n--- libpcap: " + want.describe().substr(0, 4000) + "\n--- wpcap: " +
             got.describe().substr(0, 4000) + "\n";
  }
  void note(const std::string& what, const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    ++count_;
    if (summary_.size() < 12000) summary_ += what + ": " + text + "\n";
    full_ += "### " + what + "\n" + text + "\n";
  }
  size_t count() const { return count_; }
  const std::string& summary() const { return summary_; }

  // Appends the full report to $WPCAP_CLIENTS_REPORT if set.
  void write_report() const {
    const char* path = std::getenv("WPCAP_CLIENTS_REPORT");
    if (path == nullptr || *path == '\0' || count_ == 0) return;
    if (FILE* f = std::fopen(path, "a")) {
      std::fprintf(f, "## %s (%zu)\n%s\n", title_.c_str(), count_, full_.c_str());
      std::fclose(f);
    }
  }

 private:
  std::string title_;
  std::mutex mu_;
  size_t count_ = 0;
  std::string summary_, full_;
};

// Differences that are known and not fixed yet (each explained in
// docs/client-findings.md and left open in its issue). A test counts them
// apart from real mismatches and checks the list both ways: a listed case
// that starts to match fails too, so the list shrinks with the code and
// never hides a new difference.
class KnownOpen {
 public:
  explicit KnownOpen(std::vector<std::string> keys) : keys_(std::move(keys)), seen_(keys_.size(), false) {}

  // True if `key` is listed; records that it was seen differing.
  bool differs(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == key) {
        seen_[i] = true;
        ++count_;
        return true;
      }
    }
    return false;
  }
  size_t count() const { return count_; }
  // Listed keys that no longer differ.
  std::string fixed() const {
    std::string out;
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (!seen_[i]) out += "  now matches, remove from the known list: " + keys_[i] + "\n";
    }
    return out;
  }

 private:
  std::vector<std::string> keys_;
  std::vector<bool> seen_;
  size_t count_ = 0;
  std::mutex mu_;
};

}  // namespace wpcap::testing
