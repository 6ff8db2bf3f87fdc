// tools/wpcap/rng.h - the deterministic random source of `wpcap gen`.
//
// Rng is xoshiro256** seeded through splitmix64, with its own range helpers
// (the standard distributions are not specified bit-for-bit, so the same
// seed must not go through them if output is to be byte-identical everywhere).
#ifndef WPCAP_TOOLS_WPCAP_RNG_H
#define WPCAP_TOOLS_WPCAP_RNG_H

#include <cstdint>

namespace wpcap::tool {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& w : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      w = z ^ (z >> 31);
    }
  }

  uint64_t next() {
    uint64_t result = rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [lo, hi] (inclusive); the tiny modulo bias is irrelevant here.
  uint64_t range(uint64_t lo, uint64_t hi) { return lo + next() % (hi - lo + 1); }

  // True with probability num/den.
  bool chance(uint32_t num, uint32_t den) { return next() % den < num; }

  // Roughly log-uniform in [lo, hi]: many small values, a long tail of large ones.
  uint64_t log_range(uint64_t lo, uint64_t hi) {
    int bits_lo = 63 - __builtin_clzll(lo | 1), bits_hi = 63 - __builtin_clzll(hi | 1);
    int bits = static_cast<int>(range(bits_lo, bits_hi));
    uint64_t v = (1ULL << bits) + (next() & ((1ULL << bits) - 1));
    return v < lo ? lo : v > hi ? hi : v;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_RNG_H
