// Brands end to end without the wom model: a fake per-brand model through loader, runner, file.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "sim/results/h5.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"
#include "temp_path.hpp"

using namespace hearsay;

namespace {

namespace fs = std::filesystem;

// --- the fake model ---------------------------------------------------------------------------
// Per brand, a count grows from `start_count` at the brand's `rate`, or at a campaign phase's
// rate while the phase lasts: exact values the test can write down. With cascades on, brand b
// starts cascade b at node b, told on to 1 + (seed % 3) agents for brand 0 and to one for the
// others, so each run's rows differ and show which run they belong to.

ParamSpec real_param(std::string name, double default_value, std::string unit, double min) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.kind = ParamKind::real;
  spec.default_value = default_value;
  spec.unit = std::move(unit);
  spec.min = min;
  return spec;
}

ModelInfo tally_info() {
  ModelInfo info;
  info.name = "tally";
  info.summary = "counts per brand at the brand's rate";
  info.needs_network = false;
  ParamSpec fail;
  fail.name = "fail";
  fail.kind = ParamKind::boolean;
  fail.default_value = 0;
  fail.help = "every run throws (tests the failed-run path)";
  info.params = {fail};
  ParamSpec rate = real_param("rate", 1, "1/d", 0);
  rate.help = "counts per day";
  ParamSpec start = real_param("start_count", 0, "counts", 0);
  start.help = "count at time 0";
  info.brands.params = {rate, start};
  info.brands.styles = {{"eager", "counts fast", {{"rate", 5}}},
                        {"steady", "a head start, then slow", {{"rate", 1}, {"start_count", 10}}}};
  info.brands.phase_params = {"rate"};
  info.brands.min = 1;
  info.brands.max = 4;
  info.has_cascades = true;
  info.series = {
      {.name = "count", .unit = "counts", .description = "the brand's count", .per_brand = true},
      {.name = "total", .unit = "counts", .description = "all brands' counts"}};
  info.summaries = {{.name = "final_count",
                     .unit = "counts",
                     .description = "count at the end",
                     .per_brand = true},
                    {.name = "brands", .unit = "", .description = "number of brands"}};
  return info;
}

/// The brand's count at time t: rate integrated piecewise over its campaign phases.
double count_at(const BrandSpec& brand, Time t) {
  const double rate = brand.params.real("rate");
  double count = brand.params.real("start_count");
  Time cursor = 0;
  for (const PhaseSpec& phase : brand.campaign) {
    if (phase.start >= t) break;
    count += rate * (phase.start - cursor);
    const Time end = std::min(phase.end, t);
    count += (phase.params.has("rate") ? phase.params.real("rate") : rate) * (end - phase.start);
    cursor = end;
  }
  return count + rate * std::max(0.0, t - cursor);
}

RunOutput run_tally(const RunInput& input) {
  if (input.params->flag("fail")) throw std::runtime_error("tally: asked to fail");
  const std::vector<Time>& times = input.grid->times;
  const std::size_t brands = input.brands.size();
  RunOutput out;
  // Layout of model_api.hpp: per-brand metric brand-major (B x T), then the plain one (T).
  for (const BrandSpec& brand : input.brands)
    for (const Time t : times) out.series.push_back(count_at(brand, t));
  for (const Time t : times) {
    double total = 0;
    for (const BrandSpec& brand : input.brands) total += count_at(brand, t);
    out.series.push_back(total);
  }
  for (const BrandSpec& brand : input.brands)
    out.summary.push_back(count_at(brand, input.grid->end));
  out.summary.push_back(static_cast<double>(brands));
  if (input.record_cascades) {
    for (std::size_t b = 0; b < brands; ++b) {
      const auto id = static_cast<std::uint32_t>(b);
      out.cascades.push_back({.cascade = id,
                              .node = id,
                              .parent = -1,
                              .time = 0,
                              .valence = 1,
                              .brand = static_cast<std::uint8_t>(b)});
      const std::uint64_t children = b == 0 ? 1 + input.seed % 3 : 1;
      for (std::uint64_t c = 0; c < children; ++c)
        out.cascades.push_back({.cascade = id,
                                .node = static_cast<NodeId>(100 + 10 * b + c),
                                .parent = static_cast<std::int64_t>(b),
                                .time = 0.5 * static_cast<double>(c + 1),
                                .valence = static_cast<std::int8_t>(b % 2 == 0 ? 1 : -1),
                                .brand = static_cast<std::uint8_t>(b)});
    }
  }
  out.events = times.size() * brands;
  return out;
}

