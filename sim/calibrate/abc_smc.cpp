// ABC-SMC: the prior population, proposals from the previous one through a Gaussian kernel,
// acceptance under a tolerance, importance weights, the adaptive tolerance and the stopping rule.
#include "sim/calibrate/abc_smc.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "sim/core/rng.hpp"

namespace hearsay::calibrate {
namespace {

// Identities that separate the calibration's streams from each other and from the runs'.
constexpr std::uint64_t proposal_stream = 0xab5c0001;
constexpr std::uint64_t run_seed_stream = 0xab5c0002;
// Proposals outside the prior's support are drawn again, at most this many times.
constexpr int max_redraws = 1000;

/// Lower-triangular L with L L^T = a (k x k, row-major); a tiny ridge when `a` is singular (a
/// population that collapsed onto one value in some direction).
std::vector<double> cholesky(std::vector<double> a, std::size_t k) {
  double largest = 0;
  for (std::size_t i = 0; i < k; ++i) largest = std::max(largest, a[i * k + i]);
  for (int attempt = 0;; ++attempt) {
    std::vector<double> l(k * k, 0.0);
    bool ok = true;
    for (std::size_t i = 0; i < k && ok; ++i)
      for (std::size_t j = 0; j <= i; ++j) {
        double sum = a[i * k + j];
        for (std::size_t m = 0; m < j; ++m) sum -= l[i * k + m] * l[j * k + m];
        if (i == j) {
          if (!(sum > 0)) {
            ok = false;
            break;
          }
          l[i * k + i] = std::sqrt(sum);
        } else {
          l[i * k + j] = sum / l[j * k + j];
        }
      }
    if (ok || attempt > 40) return l;
    const double ridge = (largest > 0 ? largest : 1.0) * 1e-12 * std::pow(10.0, attempt);
    for (std::size_t i = 0; i < k; ++i) a[i * k + i] += ridge;
  }
}

/// The kernel: covariance twice the population's weighted covariance (Beaumont et al. 2009),
/// held as its Cholesky factor.
struct Kernel {
  std::size_t k = 0;
  std::vector<double> chol;

  explicit Kernel(const Generation& g) : k(g.dims) {
    const std::size_t n = g.weights.size();
    std::vector<double> mean(k, 0.0), cov(k * k, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t a = 0; a < k; ++a) mean[a] += g.weights[i] * g.particles[i * k + a];
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t a = 0; a < k; ++a)
        for (std::size_t b = 0; b < k; ++b)
          cov[a * k + b] += g.weights[i] * (g.particles[i * k + a] - mean[a]) *
                            (g.particles[i * k + b] - mean[b]);
    for (double& c : cov) c *= 2;
    chol = cholesky(cov, k);
  }

  /// exp(-|L^-1 x|^2 / 2): the Gaussian density up to its constant, which weights cancel.
  double density(const double* x) const {
    std::vector<double> z(k);
    double q = 0;
    for (std::size_t i = 0; i < k; ++i) {
      double s = x[i];
      for (std::size_t m = 0; m < i; ++m) s -= chol[i * k + m] * z[m];
      z[i] = s / chol[i * k + i];
      q += z[i] * z[i];
    }
    return std::exp(-0.5 * q);
  }
};

double quantile_of(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double h = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

}  // namespace

std::string to_string(StopReason reason) {
  switch (reason) {
    case StopReason::none:
      return "";
    case StopReason::generations:
      return "generations";
    case StopReason::acceptance:
      return "acceptance";
    case StopReason::tolerance:
      return "tolerance";
  }
  return "";
}

AbcSmc::AbcSmc(std::vector<design::Distribution> priors, AbcSettings settings)
    : priors_(std::move(priors)), settings_(settings) {}

double AbcSmc::prior_density(const std::vector<double>& theta) const {
  double p = 1;
  for (std::size_t i = 0; i < priors_.size(); ++i) p *= design::density(priors_[i], theta[i]);
  return p;
}

std::uint32_t AbcSmc::seed_index(unsigned t, std::uint64_t c) const {
  return static_cast<std::uint32_t>(derive_seed(settings_.seed, run_seed_stream, t, c));
}

double AbcSmc::next_tolerance(const Generation& g) const {
  return quantile_of(g.distances, settings_.quantile);
}

StopReason AbcSmc::stop_reason(const std::vector<Generation>& done) const {
  if (done.size() >= settings_.generations) return StopReason::generations;
  const Generation& last = done.back();
  if (done.size() > 1 && static_cast<double>(last.accepted) <
                             settings_.min_acceptance * static_cast<double>(last.proposed))
    return StopReason::acceptance;
  const double next = next_tolerance(last);
  if (std::isfinite(last.tolerance) &&
      !(last.tolerance - next > settings_.min_tolerance_change * last.tolerance))
    return StopReason::tolerance;
  return StopReason::none;
}

std::optional<Generation> AbcSmc::generation(unsigned t, const Generation* previous,
                                             const Simulate& simulate, bool* gave_up) const {
  const std::size_t k = priors_.size(), n = settings_.particles;
  Generation g;
  g.dims = k;
  g.tolerance =
      previous == nullptr ? std::numeric_limits<double>::infinity() : next_tolerance(*previous);
  std::optional<Kernel> kernel;
  std::vector<double> cumulative;
  if (previous != nullptr) {
    kernel.emplace(*previous);
    double sum = 0;
    for (double w : previous->weights) cumulative.push_back(sum += w);
  }
  // Candidate c: a draw from the prior, or a particle of the previous generation (chosen by
  // weight) moved by the kernel, redrawn while it falls outside the prior's support.
  auto propose = [&](std::uint64_t c, std::vector<double>& theta) {
    RandomStream rng(derive_seed(settings_.seed, proposal_stream, t, c), 0);
    boost::random::uniform_01<double> uniform;
    boost::random::normal_distribution<double> normal;
    theta.assign(k, 0.0);
    if (previous == nullptr) {
      for (std::size_t i = 0; i < k; ++i) {
        double u = uniform(rng);
        while (u <= 0) u = uniform(rng);
        theta[i] = design::quantile(priors_[i], u);
      }
      return true;
    }
    for (int attempt = 0; attempt < max_redraws; ++attempt) {
      const double u = uniform(rng) * cumulative.back();
      const auto j = static_cast<std::size_t>(std::min<std::ptrdiff_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(),
          static_cast<std::ptrdiff_t>(cumulative.size() - 1)));
      std::vector<double> z(k);
      for (double& x : z) x = normal(rng);
      for (std::size_t i = 0; i < k; ++i) {
        double step = 0;
        for (std::size_t m = 0; m <= i; ++m) step += kernel->chol[i * k + m] * z[m];
        theta[i] = previous->particles[j * k + i] + step;
      }
      if (prior_density(theta) > 0) return true;
    }
    return false;
  };

