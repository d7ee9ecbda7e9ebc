// What a model declares (parameters, metrics) and how the runner calls it: the registry boundary.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/core/registry.hpp"
#include "sim/core/types.hpp"
#include "sim/engine/time_grid.hpp"
#include "sim/model/brands.hpp"
#include "sim/model/segments.hpp"
#include "sim/network/network.hpp"

namespace hearsay {

/// An output quantity: a time series (/series/<name>) or a per-run figure (/summary/<name>).
struct MetricSpec {
  std::string name;
  std::string unit;  ///< e.g. "agents", "events", "d"
  std::string description;
  bool per_brand = false;  ///< one value per brand: an extra `brand` dimension before time
  /// One value per brand and consumer segment (`segments:`): `brand` and `segment` dimensions
  /// before time (implies per_brand). Only series; left out of the file without segments.
  bool per_segment = false;
};

/// Values a metric takes per sampling time (or per run, for a summary): 1, the brands, or the
/// brands x segments.
inline std::size_t metric_rows(const MetricSpec& metric, std::size_t brands, std::size_t segments) {
  return metric.per_segment ? brands * segments : metric.per_brand ? brands : 1;
}

/// One step of a cascade, for /cascades: `node` heard from `parent` (or started it).
struct CascadeRow {
  std::uint32_t cascade = 0;  ///< cascade id, unique within a run
  NodeId node = 0;
  std::int64_t parent = -1;  ///< -1 for the root
  Time time = 0;
  std::int8_t valence = 0;  ///< +1 recommendation, -1 complaint
  std::uint8_t brand = 0;
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
  bool uses_seeding = true;   ///< false: `seeding:` does not apply (e.g. brands seed themselves)
  BrandSchema brands;         ///< models with brands (`brands:`); empty for the others
  bool has_cascades = false;  ///< can fill /cascades when `output.cascades: true`
  /// The parameters (`params` names) a consumer segment may set for its consumers (`segments:`);
  /// empty: the model has no segments.
  std::vector<std::string> segment_params;
};

/// One replication's inputs; everything is read-only and owned by the runner.
struct RunInput {
  const Network* network = nullptr;  ///< null when the model needs none
  const ParamValues* params = nullptr;
  std::span<const NodeId> seeds;  ///< initially active agents (or immigrant events)
  const TimeGrid* grid = nullptr;
  std::uint64_t seed = 0;  ///< this run's seed (derived from master, point, replication)
  std::uint64_t max_events = UINT64_MAX;
  std::span<const BrandSpec> brands;  ///< empty for models without brands
  /// `segments:`: consumer segments and their parameter values; empty = one population.
  std::span<const SegmentSpec> segments;
  /// `segment_by:` with segments: each consumer's segment from this node attribute of the
  /// network (see segments_by_attribute); empty: by the segments' shares.
  std::string_view segment_by;
  bool record_cascades = false;  ///< fill RunOutput::cascades
  /// Threads one run may use inside itself (models with a parallel engine, e.g. `wom`); the
  /// results are the same for any value. 1: sequential.
  unsigned run_threads = 1;
  /// When set and it reaches 2, the run stops early with status `pending` (Ctrl-C twice); the
  /// engine looks at it every few thousand events. Null: never.
  const std::atomic<int>* stop = nullptr;
};

/// One replication's results.
struct RunOutput {
  /// Metric-major: each metric in ModelInfo::series order takes T values, B x T (brand-major)
  /// when per_brand, or B x S x T when per_segment (none without segments); e.g. without brands
  /// series[m * T + k] is metric m at times[k].
  std::vector<double> series;
  /// One value per summary metric, or B values (one per brand) when per_brand.
  std::vector<double> summary;
  std::vector<CascadeRow> cascades;  ///< when RunInput::record_cascades
  std::uint64_t events = 0;          ///< state changes executed
  RunStatus status = RunStatus::done;
};

using RunFunction = RunOutput (*)(const RunInput&);
/// Estimated bytes of one run's state for a population of `nodes` agents.
using StateBytesFunction = std::uint64_t (*)(const ParamValues&, std::uint64_t nodes);

/// A model check that fails on one key (e.g. "model.broadcaster_node", "brands[0].seed_count"):
/// the runner reports it at the place the scenario gives that key.
class ModelCheckError : public std::invalid_argument {
 public:
  ModelCheckError(std::string key, const std::string& problem, std::string fix)
      : std::invalid_argument(key + ": " + problem),
        key_(std::move(key)),
        problem_(problem),
        fix_(std::move(fix)) {}
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }
  const std::string& fix() const { return fix_; }

 private:
  std::string key_, problem_, fix_;
};

/// Checks that need the network (e.g. a node id below the node count); throws ModelCheckError
/// (or std::invalid_argument) naming the parameter. Called once, before any file is written.
using CheckFunction = void (*)(const ParamValues&, const Network*, std::span<const BrandSpec>);

/// A model as the registry knows it.
struct ModelEntry {
  ModelInfo info;
  RunFunction run = nullptr;
  StateBytesFunction state_bytes = nullptr;
  CheckFunction check = nullptr;
};

/// The models a scenario may name: listed by models/registry.cpp (sim/ never names a model).
using ModelRegistry = Registry<ModelEntry>;

}  // namespace hearsay
