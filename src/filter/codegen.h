// codegen.h - turns the syntax tree into a DAG of tests (ir.h).
//
// Entry point: Codegen::run(ast). One Codegen per compilation (no global
// state). It owns the link-layer offset state, which vlan/mpls/pppoes/
// geneve change for the rest of the expression, walking the tree left to
// right as libpcap's parser-driven generator does. Methods are grouped by
// file: codegen.cc (walk, loads), codegen_link.cc (link types, ether/LLC),
// codegen_ip.cc (host/net/port/proto), codegen_arith.cc (relations),
// codegen_other.cc (broadcast, vlan, mpls, llc, ...), codegen_wlan.cc
// (802.11 frame types, directions and addresses), codegen_runtime.cc
// (protochain's loop, geneve's run-time offsets), and the link-specific
// families in codegen_atm.cc, codegen_pflog.cc, codegen_ss7.cc.
#pragma once

#include <pcap/dlt.h>

#include <string>
#include <vector>

#include "core/result.h"
#include "filter/ast.h"
#include "filter/ir.h"
#include "filter/link_layer.h"
#include "filter/link_prologue.h"

namespace wpcap::filter {

struct CodegenOptions {
  int linktype = 1;
  uint32_t snaplen = 262144;
  uint32_t netmask = 0xffffffff;  // host order; PCAP_NETMASK_UNKNOWN = not known
  bool linux_live = false;         // Linux live capture: SKF_AD extensions usable
  bool offline = false;            // compiling for a savefile handle
  bool optimize = true;            // allows order-changing rewrites (value sets)
  // Live Linux with VLAN offload: the kernel strips the outermost tag into
  // metadata. The expression is generated twice, for "tag in metadata"
  // (vlan_in_metadata = true: the first vlan reads SKF_AD_VLAN_TAG and
  // shifts nothing) and for "tag in band" (as offline); compile.cc joins
  // them on SKF_AD_VLAN_TAG_PRESENT.
  bool vlan_in_metadata = false;
  bool swapped = false;            // savefile in the other byte order (DLT_NULL AF values)
};

// Where an offset is relative to (libpcap's OR_* values).
enum class Base : uint8_t { kPacket, kLinkHdr, kPrevLinkHdr, kLlc, kLinkType, kLinkPl, kLinkPlNoSnap, kTranIpv4, kTranIpv6 };

class Codegen {
 public:
  Codegen(Ir& ir, const CodegenOptions& opt) : ir_(ir), opt_(opt) {}
  Status init();
  Result<PredId> run(const Ast& ast);
  // Generates the listed primitives in order, only to find the first error.
  Status check_primitives(const Ast& ast, const std::vector<NodeId>& prims);
  // Does the expression need code the optimizer must not touch (jumps
  // inside statement lists, offsets kept in M[])? libpcap turns its
  // optimizer off for the same primitives: protochain, geneve.
  static bool forces_unoptimized(const Ast& ast);
  bool no_optimize() const { return no_optimize_; }

  // --- internals shared by the codegen_*.cc files ---
  void error(std::string msg) {
    if (err_.is_ok()) err_ = Status::error(std::move(msg));
  }
  bool failed() const { return !err_.is_ok(); }
  // An error libpcap's optimizer raises on a statement it rewrites (a
  // computed shift count > 31, divisor 0): compile.cc reports it unless
  // the optimizer removes every test first ("rejects all packets").
  void optimizer_error(std::string msg) {
    if (opt_err_.is_ok()) opt_err_ = Status::error(std::move(msg));
  }
  const Status& optimizer_status() const { return opt_err_; }

  Stmts load(Base base, uint32_t off, uint32_t size);  // size: BPF_B/BPF_H/BPF_W
  void var_to_x(Stmts& s, const AbsOffset& o);         // X = o's run-time part
  PredId ncmp(Base base, uint32_t off, uint32_t size, uint32_t mask, uint16_t jop, bool reverse, uint32_t v);
  PredId cmp(Base base, uint32_t off, uint32_t size, uint32_t v) { return ncmp(base, off, size, 0xffffffff, BPF_JEQ, false, v); }
  PredId mcmp(Base base, uint32_t off, uint32_t size, uint32_t v, uint32_t mask) { return ncmp(base, off, size, mask, BPF_JEQ, false, v); }
  PredId bcmp(Base base, uint32_t off, const uint8_t* bytes, uint32_t n);
  PredId cmp_set(Base base, uint32_t off, uint32_t size, uint32_t mask, const std::vector<uint32_t>& vals);

