// The model registry: the one place that lists every model by name.
#pragma once

#include "sim/model/model_api.hpp"

namespace hearsay {

/// Every model, in the order `hearsay models` lists them; the scenario loader takes it as the
/// models a scenario may name.
const ModelRegistry& model_registry();

}  // namespace hearsay
