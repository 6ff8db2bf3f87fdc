// bpf_differential_test.cc - the BPF machine against the system libpcap.
//
// Four engines run every program over the packet corpus (bpf_corpus.h):
// our reference interpreter, our decoded interpreter and our JIT (both via
// Program), and libpcap's bpf_filter (dlmopen'd oracle); all must agree. Programs: random valid ones
// (bpf_program_gen.h; count from WPCAP_BPF_DIFF_PROGRAMS, default 100000,
// seed from WPCAP_BPF_DIFF_SEED) and every program libpcap's own compiler
// emits for a list of expressions. Also: bpf_validate on random bytes,
// bpf_image/bpf_dump text, and the C entry points bpf_filter and
// pcap_offline_filter, and every program our own compiler emits for the
// same expressions. Long run: WPCAP_BPF_DIFF_PROGRAMS=1000000 (docs/bpf.md).
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "bpf/bpf_oracle.h"
#include "bpf/image.h"
#include "bpf/interp.h"
#include "bpf/jit/jit_code.h"
#include "bpf/program.h"
#include "bpf/validate.h"
#include "differential/bpf_corpus.h"
#include "filter/compile.h"
#include "differential/bpf_program_gen.h"

namespace wpcap::bpf {
namespace {

using testing::BpfOracle;
using testing::BpfProgramGen;
using testing::CorpusPacket;

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 0) : fallback;
}

std::string ddd(const std::vector<bpf_insn>& p) { return dump(p, 3); }

// Runs one program through all engines over the corpus; returns the number
// of disagreements and describes the first few in *report.
struct Tally {
  size_t runs = 0, accepted = 0, jitted = 0;
};

size_t check_program(const std::vector<bpf_insn>& insns, const std::vector<CorpusPacket>& corpus,
                     std::string* report, size_t* reported, Tally* tally = nullptr) {
  BpfOracle& oracle = BpfOracle::get();
  auto prog = Program::make(insns, Engine::kJit);
  auto decoded = Program::make(insns, Engine::kInterpreter);
  if (!prog || !decoded) {
    *report += "rejected by Program::make:\n" + ddd(insns);
    return 1;
  }
  size_t bad = 0;
  if (tally != nullptr) tally->jitted += prog->jitted();
  for (const CorpusPacket& pkt : corpus) {
    const auto buflen = static_cast<u_int>(pkt.bytes.size());
    const u_int want = oracle.filter(insns.data(), pkt.bytes.data(), pkt.wirelen, buflen);
    const u_int interp = interpret(insns.data(), pkt.bytes.data(), pkt.wirelen, buflen, nullptr);
    const u_int native = prog->run(pkt.bytes.data(), pkt.wirelen, buflen);
    const u_int fast = decoded->run(pkt.bytes.data(), pkt.wirelen, buflen);
    if (tally != nullptr) {
      ++tally->runs;
      tally->accepted += want != 0;
    }
    if (interp != want || native != want || fast != want) {
      ++bad;
      if ((*reported)++ < 5) {
        std::ostringstream os;
        os << "packet " << pkt.name << ": libpcap " << want << " interp " << interp << " decoded " << fast
           << " jit " << native
           << (prog->jitted() ? "" : " (not jitted)") << "\n" << ddd(insns);
        *report += os.str();
      }
    }
  }
  return bad;
}

TEST(BpfDifferential, RandomProgramsAllEnginesAgree) {
  ASSERT_TRUE(BpfOracle::get().available()) << BpfOracle::get().error();
  const uint64_t count = env_number("WPCAP_BPF_DIFF_PROGRAMS", 100000);
  const uint64_t seed = env_number("WPCAP_BPF_DIFF_SEED", 20261128);
  const auto corpus = testing::bpf_corpus();
  BpfProgramGen gen(seed);
  std::string report;
  size_t reported = 0, disagreements = 0;
  Tally tally;
  for (uint64_t i = 0; i < count; ++i) {
    const std::vector<bpf_insn> insns = gen.next();
    const int len = static_cast<int>(insns.size());
    ASSERT_TRUE(validate(insns.data(), len)) << ddd(insns);
    ASSERT_EQ(BpfOracle::get().validate(insns.data(), len), 1) << ddd(insns);
    disagreements += check_program(insns, corpus, &report, &reported, &tally);
  }
  RecordProperty("programs", std::to_string(count));
  RecordProperty("packet_runs", std::to_string(tally.runs));
  EXPECT_EQ(disagreements, 0u) << "seed " << seed << "\n" << report;
  // The corpus and generator exercise both verdicts, on native code.
  EXPECT_GT(tally.accepted, tally.runs / 10);
  EXPECT_LT(tally.accepted, tally.runs - tally.runs / 10);
  if (JitCode::available()) EXPECT_EQ(tally.jitted, count);
  std::printf("[ stats    ] %zu programs x %zu packets = %zu runs per engine, %zu accepted\n",
              static_cast<size_t>(count), corpus.size(), tally.runs, tally.accepted);
}

