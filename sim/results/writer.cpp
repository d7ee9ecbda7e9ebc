// The results writer: lays out a new file, writes finished runs, commits, finishes.
#include "sim/results/file_state.hpp"

namespace hearsay {

using namespace results;

void ResultsWriter::FileState::check_space(std::uint64_t bytes, const std::string& run) {
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

void ResultsWriter::FileState::append_cascades(std::uint32_t point, std::uint32_t replication,
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

std::chrono::steady_clock::time_point ResultsWriter::FileState::next_deadline() const {
  auto due = std::chrono::steady_clock::time_point::max();
  if (!uncommitted.empty()) due = commit_deadline;
  if (block.open && !block.runs.empty() && !block.hold)
    due = std::min(due, block.since + partial_block_interval);
  return due;
}

void ResultsWriter::FileState::commit(bool everything) {
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

namespace {

void write_root(const h5::File& file, const ResultsLayout& layout) {
  h5::write_attribute(file, "format", results_format_name);
  h5::write_attribute(file, "format_version", std::int64_t{results_format_version});
  h5::write_attribute(file, "hearsay_version", hearsay_version());
  h5::write_attribute(file, "complete", std::int8_t{0});
  h5::write_attribute(file, "model", layout.model);
  h5::write_attribute(file, "scenario_name", layout.scenario_name);
  if (layout.shard.count > 1) h5::write_attribute(file, "shard", shard_text(layout.shard));
  h5::write_string_dataset(file, "scenario", layout.scenario_yaml);
}

/// /time, /point, /replication, /points and /brand.
Coordinates write_coordinates(const h5::File& file, const ResultsLayout& layout) {
  const hsize_t times = layout.times.size();
  const std::uint32_t points = layout.points;
  const hsize_t time_dims[] = {times};
  h5::Dataset time = h5::create_dataset<double>(file, "time", time_dims);
  h5::write_all(time, layout.times);
  h5::write_attribute(time, "units", "days");
  h5::write_attribute(time, "description", "sampling times of the series");
  h5::make_dimension_scale(time, "time");
  h5::Dataset point = write_index(file, "point", points, "sweep point index");
  h5::Dataset replication = write_index(file, "replication", layout.replications,
                                        "replication index within a sweep point");
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
  if (!layout.brands.empty()) {
    brand = h5::write_string_list(file, "brand", layout.brands);
    h5::write_attribute(brand, "description", "brand names, in the scenario's order");
    h5::make_dimension_scale(brand, "brand");
  }

  h5::Dataset segment;
  if (!layout.segments.empty()) {
    segment = h5::write_string_list(file, "segment", layout.segments);
    h5::write_attribute(segment, "description",
                        "consumer segment names, in the scenario's order (`segments:`)");
    h5::make_dimension_scale(segment, "segment");
  }

  return {std::move(time), std::move(point), std::move(replication), std::move(brand),
          std::move(segment)};
}

/// Attaches the dimension scales of a (P, R[, B[, S]][, T]) table and says its dimensions.
void attach_dimensions(const h5::Dataset& dataset, const Coordinates& at, bool per_brand,
                       bool with_time, bool per_segment = false) {
  h5::attach_dimension_scale(dataset, at.point, 0);
  h5::attach_dimension_scale(dataset, at.replication, 1);
  unsigned next = 2;
  std::string dimensions = "point replication";
  if (per_brand) {
    h5::attach_dimension_scale(dataset, at.brand, next++);
    dimensions += " brand";
  }
  if (per_segment) {
    h5::attach_dimension_scale(dataset, at.segment, next++);
    dimensions += " segment";
  }
  if (with_time) {
    h5::attach_dimension_scale(dataset, at.time, next++);
    dimensions += " time";
  }
  h5::write_attribute(dataset, "dimensions", dimensions);
}

}  // namespace

void ResultsWriter::FileState::take_shape(const ResultsLayout& layout) {
  points = layout.points;
  replications = layout.replications;
  times = layout.times.size();
  brands = layout.brands.size();
  segments = layout.segments.size();
  series_specs = layout.series;
  summary_specs = layout.summaries;
  shard = layout.shard;
}

void ResultsWriter::FileState::lay_out(const ResultsLayout& layout) {
  take_shape(layout);
  statuses.assign(std::size_t{points} * replications, RunStatus::pending);
  write_root(file, layout);
  const Coordinates at = write_coordinates(file, layout);
  if (layout.design) write_design(file, *layout.design);
  lay_out_series(layout, at);
  read_series_chunks();
  lay_out_summaries(layout, at);
  if (layout.cascades) lay_out_cascades();
  lay_out_runs(at);
}

/// /series/<metric>: (P, R, [B,] T), chunked by block, compressed.
void ResultsWriter::FileState::lay_out_series(const ResultsLayout& layout, const Coordinates& at) {
  const hsize_t series_dims[] = {points, replications, times};
  const hsize_t brand_series_dims[] = {points, replications, brands, times};
  const hsize_t segment_series_dims[] = {points, replications, brands, segments, times};
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
  // Per-segment series: whole runs as the others when they fit, else one row (a brand's
  // segment) a chunk.
  h5::StorageOptions segment_series_storage = series_storage;
  if (runs_per_chunk > 1 || (chunk_times == times && brands * segments * times <= max_chunk_times))
    segment_series_storage.chunk = {chunk_points, chunk_replications, brands, segments, times};
  else
    segment_series_storage.chunk = {1, 1, 1, 1, chunk_times};
  const h5::Group series_group = h5::create_group(file, "series", /*track_order=*/true);
  for (const MetricSpec& metric : layout.series) {
    h5::Dataset dataset =
        metric.per_segment
            ? h5::create_dataset<double>(series_group, metric.name, segment_series_dims,
                                         segment_series_storage, not_written)
        : metric.per_brand
            ? h5::create_dataset<double>(series_group, metric.name, brand_series_dims,
                                         brand_series_storage, not_written)
            : h5::create_dataset<double>(series_group, metric.name, series_dims, series_storage,
                                         not_written);
    describe_metric(dataset, metric);
    attach_dimensions(dataset, at, metric.per_brand, /*with_time=*/true, metric.per_segment);
    series.push_back(std::move(dataset));
  }
}

/// /summary/<metric>: (P, R[, B]).
void ResultsWriter::FileState::lay_out_summaries(const ResultsLayout& layout,
                                                 const Coordinates& at) {
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
    if (metric.per_brand)
      attach_dimensions(dataset, at, /*per_brand=*/true, /*with_time=*/false);
    else
      attach_run_dimensions(dataset, at.point, at.replication);
    summaries.push_back(std::move(dataset));
  }
}

/// /cascades: columns appended a run's rows at a time.
void ResultsWriter::FileState::lay_out_cascades() {
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

/// /runs: seed, events, wall time and status of every run.
void ResultsWriter::FileState::lay_out_runs(const Coordinates& at) {
  const hsize_t run_dims[] = {points, replications};
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
    attach_run_dimensions(*dataset, at.point, at.replication);
  }
}

ResultsWriter::ResultsWriter(OutputLock lock, const ResultsLayout& layout,
                             const NewFileOptions& options) {
  check_layout(layout);
  auto state = std::make_unique<FileState>();
  state->path = lock.path();
  state->lock = std::move(lock);
  // The file is laid out under a temporary name beside the path (refused before anything is
  // made if the path may not be replaced) and renamed into place whole, so the path holds
  // either what it held before or a whole results file, even if the process is killed meanwhile.
  // On failure the members go in reverse: the file is closed, the temporary file removed.
  state->staged = std::make_unique<StagedFile>(state->lock, options.replace);
  // Without HDF5's file lock: hearsay's own (state->lock) keeps writers apart whatever
  // HDF5_USE_FILE_LOCKING says, and readers (hearsay info, h5py) can open the file meanwhile.
  state->file = h5::create_file(state->staged->temp_path(), /*truncate=*/true, state->path,
                                /*lock=*/false);
  state->lay_out(layout);
  h5::flush(state->file);
  if (!options.publish_at_finish) state->staged->publish();
  state_ = std::move(state);
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
  if (state_ && state_->file.valid() && (!state_->staged || state_->staged->published())) try {
      state_->commit(/*everything=*/true);
    } catch (...) {
    }
  state_.reset();
}

bool ResultsWriter::has_uncommitted() const {
  return state_->next_deadline() != std::chrono::steady_clock::time_point::max();
}

std::chrono::steady_clock::time_point ResultsWriter::commit_deadline() const {
  return state_->next_deadline();
}

void ResultsWriter::commit_due() {
  h5::silence_errors();
  state_->commit(/*everything=*/false);
}

void ResultsWriter::commit() {
  h5::silence_errors();
  state_->commit(/*everything=*/true);
}

void ResultsWriter::write_run(std::uint32_t point, std::uint32_t replication, std::uint64_t seed,
                              const RunOutput& output, double wall_seconds) {
  h5::silence_errors();  // runs finish on worker threads; HDF5's setting is per thread
  FileState& state = *state_;
  const std::string run = run_name(point, replication);
  if (point >= state.points || replication >= state.replications) {
    throw RuntimeError(run + " is outside the results layout (" + std::to_string(state.points) +
                       " points x " + std::to_string(state.replications) + " replications)");
  }
  // A failed run may have no figures at all; anything else must fill the layout exactly.
  const bool failed = output.status == RunStatus::failed;
  const std::size_t series_values =
      values_needed(state.series_specs, state.brands, state.segments, state.times);
  const bool write_series = !(failed && output.series.empty());
  if (write_series && output.series.size() != series_values) {
    throw RuntimeError(
        run + " produced " + std::to_string(output.series.size()) +
        " series values; the layout needs " +
        needed_phrase(state.series_specs, state.brands, state.segments, state.times, true));
  }
  const std::size_t summary_values =
      values_needed(state.summary_specs, state.brands, state.segments, 1);
  const bool write_summary = !(failed && output.summary.empty());
  if (write_summary && output.summary.size() != summary_values) {
    throw RuntimeError(run + " produced " + std::to_string(output.summary.size()) +
                       " summary values; the layout needs " +
                       needed_phrase(state.summary_specs, state.brands, state.segments, 1, false));
  }
  if (state.cascades) {
    const std::size_t brand_limit = std::max<std::size_t>(state.brands, 1);
    for (const CascadeRow& row : output.cascades)
      if (row.brand >= brand_limit)
        throw RuntimeError(run + " recorded a cascade row for brand " + std::to_string(row.brand) +
                           "; the layout has " + std::to_string(state.brands) + " brands");
  }

  // Room for the run's block uncompressed (its chunks may be written with this run), its
  // cascade rows, and HDF5 metadata (chunk index, heaps) with a margin.
  constexpr std::uint64_t metadata_margin = std::uint64_t{1} << 20;
  try {
    state.check_space(state.block_points * state.block_replications *
                              (series_values + summary_values + 3) * sizeof(double) +
                          output.cascades.size() * cascade_row_bytes + metadata_margin,
                      run);
  } catch (const RuntimeError&) {
    state.commit(/*everything=*/true);  // the runs already written are kept, as the message says
    throw;
  }

  // The run's figures wait in its block, which is written when its last run comes (or when it
  // has waited long enough); statuses at the commit after that, then a flush: a crash leaves
  // this run pending, never done-but-empty. (Statuses wait for the commit because /runs/status
  // is small and contiguous: HDF5 may write it out whenever another dataset's values are
  // written, before the flush.)
  FileState::Block& block = state.block;
  if (block.open && !state.in_block(point, replication))
    state.store_block(/*partial=*/true, /*timed=*/false);  // runs come in task order: not here
  if (!block.open) state.open_block(point, replication);
  // The run's cell of the block: its values wait there (a failed run without figures: NaN).
  const hsize_t slot =
      (point - block.point) * state.block_replications + (replication - block.replication);
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
  for (std::size_t m = 0; m < state.series.size(); ++m)
    place(write_series, values, block.values[m], state.rows(state.series_specs[m]) * state.times);
  values = output.summary.data();
  for (std::size_t s = 0; s < state.summaries.size(); ++s)
    place(write_summary, values, block.summary[s], state.rows(state.summary_specs[s]));
  if (state.cascades && !output.cascades.empty()) state.append_cascades(point, replication, output);
  block.seed[slot] = seed;
  block.events[slot] = output.events;
  block.wall_seconds[slot] = wall_seconds;
  const auto now = std::chrono::steady_clock::now();
  if (block.runs.empty()) block.since = now;
  block.runs.push_back({point, replication, static_cast<std::int8_t>(output.status)});
  if (block.remaining > 0) --block.remaining;
  if (block.remaining == 0) state.store_block(/*partial=*/false, /*timed=*/false);
  if (now >= state.next_deadline()) state.commit(/*everything=*/false);
}

void ResultsWriter::finish(const std::map<std::string, std::string>& provenance) {
  h5::silence_errors();
  FileState& state = *state_;
  state.commit(/*everything=*/true);
  const h5::Group group = h5::has_link(state.file, "provenance")
                              ? h5::open_group(state.file, "provenance")
                              : h5::create_group(state.file, "provenance");
  for (const auto& [key, value] : provenance) h5::write_attribute(group, key, value);
  h5::write_attribute(group, "hdf5_version", h5::library_version());
  bool complete = true;
  const std::uint64_t tasks = std::uint64_t{state.points} * state.replications;
  for (std::uint64_t t = shard_begin(state.shard, tasks); t < shard_end(state.shard, tasks); ++t) {
    const std::uint64_t point = t % state.points;
    const std::uint64_t replication = t / state.points;
    if (state.statuses[point * state.replications + replication] == RunStatus::pending)
      complete = false;
  }
  h5::write_attribute(state.file, "complete", static_cast<std::int8_t>(complete ? 1 : 0));
  h5::flush(state.file);
  if (state.staged && !state.staged->published()) {
    // Closed first, so nothing of HDF5's reaches the file after it is synced and in place.
    state.close();
    state.staged->publish();  // syncs it
  } else {
    sync_file(state.path);
  }
}

void ResultsWriter::FileState::close() {
  series.clear();
  summaries.clear();
  cascades.reset();
  for (h5::Dataset* dataset : {&seed, &events, &wall_seconds, &status}) dataset->close();
  file.close();
}

ResultsWriter::ResultsWriter() = default;

const std::vector<RunStatus>& ResultsWriter::statuses() const {
  return state_->statuses;
}

}  // namespace hearsay
