// What the files of the results writer and reader share: the format's constants, dataset helpers,
// and the state of an open writer or reader (internal to sim/results).
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <set>
#include <type_traits>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/results/h5.hpp"
#include "sim/results/results_file.hpp"

namespace hearsay::results {

namespace fs = std::filesystem;

inline constexpr double not_written = std::numeric_limits<double>::quiet_NaN();
// A series chunk holds whole runs, of every brand, as long as one run's series fits in
// max_chunk_times values (512 KiB); longer series are cut into chunks of at most that many.
inline constexpr hsize_t max_chunk_times = hsize_t{1} << 16;
// Runs per chunk: as many as fill about 32 KiB with the widest series, at most 64. On series of
// a few KiB, zlib's and HDF5's costs are mostly per chunk: a chunk per run made the writer cost
// a tenth of the simulation time for runs of a few milliseconds.
inline constexpr hsize_t target_chunk_values = 4096;
inline constexpr hsize_t max_runs_per_chunk = 64;
inline constexpr int deflate_level = 1;
inline constexpr const char* status_codes = "0 pending, 1 done, 2 truncated, 3 failed";
// Every dataset attached to /point adds 16 bytes to its REFERENCE_LIST attribute, which the
// default (widely readable) file format caps at 64 KiB: about 4090 attachments.
inline constexpr std::size_t max_metrics = 4000;
// /cascades grows by one run's rows at a time, so its last chunk is rewritten by every run.
// Its chunks are therefore stored uncompressed: an unfiltered chunk keeps the file address it
// got when first written and is rewritten in place, the rows already committed byte for byte
// the same. A compressed chunk instead moves on every rewrite and its old space is freed and
// reused within the session; a kill between that reuse and the next flush left the last
// flushed chunk index pointing at someone else's bytes ("inflate() failed" on --resume, about
// 1 kill -9 in 30 on a 24-run plan). 16384 rows: 128 KiB for 8-byte columns, held by HDF5's
// default 1 MiB chunk cache while it is appended to.
inline constexpr hsize_t cascade_chunk_rows = hsize_t{1} << 14;
// Bytes of one /cascades row in the file, all columns together.
inline constexpr std::uint64_t cascade_row_bytes = 4 + 4 + 4 + 4 + 8 + 8 + 1 + 1;
// /cascades/brand is uint8.
inline constexpr std::size_t max_brands_with_cascades = 256;

std::string run_name(std::uint32_t point, std::uint32_t replication);

// Metric names become HDF5 link names, which cannot contain '/' or be "." and must be unique.
void check_metric_names(const std::vector<MetricSpec>& metrics, const std::string& group);

void check_layout(const ResultsLayout& layout);

// Values a run's output holds for `metrics`: T (or B x T, or B x S x T) per series metric, 1
// (or B) per summary; `times` = 1 for summaries.
std::size_t values_needed(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t segments, std::size_t times);

// Where a chunk of a series starts: (point, replication, [brand, [segment,]] time), with `row`
// counted over the metric's rows (brands, or brands x segments, brand-major).
std::vector<hsize_t> chunk_offset(const MetricSpec& metric, hsize_t point, hsize_t replication,
                                  hsize_t row, hsize_t time, hsize_t segments);

// "2 metrics x 5 times", or with per-brand metrics "1 metric x 5 times + 2 metrics x 3 brands
// x 5 times": what a run must produce, for the size-mismatch message.
std::string needed_phrase(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t segments, std::size_t times, bool series);

// A coordinate (0..n-1) that is also an HDF5 dimension scale, so netCDF readers see a dimension.
h5::Dataset write_index(const h5::File& file, const std::string& name, std::uint32_t n,
                        const std::string& description);

// Per-(point, replication) datasets share their dimensions and their simple-reader attribute.
void attach_run_dimensions(const h5::Dataset& dataset, const h5::Dataset& point,
                           const h5::Dataset& replication);

void describe_metric(const h5::Dataset& dataset, const MetricSpec& metric);

std::string optional_string_attribute(const h5::Object& object, const std::string& name);

std::vector<MetricSpec> read_metrics(const h5::File& file, const std::string& group_name);

hsize_t coordinate_length(const h5::File& file, const std::string& name);

template <class T>
h5::Dataset create_column(const h5::Group& group, const std::string& name, const std::string& units,
                          const std::string& description) {
  const hsize_t empty[] = {0};
  const h5::StorageOptions storage{.chunk = {cascade_chunk_rows}, .extendable = true};
  h5::Dataset column = h5::create_dataset<T>(group, name, empty, storage);
  h5::write_attribute(column, "units", units);
  h5::write_attribute(column, "description", description);
  return column;
}

/// The dimension scales every table of a file is attached to.
struct Coordinates {
  h5::Dataset time, point, replication, brand, segment;
};

// A block's cells of a (P, R[, W]) table: `cells` holds block_replications runs per point,
// W values each; `at` is the part of the block inside the table (smaller at the edges).
struct CellRegion {
  hsize_t point, replication, points, replications;
};

std::pair<std::vector<hsize_t>, std::vector<hsize_t>> cell_selection(const h5::Dataset& table,
                                                                     const CellRegion& at);

template <class T>
void write_cells(const h5::Dataset& table, const CellRegion& at, hsize_t block_replications,
                 hsize_t width, const std::vector<T>& cells) {
  const auto [start, count] = cell_selection(table, at);
  if (at.replications == block_replications) {  // the first points x R' x W cells, as they are
    h5::write_hyperslab(table, start, count, cells.data());
    return;
  }
  std::vector<T> packed;
  packed.reserve(at.points * at.replications * width);
  for (hsize_t p = 0; p < at.points; ++p) {
    const auto from = cells.begin() + static_cast<std::ptrdiff_t>(p * block_replications * width);
    packed.insert(packed.end(), from, from + static_cast<std::ptrdiff_t>(at.replications * width));
  }
  h5::write_hyperslab(table, start, count, packed.data());
}

template <class T>
void read_cells(const h5::Dataset& table, const CellRegion& at, hsize_t block_replications,
                hsize_t width, std::vector<T>& cells) {
  const auto [start, count] = cell_selection(table, at);
  std::vector<T> packed(at.points * at.replications * width);
  h5::read_hyperslab(table, start, count, packed.data());
  for (hsize_t p = 0; p < at.points; ++p)
    std::copy_n(packed.begin() + static_cast<std::ptrdiff_t>(p * at.replications * width),
                at.replications * width,
                cells.begin() + static_cast<std::ptrdiff_t>(p * block_replications * width));
}

/// Opens a results file after checking that it is one, of a version this build reads.
h5::File open_results_file(const std::string& path, bool writable);

ShardSpec parse_shard_attribute(const std::string& path, const std::string& text);

std::vector<PointColumn> read_point_columns(const h5::File& file, std::uint32_t points);

/// /design (design_table.cpp): written with the coordinates, read back by resume and merge.
void write_design(const h5::File& file, const design::DesignRecord& record);
std::optional<design::DesignRecord> read_design(const h5::File& file, const std::string& path);

std::vector<RunStatus> read_statuses(const h5::File& file, const std::string& path);

ResultsInfo describe_file(const h5::File& file, const std::string& path,
                          std::vector<RunStatus>& statuses);

ResultsLayout layout_of(const ResultsInfo& info, const h5::File& file);

/// Why two layouts' metrics or point columns differ (resume, merge).
bool same_metrics(const std::vector<MetricSpec>& a, const std::vector<MetricSpec>& b);
bool same_columns(const std::vector<PointColumn>& a, const std::vector<PointColumn>& b);

}  // namespace hearsay::results

