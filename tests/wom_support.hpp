// Shared by the tests that drive the wom model directly: its registry entry, and brands made
// from its style presets.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model_support.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::testing::wom_support {

inline const ModelEntry& model() {
  return models::wom::entry();
}

/// A wom brand named after `style`: the brand defaults, the style preset, then `set`.
inline BrandSpec brand(const std::string& style,
                       const std::vector<std::pair<std::string, ParamValues::Value>>& set = {}) {
  return styled_brand(model().info, style, set);
}

}  // namespace hearsay::testing::wom_support
