// Ensembles: sweeps and arms run as (point, replication) tasks with common random numbers, and
// the file is the same whatever the threads, shards, interruptions and resumes.
#include <atomic>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "sim/core/error.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/results/h5.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"
#include "temp_path.hpp"

using namespace hearsay;
using hearsay::testing::TempPath;

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The lock and temporary files of `path` (".<name>.*") in its folder.
std::vector<std::string> side_files(const std::string& path) {
  const std::filesystem::path target(path);
  std::string prefix = ".";  // appended, not `"." + ...`: GCC 12 warns falsely (-Wrestrict)
  prefix += target.filename().string();
  prefix += '.';
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(target.parent_path()))
    if (entry.path().filename().string().starts_with(prefix))
      found.push_back(entry.path().filename());
  return found;
}

// Two arms x two sweep values x 3 replications of the word-of-mouth model with cascades: every
// part of the file (per-brand series, /points, /cascades) is in play. Small enough for ASan.
const char* const plan_text = R"(
name: plan
seed: 99
replications: 3
time: {end: 40d, sample_every: 1d}
network: {generator: watts_strogatz, nodes: 1500, k: 6, rewire: 0.1}
model: {name: wom}
brands:
  - {name: PitchCo, style: hard_sell}
  - {name: PeopleCo, style: soft_sell}
arms:
  listens: {brands.PitchCo.answer_probability: 0.9}
  ignores: {brands.PitchCo.answer_probability: 0.0}
sweep:
  brands.PitchCo.pitches_per_day: [1, 4]
output: {cascades: true}
)";

Scenario plan(const std::vector<std::string>& overrides = {}) {
  return parse_scenario(plan_text, "plan.yaml", overrides, model_registry());
}

const ModelEntry& model_of(const Scenario& scenario) {
  return model_registry().at(scenario.model.name);
}

ScenarioResult run_to(const Scenario& scenario, const std::string& path, unsigned threads,
                      RunOptions options = {}) {
  options.output_path = path;
  options.threads = threads;
  return run_scenario(scenario, model_of(scenario), options);
}

/// Runs on 2 threads and asks to stop once `runs` runs have ended: `request` 1 is Ctrl-C (runs in
/// progress finish, no more start), 2 is Ctrl-C twice (runs in progress end at once, unwritten).
ScenarioResult run_stopped(const Scenario& scenario, const std::string& path, std::uint64_t runs,
                           int request) {
  std::atomic<int> stop{0};
  RunOptions options;
  options.stop = &stop;
  options.on_progress = [&stop, runs, request](const Progress& p) {
    if (p.runs_done == runs) stop.store(request);
  };
  return run_to(scenario, path, 2, options);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  return true;
}

bool same_rows(const std::vector<CascadeRow>& a, const std::vector<CascadeRow>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].cascade != b[i].cascade || a[i].node != b[i].node || a[i].parent != b[i].parent ||
        std::bit_cast<std::uint64_t>(a[i].time) != std::bit_cast<std::uint64_t>(b[i].time) ||
        a[i].valence != b[i].valence || a[i].brand != b[i].brand)
      return false;
  return true;
}

/// Every run of two files, value for value (bits), plus the row order of /cascades.
void require_same_files(const std::string& a, const std::string& b) {
  const ResultsReader x(a), y(b);
  REQUIRE(layout_mismatch(x.layout(), y.layout()).empty());
  REQUIRE(x.statuses() == y.statuses());
  REQUIRE(x.info().cascade_rows == y.info().cascade_rows);
  for (std::uint32_t p = 0; p < x.info().points; ++p)
    for (std::uint32_t r = 0; r < x.info().replications; ++r) {
      INFO("point " << p << " replication " << r);
      const RunRecord u = x.read_run(p, r), v = y.read_run(p, r);
      REQUIRE(u.seed == v.seed);
      REQUIRE(u.output.events == v.output.events);
      REQUIRE(same_bits(u.output.series, v.output.series));
      REQUIRE(same_bits(u.output.summary, v.output.summary));
      REQUIRE(same_rows(u.output.cascades, v.output.cascades));
    }
  // The order of the runs' rows in /cascades is part of the file too.
  const h5::File fx = h5::open_file(a), fy = h5::open_file(b);
  for (const char* column : {"point", "replication"}) {
    const auto cx =
        h5::read_all<std::uint32_t>(h5::open_dataset(h5::open_group(fx, "cascades"), column));
    const auto cy =
        h5::read_all<std::uint32_t>(h5::open_dataset(h5::open_group(fy, "cascades"), column));
    REQUIRE(cx == cy);
  }
}

}  // namespace