// With Linux VLAN metadata the oracle cannot be asked (its bpf_filter has no
// aux data), so the JIT is checked against the reference interpreter.
TEST(BpfDifferential, RandomProgramsWithAuxDataJitMatchesInterpreter) {
  const auto corpus = testing::bpf_corpus();
  BpfProgramGen gen(env_number("WPCAP_BPF_DIFF_SEED", 20261128) + 1);
  const AuxData auxes[] = {{false, 0}, {true, 0}, {true, 0x0fff, 4, 0x80000001u}, {true, 100, 1, 7}};
  size_t bad = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto insns = gen.next();
    auto prog = Program::make(insns, Engine::kJit);
    auto decoded = Program::make(insns, Engine::kInterpreter);
    ASSERT_TRUE(prog);
    ASSERT_TRUE(decoded);
    for (const AuxData& aux : auxes) {
      for (size_t c = 0; c < corpus.size(); c += 7) {
        const auto& pkt = corpus[c];
        const auto buflen = static_cast<u_int>(pkt.bytes.size());
        const u_int want = interpret(insns.data(), pkt.bytes.data(), pkt.wirelen, buflen, &aux);
        if (prog->run(pkt.bytes.data(), pkt.wirelen, buflen, &aux) != want ||
            decoded->run(pkt.bytes.data(), pkt.wirelen, buflen, &aux) != want) {
          ++bad;
        }
      }
    }
  }
  EXPECT_EQ(bad, 0u);
}

TEST(BpfDifferential, ValidateOnRandomBytesMatchesOracle) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available());
  std::mt19937_64 rng(env_number("WPCAP_BPF_DIFF_SEED", 20261128) + 2);
  size_t accepted = 0;
  for (int i = 0; i < 300000; ++i) {
    std::vector<bpf_insn> p(1 + rng() % 6);
    for (auto& insn : p) {
      const uint64_t r = rng();
      // Bias toward plausible encodings so both verdicts occur often.
      insn.code = (r & 1) ? static_cast<uint16_t>(r >> 8) : static_cast<uint16_t>((r >> 8) & 0xff);
      insn.jt = static_cast<u_char>((r >> 24) % 4);
      insn.jf = static_cast<u_char>((r >> 32) % 4);
      insn.k = (r >> 40) & 1 ? static_cast<uint32_t>(rng()) : static_cast<uint32_t>((r >> 41) % 20);
    }
    if (rng() % 2) p.back().code = BPF_RET | (rng() % 2 ? BPF_K : BPF_A);
    const bool ours = validate(p.data(), static_cast<int>(p.size()));
    ASSERT_EQ(ours, oracle.validate(p.data(), static_cast<int>(p.size())) != 0) << ddd(p);
    accepted += ours;
  }
  EXPECT_GT(accepted, 10000u);  // both verdicts were exercised
}

TEST(BpfDifferential, RandomProgramTextMatchesOracle) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available());
  BpfProgramGen gen(env_number("WPCAP_BPF_DIFF_SEED", 20261128) + 3);
  for (int i = 0; i < 2000; ++i) {
    auto insns = gen.next();
    bpf_program prog{static_cast<u_int>(insns.size()), insns.data()};
    for (int option : {1, 2, 3}) {
      ASSERT_EQ(dump(insns, option), oracle.dump_text(prog, option)) << "option " << option;
    }
  }
}

