// Calibration files: what `hearsay calibrate` writes (every generation of an ABC-SMC
// calibration, the data it fitted, the stopping reason), and reads back to resume.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/calibrate/abc_smc.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/files/safe_write.hpp"

namespace hearsay::results {

inline constexpr const char* calibration_format_name = "hearsay-calibration";
inline constexpr int calibration_format_version = 1;

/// Everything a calibration file holds (RESULTS_FORMAT.md, "Calibration files").
struct CalibrationRecord {
  std::string scenario_name, model;
  std::string scenario_yaml;  ///< the resolved calibration scenario
  std::string method = "abc-smc";
  calibrate::AbcSettings settings;
  std::vector<std::string> parameters;  ///< the uncertain keys
  std::vector<std::string> priors;      ///< their distributions, as written
  std::string observed_file;
  std::vector<std::string> columns;    ///< the matched series: "metric" or "metric.BRAND"
  std::vector<double> observed_times;  ///< d
  std::vector<std::vector<double>> observed_values;  ///< [column][time]; NaN = missing
  std::vector<double> scales;                        ///< each column's distance scale
  std::vector<calibrate::Generation> generations;    ///< the finished generations
  std::string stop_reason;  ///< "" while the calibration can go on (after a stop, say)

  bool operator==(const CalibrationRecord&) const = default;
};

/// Writes `record` as the whole file at `lock.path()`: under a temporary name, then renamed into
/// place (sim/files/safe_write.hpp), so the path holds the previous generation's file or this
/// one, never a part. `lock` is the exclusive lock on the path, held by the caller.
void write_calibration(const OutputLock& lock, const ReplacePolicy& policy,
                       const CalibrationRecord& record);

/// True when `path` is an HDF5 file with format hearsay-calibration.
bool is_calibration_file(const std::string& path);

/// Reads a calibration file (RuntimeError if it is not one, or is damaged).
CalibrationRecord read_calibration(const std::string& path);

}  // namespace hearsay::results
