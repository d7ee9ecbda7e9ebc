// The results file: the only code that writes HDF5. Layout documented in
// sim/results/RESULTS_FORMAT.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/design/plan.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/files/safe_write.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay {

class ResultsReader;

inline constexpr const char* results_format_name = "hearsay-results";
inline constexpr int results_format_version = 1;

/// A column of the /points table: the arm or one swept key's value at every point.
struct PointColumn {
  std::string name;                ///< "arm", or a swept key such as "model.beta"
  bool numeric = false;            ///< float64 column; otherwise strings
  std::vector<double> numbers;     ///< P values when numeric
  std::vector<std::string> texts;  ///< P values otherwise
};

/// Runs are ordered replication-major: run (point p, replication r) is task r * P + p, so the
/// points of one replication (which share its network) are next to each other. Shard i of n
/// holds tasks [floor(i N / n), floor((i + 1) N / n)) of the N = P R tasks.
struct ShardSpec {
  std::uint32_t index = 0;
  std::uint32_t count = 1;  ///< 1 = the whole plan (not a shard)
  bool operator==(const ShardSpec&) const = default;
};
std::uint64_t shard_begin(ShardSpec shard, std::uint64_t tasks);
std::uint64_t shard_end(ShardSpec shard, std::uint64_t tasks);
/// "2/8" for display and the file's `shard` attribute.
std::string shard_text(ShardSpec shard);

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
  std::vector<std::string> segments;  ///< -> /segment (S); empty = no segment dimension
  bool cascades = false;              ///< create /cascades (rows appended per run)
  std::vector<PointColumn> point_columns;      ///< -> /points/<name> (P); empty = no /points
  std::optional<design::DesignRecord> design;  ///< -> /design, when the points are a design's rows
  ShardSpec shard;                             ///< which runs this file is responsible for
};

/// Why a file with layout `found` cannot hold the runs of `wanted` (resume, merge); empty when
/// it can.
std::string layout_mismatch(const ResultsLayout& found, const ResultsLayout& wanted);

/// One run as stored in a file.
struct RunRecord {
  RunOutput output;
  std::uint64_t seed = 0;
  double wall_seconds = 0;
};

/// How a new results file reaches its path (see sim/files/safe_write.hpp).
struct NewFileOptions {
  /// `--force` (overwrite) and the command's inputs, which are never replaced.
  ReplacePolicy replace{
      .overwrite = false,
      .inputs = {},
      .exists_fix = "use --resume to finish its missing runs, or --force to overwrite it"};
  /// false (`hearsay run`): the laid-out file is renamed into place at once, so a run killed
  /// later leaves a file --resume finishes. true (`hearsay merge`): it keeps its temporary name
  /// until finish() has written and closed it, so the path holds the old file or the whole new
  /// one, whenever the process dies.
  bool publish_at_finish = false;
};

/// Writes one results file. Creating it lays out every dataset with all runs `pending`; each
/// finished run is written whole, and its status (with /cascades@rows) is written and the file
/// flushed at the next commit, so the file never claims a run it does not hold. write_run
/// commits once `commit_interval` has passed since the last commit; finish() and the destructor
/// commit what is left. Not thread-safe: one writer, callers serialise.
class ResultsWriter {
 public:
  /// Creates `lock.path()`, holding `lock` (exclusive) until destroyed: laid out under a
  /// temporary name beside it, synced and renamed into place (see NewFileOptions). Refuses
  /// (RuntimeError) what `options.replace` does not allow (an existing file without overwrite,
  /// anything but a regular file, an input).
  ResultsWriter(OutputLock lock, const ResultsLayout& layout, const NewFileOptions& options);
  /// The same, taking the lock on `path` itself (OutputBusy if another process holds it).
  ResultsWriter(const std::string& path, const ResultsLayout& layout, bool overwrite);
  /// Reopens a file written for `layout` to finish its pending runs (`hearsay run --resume`),
  /// holding `lock` until destroyed. Refuses a file of another scenario, layout or shard, one
  /// that is not a regular file, and one of `inputs`. Rows a killed run left past
  /// /cascades@rows are dropped.
  static std::unique_ptr<ResultsWriter> resume(OutputLock lock, const ResultsLayout& layout,
                                               const std::vector<std::string>& inputs = {});
  /// The same, taking the lock on `path` itself.
  static std::unique_ptr<ResultsWriter> resume(const std::string& path,
                                               const ResultsLayout& layout);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  /// At most this long between a run being written and the commit that marks it done (a flush
  /// per run cost a fifth of the writer's time for runs of a few milliseconds).
  static constexpr std::chrono::milliseconds commit_interval{100};

