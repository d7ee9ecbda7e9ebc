// Calibration: the observed-data reader and its errors, prior densities, the distance, the
// `calibrate:` section, and ABC-SMC on a model whose posterior is known in closed form.
#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/calibrate/abc_smc.hpp"
#include "sim/calibrate/distance.hpp"
#include "sim/calibrate/observed_data.hpp"
#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/scenario/calibration.hpp"
#include "temp_path.hpp"

using namespace hearsay;
using calibrate::WantedColumn;
using testing::TempPath;

namespace {

std::string write_file(const TempPath& path, const std::string& text) {
  std::ofstream(path.str()) << text;
  return path.str();
}

/// The message read_observed gives for `text` (empty if it reads).
std::string observed_error(const std::string& text,
                           const std::vector<WantedColumn>& wanted = {{{"adopters"}}}) {
  const TempPath path(".csv");
  write_file(path, text);
  try {
    calibrate::read_observed(path.str(), wanted);
  } catch (const DataFileError& e) {
    const std::string message = e.what();
    CHECK(message.rfind(path.str(), 0) == 0);  // it names the file first
    return message.substr(path.str().size());
  }
  return {};
}

}  // namespace

TEST_CASE("calibrate: observed data read with comments, any column order and missing cells",
          "[calibrate]") {
  const TempPath path(".csv");
  write_file(path, "# yearly sales\nadopters, time\n10,0\n,365\n30.5,730\n");
  const calibrate::ObservedData data = calibrate::read_observed(path.str(), {{{"adopters"}}});
  CHECK(data.times == std::vector<double>{0, 365, 730});
  REQUIRE(data.values.size() == 1);
  CHECK(data.values[0][0] == 10);
  CHECK(std::isnan(data.values[0][1]));
  CHECK(data.values[0][2] == 30.5);
  CHECK(data.columns == std::vector<std::string>{"adopters"});
}

TEST_CASE("calibrate: bad observed data names the file, line and column and says how to fix it",
          "[calibrate]") {
  CHECK(observed_error("") ==
        ": the file is empty; write a header 'time,adopters' and one row "
        "per observation");
  CHECK(observed_error("# only a comment\n").find("the file is empty") != std::string::npos);
  CHECK(observed_error("day,adopters\n0,1\n") ==
        ":1:1: column 'day' is not a matched metric; "
        "name the columns after calibrate.match: a "
        "header 'time,adopters' (or remove the column)");
  CHECK(observed_error("adopters\n1\n") ==
        ":1:1: the header has no 'time' column; start the file with a header 'time,adopters' "
        "(time in days since the start)");
  CHECK(observed_error("time,adopter\n0,1\n")
            .find(":1:6: column 'adopter' is not a matched "
                  "metric (did you mean 'adopters'?)") == 0);
  CHECK(observed_error("time\n0\n").find(":1:1: no column for the matched metric 'adopters'") == 0);
  CHECK(observed_error("time,adopters\n0,1\n1,many\n") ==
        ":3:3: 'many' in column adopters is not a number; write a plain number (e.g. 120 or "
        "1.5e3), or leave the cell empty for a missing value");
  CHECK(observed_error("time,adopters\nsoon,1\n")
            .find(":2:1: 'soon' in column time is not a "
                  "number") == 0);
  CHECK(observed_error("time,adopters\n0,1\n5,2\n5,3\n") ==
        ":4:1: time 5 does not come after the previous row's 5; sort the rows by time, each time "
        "once");
  CHECK(observed_error("time,adopters\n3,1\n2,2\n").find(":3:1: time 2 does not come after") == 0);
  CHECK(observed_error("time,adopters\n-1,1\n").find(":2:1: time -1 is before the start") == 0);
  CHECK(observed_error("time,adopters\n0,1,2\n").find(":2:5: 3 cells where the header has 2") == 0);
  CHECK(observed_error("time,adopters\n0\n").find(":2:2: 1 cells where the header has 2") == 0);
  CHECK(observed_error("time,adopters\n").find(":1:1: the file has a header but no rows") == 0);
  CHECK(observed_error("time,adopters,adopters\n")
            .find(":1:15: column 'adopters' appears "
                  "twice") == 0);
}

