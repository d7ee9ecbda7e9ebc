// Runs every replication of a scenario (in parallel with TBB) and streams results to the writer.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/model_api.hpp"
#include "sim/scenario.hpp"

namespace hearsay {

/// Seed of run (point, replication): a hash of the master seed and the run's identity.
std::uint64_t run_seed(std::uint64_t master, std::uint32_t point, std::uint32_t replication);
/// Seed of the network used by a replication (shared by every point, so arms see the same graphs).
std::uint64_t network_seed(std::uint64_t master, std::uint32_t replication);

/// Progress of a running scenario, reported after each finished run.
struct Progress {
  std::uint64_t runs_done = 0;
  std::uint64_t runs_total = 0;
  std::uint64_t events = 0;
  double elapsed_seconds = 0;
};

struct RunOptions {
  std::string output_path;   ///< where to write; empty = do not write a file
  bool overwrite = false;    ///< replace an existing results file
  unsigned threads = 0;      ///< 0 = all cores
  std::function<void(const Progress&)> on_progress;  ///< called from one thread at a time
  std::map<std::string, std::string> provenance;      ///< extra /provenance entries
};

/// Per-run figures kept in memory for the closing summary.
struct ScenarioResult {
  std::vector<MetricSpec> summaries;
  std::vector<std::string> brands;  ///< the scenario's brand names, in order
  /// [replication][value]: each run's RunOutput::summary (per-brand metrics take B values).
  std::vector<std::vector<double>> summary;
  std::vector<RunStatus> status;
  std::uint64_t events = 0;
  double wall_seconds = 0;
  double run_seconds = 0;   ///< sum of per-run simulation times
  std::uint64_t network_nodes = 0;
  std::uint64_t network_edges = 0;
};

/// Builds the network replication `replication` uses (the same for every replication when fixed).
Network build_scenario_network(const Scenario& scenario, std::uint32_t replication,
                               BuildReport* report = nullptr);

/// Estimated peak bytes of a run plan: networks alive at once, model state per concurrent run,
/// output buffers.
std::uint64_t estimate_memory_bytes(const Scenario& scenario, const ModelEntry& model,
                                    unsigned threads);

/// Runs the scenario. Results are identical whatever the thread count.
ScenarioResult run_scenario(const Scenario& scenario, const ModelEntry& model,
                            const RunOptions& options);

}  // namespace hearsay
