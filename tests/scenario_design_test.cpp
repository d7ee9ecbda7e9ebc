// `uncertain:` and `design:`: how a design's rows become a scenario's points, the values each
// point takes, the seeds they share, the resolved form, and every user error in the two sections.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario_support.hpp"
#include "sim/scenario/scenario.hpp"

using namespace hearsay;
using testing::stand_in_catalog;

namespace {

Scenario parse(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return parse_scenario(text, "s.yaml", overrides, stand_in_catalog());
}

ScenarioError error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parse(text, overrides);
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no error for:\n" << text);
  throw std::logic_error("unreachable");
}

// A toy scenario (stand-in model `toy`: beta in [0, 1], contacts an integer >= 1, style a
// choice, delay a duration > 0, rate > 0); designs are appended (its last line is 6).
const std::string toy_text = R"(seed: 3
replications: 2
time: {end: 10d}
network: {generator: erdos_renyi, nodes: 100, mean_degree: 4}
model: {name: toy, rate: 1, beta: 0.25}
seeding: {count: 2}
)";

const std::string two_keys =
    "uncertain:\n"
    "  model.beta: {uniform: [0.1, 0.5]}\n"
    "  model.delay: {loguniform: [1h, 4d]}\n";

}  // namespace

TEST_CASE("design: a Sobol' design's rows are the points, on common random numbers",
          "[scenario][design]") {
  const Scenario s = parse(toy_text + two_keys + "design: {method: sobol, samples: 8}\n");
  REQUIRE(s.design);
  const design::DesignRecord& d = *s.design;
  CHECK(d.method == design::Method::sobol);
  CHECK(d.parameters == std::vector<std::string>{"model.beta", "model.delay"});
  CHECK(d.distributions ==
        std::vector<std::string>{"{uniform: [0.1, 0.5]}", "{loguniform: [1h, 4d]}"});
  REQUIRE(s.points.size() == 8 * (2 + 2));  // N (k + 2)
  CHECK(d.unit.rows() == s.points.size());
  CHECK(s.swept_keys == std::vector<std::string>{"model.beta", "model.delay"});
  CHECK(s.sweep_size == s.points.size());
  for (std::size_t p = 0; p < s.points.size(); ++p) {
    const ScenarioPoint& point = s.points[p];
    CHECK(point.sweep_index == p);
    CHECK(point.seed_index == 0);  // every row on the same random numbers
    // Each point holds the quantile of its unit coordinate, in the point's own parameters.
    const double beta = point.model.params.real("beta");
    CHECK(beta == Approx(0.1 + 0.4 * d.unit.at(p, 0)).epsilon(1e-12));
    CHECK(point.values[0].number == beta);
    const double delay = point.model.params.real("delay");
    CHECK(delay == Approx((1.0 / 24) * std::pow(96.0, d.unit.at(p, 1))).epsilon(1e-12));
  }
  // Saltelli's blocks: A, B, then A with column i from B.
  for (std::size_t j = 0; j < 8; ++j) {
    const double a0 = d.unit.at(j, 0), a1 = d.unit.at(j, 1);
    const double b0 = d.unit.at(8 + j, 0), b1 = d.unit.at(8 + j, 1);
    CHECK(d.unit.at(16 + j, 0) == b0);
    CHECK(d.unit.at(16 + j, 1) == a1);
    CHECK(d.unit.at(24 + j, 0) == a0);
    CHECK(d.unit.at(24 + j, 1) == b1);
  }
}

TEST_CASE("design: the same seed draws the same design, the resolved form reads back the same",
          "[scenario][design]") {
  const std::string text = toy_text + two_keys + "design: {method: latin, samples: 10}\n";
  const Scenario a = parse(text), b = parse(text);
  REQUIRE(a.design);
  CHECK(*a.design == *b.design);
  const Scenario again = parse(a.resolved_yaml);
  REQUIRE(again.design);
  CHECK(*again.design == *a.design);
  REQUIRE(again.points.size() == a.points.size());
  for (std::size_t p = 0; p < a.points.size(); ++p)
    CHECK(again.points[p].model.params.all() == a.points[p].model.params.all());
  // Another master seed, another design.
  const Scenario other = parse(text, {"seed=4"});
  CHECK(other.design->unit.unit != a.design->unit.unit);
}

