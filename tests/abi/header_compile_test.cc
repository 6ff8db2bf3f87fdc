// header_compile_test.cc - client programs compile cleanly against include/ only.
//
// client_probe.c uses every public declaration (each function through a
// pointer of libpcap's type). It must compile with -Wall -Wextra -pedantic
// -Werror as strict C99 and as C++ (98 and 20), seeing none of the system's
// libpcap headers; and, restricted to libpcap's API, against those system
// headers too. Every function prototype libpcap 1.10.3 declares must be
// declared identically by ours (compared with gcc -aux-info), and every
// declared function must resolve in our shared library.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "abi/header_probe.h"

namespace wpcap::testing {
namespace {

struct CompileCase {
  const char* name;
  bool cxx;
  const char* std;
  bool system_headers;  // compile against /usr/include/pcap (libpcap's API only)
};

const CompileCase kCompileCases[] = {
    {"c99", false, "c99", false},
    {"c11", false, "c11", false},
    {"gnu99", false, "gnu99", false},
    {"cxx98", true, "c++98", false},
    {"cxx11", true, "c++11", false},
    {"cxx20", true, "c++20", false},
    {"system_gnu99", false, "gnu99", true},
    {"system_cxx20", true, "c++20", true},
};

std::string probe_path() { return std::string(WPCAP_TEST_ABI_DIR) + "/client_probe.c"; }

class HeaderCompileTest : public ::testing::TestWithParam<CompileCase> {};

TEST_P(HeaderCompileTest, ClientProbeCompilesWithoutWarnings) {
  const CompileCase& c = GetParam();
  if (c.system_headers && access("/usr/include/pcap/pcap.h", R_OK) != 0)
    GTEST_SKIP() << "libpcap0.8-dev is not installed";
  ProbeDir dir;
  ASSERT_TRUE(dir.ok());
  std::string cmd = std::string(c.cxx ? WPCAP_TEST_CXX : WPCAP_TEST_CC) + (c.cxx ? " -x c++" : "") + " -std=" + c.std +
                    " -Wall -Wextra -pedantic -Werror -c -MD -MF " + dir.file("deps") + " -o " + dir.file("probe.o");
  cmd += c.system_headers ? " -DWPCAP_PROBE_LIBPCAP_ONLY" : std::string(" -I ") + WPCAP_TEST_INCLUDE_DIR;
  cmd += " " + probe_path();
  CommandResult r = run_command(cmd);
  EXPECT_EQ(r.status, 0) << cmd << "\n" << r.output;
  EXPECT_EQ(r.output, "") << "diagnostics:\n" << r.output;

  std::string deps = read_file(dir.file("deps"));
  ASSERT_NE(deps, "");
  if (c.system_headers) {
    EXPECT_NE(deps.find("/usr/include/pcap/pcap.h"), std::string::npos);
  } else {
    EXPECT_EQ(deps.find("/usr/include/pcap"), std::string::npos) << "a system libpcap header was used:\n" << deps;
    EXPECT_NE(deps.find(std::string(WPCAP_TEST_INCLUDE_DIR) + "/pcap/pcap.h"), std::string::npos) << deps;
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, HeaderCompileTest, ::testing::ValuesIn(kCompileCases),
                         [](const ::testing::TestParamInfo<CompileCase>& info) { return info.param.name; });

// Every public header compiles on its own, in strict C99, and tolerates double inclusion.
const char* const kPublicHeaders[] = {
    "pcap.h",          "pcap-bpf.h",  "pcap-namedb.h",  "pcap/pcap.h",          "pcap/bpf.h",
    "pcap/dlt.h",      "pcap/namedb.h", "pcap/sll.h",   "pcap/vlan.h",          "pcap/usb.h",
    "pcap/can_socketcan.h", "pcap/nflog.h", "pcap/ipnet.h", "pcap/bluetooth.h", "pcap/socket.h",
    "pcap/funcattrs.h", "pcap/compiler-tests.h", "pcap/pcap-inttypes.h",
};

TEST(HeaderCompileTest, EachHeaderStandsAlone) {
  ProbeDir dir;
  ASSERT_TRUE(dir.ok());
  for (const char* h : kPublicHeaders) {
    std::string src = dir.file("alone.c");
    write_file(src, std::string("#include <") + h + ">\n#include <" + h + ">\nint probe_alone;\n");
    const char* c = WPCAP_TEST_CC " -std=c99";
    for (const char* compiler : {c, WPCAP_TEST_CXX " -x c++ -std=c++11"}) {
      CommandResult r = run_command(std::string(compiler) + " -Wall -Wextra -pedantic -Werror -c -I " +
                                    WPCAP_TEST_INCLUDE_DIR + " -o " + dir.file("alone.o") + " " + src);
      EXPECT_EQ(r.status, 0) << h << " with " << compiler << ":\n" << r.output;
    }
  }
}

// Prototypes of the functions declared by the headers' own files, one per line.
std::set<std::string> prototypes(const ProbeDir& dir, const std::string& tag, const std::string& include_flag,
                                 const std::string& header_dir) {
  std::string src = dir.file(tag + ".c"), aux = dir.file(tag + ".aux");
  write_file(src, "#include <pcap/pcap.h>\n#include <pcap/namedb.h>\n");
  CommandResult r = run_command(std::string(WPCAP_TEST_CC) + " " + include_flag + " -aux-info " + aux + " -c " + src +
                                " -o " + dir.file(tag + ".o"));
  EXPECT_EQ(r.status, 0) << r.output;
  std::set<std::string> out;
  std::istringstream in(read_file(aux));
  std::string line;
  while (std::getline(in, line)) {
    // "/* <file>:<line>:NC */ extern int pcap_activate (pcap_t *);"
    size_t end = line.find("*/");
    if (line.find(header_dir) == std::string::npos || end == std::string::npos) continue;
    out.insert(line.substr(end + 3));
  }
  return out;
}

TEST(HeaderPrototypeTest, EveryLibpcapFunctionIsDeclaredIdentically) {
  if (access("/usr/include/pcap/pcap.h", R_OK) != 0) GTEST_SKIP() << "libpcap0.8-dev is not installed";
  ProbeDir dir;
  ASSERT_TRUE(dir.ok());
  std::set<std::string> sys = prototypes(dir, "system", "", "/usr/include/pcap/");
  std::set<std::string> ours =
      prototypes(dir, "ours", std::string("-I ") + WPCAP_TEST_INCLUDE_DIR, std::string(WPCAP_TEST_INCLUDE_DIR) + "/pcap/");
  EXPECT_GE(sys.size(), 94u);  // libpcap 1.10.3 declares every exported function
  for (const std::string& p : sys) EXPECT_EQ(ours.count(p), 1u) << "missing or different: " << p;
  EXPECT_GT(ours.size(), sys.size());  // plus the Npcap extensions
}

TEST(HeaderLinkTest, EveryDeclaredFunctionIsDefinedByOurLibrary) {
  ProbeDir dir;
  ASSERT_TRUE(dir.ok());
  std::string cmd = std::string(WPCAP_TEST_CC) + " -std=c99 -fPIC -shared -Wl,--no-undefined -I " +
                    WPCAP_TEST_INCLUDE_DIR + " -o " + dir.file("probe.so") + " " + probe_path() + " " +
                    WPCAP_TEST_SHARED_LIB;
  CommandResult r = run_command(cmd);
  EXPECT_EQ(r.status, 0) << cmd << "\n" << r.output;
}

}  // namespace
}  // namespace wpcap::testing
