// Scenario files read: the full file field by field, durations, defaults, values of every kind,
// --set overrides, the resolved form, and the file itself (size, kind, the files it names).
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scenario_text.hpp"
#include "sim/files/input_file.hpp"
#include "sim/scenario/scenario.hpp"
#include "temp_path.hpp"

using namespace hearsay;
using namespace hearsay::testing;

TEST_CASE("scenario: a full valid file is read field by field", "[scenario]") {
  const Scenario s = parse_text(base_text);
  CHECK(s.file == "/scenarios/base.yaml");
  CHECK(s.name == "base");
  CHECK(s.description == "A toy run.");
  CHECK(s.seed == 42);
  CHECK(s.replications == 3);
  CHECK(s.time.end == 30.0);
  CHECK(s.time.sample_every == 0.5);
  REQUIRE(s.has_network);
  CHECK(s.network.generator == "erdos_renyi");
  CHECK_FALSE(s.network.fixed);
  CHECK(s.network.params.integer("nodes") == 100);
  CHECK(s.network.params.real("mean_degree") == 4.0);
  CHECK(s.model.name == "toy");
  CHECK(s.model.params.real("rate") == 0.5);
  CHECK(s.model.params.real("beta") == 0.25);
  CHECK(s.seeding.mode == SeedingSpec::Mode::count);
  CHECK(s.seeding.count == 5);
  CHECK(s.seeding.strategy == SeedingSpec::Strategy::top_degree);
  CHECK(s.output_path == "/scenarios/results/base.h5");
}

TEST_CASE("scenario: where each parameter was written is kept for later checks", "[scenario]") {
  const Scenario s = parse_text(base_text, {"model.beta=0.5"});
  REQUIRE(s.locations.count("model.rate") == 1);
  CHECK(s.locations.at("model.rate").line == 14);
  CHECK(s.locations.at("model.rate").column == 9);
  CHECK(s.locations.at("network.nodes").line == 10);
  // A --set value is not in the file, and a default was written nowhere.
  CHECK(s.locations.count("model.beta") == 0);
  CHECK(s.locations.count("model.contacts") == 0);
}

TEST_CASE("scenario: durations accept every unit", "[scenario]") {
  struct Case {
    const char* text;
    double days;
  };
  const Case cases[] = {{"30", 30},
                        {"2.5", 2.5},
                        {"2d", 2},
                        {"1.5d", 1.5},
                        {"36h", 1.5},
                        {"90min", 0.0625},
                        {"86400s", 1},
                        {"1w", 7},
                        {"1y", 365},
                        {"0.5w", 3.5},
                        {"3 d", 3},
                        {"1e2s", 100.0 / 86400},
                        {"-2d", -2},
                        {"+4h", 4.0 / 24},
                        {"6mo", 182.5},
                        {"12mo", 365},
                        {"1.5 min", 1.5 / 1440}};
  for (const Case& c : cases) {
    INFO(c.text);
    double days = -1;
    REQUIRE(parse_duration(c.text, days));
    CHECK(days == Approx(c.days).epsilon(1e-15));
  }
  for (const char* bad :
       {"", "d", "2x", "2dd", "1.2.3h", "inf", "nan", "h2", "2 days", "1,5d", "--1d",
        // m could be minutes or months: neither is guessed (the loader says what to write).
        "6m", "90 m", "1mi", "1mon", "1M", "min", "mo"}) {
    INFO(bad);
    double days = 0;
    CHECK_FALSE(parse_duration(bad, days));
  }
  // The same rules apply inside a scenario, for time and for duration parameters.
  for (const char* unit : {"2w", "14d", "336h", "20160min", "1209600s"}) {
    const Scenario s = parse_text(replace_line(6, std::string("  end: ") + unit));
    CHECK(s.time.end == Approx(14.0).epsilon(1e-15));
  }
  CHECK(parse_text(replace_line(15, "  delay: 36h")).model.params.real("delay") == 1.5);
  CHECK(parse_text(replace_line(7, "  sample_every: 1y", replace_line(6, "  end: 2y")))
            .time.sample_every == 365);
}

