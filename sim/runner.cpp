// Runs a scenario's replications in parallel and hands each finished run to the one writer.
#include "sim/runner.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/version.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "sim/error.hpp"
#include "sim/generators.hpp"
#include "sim/results_file.hpp"
#include "sim/rng.hpp"
#include "sim/seeding.hpp"

namespace hearsay {
namespace {

constexpr std::uint64_t run_tag = 0x72756e;          // "run"
constexpr std::uint64_t network_tag = 0x6e6574776f726bULL;  // "network"

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<NodeId> pick_seeds(const Scenario& scenario, const ModelEntry& model,
                               const Network* network, std::uint64_t seed) {
  RandomStream rng(seed, StreamPurpose::seeding);
  if (!model.info.uses_seeding) return {};
  if (!model.info.needs_network) {
    // Models without a network (branching processes) start from `count` immigrant events.
    std::vector<NodeId> seeds(seed_count(scenario.seeding, 0));
    std::iota(seeds.begin(), seeds.end(), NodeId{0});
    return seeds;
  }
  return choose_seeds(scenario.seeding, network, network->nodes(), rng);
}

/// Values one run produces for `metrics`: `per_metric` each, times the brands when per brand.
std::size_t output_values(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t per_metric) {
  std::size_t n = 0;
  for (const MetricSpec& m : metrics) n += (m.per_brand ? brands : 1) * per_metric;
  return n;
}

void check_output_folder(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path folder = fs::absolute(fs::path(path)).parent_path();
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw RuntimeError("cannot write " + path + ": folder " + folder.string() +
                       " does not exist (create it, or choose another path with -o)");
}

}  // namespace

std::uint64_t run_seed(std::uint64_t master, std::uint32_t point, std::uint32_t replication) {
  return derive_seed(master, run_tag, point, replication);
}

std::uint64_t network_seed(std::uint64_t master, std::uint32_t replication) {
  return derive_seed(master, network_tag, replication);
}

Network build_scenario_network(const Scenario& scenario, std::uint32_t replication,
                               BuildReport* report) {
  const std::uint32_t r = scenario.network.fixed ? 0 : replication;
  RandomStream rng(network_seed(scenario.seed, r), StreamPurpose::network);
  return generate_network(scenario.network.generator, scenario.network.params, rng, report);
}

std::uint64_t estimate_memory_bytes(const Scenario& scenario, const ModelEntry& model,
                                    unsigned threads) {
  const unsigned concurrent = std::max(1u, std::min<unsigned>(threads, scenario.replications));
  std::uint64_t network_bytes = 0;
  std::uint64_t nodes = seed_count(scenario.seeding, 0);
  if (scenario.has_network) {
    network_bytes =
        estimate_network_bytes(scenario.network.generator, scenario.network.params);
    if (scenario.network.params.has("nodes"))
      nodes = static_cast<std::uint64_t>(scenario.network.params.integer("nodes"));
  }
  const std::uint64_t networks_alive = scenario.network.fixed ? 1 : concurrent;
  const std::uint64_t state = model.state_bytes ? model.state_bytes(scenario.model.params, nodes) : 0;
  const auto times = static_cast<std::uint64_t>(scenario.time.end / scenario.time.sample_every) + 2;
  const std::size_t brands = scenario.brands.size();
  const std::uint64_t series = (output_values(model.info.series, brands, times) +
                                output_values(model.info.summaries, brands, 1)) *
                               sizeof(double) * concurrent;
  return networks_alive * network_bytes + concurrent * state + series;
}

ScenarioResult run_scenario(const Scenario& scenario, const ModelEntry& model,
                            const RunOptions& options) {
  const auto start = Clock::now();
  const std::uint32_t replications = scenario.replications;
  const TimeGrid grid = make_time_grid(scenario.time.end, scenario.time.sample_every);

  // Everything that can fail because of the input fails here, before a file exists.
  std::optional<Network> first_network;
  if (model.info.needs_network) {
    first_network = build_scenario_network(scenario, 0);
    const std::uint64_t wanted =
        model.info.uses_seeding ? seed_count(scenario.seeding, first_network->nodes()) : 0;
    if (wanted > first_network->nodes())
      throw ScenarioError({scenario.file, 0, 0}, "seeding",
                          "asks for " + std::to_string(wanted) + " seeds but the network has " +
                              std::to_string(first_network->nodes()) + " nodes",
                          "lower seeding.count or seeding.fraction");
    for (NodeId v : scenario.seeding.nodes)
      if (v >= first_network->nodes())
        throw ScenarioError({scenario.file, 0, 0}, "seeding.nodes",
                            "node " + std::to_string(v) + " does not exist (the network has nodes 0.." +
                                std::to_string(first_network->nodes() - 1) + ")",
                            "use ids below the number of nodes");
  } else if (scenario.seeding.mode != SeedingSpec::Mode::count) {
    throw ScenarioError({scenario.file, 0, 0}, "seeding",
                        "model " + model.info.name + " runs without a network: give seeding.count",
                        "replace fraction/nodes with count: N");
  }

  if (model.check != nullptr) {
    try {
      model.check(scenario.model.params, first_network ? &*first_network : nullptr, scenario.brands);
    } catch (const std::invalid_argument& e) {
      throw ScenarioError({scenario.file, 0, 0}, "model", e.what(),
                          "change the value, or the network it refers to");
    }
  }

  std::unique_ptr<ResultsWriter> writer;
  if (!options.output_path.empty()) {
    check_output_folder(options.output_path);
    ResultsLayout layout;
    layout.scenario_yaml = scenario.resolved_yaml;
    layout.scenario_name = scenario.name;
    layout.model = model.info.name;
    layout.times = grid.times;
    layout.points = 1;
    layout.replications = replications;
    layout.series = model.info.series;
    layout.summaries = model.info.summaries;
    for (const BrandSpec& brand : scenario.brands) layout.brands.push_back(brand.name);
    layout.cascades = scenario.output_cascades;
    writer = std::make_unique<ResultsWriter>(options.output_path, layout, options.overwrite);
  }

  ScenarioResult result;
  const std::size_t brands = scenario.brands.size();
  const std::size_t series_values = output_values(model.info.series, brands, grid.times.size());
  const std::size_t summary_values = output_values(model.info.summaries, brands, 1);
  result.summaries = model.info.summaries;
  for (const BrandSpec& brand : scenario.brands) result.brands.push_back(brand.name);
  result.summary.assign(replications, std::vector<double>(summary_values, 0.0));
  result.status.assign(replications, RunStatus::pending);
  if (first_network) {
    result.network_nodes = first_network->nodes();
    result.network_edges = first_network->edges();
  }
  std::shared_ptr<const Network> shared_network;
  if (first_network && scenario.network.fixed)
    shared_network = std::make_shared<const Network>(std::move(*first_network));

  std::mutex writer_mutex;
  struct Finished {
    std::uint64_t seed;
    RunOutput output;
    double wall;
  };
  std::map<std::uint32_t, Finished> waiting;  // finished runs not yet written
  std::uint32_t next_to_write = 0;
  std::exception_ptr first_error;
  Progress progress;
  progress.runs_total = replications;

  auto run_one = [&](std::uint32_t r) {
    const auto run_start = Clock::now();
    const std::uint64_t seed = run_seed(scenario.seed, 0, r);
    RunOutput output;
    try {
      std::shared_ptr<const Network> network = shared_network;
      if (model.info.needs_network && !network) {
        if (r == 0) {
          std::lock_guard lock(writer_mutex);  // first_network is moved out exactly once
          network = std::make_shared<const Network>(std::move(*first_network));
        } else {
          network = std::make_shared<const Network>(build_scenario_network(scenario, r));
        }
      }
      const std::vector<NodeId> seeds = pick_seeds(scenario, model, network.get(), seed);
      RunInput input;
      input.network = network.get();
      input.params = &scenario.model.params;
      input.seeds = seeds;
      input.grid = &grid;
      input.seed = seed;
      input.brands = scenario.brands;
      input.record_cascades = scenario.output_cascades;
      output = model.run(input);
    } catch (...) {
      std::lock_guard lock(writer_mutex);
      if (!first_error) first_error = std::current_exception();
      output = RunOutput{};
      output.status = RunStatus::failed;
      output.series.assign(series_values, std::numeric_limits<double>::quiet_NaN());
      output.summary.assign(summary_values, std::numeric_limits<double>::quiet_NaN());
    }
    const double wall = seconds_since(run_start);
    std::lock_guard lock(writer_mutex);
    result.summary[r] = output.summary;
    result.status[r] = output.status;
    result.events += output.events;
    result.run_seconds += wall;
    // Runs reach the file in replication order whatever thread finished first, so the file's
    // bytes (appended /cascades rows included) do not depend on scheduling. Runs are taken
    // roughly in order, so few wait here.
    if (writer) {
      waiting.emplace(r, Finished{seed, std::move(output), wall});
      for (auto next = waiting.find(next_to_write); next != waiting.end();
           next = waiting.find(next_to_write)) {
        writer->write_run(0, next_to_write, next->second.seed, next->second.output,
                          next->second.wall);
        waiting.erase(next);
        ++next_to_write;
      }
    }
    ++progress.runs_done;
    progress.events = result.events;
    progress.elapsed_seconds = seconds_since(start);
    if (options.on_progress) options.on_progress(progress);
  };

  const int threads = options.threads > 0 ? static_cast<int>(options.threads)
                                          : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  // Each worker takes the next replication in order, so runs finish roughly in order and few
  // wait for the in-order writer (a range split would leave half the runs waiting).
  std::atomic<std::uint32_t> next_run{0};
  arena.execute([&] {
    tbb::parallel_for(0, threads, [&](int) {
      for (std::uint32_t r = next_run++; r < replications; r = next_run++) run_one(r);
    });
  });

  result.wall_seconds = seconds_since(start);
  if (writer) {
    std::map<std::string, std::string> provenance = options.provenance;
    provenance["threads"] = std::to_string(threads);
    provenance["wall_seconds"] = std::to_string(result.wall_seconds);
    provenance["tbb_version"] = TBB_VERSION_STRING;
    provenance["compiler"] = "g++ " __VERSION__;
    writer->finish(provenance);
  }
  if (first_error) std::rethrow_exception(first_error);
  return result;
}

}  // namespace hearsay
