// MPI for `hearsay run` and `hearsay calibrate` under mpirun (build option HEARSAY_MPI): rank 0
// writes the file, every rank runs its share of the tasks with TBB; `run` sends finished runs to
// rank 0, `calibrate` sums each batch's distances over the ranks.
#pragma once

#include "sim/run/runner.hpp"

namespace hearsay::cli {

/// MPI for the lifetime of the object; without HEARSAY_MPI, asking for it is an error.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  /// The runner's view: rank, size and the messaging it needs.
  RankSplit rank_split();
  /// Ends every rank at once (after an error on one of them, the others would wait forever).
  [[noreturn]] static void abort(int code);
};

}  // namespace hearsay::cli
