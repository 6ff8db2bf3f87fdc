// handle_diff_test.cc - the handle state machine and error channels behave
// as the system libpcap's: status texts, pcap_open_dead getters, option
// setters before/after activation, operations on unactivated handles.
// Both libraries are loaded side by side with dlmopen (testing/pcap_lib.h).
#include <gtest/gtest.h>

#include <string>

#include "testing/pcap_lib.h"

namespace {

using wpcap::testing::PcapLib;

// The functions these tests call, resolved from one library.
struct Api {
  explicit Api(const PcapLib& lib)
      : statustostr(lib.fn<const char*(int)>("pcap_statustostr")),
        strerror(lib.fn<const char*(int)>("pcap_strerror")),
        open_dead(lib.fn<pcap_t*(int, int)>("pcap_open_dead")),
        open_dead_prec(lib.fn<pcap_t*(int, int, u_int)>("pcap_open_dead_with_tstamp_precision")),
        create(lib.fn<pcap_t*(const char*, char*)>("pcap_create")),
        close(lib.fn<void(pcap_t*)>("pcap_close")),
        datalink(lib.fn<int(pcap_t*)>("pcap_datalink")),
        datalink_ext(lib.fn<int(pcap_t*)>("pcap_datalink_ext")),
        snapshot(lib.fn<int(pcap_t*)>("pcap_snapshot")),
        is_swapped(lib.fn<int(pcap_t*)>("pcap_is_swapped")),
        major(lib.fn<int(pcap_t*)>("pcap_major_version")),
        minor(lib.fn<int(pcap_t*)>("pcap_minor_version")),
        bufsize(lib.fn<int(pcap_t*)>("pcap_bufsize")),
        set_snaplen(lib.fn<int(pcap_t*, int)>("pcap_set_snaplen")),
        set_promisc(lib.fn<int(pcap_t*, int)>("pcap_set_promisc")),
        set_timeout(lib.fn<int(pcap_t*, int)>("pcap_set_timeout")),
        set_buffer_size(lib.fn<int(pcap_t*, int)>("pcap_set_buffer_size")),
        set_tstamp_type(lib.fn<int(pcap_t*, int)>("pcap_set_tstamp_type")),
        set_tstamp_precision(lib.fn<int(pcap_t*, int)>("pcap_set_tstamp_precision")),
        get_tstamp_precision(lib.fn<int(pcap_t*)>("pcap_get_tstamp_precision")),
        geterr(lib.fn<char*(pcap_t*)>("pcap_geterr")),
        stats(lib.fn<int(pcap_t*, pcap_stat*)>("pcap_stats")),
        setnonblock(lib.fn<int(pcap_t*, int, char*)>("pcap_setnonblock")),
        getnonblock(lib.fn<int(pcap_t*, char*)>("pcap_getnonblock")),
        list_datalinks(lib.fn<int(pcap_t*, int**)>("pcap_list_datalinks")),
        free_datalinks(lib.fn<void(int*)>("pcap_free_datalinks")),
        list_tstamp_types(lib.fn<int(pcap_t*, int**)>("pcap_list_tstamp_types")),
        free_tstamp_types(lib.fn<void(int*)>("pcap_free_tstamp_types")),
        init(lib.fn<int(unsigned, char*)>("pcap_init")),
        dispatch(lib.fn<int(pcap_t*, int, pcap_handler, u_char*)>("pcap_dispatch")),
        compile(lib.fn<int(pcap_t*, bpf_program*, const char*, int, bpf_u_int32)>("pcap_compile")),
        freecode(lib.fn<void(bpf_program*)>("pcap_freecode")) {}

