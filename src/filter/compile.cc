// compile.cc - runs the compiler pipeline (see compile.h).
#include "filter/compile.h"

#include "filter/arena.h"
#include "filter/cfg.h"
#include "filter/codegen.h"
#include "filter/emit.h"
#include "filter/ir.h"
#include "filter/lexer.h"
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
  Result<PredId> root = gen.run(parsed.ast);
  if (!root) return root.status();
  if (opt.linux_live && uses_vlan(parsed.ast) && is_ethernet(req.linktype)) {
    // The tag may be in metadata (offloaded) or in band: one program per
    // case, chosen by SKF_AD_VLAN_TAG_PRESENT (a per-packet constant).
    CodegenOptions meta = opt;
    meta.vlan_in_metadata = true;
    Codegen gen_meta(ir, meta);
    if (Status s = gen_meta.init(); !s.is_ok()) return s;
    Result<PredId> in_meta = gen_meta.run(parsed.ast);
    if (!in_meta) return in_meta.status();
    ValueId vlanp = ir.intern(Stmts{{BPF_LD | BPF_B | BPF_ABS, 0xfffff000u + 48}});  // SKF_AD_VLAN_TAG_PRESENT
    PredId in_band = ir.not_(ir.test(vlanp, BPF_JEQ, 1));
    root = ir.or_(ir.and_(ir.test(vlanp, BPF_JEQ, 1), *in_meta), ir.and_(in_band, *root));
  }
  Cfg cfg = build_cfg(ir, *root);
  if (req.optimize) {
    Status ost = optimize_cfg(cfg, ir);
    if (!ost.is_ok()) return ost;
    if (cfg.root == kReject || loads_ancillary(cfg, ir)) {
      // Report "rejects all packets" only where libpcap's weaker optimizer
      // sees it too; otherwise the program is just "ret #0".
      Cfg weak = build_cfg(ir, *root);
      optimize_cfg(weak, ir, true);
      if (weak.root == kReject) return Status::error("expression rejects all packets");
    }
  }
  return emit(cfg, ir, req.snaplen, req.optimize, req.max_insns);
}

}  // namespace wpcap::filter