namespace hearsay {

struct ResultsWriter::FileState {
  // Destroyed in reverse: every dataset, then the file, then the temporary file (removed unless
  // published), then the lock.
  OutputLock lock;
  std::unique_ptr<StagedFile> staged;  // a new file until it is published
  h5::File file;                       // destroyed after every dataset opened in it
  std::uint32_t points = 0;
  std::uint32_t replications = 0;
  hsize_t times = 0;
  hsize_t brands = 0;
  hsize_t segments = 0;
  /// Values a metric has per time (series) or per run (summary).
  hsize_t rows(const MetricSpec& metric) const { return metric_rows(metric, brands, segments); }
  std::vector<h5::Dataset> series;
  std::vector<h5::Dataset> summaries;
  std::vector<MetricSpec> series_specs;
  std::vector<MetricSpec> summary_specs;
  /// /cascades, when the layout asks for it: the group (its `rows` attribute) and the columns.
  struct Cascades {
    h5::Group group;
    h5::Dataset point, replication, cascade, node, parent, time, valence, brand;
    std::uint64_t rows = 0;
  };
  std::unique_ptr<Cascades> cascades;
  h5::Dataset seed;
  h5::Dataset events;
  h5::Dataset wall_seconds;
  h5::Dataset status;
  std::vector<RunStatus> statuses;  // what /runs/status will hold, so finish() need not read it
  /// A run handed to write_run: (point, replication, status code).
  struct Uncommitted {
    hsize_t point, replication;
    std::int8_t code;
  };
  /// Blocks stored since the last commit: their statuses are written at the commit.
  std::vector<results::CellRegion> uncommitted;
  std::chrono::steady_clock::time_point commit_deadline;
  std::uint64_t stored_cascade_rows = 0;  // rows of the runs whose series are stored
  bool cascade_rows_dirty = false;  // /cascades@rows is written at the commit, with the statuses
  /// Stores the block's series when due (or, with `everything`, whatever it holds), then writes
  /// the statuses of the stored runs and /cascades@rows, and flushes.
  void commit(bool everything);
  /// When commit(false) next has something to do (time_point::max() when nothing waits).
  std::chrono::steady_clock::time_point next_deadline() const;
  /// Series chunks are shuffled and deflated here and stored whole (see store_block).
  h5::ShuffleDeflate series_encoder{results::deflate_level};

