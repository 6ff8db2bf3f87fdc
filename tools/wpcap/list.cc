// tools/wpcap/list.cc - `wpcap list [-v]`: the capture devices from
// pcap_findalldevs(), numbered as tcpdump -D numbers them, with their
// flags and (with -v) their addresses.
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "command.h"

namespace wpcap::tool {
namespace {

constexpr char kListUsage[] =
    "usage: wpcap list [-v]\n"
    "  Lists the capture devices, best first, with their flags; -v adds addresses.\n";

std::string flags_text(bpf_u_int32 f) {
  std::string s;
  auto add = [&](const char* w) {
    if (!s.empty()) s += ", ";
    s += w;
  };
  if (f & PCAP_IF_UP) add("Up");
  if (f & PCAP_IF_RUNNING) add("Running");
  if (f & PCAP_IF_WIRELESS) add("Wireless");
  if (f & PCAP_IF_LOOPBACK) add("Loopback");
  switch (f & PCAP_IF_CONNECTION_STATUS) {
    case PCAP_IF_CONNECTION_STATUS_CONNECTED:
      add("Connected");
      break;
    case PCAP_IF_CONNECTION_STATUS_DISCONNECTED:
      add("Disconnected");
      break;
    default:
      break;
  }
  return s.empty() ? "none" : s;
}

std::string addr_text(const sockaddr* sa) {
  if (sa == nullptr) return "";
  char buf[INET6_ADDRSTRLEN] = "";
  switch (sa->sa_family) {
    case AF_INET:
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
      return buf;
    case AF_INET6:
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
      return buf;
    case AF_PACKET: {
      const auto* ll = reinterpret_cast<const sockaddr_ll*>(sa);
      std::string s;
      for (int i = 0; i < ll->sll_halen && i < 8; ++i) {
        char b[4];
        std::snprintf(b, sizeof b, i ? ":%02x" : "%02x", ll->sll_addr[i]);
        s += b;
      }
      return s;
    }
    default:
      return "family " + std::to_string(sa->sa_family);
  }
}

const char* family_name(const sockaddr* sa) {
  switch (sa->sa_family) {
    case AF_INET:
      return "inet";
    case AF_INET6:
      return "inet6";
    case AF_PACKET:
      return "link";
    default:
      return "other";
  }
}

void print_addresses(const pcap_if_t* d) {
  for (const pcap_addr_t* a = d->addresses; a != nullptr; a = a->next) {
    if (a->addr == nullptr) continue;
    std::printf("    %s %s", family_name(a->addr), addr_text(a->addr).c_str());
    if (a->netmask) std::printf(" netmask %s", addr_text(a->netmask).c_str());
    if (a->broadaddr) std::printf(" broadcast %s", addr_text(a->broadaddr).c_str());
    if (a->dstaddr) std::printf(" peer %s", addr_text(a->dstaddr).c_str());
    std::printf("\n");
  }
}

int run_list(int argc, char** argv) {
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-v") == 0) {
      verbose = true;
    } else {
      std::fputs(kListUsage, std::strcmp(argv[i], "--help") == 0 ? stdout : stderr);
      return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  pcap_if_t* all = nullptr;
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  if (pcap_findalldevs(&all, errbuf) != 0) {
    std::fprintf(stderr, "wpcap: %s\n", errbuf);
    return 1;
  }
  int n = 0;
  for (const pcap_if_t* d = all; d != nullptr; d = d->next) {
    std::printf("%d.%s", ++n, d->name);
    if (d->description) std::printf(" (%s)", d->description);
    std::printf(" [%s]\n", flags_text(d->flags).c_str());
    if (verbose) print_addresses(d);
  }
  pcap_freealldevs(all);
  return 0;
}

const CommandRegistrar kList{"list", "list capture devices (like tcpdump -D; -v: with addresses)", run_list};

}  // namespace
}  // namespace wpcap::tool
