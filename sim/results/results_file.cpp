// The results file: writes and describes the HDF5 layout documented in
// sim/results/RESULTS_FORMAT.md.
#include "sim/results/results_file.hpp"

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
#include <set>
#include <type_traits>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/results/h5.hpp"

#ifndef HEARSAY_VERSION
#define HEARSAY_VERSION "0.1.0"
#endif

namespace hearsay {
namespace {

namespace fs = std::filesystem;

constexpr double not_written = std::numeric_limits<double>::quiet_NaN();
// A series chunk holds whole runs, of every brand, as long as one run's series fits in
// max_chunk_times values (512 KiB); longer series are cut into chunks of at most that many.
constexpr hsize_t max_chunk_times = hsize_t{1} << 16;
// Runs per chunk: as many as fill about 32 KiB with the widest series, at most 64. On series of
// a few KiB, zlib's and HDF5's costs are mostly per chunk: a chunk per run made the writer cost
// a tenth of the simulation time for runs of a few milliseconds.
constexpr hsize_t target_chunk_values = 4096;
constexpr hsize_t max_runs_per_chunk = 64;
constexpr int deflate_level = 1;
constexpr const char* status_codes = "0 pending, 1 done, 2 truncated, 3 failed";
// Every dataset attached to /point adds 16 bytes to its REFERENCE_LIST attribute, which the
// default (widely readable) file format caps at 64 KiB: about 4090 attachments.
constexpr std::size_t max_metrics = 4000;
// /cascades grows by one run's rows at a time, so its last chunk is rewritten by every run.
// Its chunks are therefore stored uncompressed: an unfiltered chunk keeps the file address it
// got when first written and is rewritten in place, the rows already committed byte for byte
// the same. A compressed chunk instead moves on every rewrite and its old space is freed and
// reused within the session; a kill between that reuse and the next flush left the last
// flushed chunk index pointing at someone else's bytes ("inflate() failed" on --resume, about
// 1 kill -9 in 30 on a 24-run plan). 16384 rows: 128 KiB for 8-byte columns, held by HDF5's
// default 1 MiB chunk cache while it is appended to.
constexpr hsize_t cascade_chunk_rows = hsize_t{1} << 14;
// Bytes of one /cascades row in the file, all columns together.
constexpr std::uint64_t cascade_row_bytes = 4 + 4 + 4 + 4 + 8 + 8 + 1 + 1;
// /cascades/brand is uint8.
constexpr std::size_t max_brands_with_cascades = 256;

std::string run_name(std::uint32_t point, std::uint32_t replication) {
  return "run (point " + std::to_string(point) + ", replication " + std::to_string(replication) +
         ")";
}

// Metric names become HDF5 link names, which cannot contain '/' or be "." and must be unique.
void check_metric_names(const std::vector<MetricSpec>& metrics, const std::string& group) {
  std::set<std::string> seen;
  for (const MetricSpec& metric : metrics) {
    if (metric.name.empty() || metric.name == "." || metric.name.find('/') != std::string::npos) {
      throw RuntimeError("metric name '" + metric.name + "' cannot be stored as /" + group +
                         "/<name>: it must be non-empty, not '.', and contain no '/'");
    }
    if (!seen.insert(metric.name).second) {
      throw RuntimeError("metric '" + metric.name + "' is declared twice for /" + group);
    }
  }
}

void check_layout(const ResultsLayout& layout) {
  if (layout.times.empty()) throw RuntimeError("results layout has no sampling times");
  if (layout.points == 0 || layout.replications == 0) {
    throw RuntimeError("results layout needs at least one point and one replication");
  }
  if (layout.series.size() + layout.summaries.size() > max_metrics) {
    throw RuntimeError("a results file holds at most " + std::to_string(max_metrics) +
                       " metrics (series and summaries together); this layout has " +
                       std::to_string(layout.series.size() + layout.summaries.size()));
  }
  check_metric_names(layout.series, "series");
  check_metric_names(layout.summaries, "summary");
  for (const auto* metrics : {&layout.series, &layout.summaries})
    for (const MetricSpec& metric : *metrics)
      if (metric.per_brand && layout.brands.empty())
        throw RuntimeError("metric '" + metric.name +
                           "' has one value per brand, but the results layout has no brands");
  std::set<std::string> seen;
  for (const std::string& brand : layout.brands)
    if (!seen.insert(brand).second)
      throw RuntimeError("brand '" + brand + "' appears twice in the results layout");
  std::set<std::string> columns;
  for (const PointColumn& column : layout.point_columns) {
    if (column.name.empty() || column.name == "." || column.name.find('/') != std::string::npos)
      throw RuntimeError("point column '" + column.name +
                         "' cannot be stored as /points/<name>: it must be non-empty, not '.', "
                         "and contain no '/'");
    if (!columns.insert(column.name).second)
      throw RuntimeError("point column '" + column.name + "' appears twice");
    const std::size_t n = column.numeric ? column.numbers.size() : column.texts.size();
    if (n != layout.points)
      throw RuntimeError("point column '" + column.name + "' has " + std::to_string(n) +
                         " values for " + std::to_string(layout.points) + " points");
  }
  if (layout.shard.count == 0 || layout.shard.index >= layout.shard.count)
    throw RuntimeError("invalid shard " + shard_text(layout.shard));
  if (layout.cascades && layout.brands.size() > max_brands_with_cascades)
    throw RuntimeError("/cascades stores the brand as uint8: at most " +
                       std::to_string(max_brands_with_cascades) + " brands, not " +
                       std::to_string(layout.brands.size()));
}

// Values a run's output holds for `metrics`: T (or B x T) per series metric, 1 (or B) per
// summary; `times` = 1 for summaries.
std::size_t values_needed(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t times) {
  std::size_t n = 0;
  for (const MetricSpec& metric : metrics) n += (metric.per_brand ? brands : 1) * times;
  return n;
}

// "2 metrics x 5 times", or with per-brand metrics "1 metric x 5 times + 2 metrics x 3 brands
// x 5 times": what a run must produce, for the size-mismatch message.
std::string needed_phrase(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t times, bool series) {
  const auto per_brand = static_cast<std::size_t>(std::count_if(
      metrics.begin(), metrics.end(), [](const MetricSpec& m) { return m.per_brand; }));
  const std::size_t plain = metrics.size() - per_brand;
  auto count = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  const std::string tail = series ? " x " + count(times, "time") : std::string();
  if (per_brand == 0) return series ? count(plain, "metric") + tail : std::to_string(plain);
  std::string text;
  if (plain > 0) text = count(plain, "metric") + tail + " + ";
  return text + count(per_brand, "per-brand metric") + " x " + count(brands, "brand") + tail;
}

// A coordinate (0..n-1) that is also an HDF5 dimension scale, so netCDF readers see a dimension.
h5::Dataset write_index(const h5::File& file, const std::string& name, std::uint32_t n,
                        const std::string& description) {
  const hsize_t dims[] = {n};
  h5::Dataset index = h5::create_dataset<std::int64_t>(file, name, dims);
  std::vector<std::int64_t> values(n);
  for (std::uint32_t i = 0; i < n; ++i) values[i] = i;
  h5::write_all(index, values);
  h5::write_attribute(index, "description", description);
  h5::make_dimension_scale(index, name);
  return index;
}

// Per-(point, replication) datasets share their dimensions and their simple-reader attribute.
void attach_run_dimensions(const h5::Dataset& dataset, const h5::Dataset& point,
                           const h5::Dataset& replication) {
  h5::attach_dimension_scale(dataset, point, 0);
  h5::attach_dimension_scale(dataset, replication, 1);
  h5::write_attribute(dataset, "dimensions", "point replication");
}

void describe_metric(const h5::Dataset& dataset, const MetricSpec& metric) {
  h5::write_attribute(dataset, "units", metric.unit);
  h5::write_attribute(dataset, "description", metric.description);
}

std::string optional_string_attribute(const h5::Object& object, const std::string& name) {
  if (!h5::has_attribute(object, name) || !h5::attribute_is_string(object, name)) return {};
  return h5::read_string_attribute(object, name);
}

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

std::vector<MetricSpec> read_metrics(const h5::File& file, const std::string& group_name) {
  std::vector<MetricSpec> metrics;
  if (!h5::has_link(file, group_name)) return metrics;
  const h5::Group group = h5::open_group(file, group_name);
  for (const std::string& name : h5::link_names(group)) {
    const h5::Dataset dataset = h5::open_dataset(group, name);
    MetricSpec metric{.name = name, .unit = {}, .description = {}};
    const std::string dimensions = optional_string_attribute(dataset, "dimensions");
    metric.per_brand = dimensions.find(" brand") != std::string::npos;
    if (h5::has_attribute(dataset, "units"))
      metric.unit = h5::read_string_attribute(dataset, "units");
    if (h5::has_attribute(dataset, "description")) {
      metric.description = h5::read_string_attribute(dataset, "description");
    }
    metrics.push_back(std::move(metric));
  }
  return metrics;
}

hsize_t coordinate_length(const h5::File& file, const std::string& name) {
  const std::vector<hsize_t> dims = h5::dataset_dims(h5::open_dataset(file, name));
  if (dims.size() != 1) {
    throw RuntimeError(file.file() + " is damaged: /" + name + " is not one-dimensional");
  }
  return dims[0];
}

// A block's cells of a (P, R[, W]) table: `cells` holds block_replications runs per point,
// W values each; `at` is the part of the block inside the table (smaller at the edges).
struct CellRegion {
  hsize_t point, replication, points, replications;
};

std::pair<std::vector<hsize_t>, std::vector<hsize_t>> cell_selection(const h5::Dataset& table,
                                                                     const CellRegion& at) {
  std::vector<hsize_t> start{at.point, at.replication};
  std::vector<hsize_t> count{at.points, at.replications};
  // Trailing dimensions (brand, time) are taken whole.
  const std::vector<hsize_t> dims = h5::dataset_dims(table);
  for (std::size_t d = 2; d < dims.size(); ++d) {
    start.push_back(0);
    count.push_back(dims[d]);
  }
  return {start, count};
}

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

}  // namespace

const char* hearsay_version() {
  return HEARSAY_VERSION;
}

std::uint64_t shard_begin(ShardSpec shard, std::uint64_t tasks) {
  // 128-bit product: tasks x index cannot overflow.
  return static_cast<std::uint64_t>(static_cast<uint128_t>(tasks) * shard.index /
                                    std::max<std::uint32_t>(shard.count, 1));
}

std::uint64_t shard_end(ShardSpec shard, std::uint64_t tasks) {
  return static_cast<std::uint64_t>(static_cast<uint128_t>(tasks) * (shard.index + 1) /
                                    std::max<std::uint32_t>(shard.count, 1));
}

std::string shard_text(ShardSpec shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

struct ResultsWriter::Impl {
  // Destroyed in reverse: every dataset, then the file, then the temporary file (removed unless
  // published), then the lock.
  OutputLock lock;
  std::unique_ptr<StagedFile> staged;  // a new file until it is published
  h5::File file;                       // destroyed after every dataset opened in it
  std::uint32_t points = 0;
  std::uint32_t replications = 0;
  hsize_t times = 0;
  hsize_t brands = 0;
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
  std::vector<CellRegion> uncommitted;
  std::chrono::steady_clock::time_point commit_deadline;
  std::uint64_t stored_cascade_rows = 0;  // rows of the runs whose series are stored
  bool cascade_rows_dirty = false;  // /cascades@rows is written at the commit, with the statuses
  /// Stores the block's series when due (or, with `everything`, whatever it holds), then writes
  /// the statuses of the stored runs and /cascades@rows, and flushes.
  void commit(bool everything);
  /// When commit(false) next has something to do (time_point::max() when nothing waits).
  std::chrono::steady_clock::time_point next_deadline() const;
  /// Series chunks are shuffled and deflated here and stored whole (see store_block).
  h5::ShuffleDeflate series_encoder{deflate_level};

  /// Chunk shape of each series dataset: brands (1 for a metric without brands) and times.
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
    CellRegion region() const { return {point, replication, points, replications}; }
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

  void lay_out(const ResultsLayout& layout);
  void reopen(const ResultsLayout& layout);
  void append_cascades(std::uint32_t point, std::uint32_t replication, const RunOutput& output);
};

void ResultsWriter::Impl::check_space(std::uint64_t bytes, const std::string& run) {
  const auto now = std::chrono::steady_clock::now();
  if (bytes <= space_left && now < space_checked + std::chrono::milliseconds(100)) {
    space_left -= bytes;
    return;
  }
  std::error_code error;
  const std::uint64_t size = fs::file_size(disk_path(), error);
  std::uint64_t left = std::numeric_limits<std::uint64_t>::max();
  std::string what;
  struct statvfs disk {};
  if (folder.empty()) folder = fs::absolute(fs::path(path)).parent_path().string();
  if (statvfs(folder.c_str(), &disk) == 0) {
    left = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
    what = "the file system holding it has " + std::to_string(left / 1024) + " KiB free";
  }
  struct rlimit limit {};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const std::uint64_t room = limit.rlim_cur > size ? limit.rlim_cur - size : 0;
    if (room < left) {
      left = room;
      what = "the file size limit (ulimit -f) leaves " + std::to_string(room / 1024) + " KiB";
    }
  }
  if (bytes <= left) {
    space_left = left - bytes;
    space_checked = now;
    return;
  }
  space_left = 0;
  throw RuntimeError("cannot write " + run + " to " + path + ": " + what +
                     ", and a run needs up to " + std::to_string((bytes + 1023) / 1024) +
                     " KiB; the runs already written are kept and readable. Free some space, then "
                     "finish the file with hearsay run SCENARIO --resume -o " +
                     path);
}

void ResultsWriter::Impl::append_cascades(std::uint32_t point, std::uint32_t replication,
                                          const RunOutput& output) {
  const std::vector<CascadeRow>& rows = output.cascades;
  Cascades& c = *cascades;
  auto column = [&rows](auto field) {
    std::vector<std::remove_cvref_t<decltype(field(rows.front()))>> values;
    values.reserve(rows.size());
    for (const CascadeRow& row : rows) values.push_back(field(row));
    return values;
  };
  const std::vector<std::uint32_t> point_column(rows.size(), point);
  const std::vector<std::uint32_t> replication_column(rows.size(), replication);
  h5::append<std::uint32_t>(c.point, point_column);
  h5::append<std::uint32_t>(c.replication, replication_column);
  h5::append<std::uint32_t>(c.cascade, column([](const CascadeRow& r) { return r.cascade; }));
  h5::append<std::uint32_t>(c.node, column([](const CascadeRow& r) { return r.node; }));
  h5::append<std::int64_t>(c.parent, column([](const CascadeRow& r) { return r.parent; }));
  h5::append<double>(c.time, column([](const CascadeRow& r) { return r.time; }));
  h5::append<std::int8_t>(c.valence, column([](const CascadeRow& r) { return r.valence; }));
  h5::append<std::uint8_t>(c.brand, column([](const CascadeRow& r) { return r.brand; }));
  // Readers trust only the first `rows` rows: a crash mid-append leaves columns longer. The
  // attribute is written at the commit, with the statuses of the runs whose series are stored
  // (rows of the runs still in the open block are past it).
  c.rows += rows.size();
}

std::chrono::steady_clock::time_point ResultsWriter::Impl::next_deadline() const {
  auto due = std::chrono::steady_clock::time_point::max();
  if (!uncommitted.empty()) due = commit_deadline;
  if (block.open && !block.runs.empty() && !block.hold)
    due = std::min(due, block.since + partial_block_interval);
  return due;
}

void ResultsWriter::Impl::commit(bool everything) {
  if (block.open && !block.runs.empty() &&
      (everything ||
       (!block.hold && std::chrono::steady_clock::now() >= block.since + partial_block_interval)))
    store_block(/*partial=*/true, /*timed=*/!everything);
  if (uncommitted.empty() && !cascade_rows_dirty) return;
  if (cascade_rows_dirty) {
    h5::write_attribute(cascades->group, "rows", stored_cascade_rows);
    cascade_rows_dirty = false;
  }
  std::vector<std::int8_t> codes;
  for (std::size_t i = 0; i < uncommitted.size(); ++i) {
    const CellRegion& at = uncommitted[i];
    if (i + 1 < uncommitted.size() && uncommitted[i + 1].point == at.point &&
        uncommitted[i + 1].replication == at.replication)
      continue;  // stored partly filled, then again: its last store says it all
    codes.clear();
    for (hsize_t p = at.point; p < at.point + at.points; ++p)
      for (hsize_t r = at.replication; r < at.replication + at.replications; ++r)
        codes.push_back(static_cast<std::int8_t>(statuses[p * replications + r]));
    const hsize_t start[] = {at.point, at.replication};
    const hsize_t count[] = {at.points, at.replications};
    h5::write_hyperslab(status, start, count, codes.data());
  }
  uncommitted.clear();
  h5::flush(file);
}

void ResultsWriter::Impl::lay_out(const ResultsLayout& layout) {
  points = layout.points;
  replications = layout.replications;
  times = layout.times.size();
  brands = layout.brands.size();
  series_specs = layout.series;
  summary_specs = layout.summaries;
  statuses.assign(std::size_t{points} * replications, RunStatus::pending);

  h5::write_attribute(file, "format", results_format_name);
  h5::write_attribute(file, "format_version", std::int64_t{results_format_version});
  h5::write_attribute(file, "hearsay_version", hearsay_version());
  h5::write_attribute(file, "complete", std::int8_t{0});
  h5::write_attribute(file, "model", layout.model);
  h5::write_attribute(file, "scenario_name", layout.scenario_name);
  shard = layout.shard;
  if (shard.count > 1) h5::write_attribute(file, "shard", shard_text(shard));
  h5::write_string_dataset(file, "scenario", layout.scenario_yaml);

  const hsize_t time_dims[] = {times};
  const h5::Dataset time = h5::create_dataset<double>(file, "time", time_dims);
  h5::write_all(time, layout.times);
  h5::write_attribute(time, "units", "days");
  h5::write_attribute(time, "description", "sampling times of the series");
  h5::make_dimension_scale(time, "time");
  const h5::Dataset point = write_index(file, "point", points, "sweep point index");
  const h5::Dataset replication =
      write_index(file, "replication", replications, "replication index within a sweep point");
  if (!layout.point_columns.empty()) {
    const h5::Group table = h5::create_group(file, "points", /*track_order=*/true);
    h5::write_attribute(table, "description",
                        "one row per sweep point: its arm and the value of each swept key");
    const hsize_t dims[] = {points};
    for (const PointColumn& column : layout.point_columns) {
      h5::Dataset dataset;
      if (column.numeric) {
        dataset = h5::create_dataset<double>(table, column.name, dims);
        h5::write_all(dataset, column.numbers);
      } else {
        dataset = h5::write_string_list(table, column.name, column.texts);
      }
      h5::write_attribute(dataset, "description",
                          column.name == "arm" ? std::string("campaign arm of the point")
                                               : "value of " + column.name + " at the point");
      h5::attach_dimension_scale(dataset, point, 0);
    }
  }

  h5::Dataset brand;
  if (brands > 0) {
    brand = h5::write_string_list(file, "brand", layout.brands);
    h5::write_attribute(brand, "description", "brand names, in the scenario's order");
    h5::make_dimension_scale(brand, "brand");
  }

  const hsize_t series_dims[] = {points, replications, times};
  const hsize_t brand_series_dims[] = {points, replications, brands, times};
  // A chunk holds whole runs' series, of every brand, when one run fits in max_chunk_times
  // values; the runs of a chunk are consecutive tasks (see block_points).
  const hsize_t chunk_times = std::min(times, max_chunk_times);
  const hsize_t chunk_brands =
      std::clamp<hsize_t>(max_chunk_times / chunk_times, 1, std::max<hsize_t>(brands, 1));
  const bool any_per_brand = std::any_of(layout.series.begin(), layout.series.end(),
                                         [](const MetricSpec& m) { return m.per_brand; });
  const hsize_t run_values = (any_per_brand ? brands : 1) * times;
  hsize_t runs_per_chunk = 1;
  if (chunk_times == times && (!any_per_brand || chunk_brands == brands))
    runs_per_chunk = std::clamp<hsize_t>(target_chunk_values / run_values, 1, max_runs_per_chunk);
  const hsize_t chunk_points = std::min<hsize_t>(points, runs_per_chunk);
  const hsize_t chunk_replications =
      chunk_points == points ? std::clamp<hsize_t>(runs_per_chunk / points, 1, replications) : 1;
  const h5::StorageOptions series_storage{.chunk = {chunk_points, chunk_replications, chunk_times},
                                          .shuffle = true,
                                          .deflate_level = deflate_level,
                                          .write_once = true};
  h5::StorageOptions brand_series_storage = series_storage;
  brand_series_storage.chunk = {chunk_points, chunk_replications, chunk_brands, chunk_times};
  const h5::Group series_group = h5::create_group(file, "series", /*track_order=*/true);
  for (const MetricSpec& metric : layout.series) {
    h5::Dataset dataset =
        metric.per_brand ? h5::create_dataset<double>(series_group, metric.name, brand_series_dims,
                                                      brand_series_storage, not_written)
                         : h5::create_dataset<double>(series_group, metric.name, series_dims,
                                                      series_storage, not_written);
    describe_metric(dataset, metric);
    h5::attach_dimension_scale(dataset, point, 0);
    h5::attach_dimension_scale(dataset, replication, 1);
    if (metric.per_brand) {
      h5::attach_dimension_scale(dataset, brand, 2);
      h5::attach_dimension_scale(dataset, time, 3);
      h5::write_attribute(dataset, "dimensions", "point replication brand time");
    } else {
      h5::attach_dimension_scale(dataset, time, 2);
      h5::write_attribute(dataset, "dimensions", "point replication time");
    }
    series.push_back(std::move(dataset));
  }
  read_series_chunks();

  // (P, R) and (P, R, B) tables are small: contiguous storage, filled on first write.
  const hsize_t run_dims[] = {points, replications};
  const hsize_t brand_run_dims[] = {points, replications, brands};
  const h5::Group summary_group = h5::create_group(file, "summary", /*track_order=*/true);
  for (const MetricSpec& metric : layout.summaries) {
    h5::Dataset dataset =
        metric.per_brand
            ? h5::create_dataset<double>(summary_group, metric.name, brand_run_dims, {},
                                         not_written)
            : h5::create_dataset<double>(summary_group, metric.name, run_dims, {}, not_written);
    describe_metric(dataset, metric);
    if (metric.per_brand) {
      h5::attach_dimension_scale(dataset, point, 0);
      h5::attach_dimension_scale(dataset, replication, 1);
      h5::attach_dimension_scale(dataset, brand, 2);
      h5::write_attribute(dataset, "dimensions", "point replication brand");
    } else {
      attach_run_dimensions(dataset, point, replication);
    }
    summaries.push_back(std::move(dataset));
  }

  if (layout.cascades) {
    auto c = std::make_unique<Cascades>();
    c->group = h5::create_group(file, "cascades", /*track_order=*/true);
    h5::write_attribute(c->group, "description",
                        "one row per step of a cascade: who heard from whom, when; rows are "
                        "grouped by run, runs in the order they finished");
    h5::write_attribute(c->group, "rows", std::uint64_t{0});
    c->point = create_column<std::uint32_t>(c->group, "point", "", "sweep point index");
    c->replication = create_column<std::uint32_t>(c->group, "replication", "",
                                                  "replication index within a sweep point");
    c->cascade =
        create_column<std::uint32_t>(c->group, "cascade", "", "cascade id, unique within a run");
    c->node = create_column<std::uint32_t>(c->group, "node", "agent",
                                           "agent that heard (or, at the root, started it)");
    c->parent = create_column<std::int64_t>(c->group, "parent", "agent",
                                            "agent it heard from; -1 at the root");
    c->time = create_column<double>(c->group, "time", "days", "when it heard");
    c->valence =
        create_column<std::int8_t>(c->group, "valence", "", "+1 recommendation, -1 complaint");
    c->brand = create_column<std::uint8_t>(c->group, "brand", "",
                                           "index of the brand in /brand (0 without brands)");
    cascades = std::move(c);
  }

  const h5::Group runs = h5::create_group(file, "runs", /*track_order=*/true);
  seed = h5::create_dataset<std::uint64_t>(runs, "seed", run_dims);
  h5::write_attribute(seed, "description", "the run's random seed, derived from the master seed");
  events = h5::create_dataset<std::uint64_t>(runs, "events", run_dims);
  h5::write_attribute(events, "description", "events (state changes) executed by the run");
  wall_seconds = h5::create_dataset<double>(runs, "wall_seconds", run_dims, {}, not_written);
  h5::write_attribute(wall_seconds, "units", "s");
  h5::write_attribute(wall_seconds, "description", "wall-clock time of the run");
  status = h5::create_dataset<std::int8_t>(runs, "status", run_dims, {},
                                           static_cast<std::int8_t>(RunStatus::pending));
  h5::write_attribute(status, "codes", status_codes);
  h5::write_attribute(status, "description", "how the run ended; written last for each run");
  for (const h5::Dataset* dataset : {&seed, &events, &wall_seconds, &status}) {
    attach_run_dimensions(*dataset, point, replication);
  }
}

ResultsWriter::ResultsWriter(OutputLock lock, const ResultsLayout& layout,
                             const NewFileOptions& options) {
  check_layout(layout);
  auto impl = std::make_unique<Impl>();
  impl->path = lock.path();
  impl->lock = std::move(lock);
  // The file is laid out under a temporary name beside the path (refused before anything is
  // made if the path may not be replaced) and renamed into place whole, so the path holds
  // either what it held before or a whole results file, even if the process is killed meanwhile.
  // On failure the members go in reverse: the file is closed, the temporary file removed.
  impl->staged = std::make_unique<StagedFile>(impl->lock, options.replace);
  // Without HDF5's file lock: hearsay's own (impl->lock) keeps writers apart whatever
  // HDF5_USE_FILE_LOCKING says, and readers (hearsay info, h5py) can open the file meanwhile.
  impl->file = h5::create_file(impl->staged->temp_path(), /*truncate=*/true, impl->path,
                               /*lock=*/false);
  impl->lay_out(layout);
  h5::flush(impl->file);
  if (!options.publish_at_finish) impl->staged->publish();
  impl_ = std::move(impl);
}

ResultsWriter::ResultsWriter(const std::string& path, const ResultsLayout& layout, bool overwrite)
    : ResultsWriter(OutputLock(path, LockMode::exclusive), layout, [overwrite] {
        NewFileOptions options;
        options.replace.overwrite = overwrite;
        return options;
      }()) {}

ResultsWriter::~ResultsWriter() {
  h5::silence_errors();  // this thread may never have touched HDF5; closing must stay quiet
  // Runs written whole since the last commit (finish() was not reached: a write failed, or the
  // caller gave up) are kept; if even that fails they stay pending and run again on --resume.
  // (A file still under its temporary name is removed whole: nothing there to keep.)
  if (impl_ && impl_->file.valid() && (!impl_->staged || impl_->staged->published())) try {
      impl_->commit(/*everything=*/true);
    } catch (...) {
    }
  impl_.reset();
}

bool ResultsWriter::has_uncommitted() const {
  return impl_->next_deadline() != std::chrono::steady_clock::time_point::max();
}

std::chrono::steady_clock::time_point ResultsWriter::commit_deadline() const {
  return impl_->next_deadline();
}

void ResultsWriter::commit_due() {
  h5::silence_errors();
  impl_->commit(/*everything=*/false);
}

void ResultsWriter::commit() {
  h5::silence_errors();
  impl_->commit(/*everything=*/true);
}

void ResultsWriter::Impl::read_series_chunks() {
  series_chunks.clear();
  block_points = block_replications = 1;
  for (std::size_t m = 0; m < series.size(); ++m) {
    const std::vector<hsize_t> chunk = h5::chunk_dims(series[m]);
    const bool per_brand = series_specs[m].per_brand;
    const std::string unusable = series[m].where() + " has chunks this writer cannot fill";
    if (chunk.size() != (per_brand ? 4u : 3u) || chunk[0] == 0 || chunk[1] == 0 ||
        chunk.back() == 0 || (per_brand && chunk[2] == 0))
      throw RuntimeError(unusable);
    series_chunks.push_back({per_brand ? chunk[2] : 1, chunk.back()});
    if (m == 0) {
      block_points = chunk[0];
      block_replications = chunk[1];
    }
    // Chunks of several runs hold whole runs, are alike for every metric, and are consecutive
    // tasks (older files have one run per chunk).
    const bool several = chunk[0] * chunk[1] > 1;
    if (chunk[0] != block_points || chunk[1] != block_replications ||
        (several && (chunk.back() != times || (per_brand && chunk[2] != brands))) ||
        (chunk[1] > 1 && chunk[0] != points))
      throw RuntimeError(unusable);
  }
}

void ResultsWriter::Impl::open_block(hsize_t point, hsize_t replication) {
  block.open = true;
  block.point = point / block_points * block_points;
  block.replication = replication / block_replications * block_replications;
  block.points = std::min<hsize_t>(block_points, points - block.point);
  block.replications = std::min<hsize_t>(block_replications, replications - block.replication);
  block.runs.clear();
  block.hold = false;
  const std::uint64_t tasks = std::uint64_t{points} * replications;
  const std::uint64_t first = shard_begin(shard, tasks);
  const std::uint64_t end = shard_end(shard, tasks);
  block.remaining = 0;
  bool has_ended = false;  // runs of the block already in the file
  for (hsize_t p = block.point; p < block.point + block.points; ++p)
    for (hsize_t r = block.replication; r < block.replication + block.replications; ++r) {
      const bool pending = statuses[p * replications + r] == RunStatus::pending;
      const std::uint64_t task = r * points + p;
      if (pending && task >= first && task < end) ++block.remaining;
      has_ended = has_ended || !pending;
    }
  const CellRegion at = block.region();
  const hsize_t runs = block_points * block_replications;
  block.values.resize(series.size());
  block.stored.assign(series.size(), 0);
  for (std::size_t m = 0; m < series.size(); ++m) {
    const hsize_t rows = series_specs[m].per_brand ? brands : 1;
    std::vector<double>& values = block.values[m];
    values.assign(runs * rows * times, not_written);
    if (runs == 1 || !(resumed || has_ended)) continue;  // no chunk of the block in the file
    // The file may hold a chunk of the block already: stored partly filled (Ctrl-C), or
    // written by a run killed before its commit.
    std::vector<hsize_t> offset{block.point, block.replication, 0};
    if (series_specs[m].per_brand) offset.push_back(0);
    block.stored[m] = h5::stored_chunk_bytes(series[m], offset);
    // Keep the runs that ended: read them back into the block (the edges stay NaN).
    if (has_ended && block.stored[m] != 0)
      read_cells(series[m], at, block_replications, rows * times, values);
  }
  block.summary.resize(summaries.size());
  for (std::size_t s = 0; s < summaries.size(); ++s) {
    block.summary[s].assign(runs * (summary_specs[s].per_brand ? brands : 1), not_written);
    if (has_ended)
      read_cells(summaries[s], at, block_replications, summary_specs[s].per_brand ? brands : 1,
                 block.summary[s]);
  }
  block.seed.assign(runs, 0);
  block.events.assign(runs, 0);
  block.wall_seconds.assign(runs, not_written);
  if (has_ended) {
    read_cells(seed, at, block_replications, 1, block.seed);
    read_cells(events, at, block_replications, 1, block.events);
    read_cells(wall_seconds, at, block_replications, 1, block.wall_seconds);
  }
}

bool ResultsWriter::Impl::store_block(bool partial, bool timed) {
  if (partial && timed && block_points * block_replications > 1) {
    // A partial chunk is padded to the longest it can get; if the file holds the block's chunk
    // at another length (a run killed before its commit wrote it whole), rewriting it would
    // move it: wait for the block to complete instead (same runs, same bytes, same length).
    for (std::size_t m = 0; m < series.size(); ++m) {
      const hsize_t bound = series_encoder.bound(block.values[m].size());
      if (block.stored[m] != 0 && block.stored[m] != bound) {
        block.hold = true;
        return false;
      }
    }
  }
  for (std::size_t m = 0; m < series.size(); ++m) write_series_chunks(m, partial);
  const CellRegion at = block.region();
  for (std::size_t s = 0; s < summaries.size(); ++s)
    write_cells(summaries[s], at, block_replications, summary_specs[s].per_brand ? brands : 1,
                block.summary[s]);
  write_cells(seed, at, block_replications, 1, block.seed);
  write_cells(events, at, block_replications, 1, block.events);
  write_cells(wall_seconds, at, block_replications, 1, block.wall_seconds);
  for (const Uncommitted& run : block.runs)
    statuses[run.point * replications + run.replication] = static_cast<RunStatus>(run.code);
  if (uncommitted.empty() && !block.runs.empty()) commit_deadline = block.since + commit_interval;
  if (!block.runs.empty()) uncommitted.push_back(at);
  block.runs.clear();
  block.hold = false;
  if (!partial) block.open = false;
  if (cascades && stored_cascade_rows != cascades->rows) {
    stored_cascade_rows = cascades->rows;
    cascade_rows_dirty = true;
  }
  return true;
}

void ResultsWriter::Impl::write_series_chunks(std::size_t m, bool partial) {
  // The writer filters the chunks itself and stores them as they are: a tenth of the cost of
  // HDF5's write path for chunks of a few KiB.
  const bool per_brand = series_specs[m].per_brand;
  const std::vector<double>& block_values = block.values[m];
  if (block_points * block_replications > 1) {
    // Whole runs: the block's values are the chunk. A partial chunk takes the longest its
    // stream can get, a complete one the length the file already gives it (in place both).
    const std::size_t pad_to =
        partial ? series_encoder.bound(block_values.size()) : block.stored[m];
    std::vector<hsize_t> offset{block.point, block.replication, 0};
    if (per_brand) offset.push_back(0);
    const std::span<const unsigned char> bytes = series_encoder.encode(block_values, pad_to);
    h5::write_filtered_chunk(series[m], offset, bytes);
    block.stored[m] = bytes.size();
    return;
  }
  const hsize_t point = block.point;
  const hsize_t replication = block.replication;
  const double* values = block_values.data();
  const hsize_t rows = per_brand ? brands : 1;
  const auto [chunk_rows, chunk_times] = series_chunks[m];
  for (hsize_t first_row = 0; first_row < rows; first_row += chunk_rows)
    for (hsize_t first = 0; first < times; first += chunk_times) {
      std::span<const double> chunk_values;
      if (first_row == 0 && chunk_rows == rows && first == 0 && chunk_times == times) {
        chunk_values = {values, rows * times};  // the whole run: as the values are laid out
      } else {
        // HDF5 stores an edge chunk whole; the part past the dataset's end holds the fill value.
        chunk_buffer.assign(chunk_rows * chunk_times, not_written);
        const hsize_t n = std::min(chunk_times, times - first);
        for (hsize_t r = 0; r < chunk_rows && first_row + r < rows; ++r) {
          const double* from = values + (first_row + r) * times + first;
          std::copy(from, from + n,
                    chunk_buffer.begin() + static_cast<std::ptrdiff_t>(r * chunk_times));
        }
        chunk_values = chunk_buffer;
      }
      std::vector<hsize_t> offset{point, replication};
      if (per_brand) offset.push_back(first_row);
      offset.push_back(first);
      h5::write_filtered_chunk(series[m], offset, series_encoder.encode(chunk_values));
    }
}

void ResultsWriter::write_run(std::uint32_t point, std::uint32_t replication, std::uint64_t seed,
                              const RunOutput& output, double wall_seconds) {
  h5::silence_errors();  // runs finish on worker threads; HDF5's setting is per thread
  Impl& impl = *impl_;
  const std::string run = run_name(point, replication);
  if (point >= impl.points || replication >= impl.replications) {
    throw RuntimeError(run + " is outside the results layout (" + std::to_string(impl.points) +
                       " points x " + std::to_string(impl.replications) + " replications)");
  }
  // A failed run may have no figures at all; anything else must fill the layout exactly.
  const bool failed = output.status == RunStatus::failed;
  const std::size_t series_values = values_needed(impl.series_specs, impl.brands, impl.times);
  const bool write_series = !(failed && output.series.empty());
  if (write_series && output.series.size() != series_values) {
    throw RuntimeError(run + " produced " + std::to_string(output.series.size()) +
                       " series values; the layout needs " +
                       needed_phrase(impl.series_specs, impl.brands, impl.times, true));
  }
  const std::size_t summary_values = values_needed(impl.summary_specs, impl.brands, 1);
  const bool write_summary = !(failed && output.summary.empty());
  if (write_summary && output.summary.size() != summary_values) {
    throw RuntimeError(run + " produced " + std::to_string(output.summary.size()) +
                       " summary values; the layout needs " +
                       needed_phrase(impl.summary_specs, impl.brands, 1, false));
  }
  if (impl.cascades) {
    const std::size_t brand_limit = std::max<std::size_t>(impl.brands, 1);
    for (const CascadeRow& row : output.cascades)
      if (row.brand >= brand_limit)
        throw RuntimeError(run + " recorded a cascade row for brand " + std::to_string(row.brand) +
                           "; the layout has " + std::to_string(impl.brands) + " brands");
  }

  // Room for the run's block uncompressed (its chunks may be written with this run), its
  // cascade rows, and HDF5 metadata (chunk index, heaps) with a margin.
  constexpr std::uint64_t metadata_margin = std::uint64_t{1} << 20;
  try {
    impl.check_space(impl.block_points * impl.block_replications *
                             (series_values + summary_values + 3) * sizeof(double) +
                         output.cascades.size() * cascade_row_bytes + metadata_margin,
                     run);
  } catch (const RuntimeError&) {
    impl.commit(/*everything=*/true);  // the runs already written are kept, as the message says
    throw;
  }

  // The run's figures wait in its block, which is written when its last run comes (or when it
  // has waited long enough); statuses at the commit after that, then a flush: a crash leaves
  // this run pending, never done-but-empty. (Statuses wait for the commit because /runs/status
  // is small and contiguous: HDF5 may write it out whenever another dataset's values are
  // written, before the flush.)
  Impl::Block& block = impl.block;
  if (block.open && !impl.in_block(point, replication))
    impl.store_block(/*partial=*/true, /*timed=*/false);  // runs come in task order: not here
  if (!block.open) impl.open_block(point, replication);
  // The run's cell of the block: its values wait there (a failed run without figures: NaN).
  const hsize_t slot =
      (point - block.point) * impl.block_replications + (replication - block.replication);
  auto place = [slot](bool have, const double*& values, std::vector<double>& cells, hsize_t n) {
    const auto at = cells.begin() + static_cast<std::ptrdiff_t>(slot * n);
    if (!have) {
      std::fill_n(at, n, not_written);
      return;
    }
    std::copy_n(values, n, at);
    values += n;
  };
  const double* values = output.series.data();
  for (std::size_t m = 0; m < impl.series.size(); ++m)
    place(write_series, values, block.values[m],
          (impl.series_specs[m].per_brand ? impl.brands : 1) * impl.times);
  values = output.summary.data();
  for (std::size_t s = 0; s < impl.summaries.size(); ++s)
    place(write_summary, values, block.summary[s],
          impl.summary_specs[s].per_brand ? impl.brands : 1);
  if (impl.cascades && !output.cascades.empty()) impl.append_cascades(point, replication, output);
  block.seed[slot] = seed;
  block.events[slot] = output.events;
  block.wall_seconds[slot] = wall_seconds;
  const auto now = std::chrono::steady_clock::now();
  if (block.runs.empty()) block.since = now;
  block.runs.push_back({point, replication, static_cast<std::int8_t>(output.status)});
  if (block.remaining > 0) --block.remaining;
  if (block.remaining == 0) impl.store_block(/*partial=*/false, /*timed=*/false);
  if (now >= impl.next_deadline()) impl.commit(/*everything=*/false);
}

void ResultsWriter::finish(const std::map<std::string, std::string>& provenance) {
  h5::silence_errors();
  Impl& impl = *impl_;
  impl.commit(/*everything=*/true);
  const h5::Group group = h5::has_link(impl.file, "provenance")
                              ? h5::open_group(impl.file, "provenance")
                              : h5::create_group(impl.file, "provenance");
  for (const auto& [key, value] : provenance) h5::write_attribute(group, key, value);
  h5::write_attribute(group, "hdf5_version", h5::library_version());
  bool complete = true;
  const std::uint64_t tasks = std::uint64_t{impl.points} * impl.replications;
  for (std::uint64_t t = shard_begin(impl.shard, tasks); t < shard_end(impl.shard, tasks); ++t) {
    const std::uint64_t point = t % impl.points;
    const std::uint64_t replication = t / impl.points;
    if (impl.statuses[point * impl.replications + replication] == RunStatus::pending)
      complete = false;
  }
  h5::write_attribute(impl.file, "complete", static_cast<std::int8_t>(complete ? 1 : 0));
  h5::flush(impl.file);
  if (impl.staged && !impl.staged->published()) {
    // Closed first, so nothing of HDF5's reaches the file after it is synced and in place.
    impl.close();
    impl.staged->publish();  // syncs it
  } else {
    sync_file(impl.path);
  }
}

void ResultsWriter::Impl::close() {
  series.clear();
  summaries.clear();
  cascades.reset();
  for (h5::Dataset* dataset : {&seed, &events, &wall_seconds, &status}) dataset->close();
  file.close();
}

namespace {

/// Opens a results file after checking that it is one, of a version this build reads.
h5::File open_results_file(const std::string& path, bool writable) {
  h5::silence_errors();
  std::error_code error;
  if (!fs::exists(path, error)) throw RuntimeError(path + ": no such file");
  if (fs::is_directory(path, error))
    throw RuntimeError(path + " is a directory, not a results file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw RuntimeError(path + " is not an HDF5 file or is damaged");
  }
  h5::File file;
  try {
    // No HDF5 file lock, for readers and writers alike: hearsay's own lock keeps writers apart
    // (see ResultsWriter), and readers read a file that a run is writing.
    file = h5::open_file(path, writable, /*lock=*/false);
  } catch (const RuntimeError& e) {
    const std::string why = e.what();
    // HDF5 1.10 locks a file open for writing; say so rather than call it damaged.
    if (why.find("unable to lock file") != std::string::npos) {
      throw RuntimeError(path + " is open for writing by another process; wait for it to finish");
    }
    throw RuntimeError(path + " is not an HDF5 file or is damaged (" + why + ")");
  }

  const std::string foreign = path + " is not a hearsay results file";
  if (!h5::has_attribute(file, "format") || !h5::attribute_is_string(file, "format") ||
      h5::read_string_attribute(file, "format") != results_format_name) {
    throw RuntimeError(foreign);
  }
  if (!h5::has_attribute(file, "format_version") ||
      !h5::attribute_is_integer(file, "format_version")) {
    throw RuntimeError(foreign + " (it has no integer format_version attribute)");
  }
  const auto version = h5::read_attribute<std::int64_t>(file, "format_version");
  if (version > results_format_version) {
    throw RuntimeError(path + " was written by a newer hearsay (format version " +
                       std::to_string(version) + "); this build reads version " +
                       std::to_string(results_format_version));
  }
  if (version < 1) {
    throw RuntimeError(path + " has an invalid format version " + std::to_string(version));
  }
  return file;
}

ShardSpec parse_shard_attribute(const std::string& path, const std::string& text) {
  ShardSpec shard;
  const std::size_t slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument(text);
    std::size_t used = 0;
    const unsigned long index = std::stoul(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument(text);
    const std::string rest = text.substr(slash + 1);
    const unsigned long count = std::stoul(rest, &used);
    if (used != rest.size() || count == 0 || index >= count || count > UINT32_MAX)
      throw std::invalid_argument(text);
    shard.index = static_cast<std::uint32_t>(index);
    shard.count = static_cast<std::uint32_t>(count);
  } catch (const std::exception&) {
    throw RuntimeError(path + " is damaged: its shard attribute '" + text + "' is not 'i/n'");
  }
  return shard;
}

std::vector<PointColumn> read_point_columns(const h5::File& file, std::uint32_t points) {
  std::vector<PointColumn> columns;
  if (!h5::has_link(file, "points")) return columns;
  const h5::Group table = h5::open_group(file, "points");
  for (const std::string& name : h5::link_names(table)) {
    const h5::Dataset dataset = h5::open_dataset(table, name);
    PointColumn column;
    column.name = name;
    const h5::Datatype type{H5Dget_type(dataset.id()), dataset.file(), dataset.where()};
    if (H5Tget_class(type.id()) == H5T_STRING) {
      column.texts = h5::read_string_list(dataset);
    } else {
      column.numeric = true;
      column.numbers = h5::read_all<double>(dataset);
    }
    const std::size_t n = column.numeric ? column.numbers.size() : column.texts.size();
    if (n != points)
      throw RuntimeError(file.file() + " is damaged: /points/" + name + " has " +
                         std::to_string(n) + " rows for " + std::to_string(points) + " points");
    columns.push_back(std::move(column));
  }
  return columns;
}

std::vector<RunStatus> read_statuses(const h5::File& file, const std::string& path) {
  std::vector<RunStatus> statuses;
  const h5::Group runs = h5::open_group(file, "runs");
  for (const std::int8_t code : h5::read_all<std::int8_t>(h5::open_dataset(runs, "status"))) {
    if (code < 0 || code > static_cast<std::int8_t>(RunStatus::failed))
      throw RuntimeError(path + " has an unknown run status " + std::to_string(code) +
                         " in /runs/status (known: " + status_codes + ")");
    statuses.push_back(static_cast<RunStatus>(code));
  }
  return statuses;
}

ResultsInfo describe_file(const h5::File& file, const std::string& path,
                          std::vector<RunStatus>& statuses) {
  ResultsInfo info;
  info.format = results_format_name;
  info.format_version = static_cast<int>(h5::read_attribute<std::int64_t>(file, "format_version"));
  info.hearsay_version = optional_string_attribute(file, "hearsay_version");
  info.complete = h5::has_attribute(file, "complete") &&
                  h5::read_attribute<std::int64_t>(file, "complete") != 0;
  info.model = optional_string_attribute(file, "model");
  info.scenario_name = optional_string_attribute(file, "scenario_name");
  if (h5::has_attribute(file, "shard"))
    info.shard = parse_shard_attribute(path, optional_string_attribute(file, "shard"));
  if (h5::has_link(file, "scenario"))
    info.scenario_yaml = h5::read_string_dataset(file, "scenario");
  info.points = static_cast<std::uint32_t>(coordinate_length(file, "point"));
  info.replications = static_cast<std::uint32_t>(coordinate_length(file, "replication"));
  info.times = coordinate_length(file, "time");

  statuses = read_statuses(file, path);
  if (statuses.size() != std::uint64_t{info.points} * info.replications)
    throw RuntimeError(path +
                       " is damaged: /runs/status does not have point x replication entries");
  for (const RunStatus status : statuses) {
    switch (status) {
      case RunStatus::pending:
        ++info.runs_pending;
        break;
      case RunStatus::done:
        ++info.runs_done;
        break;
      case RunStatus::truncated:
        ++info.runs_truncated;
        break;
      case RunStatus::failed:
        ++info.runs_failed;
        break;
    }
  }
  const std::uint64_t tasks = statuses.size();
  info.shard_complete = true;
  for (std::uint64_t t = shard_begin(info.shard, tasks); t < shard_end(info.shard, tasks); ++t) {
    const std::uint64_t point = t % info.points;
    const std::uint64_t replication = t / info.points;
    if (statuses[point * info.replications + replication] == RunStatus::pending)
      info.shard_complete = false;
  }
  const h5::Group runs = h5::open_group(file, "runs");
  for (const std::uint64_t n : h5::read_all<std::uint64_t>(h5::open_dataset(runs, "events"))) {
    info.total_events += n;
  }

  info.series = read_metrics(file, "series");
  info.summaries = read_metrics(file, "summary");
  if (h5::has_link(file, "brand"))
    info.brands = h5::read_string_list(h5::open_dataset(file, "brand"));
  if (h5::has_link(file, "cascades")) {
    const h5::Group cascades = h5::open_group(file, "cascades");
    info.has_cascades = true;
    if (h5::has_attribute(cascades, "rows"))
      info.cascade_rows = h5::read_attribute<std::uint64_t>(cascades, "rows");
  }
  info.point_columns = read_point_columns(file, info.points);
  if (h5::has_link(file, "provenance")) {
    const h5::Group group = h5::open_group(file, "provenance");
    for (const std::string& key : h5::attribute_names(group)) {
      if (h5::attribute_is_string(group, key)) {
        info.provenance[key] = h5::read_string_attribute(group, key);
      }
    }
  }
  return info;
}

ResultsLayout layout_of(const ResultsInfo& info, const h5::File& file) {
  ResultsLayout layout;
  layout.scenario_yaml = info.scenario_yaml;
  layout.scenario_name = info.scenario_name;
  layout.model = info.model;
  layout.times = h5::read_all<double>(h5::open_dataset(file, "time"));
  layout.points = info.points;
  layout.replications = info.replications;
  layout.series = info.series;
  layout.summaries = info.summaries;
  layout.brands = info.brands;
  layout.cascades = info.has_cascades;
  layout.point_columns = info.point_columns;
  layout.shard = info.shard;
  return layout;
}

bool same_metrics(const std::vector<MetricSpec>& a, const std::vector<MetricSpec>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].per_brand != b[i].per_brand) return false;
  return true;
}