// Expressions libpcap's compiler turns into programs (tcpdump -d material).
const char* const kExpressions[] = {
    "", "tcp", "udp", "icmp", "arp", "ip", "ip6", "tcp port 80", "host 10.1.2.3",
    "host 10.1.2.3 and tcp[13] & 2 != 0", "vlan", "vlan 100", "vlan and ip6 and udp portrange 1000-2000",
    "vlan 100 and vlan 5", "net 10.0.0.0/8", "src net 192.168.0.0/16 and dst port 53",
    "ether host 00:11:22:33:44:55", "ether broadcast", "ip multicast", "ip broadcast", "len > 100",
    "less 60", "greater 100", "ip6 protochain 17", "ip protochain 6", "portrange 1-1024",
    "ip and not tcp", "tcp src port 12345 or udp dst port 53", "ip[2:2] > 30", "ether[12:2] = 0x0800",
    "udp[8:4] = 0xdeadbeef", "icmp[icmptype] = icmp-echo", "tcp[tcpflags] & (tcp-syn|tcp-ack) != 0",
    "ip host 10.1.2.3 and (tcp port 443 or tcp port 8080)", "mpls", "pppoes", "ip6 dst host 2001:db8::2",
    "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420", "ip[0] & 0xf != 5",
    "(ip[2:2] - ((ip[0]&0xf)<<2)) - ((tcp[12]&0xf0)>>2) != 0", "ip6[6] = 17", "ip[6:2] & 0x1fff = 0",
    "udp[0:2] * 3 / 2 % 7 = 1", "ip[8] ^ 0x40 = 0", "ip[1] - 1 > 7", "len - 14 < 64",
    "tcp[2:2] >> 1 = 40 or tcp[0:2] << 2 = 49380", "ether proto 0x88a8", "llc", "stp", "not ip6 multicast",
    "ip6 and ip6[40] = 135", "icmp6", "geneve", "ether[0] & 1 = 0 and ip[16] >= 224",
};

std::string host_list(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += " or ";
    s += "host 10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1";
  }
  return s;
}

TEST(BpfDifferential, CompilerEmittedProgramsAllEnginesAgree) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available());
  const auto corpus = testing::bpf_corpus();
  std::vector<std::string> exprs(std::begin(kExpressions), std::end(kExpressions));
  exprs.push_back(host_list(200));
  const int dlts[] = {DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_NULL};
  std::string report;
  size_t reported = 0, disagreements = 0, programs = 0;
  for (const std::string& e : exprs) {
    for (int dlt : dlts) {
      for (int snaplen : {262144, 96}) {
        for (bool optimize : {true, false}) {
          bpf_program prog{};
          if (!oracle.compile_expr(e.c_str(), dlt, snaplen, optimize, &prog)) continue;
          std::vector<bpf_insn> insns(prog.bf_insns, prog.bf_insns + prog.bf_len);
          ++programs;
          EXPECT_TRUE(validate(insns.data(), static_cast<int>(insns.size()))) << e;
          disagreements += check_program(insns, corpus, &report, &reported);
          for (int option : {1, 2, 3}) {
            EXPECT_EQ(dump(insns, option), oracle.dump_text(prog, option)) << e << " -d level " << option;
          }
          oracle.freecode(&prog);
        }
      }
    }
  }
  EXPECT_GT(programs, 300u);
  EXPECT_EQ(disagreements, 0u) << report;
}