TEST_CASE("calibrate: prior densities integrate to one and vanish outside the support",
          "[calibrate]") {
  using design::Distribution;
  const std::vector<Distribution> priors = {
      {.kind = Distribution::Kind::uniform, .args = {0.2, 0.7}},
      {.kind = Distribution::Kind::loguniform, .args = {0.01, 1}},
      {.kind = Distribution::Kind::triangular, .args = {0, 0.3, 1}},
      {.kind = Distribution::Kind::normal, .args = {0.5, 0.2}, .lower = 0, .upper = 1}};
  for (const Distribution& d : priors) {
    // Midpoint rule over [-0.5, 1.5] in 4e5 steps: error far below 1e-3 for these densities.
    const int steps = 400000;
    double total = 0;
    for (int i = 0; i < steps; ++i) total += design::density(d, -0.5 + (i + 0.5) * 2.0 / steps);
    CHECK(total * 2.0 / steps == Approx(1).margin(1e-3));
    CHECK(design::density(d, -0.01) == 0);
    CHECK(design::density(d, 1.01) == 0);
  }
}

TEST_CASE("calibrate: the distance interpolates at observed times and scales each column",
          "[calibrate]") {
  const std::vector<double> grid = {0, 10, 20};
  const std::vector<double> series = {0, 100, 300};
  CHECK(calibrate::interpolate(grid, series, 5) == 50);
  CHECK(calibrate::interpolate(grid, series, 15) == 200);
  CHECK(calibrate::interpolate(grid, series, 20) == 300);
  calibrate::ObservedData data;
  data.times = {5, 15};
  data.values = {{50, 250}};  // sd 100
  const calibrate::Distance distance(data);
  CHECK(distance.scales()[0] == 100);
  const std::vector<std::span<const double>> simulated = {series};
  // Residuals 0 and -50 (scaled -0.5): sqrt((0 + 0.25) / 2).
  CHECK(distance(grid, simulated) == Approx(std::sqrt(0.125)));
}

namespace {

/// Normal data with known sd 1: the summary is the mean of `n` draws around theta, drawn from
/// the candidate's own stream; the distance is |mean - observed mean|.
calibrate::Simulate normal_mean_model(double observed_mean, std::size_t n, std::uint64_t seed) {
  return [=](unsigned t, const std::vector<std::uint64_t>& indices,
             const std::vector<std::vector<double>>& rows) {
    std::vector<double> d;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      RandomStream rng(derive_seed(seed, t, indices[i]), 7);
      boost::random::normal_distribution<double> normal(rows[i][0], 1.0);
      double sum = 0;
      for (std::size_t j = 0; j < n; ++j) sum += normal(rng);
      d.push_back(std::abs(sum / static_cast<double>(n) - observed_mean));
    }
    return std::optional<std::vector<double>>(d);
  };
}

std::vector<calibrate::Generation> run_abc(const calibrate::AbcSmc& abc,
                                           const calibrate::Simulate& simulate) {
  std::vector<calibrate::Generation> done;
  for (unsigned t = 0;; ++t) {
    auto g = abc.generation(t, done.empty() ? nullptr : &done.back(), simulate);
    REQUIRE(g);
    done.push_back(*g);
    if (abc.stop_reason(done) != calibrate::StopReason::none) return done;
  }
}

}  // namespace

