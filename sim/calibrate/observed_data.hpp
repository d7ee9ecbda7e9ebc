// Observed time series a calibration fits: a CSV file with a `time` column and one column per
// matched metric.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hearsay::calibrate {

/// Largest observed-data file (bytes): a daily series over a century of 100 metrics is ~10 MB.
inline constexpr std::uint64_t max_observed_bytes = 64ULL << 20;

/// A data set as read: times in days since the start, strictly increasing; one series per
/// column (an empty cell is a missing value, NaN, which distances skip).
struct ObservedData {
  std::string file;
  std::vector<double> times;                ///< d
  std::vector<std::string> columns;         ///< in the order of `wanted`
  std::vector<std::vector<double>> values;  ///< [column][row]
};

/// One column a calibration needs: it may be written under any of `names` (a per-brand metric
/// as "sales.NAME", or "sales" when only one brand's sales are matched).
struct WantedColumn {
  std::vector<std::string> names;
};

/// Reads `path`: a header line naming the columns (comma-separated; `time` and one column per
/// wanted metric, in any order), then one row of numbers per observation. `#` starts a comment
/// line. Throws DataFileError "FILE:LINE:COLUMN: problem; fix" for an empty file, a header
/// without `time`, an unknown, repeated or missing column, a row with too few or too many cells,
/// a cell that is not a number, a negative time, and times that do not increase.
ObservedData read_observed(const std::string& path, const std::vector<WantedColumn>& wanted);

}  // namespace hearsay::calibrate
