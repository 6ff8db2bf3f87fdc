// source_string_test.cc - parsing and building remote-capture source strings.
#include "core/source_string.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

namespace {

struct ParseCase {
  const char* source;
  int type;
  const char* host;
  const char* port;
  const char* name;
};

TEST(SourceString, Parse) {
  const ParseCase cases[] = {
      {"eth0", PCAP_SRC_IFLOCAL, "", "", "eth0"},
      {"file:///tmp/x.pcap", PCAP_SRC_FILE, "", "", "/tmp/x.pcap"},
      {"FILE://rel.pcap", PCAP_SRC_FILE, "", "", "rel.pcap"},
      {"rpcap://eth0", PCAP_SRC_IFLOCAL, "", "", "eth0"},
      {"rpcap:///eth0", PCAP_SRC_IFLOCAL, "", "", "eth0"},
      {"rpcap://host/eth0", PCAP_SRC_IFREMOTE, "host", "", "eth0"},
      {"rpcap://10.0.0.1:2002/eth1", PCAP_SRC_IFREMOTE, "10.0.0.1", "2002", "eth1"},
      {"rpcap://[::1]:2003/any", PCAP_SRC_IFREMOTE, "::1", "2003", "any"},
      {"rpcaps://[fe80::1]/lo", PCAP_SRC_IFREMOTE, "fe80::1", "", "lo"},
  };
  for (const ParseCase& c : cases) {
    auto r = wpcap::parse_source_string(c.source);
    ASSERT_TRUE(r) << c.source << ": " << r.status().message();
    EXPECT_EQ(r->type, c.type) << c.source;
    EXPECT_EQ(r->host, c.host) << c.source;
    EXPECT_EQ(r->port, c.port) << c.source;
    EXPECT_EQ(r->name, c.name) << c.source;
  }
}

TEST(SourceString, ParseRejectsUnclosedBracket) {
  EXPECT_FALSE(wpcap::parse_source_string("rpcap://[::1/eth0"));
}

TEST(SourceString, BuildRoundTrips) {
  auto s = wpcap::make_source_string(PCAP_SRC_IFREMOTE, "::1", "2002", "eth0");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, "rpcap://[::1]:2002/eth0");
  auto back = wpcap::parse_source_string(*s);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->host, "::1");
  EXPECT_EQ(back->port, "2002");
  EXPECT_EQ(back->name, "eth0");
  EXPECT_EQ(*wpcap::make_source_string(PCAP_SRC_FILE, nullptr, nullptr, "/a/b"), "file:///a/b");
  EXPECT_FALSE(wpcap::make_source_string(PCAP_SRC_FILE, nullptr, nullptr, nullptr));
  EXPECT_FALSE(wpcap::make_source_string(99, "h", nullptr, "x"));
}

}  // namespace