TEST_CASE("ensemble: points are arms x sweep, with the /points table", "[ensemble]") {
  const Scenario scenario = plan();
  REQUIRE(scenario.points.size() == 4);
  const TempPath out;
  run_to(scenario, out.str(), 2);
  const ResultsReader reader(out.str());
  REQUIRE(reader.info().complete);
  REQUIRE(reader.info().points == 4);
  const std::vector<PointColumn>& columns = reader.info().point_columns;
  REQUIRE(columns.size() == 2);
  CHECK(columns[0].name == "arm");
  CHECK(columns[0].texts == std::vector<std::string>{"listens", "listens", "ignores", "ignores"});
  CHECK(columns[1].name == "brands.PitchCo.pitches_per_day");
  CHECK(columns[1].numeric);
  CHECK(columns[1].numbers == std::vector<double>{1, 4, 1, 4});
}

TEST_CASE("ensemble: arms share seeds and networks (common random numbers)", "[ensemble][crn]") {
  // Arms that change nothing must give identical runs: same seed, same network, same draws.
  const char* const twins = R"(
name: twins
seed: 5
replications: 4
time: {end: 30d, sample_every: 1d}
network: {generator: erdos_renyi, nodes: 2000, mean_degree: 6}
model: {name: wom}
brands: [{name: A, style: soft_sell}]
arms: {first: {}, second: {brands.A.style: soft_sell}}
sweep: {model.tell_rate: [0.1, 0.1]}
)";
  const Scenario scenario = parse_scenario(twins, "twins.yaml", {}, model_registry());
  REQUIRE(scenario.points.size() == 4);
  const TempPath out;
  run_to(scenario, out.str(), 2);
  const ResultsReader reader(out.str());
  for (std::uint32_t r = 0; r < 4; ++r) {
    // Points 0, 1 are arm `first` (sweep values 0, 1); points 2, 3 arm `second`.
    const RunRecord a0 = reader.read_run(0, r), a1 = reader.read_run(1, r);
    const RunRecord b0 = reader.read_run(2, r), b1 = reader.read_run(3, r);
    // Across arms: the same seed and, the arms being equal, the same run bit for bit.
    CHECK(a0.seed == b0.seed);
    CHECK(a1.seed == b1.seed);
    CHECK(same_bits(a0.output.series, b0.output.series));
    CHECK(same_bits(a1.output.series, b1.output.series));
    // Across sweep points: independent draws, even with equal values.
    CHECK(a0.seed != a1.seed);
    CHECK_FALSE(same_bits(a0.output.series, a1.output.series));
  }
}

TEST_CASE("ensemble: 1, 2 and 4 threads write the same file", "[ensemble][determinism]") {
  const Scenario scenario = plan();
  const TempPath one, two, four;
  run_to(scenario, one.str(), 1);
  run_to(scenario, two.str(), 2);
  run_to(scenario, four.str(), 4);
  require_same_files(one.str(), two.str());
  require_same_files(one.str(), four.str());
}