  const char* (*statustostr)(int);
  const char* (*strerror)(int);
  pcap_t* (*open_dead)(int, int);
  pcap_t* (*open_dead_prec)(int, int, u_int);
  pcap_t* (*create)(const char*, char*);
  void (*close)(pcap_t*);
  int (*datalink)(pcap_t*);
  int (*datalink_ext)(pcap_t*);
  int (*snapshot)(pcap_t*);
  int (*is_swapped)(pcap_t*);
  int (*major)(pcap_t*);
  int (*minor)(pcap_t*);
  int (*bufsize)(pcap_t*);
  int (*set_snaplen)(pcap_t*, int);
  int (*set_promisc)(pcap_t*, int);
  int (*set_timeout)(pcap_t*, int);
  int (*set_buffer_size)(pcap_t*, int);
  int (*set_tstamp_type)(pcap_t*, int);
  int (*set_tstamp_precision)(pcap_t*, int);
  int (*get_tstamp_precision)(pcap_t*);
  char* (*geterr)(pcap_t*);
  int (*stats)(pcap_t*, pcap_stat*);
  int (*setnonblock)(pcap_t*, int, char*);
  int (*getnonblock)(pcap_t*, char*);
  int (*list_datalinks)(pcap_t*, int**);
  void (*free_datalinks)(int*);
  int (*list_tstamp_types)(pcap_t*, int**);
  void (*free_tstamp_types)(int*);
  int (*init)(unsigned, char*);
  int (*dispatch)(pcap_t*, int, pcap_handler, u_char*);
  int (*compile)(pcap_t*, bpf_program*, const char*, int, bpf_u_int32);
  void (*freecode)(bpf_program*);
};

class HandleDiff : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(PcapLib::system().loaded()) << PcapLib::system().error();
    ASSERT_TRUE(PcapLib::ours().loaded()) << PcapLib::ours().error();
  }
  Api theirs{PcapLib::system()};
  Api ours{PcapLib::ours()};
};

TEST_F(HandleDiff, StatusTexts) {
  for (int code = -20; code <= 10; ++code) {
    // -13 (PCAP_ERROR_CAPTURE_NOTSUP) is newer than libpcap 1.10.3.
    if (code == -13) {
      EXPECT_STREQ(ours.statustostr(code), "Packet capture is not supported on that device");
      continue;
    }
    EXPECT_STREQ(ours.statustostr(code), theirs.statustostr(code)) << code;
  }
}

TEST_F(HandleDiff, StrerrorTexts) {
  for (int e = 0; e < 140; ++e) EXPECT_STREQ(ours.strerror(e), theirs.strerror(e)) << e;
}

TEST_F(HandleDiff, OpenDeadGetters) {
  const int cases[][2] = {{1, 65535}, {0, 0}, {12, 262144}, {113, 100}, {276, -5}, {147, 1}};
  for (const auto& c : cases) {
    pcap_t* a = theirs.open_dead(c[0], c[1]);
    pcap_t* b = ours.open_dead(c[0], c[1]);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(ours.datalink(b), theirs.datalink(a));
    EXPECT_EQ(ours.datalink_ext(b), theirs.datalink_ext(a));
    EXPECT_EQ(ours.snapshot(b), theirs.snapshot(a));
    EXPECT_EQ(ours.is_swapped(b), theirs.is_swapped(a));
    EXPECT_EQ(ours.major(b), theirs.major(a));
    EXPECT_EQ(ours.minor(b), theirs.minor(a));
    EXPECT_EQ(ours.get_tstamp_precision(b), theirs.get_tstamp_precision(a));
    int *la = nullptr, *lb = nullptr;
    int na = theirs.list_datalinks(a, &la);
    int nb = ours.list_datalinks(b, &lb);
    ASSERT_EQ(nb, na);
    for (int i = 0; i < na; ++i) EXPECT_EQ(lb[i], la[i]);
    theirs.free_datalinks(la);
    ours.free_datalinks(lb);
    // Setters on an activated handle.
    EXPECT_EQ(ours.set_snaplen(b, 100), theirs.set_snaplen(a, 100));
    EXPECT_STREQ(ours.geterr(b), theirs.geterr(a));
    EXPECT_EQ(ours.set_tstamp_precision(b, 1), theirs.set_tstamp_precision(a, 1));
    theirs.close(a);
    ours.close(b);
  }
}

TEST_F(HandleDiff, OpenDeadPrecision) {
  for (u_int prec : {0u, 1u, 2u, 100u}) {
    pcap_t* a = theirs.open_dead_prec(1, 100, prec);
    pcap_t* b = ours.open_dead_prec(1, 100, prec);
    EXPECT_EQ(a == nullptr, b == nullptr) << prec;
    if (a != nullptr && b != nullptr) {
      EXPECT_EQ(ours.get_tstamp_precision(b), theirs.get_tstamp_precision(a));
    }
    if (a != nullptr) theirs.close(a);
    if (b != nullptr) ours.close(b);
  }
}