  void write_run(std::uint32_t point, std::uint32_t replication, std::uint64_t seed,
                 const RunOutput& output, double wall_seconds);
  /// Whether runs were written since the last commit (they are still `pending` in the file),
  /// other than runs held back for a chunk shared with runs to come.
  bool has_uncommitted() const;
  /// When commit_due() has work: the first uncommitted run plus commit_interval, or a partly
  /// filled chunk's first run plus a couple of seconds.
  std::chrono::steady_clock::time_point commit_deadline() const;
  /// Commits what is due by commit_deadline(). Runs wait for the other runs of their series
  /// chunk (consecutive tasks) for up to a couple of seconds, so a kill loses at most about that
  /// much work, and the chunk is written once, whole.
  void commit_due();
  /// Writes every run written so far: the series of a partly filled chunk (the rest of it
  /// stays NaN), the statuses (data first, status last), then flushes: a kill after this
  /// returns loses none of them.
  void commit();
  /// Writes /provenance (key -> text), marks the file complete (root attribute `complete` = 1)
  /// when every run of its shard has ended, flushes and syncs it to the disk. A file published
  /// at finish is then closed and renamed into place: the writer is done.
  void finish(const std::map<std::string, std::string>& provenance);
  /// Copies every run of `shard` (a shard file of this file's plan, checked by the caller) into
  /// this file: whole compressed chunks as they are stored where a chunk's runs all come from
  /// `shard`, values otherwise; tables and /cascades rows in task order. Shards are given in
  /// index order; the result equals the file one process writes, value for value.
  void copy_runs(const ResultsReader& shard);
  /// Status of every run, index point * R + replication.
  const std::vector<RunStatus>& statuses() const;

 private:
  ResultsWriter();
  struct FileState;  // the open file and what is being written (file_state.hpp)
  std::unique_ptr<FileState> state_;
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
  std::vector<MetricSpec> series;  ///< per_brand, per_segment set from each dataset's dimensions
  std::vector<MetricSpec> summaries;
  std::vector<std::string> brands;    ///< /brand; empty when the file has no brand dimension
  std::vector<std::string> segments;  ///< /segment; empty when the file has no segments
  bool has_cascades = false;          ///< the file has /cascades
  std::uint64_t cascade_rows = 0;     ///< rows of /cascades written by finished writes
  std::map<std::string, std::string> provenance;
  std::vector<PointColumn> point_columns;      ///< /points, when the file has it
  std::optional<design::DesignRecord> design;  ///< /design, when the file has it
  ShardSpec shard;                             ///< from the root attribute `shard` ("i/n")
  /// Whether every run of the file's shard has ended (for a whole file: same as `complete`).
  bool shard_complete = false;
};

/// Reads runs back from a results file (for `hearsay merge` and the closing table of a resumed
/// run). Opening validates the file like read_results_info.
class ResultsReader {
 public:
  explicit ResultsReader(const std::string& path);
  ~ResultsReader();
  ResultsReader(const ResultsReader&) = delete;
  ResultsReader& operator=(const ResultsReader&) = delete;

  const ResultsInfo& info() const;
  /// The layout the file was written with (shard included).
  ResultsLayout layout() const;
  /// Status of every run, index point * R + replication.
  const std::vector<RunStatus>& statuses() const;
  /// One run: series and cascade rows only when `everything`, else just its summary.
  RunRecord read_run(std::uint32_t point, std::uint32_t replication, bool everything = true) const;

 private:
  friend class ResultsWriter;  // copy_runs copies stored chunks
  struct FileState;            // the open file and what is being written (file_state.hpp)
  std::unique_ptr<FileState> state_;
};

/// Reads a results file's description. Throws RuntimeError with a clear message for a missing,
/// truncated or foreign file, or one of a newer format version.
ResultsInfo read_results_info(const std::string& path);

/// The hearsay version string (project version).
const char* hearsay_version();

}  // namespace hearsay
