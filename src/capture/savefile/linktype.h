// linktype.h - the LINKTYPE_* <-> DLT_* facts the savefile code needs.
//
// Entry points: linktype_to_dlt(), dlt_to_linktype(), max_snaplen_for_dlt()
// (forwarded from core/dlt_table.h, which owns the tables) and
// adjust_snapshot(), libpcap's rule for a file's snaplen field.
#pragma once

#include <cstdint>

#include "core/dlt_table.h"

namespace wpcap::savefile {

using wpcap::dlt_to_linktype;
using wpcap::linktype_to_dlt;
using wpcap::max_snaplen_for_dlt;

// A file's snaplen as the handle's snapshot: 0 or > INT_MAX -> the DLT's max.
inline int adjust_snapshot(int dlt, uint32_t snaplen) {
  if (snaplen == 0 || snaplen > 0x7fffffffu) return static_cast<int>(max_snaplen_for_dlt(dlt));
  return static_cast<int>(snaplen);
}

}  // namespace wpcap::savefile
