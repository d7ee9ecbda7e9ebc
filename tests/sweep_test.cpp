// Sweeps and arms: how a scenario's plan expands into points, what each point holds, the resolved
// form, and where errors in swept and arm values point.
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario_support.hpp"
#include "sim/scenario/scenario.hpp"

using namespace hearsay;
using testing::scenario_data_dir;
using testing::stand_in_catalog;

namespace {

Scenario parse(const std::string& text, const std::vector<std::string>& overrides = {},
               const std::string& file = "/runs/s.yaml") {
  return parse_scenario(text, file, overrides, stand_in_catalog());
}

// A toy scenario; plans are appended to it (its last line is 9). The stand-in toy requires
// `rate`, given inside `model` so that the line numbers stay as they are.
const std::string toy_text = R"(seed: 3
replications: 2
time: {end: 10d}
network: {generator: erdos_renyi, nodes: 100, mean_degree: 4}
model: {name: toy,
        rate: 1,
        beta: 0.25,
        style: hard_sell}
seeding: {count: 2}
)";

// A scenario with brands; plans are appended to it (its last line is 9).
const std::string shop_text = R"(seed: 1
time: {end: 60d}
model: {name: shop}
brands:
  - name: PitchCo
    style: hard_sell
    answer_prob: 0.3
  - {name: PeopleCo, style: soft_sell}
output: {cascades: true}
)";

void require_same_point(const ScenarioPoint& a, const ScenarioPoint& b) {
  CHECK(a.arm == b.arm);
  CHECK(a.arm_index == b.arm_index);
  CHECK(a.sweep_index == b.sweep_index);
  REQUIRE(a.values.size() == b.values.size());
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    CHECK(a.values[i].text == b.values[i].text);
    CHECK((a.values[i].number == b.values[i].number ||
           (std::isnan(a.values[i].number) && std::isnan(b.values[i].number))));
  }
  testing::require_same_setup(a, b);
}

/// The resolved form, loaded from another folder, gives the same plan and the same points; and
/// it is a fixed point (resolving it again gives the same text).
void require_round_trip(const Scenario& s) {
  INFO(s.resolved_yaml);
  const Scenario again = parse(s.resolved_yaml, {}, "/elsewhere/resolved.yaml");
  CHECK(again.arms == s.arms);
  CHECK(again.swept_keys == s.swept_keys);
  CHECK(again.sweep_size == s.sweep_size);
  CHECK(again.resolved_yaml == s.resolved_yaml);
  REQUIRE(again.points.size() == s.points.size());
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    INFO("point " << i);
    require_same_point(s.points[i], again.points[i]);
  }
}

/// The message of the ScenarioError that parsing `text` throws.
ScenarioError error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parse(text, overrides, "s.yaml");
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("no error for:\n" << text);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("sweep: arms x factors expand in order, arms outermost, last factor fastest",
          "[scenario][sweep]") {
  const Scenario s = parse(toy_text + R"(sweep:
  model.beta: [0.1, 0.2]
  model.delay: [1d, 2d, 3d]
arms:
  few: {model.contacts: 2}
  many: {model.contacts: 9}
)");
  CHECK(s.arms == std::vector<std::string>{"few", "many"});
  CHECK(s.swept_keys == std::vector<std::string>{"model.beta", "model.delay"});
  CHECK(s.sweep_size == 6);
  REQUIRE(s.points.size() == 12);
  for (std::size_t k = 0; k < 12; ++k) {
    INFO("point " << k);
    const ScenarioPoint& p = s.points[k];
    const std::size_t arm = k / 6, sweep = k % 6, beta = sweep / 3, delay = sweep % 3;
    CHECK(p.arm == (arm == 0 ? "few" : "many"));
    CHECK(p.arm_index == arm);
    CHECK(p.sweep_index == sweep);
    REQUIRE(p.values.size() == 2);
    CHECK(p.values[0].text == (beta == 0 ? "0.1" : "0.2"));
    CHECK(p.values[0].number == (beta == 0 ? 0.1 : 0.2));
    CHECK(p.values[1].text == std::to_string(delay + 1) + "d");
    CHECK(std::isnan(p.values[1].number));  // a duration, not a plain number
    CHECK(p.model.params.real("beta") == (beta == 0 ? 0.1 : 0.2));
    CHECK(p.model.params.real("delay") == static_cast<double>(delay + 1));
    CHECK(p.model.params.integer("contacts") == (arm == 0 ? 2 : 9));
    // What no key varies is the scenario's own.
    CHECK(p.model.params.text("style") == "hard_sell");
    CHECK(p.network.params.integer("nodes") == 100);
    CHECK(p.seeding.count == 2);
  }
  // The top-level fields are the scenario with no arm or sweep value.
  CHECK(s.model.params.real("beta") == 0.25);
  CHECK(s.model.params.integer("contacts") == 5);
  CHECK(s.model.params.real("delay") == 1);
  require_round_trip(s);
}

