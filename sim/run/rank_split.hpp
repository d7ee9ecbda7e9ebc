// How a plan's tasks are split over MPI ranks, and how finished runs travel between them.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/results/results_file.hpp"

namespace hearsay {

/// The runner's view of the ranks of an MPI job (messaging in sim/app/mpi_session.cpp, so the
/// runner never includes mpi.h). Rank 0 writes the file; with size 1 there is no messaging at all.
struct RankSplit {
  int rank = 0;
  int size = 1;
  /// Rank != 0: hands a finished run (its index in the plan's pending list) to rank 0. Called
  /// from one thread at a time.
  std::function<void(std::uint64_t index, const RunRecord& run)> send;
  /// Rank 0: blocks until a run from another rank arrives and returns it; false when every
  /// other rank has sent all its runs. Called from one thread.
  std::function<bool(std::uint64_t& index, RunRecord& run)> receive;
  /// Rank != 0, once all its runs are sent (or it stopped): tells rank 0 to expect no more.
  std::function<void()> done_sending;
  /// Rank 0's `values` replace every other rank's (a broadcast); called by every rank once.
  std::function<void(std::vector<std::uint64_t>& values)> share;
  /// Every rank's `values` become their element-wise sum over the ranks (a collective call:
  /// every rank calls it with as many values). A value that is non-zero on one rank only comes
  /// back exactly, whatever the order of the sum: how a calibration gathers its distances.
  std::function<void(std::vector<double>& values)> sum;
  /// Whether `flag` is true on any rank (collective): how ranks agree to stop.
  std::function<bool(bool flag)> any;
};

}  // namespace hearsay