TEST_CASE("design: without common random numbers each row has seeds of its own",
          "[scenario][design]") {
  const Scenario s = parse(toy_text + two_keys +
                           "design: {method: latin, samples: 5, common_random_numbers: false}\n");
  REQUIRE(s.points.size() == 5);
  CHECK_FALSE(s.design->common_random_numbers);
  for (std::size_t p = 0; p < s.points.size(); ++p) CHECK(s.points[p].seed_index == p);
}

TEST_CASE("design: Morris trajectories with a choice, inside every arm", "[scenario][design]") {
  const Scenario s = parse(toy_text +
                           "uncertain:\n"
                           "  model.beta: {triangular: [0.1, 0.2, 0.6]}\n"
                           "  model.style: {choice: [hard_sell, soft_sell]}\n"
                           "  model.contacts: {choice: [1, 3, 9]}\n"
                           "design: {method: morris, trajectories: 4, levels: 4}\n"
                           "arms: {few: {model.rate: 1}, many: {model.rate: 3}}\n");
  const std::size_t rows = 4 * (3 + 1);
  REQUIRE(s.points.size() == 2 * rows);  // arms outermost
  std::set<std::string> styles;
  for (std::size_t p = 0; p < s.points.size(); ++p) {
    const ScenarioPoint& point = s.points[p];
    CHECK(point.arm == (p < rows ? "few" : "many"));
    CHECK(point.sweep_index == p % rows);
    // The same design row in both arms holds the same values.
    if (p >= rows)
      CHECK(point.model.params.all().at("beta") ==
            s.points[p - rows].model.params.all().at("beta"));
    styles.insert(point.model.params.text("style"));
    const double contacts = point.model.params.real("contacts");
    CHECK((contacts == 1 || contacts == 3 || contacts == 9));
    const double beta = point.model.params.real("beta");
    CHECK((beta >= 0.1 && beta <= 0.6));
  }
  CHECK(styles.size() == 2);
}

TEST_CASE("design: a normal distribution is truncated to the parameter's range",
          "[scenario][design]") {
  const Scenario s = parse(toy_text +
                           "uncertain: {model.beta: {normal: [0.05, 0.5]}}\n"
                           "design: {method: latin, samples: 200}\n");
  for (const ScenarioPoint& point : s.points) {
    const double beta = point.model.params.real("beta");
    CHECK((beta >= 0 && beta <= 1));
  }
  const Scenario bounded = parse(toy_text +
                                 "uncertain: {model.beta: {normal: [0.3, 0.5, 0.2, 0.4]}}\n"
                                 "design: {method: latin, samples: 50}\n");
  for (const ScenarioPoint& point : bounded.points) {
    const double beta = point.model.params.real("beta");
    CHECK((beta >= 0.2 && beta <= 0.4));
  }
}

