// dlt_table_test.cc - core/dlt_table and core/tstamp_table against the oracle.
//
// Table-driven checks of names, descriptions, case-insensitive lookup and
// the savefile numbering; then every value -5..70000 compared with the
// system libpcap (loaded with dlmopen, testing/pcap_lib.h): names,
// descriptions, name -> value, and the LINKTYPE mapping observed through
// pcap_dump_open / pcap_open_offline on real files.
#include "core/dlt_table.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "core/tstamp_table.h"
#include "testing/pcap_lib.h"

namespace wpcap {
namespace {

using testing::PcapLib;

struct NameCase {
  const char* name;
  int dlt;  // -1: unknown
};

const NameCase kNames[] = {
    {"EN10MB", DLT_EN10MB},       {"en10mb", DLT_EN10MB},          {"En10Mb", DLT_EN10MB},
    {"NULL", DLT_NULL},           {"RAW", DLT_RAW},                {"LINUX_SLL", DLT_LINUX_SLL},
    {"linux_sll2", DLT_LINUX_SLL2}, {"IEEE802_11_RADIO", DLT_IEEE802_11_RADIO}, {"USB_2_0", DLT_USB_2_0},
    {"C_HDLC", DLT_C_HDLC},       {"ATSC_ALP", DLT_ATSC_ALP},     {"DLT_EN10MB", -1},
    {"", -1},                     {"EN10M", -1},                   {"EN10MBX", -1},
    {"CHDLC", -1},                {"IEEE802_15_4", 195},           {"IEEE802_15_4_WITHFCS", -1},            {"\xc4n10mb", -1},
};

TEST(DltTableTest, NameToValue) {
  for (const NameCase& c : kNames) EXPECT_EQ(dlt_from_name(c.name), c.dlt) << c.name;
}

struct ValueCase {
  int dlt;
  const char* name;
  const char* description;
};

const ValueCase kValues[] = {
    {DLT_NULL, "NULL", "BSD loopback"},
    {DLT_EN10MB, "EN10MB", "Ethernet"},
    {DLT_RAW, "RAW", "Raw IP"},
    {DLT_LINUX_SLL, "LINUX_SLL", "Linux cooked v1"},
    {DLT_LINUX_SLL2, "LINUX_SLL2", "Linux cooked v2"},
    {DLT_CAN_SOCKETCAN, "CAN_SOCKETCAN", "CAN-bus with SocketCAN headers"},
    {DLT_USB_2_0, "USB_2_0", "USB 2.0/1.1/1.0 as transmitted over the cable"},
};

TEST(DltTableTest, ValueToNameAndDescription) {
  for (const ValueCase& c : kValues) {
    const DltInfo* d = find_dlt(c.dlt);
    ASSERT_NE(d, nullptr) << c.dlt;
    EXPECT_STREQ(d->name, c.name);
    EXPECT_STREQ(d->description, c.description);
    EXPECT_STREQ(dlt_description_or_number(c.dlt), c.description);
  }
  for (int unknown : {-1, 13, 14, 100, 290, 65535, 0x7fffffff}) EXPECT_EQ(find_dlt(unknown), nullptr) << unknown;
}

TEST(DltTableTest, TableIsSortedAndNamesAreUnique) {
  auto t = dlt_table();
  ASSERT_GT(t.size(), 150u);
  for (size_t i = 1; i < t.size(); ++i) {
    EXPECT_LT(t[i - 1].dlt, t[i].dlt);
    EXPECT_EQ(dlt_from_name(t[i].name), t[i].dlt) << t[i].name;
  }
}

TEST(DltTableTest, DescriptionOrNumberFallsBackPerThread) {
  EXPECT_STREQ(dlt_description_or_number(13), "DLT 13");
  EXPECT_STREQ(dlt_description_or_number(-7), "DLT -7");
  EXPECT_STREQ(dlt_description_or_number(-2147483647 - 1), "DLT -2147483648");
  const char* mine = dlt_description_or_number(4000);
  std::string other;
  std::thread([&other] { other = dlt_description_or_number(5000); }).join();
  EXPECT_STREQ(mine, "DLT 4000");  // not overwritten by the other thread
  EXPECT_EQ(other, "DLT 5000");
}

struct LinktypeCase {
  int dlt;
  int linktype;  // dlt_to_linktype(dlt)
};

const LinktypeCase kLinktypes[] = {
    {DLT_NULL, 0},        {DLT_EN10MB, 1},          {DLT_FDDI, 10},       {DLT_ATM_RFC1483, 100},
    {DLT_RAW, 101},       {DLT_SLIP_BSDOS, 102},    {DLT_PPP_BSDOS, 103}, {DLT_ATM_CLIP, 106},
    {DLT_PPP_SERIAL, 50}, {DLT_PPP_ETHER, 51},      {DLT_SYMANTEC_FIREWALL, 99},
    {DLT_C_HDLC, 104},    {DLT_LINUX_SLL, 113},     {DLT_LINUX_SLL2, 276}, {DLT_MATCHING_MAX, DLT_MATCHING_MAX},
    {DLT_REDBACK_SMARTEDGE, -1}, {13, -1},          {100, -1},            {DLT_MATCHING_MAX + 1, -1},
    {-1, -1},
};

TEST(DltTableTest, LinktypeMapping) {
  for (const LinktypeCase& c : kLinktypes) {
    EXPECT_EQ(dlt_to_linktype(c.dlt), c.linktype) << c.dlt;
    if (c.linktype >= 0) EXPECT_EQ(linktype_to_dlt(c.linktype), c.dlt) << c.linktype;
  }
  EXPECT_EQ(linktype_to_dlt(12), 12);  // unknown LINKTYPEs pass through
  EXPECT_EQ(linktype_to_dlt(5000), 5000);
}

TEST(DltTableTest, MaxSnaplen) {
  EXPECT_EQ(max_snaplen_for_dlt(DLT_EN10MB), 262144u);
  EXPECT_EQ(max_snaplen_for_dlt(DLT_DBUS), 128u << 20);
  EXPECT_EQ(max_snaplen_for_dlt(DLT_EBHSCR), 8u << 20);
  EXPECT_EQ(max_snaplen_for_dlt(DLT_USBPCAP), 1u << 20);
}

TEST(TstampTableTest, NamesAndDescriptions) {
  struct Case {
    int type;
    const char* name;
  } cases[] = {{PCAP_TSTAMP_HOST, "host"},
               {PCAP_TSTAMP_HOST_LOWPREC, "host_lowprec"},
               {PCAP_TSTAMP_HOST_HIPREC, "host_hiprec"},
               {PCAP_TSTAMP_ADAPTER, "adapter"},
               {PCAP_TSTAMP_ADAPTER_UNSYNCED, "adapter_unsynced"},
               {PCAP_TSTAMP_HOST_HIPREC_UNSYNCED, "host_hiprec_unsynced"}};
  for (const Case& c : cases) {
    EXPECT_STREQ(tstamp_type_name(c.type), c.name);
    EXPECT_EQ(tstamp_type_from_name(c.name), c.type);
    std::string upper = c.name;
    for (char& ch : upper) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
    EXPECT_EQ(tstamp_type_from_name(upper), c.type);
  }
  EXPECT_STREQ(tstamp_type_description(PCAP_TSTAMP_ADAPTER_UNSYNCED), "Adapter, not synced with system time");
  EXPECT_EQ(tstamp_type_name(6), nullptr);
  EXPECT_EQ(tstamp_type_description(-1), nullptr);
  EXPECT_EQ(tstamp_type_from_name("hostx"), -1);
}

// ---- differential: the system libpcap is the oracle ----

class DltOracleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PcapLib::system().loaded()) GTEST_SKIP() << "system libpcap: " << PcapLib::system().error();
  }
  const PcapLib& sys() { return PcapLib::system(); }
};

