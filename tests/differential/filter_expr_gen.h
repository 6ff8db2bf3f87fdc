// filter_expr_gen.h - test helper: random filter expressions.
//
// Entry point: FilterExprGen(seed).next() -> one expression: primitives
// from a table (every family of pcap-filter(7) the compiler implements,
// plus malformed ones), with values from the corpus pools (filter_corpus.h),
// combined with and/or/not/parentheses and qualifier inheritance
// ("host a or b", "tcp port 80 or 443"). Deterministic for a seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace wpcap::testing {

class FilterExprGen {
 public:
  explicit FilterExprGen(uint64_t seed) : rng_(seed) {}
  // Also draws (one time in three) from extra, e.g. a link type's own
  // primitives; with extra empty the sequence is the one above.
  FilterExprGen(uint64_t seed, std::vector<std::string> extra) : rng_(seed), extra_(std::move(extra)) {}

  std::string next() { return expr(0); }

  // A single primitive (with values filled in).
  std::string primitive() {
    static const std::vector<std::string> kPrims = {
        "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp", "igrp", "pim", "ah",
        "esp", "vrrp", "carp", "atalk", "aarp", "decnet", "lat", "sca", "mopdl", "moprc", "iso", "esis",
        "isis", "clnp", "stp", "ipx", "netbeui", "l1", "l2", "iih", "lsp", "snp", "csnp", "psnp",
        "host $H", "src host $H", "dst host $H", "ip host $H", "arp host $H", "rarp dst host $H",
        "src or dst host $H", "src and dst host $H", "host $H or $H", "ip src $H or $H or $H",
        "net $NET", "src net $NET", "dst net 10.0.0.0 mask 255.0.0.0", "net 10", "net 192.168",
        "host 10.0.0", "net 127", "ip net 224.0.0.0/4", "net 0.0.0.0/0",
        "ip6 host $H6", "ip6 src host $H6", "host $H6", "dst net 2001:db8::/32", "ip6 net fe80::/10",
        "ether host $MAC", "ether src $MAC", "ether dst $MAC", "ether src and dst $MAC",
        "decnet host 1.2", "decnet src 1.5", "decnet dst 1.2", "decnet host 1.2.3", "decnet src and dst 1.2",
        "ether broadcast", "broadcast", "multicast", "ether multicast", "ip multicast", "ip6 multicast",
        "ip broadcast",
        "port $P", "src port $P", "dst port $P", "tcp port $P", "udp port $P", "sctp port $P",
        "tcp dst port $P", "udp src port $P", "port $P or $P", "tcp port $P or $P or $P",
        "portrange $P-$P", "tcp portrange 1-1024", "udp src portrange 50-60", "port http", "port domain",
        "tcp port ssh", "udp port domain",
        "ip proto $PROTO", "ip6 proto $PROTO", "proto $PROTO", "ether proto $ET", "ether proto \\ip",
        "ether proto \\arp", "ip proto \\tcp", "ip6 proto \\udp", "proto \\icmp", "link proto \\ip6",
        "iso proto \\isis", "isis proto 20",
        "less $LEN", "greater $LEN", "len >= $LEN", "len < $LEN", "length = 60",
        "tcp[13] & 2 != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", "tcp[tcpflags] & tcp-ack != 0",
        "icmp[icmptype] == icmp-echo", "icmp[icmptype] != icmp-echoreply", "icmp6[icmp6type] = icmp6-echo",
        "ip[0] & 0xf > 5", "ether[12:2] = 0x800", "udp[0:2] = 53", "ip[6:2] & 0x1fff = 0", "ip6[6] = 17",
        "icmp6[0] = 128", "link[0] & 1 = 1", "ip[2:2] - ((ip[0]&0xf)<<2) > 20", "len - 14 > 60",
        "ip[9] % 7 = 6", "ip[8] ^ 0xff > 128", "-ip[0] < 0x7fffffff", "ip[1:2] * 3 / 2 > 30",
        "tcp[0:2] > tcp[2:2]", "udp[2:2] + 1 = udp[0:2] + 1", "ip[ip[0] & 0xf] = 0", "arp[7] = 1",
        "ip[12:4] = ip[16:4]", "tcp[0:4] & 0xffff = 80", "ether[0] | 0x2 = 3", "ip[0] >> 4 = 4",
        "len & 1 = 0", "rarp[7] = 3", "ip6[40] = 6", "udp[8:4] = 0xdeadbeef",
        "vlan", "vlan $VLAN", "vlan and ip", "vlan $VLAN and tcp", "vlan and vlan", "mpls", "mpls 16",
        "mpls and mpls 17", "mpls and ip", "pppoed", "pppoes", "pppoes 7", "pppoes and ip6",
        "llc", "llc i", "llc s", "llc u", "llc rr", "llc rnr", "llc xid", "llc disc",
        "byte 12 = 8", "byte 23 > 5", "byte 9 < 7",  // "byte N & M", "byte N | M": libpcap 1.10.3 is wrong
        "inbound", "outbound", "ifindex 2",
        // malformed or unsupported: both sides must fail
        "host 999.1.1.1", "port 70000", "tcp proto 6", "ip6 host 1.2.3.4", "ether host 1.2.3.4",
        "vlan 5000", "foo bar", "(", "host", "net 10.1.2.3/8", "ip[0:3] = 1", "ip[0] / 0 = 1",
        "gateway foo", "ip6 broadcast", "udp port ssh", "ip proto nosuchproto", "src port 80 80",
        "tcp[0] = 1 and 2", "1 = 1 = 1", "len-1 > 0", "net 1.2.3.4/40", "ip6 net ::1/200", "08 = 8",
        "type mgt", "vpi 1", "fisu", "sio 3", "on eth0", "aid $$12", "radio", "llc foo", "mpls 1048576",
        "ether proto foo", "host no-such-host.invalid", "ip[0] << 32 = 1", "decnet host foo", "decnet host 1",
    };
    if (!extra_.empty() && pick(3) == 0) return fill(extra_[pick(extra_.size())]);
    std::string t = kPrims[pick(kPrims.size())];
    return fill(t);
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string fill(const std::string& t) {
    static const std::vector<std::string> kHosts = {"10.0.0.1", "10.0.0.2", "192.168.1.1", "127.0.0.1",
                                                    "1.2.3.4", "224.0.0.1", "10.1.2.3", "8.8.8.8", "localhost"};
    static const std::vector<std::string> kH6 = {"::1", "fe80::1", "2001:db8::2", "ff02::1", "2001:db8::99"};
    static const std::vector<std::string> kNets = {"10.0.0.0/8", "192.168.1.0/24", "10.0.0.0/31", "1.2.3.4/32",
                                                   "127.0.0.0/8", "0.0.0.0/1", "10.1.0.0/16"};
    static const std::vector<std::string> kMacs = {"00:11:22:33:44:55", "02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff",
                                                   "01:00:5e:00:00:01", "0:11:22:33:44:55", "001122334455",
                                                   "0011.2233.4455", "00-11-22-33-44-56"};
    static const std::vector<std::string> kPorts = {"80", "443", "53", "22", "1000", "65535", "0", "8080", "12"};
    static const std::vector<std::string> kProtos = {"6", "17", "1", "58", "132", "2", "44", "50", "103"};
    static const std::vector<std::string> kEts = {"0x800", "0x86dd", "0x806", "0x8035", "2048", "0x809b",
                                                  "0x8137", "0x42", "0xfe", "0xe0", "0x6003", "0x88cc"};
    static const std::vector<std::string> kLens = {"20", "40", "60", "64", "100", "1500", "0"};
    static const std::vector<std::string> kVlans = {"100", "101", "102", "200", "0", "4095"};
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] != '$') {
        out += t[i];
        continue;
      }
      auto starts = [&](const char* w) { return t.compare(i + 1, std::char_traits<char>::length(w), w) == 0; };
      auto take = [&](const std::vector<std::string>& pool, size_t len) {
        out += pool[pick(pool.size())];
        i += len;
      };
      if (starts("$")) { out += '$'; ++i; }
      else if (starts("H6")) take(kH6, 2);
      else if (starts("NET")) take(kNets, 3);
      else if (starts("MAC")) take(kMacs, 3);
      else if (starts("PROTO")) take(kProtos, 5);
      else if (starts("ET")) take(kEts, 2);
      else if (starts("LEN")) take(kLens, 3);
      else if (starts("VLAN")) take(kVlans, 4);
      else if (starts("H")) take(kHosts, 1);
      else if (starts("P")) take(kPorts, 1);
      else out += '$';
    }
    return out;
  }

  std::string expr(int depth) {
    size_t r = pick(depth >= 3 ? 4 : 10);
    switch (r) {
      case 0: case 1: case 2: case 3: return primitive();
      case 4: return "not " + expr(depth + 1);
      case 5: return "(" + expr(depth + 1) + ")";
      case 6: case 7: return expr(depth + 1) + " and " + expr(depth + 1);
      case 8: return expr(depth + 1) + " or " + expr(depth + 1);
      default: return "!" + expr(depth + 1) + " && " + expr(depth + 1) + " || " + expr(depth + 1);
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::string> extra_;
};

}  // namespace wpcap::testing
