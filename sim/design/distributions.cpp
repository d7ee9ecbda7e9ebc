// Quantile functions of the uncertain parameters' distributions.
#include "sim/design/distributions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace hearsay::design {

std::string to_string(Distribution::Kind kind) {
  switch (kind) {
    case Distribution::Kind::uniform:
      return "uniform";
    case Distribution::Kind::loguniform:
      return "loguniform";
    case Distribution::Kind::triangular:
      return "triangular";
    case Distribution::Kind::normal:
      return "normal";
    case Distribution::Kind::choice:
      return "choice";
  }
  return "?";
}

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = {"uniform", "loguniform", "triangular", "normal",
                                                 "choice"};
  return names;
}

std::string check(const Distribution& d) {
  const auto& a = d.args;
  for (double x : a)
    if (!std::isfinite(x)) return "every number must be finite";
  switch (d.kind) {
    case Distribution::Kind::uniform:
      if (a.size() != 2) return "give [lo, hi]";
      if (!(a[0] < a[1])) return fmt::format("lo ({}) must be below hi ({})", a[0], a[1]);
      break;
    case Distribution::Kind::loguniform:
      if (a.size() != 2) return "give [lo, hi]";
      if (!(a[0] > 0)) return fmt::format("lo ({}) must be above 0 (a log scale)", a[0]);
      if (!(a[0] < a[1])) return fmt::format("lo ({}) must be below hi ({})", a[0], a[1]);
      break;
    case Distribution::Kind::triangular:
      if (a.size() != 3) return "give [lo, mode, hi]";
      if (!(a[0] <= a[1] && a[1] <= a[2] && a[0] < a[2]))
        return fmt::format("need lo <= mode <= hi and lo < hi (got {}, {}, {})", a[0], a[1], a[2]);
      break;
    case Distribution::Kind::normal: {
      if (a.size() != 2) return "give [mean, sd]";
      if (!(a[1] > 0)) return fmt::format("sd ({}) must be above 0", a[1]);
      const boost::math::normal n(a[0], a[1]);
      const double mass = boost::math::cdf(n, std::min(d.upper, a[0] + 40 * a[1])) -
                          boost::math::cdf(n, std::max(d.lower, a[0] - 40 * a[1]));
      if (!(mass > 1e-12))
        return fmt::format("almost none of it lies in the parameter's range [{}, {}]", d.lower,
                           d.upper);
      break;
    }
    case Distribution::Kind::choice:
      if (d.choices.empty()) return "give at least one value";
      break;
  }
  return "";
}

double quantile(const Distribution& d, double u) {
  const auto& a = d.args;
  switch (d.kind) {
    case Distribution::Kind::uniform:
      return a[0] + u * (a[1] - a[0]);
    case Distribution::Kind::loguniform:
      return a[0] * std::pow(a[1] / a[0], u);
    case Distribution::Kind::triangular: {
      const double lo = a[0], mode = a[1], hi = a[2];
      const double split = (mode - lo) / (hi - lo);
      return u < split ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                       : hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case Distribution::Kind::normal: {
      // Inverse transform on the truncated normal: Phi^-1(Phi(l) + u (Phi(h) - Phi(l))).
      const boost::math::normal n(a[0], a[1]);
      const double lo = std::max(d.lower, a[0] - 40 * a[1]);
      const double hi = std::min(d.upper, a[0] + 40 * a[1]);
      const double p =
          boost::math::cdf(n, lo) + u * (boost::math::cdf(n, hi) - boost::math::cdf(n, lo));
      return std::clamp(boost::math::quantile(n, std::clamp(p, 1e-300, 1 - 1e-16)), lo, hi);
    }
    case Distribution::Kind::choice:
      break;
  }
  return std::nan("");
}

double density(const Distribution& d, double x) {
  const auto& a = d.args;
  if (!std::isfinite(x)) return 0;
  switch (d.kind) {
    case Distribution::Kind::uniform:
      return x >= a[0] && x <= a[1] ? 1 / (a[1] - a[0]) : 0;
    case Distribution::Kind::loguniform:
      return x >= a[0] && x <= a[1] ? 1 / (x * std::log(a[1] / a[0])) : 0;
    case Distribution::Kind::triangular: {
      const double lo = a[0], mode = a[1], hi = a[2];
      if (x < lo || x > hi) return 0;
      if (x < mode) return 2 * (x - lo) / ((hi - lo) * (mode - lo));
      if (x > mode) return 2 * (hi - x) / ((hi - lo) * (hi - mode));
      return 2 / (hi - lo);
    }
    case Distribution::Kind::normal: {
      const boost::math::normal n(a[0], a[1]);
      const double lo = std::max(d.lower, a[0] - 40 * a[1]);
      const double hi = std::min(d.upper, a[0] + 40 * a[1]);
      if (x < lo || x > hi) return 0;
      return boost::math::pdf(n, x) / (boost::math::cdf(n, hi) - boost::math::cdf(n, lo));
    }
    case Distribution::Kind::choice:
      break;
  }
  return 0;
}

std::size_t choice_index(const Distribution& d, double u) {
  const std::size_t n = d.choices.size();
  return std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
}

}  // namespace hearsay::design
