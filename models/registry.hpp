// The model registry: the one place that lists every model by name.
#pragma once

#include <string>
#include <vector>

#include "sim/model/model_api.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay {

/// Every model, in the order `hearsay models` lists them.
const std::vector<const ModelEntry*>& model_registry();
/// The model called `name`, or null.
const ModelEntry* find_model(const std::string& name);
/// The registry as the scenario loader sees it.
ModelCatalog model_catalog();

}  // namespace hearsay
