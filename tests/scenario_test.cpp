// Scenario files: durations, defaults, overrides, the resolved form, and every user error.
#include "sim/scenario/scenario.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario_support.hpp"
#include "sim/files/input_file.hpp"
#include "temp_path.hpp"

using namespace hearsay;
using testing::scenario_data_dir;
using testing::stand_in_catalog;

namespace {

// A model with brands; line numbers below refer to this text.
const std::string shop_text = R"(seed: 1
time: {end: 60d}
model: {name: shop}
brands:
  - name: PitchCo
    style: hard_sell
    answer_prob: 0.3
    campaign:
      - {start: 0d, end: 7d, pitches_per_day: 10}
      - {start: 30d, end: 37d, pitches_per_day: 8}
  - name: PeopleCo
    style: soft_sell
output: {cascades: true}
)";

// Line numbers below refer to this text; error cases edit single lines of it.
const std::string base_text = R"(name: base
description: A toy run.
seed: 42
replications: 3
time:
  end: 30d
  sample_every: 12h
network:
  generator: erdos_renyi
  nodes: 100
  mean_degree: 4
model:
  name: toy
  rate: 0.5
  beta: 0.25
seeding:
  count: 5
  strategy: top_degree
output:
  path: results/base.h5
)";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string text_of(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

/// base_text with 1-based line `n` replaced (an empty replacement removes the line).
std::string replace_line(int n, const std::string& replacement,
                         const std::string& text = base_text) {
  auto lines = lines_of(text);
  if (replacement.empty())
    lines.erase(lines.begin() + (n - 1));
  else
    lines[static_cast<std::size_t>(n - 1)] = replacement;
  return text_of(lines);
}

std::string insert_after(int n, const std::string& line, const std::string& text = base_text) {
  auto lines = lines_of(text);
  lines.insert(lines.begin() + n, line);
  return text_of(lines);
}

Scenario parse_text(const std::string& text, const std::vector<std::string>& overrides = {},
                    const std::string& file = "/scenarios/base.yaml") {
  return parse_scenario(text, file, overrides, stand_in_catalog());
}

void require_same_brands(const std::vector<BrandSpec>& a, const std::vector<BrandSpec>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].name == b[i].name);
    CHECK(a[i].style == b[i].style);
    CHECK(a[i].params.all() == b[i].params.all());
    REQUIRE(a[i].campaign.size() == b[i].campaign.size());
    for (std::size_t j = 0; j < a[i].campaign.size(); ++j) {
      CHECK(a[i].campaign[j].start == b[i].campaign[j].start);
      CHECK(a[i].campaign[j].end == b[i].campaign[j].end);
      CHECK(a[i].campaign[j].params.all() == b[i].campaign[j].params.all());
    }
  }
}

void require_same(const Scenario& a, const Scenario& b) {
  CHECK(a.name == b.name);
  CHECK(a.description == b.description);
  CHECK(a.seed == b.seed);
  CHECK(a.replications == b.replications);
  CHECK(a.time.end == b.time.end);
  CHECK(a.time.sample_every == b.time.sample_every);
  CHECK(a.has_network == b.has_network);
  CHECK(a.network.generator == b.network.generator);
  CHECK(a.network.fixed == b.network.fixed);
  CHECK(a.network.params.all() == b.network.params.all());
  CHECK(a.model.name == b.model.name);
  CHECK(a.model.params.all() == b.model.params.all());
  CHECK(a.seeding.mode == b.seeding.mode);
  CHECK(a.seeding.count == b.seeding.count);
  CHECK(a.seeding.fraction == b.seeding.fraction);
  CHECK(a.seeding.nodes == b.seeding.nodes);
  CHECK(a.seeding.strategy == b.seeding.strategy);
  CHECK(a.output_path == b.output_path);
  require_same_brands(a.brands, b.brands);
  CHECK(a.output_cascades == b.output_cascades);
  CHECK(a.resolved_yaml == b.resolved_yaml);
}

void require_round_trip(const Scenario& s) {
  INFO(s.resolved_yaml);
  const Scenario again = parse_text(s.resolved_yaml, {}, "/elsewhere/resolved.yaml");
  require_same(s, again);
}

}  // namespace

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

TEST_CASE("scenario: every user error names file, line, key and a fix", "[scenario]") {
  struct ErrorCase {
    const char* what;
    std::string text;
    std::vector<std::string> overrides;
    int line;                          ///< 0: no line (override, empty file)
    std::string key;                   ///< the dotted key path, or empty
    std::vector<std::string> phrases;  ///< must all appear in the message
    std::string file = "bad.yaml";
  };
  const std::string hawkes_with_network = R"(seed: 1
time: {end: 5}
network:
  generator: complete
  nodes: 10
model:
  name: hawkes
)";
  const std::string missing_edges = R"(seed: 1
