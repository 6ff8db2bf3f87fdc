// program_cache.cc - the registry and per-thread caches behind
// pcap_offline_filter (see program_cache.h).
//
// Hot path: one thread-local POD entry {insns, len, generation, program}.
// Registered programs are trusted by pointer while the generation is
// unchanged; unregistered ones are re-checked by content (see still_same).
#include "bpf/program_cache.h"

#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace wpcap::bpf {
namespace {

struct Prepared {
  std::vector<bpf_insn> insns;              // content when prepared
  std::shared_ptr<const Program> program;  // null: not a valid program
};

struct Registry {
  std::mutex mu;
  std::unordered_map<const bpf_insn*, std::shared_ptr<const Prepared>> entries;
};

Registry& registry() {
  static Registry* r = new Registry();  // never destroyed: usable during exit
  return *r;
}

std::atomic<uint64_t> g_generation{1};

std::shared_ptr<const Prepared> prepare(const bpf_program& prog) {
  auto prepared = std::make_shared<Prepared>();
  prepared->insns.assign(prog.bf_insns, prog.bf_insns + prog.bf_len);
  auto made = Program::make(prepared->insns);
  if (made) prepared->program = std::make_shared<const Program>(std::move(made.value()));
  return prepared;
}

// Hot, trivially constructed per-thread entry (no TLS init guard), in the
// initial-exec TLS model so the fast path reads it with one %fs access.
struct LastHit {
  const bpf_insn* insns;
  u_int len;
  bool registered;
  uint64_t generation;
  const Prepared* prepared;
  const Program* program;  // prepared->program, or null if invalid
  const bpf_insn* copy;     // prepared->insns.data()
  NativeFn native;          // program's native code, if any
  uint32_t hits;            // counts quick checks of a long unregistered program
};
__attribute__((tls_model("initial-exec"))) thread_local LastHit t_last{};

// Owning per-thread state, touched only on a miss.
struct ThreadCache {
  static constexpr size_t kSlots = 8;
  struct Slot {
    const bpf_insn* insns = nullptr;
    std::shared_ptr<const Prepared> prepared;
  };
  std::array<Slot, kSlots> unregistered;  // round-robin
  size_t next = 0;
  std::shared_ptr<const Prepared> registered_hold;  // keeps t_last alive
  ~ThreadCache() { t_last = LastHit{}; }
};
thread_local ThreadCache t_cache;

inline bool same_range(const bpf_insn* a, const bpf_insn* b, size_t from, size_t count) {
  return std::memcmp(a + from, b + from, count * sizeof(bpf_insn)) == 0;
}

// Is the caller's unregistered array still what we prepared? Up to
// kFullCheckInsns instructions (every hand-written program) are compared in
// full on every call. Longer arrays (tool-generated) would cost more to
// compare than to run, so the first and last kEdgeInsns and kSamples spread
// instructions are compared on every call and the whole array on every
// kFullCheckEvery-th call; see program_cache.h for what that means.
constexpr size_t kFullCheckInsns = 128;
constexpr size_t kEdgeInsns = 32;
constexpr size_t kSamples = 32;
constexpr uint32_t kFullCheckEvery = 256;

constexpr size_t kInlineCheckInsns = 24;

// Short arrays: compared inline, 8 bytes at a time, no call.
inline bool same_short(const bpf_insn* ours, const bpf_insn* theirs, size_t n) {
  uint64_t diff = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t x, y;
    std::memcpy(&x, &ours[i], sizeof x);
    std::memcpy(&y, &theirs[i], sizeof y);
    diff |= x ^ y;
  }
  return diff == 0;
}

__attribute__((noinline)) bool still_same_long(const bpf_insn* ours, const bpf_insn* theirs, size_t n,
                                               uint32_t* hits) {
  if (n <= kFullCheckInsns || ++*hits % kFullCheckEvery == 0) return same_range(ours, theirs, 0, n);
  if (!same_range(ours, theirs, 0, kEdgeInsns) || !same_range(ours, theirs, n - kEdgeInsns, kEdgeInsns)) {
    return false;
  }
  const size_t span = n - 2 * kEdgeInsns;
  uint64_t diff = 0;
  for (size_t j = 0; j < kSamples; ++j) {
    const size_t i = kEdgeInsns + span * j / kSamples + (*hits % (span / kSamples));  // slides each call
    uint64_t x, y;
    std::memcpy(&x, &ours[i], sizeof x);
    std::memcpy(&y, &theirs[i], sizeof y);
    diff |= x ^ y;
  }
  return diff == 0;
}

