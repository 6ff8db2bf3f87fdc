// filter_api_test.cc - pcap_compile, pcap_compile_nopcap and pcap_freecode
// of our libpcap.so.0.8 against the system libpcap, called through the C
// ABI (both dlmopen'ed): return codes, errbuf texts, program lengths and
// the order in which libpcap reports errors (snaplen, link type, text).
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <string>
#include <vector>

#include "testing/pcap_lib.h"

namespace wpcap::testing {
namespace {

struct Outcome {
  int rc = 0;
  std::string err;
  unsigned len = 0;
  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << "rc " << o.rc << " err [" << o.err << "] len " << o.len;
}

Outcome compile_dead(const PcapLib& lib, int dlt, int snaplen, const char* text, int optimize = 1) {
  auto open_dead = lib.fn<pcap_t*(int, int)>("pcap_open_dead");
  auto compile = lib.fn<int(pcap_t*, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile");
  auto geterr = lib.fn<char*(pcap_t*)>("pcap_geterr");
  auto close = lib.fn<void(pcap_t*)>("pcap_close");
  auto freecode = lib.fn<void(bpf_program*)>("pcap_freecode");
  pcap_t* p = open_dead(dlt, snaplen);
  bpf_program prog{};
  Outcome o;
  o.rc = compile(p, &prog, text, optimize, PCAP_NETMASK_UNKNOWN);
  if (o.rc < 0) o.err = geterr(p);
  o.len = prog.bf_len;
  freecode(&prog);
  freecode(&prog);  // twice is harmless (bf_insns is NULL after the first)
  if (&lib == &PcapLib::ours()) freecode(nullptr);  // ours accepts NULL; libpcap 1.10.3 crashes
  close(p);
  return o;
}

TEST(FilterApi, CompileOnDeadHandlesLikeLibpcap) {
  const PcapLib& sys = PcapLib::system();
  const PcapLib& ours = PcapLib::ours();
  ASSERT_TRUE(sys.loaded()) << sys.error();
  ASSERT_TRUE(ours.loaded()) << ours.error();
  struct Case {
    int dlt, snaplen;
    const char* text;
  };
  const Case kCases[] = {
      {DLT_EN10MB, 262144, ""},        {DLT_EN10MB, 262144, nullptr},     {DLT_EN10MB, 100, "tcp"},
      {DLT_EN10MB, 0, "tcp"},          {DLT_EN10MB, 0, ""},               {DLT_EN10MB, 0, "(("},
      {300, 0, "tcp"},                 {300, 100, "(("},                  {300, 100, ""},
      {DLT_EN10MB, 100, "(("},         {DLT_EN10MB, 100, "ip and arp"},   {DLT_RAW, 100, "arp"},
      {DLT_EN10MB, 100, "host 1.2.3.4 and 08"}, {147, 100, "link[0] = 1"}, {147, 100, "ip"},
  };
  for (const Case& c : kCases) {
    for (int opt : {0, 1}) {
      Outcome a = compile_dead(ours, c.dlt, c.snaplen, c.text, opt);
      Outcome b = compile_dead(sys, c.dlt, c.snaplen, c.text, opt);
      EXPECT_EQ(a.rc, b.rc) << (c.text ? c.text : "(null)");
      EXPECT_EQ(a.err, b.err) << (c.text ? c.text : "(null)");
      if (c.text != nullptr && std::string(c.text).empty()) EXPECT_EQ(a.len, b.len);
    }
  }
}

TEST(FilterApi, NotActivatedAndNopcap) {
  for (const PcapLib* lib : {&PcapLib::ours(), &PcapLib::system()}) {
    ASSERT_TRUE(lib->loaded());
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    auto create = lib->fn<pcap_t*(const char*, char*)>("pcap_create");
    auto compile = lib->fn<int(pcap_t*, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile");
    auto geterr = lib->fn<char*(pcap_t*)>("pcap_geterr");
    auto close = lib->fn<void(pcap_t*)>("pcap_close");
    pcap_t* p = create("lo", errbuf);
    ASSERT_NE(p, nullptr) << errbuf;
    bpf_program prog{};
    EXPECT_EQ(compile(p, &prog, "tcp", 1, 0), -1) << lib->path();
    EXPECT_STREQ(geterr(p), "not-yet-activated pcap_t passed to pcap_compile") << lib->path();
    close(p);

    auto nopcap = lib->fn<int(int, int, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile_nopcap");
    auto freecode = lib->fn<void(bpf_program*)>("pcap_freecode");
    EXPECT_EQ(nopcap(65535, DLT_EN10MB, &prog, "tcp", 1, 0), 0) << lib->path();
    EXPECT_GT(prog.bf_len, 0u);
    freecode(&prog);
    EXPECT_EQ(prog.bf_insns, nullptr);
    EXPECT_EQ(nopcap(65535, DLT_EN10MB, &prog, "tcp port 99999", 1, 0), -1) << lib->path();
  }
}

// The program pcap_compile returns works with pcap_offline_filter.
TEST(FilterApi, CompiledProgramFilters) {
  const PcapLib& ours = PcapLib::ours();
  auto open_dead = ours.fn<pcap_t*(int, int)>("pcap_open_dead");
  auto compile = ours.fn<int(pcap_t*, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile");
  auto offline_filter = ours.fn<int(const bpf_program*, const pcap_pkthdr*, const u_char*)>("pcap_offline_filter");
  auto freecode = ours.fn<void(bpf_program*)>("pcap_freecode");
  auto close = ours.fn<void(pcap_t*)>("pcap_close");
  pcap_t* p = open_dead(DLT_EN10MB, 1000);
  bpf_program prog{};
  ASSERT_EQ(compile(p, &prog, "udp dst port 53", 1, PCAP_NETMASK_UNKNOWN), 0);
  std::vector<u_char> pkt(60, 0);
  pkt[12] = 0x08;
  pkt[14] = 0x45;
  pkt[23] = 17;
  pkt[37] = 53;
  pcap_pkthdr h{};
  h.caplen = h.len = static_cast<bpf_u_int32>(pkt.size());
  EXPECT_EQ(offline_filter(&prog, &h, pkt.data()), 1000);
  pkt[37] = 54;
  EXPECT_EQ(offline_filter(&prog, &h, pkt.data()), 0);
  freecode(&prog);
  close(p);
}

}  // namespace
}  // namespace wpcap::testing
