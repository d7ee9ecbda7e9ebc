// The results file: the only code that writes HDF5. Layout documented in sim/RESULTS_FORMAT.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/model_api.hpp"

namespace hearsay {

inline constexpr const char* results_format_name = "hearsay-results";
inline constexpr int results_format_version = 1;

/// What the file will hold, known before any run starts.
struct ResultsLayout {
  std::string scenario_yaml;  ///< resolved scenario text -> /scenario
  std::string scenario_name;
  std::string model;
  std::vector<Time> times;  ///< -> /time
  std::uint32_t points = 1;
  std::uint32_t replications = 1;
  std::vector<MetricSpec> series;     ///< -> /series/<name> (point, replication, [brand,] time)
  std::vector<MetricSpec> summaries;  ///< -> /summary/<name> (point, replication, [brand])
  std::vector<std::string> brands;    ///< -> /brand (B); empty = no brand dimension
  bool cascades = false;              ///< create /cascades (rows appended per run)
};

/// Writes one results file. Creating it lays out every dataset with all runs `pending`; each
/// finished run is written whole, then its status, then the file is flushed, so the file never
/// claims a run it does not hold. Not thread-safe: one writer, callers serialise.
class ResultsWriter {
 public:
  /// Creates `path`. Refuses (RuntimeError) if it exists and `overwrite` is false.
  ResultsWriter(const std::string& path, const ResultsLayout& layout, bool overwrite);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  void write_run(std::uint32_t point, std::uint32_t replication, std::uint64_t seed,
                 const RunOutput& output, double wall_seconds);
  /// Writes /provenance (key -> text) and marks the file complete (root attribute `complete` = 1)
  /// when every run is done.
  void finish(const std::map<std::string, std::string>& provenance);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// What `hearsay info` prints.
struct ResultsInfo {
  std::string format;
  int format_version = 0;
  std::string hearsay_version;
  bool complete = false;
  std::string scenario_yaml;
  std::string model;
  std::string scenario_name;
  std::uint32_t points = 0;
  std::uint32_t replications = 0;
  std::uint64_t times = 0;
  std::uint64_t runs_done = 0;
  std::uint64_t runs_pending = 0;
  std::uint64_t runs_truncated = 0;
  std::uint64_t runs_failed = 0;
  std::uint64_t total_events = 0;
  std::vector<MetricSpec> series;  ///< per_brand set from each dataset's dimensions
  std::vector<MetricSpec> summaries;
  std::vector<std::string> brands;  ///< /brand; empty when the file has no brand dimension
  bool has_cascades = false;        ///< the file has /cascades
  std::uint64_t cascade_rows = 0;   ///< rows of /cascades written by finished writes
  std::map<std::string, std::string> provenance;
};

/// Reads a results file's description. Throws RuntimeError with a clear message for a missing,
/// truncated or foreign file, or one of a newer format version.
ResultsInfo read_results_info(const std::string& path);

/// The hearsay version string (project version).
const char* hearsay_version();

}  // namespace hearsay
