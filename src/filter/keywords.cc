// keywords.cc - the keyword table of the filter language (see keywords.h).
//
// One row per spelling, as libpcap 1.10's scanner accepts them.
#include "filter/keywords.h"

#include <iterator>
#include <string_view>

#include "filter/ast.h"

namespace wpcap::filter {
namespace {

#define P(s, proto) {s, Tok::kProto, static_cast<int>(Proto::proto), 0}
#define K(s, tok) {s, Tok::tok, 0, 0}
#define N(s, v) {s, Tok::kNum, 0, v}
constexpr Keyword kKeywords[] = {
    K("dst", kDst), K("src", kSrc),
    P("link", kLink), P("ether", kLink), P("ppp", kLink), P("slip", kLink), P("fddi", kLink),
    P("tr", kLink), P("wlan", kLink), P("arp", kArp), P("rarp", kRarp), P("ip", kIp), P("sctp", kSctp),
    P("tcp", kTcp), P("udp", kUdp), P("icmp", kIcmp), P("igmp", kIgmp), P("igrp", kIgrp), P("pim", kPim),
    P("vrrp", kVrrp), P("carp", kCarp), P("radio", kRadio), P("ip6", kIpv6), P("icmp6", kIcmpv6),
    P("ah", kAh), P("esp", kEsp), P("atalk", kAtalk), P("aarp", kAarp), P("decnet", kDecnet),
    P("lat", kLat), P("sca", kSca), P("moprc", kMoprc), P("mopdl", kMopdl), P("iso", kIso),
    P("esis", kEsis), P("es-is", kEsis), P("isis", kIsis), P("is-is", kIsis), P("l1", kIsisL1),
    P("l2", kIsisL2), P("iih", kIsisIih), P("lsp", kIsisLsp), P("snp", kIsisSnp), P("csnp", kIsisCsnp),
    P("psnp", kIsisPsnp), P("clnp", kClnp), P("stp", kStp), P("ipx", kIpx), P("netbeui", kNetbeui),
    K("host", kHost), K("net", kNet), K("mask", kNetmask), K("port", kPort), K("portrange", kPortrange),
    K("proto", kProtoKw), K("protochain", kProtochain), K("gateway", kGateway),
    K("type", kType), K("subtype", kSubtype), K("direction", kDir), K("dir", kDir),
    K("address1", kAddr1), K("addr1", kAddr1), K("address2", kAddr2), K("addr2", kAddr2),
    K("address3", kAddr3), K("addr3", kAddr3), K("address4", kAddr4), K("addr4", kAddr4),
    K("ra", kRa), K("ta", kTa), K("less", kLess), K("greater", kGreater), K("byte", kByte),
    K("broadcast", kBroadcast), K("multicast", kMulticast), K("and", kAnd), K("or", kOr),
    K("not", kBang), K("len", kLen), K("length", kLen), K("inbound", kInbound), K("outbound", kOutbound),
    K("ifindex", kIfindex), K("vlan", kVlan), K("mpls", kMpls), K("pppoed", kPppoed), K("pppoes", kPppoes),
    K("geneve", kGeneve), K("llc", kLlc),
    {"lane", Tok::kAtmType, kAtmLane, 0}, {"metac", Tok::kAtmType, kAtmMetac, 0},
    {"bcc", Tok::kAtmType, kAtmBcc, 0}, {"oamf4ec", Tok::kAtmType, kAtmOamf4ec, 0},
    {"oamf4sc", Tok::kAtmType, kAtmOamf4sc, 0}, {"sc", Tok::kAtmType, kAtmSc, 0},
    {"ilmic", Tok::kAtmType, kAtmIlmic, 0}, {"oam", Tok::kAtmMultiType, kAtmOam, 0},
    {"oamf4", Tok::kAtmMultiType, kAtmOamf4, 0}, {"connectmsg", Tok::kAtmMultiType, kAtmConnectmsg, 0},
    {"metaconnect", Tok::kAtmMultiType, kAtmMetaconnect, 0}, {"vpi", Tok::kVpi, kAtmVpi, 0},
    {"vci", Tok::kVci, kAtmVci, 0},
    K("on", kPfIfname), K("ifname", kPfIfname), K("rset", kPfRset), K("ruleset", kPfRset),
    K("rnr", kPfRnr), K("rulenum", kPfRnr), K("srnr", kPfSrnr), K("subrulenum", kPfSrnr),
    K("reason", kPfReason), K("action", kPfAction),
    {"fisu", Tok::kMtp2Type, kMtpFisu, 0}, {"lssu", Tok::kMtp2Type, kMtpLssu, 0},
    {"lsu", Tok::kMtp2Type, kMtpLssu, 0}, {"msu", Tok::kMtp2Type, kMtpMsu, 0},
    {"hfisu", Tok::kMtp2Type, kMtpHfisu, 0}, {"hlssu", Tok::kMtp2Type, kMtpHlssu, 0},
    {"hmsu", Tok::kMtp2Type, kMtpHmsu, 0}, {"sio", Tok::kMtp3Field, kMtpSio, 0},
    {"opc", Tok::kMtp3Field, kMtpOpc, 0}, {"dpc", Tok::kMtp3Field, kMtpDpc, 0},
    {"sls", Tok::kMtp3Field, kMtpSls, 0}, {"hsio", Tok::kMtp3Field, kMtpHsio, 0},
    {"hopc", Tok::kMtp3Field, kMtpHopc, 0}, {"hdpc", Tok::kMtp3Field, kMtpHdpc, 0},
    {"hsls", Tok::kMtp3Field, kMtpHsls, 0},
    N("icmptype", 0), N("icmpcode", 1), N("icmp-echoreply", 0), N("icmp-unreach", 3),
    N("icmp-sourcequench", 4), N("icmp-redirect", 5), N("icmp-echo", 8), N("icmp-routeradvert", 9),
    N("icmp-routersolicit", 10), N("icmp-timxceed", 11), N("icmp-paramprob", 12), N("icmp-tstamp", 13),
    N("icmp-tstampreply", 14), N("icmp-ireq", 15), N("icmp-ireqreply", 16), N("icmp-maskreq", 17),
    N("icmp-maskreply", 18), N("icmp6type", 0), N("icmp6code", 1),
    N("icmp6-destinationunreach", 1), N("icmp6-packettoobig", 2), N("icmp6-timeexceeded", 3),
    N("icmp6-parameterproblem", 4), N("icmp6-echo", 128), N("icmp6-echoreply", 129),
    N("icmp6-multicastlistenerquery", 130), N("icmp6-multicastlistenerreportv1", 131),
    N("icmp6-multicastlistenerdone", 132), N("icmp6-routersolicit", 133), N("icmp6-routeradvert", 134),
    N("icmp6-neighborsolicit", 135), N("icmp6-neighboradvert", 136), N("icmp6-redirect", 137),
    N("icmp6-routerrenum", 138), N("icmp6-nodeinformationquery", 139),
    N("icmp6-nodeinformationresponse", 140), N("icmp6-ineighbordiscoverysolicit", 141),
    N("icmp6-ineighbordiscoveryadvert", 142), N("icmp6-multicastlistenerreportv2", 143),
    N("icmp6-homeagentdiscoveryrequest", 144), N("icmp6-homeagentdiscoveryreply", 145),
    N("icmp6-mobileprefixsolicit", 146), N("icmp6-mobileprefixadvert", 147),
    N("icmp6-certpathsolicit", 148), N("icmp6-certpathadvert", 149),
    N("icmp6-multicastrouteradvert", 151), N("icmp6-multicastroutersolicit", 152),
    N("icmp6-multicastrouterterm", 153),
    N("tcpflags", 13), N("tcp-fin", 0x01), N("tcp-syn", 0x02), N("tcp-rst", 0x04), N("tcp-push", 0x08),
    N("tcp-ack", 0x10), N("tcp-urg", 0x20), N("tcp-ece", 0x40), N("tcp-cwr", 0x80),
};
#undef P
#undef K
#undef N

}  // namespace

namespace {

uint32_t hash_word(std::string_view w) {
  uint32_t h = 2166136261u;
  for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// Open addressing over kKeywords, built once (a few dozen instructions
// per lookup; the scanner looks up every word).
struct KeywordTable {
  static constexpr size_t kSlots = 1024;  // power of two, > 4x the keyword count
  const Keyword* slot[kSlots] = {};
  KeywordTable() {
    static_assert(std::size(kKeywords) * 4 < kSlots);
    for (const Keyword& k : kKeywords) {
      size_t i = hash_word(k.text) & (kSlots - 1);
      while (slot[i] != nullptr && std::string_view(slot[i]->text) != k.text) i = (i + 1) & (kSlots - 1);
      if (slot[i] == nullptr) slot[i] = &k;  // first spelling wins, as with emplace
    }
  }
};

}  // namespace

const Keyword* find_keyword(std::string_view word) {
  static const KeywordTable table;
  for (size_t i = hash_word(word) & (KeywordTable::kSlots - 1);; i = (i + 1) & (KeywordTable::kSlots - 1)) {
    const Keyword* k = table.slot[i];
    if (k == nullptr || word == k->text) return k;
  }
}

}  // namespace wpcap::filter
