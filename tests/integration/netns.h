// netns.h - test helper (header-only): a throw-away network namespace
// "wpcap-test-<pid>-<n>" (testing/netns.h) holding a veth pair va <-> vb
// (both ends inside, up, va 10.77.0.1/24, vb 10.77.0.2/24), entered per
// thread with setns(), plus raw-frame builders.
//
// Entry points: TestNetns::create(), TestNetns::Enter, make_frame(),
// mac_of(), NETNS_OR_SKIP(); send_frames() comes with testing/netns.h.
// Integration tests never touch real interfaces: everything happens
// inside the namespace.
#pragma once

#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing/netns.h"

namespace wpcap::testing {

class TestNetns {
 public:
  // nullptr (and *why set) when namespaces cannot be made here.
  static std::unique_ptr<TestNetns> create(std::string* why) {
    auto ns = Netns::create("wpcap-test", why);
    if (!ns) return nullptr;
    bool ok = ns->ip("link add va type veth peer name vb") && ns->ip("addr add 10.77.0.1/24 dev va") &&
              ns->ip("addr add 10.77.0.2/24 dev vb") && ns->ip("link set va up") && ns->ip("link set vb up");
    if (!ok) {
      *why = "could not set up the veth pair";
      return nullptr;
    }
    return std::unique_ptr<TestNetns>(new TestNetns(std::move(ns)));
  }

  const std::string& name() const { return ns_->name(); }

  // Runs `ip -n <ns> <args>`; true on success.
  bool ip(const std::string& args) const { return ns_->ip(args); }

  // Moves the calling thread into the namespace for the scope's lifetime.
  class Enter : public NetnsScope {
   public:
    explicit Enter(const TestNetns& ns) : NetnsScope(ns.name()) {}
  };

 private:
  explicit TestNetns(std::unique_ptr<Netns> ns) : ns_(std::move(ns)) {}
  std::unique_ptr<Netns> ns_;
};

// Creates `ns` in the current test or skips it.
#define NETNS_OR_SKIP(ns)                                       \
  std::string ns##_why;                                         \
  auto ns = ::wpcap::testing::TestNetns::create(&ns##_why);     \
  if (!ns) GTEST_SKIP() << ns##_why;                            \
  ::wpcap::testing::TestNetns::Enter ns##_enter(*ns);           \
  ASSERT_TRUE(ns##_enter.ok()) << "setns into " << ns->name()

inline const uint8_t kMacA[6] = {0x02, 0x77, 0, 0, 0, 0x0a};
inline const uint8_t kMacForeign[6] = {0x02, 0x77, 0, 0, 0, 0xee};
inline const uint8_t kMacBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
constexpr uint16_t kTestEthertype = 0x88b5;  // IEEE local experimental

// An Ethernet frame of `size` bytes (>= 18): dst, src, optional 802.1Q
// tag, ethertype, then a 4-byte big-endian sequence number and filler.
inline std::vector<uint8_t> make_frame(const uint8_t* dst, const uint8_t* src, uint32_t seq, size_t size,
                                       uint16_t ethertype = kTestEthertype, int vlan_tci = -1) {
  std::vector<uint8_t> f;
  f.insert(f.end(), dst, dst + 6);
  f.insert(f.end(), src, src + 6);
  if (vlan_tci >= 0) {
    f.push_back(0x81);
    f.push_back(0x00);
    f.push_back(static_cast<uint8_t>(vlan_tci >> 8));
    f.push_back(static_cast<uint8_t>(vlan_tci));
  }
  f.push_back(static_cast<uint8_t>(ethertype >> 8));
  f.push_back(static_cast<uint8_t>(ethertype));
  for (int i = 3; i >= 0; --i) f.push_back(static_cast<uint8_t>(seq >> (8 * i)));
  while (f.size() < size) f.push_back(static_cast<uint8_t>(f.size()));
  return f;
}

// The sequence number make_frame() wrote, given the ethertype's offset.
inline uint32_t frame_seq(const uint8_t* pkt, size_t payload_off = 14) {
  const uint8_t* p = pkt + payload_off;
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

// The interface's MAC (ioctl, so it works in an entered namespace, where
// /sys/class/net still shows the original one).
inline std::vector<uint8_t> mac_of(const std::string& ifname) {
  std::vector<uint8_t> mac(6, 0);
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq ifr = {};
  std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname.c_str());
  if (fd >= 0 && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, 6);
  if (fd >= 0) close(fd);
  return mac;
}

}  // namespace wpcap::testing
