// What every benchmark program prints alongside its timings.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <string>
#include <utility>

#include "sim/run/runner.hpp"

namespace hearsay::bench {

/// The process's peak resident memory so far (max RSS), MB.
inline double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// Runs a plan on `threads` threads into `path` (replaced; none when empty) and times it:
/// (result, wall seconds).
inline std::pair<ScenarioResult, double> timed_run(const Scenario& scenario,
                                                   const ModelEntry& model, unsigned threads,
                                                   const std::string& path) {
  RunOptions options;
  options.output_path = path;
  options.overwrite = true;
  options.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  ScenarioResult result = run_scenario(scenario, model, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {std::move(result), seconds};
}

}  // namespace hearsay::bench
