// codegen_pflog.cc - OpenBSD pf log primitives (DLT_PFLOG header fields).
//
// Entry point: Codegen::pflog(node): "on"/"ifname", "rset"/"ruleset",
// "rnr"/"rulenum", "srnr"/"subrulenum", "reason", "action", and the
// reason/action names pf uses (case-insensitive, numbered as in pf).
// Unknown names are errors on every link type (libpcap resolves them while
// parsing); elsewhere: "<field> supported only on PF linktype".
#include <pcap/dlt.h>
#include <strings.h>

#include <string>

#include "core/errbuf.h"
#include "filter/codegen.h"

namespace wpcap::filter {
namespace {

// struct pfloghdr: length, af, action, reason (bytes 0..3), ifname[16] at 4,
// ruleset[16] at 20, rulenr at 36, subrulenr at 40, ..., dir at 60.
constexpr uint32_t kOffAction = 2, kOffReason = 3, kOffIfname = 4, kOffRuleset = 20, kOffRulenr = 36,
                   kOffSubrulenr = 40;
constexpr size_t kNameSize = 16;

// pf's PFRES_NAMES, numbered from 0.
constexpr const char* kReasons[] = {"match", "bad-offset", "fragment", "short", "normalize",
                                    "memory", "bad-timestamp", "congestion", "ip-option",
                                    "proto-cksum", "state-mismatch", "state-insert", "state-limit",
                                    "src-limit", "synproxy"};

struct ActionName {
  const char* name;
  uint32_t value;
};
constexpr ActionName kActions[] = {{"pass", 0}, {"accept", 0}, {"drop", 1}, {"block", 1},
                                   {"scrub", 2}, {"noscrub", 3}, {"nat", 4}, {"nonat", 5},
                                   {"binat", 6}, {"nobinat", 7}, {"rdr", 8}, {"nordr", 9},
                                   {"synproxy-drop", 10}};

bool reason_number(const std::string& name, uint32_t* v) {
  for (uint32_t i = 0; i < sizeof kReasons / sizeof kReasons[0]; ++i) {
    if (strcasecmp(name.c_str(), kReasons[i]) == 0) {
      *v = i;
      return true;
    }
  }
  return false;
}

bool action_number(const std::string& name, uint32_t* v) {
  for (const ActionName& a : kActions) {
    if (strcasecmp(name.c_str(), a.name) == 0) {
      *v = a.value;
      return true;
    }
  }
  return false;
}

PredId name_field(Codegen& g, uint32_t off, const std::string& name, const char* what) {
  if (name.size() >= kNameSize) {
    g.error(std::string(what) + " can only be " + std::to_string(kNameSize - 1) + " characters");
    return g.ir_.false_();
  }
  return g.bcmp(Base::kLinkHdr, off, reinterpret_cast<const uint8_t*>(name.data()),
                static_cast<uint32_t>(name.size()));
}

}  // namespace

PredId Codegen::pflog(const Node& n) {
  uint32_t v = n.num;
  if (n.other == Other::kPfReason && !n.has_num && !reason_number(n.text, &v)) {
    error("unknown PF reason \"" + n.text + "\"");
    return ir_.false_();
  }
  if (n.other == Other::kPfAction && !action_number(n.text, &v)) {
    error("unknown PF action \"" + n.text + "\"");
    return ir_.false_();
  }
  static const char* const kWhat[] = {"ifname", "ruleset", "rnr", "srnr", "reason", "action"};
  const int field = static_cast<int>(n.other) - static_cast<int>(Other::kPfIfname);
  if (ll_.linktype != DLT_PFLOG) {
    error(str_printf("%s supported only on PF linktype", kWhat[field]));
    return ir_.false_();
  }
  switch (n.other) {
    case Other::kPfIfname: return name_field(*this, kOffIfname, n.text, "ifname interface names");
    case Other::kPfRset: return name_field(*this, kOffRuleset, n.text, "ruleset names");
    case Other::kPfRnr: return cmp(Base::kLinkHdr, kOffRulenr, BPF_W, v);
    case Other::kPfSrnr: return cmp(Base::kLinkHdr, kOffSubrulenr, BPF_W, v);
    case Other::kPfReason: return cmp(Base::kLinkHdr, kOffReason, BPF_B, v);
    default: return cmp(Base::kLinkHdr, kOffAction, BPF_B, v);
  }
}

}  // namespace wpcap::filter
