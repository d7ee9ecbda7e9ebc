// The memory this process may still use: MemAvailable, capped by a cgroup (v2 or v1) limit.
#include "sim/app/memory.hpp"

#include <fstream>
#include <string>

namespace hearsay::cli {

/// Bytes of memory this process may still use: MemAvailable, capped by a cgroup (v2 or v1)
/// limit when it runs in a container. 0 when unknown.
std::uint64_t available_memory_bytes() {
  std::uint64_t available = 0;
  {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit)
      if (key == "MemAvailable:") {
        available = kib * 1024;
        break;
      }
  }
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    try {
      const std::uint64_t limit = std::stoull(text);
      if (limit > 0 && (available == 0 || limit < available)) available = limit;
    } catch (const std::exception&) {
    }
  }
  return available;
}

}  // namespace hearsay::cli