bool same_columns(const std::vector<PointColumn>& a, const std::vector<PointColumn>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].numeric != b[i].numeric || a[i].texts != b[i].texts)
      return false;
    if (a[i].numbers.size() != b[i].numbers.size()) return false;
    for (std::size_t k = 0; k < a[i].numbers.size(); ++k)
      if (std::bit_cast<std::uint64_t>(a[i].numbers[k]) !=
          std::bit_cast<std::uint64_t>(b[i].numbers[k]))
        return false;
  }
  return true;
}

}  // namespace

/// Why `found` (a file's layout) cannot take the runs of `wanted`; empty when it can.
std::string layout_mismatch(const ResultsLayout& found, const ResultsLayout& wanted) {
  if (found.model != wanted.model) return "it holds model " + found.model + ", not " + wanted.model;
  if (found.scenario_yaml != wanted.scenario_yaml)
    return "it was written for a different scenario (its /scenario text differs: another "
           "scenario file, other --set overrides, or an edited file)";
  if (found.points != wanted.points || found.replications != wanted.replications)
    return "it has " + std::to_string(found.points) + " points x " +
           std::to_string(found.replications) + " replications, not " +
           std::to_string(wanted.points) + " x " + std::to_string(wanted.replications);
  if (found.times != wanted.times) return "its sampling times differ";
  if (!same_metrics(found.series, wanted.series) ||
      !same_metrics(found.summaries, wanted.summaries))
    return "its metrics differ (written by another hearsay version?)";
  if (found.brands != wanted.brands) return "its brands differ";
  if (found.cascades != wanted.cascades)
    return found.cascades ? "it records cascades and this run does not"
                          : "it does not record cascades and this run does";
  if (!same_columns(found.point_columns, wanted.point_columns)) return "its /points table differs";
  if (!(found.shard == wanted.shard))
    return found.shard.count > 1 ? "it is shard " + shard_text(found.shard) + ", not " +
                                       (wanted.shard.count > 1 ? shard_text(wanted.shard)
                                                               : std::string("the whole plan"))
                                 : "it holds the whole plan, not shard " + shard_text(wanted.shard);
  return {};
}

