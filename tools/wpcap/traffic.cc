// tools/wpcap/traffic.cc - the session model behind TrafficGenerator::next().
//
// Eight session slots; each next() picks a slot at random, starts a new
// session there if the old one ended, and emits that session's next frame.
// Sessions are small state machines (TCP: SYN, SYN-ACK, ACK, messages in MSS
// segments with an ACK every two, FIN/FIN-ACK/ACK or RST; DNS query/reply;
// RTP/PCMU voice in both directions; ICMP echo pairs; ARP who-has/is-at). Frames come from frame_builder.h.
#include "traffic.h"

#include <algorithm>
#include <string_view>

namespace wpcap::tool {
namespace {

constexpr size_t kPoolSize = 64 * 1024;
constexpr uint16_t kDnsPort = 53;
constexpr Mac kBroadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
constexpr std::string_view kDnsNames[] = {
    "www.example.com", "api.example.net",     "cdn.example.org",  "mail.example.com",
    "static.example.net", "updates.example.org", "time.example.com", "login.example.net",
    "img.example.org",  "video.example.com",   "ntp.example.org",  "docs.example.net"};

Mac make_mac(uint8_t a, uint8_t b) { return Mac{0x02, 0x00, 0x00, 0x00, a, b}; }

IpAddr make_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  IpAddr ip;
  ip.b[0] = a, ip.b[1] = b, ip.b[2] = c, ip.b[3] = d;
  return ip;
}

// 2001:db8:<net>::<host>
IpAddr make_v6(uint16_t net, uint16_t host) {
  IpAddr ip;
  ip.v6 = true;
  ip.b = {0x20, 0x01, 0x0d, 0xb8, static_cast<uint8_t>(net >> 8), static_cast<uint8_t>(net)};
  ip.b[14] = static_cast<uint8_t>(host >> 8);
  ip.b[15] = static_cast<uint8_t>(host);
  return ip;
}

size_t put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
  return 2;
}

}  // namespace

