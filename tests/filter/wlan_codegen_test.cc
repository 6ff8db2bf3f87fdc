// wlan_codegen_test.cc - 802.11 primitives (codegen_wlan.cc) and the
// run-time header lengths behind them, on hand-built frames with known
// answers: frame types, DS directions, the four addresses, LLC/SNAP after
// QoS and radiotap padding, PPI's DLT check; and the errors. The same
// expressions against libpcap: tests/differential/filter_wlan_diff_test.cc.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <string>
#include <vector>

#include "bpf/program.h"
#include "filter/compile.h"

namespace wpcap::filter {
namespace {

using Bytes = std::vector<u_char>;

const Bytes kA{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
const Bytes kB{0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const Bytes kBcast(6, 0xff);

void add(Bytes& b, const Bytes& x) {
  for (u_char c : x) b.push_back(c);
}

// fc0, fc1, duration, three addresses, then (not for control frames)
// sequence control, the fourth address, QoS control for QoS data, the body.
Bytes frame(u_char fc0, u_char fc1, std::vector<Bytes> addrs, const Bytes& body = {}) {
  Bytes b{fc0, fc1, 0, 0};
  for (size_t i = 0; i < addrs.size() && i < 3; ++i) add(b, addrs[i]);
  if (((fc0 >> 2) & 3) == 1) return b;
  b.push_back(0);
  b.push_back(0);
  if (addrs.size() == 4) add(b, addrs[3]);  // after sequence control
  if (((fc0 >> 2) & 3) == 2 && (fc0 & 0x80)) {
    b.push_back(0);
    b.push_back(0);
  }
  add(b, body);
  return b;
}

// LLC/SNAP, IPv4, TCP 1234 -> dport.
Bytes snap_tcp(uint32_t dport) {
  Bytes b{0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00};
  add(b, {0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2});
  add(b, {0x04, 0xd2, static_cast<u_char>(dport >> 8), static_cast<u_char>(dport)});
  b.resize(b.size() + 16, 0);
  return b;
}

Bytes radiotap_pad(const Bytes& f, size_t mac_len) {  // flags field, data pad
  Bytes b{0, 0, 9, 0, 0x02, 0, 0, 0, 0x20};
  for (size_t i = 0; i < f.size(); ++i) {
    if (i == mac_len)
      while (b.size() % 4) b.push_back(0);
    b.push_back(f[i]);
  }
  return b;
}

Bytes ppi(uint32_t dlt, const Bytes& f) {
  Bytes b{0, 0, 8, 0, static_cast<u_char>(dlt), 0, 0, 0};
  add(b, f);
  return b;
}

bool accepts(int dlt, const std::string& text, const Bytes& pkt, bool optimize) {
  CompileRequest r;
  r.text = text;
  r.linktype = dlt;
  r.optimize = optimize;
  auto insns = compile(r);
  EXPECT_TRUE(insns.has_value()) << text << ": " << insns.status().message();
  if (!insns) return false;
  auto prog = bpf::Program::make(*insns);
  EXPECT_TRUE(prog.has_value()) << text;
  if (!prog) return false;
  return prog->run(pkt.data(), static_cast<u_int>(pkt.size()), static_cast<u_int>(pkt.size())) != 0;
}

struct Case {
  int dlt;
  std::string text;
  Bytes pkt;
  bool match;
};

TEST(WlanCodegen, KnownAnswers) {
  const Bytes beacon = frame(0x80, 0, {kBcast, kA, kA}, Bytes(12, 0));
  const Bytes probe = frame(0x40, 0, {kBcast, kB, kBcast}, Bytes(12, 0));
  const Bytes to_ds = frame(0x08, 0x01, {kB, kA, kBcast}, snap_tcp(80));
  const Bytes from_ds = frame(0x08, 0x02, {kBcast, kB, kA}, snap_tcp(80));
  const Bytes qos = frame(0x88, 0x00, {kB, kA, kB}, snap_tcp(443));
  const Bytes four = frame(0x08, 0x03, {kB, kB, kB, kA}, Bytes(12, 0));
  const Bytes cts = frame(0xc4, 0, {kA});
  const Bytes rts = frame(0xb4, 0, {kB, kA});
  const Case kCases[] = {
      {DLT_IEEE802_11, "type mgt", beacon, true},
      {DLT_IEEE802_11, "type mgt", to_ds, false},
      {DLT_IEEE802_11, "type ctl", cts, true},
      {DLT_IEEE802_11, "subtype beacon", beacon, true},
      {DLT_IEEE802_11, "subtype beacon", probe, false},
      {DLT_IEEE802_11, "type data subtype qos-data", qos, true},
      {DLT_IEEE802_11, "subtype qos-data", to_ds, false},
      {DLT_IEEE802_11, "dir tods", to_ds, true},
      {DLT_IEEE802_11, "dir tods", from_ds, false},
      {DLT_IEEE802_11, "dir dstods", four, true},
      {DLT_IEEE802_11, "wlan src 00:11:22:33:44:55", beacon, true},       // SA at 10
      {DLT_IEEE802_11, "wlan src 00:11:22:33:44:55", from_ds, true},      // SA at 16
      {DLT_IEEE802_11, "wlan src 00:11:22:33:44:55", four, true},         // SA at 24
      {DLT_IEEE802_11, "wlan src 00:11:22:33:44:55", rts, false},         // control: no SA
      {DLT_IEEE802_11, "wlan dst ff:ff:ff:ff:ff:ff", to_ds, true},        // DA at 16 when to the DS
      {DLT_IEEE802_11, "wlan dst 02:00:00:00:00:01", to_ds, false},
      {DLT_IEEE802_11, "broadcast", from_ds, true},
      {DLT_IEEE802_11, "broadcast", qos, false},
      {DLT_IEEE802_11, "multicast", probe, true},
      {DLT_IEEE802_11, "wlan addr1 00:11:22:33:44:55", cts, true},
      {DLT_IEEE802_11, "wlan addr2 00:11:22:33:44:55", rts, true},
      {DLT_IEEE802_11, "wlan addr2 00:11:22:33:44:55", cts, false},
      {DLT_IEEE802_11, "wlan addr3 00:11:22:33:44:55", beacon, true},
      {DLT_IEEE802_11, "wlan addr4 00:11:22:33:44:55", four, true},
      {DLT_IEEE802_11, "wlan addr4 00:11:22:33:44:55", beacon, false},
      {DLT_IEEE802_11, "wlan ra 02:00:00:00:00:01", to_ds, true},
      {DLT_IEEE802_11, "wlan ra ff:ff:ff:ff:ff:ff", beacon, false},       // management: no RA
      {DLT_IEEE802_11, "wlan ta 00:11:22:33:44:55", to_ds, true},
      {DLT_IEEE802_11, "ether host 00:11:22:33:44:55", qos, true},
      {DLT_IEEE802_11, "ip", to_ds, true},
      {DLT_IEEE802_11, "ip", beacon, false},
      {DLT_IEEE802_11, "tcp port 443", qos, true},                        // LLC after the QoS field
      {DLT_IEEE802_11, "tcp port 80", qos, false},
      {DLT_IEEE802_11, "llc", to_ds, true},
      {DLT_IEEE802_11_RADIO, "tcp port 80", radiotap_pad(to_ds, 24), true},
      {DLT_IEEE802_11_RADIO, "tcp port 443", radiotap_pad(qos, 26), true},
      {DLT_IEEE802_11_RADIO, "type data and dir tods", radiotap_pad(to_ds, 24), true},
      {DLT_IEEE802_11_RADIO, "radio[8] & 0x20 != 0", radiotap_pad(to_ds, 24), true},
      {DLT_IEEE802_11_RADIO, "wlan src 00:11:22:33:44:55", radiotap_pad(beacon, 24), true},
      {DLT_PPI, "tcp port 80", ppi(105, to_ds), true},
      {DLT_PPI, "len > 0", ppi(105, to_ds), true},
      {DLT_PPI, "len > 0", ppi(1, to_ds), false},  // only 802.11 inside PPI
  };
  for (const Case& c : kCases)
    for (bool opt : {false, true})
      EXPECT_EQ(accepts(c.dlt, c.text, c.pkt, opt), c.match) << c.dlt << " '" << c.text << "'" << (opt ? " -O" : "");
}

TEST(WlanCodegen, Errors) {
  const struct {
    int dlt;
    const char* text;
    const char* error;
  } kCases[] = {
      {DLT_IEEE802_11, "type foo", "unknown 802.11 type name \"foo\""},
      {DLT_EN10MB, "type foo", "unknown 802.11 type name \"foo\""},
      {DLT_EN10MB, "type mgt", "802.11 link-layer types supported only on 802.11"},
      {DLT_PPI, "subtype beacon", "802.11 link-layer types supported only on 802.11"},
      {DLT_IEEE802_11, "type 3", "invalid 802.11 type value 0x03"},
      {DLT_IEEE802_11, "type ctl subtype 5", "invalid 802.11 subtype value 0x05"},
      {DLT_IEEE802_11, "type ctl subtype beacon", "unknown 802.11 subtype name \"beacon\""},
      {DLT_IEEE802_11, "type 12 subtype beacon", "unknown 802.11 type"},
      {DLT_IEEE802_11, "subtype nosuch", "unknown 802.11 type name"},
      {DLT_IEEE802_11, "dir sideways", "unknown 802.11 direction"},
      {DLT_EN10MB, "dir 1", "frame direction supported only with 802.11 headers"},
      {DLT_IEEE802_11, "radio[0] = 1", "radio information not present in capture"},
      {DLT_PPI, "vlan", "no VLAN support for Per-Packet Information"},
      {DLT_IEEE802_11, "mpls", "no MPLS support for 802.11"},
  };
  for (const auto& c : kCases) {
    CompileRequest r;
    r.text = c.text;
    r.linktype = c.dlt;
    auto p = compile(r);
    ASSERT_FALSE(p.has_value()) << c.text;
    EXPECT_EQ(p.status().message(), c.error) << c.text;
  }
}

}  // namespace
}  // namespace wpcap::filter
