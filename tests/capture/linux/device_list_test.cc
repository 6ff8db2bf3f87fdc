// device_list_test.cc - libpcap's device ordering (figure of merit) and the
// shape of the local device list.
#include "capture/linux/device_list.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

namespace wpcap::live {
namespace {

Device dev(const char* name, uint32_t flags) {
  Device d;
  d.name = name;
  d.flags = flags;
  return d;
}

TEST(DeviceList, FigureOfMeritOrdersLikeLibpcap) {
  constexpr uint32_t kUpRun = PCAP_IF_UP | PCAP_IF_RUNNING;
  // Best first: each row must sort strictly before the next.
  const Device ordered[] = {
      dev("eth0", kUpRun | PCAP_IF_CONNECTION_STATUS_CONNECTED),
      dev("any", kUpRun | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE),
      dev("lo", kUpRun | PCAP_IF_LOOPBACK | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE),
      dev("eth1", kUpRun | PCAP_IF_CONNECTION_STATUS_DISCONNECTED),
      dev("eth2", PCAP_IF_UP | PCAP_IF_CONNECTION_STATUS_CONNECTED),
      dev("eth3", PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE),
  };
  for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_LT(figure_of_merit(ordered[i]), figure_of_merit(ordered[i + 1]))
        << ordered[i].name << " vs " << ordered[i + 1].name;
  }
  // Disconnected wireless devices are not demoted.
  EXPECT_EQ(figure_of_merit(dev("wlan0", kUpRun | PCAP_IF_WIRELESS | PCAP_IF_CONNECTION_STATUS_DISCONNECTED)),
            figure_of_merit(dev("eth0", kUpRun)));
  // Instance numbers do not matter (1.10 dropped them).
  EXPECT_EQ(figure_of_merit(dev("eth9", kUpRun)), figure_of_merit(dev("eth0", kUpRun)));
}

TEST(DeviceList, ListsLoopbackAndAnyWithLibpcapFlags) {
  auto devs = list_devices();
  ASSERT_TRUE(devs.has_value()) << devs.status().message();
  const Device* lo = nullptr;
  const Device* any = nullptr;
  for (const Device& d : devs.value()) {
    if (d.name == "lo") lo = &d;
    if (d.name == "any") any = &d;
  }
  ASSERT_NE(any, nullptr);
  EXPECT_EQ(any->flags, PCAP_IF_UP | PCAP_IF_RUNNING | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE);
  ASSERT_TRUE(any->description.has_value());
  EXPECT_EQ(*any->description, "Pseudo-device that captures on all interfaces");
  EXPECT_TRUE(any->addresses.empty());
  ASSERT_NE(lo, nullptr);
  EXPECT_TRUE(lo->flags & PCAP_IF_LOOPBACK);
  EXPECT_EQ(lo->flags & PCAP_IF_CONNECTION_STATUS, PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE);
  EXPECT_FALSE(lo->description.has_value());
  bool has_packet = false, has_inet = false;
  for (const auto& a : lo->addresses) {
    ASSERT_FALSE(a.addr.empty());
    auto family = reinterpret_cast<const sockaddr*>(a.addr.data())->sa_family;
    has_packet = has_packet || family == AF_PACKET;
    if (family == AF_INET) {
      has_inet = true;
      EXPECT_EQ(a.addr.size(), sizeof(sockaddr_in));
      EXPECT_FALSE(a.netmask.empty());
    }
  }
  EXPECT_TRUE(has_packet);
  EXPECT_TRUE(has_inet);
  // Sorted by merit.
  for (size_t i = 0; i + 1 < devs.value().size(); ++i) {
    EXPECT_LE(figure_of_merit(devs.value()[i]), figure_of_merit(devs.value()[i + 1]));
  }
}

TEST(DeviceList, Ipv4NetworkOfLoopback) {
  auto net = ipv4_network("lo");
  ASSERT_TRUE(net.has_value()) << net.status().message();
  EXPECT_EQ(ntohl(net.value().net), 0x7f000000u);
  EXPECT_EQ(ntohl(net.value().mask), 0xff000000u);
  auto missing = ipv4_network("nosuchdev0");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.status().message(), "SIOCGIFADDR: nosuchdev0: No such device");
}

}  // namespace
}  // namespace wpcap::live

namespace wpcap::live {
namespace {

TEST(DeviceList, ModuleDevicesAreListedButRecognised) {
  struct Row {
    const char* name;
    bool module;
  };
  for (Row r : {Row{"nflog", true}, Row{"nfqueue", true}, Row{"dbus-system", true}, Row{"dbus-session", true},
                Row{"bluetooth-monitor", true}, Row{"bluetooth0", true}, Row{"usbmon1", true}, Row{"eth0", false},
                Row{"any", false}, Row{"lo", false}, Row{"nf", false}}) {
    EXPECT_EQ(is_module_device(r.name), r.module) << r.name;
  }
  auto devs = list_devices();
  ASSERT_TRUE(devs.has_value());
  bool monitor = false, dbus = false;
  for (const Device& d : devs.value()) {
    if (d.name == "bluetooth-monitor") {
      monitor = true;
      EXPECT_EQ(d.flags, PCAP_IF_WIRELESS | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE);
      EXPECT_EQ(d.description.value_or(""), "Bluetooth Linux Monitor");
    }
    if (d.name == "dbus-system") dbus = true;
  }
  EXPECT_TRUE(monitor);
  EXPECT_TRUE(dbus);
}

}  // namespace
}  // namespace wpcap::live
