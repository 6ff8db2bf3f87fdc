// exports_test.cc - our drop-in library exports exactly what Debian's
// libpcap.so.0.8 exports (functions and the two data symbols), plus the
// Npcap and remote-capture functions, and nothing else; its SONAME is
// libpcap.so.0.8.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>

#include "testing/pcap_lib.h"

namespace {

using wpcap::testing::PcapLib;

// "T name" / "D name" / "B name" lines of the dynamic symbol table.
std::set<std::string> exported(const std::string& lib) {
  std::set<std::string> out;
  std::string cmd = "nm -D --defined-only " + lib + " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) return out;
  char line[512];
  while (std::fgets(line, sizeof line, f) != nullptr) {
    char type = 0;
    char name[400];
    if (std::sscanf(line, "%*s %c %399s", &type, name) == 2) {
      out.insert(std::string(1, type == 'B' ? 'D' : type) + " " + name);
    }
  }
  pclose(f);
  return out;
}

const std::set<std::string> kExtensions = {
    "T pcap_setbuff", "T pcap_setmode", "T pcap_setmintocopy", "T pcap_getevent",
    "T pcap_oid_get_request", "T pcap_oid_set_request", "T pcap_sendqueue_alloc",
    "T pcap_sendqueue_destroy", "T pcap_sendqueue_queue", "T pcap_sendqueue_transmit",
    "T pcap_stats_ex", "T pcap_setuserbuffer", "T pcap_live_dump", "T pcap_live_dump_ended",
    "T pcap_start_oem", "T pcap_open", "T pcap_createsrcstr", "T pcap_parsesrcstr",
    "T pcap_findalldevs_ex", "T pcap_setsampling", "T pcap_remoteact_accept",
    "T pcap_remoteact_accept_ex", "T pcap_remoteact_list", "T pcap_remoteact_close",
    "T pcap_remoteact_cleanup"};

TEST(Exports, SameAsSystemLibpcapPlusExtensions) {
  std::set<std::string> theirs = exported(PcapLib::system_path());
  ASSERT_EQ(theirs.size(), 96u) << "unexpected system libpcap at " << PcapLib::system_path();
  std::set<std::string> ours = exported(PcapLib::ours_path());
  ASSERT_FALSE(ours.empty()) << "cannot read " << PcapLib::ours_path();
  for (const std::string& s : theirs) EXPECT_TRUE(ours.count(s)) << "missing export: " << s;
  for (const std::string& s : ours) {
    EXPECT_TRUE(theirs.count(s) || kExtensions.count(s)) << "unexpected export: " << s;
  }
}

TEST(Exports, SonameIsDebians) {
  std::string cmd = "objdump -p " + PcapLib::ours_path() + " | grep SONAME";
  FILE* f = popen(cmd.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof line, f), nullptr);
  pclose(f);
  EXPECT_NE(std::string(line).find("libpcap.so.0.8"), std::string::npos) << line;
}

TEST(Exports, BothLibrariesLoadSideBySide) {
  ASSERT_TRUE(PcapLib::system().loaded()) << PcapLib::system().error();
  ASSERT_TRUE(PcapLib::ours().loaded()) << PcapLib::ours().error();
  auto theirs = PcapLib::system().fn<const char*()>("pcap_lib_version");
  auto ours = PcapLib::ours().fn<const char*()>("pcap_lib_version");
  ASSERT_NE(theirs, nullptr);
  ASSERT_NE(ours, nullptr);
  EXPECT_NE(std::string(theirs()), std::string(ours()));
  EXPECT_EQ(std::string(ours()).rfind("libpcap version 1.10", 0), 0u) << ours();
  EXPECT_NE(std::string(ours()).find("wpcap"), std::string::npos) << ours();
}

}  // namespace