  /// Chunk shape of each series dataset: rows (brands, or brands x segments; 1 for a plain
  /// metric) and times.
  struct SeriesChunk {
    hsize_t brands, times;
  };
  std::vector<SeriesChunk> series_chunks;
  /// Runs per chunk along points and along replications (the same for every series metric).
  /// Either block_points < P and block_replications = 1, or block_points = P: a chunk's runs
  /// are consecutive tasks, so the in-order writer fills one chunk at a time.
  hsize_t block_points = 1;
  hsize_t block_replications = 1;
  std::vector<double> chunk_buffer;  // a chunk gathered from the run's values, padded with NaN

  /// The runs of one chunk of every series metric. A run's series wait here until every run of
  /// the block has ended, so each chunk is normally written once, whole. If the writer stops
  /// first (Ctrl-C, or the block has waited partial_block_interval) the chunk is stored partly
  /// filled and padded to the longest its stream can get: completing it later rewrites it with
  /// the same length, which HDF5 does in place, so a kill never leaves a flushed chunk index
  /// pointing at reused space (a compressed chunk that changes length moves, and its old space
  /// may be reused before the flush that records the move).
  struct Block {
    bool open = false;
    hsize_t point = 0, replication = 0;           // its first run
    hsize_t points = 0, replications = 0;         // runs it has in the layout (fewer at the edges)
    std::size_t remaining = 0;                    // runs of the block in this shard not ended yet
    std::vector<Uncommitted> runs;                // in `values`, not yet stored
    std::chrono::steady_clock::time_point since;  // when the first of `runs` came
    bool hold = false;  // no timed partial store: the chunk has another length in the file
    std::vector<std::vector<double>> values;  // per series metric, chunk-shaped, NaN = none
    std::vector<hsize_t> stored;  // per series metric: bytes its chunk takes in the file
    // The block's cells of the (P, R) and (P, R, B) tables, written with its series (one
    // hyperslab per table, not one per run).
    std::vector<std::vector<double>> summary;  // per summary metric
    std::vector<std::uint64_t> seed, events;
    std::vector<double> wall_seconds;
    results::CellRegion region() const { return {point, replication, points, replications}; }
  };
  Block block;
  bool resumed = false;  // the file was written before: blocks may have chunks in it already
  static constexpr std::chrono::milliseconds partial_block_interval{2000};

