// What a scenario's `uncertain:` and `design:` sections become: one value per uncertain key at
// each design row, ready to be applied like the values of a zipped sweep.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/design/design.hpp"
#include "sim/design/distributions.hpp"

namespace hearsay::design {

/// One key of `uncertain:` (a dotted key path, as `sweep:` takes) and its distribution.
struct UncertainKey {
  std::string key;
  Distribution distribution;
  std::string
      written;  ///< the distribution as the scenario wrote it, e.g. "loguniform [0.01, 0.1]"
};

/// `design:` as written.
struct DesignSpec {
  Method method = Method::sobol;
  std::size_t samples = 0;       ///< sobol, latin: N
  std::size_t trajectories = 0;  ///< morris: R
  unsigned levels = 4;           ///< morris: grid levels (even)
  bool common_random_numbers = true;

  /// Design rows for k uncertain keys: N (k + 2), R (k + 1) or N.
  std::size_t rows(std::size_t k) const;
};

/// The design's rows and, per row, each key's value: a number, or for `choice` the chosen
/// value as written.
struct DesignPlan {
  UnitDesign unit;
  std::vector<std::vector<double>> numbers;       ///< [row][key] (NaN for choice keys)
  std::vector<std::vector<std::string>> choices;  ///< [row][key] ("" for numeric keys)
};

/// What a results file records of a design (`/design`): enough to compute indices from the
/// points' outputs, and to check that a file being resumed or merged holds the same design.
struct DesignRecord {
  Method method = Method::sobol;
  std::vector<std::string> parameters;     ///< the uncertain keys, as written
  std::vector<std::string> distributions;  ///< each key's distribution, as written
  UnitDesign unit;                         ///< rows x keys in [0, 1), with role and sample
  std::size_t samples = 0;                 ///< sobol, latin: N
  std::size_t trajectories = 0;            ///< morris: R
  unsigned levels = 0;                     ///< morris: grid levels
  /// Every design row runs on the same random numbers (replication r of each row has the
  /// same seed), so differences between rows come from the parameters alone.
  bool common_random_numbers = true;

  bool operator==(const DesignRecord&) const = default;
};

/// Draws the design (its randomness from `seed`, the scenario's master seed) and maps each
/// unit coordinate through its key's quantile function.
DesignPlan plan_design(const std::vector<UncertainKey>& keys, const DesignSpec& spec,
                       std::uint64_t seed);

}  // namespace hearsay::design