TEST_CASE("ensemble: shards merged equal the whole plan", "[ensemble][shard]") {
  const Scenario scenario = plan();
  const TempPath whole, merged;
  run_to(scenario, whole.str(), 2);
  // 12 tasks over 5 shards: uneven shards, some holding parts of two replications.
  std::vector<std::unique_ptr<TempPath>> shards;
  std::vector<std::string> paths;
  for (std::uint32_t i = 0; i < 5; ++i) {
    shards.push_back(std::make_unique<TempPath>());
    RunOptions options;
    options.shard = ShardSpec{i, 5};
    run_to(scenario, shards.back()->str(), 2, options);
    paths.push_back(shards.back()->str());
    const ResultsReader reader(paths.back());
    CHECK(reader.info().shard == (ShardSpec{i, 5}));
    CHECK(reader.info().shard_complete);
    CHECK(reader.info().runs_pending == 12 - (shard_end({i, 5}, 12) - shard_begin({i, 5}, 12)));
  }
  std::reverse(paths.begin(), paths.end());  // order of the arguments does not matter
  merge_shards(paths, merged.str(), false, {});
  require_same_files(whole.str(), merged.str());
  CHECK(ResultsReader(merged.str()).info().complete);

  SECTION("a missing shard is named") {
    const TempPath out;
    std::vector<std::string> four(paths.begin(), paths.begin() + 4);
    CHECK_THROWS_WITH(merge_shards(four, out.str(), false, {}),
                      Catch::Contains("shard 0 of 5 is missing"));
    CHECK_FALSE(std::filesystem::exists(out.str()));
  }
  SECTION("a repeated shard is named") {
    const TempPath out;
    std::vector<std::string> again = paths;
    again.push_back(paths.front());
    CHECK_THROWS_WITH(merge_shards(again, out.str(), false, {}), Catch::Contains("given twice"));
  }
  SECTION("a shard of another scenario is refused") {
    const TempPath other, out;
    RunOptions options;
    options.shard = ShardSpec{0, 5};
    run_to(plan({"seed=100"}), other.str(), 1, options);
    std::vector<std::string> mixed(paths.begin(), paths.begin() + 4);
    mixed.push_back(other.str());
    CHECK_THROWS_WITH(merge_shards(mixed, out.str(), false, {}),
                      Catch::Contains("does not belong") && Catch::Contains("different scenario"));
  }
  SECTION("a whole file is not a shard") {
    const TempPath out;
    CHECK_THROWS_WITH(merge_shards({whole.str()}, out.str(), false, {}),
                      Catch::Contains("not a shard"));
  }
  SECTION("the output is replaced whole or not at all, never while someone holds it") {
    const std::string before = read_bytes(whole.str());
    // Stopped (Ctrl-C) before the end: the file keeps what it held, nothing else is left.
    std::atomic<int> stop{1};
    CHECK_FALSE(merge_shards(paths, whole.str(), /*overwrite=*/true, {}, &stop));
    CHECK(read_bytes(whole.str()) == before);
    CHECK(side_files(whole.str()).empty());
    CHECK_THROWS_WITH(merge_shards(paths, whole.str(), false, {}),
                      Catch::Contains(whole.str() + " exists; use --force to overwrite it"));
    // An output that is one of the shards, by another name.
    const TempPath alias;
    std::filesystem::create_hard_link(paths[2], alias.str());
    CHECK_THROWS_WITH(merge_shards(paths, alias.str(), true, {}),
                      Catch::Contains("writing it would destroy its own input"));
    {
      // A writer of the output, or of a shard, keeps the merge out.
      const OutputLock writer(whole.str(), LockMode::exclusive);
      CHECK_THROWS_AS(merge_shards(paths, whole.str(), true, {}), OutputBusy);
    }
    {
      const OutputLock writer(paths[1], LockMode::exclusive);
      CHECK_THROWS_WITH(merge_shards(paths, merged.str(), true, {}),
                        Catch::Contains(paths[1] + " is in use by another hearsay process"));
    }
    CHECK(read_bytes(whole.str()) == before);
    require_same_files(whole.str(), merged.str());  // and the earlier merge is still whole
  }
}