  // Batches of candidates are simulated together; their size follows the acceptance so far (at
  // first the previous generation's, which the falling tolerance usually makes an overestimate:
  // then a smaller batch follows), but acceptance goes in candidate order, so the batch sizes
  // change only the work wasted, never the result.
  const double give_up_after = std::ceil(static_cast<double>(n) / settings_.min_acceptance);
  std::uint64_t next = 0;
  while (g.accepted < n) {
    const std::uint64_t remaining = n - g.accepted;
    const double rate = g.proposed > 0 && g.accepted > 0
                            ? static_cast<double>(g.accepted) / static_cast<double>(g.proposed)
                            : (previous != nullptr && previous->proposed > 0
                                   ? static_cast<double>(previous->accepted) /
                                         static_cast<double>(previous->proposed)
                                   : 1.0);
    const auto batch = static_cast<std::uint64_t>(
        std::clamp(std::ceil(static_cast<double>(remaining) / std::max(rate, 1e-3) * 1.1), 16.0,
                   static_cast<double>(20 * n)));
    std::vector<std::uint64_t> indices;
    std::vector<std::vector<double>> rows;
    for (std::uint64_t c = next; c < next + batch; ++c) {
      std::vector<double> theta;
      if (propose(c, theta)) {
        indices.push_back(c);
        rows.push_back(std::move(theta));
      }
    }
    next += batch;
    if (rows.empty()) continue;
    const std::optional<std::vector<double>> distances = simulate(t, indices, rows);
    if (!distances) return std::nullopt;
    g.simulated += rows.size();
    for (std::size_t i = 0; i < rows.size() && g.accepted < n; ++i) {
      ++g.proposed;
      const double d = (*distances)[i];
      if (std::isfinite(d) && d <= g.tolerance) {
        ++g.accepted;
        g.particles.insert(g.particles.end(), rows[i].begin(), rows[i].end());
        g.distances.push_back(d);
      }
      if (static_cast<double>(g.proposed) >= give_up_after && g.accepted < n) {
        if (gave_up != nullptr) *gave_up = true;
        return std::nullopt;
      }
    }
  }

  // Weights: uniform from the prior; else prior(theta) / sum_j w_j K(theta | theta_j).
  g.weights.assign(n, 1.0 / static_cast<double>(n));
  if (previous != nullptr) {
    double total = 0;
    std::vector<double> diff(k);
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<double> theta(g.particles.begin() + static_cast<std::ptrdiff_t>(i * k),
                                g.particles.begin() + static_cast<std::ptrdiff_t>((i + 1) * k));
      double mix = 0;
      for (std::size_t j = 0; j < previous->weights.size(); ++j) {
        for (std::size_t a = 0; a < k; ++a) diff[a] = theta[a] - previous->particles[j * k + a];
        mix += previous->weights[j] * kernel->density(diff.data());
      }
      g.weights[i] = mix > 0 ? prior_density(theta) / mix : 0;
      total += g.weights[i];
    }
    for (double& w : g.weights) w = total > 0 ? w / total : 1.0 / static_cast<double>(n);
  }
  return g;
}

}  // namespace hearsay::calibrate