ResultsWriter::ResultsWriter() = default;

const std::vector<RunStatus>& ResultsWriter::statuses() const {
  return impl_->statuses;
}

void ResultsWriter::Impl::reopen(const ResultsLayout& layout) {
  points = layout.points;
  replications = layout.replications;
  times = layout.times.size();
  brands = layout.brands.size();
  series_specs = layout.series;
  summary_specs = layout.summaries;
  shard = layout.shard;
  const h5::Group series_group = h5::open_group(file, "series");
  for (const MetricSpec& metric : layout.series)
    series.push_back(h5::open_dataset(series_group, metric.name));
  read_series_chunks();
  const h5::Group summary_group = h5::open_group(file, "summary");
  for (const MetricSpec& metric : layout.summaries)
    summaries.push_back(h5::open_dataset(summary_group, metric.name));
  if (layout.cascades) {
    auto c = std::make_unique<Cascades>();
    c->group = h5::open_group(file, "cascades");
    c->rows = h5::read_attribute<std::uint64_t>(c->group, "rows");
    stored_cascade_rows = c->rows;
    c->point = h5::open_dataset(c->group, "point");
    c->replication = h5::open_dataset(c->group, "replication");
    c->cascade = h5::open_dataset(c->group, "cascade");
    c->node = h5::open_dataset(c->group, "node");
    c->parent = h5::open_dataset(c->group, "parent");
    c->time = h5::open_dataset(c->group, "time");
    c->valence = h5::open_dataset(c->group, "valence");
    c->brand = h5::open_dataset(c->group, "brand");
    // A run killed while appending leaves its rows past `rows`: drop them, it runs again.
    for (const h5::Dataset* column : {&c->point, &c->replication, &c->cascade, &c->node, &c->parent,
                                      &c->time, &c->valence, &c->brand})
      if (h5::dataset_dims(*column).at(0) != c->rows) h5::set_length(*column, c->rows);
    cascades = std::move(c);
  }
  const h5::Group runs = h5::open_group(file, "runs");
  seed = h5::open_dataset(runs, "seed");
  events = h5::open_dataset(runs, "events");
  wall_seconds = h5::open_dataset(runs, "wall_seconds");
  status = h5::open_dataset(runs, "status");
  h5::write_attribute(file, "complete", std::int8_t{0});
}

