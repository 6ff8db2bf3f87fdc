// names_diff_test.cc - the naming functions of our libpcap.so.0.8 against the
// system libpcap, both loaded side by side with dlmopen (testing/pcap_lib.h):
// pcap_datalink_* and pcap_tstamp_type_* over wide value ranges and name
// tables; pcap_nameto*, pcap_ether_aton, pcap_next_etherent and the eproto_db
// data symbol over tables of inputs. Each library is given FILEs and frees
// memory through its own namespace's libc.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pcap/namedb.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "testing/pcap_lib.h"

namespace {

using wpcap::testing::PcapLib;

struct NamesApi {
  explicit NamesApi(const PcapLib& lib)
      : dlt_name_to_val(lib.fn<int(const char*)>("pcap_datalink_name_to_val")),
        dlt_val_to_name(lib.fn<const char*(int)>("pcap_datalink_val_to_name")),
        dlt_val_to_desc(lib.fn<const char*(int)>("pcap_datalink_val_to_description")),
        dlt_val_to_desc_or_dlt(lib.fn<const char*(int)>("pcap_datalink_val_to_description_or_dlt")),
        ts_name_to_val(lib.fn<int(const char*)>("pcap_tstamp_type_name_to_val")),
        ts_val_to_name(lib.fn<const char*(int)>("pcap_tstamp_type_val_to_name")),
        ts_val_to_desc(lib.fn<const char*(int)>("pcap_tstamp_type_val_to_description")),
        nametoport(lib.fn<int(const char*, int*, int*)>("pcap_nametoport")),
        nametoportrange(lib.fn<int(const char*, int*, int*, int*)>("pcap_nametoportrange")),
        nametoproto(lib.fn<int(const char*)>("pcap_nametoproto")),
        nametoeproto(lib.fn<int(const char*)>("pcap_nametoeproto")),
        nametollc(lib.fn<int(const char*)>("pcap_nametollc")),
        nametonetaddr(lib.fn<bpf_u_int32(const char*)>("pcap_nametonetaddr")),
        nametoaddr(lib.fn<bpf_u_int32**(const char*)>("pcap_nametoaddr")),
        nametoaddrinfo(lib.fn<addrinfo*(const char*)>("pcap_nametoaddrinfo")),
        ether_aton(lib.fn<u_char*(const char*)>("pcap_ether_aton")),
        ether_hostton(lib.fn<u_char*(const char*)>("pcap_ether_hostton")),
        next_etherent(lib.fn<pcap_etherent*(FILE*)>("pcap_next_etherent")),
        eproto_db(lib.symbol("eproto_db")),
        libc_fopen(lib.fn<FILE*(const char*, const char*)>("fopen")),
        libc_fclose(lib.fn<int(FILE*)>("fclose")),
        libc_free(lib.fn<void(void*)>("free")),
        libc_freeaddrinfo(lib.fn<void(addrinfo*)>("freeaddrinfo")) {}

  bool complete() const {
    return dlt_name_to_val && dlt_val_to_name && dlt_val_to_desc && dlt_val_to_desc_or_dlt && ts_name_to_val &&
           ts_val_to_name && ts_val_to_desc && nametoport && nametoportrange && nametoproto && nametoeproto &&
           nametollc && nametonetaddr && nametoaddr && nametoaddrinfo && ether_aton && ether_hostton &&
           next_etherent && eproto_db && libc_fopen && libc_fclose && libc_free && libc_freeaddrinfo;
  }

  int (*dlt_name_to_val)(const char*);
  const char* (*dlt_val_to_name)(int);
  const char* (*dlt_val_to_desc)(int);
  const char* (*dlt_val_to_desc_or_dlt)(int);
  int (*ts_name_to_val)(const char*);
  const char* (*ts_val_to_name)(int);
  const char* (*ts_val_to_desc)(int);
  int (*nametoport)(const char*, int*, int*);
  int (*nametoportrange)(const char*, int*, int*, int*);
  int (*nametoproto)(const char*);
  int (*nametoeproto)(const char*);
  int (*nametollc)(const char*);
  bpf_u_int32 (*nametonetaddr)(const char*);
  bpf_u_int32** (*nametoaddr)(const char*);
  addrinfo* (*nametoaddrinfo)(const char*);
  u_char* (*ether_aton)(const char*);
  u_char* (*ether_hostton)(const char*);
  pcap_etherent* (*next_etherent)(FILE*);
  void* eproto_db;
  FILE* (*libc_fopen)(const char*, const char*);
  int (*libc_fclose)(FILE*);
  void (*libc_free)(void*);
  void (*libc_freeaddrinfo)(addrinfo*);
};

std::string str(const char* s) { return s != nullptr ? std::string("\"") + s + "\"" : "NULL"; }

class NamesDiffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PcapLib::system().loaded()) GTEST_SKIP() << "system libpcap: " << PcapLib::system().error();
    ASSERT_TRUE(PcapLib::ours().loaded()) << PcapLib::ours().error();
    sys_ = std::make_unique<NamesApi>(PcapLib::system());
    ours_ = std::make_unique<NamesApi>(PcapLib::ours());
    ASSERT_TRUE(sys_->complete());
    ASSERT_TRUE(ours_->complete()) << "our library lacks a naming function";
  }
  std::unique_ptr<NamesApi> sys_, ours_;
};

