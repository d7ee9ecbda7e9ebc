// Vocabulary types shared by the engine, the models and the tools.
#pragma once

#include <cstdint>

namespace hearsay {

/// Agent (vertex) identifier: 32 bits, dense in 0..N-1.
using NodeId = std::uint32_t;
/// Simulated time in days.
using Time = double;

/// How a run ended; stored per run in /runs/status.
enum class RunStatus : std::int8_t {
  pending = 0,    ///< not run yet
  done = 1,       ///< ran to the end of the horizon (or to extinction)
  truncated = 2,  ///< stopped at the event limit before the horizon
  failed = 3,     ///< an error stopped it
};

}  // namespace hearsay