time: {end: 5}
model: {name: toy, rate: 1}
network:
  generator: edge_list
  directed: false
  path: no_such_edges.txt
)";
  std::vector<ErrorCase> cases = {
      // Network generators' constraints are the user's errors too: at the key that breaks one.
      {"erdos_renyi mean degree above nodes - 1",
       replace_line(10, "  nodes: 3"),
       {},
       11,
       "network.mean_degree",
       {"mean_degree = 4 exceeds nodes - 1 = 2", "use mean_degree at most 2, or more nodes"}},
      {"erdos_renyi with one node and edges",
       replace_line(10, "  nodes: 1", replace_line(17, "  count: 1")),
       {},
       11,
       "network.mean_degree",
       {"mean_degree = 4 exceeds nodes - 1 = 0"}},
      {"watts_strogatz k too large for the ring",
       replace_line(11, "  k: 5\n  rewire: 0.1",
                    replace_line(10, "  nodes: 10",
                                 replace_line(9, "  generator: watts_strogatz",
                                              replace_line(17, "  count: 1")))),
       {},
       11,
       "network.k",
       {"k = 5 neighbours per side needs 2k < nodes = 10", "use k at most 4"}},
      {"barabasi_albert m not below nodes",
       replace_line(11, "  m: 5",
                    replace_line(9, "  generator: barabasi_albert",
                                 replace_line(10, "  nodes: 5", replace_line(17, "  count: 1")))),
       {},
       11,
       "network.m",
       {"m = 5 must be below nodes = 5"}},
      {"random_regular with an odd number of stubs",
       replace_line(11, "  degree: 3",
                    replace_line(9, "  generator: random_regular",
                                 replace_line(10, "  nodes: 5", replace_line(17, "  count: 1")))),
       {},
       11,
       "network.degree",
       {"nodes x degree = 15 is odd", "make nodes or degree even"}},
      {"more samples per run than a run can hold",
       replace_line(7, "  sample_every: 1s", replace_line(6, "  end: 100y")),
       {},
       7,
       "time.sample_every",
       {"samples per run (at most 10000000)", "use a longer sampling step"}},
      {"a --set value that refers to itself through a YAML alias",
       base_text,
       {"model.beta=&a [*a]"},
       0,
       "",
       {"in --set model.beta=&a [*a]", "refers to itself", "without & anchors and * aliases"}},
      {"unknown top-level key",
       replace_line(4, "replicatons: 3"),
       {},
       4,
       "replicatons",
       {"unknown key 'replicatons'", "did you mean 'replications'?", "seed, replications, time"}},
      {"unknown model param",
       replace_line(15, "  betta: 0.25"),
       {},
       15,
       "model.betta",
       {"did you mean 'beta'?", "name, beta, contacts"}},
      {"unknown network param",
       replace_line(11, "  mean_degre: 4"),
       {},
       11,
       "network.mean_degre",
       {"did you mean 'mean_degree'?"}},
      {"unknown time key without suggestion",
       replace_line(7, "  every: 1d"),
       {},
       7,
       "time.every",
       {"keys allowed in 'time': end, sample_every"}},
      {"reserved key",
       insert_after(20, "population: {}"),
       {},
       21,
       "population",
       {"not supported yet"}},
      {"seed not a number",
       replace_line(3, "seed: abc"),
       {},
       3,
       "seed",
       {"expected a whole number", "found 'abc'"}},
      {"negative seed", replace_line(3, "seed: -1"), {}, 3, "seed", {"out of range", ">= 0"}},
      {"fractional replications",
       replace_line(4, "replications: 2.5"),
       {},
       4,
       "replications",
       {"expected a whole number", "found '2.5'"}},
      {"replications out of range",
       replace_line(4, "replications: 0"),
       {},
       4,
       "replications",
       {"out of range", "use a value in [1, 10000000]"}},
      {"real out of range",
       replace_line(15, "  beta: 1.5"),
       {},
       15,
       "model.beta",
       {"1.5 is out of range", "use a value in [0, 1] (unit: probability)"}},
      {"min_exclusive",
       replace_line(14, "  rate: 0"),
       {},
       14,
       "model.rate",
       {"0 is out of range (allowed: > 0)", "contacts per day"}},
      {"real given text",
       replace_line(15, "  beta: high"),
       {},
       15,
       "model.beta",
       {"expected a number", "in [0, 1]"}},
      {"real given a list",
       replace_line(15, "  beta: [1]"),
       {},
       15,
       "model.beta",
       {"found a list"}},
      {"boolean given yes",
       insert_after(15, "  annoyed: yes"),
       {},
       16,
       "model.annoyed",
       {"expected true or false", "found 'yes'"}},
      {"choice not in list",
       insert_after(15, "  style: hard-sell"),
       {},
       16,
       "model.style",
       {"did you mean 'hard_sell'?", "allowed: hard_sell, soft_sell"}},
      {"bad duration unit",
       insert_after(15, "  delay: 2x"),
       {},
       16,
       "model.delay",
       {"'2x' is not a duration", "90min, 36h, 1.5d, 1w, 6mo"}},
      {"ambiguous duration unit m",
       insert_after(15, "  delay: 6m"),
       {},
       16,
       "model.delay",
       {"'6m' is ambiguous: the unit m could mean minutes or months",
        "write 6min for minutes or 6mo for months (365/12 d)"}},
      {"duration out of range",
       replace_line(6, "  end: 0h"),
       {},
       6,
       "time.end",
       {"out of range", "> 0"}},
      {"sample_every longer than end",
       replace_line(7, "  sample_every: 5w"),
       {},
       7,
       "time.sample_every",
       {"longer than end", "<= time.end"}},
      {"missing seed",
       replace_line(3, ""),
       {},
       1,
       "seed",
       {"missing required key 'seed'", "add 'seed:"}},
      {"missing time",
       replace_line(5, "", replace_line(6, "", replace_line(7, ""))),
       {},
       1,
       "time",
       {"missing required key 'time'", "end: 30d"}},
      {"missing time.end",
       replace_line(6, ""),
       {},
       5,
       "time.end",
       {"missing required key 'end'", "add 'end:", "> 0 d"}},
      {"missing model.name",
       replace_line(13, ""),
       {},
       12,
       "model.name",
       {"add 'name:", "toy, hawkes"}},
      {"missing network.generator",
       replace_line(9, ""),
       {},
       8,
       "network.generator",
       {"add 'generator:", "erdos_renyi", "ring"}},
      {"typo in a required key",
       replace_line(9, "  generater: ring"),
       {},
       9,
       "network.generater",
       {"did you mean 'generator'?"}},
      {"missing required model param",
       replace_line(14, ""),
       {},
       12,
       "model.rate",
       {"missing required key 'rate'", "add 'rate:", "contacts per day"}},
      {"YAML syntax error",
       replace_line(10, "  nodes: [100"),
       {},
       11,
       "",
       {"invalid YAML", "indentation"}},
      {"unknown model",
       replace_line(13, "  name: tyo"),
       {},
       13,
       "model.name",
       {"unknown model 'tyo'", "did you mean 'toy'?", "models: toy, hawkes"}},
      {"unknown generator",
       replace_line(9, "  generator: erdos_reny"),
       {},
       9,
       "network.generator",
       {"unknown generator 'erdos_reny'", "did you mean 'erdos_renyi'?", "ring", "complete",
        "edge_list"}},
      {"too many seeds",
       replace_line(17, "  count: 500"),
       {},
       17,
       "seeding.count",
       {"500 seeds", "100 nodes", "count <= 100"}},
      {"seed node out of range",
       replace_line(18, "", replace_line(17, "  nodes: [1, 100]")),
       {},
       17,
       "seeding.nodes[1]",
       {"node 100 does not exist", "from 0 to 99"}},
      {"seed node listed twice",
       replace_line(18, "", replace_line(17, "  nodes: [3, 3]")),
       {},
       17,
       "seeding.nodes[1]",
       {"listed twice", "once"}},
      {"both count and fraction",
       insert_after(17, "  fraction: 0.1"),
       {},
       18,
       "seeding.fraction",
       {"'count' and 'fraction' are both given", "exactly one of 'count', 'fraction', 'nodes'"}},
      {"fraction out of range",
       replace_line(17, "  fraction: 0"),
       {},
       17,
       "seeding.fraction",
       {"in (0, 1]"}},
      {"strategy with nodes",
       replace_line(17, "  nodes: [1, 2]"),
       {},
       18,
       "seeding.strategy",
       {"does not apply", "remove 'strategy'"}},
      {"network for a model that needs none",
       hawkes_with_network,
       {},
       3,
       "network",
       {"model hawkes runs without a network", "remove 'network'"}},
      {"no network for a model that needs one",
       replace_line(8, "", replace_line(9, "", replace_line(10, "", replace_line(11, "")))),
       {},
       1,
       "network",
       {"needs a network", "generator: erdos_renyi"}},
      {"missing edge-list file",
       missing_edges,
       {},
       7,
       "network.path",
       {"no_such_edges.txt", "does not exist",
        "relative paths are resolved against the scenario's folder"},
       scenario_data_dir + "/inline.yaml"},
      {"section of the wrong type",
       replace_line(8, "network: 5",
                    replace_line(9, "", replace_line(10, "", replace_line(11, "")))),
       {},
       8,
       "network",
       {"'network' must be a mapping", "found '5'", "write it as"}},
      {"list expected",
       insert_after(15, "  weights: 0.5"),
       {},
       16,
       "model.weights",
       {"expected a list of numbers", "found '0.5'"}},
      {"list element out of range",
       insert_after(15, "  weights: [0.5, 2]"),
       {},
       16,
       "model.weights[1]",
       {"2 is out of range", "in [0, 1]"}},
      {"text given a list",
       replace_line(1, "name: [a, b]"),
       {},
       1,
       "name",
       {"expected text", "found a list"}},
      {"integer generator param",
       replace_line(10, "  nodes: 2.5"),
       {},
       10,
       "network.nodes",
       {"expected a whole number"}},
      {"negative mean degree",
       replace_line(11, "  mean_degree: -1"),
       {},
       11,
       "network.mean_degree",
       {"-1 is out of range", ">= 0"}},
      {"duplicate key",
       insert_after(4, "seed: 7"),
       {},
       5,
       "seed",
       {"key 'seed' appears twice at the top level (first at line 3)", "keep only one 'seed'"}},
      {"duplicate key in a section",
       insert_after(15, "  beta: 0.5"),
       {},
       16,
       "model.beta",
       {"appears twice in 'model'"}},
      {"top_degree without a network",
       "seed: 1\ntime: {end: 5}\nmodel: {name: hawkes}\nseeding: {strategy: top_degree}\n",
       {},
       4,
       "seeding.strategy",
       {"needs a network", "strategy: random"}},
      {"list element of the wrong type",
       insert_after(15, "  weights: [0.5, x]"),
       {},
       16,
       "model.weights[1]",
       {"expected a number, found 'x'"}},
      {"fraction without a network",
       "seed: 1\ntime: {end: 5}\nmodel: {name: hawkes}\nseeding:\n  fraction: 0.5\n",
       {},
       5,
       "seeding.fraction",
       {"hawkes runs without a network", "use 'count: N'"}},
      {"empty file", "", {}, 0, "", {"the scenario is empty"}},
      {"scenario not a mapping", "just words\n", {}, 1, "", {"must be a mapping"}},
      {"bad override syntax",
       base_text,
       {"replications"},
       0,
       "replications",
       {"in --set replications: expected KEY=VALUE", "--set model.beta=0.2"}},
      {"bad override key path",
       base_text,
       {"model..beta=1"},
       0,
       "model..beta",
       {"not a valid key path"}},
      {"override to unknown key",
       base_text,
       {"model.betta=0.2"},
       0,
       "model.betta",
       {"in --set model.betta=0.2: unknown key 'betta'", "did you mean 'beta'?"}},
      {"override out of range",
       base_text,
       {"model.beta=2"},
       0,
       "model.beta",
       {"in --set model.beta=2: 2 is out of range", "in [0, 1]"}},
      {"override with invalid YAML",
       base_text,
       {"seeding.nodes=[1,2"},
       0,
       "seeding.nodes",
       {"not valid YAML"}},
      {"override through a scalar",
       base_text,
       {"seed.x=1"},
       0,
       "seed.x",
       {"'seed' is not a section"}},
      {"override list element",
       replace_line(17, "", replace_line(18, "")),
       {"seeding.nodes=[1, 200]"},
       0,
       "seeding.nodes[1]",
       {"in --set seeding.nodes=[1, 200]: node 200 does not exist"}},
  };
  const std::string four_brands =
      replace_line(12, "    style: soft_sell\n  - {name: C}\n  - {name: D}", shop_text);
  // shop_text without its brands; line 4 is `output`.
  const std::string no_brands =
      "seed: 1\ntime: {end: 60d}\nmodel: {name: shop}\n"
      "output: {cascades: true}\n";
  const std::vector<ErrorCase> brand_cases = {
      {"unknown brand key with a suggestion",
       replace_line(7, "    answer_prb: 0.3", shop_text),
       {},
       7,
       "brands[0].answer_prb",
       {"unknown key 'answer_prb'", "did you mean 'answer_prob'?",
        "name, style, campaign, pitches_per_day"}},
      {"duplicate brand name",
       replace_line(11, "  - name: PitchCo", shop_text),
       {},
       11,
       "brands[1].name",
       {"brand name 'PitchCo' is used twice (first by brands[0])", "its own name"}},
      {"unknown style lists the styles",
       replace_line(6, "    style: hardsell", shop_text),
       {},
       6,
       "brands[0].style",
       {"unknown style 'hardsell'", "did you mean 'hard_sell'?", "styles: hard_sell, soft_sell"}},
      {"phase ends before it starts",
       replace_line(9, "      - {start: 5d, end: 2d, pitches_per_day: 10}", shop_text),
       {},
       9,
       "brands[0].campaign[0].end",
       {"ends at 2 d, not after its start (5 d)", "later than 'start'"}},
      {"overlapping phases",
       replace_line(10, "      - {start: 5d, end: 37d, pitches_per_day: 8}", shop_text),
       {},
       10,
       "brands[0].campaign[1].start",
       {"phase 1 starts at 5 d, before phase 0 ends (7 d)", "without overlap"}},
      {"a phase sets a parameter phases may not change",
       replace_line(10, "      - {start: 30d, end: 37d, answer_prob: 1}", shop_text),
       {},
       10,
       "brands[0].campaign[1].answer_prob",
       {"'answer_prob' cannot change during a campaign phase", "a phase may set: pitches_per_day"}},
      {"unknown phase key",
       replace_line(10, "      - {start: 30d, stop: 37d}", shop_text),
       {},
       10,
       "brands[0].campaign[1].stop",
       {"unknown key 'stop'", "start, end, pitches_per_day"}},
      {"phase without a start",
       replace_line(9, "      - {end: 7d, pitches_per_day: 10}", shop_text),
       {},
       9,
       "brands[0].campaign[0].start",
       {"missing required key 'start'"}},
      {"phase value out of range",
       replace_line(9, "      - {start: 0d, end: 7d, pitches_per_day: -1}", shop_text),
       {},
       9,
       "brands[0].campaign[0].pitches_per_day",
       {"-1 is out of range", "pitch posts per day"}},
      {"brand value of the wrong type",
       replace_line(7, "    answer_prob: often", shop_text),
       {},
       7,
       "brands[0].answer_prob",
       {"expected a number, found 'often'", "in [0, 1]"}},
      {"too few brands",
       insert_after(3, "brands: []", no_brands),
       {},
       4,
       "brands",
       {"lists 0 brands; model shop needs 1 to 3", "add brands"}},
      {"too many brands",
       four_brands,
       {},
       14,
       "brands[3]",
       {"lists 4 brands; model shop takes 1 to 3"}},
      {"no brands for a model that needs them",
       no_brands,
       {},
       1,
       "brands",
       {"missing required key 'brands'", "1 to 3 brands", "style: hard_sell"}},
      {"brands not a list",
       insert_after(3, "brands: {name: A}", no_brands),
       {},
       4,
       "brands",
       {"'brands' must be a list of brands, found a mapping"}},
      {"brand without a name",
       replace_line(11, "  - answer_prob: 0.5", replace_line(12, "", shop_text)),
       {},
       11,
       "brands[1].name",
       {"missing required key 'name' in 'brands[1]'"}},
      {"brand name with a dot",
       replace_line(5, "  - name: Pitch.Co", shop_text),
       {},
       5,
       "brands[0].name",
       {"contains '.'", "--set brands.NAME.key"}},
      {"brand name too long",
       replace_line(5, "  - name: " + std::string(65, 'x'), shop_text),
       {},
       5,
       "brands[0].name",
       {"65 characters long (at most 64)"}},
      {"brands for a model without brands",
       insert_after(20, "brands: [{name: A}]"),
       {},
       21,
       "brands",
       {"model toy has no brands", "remove 'brands'"}},
      {"cascades for a model without cascades",
       replace_line(20, "  cascades: true"),
       {},
       20,
       "output.cascades",
       {"model toy does not record cascades", "remove 'cascades'"}},
      {"cascades not a boolean",
       replace_line(13, "output: {cascades: maybe}", shop_text),
       {},
       13,
       "output.cascades",
       {"expected true or false", "found 'maybe'"}},
      {"--set on an unknown brand name",
       shop_text,
       {"brands.PichCo.pitches_per_day=8"},
       0,
       "brands.PichCo.pitches_per_day",
       {"no brand named 'PichCo'", "did you mean 'PitchCo'?", "brands: PitchCo, PeopleCo"}},
      {"--set on a brand key out of range",
       shop_text,
       {"brands.PeopleCo.answer_prob=2"},
       0,
       "brands[1].answer_prob",
       {"in --set brands.PeopleCo.answer_prob=2: 2 is out of range", "in [0, 1]"}},
      {"--set on an unknown brand key",
       shop_text,
       {"brands.PeopleCo.pitches_perday=2"},
       0,
       "brands[1].pitches_perday",
       {"in --set brands.PeopleCo.pitches_perday=2: unknown key 'pitches_perday'",
        "did you mean 'pitches_per_day'?"}},
      {"--set on a brand when there are no brands",
       base_text,
       {"brands.A.rate=1"},
       0,
       "brands.A.rate",
       {"the scenario has no 'brands' list, so no brand 'A'", "--set 'brands=[{name: A, ...}]'"}},
      {"--set past the end of a list",
       shop_text,
       {"brands[2].style=soft_sell"},
       0,
       "brands[2].style",
       {"'brands' has 2 entries, so no [2]", "--set 'brands=[...]'"}},
      {"--set with an index into something not a list",
       base_text,
       {"model[0].beta=1"},
       0,
       "model[0].beta",
       {"'model' is not a list (it is a mapping)"}},
      {"--set on a whole brand",
       shop_text,
       {"brands.PeopleCo=1"},
       0,
       "brands.PeopleCo",
       {"is a whole brand", "--set brands.PeopleCo.style="}},
  };
  for (const ErrorCase& c : brand_cases) cases.push_back(c);
  // Sweeps and arms: base_text ends at line 20 and shop_text at line 13; plans follow.
  std::string thousand;  // 1000 values
  for (int i = 0; i < 1000; ++i) thousand += (i ? ", " : "") + std::to_string(i + 1);
  std::string five_hundred;
  for (int i = 0; i < 500; ++i) five_hundred += (i ? ", " : "") + std::to_string(i + 1);
  const std::vector<ErrorCase> plan_cases = {
      {"sweep not a mapping",
       base_text + "sweep: [1, 2]\n",
       {},
       21,
       "sweep",
       {"'sweep' must be a mapping of dotted keys to lists of values, found a list"}},
      {"empty sweep",
       base_text + "sweep: {}\n",
       {},
       21,
       "sweep",
       {"'sweep' is empty", "remove 'sweep'"}},
      {"sweep with nothing", base_text + "sweep:\n", {}, 21, "sweep", {"'sweep' is empty"}},
      {"swept value not a list",
       base_text + "sweep: {model.beta: 0.2}\n",
       {},
       21,
       "sweep.model.beta",
       {"a swept key needs a list of values, found '0.2'", "model.beta: [0.2, ...]",
        "set it in the scenario instead"}},
      {"swept value with nothing",
       base_text + "sweep:\n  model.beta:\n",
       {},
       22,
       "sweep.model.beta",
       {"a swept key needs a list of values, found nothing"}},
      {"swept value an empty list",
       base_text + "sweep:\n  model.beta: []\n",
       {},
       22,
       "sweep.model.beta",
       {"the list of values is empty", "remove 'model.beta' from the sweep"}},
      {"zip lists of unequal length",
       base_text + "sweep:\n  zip:\n    model.beta: [0.1, 0.2]\n    model.contacts: [1, 2, 3]\n",
       {},
       24,
       "sweep.zip.model.contacts",
       {"the lists of a zip group must have the same length: 'model.beta' has 2 values, "
        "'model.contacts' has 3 values"}},
      {"empty zip", base_text + "sweep:\n  zip: {}\n", {}, 22, "sweep.zip", {"'zip' is empty"}},
      {"zip group not a mapping",
       base_text + "sweep:\n  zip: [{model.beta: [0.1]}, 5]\n",
       {},
       22,
       "sweep.zip[1]",
       {"a zip group must be a mapping of keys to lists of equal length, found '5'"}},
      {"nested zip",
       base_text + "sweep:\n  zip:\n    zip: {model.beta: [0.1]}\n",
       {},
       23,
       "sweep.zip.zip",
       {"zip groups do not nest"}},
      {"a key swept and zipped",
       base_text + "sweep:\n  model.beta: [0.1]\n  zip: {model.beta: [0.2]}\n",
       {},
       23,
       "sweep.zip.model.beta",
       {"'model.beta' is varied twice: in 'sweep.zip' and in 'sweep' (line 22)"}},
      {"a key swept and set by an arm",
       base_text + "sweep: {model.beta: [0.1, 0.2]}\narms:\n  a: {model.beta: 0.3}\n",
       {},
       23,
       "arms.a.model.beta",
       {"'model.beta' is varied twice: in arm 'a' and in 'sweep' (line 21)",
        "either sweep it or set it in the arms"}},
      {"keys that overlap",
       base_text + "sweep:\n  model: [{name: toy, rate: 1}]\n  model.beta: [0.1]\n",
       {},
       23,
       "sweep.model.beta",
       {"'model.beta' overlaps 'model' in 'sweep' (line 22): one contains the other"}},
      {"keys of two arms that overlap",
       base_text + "arms:\n  a: {model.beta: 0.1}\n  b: {model: {name: toy, rate: 1}}\n",
       {},
       23,
       "arms.b.model",
       {"'model' overlaps 'model.beta' in arm 'a' (line 22)"}},
      {"sweeping the name",
       base_text + "sweep: {name: [a, b]}\n",
       {},
       21,
       "sweep.name",
       {"'name' cannot vary between points", "remove 'name' from 'sweep'"}},
      {"sweeping the description",
       base_text + "sweep: {description: [a, b]}\n",
       {},
       21,
       "sweep.description",
       {"'description' cannot vary between points"}},
      {"sweeping the seed",
       base_text + "sweep: {seed: [1, 2]}\n",
       {},
       21,
       "sweep.seed",
       {"'seed' cannot vary between points", "master seed", "more replications"}},
      {"an arm setting replications",
       base_text + "arms: {a: {replications: 5}}\n",
       {},
       21,
       "arms.a.replications",
       {"'replications' cannot vary", "remove 'replications' from the arm"}},
      {"sweeping time",
       base_text + "sweep: {time.end: [1d, 2d]}\n",
       {},
       21,
       "sweep.time.end",
       {"'time.end' cannot vary between points", "one time grid"}},
      {"sweeping output",
       base_text + "sweep: {output.path: [a.h5, b.h5]}\n",
       {},
       21,
       "sweep.output.path",
       {"'output.path' cannot vary", "one results file"}},
      {"sweeping the model's name",
       base_text + "sweep: {model.name: [toy, hawkes]}\n",
       {},
       21,
       "sweep.model.name",
       {"'model.name' cannot vary", "same model", "model.KEY"}},
      {"an arm changing the plan",
       base_text + "arms: {a: {sweep: {}}}\n",
       {},
       21,
       "arms.a.sweep",
       {"cannot change the plan itself"}},
      {"sweeping the brands list",
       shop_text + "sweep: {brands: [[{name: A}]]}\n",
       {},
       14,
       "sweep.brands",
       {"brand names and their number must be the same at every point"}},
      {"sweeping a brand's name",
       shop_text + "sweep: {brands.PitchCo.name: [A, B]}\n",
       {},
       14,
       "sweep.brands.PitchCo.name",
       {"'brands.PitchCo.name' cannot vary", "brands.NAME.style"}},
      {"an arm setting a whole brand",
       shop_text + "arms: {a: {brands.PitchCo: {name: X}}}\n",
       {},
       14,
       "arms.a.brands.PitchCo",
       {"brand names and their number"}},
      {"sweeping a brand by position",
       shop_text + "sweep:\n  brands[1]: [{name: X}]\n",
       {},
       15,
       "sweep.brands[1]",
       {"brand names and their number"}},
      {"sweeping an unknown brand",
       shop_text + "sweep: {brands.PichCo.pitches_per_day: [1, 2]}\n",
       {},
       14,
       "sweep.brands.PichCo.pitches_per_day",
       {"there is no brand named 'PichCo'", "did you mean 'PitchCo'?"}},
      {"sweeping through a value",
       base_text + "sweep: {model.beta.x: [1]}\n",
       {},
       21,
       "sweep.model.beta.x",
       {"'model.beta' is not a section (it is '0.25')"}},
      {"an arm setting a key twice",
       shop_text +
           "arms:\n  a:\n    brands.PitchCo.style: soft_sell\n    brands[0].style: hard_sell\n",
       {},
       17,
       "arms.a.brands[0].style",
       {"arm 'a' sets the same key twice, as 'brands.PitchCo.style' and as 'brands[0].style'"}},
      {"a typo of sweep",
       base_text + "swep: {model.beta: [1]}\n",
       {},
       21,
       "swep",
       {"did you mean 'sweep'?"}},
      {"empty arms",
       base_text + "arms: {}\n",
       {},
       21,
       "arms",
       {"'arms' is empty", "remove 'arms'"}},
      {"arms not a mapping",
       base_text + "arms: [a, b]\n",
       {},
       21,
       "arms",
       {"'arms' must be a mapping of arm names"}},
      {"an arm not a mapping",
       base_text + "arms:\n  a: 5\n",
       {},
       22,
       "arms.a",
       {"an arm must be a mapping of dotted keys to values, found '5'", "'a: {}'"}},
      {"an empty arm name",
       base_text + "arms:\n  '': {}\n",
       {},
       22,
       "arms",
       {"an arm's name is empty"}},
      {"an arm name too long",
       base_text + "arms:\n  " + std::string(65, 'a') + ": {}\n",
       {},
       22,
       "arms." + std::string(65, 'a'),
       {"65 characters long (at most 64)"}},
      {"an arm name with a slash",
       base_text + "arms:\n  soft/hard: {}\n",
       {},
       22,
       "arms.soft/hard",
       {"arm name 'soft/hard' contains '/'"}},
      {"an arm name with a dot",
       base_text + "arms:\n  v1.2: {}\n",
       {},
       22,
       "arms.v1.2",
       {"arm name 'v1.2' contains '.'"}},
      {"a swept key also given with --set",
       base_text + "sweep: {model.beta: [0.1, 0.2]}\n",
       {"model.beta=0.3"},
       21,
       "sweep.model.beta",
       {"'model.beta' is varied in 'sweep', and --set model.beta=0.3 sets it for every point",
        "remove one of them"}},
      {"an arm key inside a section given with --set",
       base_text + "arms: {a: {model.beta: 0.1}}\n",
       {"model={name: toy, rate: 1}"},
       21,
       "arms.a.model.beta",
       {"and --set model={name: toy, rate: 1} sets an overlapping key"}},
      {"too many points",
       base_text + "sweep:\n  model.beta: [" + thousand + "]\n  model.contacts: [" + thousand +
           ", 0]\n",
       {},
       21,
       "sweep",
       {"the plan has 1001000 points (1000 values x 1001 values); at most 1000000 are allowed",
        "zip"}},
      {"too many runs",
       replace_line(4, "replications: 10000000") + "sweep: {model.contacts: [" + five_hundred +
           "]}\n",
       {},
       21,
       "sweep",
       {"500 points x 10000000 replications = 5000000000 runs; at most 4294967295"}},
      {"a swept value out of range",
       base_text + "sweep: {model.beta: [0.2, -1]}\n",
       {},
       21,
       "model.beta",
       {"in sweep value model.beta = -1: -1 is out of range", "(at point 1: model.beta = -1)",
        "use a value in [0, 1]"}},
      {"an arm value of the wrong type",
       shop_text + "arms:\n  soft: {brands.PitchCo.style: softsell}\n",
       {},
       15,
       "brands[0].style",
       {"in arm 'soft': brands.PitchCo.style = softsell: unknown style 'softsell'",
        "(at point 0: arm 'soft')"}},
      {"a swept key the model does not have",
       base_text + "sweep: {model.betta: [0.1]}\n",
       {},
       21,
       "model.betta",
       {"in sweep value model.betta = 0.1: unknown key 'betta'", "did you mean 'beta'?"}},
      {"a required key only in the sweep",
       replace_line(14, "") + "sweep: {model.rate: [1, 2]}\n",
       {},
       12,
       "model.rate",
       {"missing required key 'rate'", "varies in 'sweep' or 'arms'", "give it a value here too"}},
      {"a point whose model needs no network",
       base_text + "sweep: {model: [{name: toy, rate: 1}, {name: hawkes}]}\n",
       {},
       8,
       "network",
       {"model hawkes runs without a network", "(at point 1: model = {name: hawkes})"}},
  };
  for (const ErrorCase& c : plan_cases) cases.push_back(c);
  REQUIRE(cases.size() >= 80);
  for (const ErrorCase& c : cases) {
    INFO("case: " << c.what << "\n--- text ---\n" << c.text);
    bool thrown = false;
    try {
      parse_scenario(c.text, c.file, c.overrides, stand_in_catalog());
    } catch (const ScenarioError& e) {
      thrown = true;
      const std::string message = e.what();
      INFO("message: " << message);
      CHECK_THAT(message, Catch::Contains(c.file));
      CHECK(e.where().file == c.file);
      CHECK(e.where().line == c.line);
      if (c.line > 0)
        CHECK_THAT(message, Catch::Contains(c.file + ":" + std::to_string(c.line) + ":"));
      if (!c.overrides.empty()) CHECK_THAT(message, Catch::Contains("--set"));
      CHECK(e.key() == c.key);
      if (!c.key.empty()) CHECK_THAT(message, Catch::Contains("'" + c.key + "'"));
      for (const std::string& phrase : c.phrases) CHECK_THAT(message, Catch::Contains(phrase));
      CHECK_FALSE(e.problem().empty());
    }
    CHECK(thrown);
  }
}