TEST_CASE("calibrate: ABC-SMC finds the posterior of a normal mean (conjugate closed form)",
          "[calibrate][validation]") {
  // Flat prior on [-5, 5], n = 25 draws of sd 1 with mean 1.3: the posterior is N(1.3, 1/25)
  // (truncation negligible). ABC at tolerance eps adds at most eps to |error| of the mean and
  // widens the sd to sqrt(0.04 + eps^2/3); 1000 particles give the mean to about 0.2 / sqrt(ESS).
  using design::Distribution;
  calibrate::AbcSettings settings;
  settings.particles = 1000;
  settings.generations = 8;
  settings.seed = 42;
  const calibrate::AbcSmc abc({{.kind = Distribution::Kind::uniform, .args = {-5, 5}}}, settings);
  const auto done = run_abc(abc, normal_mean_model(1.3, 25, 7));
  const calibrate::Generation& last = done.back();
  double mean = 0, square = 0, ess = 0;
  for (std::size_t i = 0; i < last.weights.size(); ++i) {
    mean += last.weights[i] * last.particles[i];
    ess += last.weights[i] * last.weights[i];
  }
  ess = 1 / ess;
  for (std::size_t i = 0; i < last.weights.size(); ++i)
    square += last.weights[i] * (last.particles[i] - mean) * (last.particles[i] - mean);
  const double eps = last.tolerance;
  CHECK(eps < 0.1);
  CHECK(ess > 200);
  // Four standard errors of the weighted mean, plus the bias the tolerance may add.
  CHECK(std::abs(mean - 1.3) < 4 * std::sqrt(0.04 + eps * eps) / std::sqrt(ess) + eps);
  // The sd within 25%: 4 standard errors of an sd estimate from ESS >= 200 draws is 20%.
  CHECK(std::sqrt(square) == Approx(std::sqrt(0.04 + eps * eps / 3)).epsilon(0.25));
  // Tolerances fall; the weights are normalised.
  for (std::size_t t = 1; t < done.size(); ++t) {
    CHECK(done[t].tolerance < done[t - 1].tolerance);
    CHECK(std::accumulate(done[t].weights.begin(), done[t].weights.end(), 0.0) ==
          Approx(1).margin(1e-12));
  }
}

TEST_CASE("calibrate: ABC-SMC is a pure function of the seed, generation by generation",
          "[calibrate]") {
  using design::Distribution;
  calibrate::AbcSettings settings;
  settings.particles = 200;
  settings.generations = 4;
  settings.seed = 5;
  const calibrate::AbcSmc abc({{.kind = Distribution::Kind::uniform, .args = {-5, 5}},
                               {.kind = Distribution::Kind::loguniform, .args = {0.1, 10}}},
                              settings);
  const calibrate::Simulate two = [](unsigned, const std::vector<std::uint64_t>&,
                                     const std::vector<std::vector<double>>& rows) {
    std::vector<double> d;
    for (const auto& r : rows) d.push_back(std::hypot(r[0] - 1, std::log(r[1])));
    return std::optional<std::vector<double>>(d);
  };
  const auto first = run_abc(abc, two);
  const auto again = run_abc(abc, two);
  CHECK(first == again);
  // Resuming from a stored generation gives the same next one.
  const calibrate::Generation stored = first[1];
  CHECK(*abc.generation(2, &stored, two) == first[2]);
  // Every particle lies in the prior's support.
  for (const auto& g : first)
    for (std::size_t i = 0; i < g.weights.size(); ++i) {
      CHECK(std::abs(g.particles[2 * i]) <= 5);
      CHECK(g.particles[2 * i + 1] >= 0.1);
      CHECK(g.particles[2 * i + 1] <= 10);
    }
  // Another seed, other particles.
  settings.seed = 6;
  const calibrate::AbcSmc other({{.kind = Distribution::Kind::uniform, .args = {-5, 5}},
                                 {.kind = Distribution::Kind::loguniform, .args = {0.1, 10}}},
                                settings);
  CHECK(other.generation(0, nullptr, two)->particles != first[0].particles);
}

namespace {

const std::string bass_calibration = R"(name: fit
seed: 11
time: {end: 10y, sample_every: 1y}
network: {generator: complete, nodes: 200, fixed: true}
model: {name: bass, p: 0.0001, q: 0.001}
seeding: {count: 0}
uncertain:
  model.p: {loguniform: [0.00001, 0.001]}
  model.q: {uniform: [0.0001, 0.003]}
)";

