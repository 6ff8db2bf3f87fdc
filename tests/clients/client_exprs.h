// client_exprs.h - test data: the filter expressions the real-client tests
// hand to tcpdump, covering pcap-filter(7) family by family (hosts/nets incl.
// partial forms, ports/portranges, protocols, qualifier inheritance,
// arithmetic relations, tcpflags/icmptype constants, vlan/mpls/pppoes,
// protochain, llc/iso/stp/decnet/atalk/ipx, ...) plus invalid expressions
// whose error text must match. Values hit the corpus (client_corpus.h).
//
// Entry points: client_expressions() (incl. long_expressions()), core_dump_expressions(),
// needs_dns().
#pragma once

#include <string>
#include <vector>

namespace wpcap::testing {

// Long lists and deep nesting, built rather than spelled out.
inline std::vector<std::string> long_expressions() {
  std::string hosts, src_hosts = "src host 192.168.1.1", ports = "port 80", nets, parens, nots, nest;
  for (int i = 0; i < 80; ++i) {
    const std::string h = "10.0." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1);
    hosts += (i ? " or host " : "host ") + h;
    src_hosts += " or " + h;
    ports += " or " + std::to_string(1000 + i * 7) + (i % 20 == 0 ? " or 443" : "");
  }
  for (int i = 0; i < 30; ++i) {
    nets += (i ? " or net 10." : "net 10.") + std::to_string(i) + ".0.0/16";
    nots += (i ? " and not (udp and port " : "not (udp and port ") + std::to_string(i * 17) + ")";
  }
  parens = std::string(60, '(') + "tcp" + std::string(60, ')');
  for (int i = 0; i < 20; ++i) nest += (i % 2 ? "(udp or (port " : "(tcp and (port ") + std::to_string(80 + i) + " or ";
  nest += "host 10.0.0.1" + std::string(40, ')');
  return {hosts, src_hosts, ports, "tcp dst " + ports, nets, parens, nots, nest, "src " + hosts.substr(5)};
}

