// The closing table of `hearsay run`: each summary metric's mean and 95% interval over the runs.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/run/runner.hpp"

namespace hearsay::cli {

/// Prints the table of the runs `cells` (indices into result.summary); per-brand metrics get a
/// column per brand.
void print_summary_table(const ScenarioResult& result, const std::vector<std::size_t>& cells);

}  // namespace hearsay::cli
