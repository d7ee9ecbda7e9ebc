// The reference markets wom's defaults are calibrated in: a typical brand's first year, and a
// new product with little advertising over ten years.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/wom/wom.hpp"
#include "sim/core/params.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::wom::calibration {

/// Values of every consumer (`model.`) and brand (`brand.`) parameter to evaluate.
struct Setting {
  ParamValues model;
  ParamValues brand;
  /// The declared defaults.
  static Setting defaults();
  /// Sets "model.NAME" or "brand.NAME"; throws std::invalid_argument for another key.
  void set(const std::string& key, double value);
  double get(const std::string& key) const;
};

/// How hard to look: replications per market and the master seed (common random numbers: the
/// same seed gives every setting the same networks and draws).
struct Effort {
  int replications = 8;
  std::uint64_t seed = 20261207;
};

/// The runs of one market, one brand.
struct MarketRuns {
  std::vector<RunOutput> runs;
  TimeGrid grid;
  /// A summary metric of run r.
  double summary(Summary metric, std::size_t r) const { return runs[r].summary[metric]; }
  /// A series metric of run r at sample k.
  double series(Series metric, std::size_t r, std::size_t k) const {
    return runs[r].series[metric * grid.times.size() + k];
  }
  double last(Series metric, std::size_t r) const {
    return series(metric, r, grid.times.size() - 1);
  }
  /// Sum over runs of a summary metric (or of a series' last value).
  double total(Summary metric) const;
  double total_last(Series metric) const;
};

/// Consumers of the reference markets: personal circles of 10 (strong ties, weight 1) joined by
/// 6 weak ties each on average (weight .3), Goldenberg, Libai & Muller 2001's structure with
/// weak ties inside the 5-29 range reported for their study.
inline constexpr double market_consumers = 20000;
inline constexpr double market_clique = 10;
inline constexpr double market_weak_ties = 6;

/// A typical brand's first year (or `days`): one brand with the declared brand defaults, daily
/// samples.
MarketRuns typical_market(const Setting& setting, const Effort& effort, Time days = 365);
/// A new product with little advertising (advertising .1, no brand posts, no followers), ten
/// years sampled every two weeks: the setting of the Bass diffusion literature.
MarketRuns new_product_market(const Setting& setting, const Effort& effort);

}  // namespace hearsay::models::wom::calibration
