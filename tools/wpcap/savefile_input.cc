// tools/wpcap/savefile_input.cc - savefile opening for `wpcap read`.
//
// A path is probed with its own descriptor, then opened by name. Standard
// input is probed in place: when seekable it is rewound and handed to
// pcap_fopen_offline*; a pipe cannot be rewound, so the probed head and the
// rest of the stream are relayed by a thread through a socketpair whose
// read end libpcap gets as an ordinary FILE*. Entry point: open_savefile().
#include "savefile_input.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "precision_probe.h"

namespace wpcap::tool {
namespace {

// Reads from `fd` until the probe decides; returns the bytes consumed.
std::vector<uint8_t> probe_stream(int fd, PrecisionProbe& probe) {
  std::vector<uint8_t> head;
  bool eof = false;
  for (probe = probe_precision(head, false); !probe.decided; probe = probe_precision(head, eof)) {
    size_t have = head.size();
    head.resize(probe.need);
    ssize_t n = 0;
    while (have < head.size() && (n = read(fd, head.data() + have, head.size() - have)) > 0) {
      have += static_cast<size_t>(n);
    }
    eof = have < head.size();
    head.resize(have);
  }
  return head;
}

bool send_all(int fd, const uint8_t* data, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, data, n, MSG_NOSIGNAL);  // reader gone: EPIPE, not SIGPIPE
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Copies `head`, then the rest of `in`, into `out`; closes `out` at the end.
void relay(std::vector<uint8_t> head, int in, int out) {
  bool ok = send_all(out, head.data(), head.size());
  std::vector<uint8_t> buf(1 << 16);
  while (ok) {
    ssize_t n = read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    ok = send_all(out, buf.data(), static_cast<size_t>(n));
  }
  close(out);
}

u_int precision_of(bool nano) { return nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO; }

void errno_message(char* errbuf, const char* what) {
  std::snprintf(errbuf, PCAP_ERRBUF_SIZE, "standard input: %s: %s", what, std::strerror(errno));
}

pcap_t* open_stdin(bool& nano, char* errbuf) {
  PrecisionProbe probe;
  off_t start = lseek(STDIN_FILENO, 0, SEEK_CUR);
  std::vector<uint8_t> head = probe_stream(STDIN_FILENO, probe);
  nano = probe.nano;
  if (start >= 0) {
    if (lseek(STDIN_FILENO, start, SEEK_SET) < 0) {
      errno_message(errbuf, "lseek");
      return nullptr;
    }
    return pcap_fopen_offline_with_tstamp_precision(stdin, precision_of(nano), errbuf);
  }
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    errno_message(errbuf, "socketpair");
    return nullptr;
  }
  FILE* fp = fdopen(fds[0], "rb");
  if (fp == nullptr) {
    errno_message(errbuf, "fdopen");
    close(fds[0]);
    close(fds[1]);
    return nullptr;
  }
  std::thread(relay, std::move(head), STDIN_FILENO, fds[1]).detach();
  pcap_t* p = pcap_fopen_offline_with_tstamp_precision(fp, precision_of(nano), errbuf);
  if (p == nullptr) std::fclose(fp);
  return p;
}

bool file_is_nano(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return false;  // libpcap reports the error when it opens the file
  PrecisionProbe probe;
  probe_stream(fileno(f), probe);
  std::fclose(f);
  return probe.nano;
}

}  // namespace

pcap_t* open_savefile(const char* path, bool& nano, char* errbuf) {
  if (std::strcmp(path, "-") == 0) return open_stdin(nano, errbuf);
  nano = file_is_nano(path);
  return pcap_open_offline_with_tstamp_precision(path, precision_of(nano), errbuf);
}

}  // namespace wpcap::tool
