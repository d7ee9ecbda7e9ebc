// The model registry: an explicit list (no static self-registration a linker could drop).
#include "models/registry.hpp"

#include "models/bass/bass.hpp"
#include "models/hawkes/hawkes.hpp"
#include "models/independent_cascade/independent_cascade.hpp"
#include "models/rumour/rumour.hpp"
#include "models/sir/sir.hpp"
#include "models/sis/sis.hpp"
#include "models/threshold/threshold.hpp"
#include "models/wom/wom.hpp"

namespace hearsay {

const std::vector<const ModelEntry*>& model_registry() {
  static const std::vector<const ModelEntry*> models = {
      &models::bass::entry(),
      &models::sir::entry(),
      &models::independent_cascade::entry(),
      &models::sis::entry(),
      &models::threshold::entry(),
      &models::rumour::maki_thompson_entry(),
      &models::rumour::daley_kendall_entry(),
      &models::hawkes::entry(),
      &models::wom::entry(),
  };
  return models;
}

const ModelEntry* find_model(const std::string& name) {
  for (const ModelEntry* model : model_registry())
    if (model->info.name == name) return model;
  return nullptr;
}

ModelCatalog model_catalog() {
  ModelCatalog catalog;
  catalog.find = [](const std::string& name) -> const ModelInfo* {
    const ModelEntry* model = find_model(name);
    return model ? &model->info : nullptr;
  };
  for (const ModelEntry* model : model_registry()) catalog.names.push_back(model->info.name);
  return catalog;
}

}  // namespace hearsay
