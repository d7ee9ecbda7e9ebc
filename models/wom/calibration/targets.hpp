// wom's market-level calibration targets: what is measured, the published figure with its
// source, the tolerance band, and the parameter fitted to it.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models/wom/calibration/markets.hpp"

namespace hearsay::models::wom::calibration {

/// One setting's markets, each run once on demand.
class Evaluation {
 public:
  Evaluation(Setting setting, Effort effort) : setting_(std::move(setting)), effort_(effort) {}
  const Setting& setting() const { return setting_; }
  const Effort& effort() const { return effort_; }
  const MarketRuns& typical();
  const MarketRuns& new_product();

 private:
  Setting setting_;
  Effort effort_;
  std::optional<MarketRuns> typical_, new_product_;
};

struct Measurement {
  double value = std::numeric_limits<double>::quiet_NaN();
  /// Standard error over replications (0 for a figure computed exactly from the parameters).
  double se = 0;
  std::string detail;  ///< further figures, in words
};

struct Target {
  std::string id;
  std::string what;    ///< what is measured, and in which market
  std::string source;  ///< the published figure: source, and where in it
  double published;    ///< the figure the band is about
  double lo, hi;       ///< tolerance band the defaults must hit
  std::string band;    ///< where the band comes from
  std::string fitted;  ///< the parameter calibrated to it ("model.NAME"), empty for a check
  Measurement (*measure)(Evaluation&);
};

/// Every target, in the order the calibration fits them.
const std::vector<Target>& targets();
const Target& target(const std::string& id);

}  // namespace hearsay::models::wom::calibration
