// header_layout_test.cc - struct sizes and field offsets: include/ vs libpcap 1.10.3.
//
// One probe program prints sizeof/offsetof/alignof for every public struct
// (and the public scalar typedefs and enumerators); it is compiled once against the system
// headers and once against ours, and the outputs must be equal.
// struct pcap_stat is ours with three Npcap fields appended: only its first
// three fields are compared. Needs Debian's libpcap0.8-dev.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "abi/header_probe.h"

namespace wpcap::testing {
namespace {

struct Layout {
  const char* type;                 // as written in C: "struct pcap_pkthdr", "pcap_usb_setup"
  std::vector<const char*> fields;  // empty: size only
  bool compare_size = true;
};

const char kProbeIncludes[] =
    "#include <stddef.h>\n#include <stdio.h>\n#include <pcap/pcap.h>\n#include <pcap/namedb.h>\n"
    "#include <pcap/sll.h>\n#include <pcap/vlan.h>\n#include <pcap/usb.h>\n"
    "#include <pcap/can_socketcan.h>\n#include <pcap/nflog.h>\n#include <pcap/ipnet.h>\n"
    "#include <pcap/bluetooth.h>\n";

const std::vector<Layout>& layouts() {
  static const std::vector<Layout> k = {
      {"struct pcap_file_header",
       {"magic", "version_major", "version_minor", "thiszone", "sigfigs", "snaplen", "linktype"}},
      {"struct pcap_pkthdr", {"ts", "caplen", "len"}},
      {"struct pcap_stat", {"ps_recv", "ps_drop", "ps_ifdrop"}, false},
      {"struct pcap_if", {"next", "name", "description", "addresses", "flags"}},
      {"struct pcap_addr", {"next", "addr", "netmask", "broadaddr", "dstaddr"}},
      {"struct pcap_rmtauth", {"type", "username", "password"}},
      {"struct pcap_samp", {"method", "value"}},
      {"struct bpf_program", {"bf_len", "bf_insns"}},
      {"struct bpf_insn", {"code", "jt", "jf", "k"}},
      {"struct pcap_etherent", {"addr", "name"}},
      {"struct sll_header", {"sll_pkttype", "sll_hatype", "sll_halen", "sll_addr", "sll_protocol"}},
      {"struct sll2_header",
       {"sll2_protocol", "sll2_reserved_mbz", "sll2_if_index", "sll2_hatype", "sll2_pkttype", "sll2_halen",
        "sll2_addr"}},
      {"struct vlan_tag", {"vlan_tpid", "vlan_tci"}},
      {"pcap_usb_setup", {"bmRequestType", "bRequest", "wValue", "wIndex", "wLength"}},
      {"iso_rec", {"error_count", "numdesc"}},
      {"pcap_usb_header",
       {"id", "event_type", "transfer_type", "endpoint_number", "device_address", "bus_id", "setup_flag",
        "data_flag", "ts_sec", "ts_usec", "status", "urb_len", "data_len", "setup"}},
      {"pcap_usb_header_mmapped",
       {"id", "event_type", "transfer_type", "endpoint_number", "device_address", "bus_id", "setup_flag",
        "data_flag", "ts_sec", "ts_usec", "status", "urb_len", "data_len", "s", "s.setup", "s.iso", "interval",
        "start_frame", "xfer_flags", "ndesc"}},
      {"usb_isodesc", {"status", "offset", "len", "pad"}},
      {"pcap_can_socketcan_hdr", {"can_id", "payload_length", "fd_flags", "reserved1", "reserved2"}},
      {"nflog_hdr_t", {"nflog_family", "nflog_version", "nflog_rid"}},
      {"nflog_tlv_t", {"tlv_length", "tlv_type"}},
      {"nflog_packet_hdr_t", {"hw_protocol", "hook", "pad"}},
      {"nflog_hwaddr_t", {"hw_addrlen", "pad", "hw_addr"}},
      {"nflog_timestamp_t", {"sec", "usec"}},
      {"pcap_bluetooth_h4_header", {"direction"}},
      {"pcap_bluetooth_linux_monitor_header", {"adapter_id", "opcode"}},
      {"bpf_int32", {}},
      {"bpf_u_int32", {}},
      {"pcap_direction_t", {}},
      {"pcap_handler", {}},
      {"pcap_if_t", {}},
      {"pcap_addr_t", {}},
      {"SOCKET", {}},
  };
  return k;
}

std::string probe_source() {
  std::string s = std::string(kProbeIncludes) + "int main(void) {\n";
  auto line = [&s](const std::string& label, const std::string& expr) {
    s += "  printf(\"%s %zu\\n\", \"" + label + "\", (size_t)(" + expr + "));\n";
  };
  for (const Layout& l : layouts()) {
    std::string t = l.type;
    if (l.compare_size) {
      line("sizeof(" + t + ")", "sizeof(" + t + ")");
      line("alignof(" + t + ")", "_Alignof(" + t + ")");
    }
    for (const char* f : l.fields) {
      line("offsetof(" + t + ", " + f + ")", "offsetof(" + t + ", " + f + ")");
      line("sizeof(" + t + "." + f + ")", "sizeof(((" + t + " *)0)->" + f + ")");
    }
  }
  // Enumerators are not macros, so the constants test cannot see them.
  for (const char* e : {"PCAP_D_INOUT", "PCAP_D_IN", "PCAP_D_OUT"}) line(std::string("value ") + e, e);
  s += "  return 0;\n}\n";
  return s;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

std::vector<std::string> run_probe(const ProbeDir& dir, const std::string& name, const std::string& flags) {
  std::string src = dir.file(name + ".c"), exe = dir.file(name);
  EXPECT_TRUE(write_file(src, probe_source()));
  CommandResult c = run_command(std::string(WPCAP_TEST_CC) + " -std=gnu11 -w " + flags + " -o " + exe + " " + src);
  EXPECT_EQ(c.status, 0) << name << " probe does not compile:\n" << c.output;
  if (c.status != 0) return {};
  CommandResult r = run_command(exe);
  EXPECT_EQ(r.status, 0) << r.output;
  return lines_of(r.output);
}

TEST(HeaderLayoutTest, StructsMatchLibpcap) {
  if (access("/usr/include/pcap/pcap.h", R_OK) != 0) GTEST_SKIP() << "libpcap0.8-dev is not installed";
  ProbeDir dir;
  ASSERT_TRUE(dir.ok());
  std::vector<std::string> sys = run_probe(dir, "system", "");
  std::vector<std::string> ours = run_probe(dir, "ours", std::string("-I ") + WPCAP_TEST_INCLUDE_DIR);
  ASSERT_FALSE(sys.empty());
  ASSERT_EQ(ours.size(), sys.size());
  for (size_t i = 0; i < sys.size(); ++i) EXPECT_EQ(ours[i], sys[i]);
}

TEST(HeaderLayoutTest, PcapStatHasNpcapFieldsAfterThePortableThree) {
  ProbeDir dir;
  ASSERT_TRUE(dir.ok());
  std::string src = dir.file("stat.c"), exe = dir.file("stat");
  write_file(src,
             "#include <stddef.h>\n#include <stdio.h>\n#include <pcap/pcap.h>\n"
             "int main(void) { printf(\"%zu %zu %zu %zu\\n\", sizeof(struct pcap_stat),"
             " offsetof(struct pcap_stat, ps_capt), offsetof(struct pcap_stat, ps_sent),"
             " offsetof(struct pcap_stat, ps_netdrop)); return 0; }\n");
  CommandResult c = run_command(std::string(WPCAP_TEST_CC) + " -I " + WPCAP_TEST_INCLUDE_DIR + " -o " + exe + " " +
                                src);
  ASSERT_EQ(c.status, 0) << c.output;
  EXPECT_EQ(run_command(exe).output, "24 12 16 20\n");
}

}  // namespace
}  // namespace wpcap::testing
