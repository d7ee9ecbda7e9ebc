// Brands, for the models that simulate them (wom): what a model declares about its brands and what
// a scenario's `brands:` holds. The generic model interface only carries a BrandSchema.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/core/types.hpp"

namespace hearsay {

/// A named set of brand-parameter values (`style: hard_sell`); a brand's own keys override it.
struct StylePreset {
  std::string name;
  std::string help;
  std::vector<std::pair<std::string, double>> values;
};

/// One phase of a brand's campaign calendar: from `start` to `end` the phase's values replace
/// the brand's for the parameters it names (e.g. a launch burst of pitches).
struct PhaseSpec {
  Time start = 0;
  Time end = 0;
  ParamValues params;  ///< only the parameters the phase sets
};

/// A brand in the scenario's `brands:` list, validated against the model's BrandSchema.
struct BrandSpec {
  std::string name;
  std::string style;                ///< preset applied before the brand's own keys; may be empty
  ParamValues params;               ///< every brand parameter: default <- style <- the brand's keys
  std::vector<PhaseSpec> campaign;  ///< sorted by start; phases do not overlap
};

/// What a model with brands declares: the schema of each entry of `brands:`, the style presets,
/// which brand parameters a campaign phase may set, and how many brands a scenario may list.
/// Empty (no parameters) for models without brands.
struct BrandSchema {
  std::vector<ParamSpec> params;
  std::vector<StylePreset> styles;
  std::vector<std::string> phase_params;
  std::uint32_t min = 0;
  std::uint32_t max = 0;  ///< 0: no upper bound
};

}  // namespace hearsay