inline const std::vector<std::string>& client_expressions() {
  static const std::vector<std::string> kExprs = [] {
    std::vector<std::string> v = {
      // an empty filter, protocols
      "", "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp", "igrp", "pim", "vrrp",
      "ah", "esp", "carp", "atalk", "aarp", "decnet", "lat", "sca", "mopdl", "moprc", "iso", "esis", "isis",
      "clnp", "stp", "ipx", "netbeui", "l1", "l2", "iih", "lsp", "snp", "csnp", "psnp",
      "ip proto 47", "ip proto \\tcp", "ip6 proto \\udp", "proto \\icmp", "ip proto 4", "proto 89",
      "ip6 proto 58", "ether proto \\ip", "ether proto \\arp", "ether proto 0x6003", "ether proto \\ip6",
      "ether proto 0x88cc", "link proto \\ip6", "ether proto \\atalk", "ether proto \\ipx",
      "ether proto \\netbeui", "ether proto \\stp", "ether proto \\iso", "iso proto \\isis", "isis proto 20",
      // hosts and nets, partial forms
      "host 10.0.0.1", "src host 10.0.0.1", "dst host 10.0.0.2", "ip host 192.168.1.1", "arp host 10.0.0.2",
      "rarp host 10.0.0.9", "host 10.0.0.1 and host 10.0.0.2", "src or dst host 10.1.2.3",
      "src and dst host 127.0.0.1", "host 10.0.0.1 or 10.0.0.2", "ip src 1.2.3.4 or 8.8.8.8 or 10.0.0.1",
      "host localhost", "net 10", "net 10.1", "net 192.168.1", "host 10.1", "host 10.0.0", "net 10.0.0.0/8",
      "src net 192.168.1.0/24", "dst net 10.0.0.0 mask 255.0.0.0", "net 127", "ip net 224.0.0.0/4",
      "net 0.0.0.0/0", "net 10.0.0.0/31", "net 1.2.3.4/32", "not net 10", "net 172.16.0.0/12",
      "ip6 host 2001:db8::1", "ip6 src host fe80::1", "host 2001:db8::2", "dst net 2001:db8::/32",
      "ip6 net fe80::/10", "net ff00::/8", "host ::1", "src net 2001:db8:1::/48", "ip6 dst ff02::1",
      // ethernet addresses, broadcast/multicast
      "ether host 00:11:22:33:44:55", "ether src 02:00:00:00:00:01", "ether dst ff:ff:ff:ff:ff:ff",
      "ether src and dst 00:11:22:33:44:55", "ether host 0:11:22:33:44:55", "ether dst 001122334455",
      "ether host 00.11.22.33.44.55", "ether dst 01:80:c2:00:00:00", "ether broadcast", "broadcast",
      "multicast", "ether multicast", "ip multicast", "ip6 multicast", "ip broadcast", "not broadcast",
      "ether src 00:1b:21:aa:bb:cc or ether dst 00:1b:21:aa:bb:cc",
      // ports and portranges
      "port 80", "src port 443", "dst port 53", "tcp port 22", "udp port 53", "sctp port 80",
      "tcp dst port 8080", "udp src port 5353", "port 80 or 443", "tcp port 80 or 443 or 22",
      "port 80 or 443 or 53 or 22 or 8080", "portrange 1-1024", "tcp portrange 1000-2000",
      "udp src portrange 50-60", "dst portrange 6000-6010", "port http", "port domain", "tcp port ssh",
      "udp port domain", "port 0", "port 65535", "not port 22", "ip6 and port 80", "ip and tcp port 443",
      "src port 1023 or dst port 1024", "portrange 443-443",
      // qualifier inheritance and boolean structure
      "host 10.0.0.1 and port 80", "tcp and host 10.0.0.1 and not port 22", "ip and not tcp",
      "not ip and not ip6", "tcp or udp", "(tcp or udp) and not port 53", "not (port 80 or port 443)",
      "tcp and (port 80 or 443) and host 10.0.0.1 or 1.2.3.4", "src 10.0.0.1 and dst 10.0.0.2",
      "dst port 80 or src port 80 and tcp", "not not tcp", "!tcp && !udp", "tcp || icmp",
      "(((((tcp)))))", "((tcp and port 80) or (udp and port 53)) and not (host 8.8.8.8 or net 172.16)",
      "(host 10.0.0.1 or host 10.0.0.2) and (port 80 or port 443) and (tcp or udp)",
      "not (not (not (tcp and not (udp or icmp))))", "host 10.0.0.1 and (port 80 or (port 443 and tcp))",
      "icmp or (udp and (port 53 or (port 123 or (port 161 or port 514))))",
      "host 10.0.0.1 or host 10.0.0.2 or host 192.168.1.1 or host 10.1.2.3 or host 1.2.3.4 or host 8.8.8.8 "
      "or host 172.16.5.4 or host 127.0.0.1 or host 10.0.0.5 or host 10.0.0.6",
      "port 1 or 2 or 3 or 4 or 5 or 6 or 7 or 8 or 9 or 10 or 22 or 25 or 53 or 80 or 123 or 443 or 8080",
      "net 10.0.0.0/24 or 10.1.0.0/16 or 192.168.1.0/24 or 1.2.3.0/24 or 8.8.8.0/24",
      // arithmetic relations, tcpflags and icmptype constants
      "tcp[13] & 2 != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", "tcp[tcpflags] & tcp-ack != 0",
      "tcp[tcpflags] & (tcp-fin|tcp-rst) != 0", "tcp[tcpflags] & tcp-push != 0",
      "tcp[tcpflags] & (tcp-urg|tcp-ece|tcp-cwr) != 0", "icmp[icmptype] == icmp-echo",
      "icmp[icmptype] != icmp-echoreply", "icmp[icmptype] = icmp-unreach", "icmp[icmpcode] = 3",
      "icmp[icmptype] = icmp-timxceed or icmp[icmptype] = icmp-redirect",
      "icmp[icmptype] = icmp-tstamp or icmp[icmptype] = icmp-maskreq", "icmp6[icmp6type] = icmp6-echo",
      "icmp6[icmp6type] == icmp6-neighborsolicit", "icmp6[icmp6type] = icmp6-routeradvert",
      "icmp6[0] = 128", "icmp6[icmp6type] = icmp6-echoreply", "ip[0] & 0xf > 5", "ip[0] & 0xf != 5",
      "len > 100", "len <= 60", "len >= 1000", "len < 64", "length = 60", "less 80", "greater 1000",
      "ether[0:2] = 0x0011", "ether[12:2] = 0x800", "ether[0] & 1 = 1", "ether[6:4] = 0x02000000",
      "ip6[6] == 17", "ip6[6] = 58", "ip6[40] = 6", "udp[0:2] = 53", "ip[6:2] & 0x1fff = 0",
      "ip[6:2] & 0x1fff != 0", "ip[8] = 1", "ip[1] & 0xfc = 0x10", "ip[2:2] - ((ip[0]&0xf)<<2) > 20",
      "len - 14 > 60", "ip[9] % 7 = 6", "ip[8] ^ 0xff > 128", "-ip[0] < 0x7fffffff",
      "ip[1:2] * 3 / 2 > 30", "tcp[0:2] > tcp[2:2]", "udp[2:2] + 1 = udp[0:2] + 1",
      "ip[ip[0] & 0xf] = 0", "arp[7] = 1", "arp[6:2] = 2", "rarp[7] = 3", "ip[12:4] = ip[16:4]",
      "tcp[0:4] & 0xffff = 80", "ether[0] | 0x2 = 3", "ip[0] >> 4 = 4", "len & 1 = 0",
      "udp[8:4] = 0xdeadbeef", "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420", "ip[16] >= 224",
      "ip[2:2] > 576", "ip6[4:2] > 100", "link[0] & 1 = 1", "icmp[0] = 8 and ip[8] = 64",
      "sctp[0:2] = 2905", "igmp[0] = 0x11", "ip[9] = 6 and tcp[2:2] < 1024",
      // vlan, mpls, pppoe
      "vlan", "vlan 10", "vlan 20", "vlan 100", "vlan and ip", "vlan 10 and tcp", "vlan 100 and ip6",
      "vlan and vlan", "vlan 300 and vlan 10", "vlan and not vlan 10", "not vlan", "vlan and arp",
      "vlan 10 or vlan 20", "vlan and port 80", "vlan 20 and pppoes", "vlan 10 and mpls",
      "mpls", "mpls 16", "mpls and mpls 17", "mpls 100 and mpls 16", "mpls and ip", "mpls 17 and udp",
      "mpls and ip6", "mpls and host 10.0.0.1", "pppoed", "pppoes", "pppoes 7", "pppoes and ip6",
      "pppoes 8 and udp port 53", "pppoes and tcp port 80",
      // llc, protochain
      "llc", "llc i", "llc s", "llc u", "llc rr", "llc rnr", "llc xid", "llc disc", "llc sabme",
      "ip6 protochain 6", "ip6 protochain 17", "ip protochain 6", "protochain 58",
      "ip6 protochain 44", "ip6 protochain 51",
      // misc primitives
      "byte 12 = 8", "byte 23 > 5", "byte 9 < 7", "inbound", "outbound", "ifindex 2",
      "gateway localhost", "decnet host 1.2", "decnet src 1.5", "decnet dst 1.2 or decnet dst 1.5",
      // invalid or unsupported: both libraries must fail with the same text
      "host 999.1.1.1", "port 70000", "tcp proto 6", "ip6 host 1.2.3.4", "ether host 1.2.3.4",
      "vlan 5000", "tcp @ udp", "(", ")", "host", "net 10.1.2.3/8", "ip[0:3] = 1", "ip[0] / 0 = 1",
      "ip6 broadcast", "udp port ssh", "ip proto nosuchproto", "src port 80 80", "tcp[0] = 1 and 2",
      "1 = 1 = 1", "net 1.2.3.4/40", "ip6 net ::1/200", "type mgt", "vpi 1", "fisu", "sio 3",
      "on eth0", "radio", "llc foo", "mpls 1048576", "ether proto foo", "ip[0] << 32 = 1",
      "tcp and", "and tcp", "port", "portrange 10", "portrange 20-10", "host 10.0.0.1 port 80",
      "ip6[6] = = 17", "tcp[tcpflags] & tcp-nosuch != 0", "icmp[icmptype] = icmp-nosuch",
      "ether host 00:11:22:33:44", "net 10.0.0.0 mask 255.0.255.0", "dst net 10 mask 255.0.0.0",
      "protochain 256", "pppoes 65536", "less", "ip[", "len >", "tcp[-1] = 0", "ip proto 256",
      "vlan 10 10", "gateway 10.0.0.1", "decnet host 64.1", "ip6 protochain nosuch",
    };
    for (std::string& e : long_expressions()) v.push_back(std::move(e));
    return v;
  }();
  return kExprs;
}