TEST_CASE("scenario: errors point at the column of the value", "[scenario]") {
  try {
    parse_text(replace_line(15, "  beta: 1.5"), {}, "cols.yaml");
    FAIL("must throw");
  } catch (const ScenarioError& e) {
    CHECK(e.where().line == 15);
    CHECK(e.where().column == 9);
    CHECK_THAT(e.what(), Catch::StartsWith("cols.yaml:15:9: error: 'model.beta': "));
  }
}

TEST_CASE("scenario: brands resolve default <- style <- own keys, with campaigns", "[scenario]") {
  const Scenario s = parse_text(shop_text);
  REQUIRE(s.brands.size() == 2);
  const BrandSpec& pitch = s.brands[0];
  CHECK(pitch.name == "PitchCo");
  CHECK(pitch.style == "hard_sell");
  CHECK(pitch.params.real("pitches_per_day") == 4);  // style
  CHECK(pitch.params.real("answer_prob") == 0.3);    // own key over the style's 0.2
  CHECK(pitch.params.real("answer_delay") == 1);     // schema default
  CHECK(pitch.params.text("voice") == "casual");
  REQUIRE(pitch.campaign.size() == 2);
  CHECK(pitch.campaign[0].start == 0);
  CHECK(pitch.campaign[0].end == 7);
  CHECK(pitch.campaign[0].params.real("pitches_per_day") == 10);
  CHECK(pitch.campaign[1].start == 30);
  CHECK(pitch.campaign[1].params.all().size() == 1);  // a phase holds only what it sets
  const BrandSpec& people = s.brands[1];
  CHECK(people.style == "soft_sell");
  CHECK(people.params.real("pitches_per_day") == 0.2);
  CHECK(people.params.real("answer_prob") == 0.9);
  CHECK(people.params.real("answer_delay") == 0.25);
  CHECK(people.campaign.empty());
  CHECK(s.output_cascades);
  require_round_trip(s);

  SECTION("without a style, every value is the default; cascades default to off") {
    const Scenario d = parse_text(
        "seed: 1\ntime: {end: 5}\nmodel: {name: shop}\nbrands: [{name: Plain, voice: "
        "formal, answer_delay: 90min}]\n");
    REQUIRE(d.brands.size() == 1);
    CHECK(d.brands[0].style.empty());
    CHECK(d.brands[0].params.real("pitches_per_day") == 1);
    CHECK(d.brands[0].params.real("answer_delay") == 0.0625);
    CHECK(d.brands[0].params.text("voice") == "formal");
    CHECK_FALSE(d.output_cascades);
    CHECK_THAT(d.resolved_yaml, Catch::Contains("cascades: false"));
    require_round_trip(d);
  }
  SECTION("an empty campaign is no campaign") {
    const Scenario e = parse_text(
        "seed: 1\ntime: {end: 5}\nmodel: {name: shop}\nbrands: [{name: A, campaign: []}]\n");
    CHECK(e.brands[0].campaign.empty());
  }
  SECTION("phases may touch: one ends when the next starts") {
    const Scenario t = parse_text(
        replace_line(10, "      - {start: 7d, end: 37d, pitches_per_day: 8}", shop_text));
    CHECK(t.brands[0].campaign[1].start == 7);
  }
}