TEST_CASE("scenario: defaults are filled in", "[scenario]") {
  const Scenario s = parse_text(R"(seed: 1
time: {end: 50}
network: {generator: ring, nodes: 10, k: 2}
model: {name: toy, rate: 2}
)",
                                {}, "/runs/minimal.yaml");
  CHECK(s.name == "minimal");
  CHECK(s.description.empty());
  CHECK(s.replications == 1);
  CHECK(s.time.sample_every == 0.5);
  CHECK_FALSE(s.network.fixed);
  CHECK(s.model.params.real("beta") == 0.3);
  CHECK(s.model.params.integer("contacts") == 5);
  CHECK(s.model.params.text("style") == "soft_sell");
  CHECK_FALSE(s.model.params.flag("annoyed"));
  CHECK(s.model.params.real("delay") == 1.0);
  CHECK_FALSE(s.model.params.has("cap"));      // optional, no default
  CHECK_FALSE(s.model.params.has("weights"));  // optional list
  CHECK(s.seeding.mode == SeedingSpec::Mode::count);
  CHECK(s.seeding.count == 1);
  CHECK(s.seeding.strategy == SeedingSpec::Strategy::random);
  CHECK(s.output_path.empty());
  CHECK_THAT(s.resolved_yaml, Catch::Contains("\noutput: {}"));

  const Scenario h = parse_text("seed: 3\ntime: {end: 1w}\nmodel: {name: hawkes}\n");
  CHECK_FALSE(h.has_network);
  CHECK(h.model.params.real("mu") == 1.0);
  CHECK(h.seeding.count == 1);
  CHECK(h.time.sample_every == Approx(0.07));
}

TEST_CASE("scenario: values of every kind are read", "[scenario]") {
  const Scenario s = parse_text(R"(seed: 18446744073709551615
time: {end: 10}
network: {generator: erdos_renyi, nodes: 1e3, mean_degree: 3, fixed: true}
model:
  name: toy
  rate: 1
  contacts: 7
  style: hard_sell
  annoyed: true
  cap: 2.5
  weights: [0, 0.5, 1]
seeding: {nodes: [0, 999]}
)");
  CHECK(s.seed == 18446744073709551615ULL);
  CHECK(s.network.params.integer("nodes") == 1000);
  CHECK(s.network.fixed);
  CHECK(s.model.params.real("rate") == 1.0);  // a real accepts a whole number
  CHECK(s.model.params.integer("contacts") == 7);
  CHECK(s.model.params.text("style") == "hard_sell");
  CHECK(s.model.params.flag("annoyed"));
  CHECK(s.model.params.real("cap") == 2.5);
  CHECK(s.model.params.list("weights") == std::vector<double>{0, 0.5, 1});
  CHECK(s.seeding.mode == SeedingSpec::Mode::nodes);
  CHECK(s.seeding.nodes == std::vector<NodeId>{0, 999});
  require_round_trip(s);
}

TEST_CASE("scenario: --set overrides scalars, nested keys, lists and new keys", "[scenario]") {
  const std::string no_seeding = replace_line(16, "", replace_line(17, "", replace_line(18, "")));
  const Scenario s = parse_text(
      no_seeding, {"replications=4", "model.beta=0.2", "seeding.nodes=[1, 2]", "model.cap=3",
                   "time.end=2w", "description=a=b", "output.path=/tmp/x.h5", "name=overridden"});
  CHECK(s.replications == 4);
  CHECK(s.model.params.real("beta") == 0.2);
  CHECK(s.seeding.mode == SeedingSpec::Mode::nodes);
  CHECK(s.seeding.nodes == std::vector<NodeId>{1, 2});
  CHECK(s.model.params.real("cap") == 3.0);
  CHECK(s.time.end == 14.0);
  CHECK(s.time.sample_every == 0.5);  // from the file
  CHECK(s.description == "a=b");
  CHECK(s.output_path == "/tmp/x.h5");
  CHECK(s.name == "overridden");
  require_round_trip(s);

  SECTION("switching generator") {
    const Scenario r = parse_text(
        "seed: 1\ntime: {end: 5}\nnetwork: {generator: complete, nodes: 10}\n"
        "model: {name: toy, rate: 1}\n",
        {"network.generator=ring", "network.k=2"});
    CHECK(r.network.generator == "ring");
    CHECK(r.network.params.integer("k") == 2);
    CHECK(r.network.params.integer("nodes") == 10);
  }
  SECTION("creating whole sections, even from an empty file") {
    const Scenario e = parse_text(
        "", {"seed=9", "time.end=3d", "model.name=hawkes", "model.mu=0.5", "seeding={count: 2}"},
        "/x/empty.yaml");
    CHECK(e.seed == 9);
    CHECK(e.time.end == 3.0);
    CHECK(e.model.params.real("mu") == 0.5);
    CHECK(e.seeding.count == 2);
    CHECK(e.name == "empty");
  }
  SECTION("later overrides win") {
    CHECK(parse_text(base_text, {"seed=5", "seed=6"}).seed == 6);
  }
  SECTION("an override fills a section left empty in the file") {
    const Scenario f = parse_text(replace_line(17, "", replace_line(18, "")), {"seeding.count=7"});
    CHECK(f.seeding.count == 7);
  }
}