TEST_CASE("sweep: without sweep and arms there is one point, the scenario itself",
          "[scenario][sweep]") {
  const Scenario s = parse(toy_text);
  CHECK(s.arms.empty());
  CHECK(s.swept_keys.empty());
  CHECK(s.sweep_size == 1);
  REQUIRE(s.points.size() == 1);
  CHECK(s.points[0].arm.empty());
  CHECK(s.points[0].values.empty());
  CHECK(s.points[0].model.params.all() == s.model.params.all());
  CHECK(s.resolved_yaml.find("sweep") == std::string::npos);
  CHECK(s.resolved_yaml.find("arms") == std::string::npos);
}

TEST_CASE("sweep: a zip group varies its keys together, at the place of its key",
          "[scenario][sweep]") {
  const Scenario s = parse(toy_text + R"(sweep:
  zip:
    model.contacts: [1, 2, 3]
    model.delay: [12h, 1d, 2d]
  model.beta: [0.1, 0.2]
)");
  CHECK(s.swept_keys == std::vector<std::string>{"model.contacts", "model.delay", "model.beta"});
  CHECK(s.sweep_size == 6);
  REQUIRE(s.points.size() == 6);
  const double delays[] = {0.5, 1, 2};
  for (std::size_t k = 0; k < 6; ++k) {
    INFO("point " << k);
    const ScenarioPoint& p = s.points[k];
    CHECK(p.arm.empty());
    CHECK(p.sweep_index == k);
    CHECK(p.model.params.integer("contacts") == static_cast<std::int64_t>(k / 2 + 1));
    CHECK(p.model.params.real("delay") == delays[k / 2]);
    CHECK(p.model.params.real("beta") == (k % 2 == 0 ? 0.1 : 0.2));
    CHECK(p.values[0].number == static_cast<double>(k / 2 + 1));
  }
  require_round_trip(s);
}

TEST_CASE("sweep: zip as a list of groups gives one factor per group", "[scenario][sweep]") {
  const Scenario s = parse(toy_text + R"(sweep:
  model.beta: [0.1, 0.2]
  zip:
    - {model.contacts: [1, 2]}
    - model.delay: [1d, 2d, 3d]
      model.cap: [10, 20, 30]
)");
  CHECK(s.swept_keys ==
        std::vector<std::string>{"model.beta", "model.contacts", "model.delay", "model.cap"});
  CHECK(s.sweep_size == 12);
  REQUIRE(s.points.size() == 12);
  // Point 7 = beta 0.2 (7 / 6), contacts 1 ((7 / 3) % 2), delay and cap the second (7 % 3).
  const ScenarioPoint& p = s.points[7];
  CHECK(p.model.params.real("beta") == 0.2);
  CHECK(p.model.params.integer("contacts") == 1);
  CHECK(p.model.params.real("delay") == 2);
  CHECK(p.model.params.real("cap") == 20);
  CHECK_FALSE(s.model.params.has("cap"));  // absent from the file: absent from the base
  require_round_trip(s);
}