inline bool still_same(const bpf_insn* ours, const bpf_insn* theirs, size_t n, uint32_t* hits) {
  return n <= kInlineCheckInsns ? same_short(ours, theirs, n) : still_same_long(ours, theirs, n, hits);
}

bool same_content(const Prepared& p, const bpf_program& prog) {
  return p.insns.size() == prog.bf_len &&
         std::memcmp(p.insns.data(), prog.bf_insns, prog.bf_len * sizeof(bpf_insn)) == 0;
}

void remember(const bpf_program& prog, bool registered, uint64_t generation, const Prepared* prepared) {
  const Program* program = prepared->program.get();
  NativeFn native = program != nullptr ? program->native() : nullptr;
  t_last = LastHit{prog.bf_insns, prog.bf_len, registered, generation, prepared, program,
                   prepared->insns.data(), native, 0};
}

__attribute__((noinline)) const Prepared* slow_lookup(const bpf_program& prog) {
  ThreadCache& cache = t_cache;
  const uint64_t generation = g_generation.load(std::memory_order_acquire);
  {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mu);
    auto it = r.entries.find(prog.bf_insns);
    if (it != r.entries.end() && it->second->insns.size() == prog.bf_len) {
      cache.registered_hold = it->second;
      remember(prog, true, generation, it->second.get());
      return it->second.get();
    }
  }
  for (auto& slot : cache.unregistered) {
    if (slot.insns == prog.bf_insns && slot.prepared && same_content(*slot.prepared, prog)) {
      remember(prog, false, 0, slot.prepared.get());
      return slot.prepared.get();
    }
  }
  auto& slot = cache.unregistered[cache.next];
  cache.next = (cache.next + 1) % ThreadCache::kSlots;
  slot.insns = prog.bf_insns;
  slot.prepared = prepare(prog);
  remember(prog, false, 0, slot.prepared.get());
  return slot.prepared.get();
}

}  // namespace

void register_program(const bpf_program* prog) {
  if (prog == nullptr || prog->bf_insns == nullptr) return;
  auto prepared = prepare(*prog);
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.entries[prog->bf_insns] = std::move(prepared);
  g_generation.fetch_add(1, std::memory_order_acq_rel);
}

void unregister_program(const bpf_program* prog) {
  if (prog == nullptr || prog->bf_insns == nullptr) return;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (r.entries.erase(prog->bf_insns) != 0) g_generation.fetch_add(1, std::memory_order_acq_rel);
}

namespace {

// The per-thread last hit, if it still describes `prog`.
inline LastHit* last_hit(const bpf_program& prog) {
  LastHit& last = t_last;
  if (last.insns != prog.bf_insns || last.len != prog.bf_len || last.prepared == nullptr) return nullptr;
  const bool same = last.registered ? last.generation == g_generation.load(std::memory_order_acquire)
                                     : still_same(last.copy, prog.bf_insns, prog.bf_len, &last.hits);
  return same ? &last : nullptr;
}

}  // namespace

const Program* lookup_program(const bpf_program* prog) {
  if (prog == nullptr || prog->bf_insns == nullptr) return nullptr;
  if (const LastHit* last = last_hit(*prog)) return last->program;
  return slow_lookup(*prog)->program.get();
}

u_int offline_filter(const bpf_program* prog, const u_char* pkt, u_int wirelen, u_int buflen) {
  if (prog == nullptr || prog->bf_insns == nullptr) return 0;
  if (const LastHit* last = last_hit(*prog)) {
    if (last->native != nullptr) return last->native(pkt, wirelen, buflen, nullptr);
    return last->program != nullptr ? last->program->run(pkt, wirelen, buflen) : 0;
  }
  const Program* p = slow_lookup(*prog)->program.get();
  return p != nullptr ? p->run(pkt, wirelen, buflen) : 0;
}

size_t registered_program_count() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  return r.entries.size();
}

uint64_t registry_generation() { return g_generation.load(std::memory_order_acquire); }

}  // namespace wpcap::bpf
