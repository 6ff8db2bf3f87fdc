// arena.h - a per-thread bump allocator for the compiler's short-lived data
// (statement lists, the test DAG, blocks, optimizer and layout tables).
//
// Entry points: ArenaScope (compile() holds one for the whole call; when
// the outermost scope ends, everything allocated in it is reclaimed at
// once), ArenaAlloc<T> / AVec<T> (a std::vector drawing from the arena).
// Outside a scope, or once the thread's chunk is full, allocations go to
// the heap as usual, so the types work anywhere (e.g. in unit tests).
// Nothing allocated in a scope may outlive it.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace wpcap::filter {

namespace arena {

// The calling thread's chunk: trivially constructed, initial-exec TLS, so
// the inline fast paths below are a few instructions.
struct State {
  char* base;
  size_t cap;
  size_t used;
  int depth;  // active scopes
};
extern constinit thread_local State t_state __attribute__((tls_model("initial-exec")));

inline void* allocate(size_t bytes, size_t align) {
  State& a = t_state;
  if (a.depth > 0) {
    size_t start = (a.used + align - 1) & ~(align - 1);
    if (start <= a.cap && bytes <= a.cap - start) {
      a.used = start + bytes;
      return a.base + start;
    }
  }
  return ::operator new(bytes);
}

inline void deallocate(void* p, size_t bytes) noexcept {
  State& a = t_state;
  char* c = static_cast<char*>(p);
  if (c >= a.base && c < a.base + a.cap) {  // in the chunk: give back only the top
    if (c + bytes == a.base + a.used) a.used = static_cast<size_t>(c - a.base);
    return;
  }
  ::operator delete(p);
}

}  // namespace arena

class ArenaScope {
 public:
  ArenaScope();
  ~ArenaScope();
  ArenaScope(const ArenaScope&) = delete;
  ArenaScope& operator=(const ArenaScope&) = delete;
};

template <class T>
struct ArenaAlloc {
  using value_type = T;
  ArenaAlloc() = default;
  template <class U>
  ArenaAlloc(const ArenaAlloc<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(arena::allocate(n * sizeof(T), alignof(T))); }
  void deallocate(T* p, size_t n) noexcept { arena::deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const ArenaAlloc<U>&) const { return true; }
};

template <class T>
using AVec = std::vector<T, ArenaAlloc<T>>;

}  // namespace wpcap::filter