std::unique_ptr<ResultsWriter> ResultsWriter::resume(const std::string& path,
                                                     const ResultsLayout& layout) {
  return resume(OutputLock(path, LockMode::exclusive), layout);
}

std::unique_ptr<ResultsWriter> ResultsWriter::resume(OutputLock lock, const ResultsLayout& layout,
                                                     const std::vector<std::string>& inputs) {
  check_layout(layout);
  auto impl = std::make_unique<Impl>();
  impl->path = lock.path();
  impl->lock = std::move(lock);
  const std::string& path = impl->path;
  check_changeable(path, inputs);
  remove_stale_temporaries(impl->lock);  // of a merge or a --force killed before its rename
  impl->file = open_results_file(path, /*writable=*/true);
  std::vector<RunStatus> statuses;
  const ResultsInfo info = describe_file(impl->file, path, statuses);
  const std::string why = layout_mismatch(layout_of(info, impl->file), layout);
  if (!why.empty())
    throw RuntimeError("cannot resume " + path + ": " + why +
                       "; run it again with --force to start over, or write to another file "
                       "with -o");
  impl->statuses = std::move(statuses);
  impl->resumed = true;
  impl->reopen(layout);
  h5::flush(impl->file);
  std::unique_ptr<ResultsWriter> writer(new ResultsWriter());
  writer->impl_ = std::move(impl);
  return writer;
}

