// How far a simulated run is from the observed data: each series interpolated at the observed
// times, each column scaled by its own spread, root mean square over every observed point.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/calibrate/observed_data.hpp"

namespace hearsay::calibrate {

/// `values` (sampled at `grid`, increasing) at time t by linear interpolation; t outside the
/// grid takes the nearest end's value.
double interpolate(std::span<const double> grid, std::span<const double> values, double t);

class Distance {
 public:
  /// Each column's scale is the standard deviation of its observed values (the mean absolute
  /// value when they do not vary, 1 when that is 0 too), so every column counts alike
  /// whatever its unit.
  explicit Distance(const ObservedData& data);

  /// sqrt(mean over observed (column, time) of ((simulated - observed) / scale)^2), skipping
  /// missing observations; `simulated[column]` is the run's series of that column on `grid`.
  /// A run with a missing (NaN) simulated value is infinitely far.
  double operator()(std::span<const double> grid,
                    const std::vector<std::span<const double>>& simulated) const;

  const std::vector<double>& scales() const { return scales_; }

 private:
  const ObservedData& data_;
  std::vector<double> scales_;
  std::size_t points_ = 0;
};

}  // namespace hearsay::calibrate
