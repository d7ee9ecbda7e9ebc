// Calibration scenarios: `uncertain:` gives the priors, `calibrate:` what to match and how; the
// plan's points are particles whose values the calibration chooses.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/design/plan.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay {

/// One series a calibration matches: a metric of the model (a column of the observed data of
/// the same name) and, for per-brand metrics, the brand.
struct MatchedMetric {
  std::string metric;
  std::string brand;      ///< empty for metrics that are not per brand
  std::size_t index = 0;  ///< the metric's place in ModelInfo::series
  std::size_t brand_index = 0;
};

/// `calibrate:` as read, with its defaults (sim/README.md documents them).
struct CalibrationSpec {
  std::vector<MatchedMetric> match;
  std::string method = "abc-smc";
  std::size_t particles = 1000;        ///< accepted particles per generation
  unsigned generations = 8;            ///< at most this many generations (the first from the prior)
  double min_acceptance = 0.02;        ///< stop when a generation accepts fewer of its proposals
  double quantile = 0.5;               ///< next tolerance: this quantile of the accepted distances
  double min_tolerance_change = 0.02;  ///< stop when the tolerance falls by a smaller fraction
};

/// A scenario read for `hearsay calibrate`.
struct CalibrationScenario {
  Scenario scenario;  ///< the base: one point (each uncertain key at its prior median)
  std::vector<design::UncertainKey> priors;  ///< in the order of `uncertain:`
  CalibrationSpec spec;
  std::string text;                    ///< the scenario file as read (for particles' points)
  std::vector<std::string> overrides;  ///< --set
};

/// Loads a calibration scenario (a file; not standard input). Throws ScenarioError for a
/// scenario without `calibrate:` or `uncertain:`, with `design:`, `sweep:` or `arms:`, with a
/// `choice` prior, and for bad keys of `calibrate:` (unknown metric or brand...).
CalibrationScenario load_calibration(const std::string& path,
                                     const std::vector<std::string>& overrides,
                                     const ModelRegistry& models,
                                     const GeneratorRegistry& generators = generator_registry());

/// Parses text in memory as load_calibration does a file; `file` is the name used in messages
/// and the folder for relative paths.
CalibrationScenario parse_calibration(const std::string& text, const std::string& file,
                                      const std::vector<std::string>& overrides,
                                      const ModelRegistry& models,
                                      const GeneratorRegistry& generators = generator_registry());

/// The scenario whose points are `rows` (values[row][key], keys in the order of the priors),
/// one replication each; point i has seed_index `seed_indices[i]`.
Scenario calibration_points(const CalibrationScenario& calibration,
                            const std::vector<std::vector<double>>& rows,
                            const std::vector<std::uint32_t>& seed_indices,
                            const ModelRegistry& models,
                            const GeneratorRegistry& generators = generator_registry());

}  // namespace hearsay
