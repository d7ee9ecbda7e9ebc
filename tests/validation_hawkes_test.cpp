// Hawkes cascades against branching-process theory and the SEISMIC kernel's exact CDF.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "model_support.hpp"
#include "models/hawkes/hawkes.hpp"
#include "sim/core/rng.hpp"

namespace {

using hearsay::NodeId;
using hearsay::ParamValues;
using hearsay::RunOutput;
using hearsay::Time;
namespace hawkes = hearsay::models::hawkes;

constexpr std::uint64_t master_seed = 20240611;

/// Kolmogorov-Smirnov distance between a sample and a CDF.
template <class Cdf>
double ks_distance(std::vector<double> xs, Cdf cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

/// P(sqrt(n) D_n > 1.949) = 0.001 for large n (Kolmogorov distribution; Smirnov 1948 tables).
constexpr double ks_critical_001 = 1.949;

/// Borel distribution: total progeny of a Galton-Watson tree with Poisson(n) offspring (Borel
/// 1942): P(k) = e^{-nk} (nk)^{k-1} / k!.
double borel_pmf(double n, int k) {
  return std::exp(-n * k + (k - 1) * std::log(n * k) - std::lgamma(k + 1.0));
}

}  // namespace

TEST_CASE("hawkes: Poisson(0.5) branching gives mean size 2, variance 4, P(size=1) = e^-0.5",
          "[validation][hawkes]") {
  // Total progeny of a Galton-Watson process with Poisson(n) offspring from one ancestor is
  // Borel(n): mean 1/(1-n) = 2, variance n/(1-n)^3 = 4, P(1) = e^-n = 0.6065 (Harris 1963,
  // The Theory of Branching Processes; Borel 1942). With an Exp(1) kernel, E N(t) solves the
  // renewal equation m = 1 + n g * m: m(t) = 1 + n/(1-n) (1 - e^{-(1-n) t}), so m(1) = 1.3935
  // and m(3) = 1.7769 (Hawkes & Oakes 1974).
  const auto& model = hawkes::entry();
  const ParamValues params =
      hearsay::testing::params_with(model.info, {{"branching_ratio", 0.5}, {"kernel_rate", 1.0}});
  // Samples at 0, 1, 2, ... 200 d. A cascade still alive at 200 d needs a chain of reshares
  // whose Exp(1) delays add up to 200: the chance is far below 1e-30, so size = total_events.
  const auto grid = hearsay::make_time_grid(200, 1);
  const int runs = 100000;
  std::vector<double> size, by1, by3;
  int singles = 0;
  double censored = 0;
  const long total = hearsay::testing::metric_index(model.info.summaries, "total_events");
  const long cens = hearsay::testing::metric_index(model.info.summaries, "censored_events");
  for (int r = 0; r < runs; ++r) {
    const RunOutput out = hearsay::testing::run_once(model, nullptr, params, {0}, grid,
                                                     hearsay::derive_seed(master_seed, 1, r));
    REQUIRE(out.status == hearsay::RunStatus::done);
    size.push_back(out.summary[total]);
    censored += out.summary[cens];
    singles += out.summary[total] == 1.0;
    by1.push_back(out.series[1]);
    by3.push_back(out.series[3]);
  }
  CHECK(censored == 0);
  const double r = runs;

  const auto [mean, sd] = hearsay::testing::mean_sd(size);
  INFO("size: mean " << mean << " sd " << sd << " over " << runs << " cascades");
  CHECK(std::abs(mean - 2.0) <= 4 * sd / std::sqrt(r));

  // The sample variance's own sd is sqrt((mu4 - sigma^4) / R) to first order; mu4 is the exact
  // fourth central moment of Borel(0.5), summed from its pmf (the tail beyond 3000 is < 1e-200).
  double mu4 = 0;
  for (int k = 1; k <= 3000; ++k) mu4 += borel_pmf(0.5, k) * std::pow(k - 2.0, 4);
  const double variance = sd * sd;
  INFO("variance " << variance << ", mu4 " << mu4);
  CHECK(std::abs(variance - 4.0) <= 4 * std::sqrt((mu4 - 16.0) / r));

  const double p1 = singles / r;
  const double p1_theory = std::exp(-0.5);
  INFO("P(size = 1) " << p1);
  CHECK(std::abs(p1 - p1_theory) <= 4 * std::sqrt(p1_theory * (1 - p1_theory) / r));

  const auto [m1, sd1] = hearsay::testing::mean_sd(by1);
  INFO("events by t = 1: mean " << m1 << " sd " << sd1);
  CHECK(std::abs(m1 - (1 + 1 * (1 - std::exp(-0.5)))) <= 4 * sd1 / std::sqrt(r));
  const auto [m3, sd3] = hearsay::testing::mean_sd(by3);
  INFO("events by t = 3: mean " << m3 << " sd " << sd3);
  CHECK(std::abs(m3 - (1 + 1 * (1 - std::exp(-1.5)))) <= 4 * sd3 / std::sqrt(r));
}

TEST_CASE("hawkes: power-law kernel sampler matches the SEISMIC CDF (Zhao et al. 2015)",
          "[validation][hawkes]") {
  const Time s0 = 5.0 / 1440.0;
  const double theta = 0.242;
  // Closed form: continuous at the plateau, F(s0) = theta / (1 + theta).
  CHECK(hawkes::power_law_cdf(s0, s0, theta) == Approx(theta / (1 + theta)));
  CHECK(hawkes::power_law_cdf(0.5 * s0, s0, theta) == Approx(0.5 * theta / (1 + theta)));
  for (double u : {0.0, 0.05, 0.1948, 0.1949, 0.5, 0.9, 0.999999})
    CHECK(hawkes::power_law_cdf(hawkes::power_law_quantile(u, s0, theta), s0, theta) ==
          Approx(u).margin(1e-12));

  // Sampler through the model's own draw function.
  hawkes::Params params;
  params.kernel = hawkes::Params::Kernel::power_law;
  params.plateau = s0;
  params.theta = theta;
  hearsay::RandomStream rng(hearsay::derive_seed(master_seed, 2), 0);
  const int n = 20000;
  std::vector<double> delays(n);
  for (double& d : delays) d = hawkes::draw_delay(params, rng);
  const double d =
      ks_distance(delays, [&](double t) { return hawkes::power_law_cdf(t, s0, theta); });
  INFO("KS distance " << d << " over " << n << " draws");
  CHECK(d <= ks_critical_001 / std::sqrt(n));
}

TEST_CASE("hawkes: reshare delays in a power-law run follow the kernel", "[validation][hawkes]") {
  // The delays between each event and its parent in a run, against the exact CDF. Reshares
  // later than the horizon (1e9 d) are never seen: P(delay > T) = (T/s0)^-theta / (1+theta)
  // = 1.5e-3 at T = 1e9 d, so the observed sample is the kernel conditioned on being below T,
  // whose CDF differs from F by at most that much: it is the finite-horizon allowance.
  const auto& model = hawkes::entry();
  const ParamValues params = hearsay::testing::params_with(
      model.info, {{"branching_ratio", 0.5}, {"kernel", std::string("power_law")}});
  const Time horizon = 1e9;
  const auto grid = hearsay::make_time_grid(horizon, horizon);
  std::vector<NodeId> seeds(20000);
  std::iota(seeds.begin(), seeds.end(), NodeId{0});

  const hawkes::Params p = hawkes::declared_params().read(params);
  hearsay::Scheduler scheduler(hearsay::derive_seed(master_seed, 3));
  hawkes::Model m(p, p.max_events);
  m.seed(seeds, scheduler);
  hearsay::Engine engine(m, scheduler);
  std::vector<double> series;
  engine.run(grid, series, 1);

  std::vector<double> delays;
  const auto parents = m.parents();
  const auto times = m.times();
  for (NodeId id = 0; id < m.created(); ++id) {
    if (!m.happened(id) || parents[id] == hearsay::no_parent) continue;
    CHECK(parents[id] < id);  // ids in creation order
    delays.push_back(times[id] - times[parents[id]]);
  }
  const double tail = std::pow(horizon / p.plateau, -p.theta) / (1 + p.theta);
  const double d =
      ks_distance(delays, [&](double t) { return hawkes::power_law_cdf(t, p.plateau, p.theta); });
  INFO("KS distance " << d << " over " << delays.size() << " reshares; horizon allowance " << tail);
  CHECK(delays.size() > 15000);
  CHECK(d <= ks_critical_001 / std::sqrt(static_cast<double>(delays.size())) + tail);
  CHECK(m.generations() >= 3);

  const hearsay::CascadeShape shape = hearsay::cascade_shape(m.cascade());
  CHECK(shape.size == m.events());
  CHECK(shape.roots == seeds.size());
  CHECK(shape.depth == m.generations());
}

TEST_CASE("hawkes: a supercritical cascade stops at max_events and says so", "[hawkes]") {
  const auto& model = hawkes::entry();
  const ParamValues params =
      hearsay::testing::params_with(model.info, {{"branching_ratio", 2.0}, {"max_events", 1000.0}});
  const auto grid = hearsay::make_time_grid(100, 1);
  const RunOutput out = hearsay::testing::run_once(model, nullptr, params, {0}, grid,
                                                   hearsay::derive_seed(master_seed, 4));
  const long total = hearsay::testing::metric_index(model.info.summaries, "total_events");
  CHECK(out.status == hearsay::RunStatus::truncated);
  CHECK(out.summary[total] <= 1000);
  CHECK(std::isnan(out.series.back()));
  CHECK(out.series[0] == 1);  // the immigrant at t = 0, long before any reshare was dropped
}

TEST_CASE("hawkes: zero branching ratio leaves the immigrants alone", "[hawkes]") {
  const auto& model = hawkes::entry();
  const ParamValues params = hearsay::testing::params_with(model.info, {{"branching_ratio", 0.0}});
  const auto grid = hearsay::make_time_grid(10, 1);
  const RunOutput out = hearsay::testing::run_once(model, nullptr, params, {0, 1, 2}, grid,
                                                   hearsay::derive_seed(master_seed, 5));
  CHECK(out.status == hearsay::RunStatus::done);
  CHECK(out.summary[0] == 3);
  CHECK(out.summary[1] == 0);
  CHECK(out.series.back() == 3);
}