struct ResultsReader::Impl {
  h5::File file;
  std::string path;
  ResultsInfo info;
  std::vector<RunStatus> statuses;
  /// Rows of /cascades per run, found on first use: (first row, count) by point * R + r.
  mutable std::vector<std::pair<std::uint64_t, std::uint64_t>> cascade_rows;
  mutable bool cascades_indexed = false;

  void index_cascades() const;
};

void ResultsReader::Impl::index_cascades() const {
  if (cascades_indexed) return;
  cascades_indexed = true;
  cascade_rows.assign(statuses.size(), {0, 0});
  if (!info.has_cascades || info.cascade_rows == 0) return;
  const h5::Group group = h5::open_group(file, "cascades");
  // Only the first `rows` rows are trusted; runs' rows are contiguous.
  const hsize_t n = info.cascade_rows;
  std::vector<std::uint32_t> point(n), replication(n);
  const hsize_t start[] = {0};
  const hsize_t count[] = {n};
  h5::read_hyperslab(h5::open_dataset(group, "point"), start, count, point.data());
  h5::read_hyperslab(h5::open_dataset(group, "replication"), start, count, replication.data());
  for (std::uint64_t i = 0; i < n;) {
    std::uint64_t j = i;
    while (j < n && point[j] == point[i] && replication[j] == replication[i]) ++j;
    if (point[i] >= info.points || replication[i] >= info.replications)
      throw RuntimeError(path + " is damaged: /cascades has a row of a run outside the layout");
    auto& slot = cascade_rows[std::size_t{point[i]} * info.replications + replication[i]];
    if (slot.second != 0)
      throw RuntimeError(path + " is damaged: a run's /cascades rows are not contiguous");
    slot = {i, j - i};
    i = j;
  }
}