TrafficGenerator::TrafficGenerator(uint64_t seed)
    : rng_(seed), now_ns_(kTrafficEpochSec * 1000000000ULL) {
  pool_.resize(kPoolSize + kMaxFrame);
  for (size_t i = 0; i < pool_.size(); i += 8) {
    uint64_t r = rng_.next();
    for (size_t j = 0; j < 8 && i + j < pool_.size(); ++j) pool_[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  gateway_ = Host{make_mac(0, 1), make_v4(10, 1, 0, 1), make_v6(1, 1), 0};
  for (uint8_t i = 0; i < 24; ++i) {
    bool tagged = i % 8 == 7;
    uint8_t net = tagged ? 20 : 1;
    clients_.push_back(Host{make_mac(1, static_cast<uint8_t>(i + 10)), make_v4(10, net, 0, static_cast<uint8_t>(i + 10)),
                            make_v6(net, static_cast<uint16_t>(i + 10)), static_cast<uint16_t>(tagged ? 20 : 0)});
  }
  const uint8_t kNets[3][3] = {{192, 0, 2}, {198, 51, 100}, {203, 0, 113}};
  for (uint8_t i = 0; i < 16; ++i) {
    const uint8_t* n = kNets[i % 3];
    servers_.push_back(Host{gateway_.mac, make_v4(n[0], n[1], n[2], static_cast<uint8_t>((i * 37 + 5) % 250 + 1)),
                            make_v6(0xf00, static_cast<uint16_t>(i + 1)), 0});
  }
}

GenPacket TrafficGenerator::next() {
  Session& s = sessions_[rng_.range(0, sessions_.size() - 1)];
  if (s.done) start_session(s);
  size_t len = step(s);
  now_ns_ += 1000 + rng_.log_range(100, 2000000);
  return GenPacket{now_ns_, {frame_.data(), len}};
}

std::span<const uint8_t> TrafficGenerator::payload(uint32_t len) {
  return {pool_.data() + rng_.range(0, kPoolSize - 1), len};
}

void TrafficGenerator::set_endpoints(Session& s, const Host& client, const Host& server, bool v6, bool local) {
  const Mac& peer_mac = local ? server.mac : gateway_.mac;
  s.l2_c2s = L2Spec{client.mac, peer_mac, client.vlan};
  s.l2_s2c = L2Spec{peer_mac, client.mac, client.vlan};
  const IpAddr& cip = v6 ? client.v6 : client.v4;
  const IpAddr& sip = v6 ? server.v6 : server.v4;
  uint32_t label = static_cast<uint32_t>(rng_.next() & 0xfffff);
  s.l3_c2s = L3Spec{cip, sip, 64, static_cast<uint16_t>(rng_.next()), label, true};
  uint8_t ttl = local ? 64 : static_cast<uint8_t>(rng_.range(44, 58));
  s.l3_s2c = L3Spec{sip, cip, ttl, static_cast<uint16_t>(rng_.next()), label ^ 0x5a5a5, true};
}

void TrafficGenerator::start_session(Session& s) {
  const Host& client = clients_[rng_.range(0, clients_.size() - 1)];
  const Host& server = servers_[rng_.range(0, servers_.size() - 1)];
  bool v6 = rng_.chance(1, 4);
  s = Session{};
  s.done = false;
  uint64_t r = rng_.range(0, 99);
  if (r < 48) return start_tcp(s, client, server, v6);
  if (r < 72) {
    s.kind = Kind::kDns;
    set_endpoints(s, client, gateway_, v6, true);
    s.l3_c2s.dont_fragment = s.l3_s2c.dont_fragment = false;
    s.rounds = static_cast<int>(rng_.range(1, 2));
    s.name = static_cast<uint16_t>(rng_.range(0, std::size(kDnsNames) - 1));
  } else if (r < 80) {
    s.kind = Kind::kRtp;
    set_endpoints(s, client, server, v6, false);
    s.l3_c2s.dont_fragment = s.l3_s2c.dont_fragment = false;
    s.cport = static_cast<uint16_t>(rng_.range(8192, 16383) * 2);
    s.sport = static_cast<uint16_t>(rng_.range(8192, 16383) * 2);
    s.rounds = static_cast<int>(rng_.range(20, 200));
    for (int d = 0; d < 2; ++d) {
      s.rtp_seq[d] = static_cast<uint16_t>(rng_.next());
      s.rtp_ts[d] = static_cast<uint32_t>(rng_.next());
      s.ssrc[d] = static_cast<uint32_t>(rng_.next());
    }
  } else if (r < 90) {
    s.kind = Kind::kPing;
    bool local = rng_.chance(1, 5);
    set_endpoints(s, client, local ? gateway_ : server, v6, local);
    s.rounds = static_cast<int>(rng_.range(1, 4));
    s.ident = static_cast<uint16_t>(rng_.next());
  } else {
    s.kind = Kind::kArp;
    // Mostly the router (10.<net>.0.1 on the client's own subnet), else a
    // neighbour on the same VLAN.
    const Host& peer = clients_[rng_.range(0, clients_.size() - 1)];
    bool to_peer = rng_.chance(3, 10) && &peer != &client && peer.vlan == client.vlan;
    s.l2_c2s = L2Spec{client.mac, kBroadcast, client.vlan};
    s.l2_s2c = L2Spec{to_peer ? peer.mac : gateway_.mac, client.mac, client.vlan};
    s.arp_target_mac = s.l2_s2c.src;
    s.arp_sender_ip = client.v4;
    s.arp_target_ip = to_peer ? peer.v4 : make_v4(10, client.v4.b[1], 0, 1);
  }
}

void TrafficGenerator::start_tcp(Session& s, const Host& client, const Host& server, bool v6) {
  s.kind = Kind::kTcp;
  set_endpoints(s, client, server, v6, false);
  uint64_t port_pick = rng_.range(0, 9);
  s.sport = port_pick < 7 ? 443 : port_pick < 9 ? 80 : 8080;
  s.cport = next_port_;
  next_port_ = next_port_ >= 60999 ? 32768 : next_port_ + 1;
  s.cseq = static_cast<uint32_t>(rng_.next());
  s.sseq = static_cast<uint32_t>(rng_.next());
  s.c_ts_off = static_cast<uint32_t>(rng_.next());
  s.s_ts_off = static_cast<uint32_t>(rng_.next());
  s.mss = v6 ? 1440 : 1460;
  uint64_t shape = rng_.range(0, 99);
  if (shape < 40) {  // download
    s.msgs[s.nmsgs++] = Message{false, static_cast<uint32_t>(rng_.range(180, 700))};
    s.msgs[s.nmsgs++] = Message{true, static_cast<uint32_t>(rng_.log_range(3000, 1500000))};
  } else if (shape < 48) {  // upload
    s.msgs[s.nmsgs++] = Message{false, static_cast<uint32_t>(rng_.log_range(3000, 400000))};
    s.msgs[s.nmsgs++] = Message{true, static_cast<uint32_t>(rng_.range(100, 400))};
  } else {  // request/response exchanges
    int rounds = static_cast<int>(rng_.range(1, 7));
    for (int i = 0; i < rounds; ++i) {
      s.msgs[s.nmsgs++] = Message{false, static_cast<uint32_t>(rng_.range(80, 900))};
      s.msgs[s.nmsgs++] = Message{true, static_cast<uint32_t>(rng_.log_range(100, 9000))};
    }
  }
  s.msg_left = s.msgs[0].bytes;
}

size_t TrafficGenerator::step(Session& s) {
  switch (s.kind) {
    case Kind::kTcp: return step_tcp(s);
    case Kind::kDns: return step_dns(s);
    case Kind::kRtp: return step_rtp(s);
    case Kind::kPing: return step_ping(s);
    case Kind::kArp: return step_arp(s);
  }
  return 0;
}

size_t TrafficGenerator::tcp_segment(Session& s, bool from_server, uint8_t flags, uint32_t payload_len) {
  TcpSpec t;
  t.sport = from_server ? s.sport : s.cport;
  t.dport = from_server ? s.cport : s.sport;
  t.seq = from_server ? s.sseq : s.cseq;
  t.ack = (flags & tcp_flag::kAck) ? (from_server ? s.cseq : s.sseq) : 0;
  t.flags = flags;
  bool syn = flags & tcp_flag::kSyn;
  t.window = syn ? (from_server ? 65160 : 64240) : (from_server ? 509 : 502);
  t.tsval = ts_ms() + (from_server ? s.s_ts_off : s.c_ts_off);
  t.tsecr = (flags & tcp_flag::kAck) ? ts_ms() + (from_server ? s.c_ts_off : s.s_ts_off) - 1 : 0;
  t.mss = syn ? s.mss : 0;
  L3Spec& l3 = from_server ? s.l3_s2c : s.l3_c2s;
  size_t n = build_tcp(frame_.data(), from_server ? s.l2_s2c : s.l2_c2s, l3, t, payload(payload_len));
  ++l3.id;
  uint32_t advance = payload_len + ((flags & (tcp_flag::kSyn | tcp_flag::kFin)) ? 1 : 0);
  (from_server ? s.sseq : s.cseq) += advance;
  return n;
}

size_t TrafficGenerator::step_tcp(Session& s) {
  using namespace tcp_flag;
  switch (s.phase++) {
    case 0: return tcp_segment(s, false, kSyn, 0);
    case 1: return tcp_segment(s, true, kSyn | kAck, 0);
    case 2: return tcp_segment(s, false, kAck, 0);
    case 3:
      s.phase = 3;
      return step_tcp_transfer(s);
    case 4:
      if (rng_.chance(1, 20)) {  // some clients just reset
        s.done = true;
        return tcp_segment(s, false, kRst | kAck, 0);
      }
      return tcp_segment(s, false, kFin | kAck, 0);
    case 5: return tcp_segment(s, true, kFin | kAck, 0);
    default:
      s.done = true;
      return tcp_segment(s, false, kAck, 0);
  }
}

// One frame of the message exchange: a data segment, or the receiver's ACK
// after every second segment and at the end of each message.
size_t TrafficGenerator::step_tcp_transfer(Session& s) {
  const Message& m = s.msgs[s.msg];
  if (s.ack_due) {
    s.ack_due = false;
    size_t n = tcp_segment(s, !m.from_server, tcp_flag::kAck, 0);
    if (s.msg_left == 0 && ++s.msg == s.nmsgs) {
      s.phase = 4;
    } else if (s.msg_left == 0) {
      s.msg_left = s.msgs[s.msg].bytes;
      s.unacked = 0;
    }
    return n;
  }
  uint32_t seg_max = s.mss - 12u;  // timestamp option
  uint32_t len = std::min(seg_max, s.msg_left);
  s.msg_left -= len;
  uint8_t flags = tcp_flag::kAck | (s.msg_left == 0 ? tcp_flag::kPsh : 0);
  size_t n = tcp_segment(s, m.from_server, flags, len);
  if (++s.unacked == 2 || s.msg_left == 0) {
    s.ack_due = true;
    s.unacked = 0;
  }
  return n;
}

size_t TrafficGenerator::step_dns(Session& s) {
  bool reply = s.phase % 2 == 1;
  if (!reply) {
    s.ident = static_cast<uint16_t>(rng_.next());
    s.cport = static_cast<uint16_t>(rng_.range(32768, 60999));
    s.qtype = s.phase == 0 ? 1 : 28;  // A, then AAAA
  }
  uint8_t* p = scratch_.data();
  size_t n = put16(p, s.ident);
  n += put16(p + n, reply ? 0x8180 : 0x0100);
  uint16_t answers = reply ? static_cast<uint16_t>(rng_.range(1, 3)) : 0;
  n += put16(p + n, 1);
  n += put16(p + n, answers);
  n += put16(p + n, 0);
  n += put16(p + n, 1);  // EDNS OPT record
  std::string_view name = kDnsNames[s.name];
  while (!name.empty()) {
    size_t dot = std::min(name.find('.'), name.size());
    p[n++] = static_cast<uint8_t>(dot);
    std::copy(name.begin(), name.begin() + dot, p + n);
    n += dot;
    name.remove_prefix(std::min(dot + 1, name.size()));
  }
  p[n++] = 0;
  n += put16(p + n, s.qtype);
  n += put16(p + n, 1);
  for (uint16_t i = 0; i < answers; ++i) {
    n += put16(p + n, 0xc00c);
    n += put16(p + n, s.qtype);
    n += put16(p + n, 1);
    n += put16(p + n, 0);
    n += put16(p + n, static_cast<uint16_t>(rng_.range(30, 3600)));
    uint16_t rdlen = s.qtype == 1 ? 4 : 16;
    n += put16(p + n, rdlen);
    for (uint16_t j = 0; j < rdlen; ++j) p[n++] = static_cast<uint8_t>(rng_.next());
  }
  const uint8_t opt[] = {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0};  // root, OPT, 1232, no options
  std::copy(std::begin(opt), std::end(opt), p + n);
  n += sizeof opt;
  L3Spec& l3 = reply ? s.l3_s2c : s.l3_c2s;
  size_t len = reply ? build_udp(frame_.data(), s.l2_s2c, l3, kDnsPort, s.cport, {p, n})
                     : build_udp(frame_.data(), s.l2_c2s, l3, s.cport, kDnsPort, {p, n});
  ++l3.id;
  if (++s.phase == 2 * s.rounds) s.done = true;
  return len;
}

// RTP version 2, payload type 0 (PCMU), 20 ms of audio per packet.
size_t TrafficGenerator::step_rtp(Session& s) {
  bool from_server = rng_.chance(1, 2);
  int d = from_server ? 1 : 0;
  uint8_t* p = scratch_.data();
  p[0] = 0x80;
  p[1] = s.phase == 0 ? 0x80 : 0x00;  // marker on the first packet
  put16(p + 2, s.rtp_seq[d]++);
  put16(p + 4, static_cast<uint16_t>(s.rtp_ts[d] >> 16));
  put16(p + 6, static_cast<uint16_t>(s.rtp_ts[d]));
  put16(p + 8, static_cast<uint16_t>(s.ssrc[d] >> 16));
  put16(p + 10, static_cast<uint16_t>(s.ssrc[d]));
  s.rtp_ts[d] += 160;
  std::span<const uint8_t> audio = payload(160);
  std::copy(audio.begin(), audio.end(), p + 12);
  L3Spec& l3 = from_server ? s.l3_s2c : s.l3_c2s;
  size_t len = from_server ? build_udp(frame_.data(), s.l2_s2c, l3, s.sport, s.cport, {p, 172})
                           : build_udp(frame_.data(), s.l2_c2s, l3, s.cport, s.sport, {p, 172});
  ++l3.id;
  if (++s.phase == s.rounds) s.done = true;
  return len;
}

size_t TrafficGenerator::step_ping(Session& s) {
  bool reply = s.phase % 2 == 1;
  if (!reply) ++s.seq;
  uint8_t* p = scratch_.data();
  uint64_t t = now_ns_ / 1000;  // Linux ping: timeval, then 0x10, 0x11, ...
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(t >> (8 * i));
  for (int i = 8; i < 56; ++i) p[i] = static_cast<uint8_t>(i + 8);
  L3Spec& l3 = reply ? s.l3_s2c : s.l3_c2s;
  size_t len = build_icmp_echo(frame_.data(), reply ? s.l2_s2c : s.l2_c2s, l3, reply, s.ident, s.seq, {p, 56});
  ++l3.id;
  if (++s.phase == 2 * s.rounds) s.done = true;
  return len;
}

size_t TrafficGenerator::step_arp(Session& s) {
  if (s.phase++ == 0) {
    return build_arp(frame_.data(), s.l2_c2s, 1, s.l2_c2s.src, s.arp_sender_ip, Mac{}, s.arp_target_ip);
  }
  s.done = true;
  return build_arp(frame_.data(), s.l2_s2c, 2, s.arp_target_mac, s.arp_target_ip, s.l2_c2s.src,
                   s.arp_sender_ip);
}

}  // namespace wpcap::tool