TEST_F(NamesDiffTest, DatalinkValues) {
  for (int v = -5; v <= 70000; ++v) {
    ASSERT_EQ(str(ours_->dlt_val_to_name(v)), str(sys_->dlt_val_to_name(v))) << v;
    ASSERT_EQ(str(ours_->dlt_val_to_desc(v)), str(sys_->dlt_val_to_desc(v))) << v;
    ASSERT_EQ(str(ours_->dlt_val_to_desc_or_dlt(v)), str(sys_->dlt_val_to_desc_or_dlt(v))) << v;
  }
  for (int v : {-2147483647 - 1, 2147483647, 0x10000, 0x02240002})
    EXPECT_EQ(str(ours_->dlt_val_to_desc_or_dlt(v)), str(sys_->dlt_val_to_desc_or_dlt(v))) << v;
}

TEST_F(NamesDiffTest, DatalinkNames) {
  std::vector<std::string> names = {"", "DLT_EN10MB", "en10mb ", " en10mb", "EN10M", "CHDLC", "IEEE802_15_4_WITHFCS",
                                    "PPP_WITH_DIRECTION", "LINUX_PPP_WITHDIRECTION", "ieee802_15_4", "usb_2_0"};
  for (int v = 0; v < 400; ++v) {
    const char* n = sys_->dlt_val_to_name(v);
    if (n == nullptr) continue;
    std::string lower = n, mixed = n;
    for (size_t i = 0; i < lower.size(); ++i) {
      lower[i] = static_cast<char>(tolower(static_cast<unsigned char>(lower[i])));
      if (i % 2 == 1) mixed[i] = lower[i];
    }
    names.insert(names.end(), {n, lower, mixed, std::string(n) + "x"});
  }
  for (const std::string& n : names) EXPECT_EQ(ours_->dlt_name_to_val(n.c_str()), sys_->dlt_name_to_val(n.c_str())) << n;
}

TEST_F(NamesDiffTest, TstampTypes) {
  for (int v = -5; v < 64; ++v) {
    EXPECT_EQ(str(ours_->ts_val_to_name(v)), str(sys_->ts_val_to_name(v))) << v;
    EXPECT_EQ(str(ours_->ts_val_to_desc(v)), str(sys_->ts_val_to_desc(v))) << v;
  }
  for (const char* n : {"host", "HOST", "host_lowprec", "Host_HiPrec", "adapter", "adapter_unsynced",
                        "host_hiprec_unsynced", "", "hostx", "adapter unsynced", "0"})
    EXPECT_EQ(ours_->ts_name_to_val(n), sys_->ts_name_to_val(n)) << n;
}

TEST_F(NamesDiffTest, PortsAndRanges) {
  for (const char* n : {"http", "80", "domain", "ssh", "tftp", "bogus", "0x50", "65536", "-1", "ftp-data", "", " 22",
                        "https", "syslog", "ntp", "nfs", "echo"}) {
    int p1 = -9, q1 = -9, p2 = -9, q2 = -9;
    EXPECT_EQ(ours_->nametoport(n, &p1, &q1), sys_->nametoport(n, &p2, &q2)) << n;
    EXPECT_EQ(p1, p2) << n;
    EXPECT_EQ(q1, q2) << n;
  }
  for (const char* n : {"20-21", "ftp-data-ftp", "80-http", "http-https", "1-2x", "a-b", "80", "-5-3", "ssh-tftp",
                        "tftp-tftp", "90-80", "http-", "-http", "", "domain-domain"}) {
    int a1 = -9, b1 = -9, c1 = -9, a2 = -9, b2 = -9, c2 = -9;
    EXPECT_EQ(ours_->nametoportrange(n, &a1, &b1, &c1), sys_->nametoportrange(n, &a2, &b2, &c2)) << n;
    EXPECT_EQ(a1, a2) << n;
    EXPECT_EQ(b1, b2) << n;
    EXPECT_EQ(c1, c2) << n;
  }
}

TEST_F(NamesDiffTest, ProtocolsNetworksEthertypesLlc) {
  for (const char* n : {"tcp", "udp", "icmp", "TCP", "ipv6-icmp", "sctp", "bogus", "", "6"})
    EXPECT_EQ(ours_->nametoproto(n), sys_->nametoproto(n)) << n;
  for (const char* n : {"loopback", "link-local", "default", "bogus", ""})
    EXPECT_EQ(ours_->nametonetaddr(n), sys_->nametonetaddr(n)) << n;
  for (const char* n : {"aarp", "arp", "atalk", "decnet", "ip", "ip6", "lat", "loopback", "mopdl", "moprc", "rarp",
                        "sca", "IP", "lldp", "slow", ""})
    EXPECT_EQ(ours_->nametoeproto(n), sys_->nametoeproto(n)) << n;
  for (const char* n : {"iso", "stp", "ipx", "netbeui", "ISO", "snap", ""})
    EXPECT_EQ(ours_->nametollc(n), sys_->nametollc(n)) << n;
}