ScenarioError calibration_error(const std::string& text) {
  const TempPath path(".yaml");
  write_file(path, text);
  try {
    load_calibration(path.str(), {}, model_registry());
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no error for:\n" << text);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("calibrate: a calibration scenario gives priors, settings and particle points",
          "[calibrate]") {
  const TempPath path(".yaml");
  write_file(path, bass_calibration + "calibrate: {match: [{metric: adopters}], particles: 50}\n");
  const CalibrationScenario c = load_calibration(path.str(), {}, model_registry());
  REQUIRE(c.priors.size() == 2);
  CHECK(c.priors[0].key == "model.p");
  CHECK(c.spec.particles == 50);
  CHECK(c.spec.generations == 8);
  CHECK(c.spec.match.size() == 1);
  CHECK(c.spec.match[0].index == 0);
  REQUIRE(c.scenario.points.size() == 1);
  CHECK(c.scenario.points[0].model.params.real("p") == Approx(0.0001));  // the prior median
  const Scenario points =
      calibration_points(c, {{0.0002, 0.002}, {0.0003, 0.001}}, {7, 9}, model_registry());
  REQUIRE(points.points.size() == 2);
  CHECK(points.replications == 1);
  CHECK(points.points[1].model.params.real("p") == 0.0003);
  CHECK(points.points[1].model.params.real("q") == 0.001);
  CHECK(points.points[1].seed_index == 9);
}

TEST_CASE("calibrate: mistakes in a calibration scenario name the key and say how to fix them",
          "[calibrate]") {
  auto check = [](const std::string& text, int line, const std::string& key,
                  const std::string& problem) {
    const ScenarioError e = calibration_error(text);
    CHECK(e.where().line == line);
    CHECK(e.key() == key);
    CHECK_THAT(e.problem(), Catch::Contains(problem));
    CHECK_FALSE(e.fix().empty());
  };
  check(bass_calibration, 0, "calibrate", "no 'calibrate' section");
  check(bass_calibration + "calibrate: {match: [{metric: adoptors}]}\n", 10,
        "calibrate.match[0].metric", "model bass has no series 'adoptors'");
  check(bass_calibration + "calibrate: {match: []}\n", 10, "calibrate.match",
        "'match' must be a non-empty list");
  check(bass_calibration + "calibrate: {match: [{metric: adopters, brand: X}]}\n", 10,
        "calibrate.match[0].brand", "not per brand");
  check(bass_calibration + "calibrate: {match: [{metric: adopters}], method: mcmc}\n", 10,
        "calibrate.method", "unknown calibration method 'mcmc'");
  check(bass_calibration + "calibrate: {match: [{metric: adopters}], particles: 2}\n", 10,
        "calibrate.particles", "");
  check(bass_calibration + "calibrate: {match: [{metric: adopters}], speed: 2}\n", 10,
        "calibrate.speed", "");
  check(bass_calibration +
            "calibrate: {match: [{metric: adopters}]}\ndesign: {method: latin, samples: 4}\n",
        11, "design", "cannot also have 'design'");
  check(
      bass_calibration +
          "calibrate: {match: [{metric: adopters}]}\nsweep: {model.innovativeness_shape: [1, 2]}\n",
      11, "sweep", "with 'calibrate' cannot also have 'sweep'");
  check(R"(name: fit
time: {end: 10y, sample_every: 1y}
network: {generator: complete, nodes: 20}
model: {name: bass}
calibrate: {match: [{metric: adopters}]}
)",
        5, "calibrate", "no 'uncertain' section");
  check(R"(name: fit
time: {end: 10y, sample_every: 1y}
network: {generator: complete, nodes: 20}
model: {name: bass}
uncertain: {model.p: {choice: [0.1, 0.2]}}
calibrate: {match: [{metric: adopters}]}
)",
        5, "uncertain.model.p", "a choice cannot be a prior");
}

TEST_CASE("calibrate: a calibration scenario is refused where a plan is read (hearsay run)",
          "[calibrate]") {
  try {
    parse_scenario(bass_calibration + "calibrate: {match: [{metric: adopters}]}\n", "s.yaml", {},
                   model_registry());
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(e.key() == "calibrate");
    CHECK_THAT(e.fix(), Catch::Contains("hearsay calibrate s.yaml --observed DATA.csv"));
  }
}
