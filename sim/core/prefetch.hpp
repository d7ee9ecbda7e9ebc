// Cache hints for loops that know their next reads or writes, which lie far apart in memory: the
// loads of consecutive steps then overlap instead of waiting one after another on memory latency.
#pragma once

namespace hearsay {

/// Asks for the cache line at `p` ahead of a read. Always inlined: GCC drops calls to functions
/// that only prefetch, as free of side effects.
[[gnu::always_inline]] inline void prefetch(const void* p) {
  __builtin_prefetch(p);
}

/// The same, ahead of a write.
[[gnu::always_inline]] inline void prefetch_for_write(const void* p) {
  __builtin_prefetch(p, 1);
}

}  // namespace hearsay
