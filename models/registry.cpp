// The model registry: an explicit list (no static self-registration a linker could drop). Adding
// a model: its folder, and its header and one line here.
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

const ModelRegistry& model_registry() {
  static const ModelRegistry registry("model", "models",
                                      {
                                          &models::bass::entry(),
                                          &models::sir::entry(),
                                          &models::independent_cascade::entry(),
                                          &models::sis::entry(),
                                          &models::threshold::entry(),
                                          &models::rumour::maki_thompson_entry(),
                                          &models::rumour::daley_kendall_entry(),
                                          &models::hawkes::entry(),
                                          &models::wom::entry(),
                                      });
  return registry;
}

}  // namespace hearsay
