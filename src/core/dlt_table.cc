// dlt_table.cc - lookups over the DLT table and the LINKTYPE <-> DLT mapping.
//
// Entry points: see dlt_table.h. The rows themselves are in dlt_table_data.cc.
// The savefile mapping follows libpcap 1.10.3 on Linux: values 0..10 and
// DLT_MATCHING_MIN..DLT_MATCHING_MAX are shared, a few historical DLTs are
// renumbered, and every other DLT has no LINKTYPE.
#include "core/dlt_table.h"

#include <pcap/dlt.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace wpcap {
namespace {

// DLTs outside the matching ranges that savefiles store under another number.
struct Remap {
  int dlt;
  int linktype;
};
constexpr Remap kRemaps[] = {
    {DLT_ATM_RFC1483, 100},  // LINKTYPE_ATM_RFC1483
    {DLT_RAW, 101},          // LINKTYPE_RAW
    {DLT_SLIP_BSDOS, 102},   // LINKTYPE_SLIP_BSDOS
    {DLT_PPP_BSDOS, 103},    // LINKTYPE_PPP_BSDOS
    {DLT_ATM_CLIP, 106},     // LINKTYPE_ATM_CLIP
};

// DLTs below DLT_MATCHING_MIN whose LINKTYPE has the same number.
constexpr int kSameOutsideRange[] = {DLT_PPP_SERIAL, DLT_PPP_ETHER, DLT_SYMANTEC_FIREWALL};

constexpr int kLowMatchingMax = DLT_FDDI;  // 0..10 are the same in both numberings

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

const DltInfo* find_dlt(int dlt) {
  std::span<const DltInfo> t = dlt_table();
  auto it = std::lower_bound(t.begin(), t.end(), dlt, [](const DltInfo& d, int v) { return d.dlt < v; });
  return (it != t.end() && it->dlt == dlt) ? &*it : nullptr;
}

namespace {

constexpr size_t kMaxNameLength = 64;  // longer than any DLT name

struct NameKey {
  std::string lower;
  int dlt;
};

// Lower-cased names sorted for binary search; built once, on first use.
const std::vector<NameKey>& name_index() {
  static const std::vector<NameKey> index = [] {
    std::vector<NameKey> v;
    for (const DltInfo& d : dlt_table()) {
      std::string n(d.name);
      for (char& c : n) c = ascii_lower(c);
      v.push_back({std::move(n), d.dlt});
    }
    std::sort(v.begin(), v.end(), [](const NameKey& a, const NameKey& b) { return a.lower < b.lower; });
    return v;
  }();
  return index;
}

}  // namespace

int dlt_from_name(std::string_view name) {
  if (name.size() > kMaxNameLength) return -1;
  char buf[kMaxNameLength];
  for (size_t i = 0; i < name.size(); ++i) buf[i] = ascii_lower(name[i]);
  std::string_view key(buf, name.size());
  const std::vector<NameKey>& index = name_index();
  auto it = std::lower_bound(index.begin(), index.end(), key,
                             [](const NameKey& k, std::string_view v) { return std::string_view(k.lower) < v; });
  return (it != index.end() && it->lower == key) ? it->dlt : -1;
}

const char* dlt_description_or_number(int dlt) {
  if (const DltInfo* d = find_dlt(dlt)) return d->description;
  thread_local char buf[sizeof "DLT -2147483648"];
  std::snprintf(buf, sizeof buf, "DLT %d", dlt);
  return buf;
}

int dlt_to_linktype(int dlt) {
  if (dlt >= DLT_MATCHING_MIN && dlt <= DLT_MATCHING_MAX) return dlt;
  if (dlt >= 0 && dlt <= kLowMatchingMax) return dlt;
  for (const Remap& r : kRemaps) {
    if (r.dlt == dlt) return r.linktype;
  }
  for (int same : kSameOutsideRange) {
    if (same == dlt) return dlt;
  }
  return -1;
}

int linktype_to_dlt(int linktype) {
  for (const Remap& r : kRemaps) {
    if (r.linktype == linktype) return r.dlt;
  }
  return linktype;
}

uint32_t max_snaplen_for_dlt(int dlt) {
  switch (dlt) {
    case DLT_DBUS:
      return 128u * 1024 * 1024;  // D-Bus messages may be up to 128 MiB
    case DLT_EBHSCR:
      return 8u * 1024 * 1024;
    case DLT_USBPCAP:
      return 1024u * 1024;
    default:
      return kMaxSnaplen;
  }
}

}  // namespace wpcap
