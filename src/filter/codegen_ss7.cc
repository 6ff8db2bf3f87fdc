// codegen_ss7.cc - SS7 primitives on MTP2 links (MTP2, MTP2_WITH_PHDR, ERF).
//
// Entry point: Codegen::ss7(node): the MTP2 signal-unit classes by length
// indicator (fisu, lssu, msu; hfisu, hlssu, hmsu with the 12-bit indicator
// of high-speed links) and the MTP3 routing-label fields (sio, opc, dpc,
// sls; hsio... 3 bytes further on). Offsets are from the start of the
// packet (link_layer.cc); values are encoded as they sit in the label.
#include <pcap/dlt.h>

#include "core/errbuf.h"
#include "filter/codegen.h"
#include "filter/keywords.h"

namespace wpcap::filter {
namespace {

const char* mtp_name(int kw) {
  static const char* const kNames[] = {"", "fisu", "lssu", "msu", "hfisu", "hlssu", "hmsu", "sio",
                                       "opc", "dpc", "sls", "hsio", "hopc", "hdpc", "hsls"};
  return kw > 0 && kw <= kMtpHsls ? kNames[kw] : "";
}

bool is_mtp2(int dlt) { return dlt == DLT_MTP2 || dlt == DLT_ERF || dlt == DLT_MTP2_WITH_PHDR; }

// Signal units by length indicator: FISU 0, LSSU 1..2, MSU > 2 (6 bits;
// high-speed: 9 bits of a halfword, so the limits are scaled by 0x80).
PredId signal_unit(Codegen& g, int kw) {
  const bool hsl = kw == kMtpHfisu || kw == kMtpHlssu || kw == kMtpHmsu;
  const uint32_t off = hsl ? g.ll_.off_li_hsl : g.ll_.off_li;
  const uint32_t size = hsl ? BPF_H : BPF_B, mask = hsl ? 0xff80 : 0x3f, two = hsl ? 0x0100 : 2;
  switch (kw) {
    case kMtpFisu: case kMtpHfisu: return g.ncmp(Base::kPacket, off, size, mask, BPF_JEQ, false, 0);
    case kMtpLssu: case kMtpHlssu: {
      PredId b0 = g.ncmp(Base::kPacket, off, size, mask, BPF_JGT, true, two);
      PredId b1 = g.ncmp(Base::kPacket, off, size, mask, BPF_JGT, false, 0);
      return g.ir_.and_(b1, b0);
    }
    default: return g.ncmp(Base::kPacket, off, size, mask, BPF_JGT, false, two);
  }
}

// One routing-label field compared with v (encoded as on the wire).
PredId label_field(Codegen& g, const Node& n) {
  const int kw = static_cast<int>(n.num2);
  const bool hsl = kw >= kMtpHsio;
  const int base_kw = hsl ? kw - (kMtpHsio - kMtpSio) : kw;
  const LinkLayer& ll = g.ll_;
  const uint32_t offs[] = {ll.off_sio, ll.off_opc, ll.off_dpc, ll.off_sls};
  const uint32_t off = offs[base_kw - kMtpSio];
  if (off == kNoOffset) {
    g.error(str_printf("'%s' supported only on SS7", mtp_name(base_kw)));
    return g.ir_.false_();
  }
  static const uint32_t kMax[] = {255, 16383, 16383, 15};
  uint32_t v = n.num;
  if (v > kMax[base_kw - kMtpSio]) {
    g.error(str_printf("%s value %u too big; max value = %u", mtp_name(base_kw), v, kMax[base_kw - kMtpSio]));
    return g.ir_.false_();
  }
  const uint32_t at = off + (hsl ? 3 : 0);
  const bool rev = n.reversed && n.op != BPF_JEQ;  // "!=" compares like "==" (as in libpcap)
  switch (base_kw) {
    case kMtpSio: return g.ncmp(Base::kPacket, at, BPF_B, 0xffffffff, n.op, rev, v);
    case kMtpOpc:
      v = ((v & 0x3c00) >> 10) + ((v & 0x03fc) << 6) + ((v & 0x0003) << 22);
      return g.ncmp(Base::kPacket, at, BPF_W, 0x00c0ff0f, n.op, rev, v);
    case kMtpDpc:
      v = ((v & 0x00ff) << 24) + ((v & 0x3f00) << 8);
      return g.ncmp(Base::kPacket, at, BPF_W, 0xff3f0000, n.op, rev, v);
    default:
      return g.ncmp(Base::kPacket, at, BPF_B, 0xf0, n.op, rev, v << 4);
  }
}

}  // namespace

PredId Codegen::ss7(const Node& n) {
  if (n.other == Other::kMtp3Field) return label_field(*this, n);
  const int kw = static_cast<int>(n.num);
  if (!is_mtp2(ll_.linktype)) {
    const bool hsl = kw == kMtpHfisu || kw == kMtpHlssu || kw == kMtpHmsu;
    error(str_printf("'%s' supported only on %s", mtp_name(kw), hsl ? "MTP2_HSL" : "MTP2"));
    return ir_.false_();
  }
  return signal_unit(*this, kw);
}

}  // namespace wpcap::filter
