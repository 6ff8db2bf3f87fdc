// source_string.cc - parsing and building remote-capture source strings.
#include "core/source_string.h"

#include <pcap/pcap.h>

#include <cctype>

namespace wpcap {
namespace {

constexpr std::string_view kFile = "file://";
constexpr std::string_view kRpcap = "rpcap://";
constexpr std::string_view kRpcaps = "rpcaps://";

bool starts_with_nocase(const std::string& s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// "host[:port]" or "[v6addr][:port]".
Status split_host_port(const std::string& hp, std::string* host, std::string* port) {
  if (!hp.empty() && hp[0] == '[') {
    size_t close = hp.find(']');
    if (close == std::string::npos) return Status::error("Invalid source string: no closing ']' in the address");
    *host = hp.substr(1, close - 1);
    if (close + 1 < hp.size()) {
      if (hp[close + 1] != ':') return Status::error("Invalid source string: garbage after the address");
      *port = hp.substr(close + 2);
    }
    return Status::ok();
  }
  size_t colon = hp.find(':');
  *host = hp.substr(0, colon);
  if (colon != std::string::npos) *port = hp.substr(colon + 1);
  return Status::ok();
}

}  // namespace

Result<SourceString> parse_source_string(const std::string& source) {
  SourceString out;
  if (starts_with_nocase(source, kFile)) {
    out.type = PCAP_SRC_FILE;
    out.name = source.substr(kFile.size());
    return out;
  }
  std::string rest;
  if (starts_with_nocase(source, kRpcap)) {
    rest = source.substr(kRpcap.size());
  } else if (starts_with_nocase(source, kRpcaps)) {
    rest = source.substr(kRpcaps.size());
    out.tls = true;
  } else {
    out.type = PCAP_SRC_IFLOCAL;
    out.name = source;
    return out;
  }
  size_t slash = rest.find('/');
  if (slash == std::string::npos) {
    // "rpcap://dev": a local device named in URL form.
    out.type = PCAP_SRC_IFLOCAL;
    out.name = rest;
    return out;
  }
  Status s = split_host_port(rest.substr(0, slash), &out.host, &out.port);
  if (!s.is_ok()) return s;
  out.name = rest.substr(slash + 1);
  out.type = out.host.empty() ? PCAP_SRC_IFLOCAL : PCAP_SRC_IFREMOTE;
  return out;
}

Result<std::string> make_source_string(int type, const char* host, const char* port, const char* name) {
  switch (type) {
    case PCAP_SRC_FILE:
      if (name == nullptr) return Status::error("The file name cannot be NULL.");
      return std::string(kFile) + name;
    case PCAP_SRC_IFREMOTE: {
      if (host == nullptr) return Status::error("The host name cannot be NULL.");
      std::string h = host;
      std::string s(kRpcap);
      s += (h.find(':') != std::string::npos && h[0] != '[') ? "[" + h + "]" : h;
      if (port != nullptr && *port != '\0') s += std::string(":") + port;
      s += "/";
      if (name != nullptr) s += name;
      return s;
    }
    case PCAP_SRC_IFLOCAL:
      if (name == nullptr) return Status::error("The interface name cannot be NULL.");
      return std::string(kRpcap) + name;
    default:
      return Status::error("The interface type is not valid.");
  }
}

}  // namespace wpcap
