// codegen_runtime.cc - primitives computed with run-time control flow:
// `protochain` (a loop walking IPv6 extension headers and AH) and `geneve`
// (a variable-length header; later offsets come from scratch registers).
//
// Entry points (Codegen methods): protochain(), geneve(), alloc_offset_reg(),
// forces_unoptimized(). Both build one statement list with internal jumps
// (StmtAsm below), emitted verbatim: the expression is never optimized.
#include <pcap/dlt.h>

#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/protocols.h"

namespace wpcap::filter {
namespace {

constexpr uint32_t kGenevePort = 6081, kMaxVni = 0xffffff;
constexpr uint32_t kIpprotoHopopts = 0, kIpprotoRouting = 43, kIpprotoNone = 59, kIpprotoDstopts = 60;

// A statement list with labelled jumps. Conditional jumps go forward only
// (8-bit offsets); `ja` may go backward (its 32-bit k wraps, as BPF allows).
class StmtAsm {
 public:
  static constexpr int kNext = -1;  // jump target: the following statement

  void op(int code, uint32_t k = 0) { s_.push_back(Stmt(static_cast<uint16_t>(code), k)); }
  int label() {
    at_.push_back(-1);
    return static_cast<int>(at_.size()) - 1;
  }
  void bind(int l) { at_[static_cast<size_t>(l)] = static_cast<int>(s_.size()); }
  void jeq(uint32_t k, int t, int f) {
    fix_.push_back({s_.size(), t, f});
    op(BPF_JMP | BPF_JEQ | BPF_K, k);
  }
  void ja(int l) {
    fix_.push_back({s_.size(), l, kNext});
    op(BPF_JMP | BPF_JA);
  }
  // Resolves the jumps; false if a label is unbound or out of reach.
  bool finish(Stmts* out) {
    for (const Fix& f : fix_) {
      Stmt& st = s_[f.at];
      const int next = static_cast<int>(f.at) + 1;
      auto where = [&](int l) { return l == kNext ? next : at_[static_cast<size_t>(l)]; };
      if ((f.t != kNext && where(f.t) < 0) || (f.f != kNext && where(f.f) < 0)) return false;
      if (st.code == (BPF_JMP | BPF_JA)) {
        st.k = static_cast<uint32_t>(where(f.t) - next);
        continue;
      }
      const int dt = where(f.t) - next, df = where(f.f) - next;
      if (dt < 0 || dt > 255 || df < 0 || df > 255) return false;
      st.jt = static_cast<uint8_t>(dt);
      st.jf = static_cast<uint8_t>(df);
    }
    *out = std::move(s_);
    return true;
  }

 private:
  struct Fix {
    size_t at;
    int t, f;
  };
  Stmts s_;
  std::vector<int> at_;
  std::vector<Fix> fix_;
};

// A = ip->ip_p (IPv4) or ip6->ip6_nxt, X = that header's length; then, in a
// loop: stop when A is the wanted protocol or "no next header"; skip IPv6
// hop-by-hop/destination/routing/fragment headers ((len + 1) * 8 bytes);
// for AH, X becomes (ah_len + 2) * 4 -- from the start of the IP header,
// not added to X: libpcap's arithmetic, kept for the same answers. Leaves
// the last protocol seen in A, to be compared with v.
Stmts chain_walk(uint32_t nl, bool v6, uint32_t v, uint32_t reg, bool* ok) {
  StmtAsm a;
  const int again = a.label(), ahcheck = a.label(), end = a.label();
  if (v6) {
    a.op(BPF_LD | BPF_ABS | BPF_B, nl + 6);
    a.op(BPF_LDX | BPF_IMM, 40);
  } else {
    a.op(BPF_LD | BPF_ABS | BPF_B, nl + 9);
    a.op(BPF_LDX | BPF_MSH | BPF_B, nl);
  }
  a.bind(again);
  a.jeq(v, end, StmtAsm::kNext);
  a.jeq(kIpprotoNone, end, StmtAsm::kNext);
  if (v6) {
    const int advance = a.label();
    a.jeq(kIpprotoHopopts, advance, StmtAsm::kNext);
    a.jeq(kIpprotoDstopts, advance, StmtAsm::kNext);
    a.jeq(kIpprotoRouting, advance, StmtAsm::kNext);
    a.jeq(kIpprotoFragment, advance, ahcheck);
    a.bind(advance);
    a.op(BPF_LD | BPF_IND | BPF_B, nl);  // next header
    a.op(BPF_ST, reg);
    a.op(BPF_LD | BPF_IND | BPF_B, nl + 1);  // length in 8-byte units, not counting the first 8
    a.op(BPF_ALU | BPF_ADD | BPF_K, 1);
    a.op(BPF_ALU | BPF_MUL | BPF_K, 8);
    a.op(BPF_ALU | BPF_ADD | BPF_X);
    a.op(BPF_MISC | BPF_TAX);
    a.op(BPF_LD | BPF_MEM, reg);
    a.ja(again);
  } else {
    a.op(BPF_ALU | BPF_ADD | BPF_K, 0);  // libpcap's nop
  }
  a.bind(ahcheck);
  a.jeq(kIpprotoAh, StmtAsm::kNext, end);
  a.op(BPF_MISC | BPF_TXA);
  a.op(BPF_LD | BPF_IND | BPF_B, nl);  // next header
  a.op(BPF_ST, reg);
  a.op(BPF_MISC | BPF_TXA);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 1);
  a.op(BPF_MISC | BPF_TAX);
  a.op(BPF_LD | BPF_IND | BPF_B, nl);  // payload length in 4-byte units, minus 2
  a.op(BPF_ALU | BPF_ADD | BPF_K, 2);
  a.op(BPF_ALU | BPF_MUL | BPF_K, 4);
  a.op(BPF_MISC | BPF_TAX);
  a.op(BPF_LD | BPF_MEM, reg);
  a.ja(again);
  a.bind(end);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 0);
  Stmts s;
  *ok = a.finish(&s);
  return s;
}

}  // namespace

