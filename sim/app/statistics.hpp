// Means and 95% intervals (Student t) over the runs of a point, for the closing tables.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace hearsay::cli {

/// Mean and half-width of the 95% interval (Student t) of finite values.
struct Interval {
  double mean = NAN;
  double half_width = NAN;
  std::size_t n = 0;
};

Interval interval95(const std::vector<double>& values);

}  // namespace hearsay::cli
