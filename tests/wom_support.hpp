// Shared by the tests that drive the wom model directly: its registry entry, and brands made
// from its style presets.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model_support.hpp"
#include "models/wom/wom.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

namespace hearsay::testing::wom_support {

inline const ModelEntry& model() {
  return models::wom::entry();
}

/// A wom brand named after `style`: the brand defaults, the style preset, then `set`.
inline BrandSpec brand(const std::string& style,
                       const std::vector<std::pair<std::string, ParamValues::Value>>& set = {}) {
  return styled_brand(model().info, style, set);
}

/// Circles of 10 with 6 weak ties each (weights 1 and 0.3), the networks of the wom tests.
inline Network circles(double nodes, std::uint64_t seed) {
  ParamValues values;
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, double>>{{"nodes", nodes},
                                                   {"clique_size", 10},
                                                   {"weak_ties", 6},
                                                   {"strong_weight", 1.0},
                                                   {"weak_weight", 0.3}})
    values.set(key, value);
  RandomStream rng(seed, StreamPurpose::network);
  return generate_network("clustered_weak_ties", values, rng);
}

/// One wom run of `brands` on `net`, sampled on `grid`.
inline RunOutput run(const Network& net, const ParamValues& params,
                     const std::vector<BrandSpec>& brands, const TimeGrid& grid, std::uint64_t seed,
                     bool cascades = false, const std::vector<SegmentSpec>& segments = {},
                     unsigned run_threads = 1) {
  RunInput input;
  input.segments = segments;
  input.run_threads = run_threads;
  input.network = &net;
  input.params = &params;
  input.grid = &grid;
  input.seed = seed;
  input.brands = brands;
  input.record_cascades = cascades;
  return model().run(input);
}

}  // namespace hearsay::testing::wom_support