const ModelEntry& tally() {
  static const ModelEntry entry{
      tally_info(), run_tally,
      [](const ParamValues&, std::uint64_t nodes) -> std::uint64_t { return 8 * nodes; }};
  return entry;
}

const ModelRegistry& tally_catalog() {
  static const ModelRegistry registry("model", "models", {&tally()});
  return registry;
}

// Eager counts 5/d; Steady starts at 10, counts 1/d, and 3/d during days 2 to 4.
const std::string two_brands = R"(name: two-brands
seed: 11
replications: 3
time: {end: 6d, sample_every: 1d}
model: {name: tally}
brands:
  - {name: Eager, style: eager}
  - name: Steady
    style: steady
    campaign:
      - {start: 2d, end: 4d, rate: 3}
output: {cascades: true}
)";

Scenario load(const std::vector<std::string>& overrides = {}) {
  return parse_scenario(two_brands, "two-brands.yaml", overrides, tally_catalog());
}

using hearsay::testing::TempPath;

ScenarioResult run_to(const Scenario& scenario, const std::string& path, unsigned threads) {
  RunOptions options;
  options.output_path = path;
  options.threads = threads;
  return run_scenario(scenario, tally(), options);
}

using Row = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t,
                       double, std::int8_t, std::uint8_t>;

/// Every /cascades row, sorted: the file holds runs in the order they finished.
std::vector<Row> cascade_rows(const h5::File& file) {
  const h5::Group g = h5::open_group(file, "cascades");
  const auto point = h5::read_all<std::uint32_t>(h5::open_dataset(g, "point"));
  const auto replication = h5::read_all<std::uint32_t>(h5::open_dataset(g, "replication"));
  const auto cascade = h5::read_all<std::uint32_t>(h5::open_dataset(g, "cascade"));
  const auto node = h5::read_all<std::uint32_t>(h5::open_dataset(g, "node"));
  const auto parent = h5::read_all<std::int64_t>(h5::open_dataset(g, "parent"));
  const auto time = h5::read_all<double>(h5::open_dataset(g, "time"));
  const auto valence = h5::read_all<std::int8_t>(h5::open_dataset(g, "valence"));
  const auto brand = h5::read_all<std::uint8_t>(h5::open_dataset(g, "brand"));
  std::vector<Row> rows;
  for (std::size_t i = 0; i < node.size(); ++i)
    rows.emplace_back(point.at(i), replication.at(i), cascade.at(i), node[i], parent.at(i),
                      time.at(i), valence.at(i), brand.at(i));
  std::sort(rows.begin(), rows.end());
  return rows;
}

const double eager[] = {0, 5, 10, 15, 20, 25, 30};
const double steady[] = {10, 11, 12, 15, 18, 19, 20};

}  // namespace

TEST_CASE("brands: the loader hands the runner every brand, style and phase", "[brands]") {
  const Scenario s = load();
  REQUIRE(s.brands.size() == 2);
  CHECK(s.brands[0].params.real("rate") == 5);
  CHECK(s.brands[1].params.real("start_count") == 10);
  REQUIRE(s.brands[1].campaign.size() == 1);
  CHECK(count_at(s.brands[1], 3.0) == 15.0);
  CHECK(s.output_cascades);
}

