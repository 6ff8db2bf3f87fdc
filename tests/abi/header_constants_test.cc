// header_constants_test.cc - include/ against libpcap 1.10.3's installed headers.
//
// For every public header: each macro the system header defines (beyond the
// libc headers it pulls in) must exist in ours; object-like macros must have
// the same value (text, or numerically when they are integer constants) and
// function-like ones the same parameter list. Every public struct must have
// the same size and field offsets (struct pcap_stat: first three fields only).
// Needs the system headers from Debian's libpcap0.8-dev.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "abi/header_probe.h"

namespace wpcap::testing {
namespace {

const char kSystemPcapHeader[] = "/usr/include/pcap/pcap.h";

// libc headers that pcap headers include; their macros are not ours to check.
const char kLibcPrelude[] =
    "#include <stdio.h>\n#include <stdint.h>\n#include <inttypes.h>\n#include <sys/types.h>\n"
    "#include <sys/time.h>\n#include <sys/socket.h>\n#include <netdb.h>\n#include <netinet/in.h>\n"
    "#include <arpa/inet.h>\n";

struct HeaderCase {
  const char* header;
  const char* prelude;  // what a client must include first
};

const HeaderCase kHeaders[] = {
    {"pcap.h", ""},
    {"pcap/pcap.h", ""},
    {"pcap-bpf.h", ""},
    {"pcap/bpf.h", ""},
    {"pcap/dlt.h", ""},
    {"pcap-namedb.h", "#include <pcap.h>\n"},
    {"pcap/namedb.h", "#include <pcap/pcap.h>\n"},
    {"pcap/sll.h", ""},
    {"pcap/vlan.h", ""},
    {"pcap/usb.h", ""},
    {"pcap/can_socketcan.h", ""},
    {"pcap/nflog.h", ""},
    {"pcap/ipnet.h", ""},
    {"pcap/bluetooth.h", ""},
    {"pcap/funcattrs.h", ""},
    {"pcap/compiler-tests.h", ""},
    {"pcap/socket.h", ""},
    {"pcap/pcap-inttypes.h", ""},
};

struct Macro {
  std::string params;  // "(x,y)" for function-like macros, "" otherwise
  std::string body;    // whitespace-normalized replacement list
  bool function_like() const { return !params.empty(); }
};
using MacroMap = std::map<std::string, Macro>;

std::string normalize(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

MacroMap parse_dm(const std::string& text) {
  MacroMap out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("#define ", 0) != 0) continue;
    size_t i = 8, start = 8;
    while (i < line.size() && (isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_')) ++i;
    Macro m;
    std::string name = line.substr(start, i - start);
    if (i < line.size() && line[i] == '(') {
      size_t close = line.find(')', i);
      m.params = normalize(line.substr(i, close + 1 - i));
      i = close + 1;
    }
    m.body = normalize(line.substr(i));
    out[name] = m;
  }
  return out;
}

class HeaderProbe {
 public:
  explicit HeaderProbe(const ProbeDir& dir) : dir_(dir) {}

  // Macros defined after `source` is preprocessed; include_flag is "" (system) or "-I ...".
  MacroMap macros(const std::string& source, const std::string& include_flag, std::string* err) {
    std::string path = dir_.file("probe" + std::to_string(n_++) + ".c");
    write_file(path, source);
    CommandResult r = run_command(std::string(WPCAP_TEST_CC) + " " + include_flag + " -dM -E " + path);
    if (r.status != 0) *err = r.output;
    return parse_dm(r.output);
  }

  // Compiles and runs a C program; returns its output (or the compiler's error in *err).
  std::string run_program(const std::string& source, const std::string& include_flag, std::string* err) {
    std::string base = dir_.file("prog" + std::to_string(n_++));
    write_file(base + ".c", source);
    CommandResult c = run_command(std::string(WPCAP_TEST_CC) + " -w " + include_flag + " -o " + base + " " +
                                  base + ".c");
    if (c.status != 0) {
      *err = c.output;
      return "";
    }
    CommandResult r = run_command(base);
    if (r.status != 0) *err = "probe program failed: " + r.output;
    return r.output;
  }

 private:
  const ProbeDir& dir_;
  int n_ = 0;
};

std::string ours_flag() { return std::string("-I ") + WPCAP_TEST_INCLUDE_DIR; }

class HeaderConstantsTest : public ::testing::TestWithParam<HeaderCase> {
 protected:
  void SetUp() override {
    if (access(kSystemPcapHeader, R_OK) != 0) GTEST_SKIP() << "libpcap0.8-dev is not installed";
    ASSERT_TRUE(dir_.ok());
  }
  ProbeDir dir_;
};

TEST_P(HeaderConstantsTest, EveryLibpcapMacroExistsWithTheSameValue) {
  const HeaderCase& hc = GetParam();
  HeaderProbe probe(dir_);
  std::string base_src = std::string(kLibcPrelude) + hc.prelude;
  std::string src = base_src + "#include <" + hc.header + ">\n";
  std::string err;
  MacroMap sys_base = probe.macros(base_src, "", &err);
  MacroMap sys = probe.macros(src, "", &err);
  ASSERT_EQ(err, "") << "system header";
  MacroMap ours = probe.macros(src, ours_flag(), &err);
  ASSERT_EQ(err, "") << "our header";
  ASSERT_GT(sys.size(), sys_base.size()) << hc.header << " defines nothing?";

  std::vector<std::string> numeric;  // object-like macros whose text differs
  int checked = 0;
  for (const auto& [name, m] : sys) {
    if (sys_base.count(name) != 0) continue;
    ++checked;
    auto it = ours.find(name);
    if (it == ours.end()) {
      ADD_FAILURE() << hc.header << ": missing macro " << name << " (libpcap: " << m.body << ")";
      continue;
    }
    if (m.function_like() || it->second.function_like()) {
      EXPECT_EQ(it->second.params, m.params) << hc.header << ": parameters of " << name;
    } else if (it->second.body != m.body) {
      numeric.push_back(name);
    }
  }
  EXPECT_GT(checked, 0);
  if (numeric.empty()) return;

  // Evaluate the differing ones as integer constants on both sides.
  std::string prog = src + "#include <stdio.h>\nint main(void) {\n";
  for (const auto& name : numeric)
    prog += "  printf(\"%s %lld\\n\", \"" + name + "\", (long long)(" + name + "));\n";
  prog += "  return 0;\n}\n";
  std::string sys_out = probe.run_program(prog, "", &err);
  ASSERT_EQ(err, "") << "system side";
  std::string our_out = probe.run_program(prog, ours_flag(), &err);
  ASSERT_EQ(err, "") << hc.header << ": macros whose text differs are not integer constants in ours";
  std::istringstream s1(sys_out), s2(our_out);
  std::string l1, l2;
  while (std::getline(s1, l1) && std::getline(s2, l2)) EXPECT_EQ(l2, l1) << hc.header;
}

INSTANTIATE_TEST_SUITE_P(AllHeaders, HeaderConstantsTest, ::testing::ValuesIn(kHeaders),
                         [](const ::testing::TestParamInfo<HeaderCase>& info) {
                           std::string n = info.param.header;
                           for (char& c : n) {
                             if (c == '-') c = 'D';  // keep pcap-bpf.h apart from pcap/bpf.h
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace wpcap::testing
