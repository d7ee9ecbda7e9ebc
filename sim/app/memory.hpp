// The memory this process may still use (/proc/meminfo, capped by a cgroup limit).
#pragma once

#include <cstdint>

namespace hearsay::cli {

/// Bytes of memory this process may still use: MemAvailable, capped by a cgroup (v2 or v1)
/// limit when it runs in a container. 0 when unknown.
std::uint64_t available_memory_bytes();

}  // namespace hearsay::cli