TEST_CASE("design: every error names the file, line and key, and how to fix it",
          "[scenario][design]") {
  struct Case {
    std::string text;
    int line;
    std::string key, says;
  };
  const std::string sobol = "design: {method: sobol, samples: 4}\n";
  const std::vector<Case> cases = {
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n", 7, "uncertain", "needs a 'design'"},
      {sobol, 7, "design", "no 'uncertain' section"},
      {"uncertain: {}\n" + sobol, 7, "uncertain", "'uncertain' is empty"},
      {"uncertain: [model.beta]\n" + sobol, 7, "uncertain", "must be a mapping"},
      {"uncertain: {model.beta: {unifrom: [0.1, 0.5]}}\n" + sobol, 7, "uncertain.model.beta",
       "did you mean 'uniform'?"},
      {"uncertain: {model.beta: [0.1, 0.5]}\n" + sobol, 7, "uncertain.model.beta",
       "needs one distribution"},
      {"uncertain: {model.beta: {uniform: [0.5, 0.1]}}\n" + sobol, 7,
       "uncertain.model.beta.uniform", "must be below hi"},
      {"uncertain: {model.beta: {uniform: [0.5, 2]}}\n" + sobol, 7, "uncertain.model.beta.uniform",
       "must be in [0, 1]"},
      {"uncertain: {model.beta: {loguniform: [0, 1]}}\n" + sobol, 7,
       "uncertain.model.beta.loguniform", "must be above 0"},
      {"uncertain: {model.beta: {uniform: [0.1, x]}}\n" + sobol, 7, "uncertain.model.beta.uniform",
       "'x' is not a number"},
      {"uncertain: {model.beta: {normal: [0.5, -1]}}\n" + sobol, 7, "uncertain.model.beta.normal",
       "sd (-1) must be above 0"},
      {"uncertain: {model.style: {uniform: [0, 1]}}\n" + sobol, 7, "uncertain.model.style.uniform",
       "not a number"},
      {"uncertain: {model.beta: {choice: [[1, 2]]}}\n" + sobol, 7, "uncertain.model.beta.choice",
       "a choice must be a plain value"},
      {"uncertain: {seed: {uniform: [1, 2]}}\n" + sobol, 7, "uncertain.seed",
       "cannot vary between points"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\ndesign: {method: sobel, samples: 4}\n", 8,
       "design.method", "unknown design method 'sobel'"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\ndesign: {method: sobol}\n", 8,
       "design.samples", "add 'samples: 256'"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\ndesign: {method: sobol, samples: 1}\n", 8,
       "design.samples", "out of range"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n"
       "design: {method: morris, samples: 4}\n",
       8, "design.samples", "write 'trajectories' instead"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n"
       "design: {method: morris, trajectories: 4, levels: 5}\n",
       8, "design.levels", "must be even"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n"
       "design: {method: latin, samples: 4, levels: 4}\n",
       8, "design.levels", "morris designs only"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n"
       "design: {method: latin, samples: 4, colour: red}\n",
       8, "design.colour", "unknown key"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n" + sobol + "sweep: {model.rate: [1, 2]}\n",
       9, "sweep", "cannot also have 'sweep'"},
      {"uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n"
       "design: {method: sobol, samples: 1000000}\n",
       8, "design", "points"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const ScenarioError e = error_of(toy_text + c.text);
    CHECK(e.where().file == "s.yaml");
    CHECK(e.where().line == c.line);
    CHECK(e.key() == c.key);
    CHECK_THAT(e.what(), Catch::Contains(c.says));
    CHECK_FALSE(e.fix().empty());
  }
}

TEST_CASE("design: a model without a name, or none, is the usual error (once an escaped crash)",
          "[scenario][design]") {
  // Found by fuzz_scenario: looking up the model of an uncertain key read a missing key.
  for (const std::string model : {"model: {nambassom}\n", "model: {rate: 1}\n", ""}) {
    INFO(model);
    const ScenarioError e = error_of(
        "seed: 3\ntime: {end: 10d}\nnetwork: {generator: erdos_renyi, nodes: 100, mean_degree: "
        "4}\n" +
        model +
        "uncertain: {model.beta: {uniform: [0.1, 0.5]}}\n"
        "design: {method: latin, samples: 4}\n");
    CHECK(e.key().rfind("model", 0) == 0);
    CHECK_THAT(e.what(), Catch::Contains("name") || Catch::Contains("model"));
  }
}

TEST_CASE("design: a value no point can take is named with its design row", "[scenario][design]") {
  // contacts must be >= 1: a choice of 0 is refused when the point holding it is read.
  const ScenarioError e = error_of(toy_text +
                                   "uncertain: {model.contacts: {choice: [0, 2]}}\n"
                                   "design: {method: latin, samples: 4}\n");
  CHECK(e.key() == "model.contacts");
  CHECK_THAT(e.what(), Catch::Contains("in design row") && Catch::Contains("design row"));
}