  // codegen_link.cc
  PredId linktype(uint32_t ll_proto);
  PredId ether_linktype(uint32_t ll_proto);
  PredId llc_linktype(uint32_t ll_proto);
  PredId sll_linktype(uint32_t ll_proto);
  PredId ehostop(const uint8_t* mac, Dir dir);
  PredId ether_host(const uint8_t* mac, Dir dir);
  PredId link_proto(uint32_t v);
  PredId lane_data_check();
  PredId prevlinkhdr_check();  // geneve_ll_check() after geneve, else lane_data_check()
  const char* dlt_name() const;

  // codegen_ip.cc
  PredId atom(const Node& n);
  PredId proto_abbrev(Proto p);
  PredId host4(uint32_t addr, uint32_t mask, Proto proto, Dir dir, Addr type);
  PredId host4_set(const std::vector<uint32_t>& addrs, uint32_t mask, Proto proto, Dir dir);
  PredId host6(const uint8_t* addr, const uint8_t* mask, Proto proto, Dir dir, Addr type);
  PredId port(uint32_t lo, uint32_t hi, int ip_proto, Dir dir, bool range);
  PredId port_set(const std::vector<uint32_t>& ports, int ip_proto, Dir dir);
  PredId port_one_family(bool v6, uint32_t port, int ip_proto, Dir dir);  // gen_port / gen_port6
  PredId proto(uint32_t v, Proto p, Dir dir);
  PredId ipfrag();

  // codegen_arith.cc
  PredId relation(const Ast& ast, const Node& n);

  // codegen_other.cc
  PredId other(const Node& n);

  // codegen_wlan.cc
  bool is_80211_family() const;  // 802.11 addresses, LLC and link types (also PPI)
  bool has_80211_header() const;  // type/subtype/dir, vlan (not PPI)
  PredId wlan_data_frame();
  PredId wlan_hostop(const uint8_t* mac, Dir dir);
  PredId wlan_multicast();
  PredId wlan_fc(const Node& n);  // type/subtype/dir
  PredId ppi_dlt_check();

  // Scratch words the generated tests read (link_prologue.h).
  OffsetUse offset_use() const { return offset_use_; }
  void note_offset_use(const AbsOffset& o) {
    if (!o.variable) return;
    if (o.reg == kRegLinkHdr) offset_use_.linkhdr = true;
    if (o.reg == kRegLinkPl) offset_use_.linkpl = true;
  }
  // Arithmetic scratch words stay below the 802.11 header-length words
  // (also after the relation moves one side's words up by one).
  int reg_limit() const { return ll_.is_80211 ? kFirstOffsetReg : BPF_MEMWORDS; }
  // Registers libpcap 1.10.3 holds for run-time link header lengths once
  // they are read (geneve's own port test reads them): 802.11's payload
  // offset, and the radio header's length behind a radio header; pflog's
  // header length (which we recompute instead, var_to_x). They count
  // against the 16 registers with geneve's offsets and protochain's walk.
  int link_regs() const {
    if (ll_.is_80211) return ll_.radio == RadioHeader::kNone ? 1 : 2;
    return opt_.linktype == DLT_PFLOG ? 1 : 0;
  }

  // codegen_runtime.cc
  PredId protochain(uint32_t v, Proto p);
  PredId geneve(const Node& n);
  // A scratch register that holds a run-time offset for the rest of the
  // expression (never reused): M[0], M[1], ... below the 802.11 words (bare
  // 802.11 leaves M[15] free for a 15th); -1 after "too many registers".
  int alloc_offset_reg();
  // After geneve: "the inner frame has an Ethernet header" (its header and
  // payload offsets differ), which Ethernet address tests require; -1
  // (nothing to test) otherwise.
  PredId geneve_ll_check();

  // codegen_atm.cc, codegen_pflog.cc, codegen_ss7.cc
  PredId atm(const Node& n);
  PredId pflog(const Node& n);
  PredId ss7(const Node& n);

  Ir& ir_;
  CodegenOptions opt_;
  LinkLayer ll_;
  Status err_;
  Status opt_err_;  // see optimizer_error()
  int next_reg_ = 0;  // scratch registers used by the current arithmetic test
  OffsetUse offset_use_;  // which 802.11 header-length words (M[14], M[15]) tests read
  int offset_regs_ = 0;  // M[0..offset_regs_) hold run-time offsets (geneve); scratch starts above
  bool no_optimize_ = false;  // set by protochain/geneve (see forces_unoptimized)
  bool uses_pflog_len_ = false;  // some test reads past the pflog header
};

// IP protocol numbers used across the generator.
inline constexpr int kProtoUndef = -1;

}  // namespace wpcap::filter
