// alu.h - the few ALU results that differ between BPF machines.
//
// libpcap's userland filter on x86-64 shifts by K modulo 32 (the CPU masks
// the count) and gives 0 for shifts by X >= 32; all engines share these.
// Division by a constant 0 cannot reach here (validate() rejects it).
#pragma once

#include <cstdint>

namespace wpcap::bpf {

inline uint32_t shift_left_k(uint32_t a, uint32_t k) { return a << (k & 31); }
inline uint32_t shift_right_k(uint32_t a, uint32_t k) { return a >> (k & 31); }
inline uint32_t shift_left_x(uint32_t a, uint32_t x) { return x < 32 ? a << x : 0; }
inline uint32_t shift_right_x(uint32_t a, uint32_t x) { return x < 32 ? a >> x : 0; }

}  // namespace wpcap::bpf
