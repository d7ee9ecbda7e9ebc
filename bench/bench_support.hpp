// What every benchmark program prints alongside its timings.
#pragma once

#include <sys/resource.h>

namespace hearsay::bench {

/// The process's peak resident memory so far (max RSS), MB.
inline double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace hearsay::bench
