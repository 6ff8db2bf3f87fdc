// tools/wpcap/traffic.h - the realistic mixed-traffic model of `wpcap gen`.
//
// TrafficGenerator::next() returns the next frame of an endless capture on
// a small office uplink: a few concurrent sessions - TCP flows (handshake,
// request, data with delayed ACKs, FIN), DNS over UDP, RTP voice streams,
// ICMP echo, ARP - over
// IPv4 and IPv6, some on 802.1Q VLANs, with strictly increasing timestamps
// (>= 1 us apart) from a fixed epoch. Same seed => same frames.
#ifndef WPCAP_TOOLS_WPCAP_TRAFFIC_H
#define WPCAP_TOOLS_WPCAP_TRAFFIC_H

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "frame_builder.h"
#include "rng.h"

namespace wpcap::tool {

// 2024-01-01 00:00:00 UTC.
inline constexpr uint64_t kTrafficEpochSec = 1704067200;

struct GenPacket {
  uint64_t ts_ns = 0;                // since the Unix epoch
  std::span<const uint8_t> data;     // valid until the next call to next()
};

class TrafficGenerator {
 public:
  explicit TrafficGenerator(uint64_t seed);
  GenPacket next();

 private:
  enum class Kind { kTcp, kDns, kRtp, kPing, kArp };
  struct Message {
    bool from_server = false;
    uint32_t bytes = 0;
  };
  struct Host {
    Mac mac{};
    IpAddr v4, v6;
    uint16_t vlan = 0;
  };
  struct Session {
    Kind kind = Kind::kArp;
    int phase = 0;
    bool done = true;
    L2Spec l2_c2s, l2_s2c;
    L3Spec l3_c2s, l3_s2c;
    uint16_t cport = 0, sport = 0;
    // TCP
    uint32_t cseq = 0, sseq = 0, c_ts_off = 0, s_ts_off = 0;
    uint16_t mss = 0;
    std::array<Message, 16> msgs{};
    int nmsgs = 0, msg = 0, unacked = 0;
    uint32_t msg_left = 0;
    bool ack_due = false;
    // DNS, RTP, ping, ARP
    int rounds = 0;
    std::array<uint16_t, 2> rtp_seq{};  // [from client, from server]
    std::array<uint32_t, 2> rtp_ts{}, ssrc{};
    uint16_t ident = 0, seq = 0, qtype = 0, name = 0;
    Mac arp_target_mac{};
    IpAddr arp_sender_ip, arp_target_ip;
  };

  void start_session(Session& s);
  void start_tcp(Session& s, const Host& client, const Host& server, bool v6);
  void set_endpoints(Session& s, const Host& client, const Host& server, bool v6, bool local);
  size_t step(Session& s);
  size_t step_tcp(Session& s);
  size_t step_tcp_transfer(Session& s);
  size_t tcp_segment(Session& s, bool from_server, uint8_t flags, uint32_t payload_len);
  size_t step_dns(Session& s);
  size_t step_rtp(Session& s);
  size_t step_ping(Session& s);
  size_t step_arp(Session& s);
  std::span<const uint8_t> payload(uint32_t len);
  uint32_t ts_ms() const { return static_cast<uint32_t>(now_ns_ / 1000000); }

  Rng rng_;
  uint64_t now_ns_;
  std::vector<Host> clients_, servers_;
  Host gateway_;
  std::array<Session, 8> sessions_{};
  std::vector<uint8_t> pool_;  // random payload bytes
  std::array<uint8_t, kMaxFrame> frame_{};
  std::array<uint8_t, 512> scratch_{};
  uint16_t next_port_ = 40000;
};

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_TRAFFIC_H