bool Codegen::forces_unoptimized(const Ast& ast) {
  for (size_t i = 0; i < ast.size(); ++i) {
    const Node& n = ast.at(static_cast<NodeId>(i));
    if (n.kind == NodeKind::kAtom && n.q.addr == Addr::kProtochain) return true;
    if (n.kind == NodeKind::kOther && n.other == Other::kGeneve) return true;
  }
  return false;
}

int Codegen::alloc_offset_reg() {
  if (offset_regs_ + link_regs() >= BPF_MEMWORDS) {
    error("too many registers needed to evaluate expression");
    return -1;
  }
  const int r = offset_regs_++;
  return ll_.is_80211 && r >= kFirstOffsetReg ? kRegLinkHdr : r;
}

PredId Codegen::protochain(uint32_t v, Proto p) {
  // libpcap takes the walk's register on entry, before checking anything.
  if (offset_regs_ + link_regs() >= BPF_MEMWORDS) {
    error("too many registers needed to evaluate expression");
    return ir_.false_();
  }
  if (p == Proto::kDefault) {
    // libpcap takes a register here and never gives it back; taking it
    // too keeps the register numbers (tcpdump -d) and limits the same.
    if (alloc_offset_reg() < 0) return ir_.false_();
    PredId b0 = protochain(v, Proto::kIp);
    return ir_.or_(b0, protochain(v, Proto::kIpv6));
  }
  if (p != Proto::kIp && p != Proto::kIpv6) {
    error("bad protocol applied for 'protochain'");
    return ir_.false_();
  }
  if (ll_.off_linkpl.variable) {
    error("'protochain' not supported with variable length headers");
    return ir_.false_();
  }
  no_optimize_ = true;
  // The walk's scratch register (M[offset_regs_]) is free again after it.
  const bool v6 = p == Proto::kIpv6;
  PredId b0 = linktype(v6 ? kEthertypeIpv6 : kEthertypeIp);
  if (failed()) return ir_.false_();
  bool ok = false;
  Stmts walk = chain_walk(ll_.off_linkpl.constant + ll_.off_nl, v6, v, static_cast<uint32_t>(offset_regs_), &ok);
  if (!ok) {
    error("internal error: protochain code layout");
    return ir_.false_();
  }
  return ir_.and_(b0, ir_.test(ir_.intern(walk), BPF_JEQ, v));
}

PredId Codegen::geneve_ll_check() {
  if (!ll_.is_geneve) return -1;
  Stmts s{Stmt(BPF_LD | BPF_MEM, static_cast<uint32_t>(ll_.off_linkhdr.reg)),
          Stmt(BPF_LDX | BPF_MEM, static_cast<uint32_t>(ll_.off_linkpl.reg))};
  return ir_.not_(ir_.test_x(ir_.intern(s), BPF_JEQ));
}

