// arena.cc - the per-thread chunk behind ArenaAlloc (see arena.h).
//
// One chunk per thread, allocated on the thread's first compile and freed
// when the thread ends. Inside a scope, allocation bumps a pointer;
// freeing is a no-op except that the most recent block is given back
// (so a vector growing at the top reuses its space). Scopes nest; the
// outermost resets the chunk.
#include "filter/arena.h"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace wpcap::filter {

constinit thread_local arena::State arena::t_state __attribute__((tls_model("initial-exec"))) = {};

namespace {

constexpr size_t kChunkBytes = size_t{256} << 10;

// Frees the thread's chunk when the thread ends.
struct ChunkOwner {
  bool armed = false;
  ~ChunkOwner() {
    std::free(arena::t_state.base);
    arena::t_state = {};
  }
};
thread_local ChunkOwner t_owner;

}  // namespace

ArenaScope::ArenaScope() {
  arena::State& a = arena::t_state;
  if (a.depth++ == 0) {
    if (a.base == nullptr) {
      t_owner.armed = true;
      a.base = static_cast<char*>(std::malloc(kChunkBytes));
      a.cap = a.base != nullptr ? kChunkBytes : 0;
    }
    a.used = 0;
  }
}

ArenaScope::~ArenaScope() {
  arena::State& a = arena::t_state;
  if (--a.depth == 0) a.used = 0;
}

}  // namespace wpcap::filter