ResultsReader::ResultsReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->file = open_results_file(path, /*writable=*/false);
  impl_->info = describe_file(impl_->file, path, impl_->statuses);
}

ResultsReader::~ResultsReader() {
  h5::silence_errors();
  impl_.reset();
}

const ResultsInfo& ResultsReader::info() const {
  return impl_->info;
}

ResultsLayout ResultsReader::layout() const {
  return layout_of(impl_->info, impl_->file);
}

const std::vector<RunStatus>& ResultsReader::statuses() const {
  return impl_->statuses;
}

RunRecord ResultsReader::read_run(std::uint32_t point, std::uint32_t replication,
                                  bool everything) const {
  h5::silence_errors();
  const Impl& impl = *impl_;
  const ResultsInfo& info = impl.info;
  if (point >= info.points || replication >= info.replications)
    throw RuntimeError(run_name(point, replication) + " is outside " + impl.path);
  const hsize_t brands = info.brands.size();
  RunRecord record;
  record.output.status = impl.statuses[std::size_t{point} * info.replications + replication];
  const hsize_t cell[] = {point, replication};
  const hsize_t one[] = {1, 1};
  const h5::Group runs = h5::open_group(impl.file, "runs");
  h5::read_hyperslab(h5::open_dataset(runs, "seed"), cell, one, &record.seed);
  h5::read_hyperslab(h5::open_dataset(runs, "events"), cell, one, &record.output.events);
  h5::read_hyperslab(h5::open_dataset(runs, "wall_seconds"), cell, one, &record.wall_seconds);

  const h5::Group summary = h5::open_group(impl.file, "summary");
  record.output.summary.resize(values_needed(info.summaries, brands, 1));
  double* values = record.output.summary.data();
  for (const MetricSpec& metric : info.summaries) {
    const h5::Dataset dataset = h5::open_dataset(summary, metric.name);
    if (metric.per_brand) {
      const hsize_t start[] = {point, replication, 0};
      const hsize_t count[] = {1, 1, brands};
      h5::read_hyperslab(dataset, start, count, values);
      values += brands;
    } else {
      h5::read_hyperslab(dataset, cell, one, values);
      values += 1;
    }
  }
  if (!everything) return record;

  const h5::Group series = h5::open_group(impl.file, "series");
  const hsize_t times = info.times;
  record.output.series.resize(values_needed(info.series, brands, times));
  values = record.output.series.data();
  for (const MetricSpec& metric : info.series) {
    const h5::Dataset dataset = h5::open_dataset(series, metric.name);
    if (metric.per_brand) {
      const hsize_t start[] = {point, replication, 0, 0};
      const hsize_t count[] = {1, 1, brands, times};
      h5::read_hyperslab(dataset, start, count, values);
      values += brands * times;
    } else {
      const hsize_t start[] = {point, replication, 0};
      const hsize_t count[] = {1, 1, times};
      h5::read_hyperslab(dataset, start, count, values);
      values += times;
    }
  }

  impl.index_cascades();
  const auto [first, n] = impl.cascade_rows[std::size_t{point} * info.replications + replication];
  if (n > 0) {
    const h5::Group group = h5::open_group(impl.file, "cascades");
    const hsize_t start[] = {first};
    const hsize_t count[] = {n};
    auto column = [&]<class T>(const char* name, std::vector<T>& out) {
      out.resize(n);
      h5::read_hyperslab(h5::open_dataset(group, name), start, count, out.data());
    };
    std::vector<std::uint32_t> cascade, node;
    std::vector<std::int64_t> parent;
    std::vector<double> time;
    std::vector<std::int8_t> valence;
    std::vector<std::uint8_t> brand;
    column("cascade", cascade);
    column("node", node);
    column("parent", parent);
    column("time", time);
    column("valence", valence);
    column("brand", brand);
    record.output.cascades.resize(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      CascadeRow& row = record.output.cascades[i];
      row.cascade = cascade[i];
      row.node = node[i];
      row.parent = parent[i];
      row.time = time[i];
      row.valence = valence[i];
      row.brand = brand[i];
    }
  }
  return record;
}