// True for generated expressions (filter_expr_gen.h) with words the lexer
// takes for host names only DNS could answer: no lookup leaves this machine.
inline bool needs_dns(const std::string& e) {
  for (const char* w : {"no-such-host", "foo", "len-1", "aid "}) {
    if (e.find(w) != std::string::npos) return true;
  }
  return false;
}

// Expressions whose optimized program should be the same instruction for
// instruction as libpcap's (simple, canonical shapes): used for the strict
// identical -d/-dd/-ddd text check of issue 3.
inline const std::vector<std::string>& core_dump_expressions() {
  static const std::vector<std::string> kExprs = {
      "", "ip", "ip6", "arp", "tcp", "udp", "icmp", "host 10.0.0.1", "src host 10.0.0.1", "net 10.0.0.0/8",
      "ether host 00:11:22:33:44:55", "ether broadcast", "ether multicast", "port 80", "tcp port 80",
      "udp port 53", "portrange 1-1024", "tcp[13] & 2 != 0", "ip[0] & 0xf > 5", "len > 100", "less 80",
      "greater 1000", "ether[12:2] = 0x800", "ip6[6] == 17", "vlan", "vlan 10", "mpls", "pppoes",
      "ip and not tcp", "tcp or udp", "not tcp", "icmp[icmptype] == icmp-echo", "ip multicast",
      "ip broadcast", "ip[2:2] - ((ip[0]&0xf)<<2) > 20", "host 10.0.0.1 and port 80", "llc", "stp",
      "ip proto 47", "ether proto 0x6003", "arp host 10.0.0.2", "icmp6", "sctp", "ip6 host 2001:db8::1",
      "net 192.168.1", "src port 443", "dst portrange 6000-6010", "vlan and ip", "mpls 16", "pppoes 7",
      "tcp[tcpflags] & tcp-syn != 0", "ether src 02:00:00:00:00:01", "iso", "ipx", "atalk", "decnet", "igmp",
      "pim", "vrrp", "rarp", "ip6 multicast", "ether proto \\ip6", "udp dst port 53",
      "icmp6[icmp6type] = icmp6-echo", "ip host 192.168.1.1", "dst net 10.0.0.0 mask 255.0.0.0", "not ip6",
      "tcp and not port 22", "host ::1",
  };
  return kExprs;
}

}  // namespace wpcap::testing
