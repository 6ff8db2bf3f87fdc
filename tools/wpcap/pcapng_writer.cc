// tools/wpcap/pcapng_writer.cc - SHB, IDB and EPB blocks of a pcapng file.
//
// Blocks are assembled in one reused buffer (type, total length, body,
// options padded to 4 bytes, total length again) and written with fwrite.
// Declared in pcapng_writer.h.
#include "pcapng_writer.h"

#include <cstring>
#include <string_view>

namespace wpcap::tool {
namespace {

constexpr uint32_t kShbType = 0x0a0d0d0a;
constexpr uint32_t kIdbType = 1;
constexpr uint32_t kEpbType = 6;
constexpr uint32_t kByteOrderMagic = 0x1a2b3c4d;
constexpr uint16_t kOptEnd = 0;
constexpr uint16_t kShbUserAppl = 4;
constexpr uint16_t kIfName = 2;
constexpr uint16_t kIfTsresol = 9;

template <typename T>
void put(std::vector<uint8_t>& b, T v) {
  size_t at = b.size();
  b.resize(at + sizeof(T));
  std::memcpy(b.data() + at, &v, sizeof(T));
}

void pad4(std::vector<uint8_t>& b) {
  while (b.size() % 4 != 0) b.push_back(0);
}

void put_option(std::vector<uint8_t>& b, uint16_t code, std::span<const uint8_t> value) {
  put<uint16_t>(b, code);
  put<uint16_t>(b, static_cast<uint16_t>(value.size()));
  b.insert(b.end(), value.begin(), value.end());
  pad4(b);
}

void put_text_option(std::vector<uint8_t>& b, uint16_t code, std::string_view text) {
  put_option(b, code, {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

// Starts a block: type and a length placeholder patched by finish_block().
void begin_block(std::vector<uint8_t>& b, uint32_t type) {
  b.clear();
  put<uint32_t>(b, type);
  put<uint32_t>(b, 0);
}

void finish_block(std::vector<uint8_t>& b) {
  uint32_t total = static_cast<uint32_t>(b.size() + 4);
  std::memcpy(b.data() + 4, &total, 4);
  put<uint32_t>(b, total);
}

}  // namespace

bool PcapngWriter::emit(const std::vector<uint8_t>& block) {
  bytes_ += block.size();
  return std::fwrite(block.data(), 1, block.size(), out_) == block.size();
}

bool PcapngWriter::open(FILE* out, uint16_t linktype, uint32_t snaplen, bool nano) {
  out_ = out;
  nano_ = nano;
  begin_block(block_, kShbType);
  put<uint32_t>(block_, kByteOrderMagic);
  put<uint16_t>(block_, 1);
  put<uint16_t>(block_, 0);
  put<int64_t>(block_, -1);  // section length unknown
  put_text_option(block_, kShbUserAppl, "wpcap gen");
  put<uint32_t>(block_, kOptEnd);
  finish_block(block_);
  if (!emit(block_)) return false;

  begin_block(block_, kIdbType);
  put<uint16_t>(block_, linktype);
  put<uint16_t>(block_, 0);
  put<uint32_t>(block_, snaplen);
  put_text_option(block_, kIfName, "gen0");
  const uint8_t tsresol = nano ? 9 : 6;
  put_option(block_, kIfTsresol, {&tsresol, 1});
  put<uint32_t>(block_, kOptEnd);
  finish_block(block_);
  return emit(block_);
}

bool PcapngWriter::write(uint64_t ts_ns, std::span<const uint8_t> frame, uint32_t wire_len) {
  uint64_t ts = nano_ ? ts_ns : ts_ns / 1000;
  begin_block(block_, kEpbType);
  put<uint32_t>(block_, 0);  // interface 0
  put<uint32_t>(block_, static_cast<uint32_t>(ts >> 32));
  put<uint32_t>(block_, static_cast<uint32_t>(ts));
  put<uint32_t>(block_, static_cast<uint32_t>(frame.size()));
  put<uint32_t>(block_, wire_len);
  block_.insert(block_.end(), frame.begin(), frame.end());
  pad4(block_);
  finish_block(block_);
  return emit(block_);
}

}  // namespace wpcap::tool
