// Least-squares fit of the Bass (1969) curve to a cumulative adoption series, for calibration.
#pragma once

#include <span>

namespace hearsay::models::wom::calibration {

/// A fitted Bass curve N(t) = m F(t), F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}).
/// Rates per day (multiply by 365 for the per-year figures of the literature); m in adopters.
struct BassFit {
  double p = 0, q = 0, m = 0;
  double rmse = 0;  ///< root mean square residual, adopters
  /// Time of the peak of adoptions, ln(q/p) / (p + q) days; 0 when q <= p (no interior peak).
  double peak_time() const;
};

/// Cumulative adoptions under the Bass curve at time t (days).
double bass_cumulative(double p, double q, double m, double t);

/// Fits (p, q, m) to cumulative adoptions y at times t by nonlinear least squares (Nelder-Mead
/// on log p, log q, log m from several starts; Srinivasan & Mason 1986's estimator).
BassFit fit_bass(std::span<const double> t, std::span<const double> y);

}  // namespace hearsay::models::wom::calibration
