// What a model declares (parameters, metrics) and how the runner calls it: the registry boundary.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/network.hpp"
#include "sim/params.hpp"
#include "sim/types.hpp"

namespace hearsay {

/// An output quantity: a time series (/series/<name>) or a per-run figure (/summary/<name>).
struct MetricSpec {
  std::string name;
  std::string unit;  ///< e.g. "agents", "events", "d"
  std::string description;
};

/// Everything a model declares about itself, printed by `hearsay describe`.
struct ModelInfo {
  std::string name;
  std::string summary;    ///< one line
  std::string reference;  ///< papers it implements
  std::vector<ParamSpec> params;
  std::vector<MetricSpec> series;
  std::vector<MetricSpec> summaries;
  bool needs_network = true;  ///< false: runs without a network (e.g. a branching process)
};

/// Sampling times: 0, dt, 2 dt, ... up to and including `end`.
struct TimeGrid {
  std::vector<Time> times;
  Time end = 0;
};

/// Builds the sampling grid; the last point is `end` even when it is not a multiple of dt.
TimeGrid make_time_grid(Time end, Time sample_every);

/// One replication's inputs; everything is read-only and owned by the runner.
struct RunInput {
  const Network* network = nullptr;  ///< null when the model needs none
  const ParamValues* params = nullptr;
  std::span<const NodeId> seeds;     ///< initially active agents (or immigrant events)
  const TimeGrid* grid = nullptr;
  std::uint64_t seed = 0;            ///< this run's seed (derived from master, point, replication)
  std::uint64_t max_events = UINT64_MAX;
};

/// One replication's results.
struct RunOutput {
  std::vector<double> series;   ///< metric-major: series[m * T + k] is metric m at times[k]
  std::vector<double> summary;  ///< one value per summary metric
  std::uint64_t events = 0;     ///< state changes executed
  RunStatus status = RunStatus::done;
};

using RunFunction = RunOutput (*)(const RunInput&);
/// Estimated bytes of one run's state for a population of `nodes` agents.
using StateBytesFunction = std::uint64_t (*)(const ParamValues&, std::uint64_t nodes);

/// A model as the registry knows it.
struct ModelEntry {
  ModelInfo info;
  RunFunction run = nullptr;
  StateBytesFunction state_bytes = nullptr;
};

}  // namespace hearsay
