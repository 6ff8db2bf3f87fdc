// unsupported_api_test.cc - calls whose backend has not landed yet (remote
// capture) or that a handle type cannot serve (Npcap extensions on
// savefiles and dead handles) fail with an error code and a clear message:
// never a crash, never a silent success. The local and file forms of the
// remote API work.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <string>

namespace {

std::string sample() { return std::string(WPCAP_TEST_SOURCE_DIR) + "/samples/sample.pcap"; }

TEST(UnsupportedApi, RemoteSourcesReportAClearError) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  EXPECT_EQ(pcap_open("rpcap://127.0.0.1/eth0", 100, 0, 10, nullptr, errbuf), nullptr);
  EXPECT_NE(std::string(errbuf).find("rpcap"), std::string::npos) << errbuf;
  pcap_if_t* devs = nullptr;
  errbuf[0] = '\0';
  EXPECT_EQ(pcap_findalldevs_ex("rpcap://127.0.0.1/", nullptr, &devs, errbuf), PCAP_ERROR);
  EXPECT_NE(std::string(errbuf).find("not available"), std::string::npos) << errbuf;
  char host[PCAP_BUF_SIZE] = {};
  errbuf[0] = '\0';
  EXPECT_EQ(pcap_remoteact_accept("127.0.0.1", "2003", "", host, nullptr, errbuf), PCAP_INVALID_SOCKET);
  EXPECT_NE(std::string(errbuf).find("not available"), std::string::npos) << errbuf;
  errbuf[0] = '\0';
  EXPECT_EQ(pcap_remoteact_list(host, ',', sizeof host, errbuf), PCAP_ERROR);
  EXPECT_NE(errbuf[0], '\0');
}

TEST(UnsupportedApi, FileSourcesOpenThroughPcapOpen) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  char source[PCAP_BUF_SIZE] = {};
  ASSERT_EQ(pcap_createsrcstr(source, PCAP_SRC_FILE, nullptr, nullptr, sample().c_str(), errbuf), 0) << errbuf;
  pcap_t* p = pcap_open(source, 65535, 0, 10, nullptr, errbuf);
  ASSERT_NE(p, nullptr) << errbuf;
  struct pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  EXPECT_EQ(pcap_next_ex(p, &h, &data), 1);
  EXPECT_NE(pcap_setsampling(p), nullptr);
  pcap_close(p);
}

TEST(UnsupportedApi, NpcapExtensionsOnSavefilesFailWithAMessage) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline(sample().c_str(), errbuf);
  ASSERT_NE(p, nullptr) << errbuf;
  EXPECT_EQ(pcap_setbuff(p, 1000000), PCAP_ERROR);
  EXPECT_NE(std::string(pcap_geterr(p)).find("savefiles"), std::string::npos) << pcap_geterr(p);
  EXPECT_EQ(pcap_setmode(p, MODE_STAT), PCAP_ERROR);
  EXPECT_NE(std::string(pcap_geterr(p)), "");
  EXPECT_EQ(pcap_setmintocopy(p, 100), PCAP_ERROR);
  EXPECT_EQ(pcap_getevent(p), -1);
  size_t len = 4;
  unsigned char buf[4] = {};
  EXPECT_EQ(pcap_oid_get_request(p, 0x00010104, buf, &len), PCAP_ERROR);
  int size = 0;
  EXPECT_EQ(pcap_stats_ex(p, &size), nullptr);
  EXPECT_NE(std::string(pcap_geterr(p)).find("Statistics aren't available"), std::string::npos) << pcap_geterr(p);
  EXPECT_EQ(pcap_live_dump(p, nullptr, 0, 0), PCAP_ERROR);
  pcap_close(p);
}

TEST(UnsupportedApi, SendQueueOnADeadHandleSendsNothing) {
  pcap_t* p = pcap_open_dead(DLT_EN10MB, 65535);
  ASSERT_NE(p, nullptr);
  pcap_send_queue* q = pcap_sendqueue_alloc(1024);
  ASSERT_NE(q, nullptr);
  u_char frame[60] = {};
  struct pcap_pkthdr h = {};
  h.caplen = h.len = sizeof frame;
  ASSERT_EQ(pcap_sendqueue_queue(q, &h, frame), 0);
  EXPECT_EQ(pcap_sendqueue_transmit(p, q, 0), 0u);
  EXPECT_NE(std::string(pcap_geterr(p)).find("pcap_open_dead"), std::string::npos) << pcap_geterr(p);
  pcap_sendqueue_destroy(q);
  pcap_close(p);
}

}  // namespace
