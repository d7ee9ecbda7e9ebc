// Runs every (point, replication) of a scenario in parallel with TBB, on one process or over MPI
// ranks, and streams finished runs to the one writer in a fixed order.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/model/model_api.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/rank_split.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay {

/// Seed of a run: a hash of the master seed, the sweep combination and the replication. Arms
/// share it (common random numbers): replication r of every arm draws the same seeds, agents
/// and exogenous events, so arm differences are paired. The runner passes a point's seed_index:
/// its sweep combination, or 0 for every row of a design with common random numbers.
std::uint64_t run_seed(std::uint64_t master, std::uint32_t sweep_index, std::uint32_t replication);
/// Seed of the network used by a replication (shared by every point, so arms see the same graphs).
std::uint64_t network_seed(std::uint64_t master, std::uint32_t replication);

/// The run could not start (output file refused, resume mismatch...): nothing ran, so under MPI
/// every rank can end normally (rank 0 holds the message; the others get a short one).
struct StartError : RuntimeError {
  using RuntimeError::RuntimeError;
};

/// Progress of a running scenario, reported after each finished run.
struct Progress {
  std::uint64_t runs_done = 0;    ///< finished in this invocation
  std::uint64_t runs_total = 0;   ///< to run in this invocation
  std::uint64_t runs_before = 0;  ///< already in the file (resume)
  std::uint64_t events = 0;       ///< executed in this invocation
  double elapsed_seconds = 0;
  bool stopping = false;  ///< a stop was requested: runs in progress finish, no new ones
};

struct RunOptions {
  std::string output_path;  ///< where to write; empty = do not write a file
  bool overwrite = false;   ///< replace an existing results file
  /// Files the run reads (scenario, edge list...): never replaced or resumed, however named.
  std::vector<std::string> inputs;
  bool resume = false;   ///< finish the pending runs of an existing file (fresh if absent)
  unsigned threads = 0;  ///< 0 = all cores
  ShardSpec shard;       ///< run only this shard's tasks (writes a shard file)
  /// Set to 1 to finish the runs in progress and stop, 2 to abandon them too (Ctrl-C once,
  /// twice). The runner also sets 2 itself when writing fails. Null: the runner uses its own.
  std::atomic<int>* stop = nullptr;
  RankSplit ranks;                                   ///< MPI ranks; one process by default
  std::function<void(const Progress&)> on_progress;  ///< called from one thread at a time
  /// Called with each finished run (point, replication, its output) as runs finish, from one
  /// thread at a time, before on_progress: for callers that use the outputs in memory (a
  /// calibration compares each run's series with data) rather than from a file.
  std::function<void(std::uint32_t, std::uint32_t, const RunOutput&)> on_run;
  std::map<std::string, std::string> provenance;  ///< extra /provenance entries
};

/// Per-run figures kept in memory for the closing summary.
struct ScenarioResult {
  std::vector<MetricSpec> summaries;
  std::vector<std::string> brands;  ///< the scenario's brand names, in order
  std::uint32_t points = 1;
  std::uint32_t replications = 0;
  /// [point * R + replication]: each run's RunOutput::summary (per-brand metrics take B values);
  /// empty for runs that did not end here (other shard, stopped).
  std::vector<std::vector<double>> summary;
  std::vector<RunStatus> status;  ///< [point * R + replication]; pending = not run
  std::uint64_t events = 0;       ///< in this invocation
  std::uint64_t runs_now = 0;     ///< runs finished in this invocation
  std::uint64_t runs_before = 0;  ///< runs already in the file (resume)
  bool stopped = false;           ///< a stop request left runs pending
  double wall_seconds = 0;
  double run_seconds = 0;  ///< sum of per-run simulation times
  /// CPU time the writer spent writing and flushing runs (on its own thread, overlapping the
  /// runs).
  double write_seconds = 0;
  std::uint64_t network_nodes = 0;
  std::uint64_t network_edges = 0;
};

/// Builds the network replication `replication` of `point` uses (the same for every
/// replication when fixed).
Network build_scenario_network(const Scenario& scenario, std::uint32_t replication,
                               BuildReport* report = nullptr, std::uint32_t point = 0);

/// Estimated peak bytes of a run plan: networks alive at once, model state per concurrent run,
/// output buffers.
std::uint64_t estimate_memory_bytes(const Scenario& scenario, const ModelEntry& model,
                                    unsigned threads);

/// What a few timed runs of a plan say about its cost (`hearsay check`).
struct PilotTiming {
  unsigned runs = 0;           ///< pilot runs that finished
  double run_seconds = 0;      ///< their mean wall time (one thread each)
  double longest_seconds = 0;  ///< the longest, finished or not
  double network_seconds = 0;  ///< the longest network build
  bool unfinished = false;     ///< a run was still going when the budget ran out
};

/// Runs replication 0 of the first, middle and last points (as many as fit in about
/// `budget_seconds`; a run still going then is stopped) and times them. Writes nothing.
PilotTiming pilot_runs(const Scenario& scenario, const ModelEntry& model, double budget_seconds);

/// The file layout a scenario's results take (shard included).
ResultsLayout results_layout(const Scenario& scenario, const ModelEntry& model, ShardSpec shard);

/// Runs the scenario. Results are identical whatever the thread count, shard split or number
/// of ranks.
ScenarioResult run_scenario(const Scenario& scenario, const ModelEntry& model,
                            const RunOptions& options);

/// Joins shard files of one plan into the file a single run would have written. Refuses shards
/// of different scenarios, missing or repeated shards, unfinished shards, shards another process
/// is writing, and an output that is one of the shards or that another process holds. The
/// output is written under a temporary name and renamed into place when whole: until then
/// `output` keeps what it held. Returns false, leaving `output` as it was, when `stop` is set
/// (Ctrl-C) before the end.
bool merge_shards(const std::vector<std::string>& shards, const std::string& output, bool overwrite,
                  const std::map<std::string, std::string>& provenance,
                  const std::atomic<int>* stop = nullptr);

}  // namespace hearsay
