// Means and 95% intervals (Student t) over the runs of a point, for the closing tables.
#include "sim/app/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

namespace hearsay::cli {

Interval interval95(const std::vector<double>& values) {
  Interval out;
  double sum = 0;
  for (double x : values)
    if (std::isfinite(x)) {
      sum += x;
      ++out.n;
    }
  if (out.n == 0) return out;
  out.mean = sum / static_cast<double>(out.n);
  if (out.n < 2) return out;
  double ss = 0;
  for (double x : values)
    if (std::isfinite(x)) ss += (x - out.mean) * (x - out.mean);
  const double sd = std::sqrt(ss / static_cast<double>(out.n - 1));
  const boost::math::students_t t(static_cast<double>(out.n - 1));
  out.half_width = boost::math::quantile(boost::math::complement(t, 0.025)) * sd /
                   std::sqrt(static_cast<double>(out.n));
  return out;
}

}  // namespace hearsay::cli
