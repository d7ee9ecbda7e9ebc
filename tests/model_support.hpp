// Helpers for tests that run a model directly, without a scenario file.
#pragma once

#include <cmath>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/model/model_api.hpp"
#include "sim/network/network.hpp"

namespace hearsay::testing {

/// The model's defaults with some values replaced.
inline ParamValues params_with(const ModelInfo& info,
                               const std::vector<std::pair<std::string, ParamValues::Value>>& set) {
  ParamValues values = default_values(info.params);
  for (const auto& [name, value] : set) values.set(name, value);
  return values;
}

/// A brand named after its style (or "Brand" without one): the model's brand defaults, then the
/// style preset, then `set`.
inline BrandSpec styled_brand(const ModelInfo& info, const std::string& style,
                              const std::vector<std::pair<std::string, ParamValues::Value>>& set) {
  BrandSpec b;
  b.name = style.empty() ? "Brand" : style;
  b.style = style;
  b.params = default_values(info.brands.params);
  for (const StylePreset& preset : info.brands.styles)
    if (preset.name == style)
      for (const auto& [key, value] : preset.values) b.params.set(key, value);
  for (const auto& [key, value] : set) b.params.set(key, value);
  return b;
}

/// Runs one replication of a model on a network with the given seeds.
inline RunOutput run_once(const ModelEntry& model, const Network* network,
                          const ParamValues& params, std::vector<NodeId> seeds,
                          const TimeGrid& grid, std::uint64_t seed) {
  RunInput input;
  input.network = network;
  input.params = &params;
  input.seeds = seeds;
  input.grid = &grid;
  input.seed = seed;
  return model.run(input);
}

/// Index of a metric by name (series or summary); -1 if absent.
inline long metric_index(const std::vector<MetricSpec>& metrics, const std::string& name) {
  for (std::size_t i = 0; i < metrics.size(); ++i)
    if (metrics[i].name == name) return static_cast<long>(i);
  return -1;
}

/// Sample mean and standard deviation.
inline std::pair<double, double> mean_sd(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / (n - 1))};
}

}  // namespace hearsay::testing