TEST_CASE("ensemble: a stopped run resumes to the uninterrupted file", "[ensemble][resume]") {
  const Scenario scenario = plan();
  const TempPath whole, part;
  run_to(scenario, whole.str(), 2);

  // Ask to stop after 5 runs have ended (what Ctrl-C does): runs in progress finish, no more start.
  const ScenarioResult stopped = run_stopped(scenario, part.str(), 5, 1);
  REQUIRE(stopped.stopped);
  {
    const ResultsReader reader(part.str());
    CHECK_FALSE(reader.info().complete);
    CHECK(reader.info().runs_done >= 5);
    CHECK(reader.info().runs_pending > 0);
    // Finished runs form a prefix of the plan order (replication-major), with their data.
    const std::vector<RunStatus>& status = reader.statuses();
    bool gap = false;
    for (std::uint64_t t = 0; t < 12; ++t) {
      const RunStatus s = status[(t % 4) * 3 + t / 4];
      if (s == RunStatus::pending) gap = true;
      CHECK((s == RunStatus::pending || !gap));
    }
  }
  RunOptions resume;
  resume.resume = true;
  const ScenarioResult resumed = run_to(scenario, part.str(), 1, resume);
  CHECK(resumed.runs_before >= 5);
  CHECK(resumed.runs_before + resumed.runs_now == 12);
  CHECK_FALSE(resumed.stopped);
  require_same_files(whole.str(), part.str());
  CHECK(ResultsReader(part.str()).info().complete);

  SECTION("resuming a complete file runs nothing") {
    const ScenarioResult again = run_to(scenario, part.str(), 2, resume);
    CHECK(again.runs_now == 0);
    CHECK(again.runs_before == 12);
  }
  SECTION("a file of another scenario is refused and left alone") {
    CHECK_THROWS_WITH(run_to(plan({"replications=4"}), part.str(), 2, resume),
                      Catch::Contains("cannot resume") && Catch::Contains("different scenario"));
    require_same_files(whole.str(), part.str());
  }
  SECTION("a shard file cannot resume as the whole plan") {
    const TempPath shard;
    RunOptions as_shard;
    as_shard.shard = ShardSpec{1, 2};
    run_to(scenario, shard.str(), 1, as_shard);
    CHECK_THROWS_WITH(run_to(scenario, shard.str(), 1, resume), Catch::Contains("shard 1/2"));
  }
}

TEST_CASE("ensemble: abandoning runs in progress keeps the finished ones", "[ensemble][resume]") {
  const Scenario scenario = plan();
  const TempPath whole, part;
  run_to(scenario, whole.str(), 2);
  // Ctrl-C twice: runs in progress end at once, unfinished, and are not written.
  const ScenarioResult stopped = run_stopped(scenario, part.str(), 3, 2);
  CHECK(stopped.stopped);
  RunOptions resume;
  resume.resume = true;
  run_to(scenario, part.str(), 2, resume);
  require_same_files(whole.str(), part.str());
}

TEST_CASE("ensemble: the engine abandons a run when asked", "[ensemble][engine]") {
  const Scenario scenario = plan();
  const ModelEntry& model = model_of(scenario);
  const Network network = build_scenario_network(scenario, 0);
  const TimeGrid grid = make_time_grid(scenario.time.end, scenario.time.sample_every);
  std::atomic<int> stop{2};
  RunInput input;
  input.network = &network;
  input.params = &scenario.points[0].model.params;
  input.grid = &grid;
  input.seed = 1;
  input.brands = scenario.points[0].brands;
  input.stop = &stop;
  CHECK(model.run(input).status == RunStatus::pending);
  stop.store(1);  // "finish what is in progress" does not stop a run
  CHECK(model.run(input).status == RunStatus::done);
}

TEST_CASE("ensemble: memory estimate counts concurrent runs, not all runs", "[ensemble]") {
  const Scenario small = plan({"replications=3"});
  const Scenario large = plan({"replications=300"});
  const ModelEntry& model = model_of(small);
  CHECK(estimate_memory_bytes(small, model, 2) == estimate_memory_bytes(large, model, 2));
  CHECK(estimate_memory_bytes(small, model, 1) < estimate_memory_bytes(small, model, 2));
}
