// The sampling grid shared by every model.
#include "sim/engine/time_grid.hpp"

#include <cmath>

namespace hearsay {

TimeGrid make_time_grid(Time end, Time sample_every) {
  TimeGrid grid;
  grid.end = end;
  const auto steps = static_cast<std::uint64_t>(std::floor(end / sample_every + 1e-9));
  grid.times.reserve(steps + 2);
  for (std::uint64_t k = 0; k <= steps; ++k)
    grid.times.push_back(static_cast<double>(k) * sample_every);
  if (end - grid.times.back() > 1e-9 * sample_every)
    grid.times.push_back(end);
  else
    grid.times.back() = end;
  return grid;
}

}  // namespace hearsay