constexpr int kFirst = -5, kLast = 70000;

TEST_F(DltOracleTest, EveryValueHasTheSameNameAndDescription) {
  auto to_name = sys().fn<const char*(int)>("pcap_datalink_val_to_name");
  auto to_desc = sys().fn<const char*(int)>("pcap_datalink_val_to_description");
  auto to_desc_or = sys().fn<const char*(int)>("pcap_datalink_val_to_description_or_dlt");
  auto from_name = sys().fn<int(const char*)>("pcap_datalink_name_to_val");
  ASSERT_TRUE(to_name && to_desc && to_desc_or && from_name);
  int named = 0;
  for (int v = kFirst; v <= kLast; ++v) {
    const char* n = to_name(v);
    const DltInfo* d = find_dlt(v);
    ASSERT_EQ(d != nullptr, n != nullptr) << v;
    EXPECT_STREQ(dlt_description_or_number(v), to_desc_or(v)) << v;
    if (n == nullptr) continue;
    ++named;
    EXPECT_STREQ(d->name, n) << v;
    EXPECT_STREQ(d->description, to_desc(v)) << v;
    std::string lower = n;
    for (char& c : lower) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(dlt_from_name(lower), from_name(lower.c_str())) << lower;
  }
  EXPECT_EQ(static_cast<size_t>(named), dlt_table().size());
  for (const NameCase& c : kNames) EXPECT_EQ(from_name(c.name), c.dlt) << c.name;  // the table above is libpcap's
}