  /// Reads the chunk shape of every series dataset (a resumed file keeps the one it was made
  /// with).
  void read_series_chunks();
  /// Opens the block of run (point, replication): loads what the file holds of it.
  void open_block(hsize_t point, hsize_t replication);
  /// Whether run (point, replication) belongs to the open block.
  bool in_block(hsize_t point, hsize_t replication) const {
    return block.open && point / block_points * block_points == block.point &&
           replication / block_replications * block_replications == block.replication;
  }
  /// Writes the block's chunks (partial: some of its runs have not ended) and hands its runs
  /// to the next commit. A timed partial store is declined when it could not be written in
  /// place; returns whether it stored.
  bool store_block(bool partial, bool timed);
  /// Writes the chunks of series metric `m` of the open block.
  void write_series_chunks(std::size_t m, bool partial);
  ShardSpec shard;
  std::string path;
  /// Where the file is on disk now: its temporary name until it is published, then `path`.
  std::string disk_path() const {
    return staged && !staged->published() ? staged->temp_path() : path;
  }
  /// Closes every HDF5 object and the file (finish() of a file published at finish).
  void close();
  mutable std::string folder;  // the folder holding `path`, made absolute on first use

  /// Refuses (before anything of the run is written) when the file system or the file size
  /// limit leaves less than `bytes`: a write failing half-way could leave HDF5 metadata that no
  /// reader can open, while a refusal leaves the file as the last flush made it. The room found
  /// is reused for 100 ms, less what each run may take (statvfs per run cost 8% of the writer's
  /// time on runs of a few milliseconds).
  void check_space(std::uint64_t bytes, const std::string& run);
  std::uint64_t space_left = 0;
  std::chrono::steady_clock::time_point space_checked;

  // Copying a shard's runs (`hearsay merge`): its tables, the series block by block (stored
  // chunks as they are where a block is the shard's alone), the run tables, /cascades.
  struct ShardTables;
  ShardTables open_shard_tables(const ResultsReader::FileState& from) const;
  void copy_series(const ResultsReader::FileState& from, const ShardTables& tables,
                   std::uint64_t first, std::uint64_t end);
  bool copy_stored_block(const ShardTables& tables, hsize_t block_point, hsize_t block_replication,
                         std::vector<unsigned char>& bytes);
  void gather_block_runs(const ResultsReader::FileState& from, const ShardTables& tables,
                         std::uint64_t t, std::uint64_t stop, hsize_t block_point,
                         hsize_t block_replication);
  void copy_run_tables(const ResultsReader::FileState& from, const ShardTables& tables,
                       std::uint64_t first, std::uint64_t end);
  void copy_cascades(const ResultsReader::FileState& from, std::uint64_t first, std::uint64_t end);

  /// The sizes, metrics and shard of `layout`, which a new file and a reopened one both keep.
  void take_shape(const ResultsLayout& layout);
  void lay_out(const ResultsLayout& layout);
  // The parts of a new file's layout, in the order they are created.
  void lay_out_series(const ResultsLayout& layout, const results::Coordinates& at);
  void lay_out_summaries(const ResultsLayout& layout, const results::Coordinates& at);
  void lay_out_cascades();
  void lay_out_runs(const results::Coordinates& at);
  void reopen(const ResultsLayout& layout);
  void append_cascades(std::uint32_t point, std::uint32_t replication, const RunOutput& output);
};

struct ResultsReader::FileState {
  h5::File file;
  std::string path;
  ResultsInfo info;
  std::vector<RunStatus> statuses;
  /// Rows of /cascades per run, found on first use: (first row, count) by point * R + r.
  mutable std::vector<std::pair<std::uint64_t, std::uint64_t>> cascade_rows;
  mutable bool cascades_indexed = false;

  void index_cascades() const;
};

}  // namespace hearsay