TEST_F(HandleDiff, OpenDeadOperations) {
  pcap_t* a = theirs.open_dead(1, 65535);
  pcap_t* b = ours.open_dead(1, 65535);
  pcap_stat sa{}, sb{};
  EXPECT_EQ(ours.stats(b, &sb), theirs.stats(a, &sa));
  EXPECT_STREQ(ours.geterr(b), theirs.geterr(a));
  char ea[PCAP_ERRBUF_SIZE] = {}, eb[PCAP_ERRBUF_SIZE] = {};
  EXPECT_EQ(ours.getnonblock(b, eb), theirs.getnonblock(a, ea));
  EXPECT_EQ(ours.setnonblock(b, 1, eb), theirs.setnonblock(a, 1, ea));
  bpf_program pa{}, pb{};
  EXPECT_EQ(ours.compile(b, &pb, "", 1, PCAP_NETMASK_UNKNOWN), theirs.compile(a, &pa, "", 1, PCAP_NETMASK_UNKNOWN));
  ASSERT_EQ(pb.bf_len, pa.bf_len);
  for (u_int i = 0; i < pa.bf_len; ++i) {
    EXPECT_EQ(pb.bf_insns[i].code, pa.bf_insns[i].code);
    EXPECT_EQ(pb.bf_insns[i].k, pa.bf_insns[i].k);
  }
  theirs.freecode(&pa);
  ours.freecode(&pb);
  theirs.close(a);
  ours.close(b);
}

TEST_F(HandleDiff, UnactivatedHandle) {
  char ea[PCAP_ERRBUF_SIZE] = {}, eb[PCAP_ERRBUF_SIZE] = {};
  pcap_t* a = theirs.create("wpcap-no-such-dev0", ea);
  pcap_t* b = ours.create("wpcap-no-such-dev0", eb);
  ASSERT_NE(a, nullptr) << ea;
  ASSERT_NE(b, nullptr) << eb;
  EXPECT_EQ(ours.datalink(b), theirs.datalink(a));
  EXPECT_EQ(ours.snapshot(b), theirs.snapshot(a));
  EXPECT_EQ(ours.bufsize(b), theirs.bufsize(a));
  EXPECT_EQ(ours.set_snaplen(b, 96), theirs.set_snaplen(a, 96));
  EXPECT_EQ(ours.set_promisc(b, 1), theirs.set_promisc(a, 1));
  EXPECT_EQ(ours.set_timeout(b, 10), theirs.set_timeout(a, 10));
  EXPECT_EQ(ours.set_buffer_size(b, -1), theirs.set_buffer_size(a, -1));
  EXPECT_EQ(ours.set_tstamp_precision(b, 1), theirs.set_tstamp_precision(a, 1));
  EXPECT_EQ(ours.get_tstamp_precision(b), theirs.get_tstamp_precision(a));
  EXPECT_EQ(ours.set_tstamp_precision(b, 7), theirs.set_tstamp_precision(a, 7));
  EXPECT_EQ(ours.set_tstamp_type(b, 0), theirs.set_tstamp_type(a, 0));
  EXPECT_EQ(ours.set_tstamp_type(b, 99), theirs.set_tstamp_type(a, 99));
  EXPECT_EQ(ours.set_tstamp_type(b, -1), theirs.set_tstamp_type(a, -1));
  EXPECT_EQ(ours.getnonblock(b, eb), theirs.getnonblock(a, ea));
  EXPECT_EQ(ours.setnonblock(b, 1, eb), theirs.setnonblock(a, 1, ea));
  EXPECT_EQ(ours.getnonblock(b, eb), theirs.getnonblock(a, ea));
  pcap_stat sa{}, sb{};
  EXPECT_EQ(ours.stats(b, &sb), theirs.stats(a, &sa));
  EXPECT_STREQ(ours.geterr(b), theirs.geterr(a));
  EXPECT_EQ(ours.dispatch(b, 1, nullptr, nullptr), theirs.dispatch(a, 1, nullptr, nullptr));
  EXPECT_STREQ(ours.geterr(b), theirs.geterr(a));
  bpf_program pa{}, pb{};
  EXPECT_EQ(ours.compile(b, &pb, "", 1, 0), theirs.compile(a, &pa, "", 1, 0));
  EXPECT_STREQ(ours.geterr(b), theirs.geterr(a));
  theirs.close(a);
  ours.close(b);
}

TEST_F(HandleDiff, InitOptions) {
  char ea[PCAP_ERRBUF_SIZE] = {}, eb[PCAP_ERRBUF_SIZE] = {};
  EXPECT_EQ(ours.init(7, eb), theirs.init(7, ea));
  EXPECT_STREQ(eb, ea);
  EXPECT_EQ(ours.init(PCAP_CHAR_ENC_LOCAL, eb), theirs.init(PCAP_CHAR_ENC_LOCAL, ea));
  EXPECT_EQ(ours.init(PCAP_CHAR_ENC_UTF_8, eb), theirs.init(PCAP_CHAR_ENC_UTF_8, ea));
  EXPECT_STREQ(eb, ea);
}

}  // namespace
