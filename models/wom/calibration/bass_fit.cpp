// Bass curve fit by Nelder-Mead on the logarithms of p, q and m.
#include "models/wom/calibration/bass_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace hearsay::models::wom::calibration {
namespace {

using Point = std::array<double, 3>;

template <class F>
Point nelder_mead(F&& f, Point start, double step, int iterations) {
  std::array<Point, 4> x{};
  std::array<double, 4> fx{};
  x[0] = start;
  for (int k = 0; k < 3; ++k) {
    x[k + 1] = start;
    x[k + 1][k] += step;
  }
  for (int k = 0; k < 4; ++k) fx[k] = f(x[k]);
  for (int it = 0; it < iterations; ++it) {
    std::array<int, 4> order{0, 1, 2, 3};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return fx[a] < fx[b]; });
    const int best = order[0], worst = order[3], second = order[2];
    Point centre{};
    for (int k = 0; k < 3; ++k)
      for (int d = 0; d < 3; ++d) centre[d] += x[order[k]][d] / 3;
    auto along = [&](double t) {
      Point r{};
      for (int d = 0; d < 3; ++d) r[d] = centre[d] + t * (x[worst][d] - centre[d]);
      return r;
    };
    const Point reflected = along(-1);
    const double fr = f(reflected);
    if (fr < fx[best]) {
      const Point expanded = along(-2);
      const double fe = f(expanded);
      if (fe < fr) {
        x[worst] = expanded, fx[worst] = fe;
      } else {
        x[worst] = reflected, fx[worst] = fr;
      }
    } else if (fr < fx[second]) {
      x[worst] = reflected, fx[worst] = fr;
    } else {
      const Point contracted = along(0.5);
      const double fc = f(contracted);
      if (fc < fx[worst]) {
        x[worst] = contracted, fx[worst] = fc;
      } else {
        for (int k = 0; k < 4; ++k) {
          if (k == best) continue;
          for (int d = 0; d < 3; ++d) x[k][d] = x[best][d] + 0.5 * (x[k][d] - x[best][d]);
          fx[k] = f(x[k]);
        }
      }
    }
  }
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (fx[k] < fx[best]) best = k;
  return x[best];
}

}  // namespace

double BassFit::peak_time() const {
  return q > p ? std::log(q / p) / (p + q) : 0.0;
}

double bass_cumulative(double p, double q, double m, double t) {
  const double e = std::exp(-(p + q) * t);
  return m * (1 - e) / (1 + (q / p) * e);
}

BassFit fit_bass(std::span<const double> t, std::span<const double> y) {
  const double last = y.empty() ? 0.0 : y.back();
  if (t.size() < 3 || !(last > 0)) return {};
  auto sse = [&](const Point& x) {
    const double p = std::exp(x[0]), q = std::exp(x[1]), m = std::exp(x[2]);
    if (!std::isfinite(p) || !std::isfinite(q) || !std::isfinite(m))
      return std::numeric_limits<double>::infinity();
    double s = 0;
    for (std::size_t k = 0; k < t.size(); ++k) {
      const double r = bass_cumulative(p, q, m, t[k]) - y[k];
      s += r * r;
    }
    return s;
  };
  // Starts: the early adoption rate as p, several q/p ratios, m from the last value upwards.
  const double horizon = t.back() > 0 ? t.back() : 1.0;
  Point best{};
  double best_sse = std::numeric_limits<double>::infinity();
  for (const double ratio : {0.5, 3.0, 10.0, 30.0, 100.0})
    for (const double scale : {1.05, 1.5, 3.0}) {
      const double m = last * scale;
      const double p = std::max(
          1e-9, std::min(0.5, y[std::min<std::size_t>(2, y.size() - 1)] /
                                  (m * std::max(t[std::min<std::size_t>(2, t.size() - 1)], 1e-9))));
      const double q = std::max(p * ratio, 1.0 / horizon);
      Point x = {std::log(p), std::log(q), std::log(m)};
      for (int round = 0; round < 3; ++round) x = nelder_mead(sse, x, 0.3, 600);
      const double s = sse(x);
      if (s < best_sse) best_sse = s, best = x;
    }
  BassFit fit;
  fit.p = std::exp(best[0]);
  fit.q = std::exp(best[1]);
  fit.m = std::exp(best[2]);
  fit.rmse = std::sqrt(best_sse / static_cast<double>(t.size()));
  return fit;
}

}  // namespace hearsay::models::wom::calibration
