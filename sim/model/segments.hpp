// Consumer segments (`segments:`): groups of consumers, each with its own values of some of the
// model's parameters, for the models that declare which parameters a segment may set (wom).
#pragma once

#include <string>
#include <vector>

#include "sim/core/params.hpp"

namespace hearsay {

/// One entry of `segments:`: a name, the share of the consumers it holds, and the parameters
/// it sets for them (the model's values elsewhere). The shares of a scenario's segments sum
/// to 1.
struct SegmentSpec {
  std::string name;
  double share = 0;
  ParamValues params;  ///< only the parameters the segment sets (ModelInfo::segment_params)
};

}  // namespace hearsay
