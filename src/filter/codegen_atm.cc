// codegen_atm.cc - raw ATM primitives (DLT_SUNATM's pseudo-header).
//
// Entry point: Codegen::atm(node): "vpi"/"vci" relations, "lane", the
// virtual-circuit abbreviations (metac, bcc, sc, ilmic, oamf4sc, oamf4ec),
// "oam"/"oamf4" and the Q.2931 signalling sets (connectmsg, metaconnect).
// Fields are read relative to the link-layer header, as libpcap reads them
// (so after "lane" 6 bytes further on). "lane" makes the rest of the
// expression see LANE Ethernet (codegen_link.cc adds the LE-Control check).
#include <pcap/dlt.h>

#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/keywords.h"

namespace wpcap::filter {
namespace {

// Pseudo-header protocol types (low 4 bits of byte 0).
constexpr uint32_t kPtLane = 0x01;
// Q.2931 message types, at payload offset 5.
constexpr uint32_t kMsgCallProceed = 0x02, kMsgConnect = 0x07, kMsgConnectAck = 0x0f, kMsgSetup = 0x05,
                   kMsgRelease = 0x4d, kMsgReleaseDone = 0x5a;
constexpr uint32_t kMsgTypePos = 5;

const char* atm_name(int kw) {
  // (libpcap's messages call oamf4ec/oamf4sc "oam4ec"/"oam4sc".)
  static const char* const kNames[] = {"", "lane", "metac", "bcc", "oam4ec", "oam4sc", "sc", "ilmic",
                                       "oam", "oamf4", "connectmsg", "metaconnect", "vpi", "vci"};
  return kw > 0 && kw <= kAtmVci ? kNames[kw] : "";
}

// "!=" compares like "==" here: libpcap negates only ">"-style tests.
PredId field(Codegen& g, int kw, uint16_t jop, bool reverse, uint32_t v) {
  const LinkLayer& ll = g.ll_;
  reverse = reverse && jop != BPF_JEQ;
  if (kw == kAtmVpi) return g.ncmp(Base::kLinkHdr, ll.off_vpi, BPF_B, 0xffffffff, jop, reverse, v);
  return g.ncmp(Base::kLinkHdr, ll.off_vci, BPF_H, 0xffffffff, jop, reverse, v);
}

// "vpi 0 and vci <vci>": the well-known circuits.
PredId circuit(Codegen& g, uint32_t vci) {
  PredId b0 = field(g, kAtmVpi, BPF_JEQ, false, 0);
  return g.ir_.and_(b0, field(g, kAtmVci, BPF_JEQ, false, vci));
}

PredId msg(Codegen& g, uint32_t type) {
  return g.cmp(Base::kLinkHdr, g.ll_.off_payload + kMsgTypePos, BPF_B, type);
}

// Either message set, each new test ahead of the ones before (libpcap's order).
PredId messages(Codegen& g, bool with_connect_ack) {
  PredId b1 = g.ir_.or_(msg(g, kMsgSetup), msg(g, kMsgCallProceed));
  b1 = g.ir_.or_(msg(g, kMsgConnect), b1);
  if (with_connect_ack) b1 = g.ir_.or_(msg(g, kMsgConnectAck), b1);
  b1 = g.ir_.or_(msg(g, kMsgRelease), b1);
  return g.ir_.or_(msg(g, kMsgReleaseDone), b1);
}

// LANE: the payload (after a 2-byte LE header) is an Ethernet frame; the
// rest of the expression sees Ethernet, with the ATM header as the
// previous link-layer header.
PredId lane(Codegen& g) {
  LinkLayer& ll = g.ll_;
  PredId b = g.mcmp(Base::kLinkHdr, ll.off_proto, BPF_B, kPtLane, 0x0f);
  ll.prevlinktype = ll.linktype;
  ll.off_prevlinkhdr = ll.off_linkhdr;
  ll.linktype = DLT_EN10MB;
  ll.off_linkhdr = AbsOffset{};
  ll.off_linkhdr.constant = ll.off_payload + 2;
  ll.off_linktype = ll.off_linkhdr;
  ll.off_linktype.constant += 12;
  ll.off_linkpl = ll.off_linkhdr;
  ll.off_linkpl.constant += 14;
  ll.off_nl = 0;
  ll.off_nl_nosnap = 3;
  ll.is_geneve = false;
  return b;
}

PredId oam(Codegen& g) {  // F4 OAM cells: segment (VCI 3) or end-to-end (VCI 4)
  PredId b1 = g.ir_.or_(field(g, kAtmVci, BPF_JEQ, false, 3), field(g, kAtmVci, BPF_JEQ, false, 4));
  return g.ir_.and_(field(g, kAtmVpi, BPF_JEQ, false, 0), b1);
}

}  // namespace

PredId Codegen::atm(const Node& n) {
  const int kw = static_cast<int>(n.other == Other::kAtmField ? n.num2 : n.num);
  if (!ll_.is_atm) {
    error(str_printf("'%s' supported only on raw ATM", atm_name(kw)));
    return ir_.false_();
  }
  switch (kw) {
    case kAtmVpi: case kAtmVci: return field(*this, kw, n.op, n.reversed, n.num);
    case kAtmLane: return lane(*this);
    case kAtmMetac: return circuit(*this, 1);
    case kAtmBcc: return circuit(*this, 2);
    case kAtmOamf4sc: return circuit(*this, 3);
    case kAtmOamf4ec: return circuit(*this, 4);
    case kAtmSc: return circuit(*this, 5);
    case kAtmIlmic: return circuit(*this, 16);
    case kAtmOam: case kAtmOamf4: return oam(*this);
    case kAtmConnectmsg: {
      PredId b1 = messages(*this, true);
      return ir_.and_(circuit(*this, 5), b1);
    }
    case kAtmMetaconnect: {
      PredId b1 = messages(*this, false);
      return ir_.and_(circuit(*this, 1), b1);
    }
    default: break;
  }
  error("syntax error in filter expression");
  return ir_.false_();
}

}  // namespace wpcap::filter
