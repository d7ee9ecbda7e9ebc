// The steps of running a plan, shared by the files of sim/run (not part of the runner's API).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/task.hpp"
#include "sim/model/model_api.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay::run {

/// Values one run produces for `metrics`: `per_metric` each, times the brands when per brand
/// (and the segments when per segment).
std::size_t output_values(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t segments, std::size_t per_metric);

/// The initially active agents of a run (the point's seeding, drawn from the run's seed).
std::vector<NodeId> pick_seeds(const ScenarioPoint& point, const ModelEntry& model,
                               const Network* network, std::uint64_t seed);

/// The input of one run of `point`; it views `seeds`, `grid` and the point, which must outlive
/// it. No stop flag, one thread inside the run.
RunInput run_input(const Scenario& scenario, const ScenarioPoint& point, const Network* network,
                   const TimeGrid& grid, std::uint64_t seed, const std::vector<NodeId>& seeds);

/// "point 3 (arm soft, model.beta = 0.2)": how messages name a point of a sweep.
std::string point_label(const Scenario& scenario, std::uint32_t p);

/// Points whose networks are built the same way share them: group[p] is the first such point.
std::vector<std::uint32_t> network_groups(const Scenario& scenario);

/// The first replication's network of each network group, by group.
using FirstNetworks = std::map<std::uint32_t, std::shared_ptr<const Network>>;

/// Fails (ScenarioError) on everything that can fail because of the input, before a file exists:
/// builds the first replication's network of every network group and checks the seeding and the
/// model's own checks against it. Returns those networks for the runs to use.
FirstNetworks check_inputs(const Scenario& scenario, const ModelEntry& model,
                           const std::vector<std::uint32_t>& group);

/// The file the runs go to, opened on rank 0: a new one, or the one --resume finishes.
struct OpenedOutput {
  std::unique_ptr<ResultsWriter> writer;  ///< null when nothing is written
  /// Status of every run (cell order) before this invocation: pending unless resumed.
  std::vector<RunStatus> before;
};

/// Opens (or resumes) `options.output_path`; runs a resumed file already holds are recorded in
/// `result` (status, summary, runs_before) for the closing table.
OpenedOutput open_output(const ResultsLayout& layout, const RunOptions& options,
                         const TaskOrder& order, ScenarioResult& result);

/// Writes /provenance and closes the file; returns the error that finishing raised, if any.
std::exception_ptr finish_output(ResultsWriter& writer, const RunOptions& options,
                                 const ScenarioResult& result, int threads);

/// The networks of a plan, built on first use and freed after their last run. A network is
/// named by its group and the replication that draws it (0 for fixed networks).
class NetworkCache {
 public:
  using Key = std::pair<std::uint32_t, std::uint32_t>;
  /// `users[key]` counts the runs that will ask for that network.
  explicit NetworkCache(const std::map<Key, std::uint64_t>& users);

  /// Hands over a network already built (the check of the inputs built the first ones).
  void put(Key key, std::shared_ptr<const Network> network);
  /// The network, built by the first caller; others asking for the same one wait for it.
  std::shared_ptr<const Network> acquire(Key key, const std::function<Network()>& build);
  /// One run is done with the network: the last frees it.
  void release(Key key);

 private:
  struct Slot {
    std::mutex build_mutex;
    std::shared_ptr<const Network> network;
    std::uint64_t users = 0;
  };
  std::mutex mutex_;
  std::map<Key, Slot> slots_;  // map: nodes never move, so a slot's mutex stays put
};

}  // namespace hearsay::run