TEST_CASE("brands: a per-brand model runs end to end into the results file", "[brands][hdf5]") {
  const TempPath path;
  const Scenario scenario = load();
  const ScenarioResult result = run_to(scenario, path.str(), 2);

  // In memory: each run's summary is final_count per brand, then brands.
  CHECK(result.brands == std::vector<std::string>{"Eager", "Steady"});
  REQUIRE(result.summary.size() == 3);
  for (const auto& run : result.summary) CHECK(run == std::vector<double>{30, 20, 2});

  const h5::File file = h5::open_file(path.str());
  const h5::Dataset brand = h5::open_dataset(file, "brand");
  CHECK(h5::read_string_list(brand) == std::vector<std::string>{"Eager", "Steady"});
  CHECK(h5::is_dimension_scale(brand));
  CHECK(h5::read_attribute<std::int64_t>(file, "format_version") == 1);

  const h5::Group series = h5::open_group(file, "series");
  const h5::Dataset count = h5::open_dataset(series, "count");
  CHECK(h5::dataset_dims(count) == std::vector<hsize_t>{1, 3, 2, 7});
  CHECK(h5::read_string_attribute(count, "dimensions") == "point replication brand time");
  CHECK(h5::read_string_attribute(count, "units") == "counts");
  CHECK(h5::is_attached(count, h5::open_dataset(file, "point"), 0));
  CHECK(h5::is_attached(count, h5::open_dataset(file, "replication"), 1));
  CHECK(h5::is_attached(count, brand, 2));
  CHECK(h5::is_attached(count, h5::open_dataset(file, "time"), 3));
  const std::vector<double> counts = h5::read_all<double>(count);
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t k = 0; k < 7; ++k) {
      INFO("replication " << r << ", time " << k);
      CHECK(counts[(r * 2 + 0) * 7 + k] == eager[k]);
      CHECK(counts[(r * 2 + 1) * 7 + k] == steady[k]);
    }
  const h5::Dataset total = h5::open_dataset(series, "total");
  CHECK(h5::dataset_dims(total) == std::vector<hsize_t>{1, 3, 7});
  CHECK(h5::read_string_attribute(total, "dimensions") == "point replication time");
  CHECK(h5::is_attached(total, h5::open_dataset(file, "time"), 2));
  const std::vector<double> totals = h5::read_all<double>(total);
  for (std::size_t k = 0; k < 7; ++k) CHECK(totals[2 * 7 + k] == eager[k] + steady[k]);

  const h5::Group summary = h5::open_group(file, "summary");
  const h5::Dataset final_count = h5::open_dataset(summary, "final_count");
  CHECK(h5::dataset_dims(final_count) == std::vector<hsize_t>{1, 3, 2});
  CHECK(h5::read_string_attribute(final_count, "dimensions") == "point replication brand");
  CHECK(h5::is_attached(final_count, brand, 2));
  CHECK(h5::read_all<double>(final_count) == std::vector<double>{30, 20, 30, 20, 30, 20});
  const h5::Dataset brands = h5::open_dataset(summary, "brands");
  CHECK(h5::dataset_dims(brands) == std::vector<hsize_t>{1, 3});
  CHECK(h5::read_all<double>(brands) == std::vector<double>{2, 2, 2});

  // Cascades: each run's rows, labelled with the run, whatever order the runs finished in.
  const std::vector<std::uint64_t> seeds =
      h5::read_all<std::uint64_t>(h5::open_dataset(h5::open_group(file, "runs"), "seed"));
  std::vector<Row> expected;
  for (std::uint32_t r = 0; r < 3; ++r) {
    expected.emplace_back(0, r, 0, 0, -1, 0.0, 1, 0);
    for (std::uint64_t c = 0; c < 1 + seeds[r] % 3; ++c)
      expected.emplace_back(0, r, 0, static_cast<std::uint32_t>(100 + c), 0,
                            0.5 * static_cast<double>(c + 1), 1, 0);
    expected.emplace_back(0, r, 1, 1, -1, 0.0, 1, 1);
    expected.emplace_back(0, r, 1, 110, 1, 0.5, -1, 1);
  }
  std::sort(expected.begin(), expected.end());
  CHECK(cascade_rows(file) == expected);
  const h5::Group cascades = h5::open_group(file, "cascades");
  CHECK(h5::read_attribute<std::uint64_t>(cascades, "rows") == expected.size());
  const h5::Dataset parent = h5::open_dataset(cascades, "parent");
  CHECK(h5::read_string_attribute(parent, "description") == "agent it heard from; -1 at the root");
  CHECK(h5::read_string_attribute(h5::open_dataset(cascades, "time"), "units") == "days");

  const ResultsInfo info = read_results_info(path.str());
  CHECK(info.complete);
  CHECK(info.brands == std::vector<std::string>{"Eager", "Steady"});
  CHECK(info.has_cascades);
  CHECK(info.cascade_rows == expected.size());
  REQUIRE(info.series.size() == 2);
  CHECK(info.series[0].per_brand);
  CHECK_FALSE(info.series[1].per_brand);
  REQUIRE(info.summaries.size() == 2);
  CHECK(info.summaries[0].per_brand);
  CHECK_FALSE(info.summaries[1].per_brand);
}