TEST_CASE("sweep: brands.NAME.key varies one brand's value", "[scenario][sweep]") {
  const Scenario s = parse(shop_text + R"(sweep:
  brands.PeopleCo.pitches_per_day: [1, 2, 4]
  brands[0].answer_delay: [90min]
)");
  REQUIRE(s.points.size() == 3);
  for (std::size_t k = 0; k < 3; ++k) {
    const ScenarioPoint& p = s.points[k];
    REQUIRE(p.brands.size() == 2);
    CHECK(p.brands[1].params.real("pitches_per_day") == static_cast<double>(1 << k));
    CHECK(p.brands[1].params.real("answer_prob") == 0.9);  // the rest of the style stays
    CHECK(p.brands[0].params.real("pitches_per_day") == 4);
    CHECK(p.brands[0].params.real("answer_delay") == 0.0625);
  }
  CHECK(s.brands[1].params.real("pitches_per_day") == 0.2);
  require_round_trip(s);
}

TEST_CASE("sweep: an arm can change a brand's style, an empty arm is the scenario",
          "[scenario][sweep]") {
  const Scenario s = parse(shop_text + R"(arms:
  soft: {brands.PitchCo.style: soft_sell}
  hard: {brands.PitchCo.style: hard_sell, brands.PitchCo.pitches_per_day: 8}
  baseline: {}
  nothing:
)");
  CHECK(s.arms == std::vector<std::string>{"soft", "hard", "baseline", "nothing"});
  CHECK(s.sweep_size == 1);
  REQUIRE(s.points.size() == 4);
  const BrandSpec& soft = s.points[0].brands[0];
  CHECK(soft.style == "soft_sell");
  CHECK(soft.params.real("pitches_per_day") == 0.2);  // from the new style
  CHECK(soft.params.real("answer_delay") == 0.25);
  CHECK(soft.params.real("answer_prob") == 0.3);  // the file's own key still wins
  const BrandSpec& hard = s.points[1].brands[0];
  CHECK(hard.style == "hard_sell");
  CHECK(hard.params.real("pitches_per_day") == 8);
  CHECK(hard.params.real("answer_delay") == 1);
  for (std::size_t k : {2u, 3u}) {
    INFO("point " << k);
    CHECK(s.points[k].arm_index == k);
    CHECK(s.points[k].sweep_index == 0);
    CHECK(s.points[k].values.empty());
    CHECK(s.points[k].brands[0].style == "hard_sell");
    CHECK(s.points[k].brands[0].params.all() == s.brands[0].params.all());
    CHECK(s.points[k].brands[1].params.all() == s.brands[1].params.all());
  }
  // The other brand is the same in every arm.
  for (const ScenarioPoint& p : s.points)
    CHECK(p.brands[1].params.all() == s.brands[1].params.all());
  // Its resolved form keeps PitchCo's own keys only, so each arm's style still applies.
  CHECK_THAT(s.resolved_yaml, Catch::Contains("  - name: PitchCo\n    style: hard_sell\n"
                                              "    answer_prob: 0.3\n  - name: PeopleCo"));
  require_round_trip(s);
}

