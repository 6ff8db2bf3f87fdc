// codegen_wlan.cc - 802.11 primitives: frame type/subtype/direction,
// the four address fields, broadcast/multicast, the data-frame check.
//
// Entry points (Codegen methods): is_80211_family(), has_80211_header(),
// wlan_data_frame(), wlan_hostop(), wlan_multicast(), wlan_fc(),
// ppi_dlt_check(). Tests are generated in libpcap's order; the header
// lengths they rely on are link_prologue.cc's.
#include <pcap/dlt.h>
#include <strings.h>

#include "core/errbuf.h"
#include "filter/codegen.h"

namespace wpcap::filter {
namespace {

constexpr uint32_t kFcTypeMask = 0x0c, kFcSubtypeMask = 0xf0, kFcDirMask = 0x03;
constexpr uint32_t kTypeMgt = 0x00, kTypeCtl = 0x04, kTypeData = 0x08;
constexpr uint32_t kSubtypeCts = 0xc0, kSubtypeAck = 0xd0;

struct Name {
  const char* name;
  uint32_t v;
};

constexpr Name kTypes[] = {{"management", kTypeMgt}, {"mgt", kTypeMgt}, {"control", kTypeCtl},
                           {"ctl", kTypeCtl},        {"data", kTypeData}, {nullptr, 0}};
constexpr Name kMgtSubtypes[] = {
    {"assocreq", 0x00}, {"assoc-req", 0x00}, {"assocresp", 0x10}, {"assoc-resp", 0x10}, {"reassocreq", 0x20},
    {"reassoc-req", 0x20}, {"reassocresp", 0x30}, {"reassoc-resp", 0x30}, {"probereq", 0x40}, {"probe-req", 0x40},
    {"proberesp", 0x50}, {"probe-resp", 0x50}, {"beacon", 0x80}, {"atim", 0x90}, {"disassoc", 0xa0},
    {"disassociation", 0xa0}, {"auth", 0xb0}, {"authentication", 0xb0}, {"deauth", 0xc0},
    {"deauthentication", 0xc0}, {nullptr, 0}};
constexpr Name kCtlSubtypes[] = {{"ps-poll", 0xa0}, {"rts", 0xb0}, {"cts", 0xc0}, {"ack", 0xd0},
                                 {"cf-end", 0xe0}, {"cf-end-ack", 0xf0}, {nullptr, 0}};
constexpr Name kDataSubtypes[] = {
    {"data", 0x00}, {"data-cf-ack", 0x10}, {"data-cf-poll", 0x20}, {"data-cf-ack-poll", 0x30}, {"null", 0x40},
    {"cf-ack", 0x50}, {"cf-poll", 0x60}, {"cf-ack-poll", 0x70}, {"qos-data", 0x80}, {"qos-data-cf-ack", 0x90},
    {"qos-data-cf-poll", 0xa0}, {"qos-data-cf-ack-poll", 0xb0}, {"qos", 0xc0}, {"qos-cf-poll", 0xe0},
    {"qos-cf-ack-poll", 0xf0}, {nullptr, 0}};
constexpr struct {
  uint32_t type;
  const Name* subtypes;
} kTypeSubtypes[] = {{kTypeMgt, kMgtSubtypes}, {kTypeCtl, kCtlSubtypes}, {kTypeData, kDataSubtypes}};

int lookup(const Name* table, const std::string& s) {
  for (const Name* n = table; n->name != nullptr; ++n)
    if (strcasecmp(n->name, s.c_str()) == 0) return static_cast<int>(n->v);
  return -1;
}

// The type of "type T" (a name or a number), as libpcap's grammar checks it.
bool type_value(Codegen& g, const std::string& text, uint32_t num, uint32_t* out) {
  if (text.empty()) {
    if ((num & ~kFcTypeMask) != 0) {
      g.error(str_printf("invalid 802.11 type value 0x%02x", num));
      return false;
    }
    *out = num;
    return true;
  }
  int v = lookup(kTypes, text);
  if (v < 0) {
    g.error("unknown 802.11 type name \"" + text + "\"");
    return false;
  }
  *out = static_cast<uint32_t>(v);
  return true;
}

// "type T subtype S": S is a number, or a name among T's subtypes.
bool subtype_value(Codegen& g, uint32_t type, const std::string& text, uint32_t num, uint32_t* out) {
  if (text.empty()) {
    if ((num & ~kFcSubtypeMask) != 0) {
      g.error(str_printf("invalid 802.11 subtype value 0x%02x", num));
      return false;
    }
    *out = num;
    return true;
  }
  for (const auto& ts : kTypeSubtypes) {
    if (ts.type != type) continue;
    int v = lookup(ts.subtypes, text);
    if (v < 0) {
      g.error("unknown 802.11 subtype name \"" + text + "\"");
      return false;
    }
    *out = static_cast<uint32_t>(v);
    return true;
  }
  g.error("unknown 802.11 type");
  return false;
}

// "subtype S" alone: the first type that has a subtype of that name.
bool type_subtype_value(Codegen& g, const std::string& text, uint32_t* out) {
  for (const auto& ts : kTypeSubtypes) {
    int v = lookup(ts.subtypes, text);
    if (v >= 0) {
      *out = static_cast<uint32_t>(v) | ts.type;
      return true;
    }
  }
  g.error("unknown 802.11 type name");
  return false;
}

bool dir_value(Codegen& g, const Node& n, uint32_t* out) {
  if (n.text.empty()) {
    *out = n.num;
    return true;
  }
  static constexpr Name kDirs[] = {{"nods", 0}, {"tods", 1}, {"fromds", 2}, {"dstods", 3}, {nullptr, 0}};
  int v = lookup(kDirs, n.text);
  if (v < 0) {
    g.error("unknown 802.11 direction");
    return false;
  }
  *out = static_cast<uint32_t>(v);
  return true;
}

PredId jset(Codegen& g, uint32_t off, uint32_t bits) {
  return g.ir_.test(g.ir_.intern(g.load(Base::kLinkHdr, off, BPF_B)), BPF_JSET, bits);
}

// Frames that carry a destination (management and data frames), with the
// destination tested by leaf(offset): at 4, or at 16 in data frames sent
// to the DS. Control frames and reserved types never match.
template <typename Leaf>
PredId by_destination(Codegen& g, Leaf leaf) {
  Ir& ir = g.ir_;
  PredId data = ir.or_(ir.and_(ir.not_(jset(g, 1, 0x01)), leaf(4)), ir.and_(jset(g, 1, 0x01), leaf(16)));
  data = ir.and_(jset(g, 0, 0x08), data);
  PredId b = ir.or_(ir.and_(ir.not_(jset(g, 0, 0x08)), leaf(4)), data);
  return ir.and_(ir.not_(jset(g, 0, 0x04)), b);
}

// The source: at 10, in data frames from the DS at 16, or at 24 in
// four-address frames.
PredId by_source(Codegen& g, const uint8_t* mac) {
  Ir& ir = g.ir_;
  auto at = [&](uint32_t off) { return g.bcmp(Base::kLinkHdr, off, mac, 6); };
  PredId from_ds = ir.or_(ir.and_(ir.not_(jset(g, 1, 0x01)), at(16)), ir.and_(jset(g, 1, 0x01), at(24)));
  from_ds = ir.and_(jset(g, 1, 0x02), from_ds);
  PredId data = ir.and_(jset(g, 0, 0x08), ir.or_(ir.and_(ir.not_(jset(g, 1, 0x02)), at(10)), from_ds));
  PredId b = ir.or_(ir.and_(ir.not_(jset(g, 0, 0x08)), at(10)), data);
  return ir.and_(ir.not_(jset(g, 0, 0x04)), b);
}

// Not a CTS or ACK control frame (they have no second address).
PredId has_addr2(Codegen& g) {
  Ir& ir = g.ir_;
  PredId not_ctl = ir.not_(g.mcmp(Base::kLinkHdr, 0, BPF_B, kTypeCtl, kFcTypeMask));
  PredId not_cts = ir.not_(g.mcmp(Base::kLinkHdr, 0, BPF_B, kSubtypeCts, kFcSubtypeMask));
  PredId not_ack = ir.not_(g.mcmp(Base::kLinkHdr, 0, BPF_B, kSubtypeAck, kFcSubtypeMask));
  return ir.or_(not_ctl, ir.and_(not_cts, not_ack));
}

}  // namespace

bool Codegen::is_80211_family() const { return ll_.linktype == DLT_PPI || has_80211_header(); }

bool Codegen::has_80211_header() const {
  switch (ll_.linktype) {
    case DLT_IEEE802_11: case DLT_PRISM_HEADER: case DLT_IEEE802_11_RADIO_AVS: case DLT_IEEE802_11_RADIO:
      return true;
    default:
      return false;
  }
}

// A data frame: frame-control type bits "10" (not control, not reserved).
PredId Codegen::wlan_data_frame() { return ir_.and_(ir_.not_(jset(*this, 0, 0x04)), jset(*this, 0, 0x08)); }

PredId Codegen::wlan_hostop(const uint8_t* mac, Dir dir) {
  auto at = [&](uint32_t off) { return bcmp(Base::kLinkHdr, off, mac, 6); };
  switch (dir) {
    case Dir::kSrc: return by_source(*this, mac);
    case Dir::kDst: return by_destination(*this, at);
    case Dir::kAnd: return ir_.and_(wlan_hostop(mac, Dir::kSrc), wlan_hostop(mac, Dir::kDst));
    case Dir::kAddr1: return at(4);
    case Dir::kAddr2: return ir_.and_(has_addr2(*this), at(10));
    case Dir::kAddr3: return ir_.and_(ir_.not_(mcmp(Base::kLinkHdr, 0, BPF_B, kTypeCtl, kFcTypeMask)), at(16));
    case Dir::kAddr4: return ir_.and_(mcmp(Base::kLinkHdr, 1, BPF_B, 0x03, kFcDirMask), at(24));
    case Dir::kRa: return ir_.and_(jset(*this, 0, 0x08), at(4));
    case Dir::kTa: return ir_.and_(ir_.and_(jset(*this, 0, 0x08), has_addr2(*this)), at(10));
    default: return ir_.or_(wlan_hostop(mac, Dir::kSrc), wlan_hostop(mac, Dir::kDst));
  }
}

PredId Codegen::wlan_multicast() {
  return by_destination(*this, [&](uint32_t off) { return jset(*this, off, 0x01); });
}

PredId Codegen::wlan_fc(const Node& n) {
  uint32_t v = 0, mask = kFcTypeMask;
  if (n.other == Other::kWlanDir) {
    if (!dir_value(*this, n, &v)) return ir_.false_();
    if (!has_80211_header()) {
      error("frame direction supported only with 802.11 headers");
      return ir_.false_();
    }
    return mcmp(Base::kLinkHdr, 1, BPF_B, v, kFcDirMask);
  }
  if (n.other == Other::kWlanType) {
    if (!type_value(*this, n.text, n.num, &v)) return ir_.false_();
  } else if (n.has_num) {  // type T subtype S
    uint32_t sub = 0;
    if (!type_value(*this, n.text, n.num, &v) || !subtype_value(*this, v, n.text2, n.num2, &sub)) return ir_.false_();
    v |= sub;
    mask = kFcTypeMask | kFcSubtypeMask;
  } else {  // subtype S
    if (!type_subtype_value(*this, n.text2, &v)) return ir_.false_();
    mask = kFcTypeMask | kFcSubtypeMask;
  }
  if (!has_80211_header()) {
    error("802.11 link-layer types supported only on 802.11");
    return ir_.false_();
  }
  return mcmp(Base::kLinkHdr, 0, BPF_B, v, mask);
}

// PPI: the whole expression applies only to packets whose PPI header says
// DLT_IEEE802_11 (pph_dlt, little-endian at 4).
PredId Codegen::ppi_dlt_check() { return cmp(Base::kPacket, 4, BPF_W, 0x69000000u); }

}  // namespace wpcap::filter
