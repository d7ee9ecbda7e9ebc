// `hearsay calibrate` over MPI ranks: every rank proposes the same candidates (their streams are
// counter-based), simulates its share of each batch, and the distances are summed over the
// ranks, so every rank accepts the same particles. Rank 0 alone reads and writes the file and
// tells the others where a resumed calibration stands.
#pragma once

#include <string>
#include <vector>

#include "sim/calibrate/abc_smc.hpp"
#include "sim/run/rank_split.hpp"

namespace hearsay::cli {

/// What rank 0 tells the others before the first generation.
struct CalibrationStart {
  bool ok = true;  ///< false: rank 0 could not start (it says why); every rank ends with exit 1
  std::vector<calibrate::Generation> generations;  ///< of the file resumed
  std::string stop_reason;                         ///< of the file resumed ("" to go on)
};

/// Rank 0's `start` replaces every other rank's (collective; a no-op on one process); the
/// doubles travel bit for bit.
void share_start(const RankSplit& ranks, CalibrationStart& start);

/// Candidate i of a batch runs on rank i % size.
inline bool runs_here(const RankSplit& ranks, std::size_t i) {
  return static_cast<int>(i % static_cast<std::size_t>(ranks.size)) == ranks.rank;
}

}  // namespace hearsay::cli