TEST_F(NamesDiffTest, EprotoDbDataSymbol) {
  struct eproto {
    const char* s;
    u_short p;
  };
  auto* a = static_cast<const eproto*>(ours_->eproto_db);
  auto* b = static_cast<const eproto*>(sys_->eproto_db);
  size_t i = 0;
  for (; b[i].s != nullptr; ++i) {
    ASSERT_NE(a[i].s, nullptr) << i;
    EXPECT_STREQ(a[i].s, b[i].s);
    EXPECT_EQ(a[i].p, b[i].p) << b[i].s;
  }
  EXPECT_EQ(a[i].s, nullptr);
}

TEST_F(NamesDiffTest, Hosts) {
  for (const char* n : {"localhost", "127.0.0.1", "10.1.2.3", "127.1", "nonexistent.invalid"}) {
    bpf_u_int32** a = ours_->nametoaddr(n);
    std::vector<bpf_u_int32> va;
    for (bpf_u_int32** p = a; p != nullptr && *p != nullptr; ++p) va.push_back(**p);
    bpf_u_int32** b = sys_->nametoaddr(n);
    std::vector<bpf_u_int32> vb;
    for (bpf_u_int32** p = b; p != nullptr && *p != nullptr; ++p) vb.push_back(**p);
    EXPECT_EQ(a == nullptr, b == nullptr) << n;
    EXPECT_EQ(va, vb) << n;
  }
  for (const char* n : {"localhost", "::1", "192.0.2.7", "nonexistent.invalid"}) {
    addrinfo* a = ours_->nametoaddrinfo(n);
    addrinfo* b = sys_->nametoaddrinfo(n);
    EXPECT_EQ(a == nullptr, b == nullptr) << n;
    addrinfo *x = a, *y = b;
    for (; x != nullptr && y != nullptr; x = x->ai_next, y = y->ai_next) {
      EXPECT_EQ(x->ai_family, y->ai_family);
      ASSERT_EQ(x->ai_addrlen, y->ai_addrlen);
      EXPECT_EQ(std::memcmp(x->ai_addr, y->ai_addr, x->ai_addrlen), 0) << n;
    }
    EXPECT_TRUE(x == nullptr && y == nullptr) << n;
    if (a != nullptr) ours_->libc_freeaddrinfo(a);
    if (b != nullptr) sys_->libc_freeaddrinfo(b);
  }
}

TEST_F(NamesDiffTest, EthernetAddresses) {
  for (const char* n : {"00:11:22:33:44:55", "0:1:2:3:4:5", "aA-bB-cC-dD-eE-fF", "0011.2233.4455", "001122334455",
                        "f:ff:f:ff:f:ff"}) {
    u_char* a = ours_->ether_aton(n);
    u_char* b = sys_->ether_aton(n);
    ASSERT_TRUE(a != nullptr && b != nullptr) << n;
    EXPECT_EQ(std::memcmp(a, b, 6), 0) << n;
    ours_->libc_free(a);
    sys_->libc_free(b);
  }
  EXPECT_EQ(ours_->ether_aton("00:11:22:33:44:55:66:77"), nullptr);  // libpcap 1.10.3 overflows here
  EXPECT_EQ(ours_->ether_hostton("no-such-ethers-host"), nullptr);
  EXPECT_EQ(sys_->ether_hostton("no-such-ethers-host"), nullptr);
}

std::vector<std::string> read_ethers(const NamesApi& api, const char* path) {
  std::vector<std::string> out;
  FILE* f = api.libc_fopen(path, "r");
  if (f == nullptr) return {"<cannot open>"};
  while (pcap_etherent* e = api.next_etherent(f)) {
    char mac[18];
    std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", e->addr[0], e->addr[1], e->addr[2], e->addr[3],
                  e->addr[4], e->addr[5]);
    out.push_back(std::string(mac) + " " + e->name);
  }
  api.libc_fclose(f);
  return out;
}

TEST_F(NamesDiffTest, EthersFiles) {
  const char* files[] = {
      "00:11:22:33:44:55 alpha\n0:1:2:3:4:5\tbeta  more\n# c\n\n  aa:bb:cc:dd:ee:ff   gamma\n",
      "00:11:22:33:44:55 no-newline",
      "zz:11 bad\n1:2:3:4:5:6x junk\n7 short\n11:22:33 partial\n11:22:33:44:55:66:77:88 long\n",
      "11:22:33:44:55:66\n11:22:33:44:55:66 # comment\n11:22:33:44:55:66 named\n",
      "\n\n   #only a comment",
  };
  char path[] = "/tmp/wpcap-ethers-diff-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  for (const char* text : files) {
    FILE* w = std::fopen(path, "w");
    std::fputs(text, w);
    std::fclose(w);
    EXPECT_EQ(read_ethers(*ours_, path), read_ethers(*sys_, path)) << text;
  }
  unlink(path);
}

}  // namespace
