// A model's registry entry built from its declarations, and the per-run figures only a finished
// run knows.
#pragma once

#include <limits>
#include <utility>

#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay {

/// A model's registry entry: `info` as the model writes it (name, summary, reference, metrics),
/// with the parameter schemas taken from the table that also reads them.
template <class P>
ModelEntry model_entry(ModelInfo info, const ParamTable<P>& params, RunFunction run,
                       StateBytesFunction state_bytes) {
  info.params = params.specs();
  return {std::move(info), run, state_bytes};
}

/// `value` when the run reached its horizon, NaN when it stopped early (a figure such as a final
/// count that a truncated run would understate).
inline double if_done(const RunOutput& out, double value) {
  return out.status == RunStatus::done ? value : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace hearsay
