// What a plan needs before it runs: its seeds, the layout of its file, the memory it takes.
#include <algorithm>

#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"
#include "sim/run/steps.hpp"

namespace hearsay {
namespace {

constexpr std::uint64_t run_tag = 0x72756e;  // "run"

}  // namespace

std::uint64_t run_seed(std::uint64_t master, std::uint32_t sweep_index, std::uint32_t replication) {
  return derive_seed(master, run_tag, sweep_index, replication);
}

std::size_t run::output_values(const std::vector<MetricSpec>& metrics, std::size_t brands,
                               std::size_t segments, std::size_t per_metric) {
  std::size_t n = 0;
  for (const MetricSpec& m : metrics) n += metric_rows(m, brands, segments) * per_metric;
  return n;
}

std::uint64_t estimate_memory_bytes(const Scenario& scenario, const ModelEntry& model,
                                    unsigned threads) {
  const std::uint64_t tasks = std::uint64_t{scenario.replications} * scenario.points.size();
  const std::uint64_t concurrent =
      std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, tasks));
  // The largest point decides: any of them may run on every thread at once.
  std::uint64_t per_run = 0;
  std::uint64_t network_bytes = 0;
  bool all_fixed = true;
  const auto times = static_cast<std::uint64_t>(scenario.time.end / scenario.time.sample_every) + 2;
  const std::size_t brands = scenario.brands.size();
  const std::size_t segments = scenario.segments.size();
  const std::uint64_t series = (run::output_values(model.info.series, brands, segments, times) +
                                run::output_values(model.info.summaries, brands, segments, 1)) *
                               sizeof(double);
  for (const ScenarioPoint& point : scenario.points) {
    std::uint64_t nodes = seed_count(point.seeding, 0);
    if (point.has_network) {
      try {
        network_bytes = std::max(
            network_bytes, estimate_network_bytes(point.network.generator, point.network.params));
      } catch (const GeneratorError& e) {
        throw ScenarioError({scenario.file, 0, 0}, "network." + e.key(), e.problem(), e.fix());
      }
      if (point.network.params.has("nodes"))
        nodes = static_cast<std::uint64_t>(point.network.params.integer("nodes"));
      all_fixed &= point.network.fixed;
    }
    const std::uint64_t state =
        model.state_bytes ? model.state_bytes(point.model.params, nodes) : 0;
    per_run = std::max(per_run, state);
  }
  // Runs of one replication share its network; the in-order writer keeps at most a few
  // replications in flight, so about `concurrent` networks are alive at once.
  const std::uint64_t networks_alive = all_fixed ? 1 : concurrent;
  return networks_alive * network_bytes + concurrent * (per_run + series);
}

ResultsLayout results_layout(const Scenario& scenario, const ModelEntry& model, ShardSpec shard) {
  ResultsLayout layout;
  layout.scenario_yaml = scenario.resolved_yaml;
  layout.scenario_name = scenario.name;
  layout.model = model.info.name;
  layout.times = make_time_grid(scenario.time.end, scenario.time.sample_every).times;
  layout.points = static_cast<std::uint32_t>(scenario.points.size());
  layout.replications = scenario.replications;
  // Per-segment series exist only when the scenario has segments.
  for (const MetricSpec& metric : model.info.series)
    if (!metric.per_segment || !scenario.segments.empty()) layout.series.push_back(metric);
  layout.summaries = model.info.summaries;
  for (const BrandSpec& brand : scenario.brands) layout.brands.push_back(brand.name);
  for (const SegmentSpec& segment : scenario.segments) layout.segments.push_back(segment.name);
  layout.cascades = scenario.output_cascades;
  layout.shard = shard;
  if (!scenario.arms.empty()) {
    PointColumn arm{.name = "arm"};
    for (const ScenarioPoint& point : scenario.points) arm.texts.push_back(point.arm);
    layout.point_columns.push_back(std::move(arm));
  }
  for (std::size_t k = 0; k < scenario.swept_keys.size(); ++k) {
    PointColumn column{.name = scenario.swept_keys[k]};
    column.numeric =
        std::all_of(scenario.points.begin(), scenario.points.end(),
                    [k](const ScenarioPoint& p) { return !std::isnan(p.values[k].number); });
    for (const ScenarioPoint& point : scenario.points) {
      if (column.numeric)
        column.numbers.push_back(point.values[k].number);
      else
        column.texts.push_back(point.values[k].text);
    }
    layout.point_columns.push_back(std::move(column));
  }
  if (scenario.design) {
    PointColumn row{.name = "design_row", .numeric = true};
    for (const ScenarioPoint& point : scenario.points) row.numbers.push_back(point.sweep_index);
    layout.point_columns.push_back(std::move(row));
    layout.design = scenario.design;
  }
  return layout;
}

}  // namespace hearsay
