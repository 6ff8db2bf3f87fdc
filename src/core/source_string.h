// source_string.h - the remote-capture API's source strings:
// "file://PATH", "rpcap://[HOST[:PORT]/]DEVICE", "rpcaps://..." and plain
// local device names. Entry points: parse_source_string(),
// make_source_string() (behind pcap_parsesrcstr/pcap_createsrcstr).
#pragma once

#include <string>

#include "core/result.h"

namespace wpcap {

struct SourceString {
  int type = 0;  // PCAP_SRC_FILE, PCAP_SRC_IFLOCAL or PCAP_SRC_IFREMOTE
  std::string host;
  std::string port;
  std::string name;
  bool tls = false;  // rpcaps://
};

Result<SourceString> parse_source_string(const std::string& source);
Result<std::string> make_source_string(int type, const char* host, const char* port, const char* name);

}  // namespace wpcap
