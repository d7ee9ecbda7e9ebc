// The sampling grid: the times at which every model's series are recorded.
#pragma once

#include <vector>

#include "sim/core/types.hpp"

namespace hearsay {

/// Sampling times: 0, dt, 2 dt, ... up to and including `end`.
struct TimeGrid {
  std::vector<Time> times;
  Time end = 0;
};

/// Builds the sampling grid; the last point is `end` even when it is not a multiple of dt.
TimeGrid make_time_grid(Time end, Time sample_every);

}  // namespace hearsay
