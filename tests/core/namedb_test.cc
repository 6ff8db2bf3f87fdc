// namedb_test.cc - core/namedb: tables of inputs, each also run through the
// system libpcap's pcap_nameto* / pcap_ether_* / pcap_next_etherent (the
// oracle, loaded with dlmopen) and compared.
// Hosts are limited to /etc/hosts and numeric forms, so nothing needs a network.
#include "core/namedb.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <pcap/namedb.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "testing/pcap_lib.h"

namespace wpcap {
namespace {

using testing::PcapLib;

const PcapLib* oracle() {
  const PcapLib& lib = PcapLib::system();
  return lib.loaded() ? &lib : nullptr;
}

#define NEED_ORACLE() \
  if (oracle() == nullptr) GTEST_SKIP() << "system libpcap not loadable: " << PcapLib::system().error()

// ---- ports ----

const char* const kPortNames[] = {"http", "80",   "domain", "ssh",  "echo",     "bogus", "0x50",   "65536", "-1",
                                  "ftp-data", "tftp", "nfs", "http ", "",     "0",        "https", "syslog", "bootps",
                                  "snmp",  "1e3",  " 22",   "22 ",  "telnet", "ntp"};

TEST(NamedbTest, PortsByName) {
  struct Case {
    const char* name;
    int port, proto;  // port -1: unknown
  } cases[] = {{"ssh", 22, IPPROTO_TCP}, {"tftp", 69, IPPROTO_UDP}, {"domain", 53, kProtoUndef},
               {"80", 80, kProtoUndef},  {"bogus", -1, 0}};
  for (const Case& c : cases) {
    auto r = port_by_name(c.name);
    ASSERT_EQ(r.has_value(), c.port >= 0) << c.name;
    if (!r) {
      EXPECT_EQ(r.status().message(), std::string("unknown port '") + c.name + "'");
      continue;
    }
    EXPECT_EQ(r->port, c.port) << c.name;
    EXPECT_EQ(r->proto, c.proto) << c.name;
  }
}

TEST(NamedbTest, PortsMatchOracle) {
  NEED_ORACLE();
  auto fn = oracle()->fn<int(const char*, int*, int*)>("pcap_nametoport");
  for (const char* name : kPortNames) {
    int port = -99, proto = -99;
    int found = fn(name, &port, &proto);
    auto r = port_by_name(name);
    ASSERT_EQ(r.has_value(), found == 1) << "'" << name << "'";
    if (!r) continue;
    EXPECT_EQ(r->port, port) << name;
    EXPECT_EQ(r->proto, proto) << name;
  }
}

const char* const kRanges[] = {"20-21",   "ftp-data-ftp", "80-http",  "http-https", "1-2x",     " 5-6",
                               "a-b",     "80",           "-5-3",     "domain-tftp", "ssh-tftp", "tftp-tftp",
                               "90-80",   "http-",        "-http",    "",           "65535-65536", "ssh-ssh"};

TEST(NamedbTest, PortRangesMatchOracle) {
  NEED_ORACLE();
  auto fn = oracle()->fn<int(const char*, int*, int*, int*)>("pcap_nametoportrange");
  for (const char* name : kRanges) {
    int p1 = -99, p2 = -99, proto = -99;
    int found = fn(name, &p1, &p2, &proto);
    auto r = port_range_by_name(name);
    ASSERT_EQ(r.has_value(), found == 1) << "'" << name << "'";
    if (!r) continue;
    EXPECT_EQ(r->first, p1) << name;
    EXPECT_EQ(r->last, p2) << name;
    EXPECT_EQ(r->proto, proto) << name;
  }
  auto r = port_range_by_name("ssh-tftp");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->proto, kProtoUndef);  // TCP-only and UDP-only ends
}

// ---- protocols, networks, ethertypes, LLC ----

TEST(NamedbTest, ProtocolsMatchOracle) {
  EXPECT_EQ(*ip_protocol_by_name("tcp"), IPPROTO_TCP);
  EXPECT_FALSE(ip_protocol_by_name("bogus"));
  NEED_ORACLE();
  auto fn = oracle()->fn<int(const char*)>("pcap_nametoproto");
  for (const char* name : {"tcp", "udp", "icmp", "TCP", "ipv6-icmp", "ip", "sctp", "bogus", "", "6", "gre"}) {
    auto r = ip_protocol_by_name(name);
    EXPECT_EQ(r ? *r : PROTO_UNDEF, fn(name)) << name;
  }
}

TEST(NamedbTest, NetworksMatchOracle) {
  EXPECT_EQ(*network_by_name("loopback"), 127u << 24);
  NEED_ORACLE();
  auto fn = oracle()->fn<bpf_u_int32(const char*)>("pcap_nametonetaddr");
  for (const char* name : {"loopback", "link-local", "default", "bogus", "", "LOOPBACK"}) {
    auto r = network_by_name(name);
    EXPECT_EQ(r ? *r : 0u, fn(name)) << name;
  }
}

TEST(NamedbTest, EthertypesMatchOracleTable) {
  EXPECT_EQ(*ethertype_by_name("ip6"), 0x86dd);
  EXPECT_FALSE(ethertype_by_name("IP"));  // case-sensitive, as libpcap
  EXPECT_FALSE(ethertype_by_name("lldp"));  // not in 1.10.3's table
  NEED_ORACLE();
  struct eproto {
    const char* s;
    u_short p;
  };
  auto* db = static_cast<const eproto*>(oracle()->symbol("eproto_db"));
  ASSERT_NE(db, nullptr);
  size_t n = 0;
  for (; db[n].s != nullptr; ++n) {
    ASSERT_LT(n, ethertype_names().size());
    EXPECT_STREQ(ethertype_names()[n].name, db[n].s);
    EXPECT_EQ(ethertype_names()[n].type, db[n].p);
  }
  EXPECT_EQ(n, ethertype_names().size());
  auto fn = oracle()->fn<int(const char*)>("pcap_nametoeproto");
  for (const char* name : {"ip", "arp", "rarp", "IP", "ip4", "", "loopback", "sca"}) {
    auto r = ethertype_by_name(name);
    EXPECT_EQ(r ? *r : PROTO_UNDEF, fn(name)) << name;
  }
}

TEST(NamedbTest, LlcMatchesOracle) {
  EXPECT_EQ(*llc_sap_by_name("stp"), 0x42);
  NEED_ORACLE();
  auto fn = oracle()->fn<int(const char*)>("pcap_nametollc");
  for (const char* name : {"iso", "stp", "ipx", "netbeui", "ISO", "snap", ""}) {
    auto r = llc_sap_by_name(name);
    EXPECT_EQ(r ? *r : PROTO_UNDEF, fn(name)) << name;
  }
}

// ---- hosts ----

TEST(NamedbTest, HostsMatchOracle) {
  auto lh = host_ipv4_addresses("localhost");
  ASSERT_TRUE(lh);
  ASSERT_FALSE(lh->empty());
  EXPECT_EQ((*lh)[0], 0x7f000001u);  // host byte order
  NEED_ORACLE();
  auto fn = oracle()->fn<bpf_u_int32**(const char*)>("pcap_nametoaddr");
  for (const char* name : {"localhost", "127.0.0.1", "10.1.2.3", "127.1", "nonexistent.invalid"}) {
    bpf_u_int32** sys = fn(name);
    auto r = host_ipv4_addresses(name);
    ASSERT_EQ(r.has_value(), sys != nullptr) << name;
    if (!r) continue;
    std::vector<uint32_t> expect;
    for (bpf_u_int32** p = sys; *p != nullptr; ++p) expect.push_back(**p);
    EXPECT_EQ(*r, expect) << name;
  }
}

TEST(NamedbTest, AddrinfoMatchesOracle) {
  NEED_ORACLE();
  auto fn = oracle()->fn<addrinfo*(const char*)>("pcap_nametoaddrinfo");
  auto sys_free = oracle()->fn<void(addrinfo*)>("freeaddrinfo");  // the oracle's own libc copy
  for (const char* name : {"localhost", "127.0.0.1", "::1", "fe80::1", "nonexistent.invalid"}) {
    addrinfo* sys = fn(name);
    auto r = host_addrinfo(name);
    ASSERT_EQ(r.has_value(), sys != nullptr) << name;
    if (!r) continue;
    addrinfo* a = r->get();
    addrinfo* b = sys;
    for (; a != nullptr && b != nullptr; a = a->ai_next, b = b->ai_next) {
      EXPECT_EQ(a->ai_family, b->ai_family) << name;
      EXPECT_EQ(a->ai_socktype, b->ai_socktype) << name;
      ASSERT_EQ(a->ai_addrlen, b->ai_addrlen) << name;
      EXPECT_EQ(std::memcmp(a->ai_addr, b->ai_addr, a->ai_addrlen), 0) << name;
    }
    EXPECT_TRUE(a == nullptr && b == nullptr) << name << ": different number of results";
    if (sys_free != nullptr) sys_free(sys);
  }
}

// ---- Ethernet addresses ----

struct MacCase {
  const char* text;
  bool ok;
  MacAddress mac;
};

const MacCase kMacs[] = {
    {"00:11:22:33:44:55", true, {0x00, 0x11, 0x22, 0x33, 0x44, 0x55}},
    {"0:1:2:3:4:5", true, {0, 1, 2, 3, 4, 5}},
    {"aA-bB-cC-dD-eE-fF", true, {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}},
    {"00.11.22.33.44.55", true, {0x00, 0x11, 0x22, 0x33, 0x44, 0x55}},
    {"0011.2233.4455", true, {0x00, 0x11, 0x22, 0x33, 0x44, 0x55}},
    {"001122334455", true, {0x00, 0x11, 0x22, 0x33, 0x44, 0x55}},
    {"f:ff:f:ff:f:ff", true, {0x0f, 0xff, 0x0f, 0xff, 0x0f, 0xff}},
    {"00:11:22:33:44", false, {}},
    {"00:11:22:33:44:55:66", false, {}},
    {"00:11:22:33:44:55:", false, {}},
    {"00:11:22:33:44:5g", false, {}},
    {"", false, {}},
    {"00::11:22:33:44", false, {}},
};

TEST(NamedbTest, ParseMac) {
  for (const MacCase& c : kMacs) {
    auto r = parse_mac(c.text);
    ASSERT_EQ(r.has_value(), c.ok) << c.text;
    if (r) EXPECT_EQ(*r, c.mac) << c.text;
  }
}

TEST(NamedbTest, ParseMacMatchesOracleOnWellFormedInput) {
  NEED_ORACLE();
  auto fn = oracle()->fn<u_char*(const char*)>("pcap_ether_aton");
  auto sys_free = oracle()->fn<void(void*)>("free");
  for (const MacCase& c : kMacs) {
    if (!c.ok) continue;  // libpcap 1.10.3 reads/writes out of bounds on these (CVE-2025-11961)
    u_char* sys = fn(c.text);
    ASSERT_NE(sys, nullptr);
    EXPECT_EQ(std::memcmp(sys, c.mac.data(), 6), 0) << c.text;
    if (sys_free != nullptr) sys_free(sys);
  }
}

TEST(NamedbTest, UnknownEthersHost) {
  EXPECT_FALSE(mac_by_host_name("no-such-ethers-host"));
  NEED_ORACLE();
  auto fn = oracle()->fn<u_char*(const char*)>("pcap_ether_hostton");
  EXPECT_EQ(fn("no-such-ethers-host"), nullptr);
}

// ---- ethers files ----

const char* const kEthersFiles[] = {
    "00:11:22:33:44:55 alpha\n",
    "0:1:2:3:4:5\tbeta  trailing words\n# comment\n\n  aa:bb:cc:dd:ee:ff   gamma\n",
    "00:11:22:33:44:55 last-line-without-newline",
    "zz:11:22:33:44:55 bad\n01:02:03:04:05:06 good\n",
    "1:2:3:4:5:6x junk\n7 short\n",          // a skipped line's bytes survive into the next entry
    "11:22:33 partial\n",
    "11:22:33:44:55:66\n11:22:33:44:55:66 # comment\n11:22:33:44:55:66 named\n",
    "11:22:33:44:55:66:77:88 long\n",
    "aa:bb:cc:dd:ee:ff " "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789 rest\nab:cd:ef:01:23:45 next\n",
    "",
    "\n\n\n",
    "   #only a comment",
};

std::vector<std::string> entries_ours(FILE* f) {
  std::vector<std::string> out;
  while (auto e = read_ether_entry(f)) {
    char mac[18];
    std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", e->addr[0], e->addr[1], e->addr[2], e->addr[3],
                  e->addr[4], e->addr[5]);
    out.push_back(std::string(mac) + " " + e->name);
  }
  return out;
}