TEST_CASE("scenario: the resolved YAML loads back to the same scenario", "[scenario]") {
  const Scenario s = parse_text(base_text);
  CHECK(s.resolved_yaml.find("name: base") == 0);
  // Stable key order: sections appear in the documented order, params in schema order.
  std::vector<std::size_t> at;
  for (const char* key : {"\nseed:", "\nreplications:", "\ntime:", "\nnetwork:", "\nmodel:",
                          "\nseeding:", "\noutput:"})
    at.push_back(s.resolved_yaml.find(key));
  CHECK(std::is_sorted(at.begin(), at.end()));
  CHECK(at.front() != std::string::npos);
  CHECK(s.resolved_yaml.find("beta") < s.resolved_yaml.find("contacts"));
  CHECK(s.resolved_yaml.find("sample_every: 0.5") != std::string::npos);
  require_round_trip(s);

  SECTION("awkward text, durations in seconds, fractions, no network") {
    const Scenario h = parse_text(R"(name: "null"
description: "colon: quote \" hash # and\na second line  "
seed: 0
time: {end: 1s, sample_every: 0.1s}
model: {name: hawkes, mu: 0.1}
seeding: {count: 12}
output: {path: "../out dir/r.h5"}
)");
    CHECK(h.name == "null");
    CHECK(h.description == "colon: quote \" hash # and\na second line  ");
    CHECK(h.output_path == "/out dir/r.h5");
    require_round_trip(h);
  }
  SECTION("seeding by fraction") {
    const Scenario f = parse_text(
        "seed: 5\ntime: {end: 3}\nnetwork: {generator: complete, nodes: 9}\n"
        "model: {name: toy, rate: 0.3333333333333333}\n"
        "seeding: {fraction: 0.3333333333333333, strategy: top_degree}\n");
    CHECK(f.seeding.mode == SeedingSpec::Mode::fraction);
    CHECK(f.seeding.fraction == 0.3333333333333333);
    require_round_trip(f);
  }
  SECTION("defaults only") {
    require_round_trip(
        parse_text("seed: 1\ntime: {end: 1}\nnetwork: {generator: complete, nodes: 3}\n"
                   "model: {name: toy, rate: 1e-9}\n"));
  }
}

TEST_CASE("scenario: a scenario file must be a regular file of at most 16 MiB", "[scenario]") {
  const hearsay::testing::TempPath fifo(".yaml"), big(".yaml");
  REQUIRE(mkfifo(fifo.str().c_str(), 0600) == 0);
  // Refused without opening it (opening a FIFO would wait for a writer forever).
  for (const std::string& path : {fifo.str(), std::string("/dev/zero")}) {
    INFO(path);
    try {
      load_scenario(path, {}, stand_in_catalog());
      FAIL("must throw");
    } catch (const ScenarioError& e) {
      CHECK(e.where().file == path);
      CHECK_THAT(e.what(), Catch::Contains("not a regular file") &&
                               Catch::Contains("or - to read it from standard input"));
    }
  }
  { std::ofstream(big.str()) << "seed: 1\n"; }
  std::filesystem::resize_file(big.str(), max_scenario_bytes + 1);
  CHECK_THROWS_WITH(load_scenario(big.str(), {}, stand_in_catalog()),
                    Catch::Contains("is 16777217 bytes long; at most 16777216 bytes (16.0 MiB) "
                                    "are read"));
  // A stretch of NUL bytes is not YAML, but at the limit it is read and refused as such.
  std::filesystem::resize_file(big.str(), max_scenario_bytes);
  CHECK_THROWS_AS(load_scenario(big.str(), {}, stand_in_catalog()), ScenarioError);
}

TEST_CASE("scenario: load_scenario resolves an edge list next to the file", "[scenario]") {
  const Scenario s = load_scenario(scenario_data_dir + "/edge_list.yaml", {}, stand_in_catalog());
  const std::string folder =
      std::filesystem::absolute(scenario_data_dir).lexically_normal().string();
  CHECK(s.name == "tiny-edge-list");
  CHECK(s.network.generator == "edge_list");
  CHECK(s.network.fixed);  // one given network: always fixed
  CHECK(s.network.params.text("path") == folder + "/tiny_edges.txt");
  CHECK(s.output_path == folder + "/out/tiny.h5");
  CHECK(s.time.end == 14.0);
  CHECK(s.seeding.nodes == std::vector<NodeId>{0, 3});
  require_round_trip(s);

  try {
    load_scenario(scenario_data_dir + "/no_such.yaml", {}, stand_in_catalog());
    FAIL("a missing file must throw");
  } catch (const ScenarioError& e) {
    CHECK(e.where().line == 0);
    CHECK_THAT(e.what(), Catch::Contains("no_such.yaml") && Catch::Contains("does not exist"));
  }
}
