// The progress display of `hearsay run`: a bar redrawn in place on a terminal, plain lines else.
#pragma once

#include <chrono>

#include "sim/run/runner.hpp"

namespace hearsay::cli {

/// The progress display: a bar redrawn in place on a terminal, plain lines (about every 10% of
/// the runs) otherwise, nothing when quiet.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet);

  void operator()(const Progress& p);

 private:
  bool quiet_;
  bool tty_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace hearsay::cli