TEST(NamedbTest, EthersFilesMatchOracle) {
  char path[] = "/tmp/wpcap-ethers-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    FILE* f = std::fopen(path, "w");
    std::fputs("00:11:22:33:44:55 alpha\n", f);
    std::fclose(f);
    f = std::fopen(path, "r");
    EXPECT_EQ(entries_ours(f), std::vector<std::string>{"00:11:22:33:44:55 alpha"});
    std::fclose(f);
  }
  if (oracle() == nullptr) {
    unlink(path);
    GTEST_SKIP() << "no oracle";
  }
  // The oracle reads through its own libc's FILE, so open the file with that libc.
  auto sys_fopen = oracle()->fn<FILE*(const char*, const char*)>("fopen");
  auto sys_fclose = oracle()->fn<int(FILE*)>("fclose");
  auto next = oracle()->fn<pcap_etherent*(FILE*)>("pcap_next_etherent");
  ASSERT_TRUE(sys_fopen && sys_fclose && next);
  for (const char* text : kEthersFiles) {
    FILE* w = std::fopen(path, "w");
    std::fputs(text, w);
    std::fclose(w);
    std::vector<std::string> expect;
    FILE* sf = sys_fopen(path, "r");
    ASSERT_NE(sf, nullptr);
    while (pcap_etherent* e = next(sf)) {
      char mac[18];
      std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", e->addr[0], e->addr[1], e->addr[2], e->addr[3],
                    e->addr[4], e->addr[5]);
      expect.push_back(std::string(mac) + " " + e->name);
    }
    sys_fclose(sf);
    FILE* f = std::fopen(path, "r");
    EXPECT_EQ(entries_ours(f), expect) << text;
    std::fclose(f);
  }
  unlink(path);
}

}  // namespace
}  // namespace wpcap
