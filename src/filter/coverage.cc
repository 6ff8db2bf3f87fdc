// coverage.cc - load extents of statement lists and of paths to "accept"
// (see coverage.h).
#include "filter/coverage.h"

#include <algorithm>

namespace wpcap::filter {
namespace {

uint32_t load_size(uint16_t code) {
  switch (BPF_SIZE(code)) {
    case BPF_W: return 4;
    case BPF_H: return 2;
    default: return 1;
  }
}

// End of the farthest absolute load; *indexed set when there is an indexed one.
uint64_t abs_extent(std::span<const Stmt> s, bool* indexed) {
  uint64_t end = 0;
  for (const Stmt& st : s) {
    const uint16_t cls = BPF_CLASS(st.code), mode = BPF_MODE(st.code);
    // Linux ancillary loads (k >= SKF_AD_OFF) read metadata, not the packet.
    if (cls == BPF_LD && mode == BPF_ABS && st.k < 0xfffff000u) end = std::max(end, uint64_t{st.k} + load_size(st.code));
    else if (cls == BPF_LDX && mode == BPF_MSH) end = std::max(end, uint64_t{st.k} + 1);
    else if (cls == BPF_LD && mode == BPF_IND) *indexed = true;
  }
  return end;
}

}  // namespace

uint64_t load_need(std::span<const Stmt> s) {
  bool indexed = false;
  uint64_t end = abs_extent(s, &indexed);
  return indexed ? kCoverAll : end;
}

AVec<uint64_t> covered_extent(const Cfg& cfg, const Ir& ir) {
  AVec<uint64_t> cov(cfg.size(), 0);
  cov[kReject] = kCoverAll;
  cov[kAccept] = 0;
  // Successors have smaller ids: ascending order sees them first.
  for (size_t b = 2; b < cfg.size(); ++b) {
    const Block& blk = cfg.at(static_cast<BlockId>(b));
    bool indexed = false;
    uint64_t own = abs_extent(ir.value(blk.value), &indexed);
    uint64_t after = std::min(cov[static_cast<size_t>(blk.jt)], cov[static_cast<size_t>(blk.jf)]);
    cov[b] = std::max(own, after);
  }
  return cov;
}

}  // namespace wpcap::filter
