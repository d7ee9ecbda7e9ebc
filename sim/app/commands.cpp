// The subcommands merge, check, network and info (run, models and describe have files of their
// own).
#include "sim/app/commands.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "models/registry.hpp"
#include "sim/app/memory.hpp"
#include "sim/app/signals.hpp"
#include "sim/app/support.hpp"
#include "sim/core/error.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/files/safe_write.hpp"
#include "sim/network/edge_list.hpp"
#include "sim/network/generators.hpp"
#include "sim/network/network_stats.hpp"
#include "sim/results/calibration_file.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/calibration.hpp"

namespace hearsay::cli {

int merge(const std::vector<std::string>& shards, const std::string& output, bool force, bool quiet,
          const std::string& command_line) {
  // Ctrl-C or SIGTERM: stop between shards; the output keeps what it held, the temporary file
  // goes.
  stop_requests.store(0);
  install_stop_handlers(on_merge_stop_signal);
  if (!merge_shards(shards, output, force, {{"command_line", command_line}}, &stop_requests)) {
    fmt::print(stderr, "stopped: {} was not written{}\n", output,
               occupied(output) ? " (it holds what it held before)" : "");
    return 130;
  }
  if (!quiet) {
    const ResultsInfo info = read_results_info(output);
    fmt::print(
        "wrote {}: {} points x {} replications from {} shards ({} runs done, {} truncated, "
        "{} failed)\n",
        output, info.points, info.replications, shards.size(), info.runs_done, info.runs_truncated,
        info.runs_failed);
  }
  return 0;
}

namespace {

/// "# design: sobol (Saltelli), 256 base samples x (12 keys + 2) = 3584 rows, ...".
void print_design(const design::DesignRecord& d, std::size_t arms) {
  const std::size_t k = d.parameters.size();
  std::string size;
  switch (d.method) {
    case design::Method::sobol:
      size =
          fmt::format("sobol (Saltelli's scheme), {} base samples x ({} keys + 2)", d.samples, k);
      break;
    case design::Method::morris:
      size = fmt::format("morris, {} trajectories x ({} keys + 1), {} levels", d.trajectories, k,
                         d.levels);
      break;
    case design::Method::latin:
      size = fmt::format("latin hypercube, {} samples of {} keys", d.samples, k);
      break;
  }
  fmt::print("# design: {} = {} rows{}; {}\n", size, d.unit.rows(),
             arms > 1 ? fmt::format(" in each of {} arms", arms) : std::string(),
             d.common_random_numbers
                 ? "every row on the same random numbers (common_random_numbers: true)"
                 : "every row on random numbers of its own (common_random_numbers: false)");
  for (std::size_t i = 0; i < k; ++i)
    fmt::print("#   uncertain {}: {}\n", d.parameters[i], d.distributions[i]);
}

/// "12 s", "6.3 min", "2.1 h".
std::string human_seconds(double s) {
  if (s < 90) return fmt::format("{:.2g} s", s);
  if (s < 90 * 60) return fmt::format("{:.2g} min", s / 60);
  return fmt::format("{:.3g} h", s / 3600);
}

/// Times up to three pilot runs (about 5 s at most) and extrapolates to the whole plan.
void print_time_estimate(const Scenario& scenario, const ModelEntry& model, unsigned threads) {
  constexpr double budget = 5;
  const PilotTiming t = pilot_runs(scenario, model, budget);
  const std::uint64_t runs = std::uint64_t{scenario.points.size()} * scenario.replications;
  const unsigned used = static_cast<unsigned>(std::min<std::uint64_t>(threads, runs));
  if (t.runs == 0) {
    fmt::print(
        "# estimated time: more than {} ({} runs; the first pilot run was not done after {}; "
        "--no-pilot skips this)\n",
        human_seconds(static_cast<double>(runs) * t.longest_seconds / std::max(used, 1u)), runs,
        human_seconds(t.longest_seconds));
    return;
  }
  // Runs share the threads; networks not fixed are built once per replication.
  const bool fixed = !scenario.has_network || scenario.network.fixed;
  const double networks = (fixed ? 1.0 : scenario.replications) * t.network_seconds;
  const double total = (static_cast<double>(runs) * t.run_seconds + networks) / std::max(used, 1u);
  fmt::print(
      "# estimated time: about {} for {} runs on {} threads (pilot: {} run{} of {} on average{}; "
      "the runs of other points may differ; --no-pilot skips this)\n",
      human_seconds(total), runs, used, t.runs, t.runs == 1 ? "" : "s",
      human_seconds(t.run_seconds),
      t.network_seconds > 0 ? ", " + human_seconds(t.network_seconds) + " per network" : "");
}

}  // namespace

namespace {

/// What `check` validates: the scenario and, for a calibration scenario (a `calibrate:` section
/// makes load_scenario refuse it, pointing at `hearsay calibrate`), its calibration. The file is
/// read once as a plain scenario: standard input can be read only once.
struct Checked {
  Scenario scenario;
  std::optional<CalibrationScenario> calibration;
};

Checked read_for_check(const std::string& path, const std::vector<std::string>& overrides) {
  try {
    return {load_scenario(path, overrides, model_registry()), std::nullopt};
  } catch (const ScenarioError& e) {
    if (e.key() != "calibrate" || path == "-" ||
        e.problem().find("`hearsay calibrate` reads it") == std::string::npos)
      throw;
  }
  CalibrationScenario calibration = load_calibration(path, overrides, model_registry());
  Scenario scenario = calibration.scenario;
  return {std::move(scenario), std::move(calibration)};
}

void print_calibration(const CalibrationScenario& c) {
  fmt::print(
      "# calibration ({}): {} particles, at most {} generations; next tolerance the {} "
      "quantile of the accepted distances; stops below {} acceptance or a tolerance "
      "change under {}\n",
      c.spec.method, c.spec.particles, c.spec.generations, c.spec.quantile, c.spec.min_acceptance,
      c.spec.min_tolerance_change);
  for (const design::UncertainKey& key : c.priors)
    fmt::print("#   prior {}: {}\n", key.key, key.written);
  for (const MatchedMetric& m : c.spec.match)
    fmt::print("#   matches {}{}\n", m.metric, m.brand.empty() ? "" : " of brand " + m.brand);
  fmt::print(
      "# run it with: hearsay calibrate {} --observed DATA.csv -o OUT.h5 (the times below are "
      "for one run, at the priors' medians)\n",
      c.scenario.file);
}

}  // namespace

int check(const std::string& path, const std::vector<std::string>& overrides, bool pilot) {
  const Checked checked = read_for_check(path, overrides);
  const Scenario& scenario = checked.scenario;
  const std::optional<CalibrationScenario>& calibration = checked.calibration;
  const ModelEntry& model = model_of(scenario);
  const TimeGrid grid = make_time_grid(scenario.time.end, scenario.time.sample_every);
  fmt::print("{}", scenario.resolved_yaml);
  if (!scenario.resolved_yaml.empty() && scenario.resolved_yaml.back() != '\n') fmt::print("\n");
  fmt::print("---\n# ok: {} is valid\n", path);
  const std::size_t points = scenario.points.size();
  fmt::print("# runs: {} ({} point{} x {} replications)\n", points * scenario.replications, points,
             points == 1 ? "" : "s", scenario.replications);
  if (scenario.design) print_design(*scenario.design, scenario.arms.size());
  if (calibration) print_calibration(*calibration);
  if (points > 1) {
    constexpr std::size_t shown = 20;
    for (std::size_t p = 0; p < std::min(points, shown); ++p)
      fmt::print("#   point {}: {}\n", p, point_text(scenario, p));
    if (points > shown) fmt::print("#   ... and {} more\n", points - shown);
  }
  fmt::print("# samples per run: {} (every {} d up to {} d)\n", grid.times.size(),
             scenario.time.sample_every, scenario.time.end);
  if (!scenario.brands.empty()) {
    std::string brands;
    for (const BrandSpec& brand : scenario.brands) {
      brands += (brands.empty() ? "" : ", ") + brand.name;
      if (!brand.style.empty()) brands += " (" + brand.style + ")";
      if (!brand.campaign.empty())
        brands += fmt::format(" [{} campaign phase{}]", brand.campaign.size(),
                              brand.campaign.size() == 1 ? "" : "s");
    }
    fmt::print("# brands: {}: {}\n", scenario.brands.size(), brands);
  }
  if (!scenario.segments.empty()) {
    std::string segments;
    for (const SegmentSpec& segment : scenario.segments) {
      segments += fmt::format("{}{} ({:g}%", segments.empty() ? "" : ", ", segment.name,
                              100 * segment.share);
      for (const auto& [name, value] : segment.params.all())
        segments += fmt::format(", {} {:g}", name, std::get<double>(value));
      segments += ")";
    }
    fmt::print("# segments: {}: {}\n", scenario.segments.size(), segments);
  }
  if (scenario.output_cascades) fmt::print("# cascades: recorded in /cascades\n");
  const unsigned threads = std::thread::hardware_concurrency();
  const std::uint64_t needed = estimate_memory_bytes(scenario, model, threads);
  const std::uint64_t available = available_memory_bytes();
  fmt::print(
      "# estimated memory: {} with {} threads{}\n", human_bytes(static_cast<double>(needed)),
      threads,
      available == 0
          ? std::string()
          : fmt::format(" ({} available: {})", human_bytes(static_cast<double>(available)),
                        needed <= available ? "fits" : "does NOT fit; hearsay run will refuse it"));
  // A plan that does not fit in memory is not piloted either: its first network may not fit.
  if (pilot && (available == 0 || needed <= available))
    print_time_estimate(scenario, model, threads);
  return 0;
}

int network(const std::string& path, const std::vector<std::string>& overrides,
            const std::string& export_path, bool force, unsigned replication) {
  const Scenario scenario = load_scenario(path, overrides, model_registry());
  // Refused before the network is built (it may take long): an existing file without --force,
  // anything but a regular file, the scenario or the edge list this command reads.
  const ReplacePolicy export_policy{.overwrite = force,
                                    .inputs = scenario_inputs(scenario),
                                    .exists_fix = "use --force to overwrite it"};
  if (!export_path.empty()) check_replaceable(export_path, export_policy);
  if (!scenario.has_network) {
    fmt::print(stderr, "error: {}: model {} runs without a network\n", path, scenario.model.name);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  BuildReport report;
  const Network net = build_scenario_network(scenario, replication, &report);
  const double build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const NetworkStats s = network_stats(net);
  fmt::print("network: {} ({}{})\n", scenario.network.generator,
             net.directed() ? "directed" : "undirected",
             scenario.network.fixed ? ", fixed" : fmt::format(", replication {}", replication));
  fmt::print("nodes:               {}\n", s.nodes);
  fmt::print("edges:               {}\n", s.edges);
  fmt::print("degree:              mean {:.4f}, sd {:.4f}, min {}, max {}\n", s.mean_degree,
             s.degree_sd, s.min_degree, s.max_degree);
  fmt::print("isolated nodes:      {}\n", s.isolated);
  fmt::print("clustering:          global {:.4f}, mean local {:.4f}\n", s.clustering_global,
             s.clustering_mean_local);
  fmt::print(
      "components:          {} (largest {} nodes, {:.2f}%)\n", s.components, s.largest_component,
      s.nodes ? 100.0 * static_cast<double>(s.largest_component) / static_cast<double>(s.nodes)
              : 0.0);
  if (net.has_ties()) {
    std::uint64_t strong = 0;
    for (std::uint64_t a = 0; a < net.arcs(); ++a) strong += net.tie(a) == Tie::strong;
    fmt::print("ties:                {} strong, {} weak (arcs)\n", strong, net.arcs() - strong);
  }
  if (report.self_loops || report.duplicates)
    fmt::print("dropped:             {} self-loops, {} duplicate edges\n", report.self_loops,
               report.duplicates);
  fmt::print("memory:              {}\n", human_bytes(static_cast<double>(net.memory_bytes())));
  fmt::print("built in:            {:.3f} s\n", build_seconds);
  if (!export_path.empty()) {
    write_edge_list(net, export_path, export_policy);
    fmt::print("exported edge list:  {}\n", export_path);
  }
  return 0;
}

namespace {

/// `hearsay info` of a calibration file: what was fitted to what, and how far it got.
int calibration_info(const std::string& path) {
  const results::CalibrationRecord r = results::read_calibration(path);
  fmt::print("{}: hearsay calibration file (format {}), model {}, scenario '{}'\n", path,
             results::calibration_format_version, r.model, r.scenario_name);
  fmt::print("method {}, {} particles, seed {}\n", r.method, r.settings.particles, r.settings.seed);
  for (std::size_t k = 0; k < r.parameters.size(); ++k)
    fmt::print("  prior {}: {}\n", r.parameters[k], r.priors[k]);
  fmt::print("observed: {} ({} times; columns {})\n", r.observed_file, r.observed_times.size(),
             fmt::join(r.columns, ", "));
  for (std::size_t g = 0; g < r.generations.size(); ++g)
    fmt::print("  generation {}: tolerance {:.4g}, accepted {} of {} ({} runs)\n", g,
               r.generations[g].tolerance, r.generations[g].accepted, r.generations[g].proposed,
               r.generations[g].simulated);
  fmt::print("{}\n", r.stop_reason.empty()
                         ? std::string("unfinished: hearsay calibrate ... --resume goes on")
                         : "stopped: " + r.stop_reason);
  fmt::print("particles: hearsay.posterior(\"{}\") in Python\n", path);
  return 0;
}

}  // namespace

int info(const std::string& path) {
  if (results::is_calibration_file(path)) return calibration_info(path);
  // A run may be writing the file: reading it between two of its commits can fail (HDF5 has no
  // snapshot reads), so try again for a little while before reporting it.
  ResultsInfo r;
  for (int attempt = 0;; ++attempt) {
    try {
      r = read_results_info(path);
      break;
    } catch (const RuntimeError& e) {
      const std::string writer = lock_holder(path);
      if (writer.empty()) throw;
      if (attempt == 20)
        throw RuntimeError(
            fmt::format("{} (it is being written by {}; try again)", e.what(), writer));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  fmt::print("file:            {}\n", path);
  if (const std::string writer = lock_holder(path); !writer.empty())
    fmt::print("being written:   by {}\n", writer);
  fmt::print("format:          {} version {} (written by hearsay {})\n", r.format, r.format_version,
             r.hearsay_version);
  fmt::print("complete:        {}\n", r.complete ? "yes" : "no");
  if (r.shard.count > 1) {
    const std::uint64_t tasks = std::uint64_t{r.points} * r.replications;
    fmt::print(
        "shard:           {} (tasks {} to {} of {}; join the shards with hearsay merge), {}\n",
        shard_text(r.shard), shard_begin(r.shard, tasks), shard_end(r.shard, tasks) - 1, tasks,
        r.shard_complete ? "finished" : "not finished");
  }
  fmt::print("model:           {}\n", r.model);
  if (r.brands.empty())
    fmt::print("dimensions:      point {} x replication {} x time {}\n", r.points, r.replications,
               r.times);
  else
    fmt::print("dimensions:      point {} x replication {} x brand {} x time {}\n", r.points,
               r.replications, r.brands.size(), r.times);
  if (!r.brands.empty()) fmt::print("brands:          {}\n", join_names(r.brands, false));
  if (!r.segments.empty())
    fmt::print(
        "segments:        {} (per-segment series: point x replication x brand x segment "
        "x time)\n",
        join_names(r.segments, false));
  if (!r.point_columns.empty()) {
    fmt::print("points:          /points/");
    for (std::size_t c = 0; c < r.point_columns.size(); ++c)
      fmt::print("{}{}", c ? ", /points/" : "", r.point_columns[c].name);
    fmt::print("\n");
    constexpr std::uint32_t shown = 20;
    for (std::uint32_t p = 0; p < std::min(r.points, shown); ++p) {
      std::string text;
      for (const PointColumn& column : r.point_columns)
        text += (text.empty() ? "" : ", ") + column.name + " = " +
                (column.numeric ? fmt::format("{}", column.numbers[p]) : column.texts[p]);
      fmt::print("  point {:<9} {}\n", p, text);
    }
    if (r.points > shown) fmt::print("  ... and {} more\n", r.points - shown);
  }
  if (r.has_cascades) fmt::print("cascades:        {} rows\n", r.cascade_rows);
  fmt::print("runs:            {} done, {} pending, {} truncated, {} failed\n", r.runs_done,
             r.runs_pending, r.runs_truncated, r.runs_failed);
  fmt::print("events:          {}\n", r.total_events);
  fmt::print("series:\n");
  for (const MetricSpec& m : r.series)
    fmt::print("  /series/{:<22} {:<8} {}{}\n", m.name, m.unit, m.description,
               m.per_segment ? " (per brand and segment)"
               : m.per_brand ? " (per brand)"
                             : "");
  fmt::print("summaries:\n");
  for (const MetricSpec& m : r.summaries)
    fmt::print("  /summary/{:<21} {:<8} {}{}\n", m.name, m.unit, m.description,
               m.per_brand ? " (per brand)" : "");
  if (!r.provenance.empty()) {
    fmt::print("provenance:\n");
    for (const auto& [key, value] : r.provenance) fmt::print("  {:<16} {}\n", key, value);
  }
  fmt::print("scenario:\n");
  std::size_t start = 0;
  while (start < r.scenario_yaml.size()) {
    std::size_t end = r.scenario_yaml.find('\n', start);
    if (end == std::string::npos) end = r.scenario_yaml.size();
    fmt::print("  | {}\n", r.scenario_yaml.substr(start, end - start));
    start = end + 1;
  }
  return 0;
}

}  // namespace hearsay::cli