ResultsInfo read_results_info(const std::string& path) {
  return ResultsReader(path).info();
}

namespace {

/// Copies the cells of tasks [first, end) of a (P, R[, B]) table from one file to another, in
/// rectangles of whole replications where it can (a few MiB at a time) and in parts of one
/// replication at the edges.
template <class T>
void copy_task_cells(const h5::Dataset& from, const h5::Dataset& to, std::uint64_t first,
                     std::uint64_t end, std::uint32_t points) {
  constexpr std::uint64_t budget = std::uint64_t{1} << 20;  // values per piece
  const std::vector<hsize_t> dims = h5::dataset_dims(to);
  const hsize_t width = dims.size() > 2 ? dims[2] : 1;
  std::vector<T> values;
  for (std::uint64_t t = first; t < end;) {
    const hsize_t p = t % points;
    const hsize_t r = t / points;
    hsize_t n_points = 0, n_replications = 1;
    if (p == 0 && end - t >= points && points * width <= budget) {
      n_points = points;
      n_replications = std::min<std::uint64_t>((end - t) / points, budget / (points * width));
    } else {
      n_points = std::min<std::uint64_t>(
          {points - p, end - t, std::max<std::uint64_t>(1, budget / width)});
    }
    std::vector<hsize_t> start{p, r}, count{n_points, n_replications};
    if (dims.size() > 2) {
      start.push_back(0);
      count.push_back(width);
    }
    values.resize(n_points * n_replications * width);
    h5::read_hyperslab(from, start, count, values.data());
    h5::write_hyperslab(to, start, count, values.data());
    t += n_points * n_replications;
  }
}

}  // namespace

