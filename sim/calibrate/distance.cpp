// The scaled distance between a run and the observed data.
#include "sim/calibrate/distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hearsay::calibrate {

double interpolate(std::span<const double> grid, std::span<const double> values, double t) {
  if (t <= grid.front()) return values.front();
  if (t >= grid.back()) return values[grid.size() - 1];
  const auto upper = std::upper_bound(grid.begin(), grid.end(), t);
  const auto k = static_cast<std::size_t>(upper - grid.begin());  // grid[k-1] <= t < grid[k]
  const double f = (t - grid[k - 1]) / (grid[k] - grid[k - 1]);
  return values[k - 1] + f * (values[k] - values[k - 1]);
}

Distance::Distance(const ObservedData& data) : data_(data) {
  for (const std::vector<double>& column : data.values) {
    double sum = 0, sum_abs = 0;
    std::size_t n = 0;
    for (double x : column)
      if (!std::isnan(x)) {
        sum += x;
        sum_abs += std::abs(x);
        ++n;
      }
    points_ += n;
    const double mean = n > 0 ? sum / static_cast<double>(n) : 0;
    double squares = 0;
    for (double x : column)
      if (!std::isnan(x)) squares += (x - mean) * (x - mean);
    double scale = n > 1 ? std::sqrt(squares / static_cast<double>(n)) : 0;
    if (!(scale > 0)) scale = n > 0 ? sum_abs / static_cast<double>(n) : 0;
    if (!(scale > 0)) scale = 1;
    scales_.push_back(scale);
  }
}

double Distance::operator()(std::span<const double> grid,
                            const std::vector<std::span<const double>>& simulated) const {
  double total = 0;
  for (std::size_t c = 0; c < data_.values.size(); ++c)
    for (std::size_t i = 0; i < data_.times.size(); ++i) {
      const double observed = data_.values[c][i];
      if (std::isnan(observed)) continue;
      const double x = interpolate(grid, simulated[c], data_.times[i]);
      if (std::isnan(x)) return std::numeric_limits<double>::infinity();
      const double z = (x - observed) / scales_[c];
      total += z * z;
    }
  return points_ > 0 ? std::sqrt(total / static_cast<double>(points_)) : 0;
}

}  // namespace hearsay::calibrate
