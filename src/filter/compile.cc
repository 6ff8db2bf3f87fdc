// compile.cc - runs the compiler pipeline (see compile.h).
#include "filter/compile.h"

#include "filter/arena.h"
#include "filter/cfg.h"
#include "filter/codegen.h"
#include "filter/emit.h"
#include "filter/ir.h"
#include "filter/lexer.h"
#include "filter/link_prologue.h"
#include "filter/optimize.h"
#include "filter/parser.h"

namespace wpcap::filter {
namespace {

bool uses_vlan(const Ast& ast) {
  for (size_t i = 0; i < ast.size(); ++i) {
    const Node& n = ast.at(static_cast<NodeId>(i));
    if (n.kind == NodeKind::kOther && n.other == Other::kVlan) return true;
  }
  return false;
}

bool is_ethernet(int dlt) { return dlt == 1 || dlt == 240 || dlt == 241; }  // EN10MB, NETANALYZER(_TRANSPARENT)

}  // namespace

Result<std::vector<bpf_insn>> compile(const CompileRequest& req) {
  // libpcap's order: snaplen, then the link type, then the text.
  if (req.snaplen == 0) return Status::error("snaplen of 0 rejects all packets");
  ArenaScope scope;  // first: everything below is freed before it ends
  Result<Tokens> toks = lex(req.text);
  if (!toks) return toks.status();
  Ir ir;
  CodegenOptions opt;
  opt.linktype = req.linktype;
  opt.snaplen = req.snaplen;
  opt.netmask = req.netmask;
  opt.offline = (req.flags & kCodegenOffline) != 0;
  opt.swapped = (req.flags & kCodegenSwapped) != 0;
  opt.linux_live = (req.flags & kCodegenLinuxLive) != 0;
  opt.optimize = req.optimize;
  Codegen gen(ir, opt);
  Status st = gen.init();
  if (!st.is_ok()) return st;
  Parsed parsed = parse(*toks);
  if (!parsed.error.is_ok()) {
    // libpcap generates code while parsing: an error in a primitive that
    // was complete before the syntax error is the one it reports.
    Status sem = gen.check_primitives(parsed.ast, parsed.completed);
    if (!sem.is_ok()) return sem;
    return parsed.error;
  }
  // libpcap turns its optimizer off for protochain and geneve (loops,
  // jumps inside blocks, offsets kept in M[]); so do we, from code
  // generation on (no value sets either: libpcap's order of loads), and
  // their statement lists are emitted verbatim (no dropped reloads).
  const bool runtime_code = Codegen::forces_unoptimized(parsed.ast);
  const bool gen_optimize = req.optimize && !runtime_code;
  opt.optimize = gen.opt_.optimize = gen_optimize;
  Result<PredId> root = gen.run(parsed.ast);
  if (!root && opt.optimize) {
    // Value sets and grouped "or" chains generate primitives out of source
    // order; libpcap reports the first error in source order.
    Ir plain_ir;
    CodegenOptions plain = opt;
    plain.optimize = false;
    Codegen gen_plain(plain_ir, plain);
    if (Status s = gen_plain.init(); !s.is_ok()) return s;
    Result<PredId> in_order = gen_plain.run(parsed.ast);
    return in_order ? root.status() : in_order.status();
  }
  if (!root) return root.status();
  if (gen_optimize && gen.no_optimize()) {  // a generator asked for it: compile again without
    CompileRequest plain = req;
    plain.optimize = false;
    return compile(plain);
  }
  OffsetUse use = gen.offset_use();
  // Where libpcap leaves its program unoptimized (run-time 802.11 header
  // lengths, Prism), so do we: the same loads in the same order give the
  // same answers on short packets too (generated again, without sets).
  const bool optimize = gen_optimize && libpcap_optimizes(gen.ll_.radio, gen.ll_.is_80211, use);
  Ir plain_ir;
  Ir* irp = &ir;
  if (gen_optimize && !optimize) {
    CodegenOptions plain_opt = opt;
    plain_opt.optimize = false;
    Codegen plain(plain_ir, plain_opt);
    if (Status s = plain.init(); !s.is_ok()) return s;
    root = plain.run(parsed.ast);
    if (!root) return root.status();
    use = plain.offset_use();
    irp = &plain_ir;
  }
  Ir& ir_used = *irp;
  if (opt.linux_live && uses_vlan(parsed.ast) && is_ethernet(req.linktype)) {
    // The tag may be in metadata (offloaded) or in band: one program per
    // case, chosen by SKF_AD_VLAN_TAG_PRESENT (a per-packet constant).
    CodegenOptions meta = opt;
    meta.vlan_in_metadata = true;
    Codegen gen_meta(ir_used, meta);
    if (Status s = gen_meta.init(); !s.is_ok()) return s;
    Result<PredId> in_meta = gen_meta.run(parsed.ast);
    if (!in_meta) return in_meta.status();
    ValueId vlanp = ir_used.intern(Stmts{{BPF_LD | BPF_B | BPF_ABS, 0xfffff000u + 48}});  // SKF_AD_VLAN_TAG_PRESENT
    PredId in_band = ir_used.not_(ir_used.test(vlanp, BPF_JEQ, 1));
    root = ir_used.or_(ir_used.and_(ir_used.test(vlanp, BPF_JEQ, 1), *in_meta), ir_used.and_(in_band, *root));
  }
  Cfg cfg = build_cfg(ir_used, *root);
  if (optimize) {
    Status ost = optimize_cfg(cfg, ir_used);
    if (!ost.is_ok()) return ost;
    if (cfg.root == kReject || loads_ancillary(cfg, ir_used)) {
      // Report "rejects all packets" only where libpcap's weaker optimizer
      // sees it too; otherwise the program is just "ret #0".
      Cfg weak = build_cfg(ir_used, *root);
      optimize_cfg(weak, ir_used, true);
      if (libpcap_final_root(weak, ir_used) == kReject) return Status::error("expression rejects all packets");
    }
    if (irp == &ir && !gen.optimizer_status().is_ok()) return gen.optimizer_status();
  }
  Result<std::vector<bpf_insn>> prog = emit(cfg, ir_used, req.snaplen, gen_optimize, req.max_insns);
  if (!prog || !use.any() || cfg.root == kReject) return prog;
  // Run-time header lengths: computed once, before the first test, into
  // scratch words nothing else writes (link_prologue.h).
  std::vector<bpf_insn> code = link_prologue(gen.ll_.radio, use);
  code.insert(code.end(), prog->begin(), prog->end());
  if (code.size() > req.max_insns)
    return Status::error("expression is too complex: the program would exceed the instruction budget");
  return code;
}

}  // namespace wpcap::filter
