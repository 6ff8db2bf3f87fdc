// savefile_builder.h - test helper: build pcap and pcapng byte streams
// (any magic, either byte order, malformed on purpose) and realistic packets.
//
// Entry points: PcapBuilder, PcapngBuilder (with option helpers),
// make_traffic_packet() (Ethernet/IPv4/IPv6/TCP/UDP/ARP/VLAN mixes and
// other link types), write_file(). Used by savefile unit, differential,
// tcpdump and benchmark code.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace wpcap::testing {

using Bytes = std::vector<uint8_t>;

// Appends integers in a chosen byte order.
class ByteWriter {
 public:
  explicit ByteWriter(bool big_endian) : be_(big_endian) {}
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v);
  void u32(uint32_t v);
  void u64(uint64_t v);
  void raw(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void pad4() { while (out_.size() % 4 != 0) out_.push_back(0); }
  Bytes& out() { return out_; }
  bool big_endian() const { return be_; }

 private:
  bool be_;
  Bytes out_;
};

class PcapBuilder {
 public:
  struct Header {
    uint32_t magic = 0xa1b2c3d4;
    bool big_endian = false;
    uint16_t major = 2, minor = 4;
    uint32_t snaplen = 65535;
    uint32_t linktype = 1;
  };
  explicit PcapBuilder(Header h);
  PcapBuilder() : PcapBuilder(Header{}) {}

  // A record; len 0 = data.size(). Kuznetzov files get the 8 extra bytes.
  PcapBuilder& packet(uint32_t sec, uint32_t frac, std::span<const uint8_t> data, uint32_t len = 0);
  // A record whose header claims caplen but holds the given bytes.
  PcapBuilder& record(uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t len,
                      std::span<const uint8_t> data);
  PcapBuilder& raw(std::span<const uint8_t> b);
  const Bytes& bytes() const { return w_.out(); }

 private:
  Header h_;
  mutable ByteWriter w_;
};

class PcapngBuilder {
 public:
  explicit PcapngBuilder(bool big_endian = false) : be_(big_endian) {}

  // Options: each is code + value (padded); end() is opt_endofopt.
  Bytes opt(uint16_t code, std::span<const uint8_t> value) const;
  Bytes tsresol(uint8_t v) const { return opt(9, std::span<const uint8_t>(&v, 1)); }
  Bytes tsoffset(int64_t seconds) const;
  Bytes end() const { return opt(0, {}); }

  PcapngBuilder& shb(uint16_t major = 1, uint16_t minor = 0, const Bytes& options = {});
  PcapngBuilder& idb(uint16_t linktype, uint32_t snaplen, const Bytes& options = {});
  PcapngBuilder& epb(uint32_t ifid, uint64_t ts, std::span<const uint8_t> data, uint32_t len = 0,
                     const Bytes& options = {});
  PcapngBuilder& spb(std::span<const uint8_t> data, uint32_t len = 0);
  PcapngBuilder& pb(uint16_t ifid, uint64_t ts, std::span<const uint8_t> data, uint32_t len = 0);
  // Any block; trailer_delta != 0 writes a wrong trailer length.
  PcapngBuilder& block(uint32_t type, std::span<const uint8_t> body, int trailer_delta = 0);
  PcapngBuilder& raw(std::span<const uint8_t> b);
  // Switches byte order for the blocks that follow (a new section).
  PcapngBuilder& set_big_endian(bool be) {
    be_ = be;
    return *this;
  }
  const Bytes& bytes() const { return out_; }

 private:
  bool be_;
  Bytes out_;
};

// A deterministic packet of about `size` bytes for the DLT (falls back to
// random bytes for link types without a generator).
Bytes make_traffic_packet(int dlt, uint32_t seed, size_t size);

// A size drawn from a realistic mix (many small, some MTU-sized).
size_t traffic_size(uint32_t seed);

bool write_file(const std::string& path, std::span<const uint8_t> bytes);
std::string temp_dir();  // a fresh directory under $TMPDIR, per process

}  // namespace wpcap::testing