void ResultsWriter::copy_runs(const ResultsReader& shard_file) {
  h5::silence_errors();
  Impl& impl = *impl_;
  const ResultsReader::Impl& from = *shard_file.impl_;
  const ShardSpec part = from.info.shard;
  const std::uint32_t points = impl.points;
  const std::uint32_t replications = impl.replications;
  const std::uint64_t tasks = std::uint64_t{points} * replications;
  const std::uint64_t first = shard_begin(part, tasks);
  const std::uint64_t end = shard_end(part, tasks);
  if (from.info.points != points || from.info.replications != replications)
    throw RuntimeError(from.path + " does not have the plan of " + impl.path);

  const h5::Group series_group = h5::open_group(from.file, "series");
  std::vector<h5::Dataset> series;
  bool same_chunks = true;
  for (std::size_t m = 0; m < impl.series.size(); ++m) {
    series.push_back(h5::open_dataset(series_group, impl.series_specs[m].name));
    same_chunks = same_chunks && h5::chunk_dims(series[m]) == h5::chunk_dims(impl.series[m]);
  }
  const h5::Group summary_group = h5::open_group(from.file, "summary");
  std::vector<h5::Dataset> summaries;
  for (const MetricSpec& metric : impl.summary_specs)
    summaries.push_back(h5::open_dataset(summary_group, metric.name));
  const h5::Group runs = h5::open_group(from.file, "runs");
  const h5::Dataset seed = h5::open_dataset(runs, "seed");
  const h5::Dataset events = h5::open_dataset(runs, "events");
  const h5::Dataset wall_seconds = h5::open_dataset(runs, "wall_seconds");
  const h5::Dataset status = h5::open_dataset(runs, "status");

  // Series, a chunk's block of runs at a time. A block whose runs all come from this shard is
  // copied as stored (no inflate, no deflate); one shared with the next or the previous shard
  // gathers its runs' values in the writer's open block, which stores it once complete.
  std::vector<unsigned char> bytes;
  Impl::Block& block = impl.block;
  for (std::uint64_t t = first; t < end;) {
    const hsize_t p = t % points;
    const hsize_t r = t / points;
    const hsize_t block_point = p / impl.block_points * impl.block_points;
    const hsize_t block_replication = r / impl.block_replications * impl.block_replications;
    const hsize_t block_points = std::min<hsize_t>(impl.block_points, points - block_point);
    const hsize_t block_replications =
        std::min<hsize_t>(impl.block_replications, replications - block_replication);
    const std::uint64_t block_first = block_replication * points + block_point;
    const std::uint64_t block_end =
        (block_replication + block_replications - 1) * points + block_point + block_points;
    bool copied = false;
    if (same_chunks && block_first >= first && block_end <= end && !block.open) {
      copied = true;
      std::vector<std::pair<std::size_t, std::vector<hsize_t>>> chunks;  // (metric, offset)
      for (std::size_t m = 0; m < series.size() && copied; ++m) {
        const hsize_t rows = impl.series_specs[m].per_brand ? impl.brands : 1;
        const auto [chunk_rows, chunk_times] = impl.series_chunks[m];
        for (hsize_t first_row = 0; first_row < rows && copied; first_row += chunk_rows)
          for (hsize_t first_time = 0; first_time < impl.times && copied;
               first_time += chunk_times) {
            std::vector<hsize_t> offset{block_point, block_replication};
            if (impl.series_specs[m].per_brand) offset.push_back(first_row);
            offset.push_back(first_time);
            const h5::StoredChunk stored = h5::read_stored_chunk(series[m], offset, bytes);
            if (stored == h5::StoredChunk::absent) continue;  // never written: NaN, the fill
            if (stored == h5::StoredChunk::filters_skipped) {
              copied = false;  // its bytes are not what this file's filters make: take values
              break;
            }
            h5::write_filtered_chunk(impl.series[m], offset, bytes);
          }
      }
    }
    if (copied) {
      t = block_end;
      continue;
    }
    // The block's cells of this shard's runs, read a whole block region at a time from the
    // shard (its other cells are NaN there) and placed in the writer's open block, which stores
    // the block once its last run is in (a rewrite of a chunk copied above is in place).
    if (block.open && !(block.point == block_point && block.replication == block_replication))
      impl.store_block(/*partial=*/true, /*timed=*/false);
    if (!block.open) impl.open_block(block_point, block_replication);
    const CellRegion region = block.region();
    const hsize_t block_runs = impl.block_points * impl.block_replications;
    const std::uint64_t stop = std::min(block_end, end);
    std::vector<hsize_t> slots;
    for (std::uint64_t u = t; u < stop; ++u)
      slots.push_back((u % points - block_point) * impl.block_replications +
                      (u / points - block_replication));
    auto take = [&]<class T>(const h5::Dataset& table, hsize_t width, std::vector<T>& cells) {
      std::vector<T> read(block_runs * width);
      read_cells(table, region, impl.block_replications, width, read);
      for (const hsize_t slot : slots)
        std::copy_n(read.begin() + static_cast<std::ptrdiff_t>(slot * width), width,
                    cells.begin() + static_cast<std::ptrdiff_t>(slot * width));
    };
    for (std::size_t m = 0; m < series.size(); ++m)
      take(series[m], (impl.series_specs[m].per_brand ? impl.brands : 1) * impl.times,
           block.values[m]);
    for (std::size_t s = 0; s < summaries.size(); ++s)
      take(summaries[s], impl.summary_specs[s].per_brand ? impl.brands : 1, block.summary[s]);
    take(seed, 1, block.seed);
    take(events, 1, block.events);
    take(wall_seconds, 1, block.wall_seconds);
    if (block.runs.empty()) block.since = std::chrono::steady_clock::now();
    for (; t < stop; ++t) {
      const hsize_t cell = (t % points) * replications + t / points;
      block.runs.push_back({t % points, t / points, static_cast<std::int8_t>(from.statuses[cell])});
      if (block.remaining > 0) --block.remaining;
    }
    if (block.remaining == 0) impl.store_block(/*partial=*/false, /*timed=*/false);
  }

  // The (P, R) tables, this shard's cells.
  for (std::size_t s = 0; s < summaries.size(); ++s)
    copy_task_cells<double>(summaries[s], impl.summaries[s], first, end, points);
  copy_task_cells<std::uint64_t>(seed, impl.seed, first, end, points);
  copy_task_cells<std::uint64_t>(events, impl.events, first, end, points);
  copy_task_cells<double>(wall_seconds, impl.wall_seconds, first, end, points);
  copy_task_cells<std::int8_t>(status, impl.status, first, end, points);
  for (std::uint64_t t = first; t < end; ++t) {
    const std::size_t cell = (t % points) * replications + t / points;
    impl.statuses[cell] = from.statuses[cell];
  }

  // /cascades: the shard's rows in task order, in long runs of consecutive rows.
  if (impl.cascades) {
    from.index_cascades();
    std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;  // (first row, rows)
    for (std::uint64_t t = first; t < end; ++t) {
      const auto [row, n] = from.cascade_rows[(t % points) * replications + t / points];
      if (n == 0) continue;
      if (!spans.empty() && spans.back().first + spans.back().second == row)
        spans.back().second += n;
      else
        spans.emplace_back(row, n);
    }
    const h5::Group group = h5::open_group(from.file, "cascades");
    Impl::Cascades& c = *impl.cascades;
    auto copy_column = [&]<class T>(const char* name, const h5::Dataset& to, T) {
      const h5::Dataset column = h5::open_dataset(group, name);
      constexpr std::uint64_t piece = std::uint64_t{1} << 20;
      std::vector<T> rows;
      for (const auto& [row, n] : spans)
        for (std::uint64_t done = 0; done < n; done += piece) {
          const hsize_t start[] = {row + done};
          const hsize_t count[] = {std::min(piece, n - done)};
          rows.resize(count[0]);
          h5::read_hyperslab(column, start, count, rows.data());
          h5::append<T>(to, rows);
        }
    };
    copy_column("point", c.point, std::uint32_t{});
    copy_column("replication", c.replication, std::uint32_t{});
    copy_column("cascade", c.cascade, std::uint32_t{});
    copy_column("node", c.node, std::uint32_t{});
    copy_column("parent", c.parent, std::int64_t{});
    copy_column("time", c.time, double{});
    copy_column("valence", c.valence, std::int8_t{});
    copy_column("brand", c.brand, std::uint8_t{});
    for (const auto& span : spans) c.rows += span.second;
    impl.stored_cascade_rows = c.rows;
    impl.cascade_rows_dirty = true;
  }
}

}  // namespace hearsay
