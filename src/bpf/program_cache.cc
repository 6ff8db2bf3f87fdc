// program_cache.cc - the registry and per-thread caches behind
// pcap_offline_filter (see program_cache.h).
//
// Hot path: one thread-local POD entry {insns, len, generation, program}.
// Registered programs are trusted by pointer while the generation is
// unchanged; unregistered ones are re-checked by content (see detail::still_same_long and program_cache.h).
#include "bpf/program_cache.h"

#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace wpcap::bpf {

namespace detail {
constinit thread_local LastHit t_last __attribute__((tls_model("initial-exec"))) = {};
std::atomic<uint64_t> g_generation{1};
}  // namespace detail

namespace {

struct Prepared {
  std::vector<bpf_insn> insns;              // content when prepared
  std::shared_ptr<const Program> program;  // null: not a valid program
};

// A program pcap_compile returned. It is prepared (validated, JIT'd) on its
// first use, not at registration: many compiled programs are only
// installed with pcap_setfilter or never run, so compiling stays cheap.
struct RegisteredEntry {
  u_int len = 0;
  std::shared_ptr<const Prepared> prepared;  // null until first used
};

struct Registry {
  std::mutex mu;
  std::unordered_map<const bpf_insn*, RegisteredEntry> entries;
};

Registry& registry() {
  static Registry* r = new Registry();  // never destroyed: usable during exit
  return *r;
}


std::shared_ptr<const Prepared> prepare(const bpf_program& prog) {
  auto prepared = std::make_shared<Prepared>();
  prepared->insns.assign(prog.bf_insns, prog.bf_insns + prog.bf_len);
  auto made = Program::make(prepared->insns);
  if (made) prepared->program = std::make_shared<const Program>(std::move(made.value()));
  return prepared;
}

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
  ~ThreadCache() { detail::t_last = detail::LastHit{}; }
};
thread_local ThreadCache t_cache;

inline bool same_range(const bpf_insn* a, const bpf_insn* b, size_t from, size_t count) {
  return std::memcmp(a + from, b + from, count * sizeof(bpf_insn)) == 0;
}

}  // namespace

// Is the caller's unregistered array still what we prepared? Compared in
// full on every call: a caller may rewrite its array in place, and libpcap
// always runs the current contents, so a sampled check could run stale code.
bool detail::still_same_long(const bpf_insn* ours, const bpf_insn* theirs, size_t n) {
  return same_range(ours, theirs, 0, n);
}

namespace {

bool same_content(const Prepared& p, const bpf_program& prog) {
  return p.insns.size() == prog.bf_len &&
         std::memcmp(p.insns.data(), prog.bf_insns, prog.bf_len * sizeof(bpf_insn)) == 0;
}

void remember(const bpf_program& prog, bool registered, uint64_t generation, const Prepared* prepared) {
  const Program* program = prepared->program.get();
  detail::LastHit& last = detail::t_last;
  last.insns = prog.bf_insns;
  last.len = prog.bf_len;
  last.registered = registered;
  last.generation = generation;
  last.prepared = prepared;
  last.program = program;
  last.copy = prepared->insns.data();
  last.native = program != nullptr ? program->native() : nullptr;
  last.decoded = program != nullptr ? program->decoded() : nullptr;
}

__attribute__((noinline)) const Prepared* slow_lookup(const bpf_program& prog) {
  ThreadCache& cache = t_cache;
  const uint64_t generation = detail::g_generation.load(std::memory_order_acquire);
  {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mu);
    auto it = r.entries.find(prog.bf_insns);
    if (it != r.entries.end() && it->second.len == prog.bf_len) {
      if (!it->second.prepared) it->second.prepared = prepare(prog);
      cache.registered_hold = it->second.prepared;
      remember(prog, true, generation, it->second.prepared.get());
      return it->second.prepared.get();
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
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.entries[prog->bf_insns] = RegisteredEntry{prog->bf_len, nullptr};
  detail::g_generation.fetch_add(1, std::memory_order_acq_rel);
}

void unregister_program(const bpf_program* prog) {
  if (prog == nullptr || prog->bf_insns == nullptr) return;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (r.entries.erase(prog->bf_insns) != 0) detail::g_generation.fetch_add(1, std::memory_order_acq_rel);
}

const Program* lookup_program(const bpf_program* prog) {
  if (prog == nullptr || prog->bf_insns == nullptr) return nullptr;
  if (detail::hit(*prog)) return detail::t_last.program;
  return slow_lookup(*prog)->program.get();
}

u_int detail::offline_filter_miss(const bpf_program* prog, const u_char* pkt, u_int wirelen,
                                  u_int buflen) noexcept {
  if (hit(*prog)) return run_last(t_last, pkt, wirelen, buflen);
  const Prepared* prepared = nullptr;
  try {
    prepared = slow_lookup(*prog);
  } catch (...) {  // out of memory while preparing: reject (pcap_offline_filter has no error channel)
    return 0;
  }
  if (prepared->program != nullptr) return prepared->program->run(pkt, wirelen, buflen);
  return interpret_bounded(prepared->insns.data(), prepared->insns.size(), pkt, wirelen, buflen, nullptr);
}

size_t registered_program_count() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  return r.entries.size();
}

uint64_t registry_generation() { return detail::g_generation.load(std::memory_order_acquire); }

}  // namespace wpcap::bpf
