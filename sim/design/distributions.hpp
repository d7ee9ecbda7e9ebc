// The distributions an uncertain parameter may take, and their quantile functions: a design's
// unit coordinate u becomes a value by inverse transform.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hearsay::design {

/// uniform [lo, hi]; loguniform [lo, hi] (0 < lo); triangular [lo, mode, hi]; normal [mean, sd]
/// truncated to [lower, upper] (the parameter's range); choice [a, b, ...] (each equally likely).
struct Distribution {
  enum class Kind { uniform, loguniform, triangular, normal, choice };
  Kind kind = Kind::uniform;
  std::vector<double> args;              ///< numbers as written (none for choice)
  std::vector<std::string> choices;      ///< choice: the values as written
  double lower = -1e308, upper = 1e308;  ///< normal: the truncation (the parameter's range)
};

/// The names a scenario uses.
std::string to_string(Distribution::Kind kind);
/// Every name, for error messages.
const std::vector<std::string>& distribution_names();

/// Why `d` is not a valid distribution ("" when it is): argument counts and order, positive
/// bounds for loguniform, a positive sd, a truncation that keeps some mass.
std::string check(const Distribution& d);

/// The value at quantile u in (0, 1) (not for choice).
double quantile(const Distribution& d, double u);
/// The probability density at x (not for choice): 0 outside the support, so a calibration's
/// proposal there is never accepted; the truncated normal's density is renormalised.
double density(const Distribution& d, double x);
/// The choice at quantile u in [0, 1): index floor(u n).
std::size_t choice_index(const Distribution& d, double u);

}  // namespace hearsay::design