TEST_F(DltOracleTest, TstampTypesMatch) {
  auto to_name = sys().fn<const char*(int)>("pcap_tstamp_type_val_to_name");
  auto to_desc = sys().fn<const char*(int)>("pcap_tstamp_type_val_to_description");
  auto from_name = sys().fn<int(const char*)>("pcap_tstamp_type_name_to_val");
  ASSERT_TRUE(to_name && to_desc && from_name);
  for (int v = -3; v < 20; ++v) {
    const char* n = to_name(v);
    const char* ours = tstamp_type_name(v);
    ASSERT_EQ(ours != nullptr, n != nullptr) << v;
    if (n == nullptr) continue;
    EXPECT_STREQ(ours, n);
    EXPECT_STREQ(tstamp_type_description(v), to_desc(v));
    EXPECT_EQ(tstamp_type_from_name(n), from_name(n));
  }
  for (const char* s : {"HOST", "Adapter_Unsynced", "", "hosts", "host "}) EXPECT_EQ(tstamp_type_from_name(s), from_name(s)) << s;
}

// The oracle's dlt_to_linktype/linktype_to_dlt are internal; observe them through files.
TEST_F(DltOracleTest, SavefileLinktypeMappingMatches) {
  auto open_dead = sys().fn<pcap_t*(int, int)>("pcap_open_dead");
  auto close = sys().fn<void(pcap_t*)>("pcap_close");
  auto dump_open = sys().fn<pcap_dumper_t*(pcap_t*, const char*)>("pcap_dump_open");
  auto dump_close = sys().fn<void(pcap_dumper_t*)>("pcap_dump_close");
  auto open_offline = sys().fn<pcap_t*(const char*, char*)>("pcap_open_offline");
  auto datalink = sys().fn<int(pcap_t*)>("pcap_datalink");
  auto snapshot = sys().fn<int(pcap_t*)>("pcap_snapshot");
  ASSERT_TRUE(open_dead && close && dump_open && dump_close && open_offline && datalink && snapshot);
  char path[] = "/tmp/wpcap-dlt-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  for (int v = -2; v <= 1100; ++v) {
    // DLT -> LINKTYPE: what the oracle writes in a file header (or refuses to).
    pcap_t* p = open_dead(v, 65535);
    ASSERT_NE(p, nullptr);
    pcap_dumper_t* d = dump_open(p, path);
    int written = -1;
    if (d != nullptr) {
      dump_close(d);
      pcap_file_header fh{};
      FILE* f = fopen(path, "rb");
      ASSERT_EQ(fread(&fh, sizeof fh, 1, f), 1u);
      fclose(f);
      written = static_cast<int>(fh.linktype);
    }
    close(p);
    EXPECT_EQ(dlt_to_linktype(v), written) << "DLT " << v;
    if (v < 0) continue;
    // LINKTYPE -> DLT (and max snaplen): what the oracle reports for a file with snaplen 0.
    pcap_file_header fh{0xa1b2c3d4, 2, 4, 0, 0, 0, static_cast<bpf_u_int32>(v)};
    FILE* f = fopen(path, "wb");
    ASSERT_EQ(fwrite(&fh, sizeof fh, 1, f), 1u);
    fclose(f);
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t* r = open_offline(path, errbuf);
    ASSERT_NE(r, nullptr) << errbuf;
    EXPECT_EQ(linktype_to_dlt(v), datalink(r)) << "LINKTYPE " << v;
    EXPECT_EQ(static_cast<int>(max_snaplen_for_dlt(datalink(r))), snapshot(r)) << "LINKTYPE " << v;
    close(r);
  }
  unlink(path);
}

}  // namespace
}  // namespace wpcap