TEST_CASE("scenario: --set brands.NAME.key changes that brand only", "[scenario]") {
  const Scenario s =
      parse_text(shop_text, {"brands.PitchCo.pitches_per_day=8", "brands.PeopleCo.style=hard_sell",
                             "brands.PeopleCo.campaign=[{start: 1d, end: 2d, pitches_per_day: 3}]",
                             "output.cascades=false"});
  REQUIRE(s.brands.size() == 2);
  CHECK(s.brands[0].params.real("pitches_per_day") == 8);
  CHECK(s.brands[0].params.real("answer_prob") == 0.3);  // untouched
  CHECK(s.brands[0].campaign.size() == 2);
  CHECK(s.brands[1].style == "hard_sell");
  CHECK(s.brands[1].params.real("pitches_per_day") == 4);  // from the new style
  CHECK(s.brands[1].params.real("answer_delay") == 1);     // soft_sell's 0.25 is gone
  REQUIRE(s.brands[1].campaign.size() == 1);
  CHECK(s.brands[1].campaign[0].params.real("pitches_per_day") == 3);
  CHECK_FALSE(s.output_cascades);
  require_round_trip(s);

  // The positional form that error messages print works too.
  const Scenario p =
      parse_text(shop_text, {"brands[1].answer_prob=0.1", "brands[0].campaign[1].end=40d",
                             "brands[0].campaign[0]={start: 1d, end: 2d}", "model.name=shop"});
  CHECK(p.brands[1].params.real("answer_prob") == 0.1);
  CHECK(p.brands[0].campaign[1].end == 40);
  CHECK(p.brands[0].campaign[0].start == 1);
  CHECK(p.brands[0].campaign[0].params.all().empty());
  require_round_trip(p);

  // A whole new list replaces the file's.
  const Scenario r = parse_text(shop_text, {"brands=[{name: Solo, style: soft_sell}]"});
  REQUIRE(r.brands.size() == 1);
  CHECK(r.brands[0].name == "Solo");
  // The override reaches a brand added by an earlier override.
  const Scenario a = parse_text(shop_text, {"brands=[{name: Solo}]", "brands.Solo.answer_prob=1"});
  CHECK(a.brands[0].params.real("answer_prob") == 1);
}

