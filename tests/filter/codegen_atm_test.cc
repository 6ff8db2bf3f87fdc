// codegen_atm_test.cc - raw ATM primitives (codegen_atm.cc) on DLT_SUNATM:
// which cells each primitive accepts, "lane" switching to Ethernet, and the
// errors elsewhere. Facts checked against libpcap 1.10.3 by
// tests/differential/filter_linktypes_diff_test.cc.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <string>
#include <vector>

#include "testing/filter_verdict.h"

namespace wpcap::filter {
namespace {

using Bytes = std::vector<uint8_t>;

using testing::filter_error;
using testing::filter_verdict;

// Pseudo-header (type, VPI, VCI) and a signalling payload (message type at 5).
Bytes cell(uint8_t type, uint8_t vpi, uint16_t vci, uint8_t msg = 0) {
  return {type, vpi, static_cast<uint8_t>(vci >> 8), static_cast<uint8_t>(vci), 9, 3, 0, 0, 1, msg, 0, 0};
}

// LLC/SNAP IPv4 (type 2) or LANE Ethernet IPv4 (type 1, LE header lec).
Bytes ipv4_frame(bool lane, uint16_t lec = 1) {
  const auto hi = static_cast<uint8_t>(lec >> 8), lo = static_cast<uint8_t>(lec);
  Bytes b = lane ? Bytes{1, 0, 0, 32, hi, lo, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x00}
                 : Bytes{2, 0, 0, 32, 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00};
  for (uint8_t v : {0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 53, 0, 53, 0, 8, 0, 0})
    b.push_back(v);
  return b;
}

TEST(CodegenAtm, Verdicts) {
  const struct {
    const char* expr;
    Bytes pkt;
    int want;
  } kCases[] = {
      {"vpi 1", cell(0, 1, 40), 1},
      {"vpi 1", cell(0, 2, 40), 0},
      {"vpi 256", cell(0, 0, 40), 0},  // no range check in libpcap 1.10.3
      {"vci > 31", cell(0, 0, 32), 1},
      {"vci <= 31", cell(0, 0, 32), 0},
      {"vci != 5", cell(0, 0, 5), 1},  // libpcap negates only </<=: "!=" tests equality
      {"vpi (1 or 2)", cell(0, 2, 9), 1},
      {"metac", cell(0, 0, 1), 1},
      {"bcc", cell(0, 0, 2), 1},
      {"oamf4sc", cell(0, 0, 3), 1},
      {"oamf4ec", cell(0, 0, 4), 1},
      {"sc", cell(0, 0, 5), 1},
      {"ilmic", cell(0, 0, 16), 1},
      {"ilmic", cell(0, 1, 16), 0},
      {"oam", cell(0, 0, 4), 1},
      {"oamf4", cell(0, 0, 5), 0},
      {"connectmsg", cell(0, 0, 5, 0x0f), 1},     // CONNECT_ACK
      {"metaconnect", cell(0, 0, 1, 0x0f), 0},    // not in the meta set
      {"metaconnect", cell(0, 0, 1, 0x5a), 1},    // RELEASE_DONE
      {"connectmsg", cell(0, 0, 1, 0x05), 0},     // SETUP, but on the meta circuit
      {"ip", ipv4_frame(false), 1},
      {"ip", ipv4_frame(true), 0},
      {"llc and udp port 53", ipv4_frame(false), 1},
      {"lane", ipv4_frame(true), 1},
      {"lane and ip and broadcast", ipv4_frame(true), 1},
      {"lane and ip", ipv4_frame(true, 0xff00), 0},  // LE Control frame
      {"lane and ether src 00:11:22:33:44:55", ipv4_frame(true), 1},
      {"lane and vpi 255", ipv4_frame(true), 1},  // read past the LE header, as libpcap does: byte 7
      {"lane and host 10.0.0.2", ipv4_frame(true), 1},
  };
  for (const auto& c : kCases) EXPECT_EQ(filter_verdict(DLT_SUNATM, c.expr, c.pkt), c.want) << c.expr;
}

TEST(CodegenAtm, Errors) {
  const struct {
    int dlt;
    const char* expr;
    const char* error;
  } kCases[] = {
      {DLT_EN10MB, "vpi 1", "'vpi' supported only on raw ATM"},
      {DLT_ATM_RFC1483, "vci 1", "'vci' supported only on raw ATM"},
      {DLT_EN10MB, "lane", "'lane' supported only on raw ATM"},
      {DLT_EN10MB, "oamf4ec", "'oam4ec' supported only on raw ATM"},
      {DLT_EN10MB, "oamf4sc", "'oam4sc' supported only on raw ATM"},
      {DLT_EN10MB, "connectmsg", "'connectmsg' supported only on raw ATM"},
      {DLT_SUNATM, "mpls", "no MPLS support for Sun raw ATM"},
      {DLT_SUNATM, "ether host 1:2:3:4:5:6",
       "ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel"},
      {DLT_SUNATM, "broadcast", "not a broadcast link"},
  };
  for (const auto& c : kCases) EXPECT_EQ(filter_error(c.dlt, c.expr), c.error) << c.expr;
}

}  // namespace
}  // namespace wpcap::filter
