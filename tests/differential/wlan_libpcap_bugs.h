// wlan_libpcap_bugs.h - test helper: recognises libpcap 1.10.3 programs
// for 802.11 link types whose answers are accidents of its register
// allocation, so differential tests can leave them out.
//
// Entry point: libpcap_clobbers_offsets(dlt, insns). Used by
// filter_wlan_diff_test.cc and filter_wlan_tcpdump_test.cc.
#pragma once

#include <pcap/bpf.h>

#include <vector>

#include "filter/link_layer.h"
#include "filter/link_prologue.h"

namespace wpcap::testing {

using filter::OffsetUse;
using filter::RadioHeader;

// libpcap 1.10.3 allocates the scratch words holding run-time header
// lengths when a primitive first needs them, possibly after arithmetic used
// and freed the same words, yet computes them at the program's start: the
// arithmetic then overwrites them ("len >= 64 and ip" on Prism reads the
// 802.11 header 64 bytes in), and "pppoes" behind a radio header puts both
// lengths in one word. Such a program answers by accident. Found by
// matching libpcap's prologue against ours (modulo word numbers) and
// looking for a later store to one of its words.
inline bool libpcap_clobbers_offsets(int dlt, const std::vector<bpf_insn>& p) {
  bool uses = false;
  for (size_t i = 0; i + 1 < p.size(); ++i)
    uses = uses || (p[i].code == (BPF_LDX | BPF_MEM) && BPF_MODE(p[i + 1].code) == BPF_IND);
  if (!uses) return false;
  auto ll = filter::init_link_layer(dlt);
  if (!ll) return false;
  size_t start = 0;
  if (ll->radio == RadioHeader::kPpi && p.size() > 2 && p[0].code == (BPF_LD | BPF_W | BPF_ABS) && p[0].k == 4) start = 2;
  for (OffsetUse use : {OffsetUse{true, true}, OffsetUse{true, false}, OffsetUse{false, true}}) {
    std::vector<bpf_insn> pro = filter::link_prologue(ll->radio, use);
    if (pro.empty() || start + pro.size() > p.size()) continue;
    int word[BPF_MEMWORDS];
    for (int& w : word) w = -1;
    bool match = true;
    for (size_t i = 0; i < pro.size() && match; ++i) {
      const bpf_insn &a = pro[i], &b = p[start + i];
      bool scratch = a.code == BPF_ST || a.code == (BPF_LD | BPF_MEM) || a.code == (BPF_LDX | BPF_MEM);
      match = a.code == b.code && a.jt == b.jt && a.jf == b.jf && (scratch || a.k == b.k);
      if (match && scratch) {
        for (int k = 0; k < BPF_MEMWORDS; ++k)
          match = match && (k == static_cast<int>(a.k) || word[k] != static_cast<int>(b.k));  // one word each
        match = match && (word[a.k] == -1 || word[a.k] == static_cast<int>(b.k));
        if (match) word[a.k] = static_cast<int>(b.k);
      }
    }
    if (!match) continue;
    for (size_t i = start + pro.size(); i < p.size(); ++i)
      if (p[i].code == BPF_ST || p[i].code == BPF_STX)
        for (int w : word)
          if (w >= 0 && p[i].k == static_cast<uint32_t>(w)) return true;
    return false;
  }
  return true;  // not a prologue libpcap computes correctly (e.g. two lengths in one word)
}

}  // namespace wpcap::testing