namespace {

// gen_geneve4/6's final always-true test: X = A = the IP header's length
// plus the variable part of the link-layer payload offset, if any.
Stmts ip_header_length(Codegen& g, bool v6) {
  Stmts s;
  const LinkLayer& ll = g.ll_;
  const uint32_t nl = ll.off_linkpl.constant + ll.off_nl;
  if (v6) {
    if (ll.off_linkpl.variable) g.var_to_x(s, ll.off_linkpl);
    s.push_back(Stmt(BPF_LD | BPF_IMM, 40));
    if (ll.off_linkpl.variable) s.push_back(Stmt(BPF_ALU | BPF_ADD | BPF_X));
    s.push_back(Stmt(BPF_MISC | BPF_TAX));
    return s;
  }
  if (ll.off_linkpl.variable) {
    g.var_to_x(s, ll.off_linkpl);
    s.push_back(Stmt(BPF_LD | BPF_IND | BPF_B, nl));
    s.push_back(Stmt(BPF_ALU | BPF_AND | BPF_K, 0xf));
    s.push_back(Stmt(BPF_ALU | BPF_LSH | BPF_K, 2));
    s.push_back(Stmt(BPF_ALU | BPF_ADD | BPF_X));
    s.push_back(Stmt(BPF_MISC | BPF_TAX));
  } else {
    s.push_back(Stmt(BPF_LDX | BPF_MSH | BPF_B, nl));
  }
  s.push_back(Stmt(BPF_MISC | BPF_TXA));
  return s;
}

// Entered with A = the IP header's length (+ variable prefix). Stores the
// offsets of the Geneve protocol type (or, for Transparent Ethernet
// Bridging, the inner Ethertype), of the inner link header and of the
// inner payload in M[type], M[hdr], M[pl]; ends with A = 0.
Stmts geneve_offsets(uint32_t udp_at, uint32_t type, uint32_t hdr, uint32_t pl, bool* ok) {
  StmtAsm a;
  const int store = a.label();
  a.op(BPF_ALU | BPF_ADD | BPF_K, udp_at + 8);  // A = X = start of the Geneve header
  a.op(BPF_MISC | BPF_TAX);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 2);
  a.op(BPF_ST, type);
  a.op(BPF_LD | BPF_IND | BPF_B, 0);  // version and options length (4-byte words)
  a.op(BPF_ALU | BPF_AND | BPF_K, 0x3f);
  a.op(BPF_ALU | BPF_MUL | BPF_K, 4);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 8);
  a.op(BPF_ALU | BPF_ADD | BPF_X);
  a.op(BPF_ST, hdr);
  a.op(BPF_LD | BPF_IND | BPF_H, 2);  // protocol type
  a.op(BPF_LDX | BPF_MEM, hdr);
  a.jeq(kEthertypeTeb, StmtAsm::kNext, store);
  a.op(BPF_MISC | BPF_TXA);  // inner Ethernet: its type field and payload
  a.op(BPF_ALU | BPF_ADD | BPF_K, 12);
  a.op(BPF_ST, type);
  a.op(BPF_ALU | BPF_ADD | BPF_K, 2);
  a.op(BPF_MISC | BPF_TAX);
  a.bind(store);
  a.op(BPF_STX, pl);
  a.op(BPF_LD | BPF_IMM, 0);
  Stmts s;
  *ok = a.finish(&s);
  return s;
}

}  // namespace

// UDP to port 6081, Geneve version 0, optionally the VNI; over IPv4 or
// IPv6. The rest of the expression sees the inner frame as Ethernet
// (with TEB) or the bare payload typed by the Geneve header (otherwise).
PredId Codegen::geneve(const Node& n) {
  PredId fam[2];
  for (int v6 = 0; v6 < 2; ++v6) {
    const Base tran = v6 ? Base::kTranIpv6 : Base::kTranIpv4;
    PredId b = port_one_family(v6 != 0, kGenevePort, kIpprotoUdp, Dir::kDst);
    b = ir_.and_(b, mcmp(tran, 8, BPF_B, 0, 0xc0));
    if (n.has_num) {
      if (n.num > kMaxVni) {
        error(str_printf("Geneve VNI %u greater than maximum %u", n.num, kMaxVni));
        return ir_.false_();
      }
      b = ir_.and_(b, mcmp(tran, 12, BPF_W, n.num << 8, 0xffffff00));
    }
    fam[v6] = ir_.and_(b, ir_.test_x(ir_.intern(ip_header_length(*this, v6 != 0)), BPF_JEQ));
  }
  if (failed()) return ir_.false_();
  no_optimize_ = true;
  const uint32_t udp_at = ll_.off_linkpl.constant + ll_.off_nl;
  const int type = alloc_offset_reg(), hdr = alloc_offset_reg(), pl = alloc_offset_reg();
  if (failed()) return ir_.false_();
  bool ok = false;
  Stmts s = geneve_offsets(udp_at, static_cast<uint32_t>(type), static_cast<uint32_t>(hdr),
                           static_cast<uint32_t>(pl), &ok);
  if (!ok) {
    error("internal error: geneve code layout");
    return ir_.false_();
  }
  LinkLayer& ll = ll_;
  ll.off_linktype = AbsOffset{true, type, 0};
  ll.prevlinktype = ll.linktype;
  ll.off_prevlinkhdr = ll.off_linkhdr;
  ll.linktype = DLT_EN10MB;
  ll.off_linkhdr = AbsOffset{true, hdr, 0};
  ll.off_linkpl = AbsOffset{true, pl, 0};
  ll.off_nl = 0;
  ll.is_geneve = true;
  return ir_.and_(ir_.or_(fam[0], fam[1]), ir_.test(ir_.intern(s), BPF_JEQ, 0));
}

}  // namespace wpcap::filter