TEST_CASE("sweep: network parameters, and whole sections, vary by point", "[scenario][sweep]") {
  const Scenario s = parse(toy_text + R"(sweep:
  network.nodes: [50, 200]
  seeding: [{count: 1}, {fraction: 0.5, strategy: top_degree}]
)");
  REQUIRE(s.points.size() == 4);
  CHECK(s.points[0].network.params.integer("nodes") == 50);
  CHECK(s.points[2].network.params.integer("nodes") == 200);
  CHECK(s.points[0].seeding.mode == SeedingSpec::Mode::count);
  CHECK(s.points[1].seeding.mode == SeedingSpec::Mode::fraction);
  CHECK(s.points[1].seeding.strategy == SeedingSpec::Strategy::top_degree);
  CHECK(s.points[1].values[1].text == "{fraction: 0.5, strategy: top_degree}");
  CHECK(std::isnan(s.points[1].values[1].number));
  require_round_trip(s);

  SECTION("the generator, with each point's own defaults") {
    const Scenario g = parse(R"(seed: 3
time: {end: 10d}
network: {generator: configuration, nodes: 10}
model: {name: toy, rate: 1}
arms:
  power_law: {}
  complete: {network.generator: complete}
)");
    REQUIRE(g.points.size() == 2);
    CHECK(g.points[0].network.generator == "configuration");
    CHECK(g.points[0].network.params.real("exponent") == 2.5);
    CHECK(g.points[1].network.generator == "complete");
    CHECK_FALSE(g.points[1].network.params.has("exponent"));
    require_round_trip(g);
  }
  SECTION("the seeding mode, against a file without seeding") {
    const Scenario m = parse(R"(seed: 3
time: {end: 10d}
network: {generator: complete, nodes: 10}
model: {name: toy, rate: 1}
arms:
  fraction: {seeding.fraction: 0.5}
  strategy: {seeding.strategy: top_degree}
  default: {}
)");
    REQUIRE(m.points.size() == 3);
    CHECK(m.points[0].seeding.mode == SeedingSpec::Mode::fraction);
    CHECK(m.points[1].seeding.mode == SeedingSpec::Mode::count);
    CHECK(m.points[1].seeding.strategy == SeedingSpec::Strategy::top_degree);
    CHECK(m.points[2].seeding.strategy == SeedingSpec::Strategy::random);
    CHECK(m.points[2].seeding.count == 1);
    require_round_trip(m);

    // An empty section in the file gets its keys at one point and is empty again at the next.
    const Scenario e = parse(R"(seed: 3
time: {end: 10d}
network: {generator: complete, nodes: 10}
model: {name: toy, rate: 1}
seeding:
arms:
  three: {seeding.count: 3}
  default: {}
)");
    REQUIRE(e.points.size() == 2);
    CHECK(e.points[0].seeding.count == 3);
    CHECK(e.points[1].seeding.count == 1);
    require_round_trip(e);
  }
}

TEST_CASE("sweep: values may be words, lists, booleans, quoted text and durations",
          "[scenario][sweep]") {
  const Scenario s = parse(toy_text + R"(sweep:
  model.style: [soft_sell, hard_sell]
  model.weights: [[0, 1], [0.5]]
  model.annoyed: [true]
  model.label: ["a: b", "null"]
  model.delay: [36h]
)");
  REQUIRE(s.points.size() == 8);
  const ScenarioPoint& p = s.points[7];
  CHECK(p.model.params.text("style") == "hard_sell");
  CHECK(p.model.params.list("weights") == std::vector<double>{0.5});
  CHECK(p.model.params.flag("annoyed"));
  CHECK(p.model.params.text("label") == "null");
  CHECK(p.model.params.real("delay") == 1.5);
  REQUIRE(p.values.size() == 5);
  CHECK(p.values[0].text == "hard_sell");
  CHECK(p.values[1].text == "[0.5]");
  CHECK(p.values[2].text == "true");
  CHECK(p.values[3].text == "\"null\"");
  CHECK(p.values[4].text == "36h");
  CHECK(s.points[0].model.params.text("label") == "a: b");
  for (const SweptValue& v : p.values) CHECK(std::isnan(v.number));
  require_round_trip(s);
}

TEST_CASE("sweep: --set applies to every point, a plan can come from --set", "[scenario][sweep]") {
  const Scenario s = parse(toy_text + "sweep: {model.beta: [0.1, 0.2]}\n",
                           {"model.contacts=7", "network.nodes=20"});
  REQUIRE(s.points.size() == 2);
  for (const ScenarioPoint& p : s.points) {
    CHECK(p.model.params.integer("contacts") == 7);
    CHECK(p.network.params.integer("nodes") == 20);
  }
  CHECK(s.model.params.integer("contacts") == 7);
  require_round_trip(s);

  const Scenario c = parse(toy_text, {"sweep={model.beta: [0.1, 0.2, 0.3]}", "arms={a: {}}"});
  CHECK(c.points.size() == 3);
  CHECK(c.points[2].model.params.real("beta") == 0.3);
  CHECK(c.arms == std::vector<std::string>{"a"});

  const ScenarioError e = error_of(toy_text, {"sweep={model.beta: [0.1, 2]}"});
  CHECK(e.where().line == 0);
  CHECK_THAT(e.what(), Catch::Contains("in --set sweep={model.beta: [0.1, 2]}: in sweep value "
                                       "model.beta = 2: 2 is out of range"));
}