TEST_CASE("scenario: resolved brands list every parameter in schema order", "[scenario]") {
  const Scenario s = parse_text(shop_text);
  const std::string& y = s.resolved_yaml;
  INFO(y);
  CHECK(y.find("\nseeding:") < y.find("\nbrands:"));
  CHECK(y.find("\nbrands:") < y.find("\noutput:"));
  const std::size_t people = y.find("name: PeopleCo");
  REQUIRE(people != std::string::npos);
  std::vector<std::size_t> at;
  for (const char* key : {"name: PitchCo", "style: hard_sell", "pitches_per_day: 4",
                          "answer_prob: 0.3", "answer_delay: 1", "voice: casual",
                          "campaign:", "start: 0", "end: 7", "pitches_per_day: 10", "start: 30"})
    at.push_back(y.find(key));
  CHECK(std::is_sorted(at.begin(), at.end()));
  CHECK(at.back() < people);
  CHECK(y.find("answer_delay: 0.25", people) != std::string::npos);
  CHECK_THAT(y, Catch::Contains("cascades: true"));
  // Models without brands show none of it.
  CHECK(parse_text(base_text).resolved_yaml.find("brands") == std::string::npos);
  CHECK(parse_text(base_text).resolved_yaml.find("cascades") == std::string::npos);
}
