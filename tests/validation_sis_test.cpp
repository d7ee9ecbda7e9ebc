// Validation of the sis model: quasi-stationary prevalence on the complete graph, exact averages.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "model_support.hpp"
#include "models/sis/sis.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

namespace hearsay {
namespace {

namespace sis = models::sis;

constexpr std::uint64_t master_seed = 19710401;

Network complete_graph(NodeId nodes) {
  ParamValues values;
  values.set("nodes", static_cast<double>(nodes));
  RandomStream unused(master_seed, StreamPurpose::network);  // K_N draws nothing
  return generate_network("complete", values, unused);
}

/// Counts infections and recoveries and keeps the infected count's change times.
struct Changes {
  struct Step {
    Time time;
    int delta;
  };
  std::vector<Step>* steps;
  void on_event(const Event& event, bool changed) {
    if (!changed) return;
    REQUIRE(event.priority() != sis::Model::contact);  // contacts never count as changes
    steps->push_back({event.time, event.priority() == sis::Model::infection ? +1 : -1});
  }
};

}  // namespace

TEST_CASE("sis: complete graph with R0 = 2 settles at quasi-stationary prevalence 1 - 1/R0 = .50",
          "[validation][sis]") {
  // Logistic SIS (Weiss & Dishon 1971): k infected of N, infection rate beta k (N - k), recovery
  // gamma k; R0 = beta (N - 1) / gamma. Mean-field equilibrium prevalence 1 - 1/R0 = .50.
  constexpr NodeId N = 1000;
  constexpr double gamma = 1.0;
  constexpr double R0 = 2.0;
  constexpr double target = 0.50;
  constexpr int R = 50;
  constexpr double horizon = 40;  // d; the average covers [20, 40]
  // Burn-in: the prevalence relaxes at rate gamma (R0 - 1) = 1/d, so after 20 d the start (10%
  // infected) is forgotten to e^-20. Extinction from the quasi-stationary state takes ~
  // exp(N (ln R0 - 1 + 1/R0)) ~ e^193 d (Nasell 1996): never within the horizon.
  //
  // Finite-N allowance. At quasi-stationarity E[dk/dt] = 0 gives m (beta N - gamma) =
  // beta (m^2 + Var k), so m = N - gamma / beta - Var/m; with Var ~ N / R0 (Nasell 1996) the
  // mean fraction is 1 - 1/R0 - 1/(2N) + O(1/N^2) for R0 = 2. The exact quasi-stationary law
  // (eigenvector of the chain absorbed at 0) gives N (mean - .5) = -0.52, -0.51, -0.50, -0.50 for
  // N = 200, 500, 1000, 2000. Allow 1/N.
  const double finite_n = 1.0 / N;

  const Network network = complete_graph(N);
  const ModelEntry& model = sis::entry();
  REQUIRE(model.info.name == "sis");
  const ParamValues params =
      testing::params_with(model.info, {{"beta", R0 * gamma / (N - 1)}, {"gamma", gamma}});
  std::vector<NodeId> seeds;
  for (NodeId v = 0; v < N; v += 10) seeds.push_back(v);
  const TimeGrid grid = make_time_grid(horizon, 1);
  const auto late =
      static_cast<std::size_t>(testing::metric_index(model.info.summaries, "mean_prevalence_late"));
  const auto extinction =
      static_cast<std::size_t>(testing::metric_index(model.info.summaries, "extinction_time"));

  std::vector<double> prevalence;
  for (int r = 0; r < R; ++r) {
    const RunOutput out =
        testing::run_once(model, &network, params, seeds, grid, derive_seed(master_seed, 1, r));
    REQUIRE(out.status == RunStatus::done);
    CHECK(std::isnan(out.summary[extinction]));  // still endemic at the horizon
    prevalence.push_back(out.summary[late]);
  }
  const auto [mean, sd] = testing::mean_sd(prevalence);
  const double tolerance = 4 * sd / std::sqrt(R) + finite_n;
  INFO("prevalence: mean " << mean << " sd " << sd << " R " << R << " tolerance " << tolerance);
  CHECK(std::abs(mean - target) <= tolerance);
}

TEST_CASE("sis: late prevalence is the exact integral of the infected count between events",
          "[sis]") {
  // Recompute the time average from the event log (an independent integration) and compare.
  constexpr NodeId N = 200;
  constexpr double horizon = 30;
  const Network network = complete_graph(N);
  const sis::Params params{.beta = 1.5 / (N - 1), .gamma = 1.0};
  const std::uint64_t seed = derive_seed(master_seed, 2);
  Scheduler scheduler(seed);
  sis::Model model(network, params, horizon);
  const std::vector<NodeId> seeds = {0, 1, 2, 3, 4};
  model.seed(seeds, scheduler);
  std::vector<Changes::Step> steps;
  Engine<sis::Model, Changes> engine(model, scheduler, Changes{&steps});
  std::vector<double> series;
  const TimeGrid grid = make_time_grid(horizon, 1);
  const EngineResult result = engine.run(grid, series, 2);
  REQUIRE(result.status == RunStatus::done);
  REQUIRE(model.infected_now() > 0);

  double area = 0;
  double infected = 0;
  Time last = horizon / 2;
  for (const Changes::Step& step : steps) {
    if (step.time > horizon / 2) {
      area += infected * (step.time - last);
      last = step.time;
    }
    infected += step.delta;
  }
  area += infected * (horizon - last);
  const double expected = area / (horizon / 2) / N;
  CHECK(model.mean_prevalence_late() == Approx(expected).epsilon(1e-12));
  CHECK(infected == static_cast<double>(model.infected_now()));
  // Counted events are exactly the infections and recoveries.
  const auto infections = static_cast<std::uint64_t>(
      std::count_if(steps.begin(), steps.end(), [](const auto& s) { return s.delta > 0; }));
  CHECK(infections == model.infections());
  CHECK(result.events == steps.size());
  CHECK(result.popped > result.events);  // contacts were handled but not counted
  // The sampled series agrees with the log at each sampling time.
  for (std::size_t k = 0; k < grid.times.size(); ++k) {
    double at_k = 0;
    for (const Changes::Step& step : steps)
      if (step.time <= grid.times[k]) at_k += step.delta;
    CHECK(series[grid.times.size() + k] == at_k);
    CHECK(series[k] == N - at_k);
  }
}

TEST_CASE("sis: below threshold the infection dies out and the extinction time is recorded",
          "[sis]") {
  constexpr NodeId N = 200;
  const Network network = complete_graph(N);
  const ModelEntry& model = sis::entry();
  const ParamValues params =
      testing::params_with(model.info, {{"beta", 0.5 / (N - 1)}, {"gamma", 1.0}});
  const TimeGrid grid = make_time_grid(200, 10);
  const auto extinction =
      static_cast<std::size_t>(testing::metric_index(model.info.summaries, "extinction_time"));
  const auto late =
      static_cast<std::size_t>(testing::metric_index(model.info.summaries, "mean_prevalence_late"));
  const RunOutput out = testing::run_once(model, &network, params, {0, 1, 2, 3, 4, 5, 6, 7}, grid,
                                          derive_seed(master_seed, 3));
  // R0 = 0.5: the expected total infected time is 8 / (gamma (1 - R0)) = 16 agent-days, so
  // extinction comes within days; surviving to 200 d has probability ~ e^-gamma (1 - R0) 200.
  REQUIRE(out.status == RunStatus::done);
  const double t_ext = out.summary[extinction];
  CHECK(t_ext > 0);
  CHECK(t_ext < 200);
  CHECK(out.summary[late] == 0);
  CHECK(out.series[grid.times.size() + grid.times.size() - 1] == 0);  // infected at the end
  // A run without seeds never had an infection: extinct from the start.
  const RunOutput none = testing::run_once(model, &network, params, {}, grid, 1);
  CHECK(none.summary[extinction] == 0);
  CHECK(none.events == 0);
}

}  // namespace hearsay