TEST_CASE("sweep: a relative file name is resolved in the resolved form", "[scenario][sweep]") {
  const std::string text = R"(seed: 7
time: {end: 2w}
network: {generator: edge_list, path: tiny_edges.txt}
model: {name: toy, rate: 1}
sweep:
  network.path: [tiny_edges.txt, ./tiny_edges.txt]
)";
  const Scenario s = parse(text, {}, scenario_data_dir + "/inline.yaml");
  REQUIRE(s.points.size() == 2);
  CHECK(s.points[0].network.params.text("path") == s.network.params.text("path"));
  CHECK(s.points[0].values[0].text == s.network.params.text("path"));
  require_round_trip(s);
}

TEST_CASE("sweep: an error in a swept value points at the value, with its point",
          "[scenario][sweep]") {
  const ScenarioError e = error_of(toy_text +
                                   "sweep:\n  model.beta: [0.2, -1]\n"
                                   "arms: {a: {model.contacts: 2}}\n");
  CHECK(e.where().line == 11);
  CHECK(e.where().column == 21);
  CHECK(e.key() == "model.beta");
  CHECK_THAT(e.what(), Catch::StartsWith("s.yaml:11:21: error: 'model.beta': in sweep value "
                                         "model.beta = -1: -1 is out of range"));
  CHECK_THAT(e.what(), Catch::Contains("(at point 1: arm 'a', model.beta = -1)"));
  CHECK_THAT(e.what(), Catch::Contains("fix: use a value in [0, 1]"));

  // A value valid alone but not with the rest of its point: the point is named.
  const ScenarioError n = error_of(
      toy_text + "sweep:\n  zip: {network.nodes: [100, 1], network.mean_degree: [4, 0]}\n");
  CHECK(n.where().line == 9);
  CHECK(n.key() == "seeding.count");
  CHECK_THAT(n.what(), Catch::Contains("asks for 2 seeds but the network has only 1 nodes (at "
                                       "point 1: network.nodes = 1, network.mean_degree = 0)"));
  // A generator's constraint works the same way: the base's key, named with the point.
  const ScenarioError g = error_of(toy_text + "sweep:\n  network.nodes: [100, 1]\n");
  CHECK(g.where().line == 4);
  CHECK(g.key() == "network.mean_degree");
  CHECK_THAT(g.what(), Catch::Contains("mean_degree = 4 exceeds nodes - 1 = 0") &&
                           Catch::Contains("(at point 1: network.nodes = 1)"));

  // An arm's value.
  const ScenarioError a = error_of(shop_text + "arms:\n  soft: {brands.PitchCo.style: softsell}\n");
  CHECK(a.where().line == 11);
  CHECK(a.where().column == 32);
  CHECK_THAT(a.what(), Catch::Contains("in arm 'soft': brands.PitchCo.style = softsell: unknown "
                                       "style 'softsell'"));
  CHECK_THAT(a.what(), Catch::Contains("did you mean 'soft_sell'?"));
}

TEST_CASE("sweep: the plan's size is checked before it is expanded", "[scenario][sweep]") {
  std::string many = toy_text + "sweep:\n";
  for (int key = 0; key < 10; ++key) {
    many += "  model.k" + std::to_string(key) + ": [";
    for (int i = 0; i < 100; ++i) many += (i ? ", " : "") + std::to_string(i);
    many += "]\n";
  }
  // 100^10 points (beyond 64 bits): refused at once, before the unknown keys are noticed.
  const ScenarioError e = error_of(many);
  CHECK(e.where().line == 10);
  CHECK(e.key() == "sweep");
  CHECK_THAT(e.what(), Catch::Contains("more than 1000000 points"));

  std::string just = toy_text + "sweep:\n  model.beta: [";
  for (int i = 0; i < 1000; ++i) just += (i ? ", " : "") + std::to_string(i / 1000.0);
  just += "]\n  model.contacts: [";
  for (int i = 1; i <= 1001; ++i) just += (i > 1 ? ", " : "") + std::to_string(i);
  just += "]\n";
  CHECK_THAT(error_of(just).what(),
             Catch::Contains("1001000 points (1000 values x 1001 values); at most 1000000"));
}