// Every program our own compiler (src/filter/) emits for the expression list,
// across DLTs, snaplens, optimizer on/off and codegen variants (live Linux
// ones use the VLAN ancillary loads): the oracle's bpf_filter, our reference
// and decoded interpreters and the JIT agree on the corpus; with VLAN
// metadata the JIT and decoded interpreter agree with the reference.
TEST(BpfDifferential, OurCompilerProgramsAllEnginesAgree) {
  ASSERT_TRUE(BpfOracle::get().available());
  const auto corpus = testing::bpf_corpus();
  std::vector<std::string> exprs(std::begin(kExpressions), std::end(kExpressions));
  exprs.push_back(host_list(200));
  const int flag_sets[] = {0, filter::kCodegenOffline, filter::kCodegenLinuxLive | filter::kCodegenLinuxBasic};
  const AuxData auxes[] = {{true, 100, 4, 2}, {true, 5, 0, 3}, {false, 0, 1, 1}};
  std::string report;
  size_t reported = 0, disagreements = 0, programs = 0, aux_bad = 0;
  for (const std::string& e : exprs) {
    for (int dlt : {DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL}) {
      for (int flags : flag_sets) {
        for (bool optimize : {true, false}) {
          filter::CompileRequest req;
          req.text = e;
          req.linktype = dlt;
          req.optimize = optimize;
          req.flags = flags;
          auto code = filter::compile(req);
          if (!code) continue;
          ++programs;
          const std::vector<bpf_insn>& insns = *code;
          EXPECT_TRUE(validate(insns.data(), static_cast<int>(insns.size()))) << e;
          disagreements += check_program(insns, corpus, &report, &reported);
          auto jit = Program::make(insns, Engine::kJit);
          auto decoded = Program::make(insns, Engine::kInterpreter);
          ASSERT_TRUE(jit && decoded);
          for (const AuxData& aux : auxes) {
            for (const auto& pkt : corpus) {
              const auto buflen = static_cast<u_int>(pkt.bytes.size());
              const u_int want = interpret(insns.data(), pkt.bytes.data(), pkt.wirelen, buflen, &aux);
              aux_bad += jit->run(pkt.bytes.data(), pkt.wirelen, buflen, &aux) != want;
              aux_bad += decoded->run(pkt.bytes.data(), pkt.wirelen, buflen, &aux) != want;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(programs, 300u);
  EXPECT_EQ(disagreements, 0u) << report;
  EXPECT_EQ(aux_bad, 0u);
}

// What our exported bpf_dump(prog, option) writes to stdout.
std::string our_dump_text(const bpf_program& prog, int option) {
  std::fflush(stdout);
  const int saved = dup(1);
  const int fd = memfd_create("our_bpf_dump", 0);
  dup2(fd, 1);
  bpf_dump(&prog, option);
  std::fflush(stdout);
  dup2(saved, 1);
  close(saved);
  std::string out;
  char buf[4096];
  ssize_t n;
  lseek(fd, 0, SEEK_SET);
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

// tcpdump -d / -dd / -ddd print bpf_dump(prog, 1 / 2 / 3): the exported
// function's stdout must equal the system library's, byte for byte.
TEST(BpfDifferential, ExportedBpfDumpPrintsLikeOracle) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available());
  size_t compared = 0;
  for (const char* e : kExpressions) {
    bpf_program prog{};
    if (!oracle.compile_expr(e, DLT_EN10MB, 262144, true, &prog)) continue;
    for (int option : {1, 2, 3}) {
      const std::string ours = our_dump_text(prog, option);
      ASSERT_FALSE(ours.empty());
      ASSERT_EQ(ours, oracle.dump_text(prog, option)) << e << " level " << option;
      ++compared;
    }
    oracle.freecode(&prog);
  }
  EXPECT_GT(compared, 100u);
}

// The exported C entry points, as a program calling libpcap would see them.
TEST(BpfDifferential, CEntryPointsMatchOracle) {
  BpfOracle& oracle = BpfOracle::get();
  ASSERT_TRUE(oracle.available());
  const auto corpus = testing::bpf_corpus();
  BpfProgramGen gen(env_number("WPCAP_BPF_DIFF_SEED", 20261128) + 4);
  for (int i = 0; i < 3000; ++i) {
    auto insns = gen.next();
    bpf_program prog{static_cast<u_int>(insns.size()), insns.data()};
    for (size_t c = 0; c < corpus.size(); c += 3) {
      const auto& pkt = corpus[c];
      pcap_pkthdr h{};
      h.caplen = static_cast<bpf_u_int32>(pkt.bytes.size());
      h.len = pkt.wirelen;
      ASSERT_EQ(pcap_offline_filter(&prog, &h, pkt.bytes.data()), oracle.offline_filter(&prog, &h, pkt.bytes.data()))
          << ddd(insns);
      ASSERT_EQ(bpf_filter(insns.data(), pkt.bytes.data(), h.len, h.caplen),
                oracle.filter(insns.data(), pkt.bytes.data(), h.len, h.caplen));
    }
    ASSERT_EQ(bpf_validate(insns.data(), static_cast<int>(insns.size())), 1);
    ASSERT_STREQ(bpf_image(&insns[0], i), oracle.image(&insns[0], i));
    // Invalid, but only after the final return: libpcap never validates in
    // pcap_offline_filter and never reaches the tail, so results must match.
    insns.push_back({static_cast<uint16_t>(kLdMem), 0, 0, 1000u + static_cast<uint32_t>(i)});
    bpf_program tail{static_cast<u_int>(insns.size()), insns.data()};
    ASSERT_EQ(bpf_validate(insns.data(), static_cast<int>(insns.size())), 0);
    for (size_t c = 0; c < corpus.size(); c += 5) {
      const auto& pkt = corpus[c];
      pcap_pkthdr h{};
      h.caplen = static_cast<bpf_u_int32>(pkt.bytes.size());
      h.len = pkt.wirelen;
      ASSERT_EQ(pcap_offline_filter(&tail, &h, pkt.bytes.data()), oracle.offline_filter(&tail, &h, pkt.bytes.data()))
          << ddd(insns);
    }
  }
  bpf_program null_prog{0, nullptr};
  pcap_pkthdr h{};
  h.caplen = h.len = 10;
  const u_char pkt[10] = {};
  EXPECT_EQ(pcap_offline_filter(&null_prog, &h, pkt), 0);
  EXPECT_EQ(oracle.offline_filter(&null_prog, &h, pkt), 0);
  EXPECT_EQ(bpf_filter(nullptr, pkt, 10, 10), oracle.filter(nullptr, pkt, 10, 10));
}

}  // namespace
}  // namespace wpcap::bpf