TEST_CASE("brands: --set brands.NAME.key reaches that brand's run", "[brands]") {
  const Scenario scenario = load({"brands.Steady.rate=2", "replications=1"});
  const ScenarioResult result = run_scenario(scenario, tally(), {});
  // Steady: 10 + 2*2 + 3*2 + 2*2 = 24; Eager untouched.
  CHECK(result.summary.at(0) == std::vector<double>{30, 24, 2});
}

TEST_CASE("brands: 1 and 2 threads write the same values and the same cascade rows",
          "[brands][determinism]") {
  const TempPath one, two;
  const Scenario scenario = load({"replications=6"});
  run_to(scenario, one.str(), 1);
  run_to(scenario, two.str(), 2);
  const h5::File a = h5::open_file(one.str());
  const h5::File b = h5::open_file(two.str());
  for (const char* path : {"series/count", "series/total", "summary/final_count"}) {
    INFO(path);
    const std::string p(path);
    const std::string group = p.substr(0, p.find('/'));
    const std::string name = p.substr(p.find('/') + 1);
    CHECK(h5::read_all<double>(h5::open_dataset(h5::open_group(a, group), name)) ==
          h5::read_all<double>(h5::open_dataset(h5::open_group(b, group), name)));
  }
  CHECK(cascade_rows(a) == cascade_rows(b));
  CHECK(cascade_rows(a).size() > 6 * 4);
}

TEST_CASE("brands: without output.cascades there is no /cascades", "[brands][hdf5]") {
  const TempPath path;
  run_to(load({"output.cascades=false"}), path.str(), 1);
  const h5::File file = h5::open_file(path.str());
  CHECK_FALSE(h5::has_link(file, "cascades"));
  CHECK(h5::has_link(file, "brand"));
  const ResultsInfo info = read_results_info(path.str());
  CHECK_FALSE(info.has_cascades);
  CHECK(info.cascade_rows == 0);
}

TEST_CASE("brands: a failed run is stored as NaN in the per-brand shape", "[brands][hdf5]") {
  const TempPath path;
  // The model's own error comes out, not a size mismatch from the writer.
  CHECK_THROWS_WITH(run_to(load({"model.fail=true"}), path.str(), 2),
                    Catch::Contains("tally: asked to fail"));
  const h5::File file = h5::open_file(path.str());
  CHECK(h5::read_all<std::int8_t>(h5::open_dataset(h5::open_group(file, "runs"), "status")) ==
        std::vector<std::int8_t>{3, 3, 3});
  const std::vector<double> counts =
      h5::read_all<double>(h5::open_dataset(h5::open_group(file, "series"), "count"));
  CHECK(counts.size() == 3 * 2 * 7);
  CHECK(std::all_of(counts.begin(), counts.end(), [](double x) { return std::isnan(x); }));
  CHECK(h5::read_attribute<std::uint64_t>(h5::open_group(file, "cascades"), "rows") == 0);
}

TEST_CASE("brands: the memory estimate counts every brand's series", "[brands]") {
  const Scenario two = load({"replications=1"});
  const Scenario four =
      load({"replications=1", "brands=[{name: A}, {name: B}, {name: C}, {name: D}]"});
  const std::uint64_t with_two = estimate_memory_bytes(two, tally(), 1);
  const std::uint64_t with_four = estimate_memory_bytes(four, tally(), 1);
  // Two more brands: per brand one more per-brand series (the estimate allows 8 samples for 7)
  // and one more per-brand summary value.
  CHECK(with_four - with_two == 2 * (8 + 1) * sizeof(double));
}
