// Copying a shard file's runs into the merged file (`hearsay merge`).
#include "sim/core/task.hpp"
#include "sim/results/file_state.hpp"

namespace hearsay {

using namespace results;

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

/// The tables of a shard file, opened once for the copy.
struct ResultsWriter::FileState::ShardTables {
  std::vector<h5::Dataset> series, summaries;
  h5::Dataset seed, events, wall_seconds, status;
  bool same_chunks = true;  ///< its series chunks have this file's shape: copy them as stored
};

void ResultsWriter::copy_runs(const ResultsReader& shard_file) {
  h5::silence_errors();
  FileState& state = *state_;
  const ResultsReader::FileState& from = *shard_file.state_;
  const TaskOrder order(state.points, state.replications);
  const std::uint64_t first = shard_begin(from.info.shard, order.tasks());
  const std::uint64_t end = shard_end(from.info.shard, order.tasks());
  if (from.info.points != state.points || from.info.replications != state.replications)
    throw RuntimeError(from.path + " does not have the plan of " + state.path);
  const FileState::ShardTables tables = state.open_shard_tables(from);
  state.copy_series(from, tables, first, end);
  state.copy_run_tables(from, tables, first, end);
  if (state.cascades) state.copy_cascades(from, first, end);
}

ResultsWriter::FileState::ShardTables ResultsWriter::FileState::open_shard_tables(
    const ResultsReader::FileState& from) const {
  ShardTables tables;
  const h5::Group series_group = h5::open_group(from.file, "series");
  for (std::size_t m = 0; m < series.size(); ++m) {
    tables.series.push_back(h5::open_dataset(series_group, series_specs[m].name));
    tables.same_chunks =
        tables.same_chunks && h5::chunk_dims(tables.series[m]) == h5::chunk_dims(series[m]);
  }
  const h5::Group summary_group = h5::open_group(from.file, "summary");
  for (const MetricSpec& metric : summary_specs)
    tables.summaries.push_back(h5::open_dataset(summary_group, metric.name));
  const h5::Group runs = h5::open_group(from.file, "runs");
  tables.seed = h5::open_dataset(runs, "seed");
  tables.events = h5::open_dataset(runs, "events");
  tables.wall_seconds = h5::open_dataset(runs, "wall_seconds");
  tables.status = h5::open_dataset(runs, "status");
  return tables;
}

void ResultsWriter::FileState::copy_series(const ResultsReader::FileState& from,
                                           const ShardTables& tables, std::uint64_t first,
                                           std::uint64_t end) {
  // A chunk's block of runs at a time. A block whose runs all come from this shard is copied as
  // stored (no inflate, no deflate); one shared with the next or the previous shard gathers its
  // runs' values in the writer's open block, which stores it once complete.
  const TaskOrder order(points, replications);
  std::vector<unsigned char> bytes;
  for (std::uint64_t t = first; t < end;) {
    const Task task = order.task(t);
    const CellRegion region{task.point / block_points * block_points,
                            task.replication / block_replications * block_replications, 0, 0};
    const hsize_t region_points = std::min<hsize_t>(block_points, points - region.point);
    const hsize_t region_replications =
        std::min<hsize_t>(block_replications, replications - region.replication);
    const std::uint64_t block_first = region.replication * points + region.point;
    const std::uint64_t block_end =
        (region.replication + region_replications - 1) * points + region.point + region_points;
    if (tables.same_chunks && block_first >= first && block_end <= end && !block.open &&
        copy_stored_block(tables, region.point, region.replication, bytes)) {
      t = block_end;
      continue;
    }
    const std::uint64_t stop = std::min(block_end, end);
    gather_block_runs(from, tables, t, stop, region.point, region.replication);
    t = stop;
  }
}

bool ResultsWriter::FileState::copy_stored_block(const ShardTables& tables, hsize_t block_point,
                                                 hsize_t block_replication,
                                                 std::vector<unsigned char>& bytes) {
  for (std::size_t m = 0; m < tables.series.size(); ++m) {
    const hsize_t metric_rows = rows(series_specs[m]);
    const auto [chunk_rows, chunk_times] = series_chunks[m];
    for (hsize_t first_row = 0; first_row < metric_rows; first_row += chunk_rows)
      for (hsize_t first_time = 0; first_time < times; first_time += chunk_times) {
        const std::vector<hsize_t> offset = chunk_offset(
            series_specs[m], block_point, block_replication, first_row, first_time, segments);
        const h5::StoredChunk stored = h5::read_stored_chunk(tables.series[m], offset, bytes);
        if (stored == h5::StoredChunk::absent) continue;  // never written: NaN, the fill
        // Its bytes are not what this file's filters make: take values instead.
        if (stored == h5::StoredChunk::filters_skipped) return false;
        h5::write_filtered_chunk(series[m], offset, bytes);
      }
  }
  return true;
}

void ResultsWriter::FileState::gather_block_runs(const ResultsReader::FileState& from,
                                                 const ShardTables& tables, std::uint64_t t,
                                                 std::uint64_t stop, hsize_t block_point,
                                                 hsize_t block_replication) {
  // The block's cells of this shard's runs, read a whole block region at a time from the shard
  // (its other cells are NaN there) and placed in the writer's open block, which stores the
  // block once its last run is in (a rewrite of a chunk copied as stored is in place).
  const TaskOrder order(points, replications);
  if (block.open && !(block.point == block_point && block.replication == block_replication))
    store_block(/*partial=*/true, /*timed=*/false);
  if (!block.open) open_block(block_point, block_replication);
  const CellRegion region = block.region();
  const hsize_t block_runs = block_points * block_replications;
  std::vector<hsize_t> slots;
  for (std::uint64_t u = t; u < stop; ++u) {
    const Task task = order.task(u);
    slots.push_back((task.point - block_point) * block_replications +
                    (task.replication - block_replication));
  }
  auto take = [&]<class T>(const h5::Dataset& table, hsize_t width, std::vector<T>& cells) {
    std::vector<T> read(block_runs * width);
    read_cells(table, region, block_replications, width, read);
    for (const hsize_t slot : slots)
      std::copy_n(read.begin() + static_cast<std::ptrdiff_t>(slot * width), width,
                  cells.begin() + static_cast<std::ptrdiff_t>(slot * width));
  };
  for (std::size_t m = 0; m < tables.series.size(); ++m)
    take(tables.series[m], rows(series_specs[m]) * times, block.values[m]);
  for (std::size_t s = 0; s < tables.summaries.size(); ++s)
    take(tables.summaries[s], rows(summary_specs[s]), block.summary[s]);
  take(tables.seed, 1, block.seed);
  take(tables.events, 1, block.events);
  take(tables.wall_seconds, 1, block.wall_seconds);
  if (block.runs.empty()) block.since = std::chrono::steady_clock::now();
  for (; t < stop; ++t) {
    const Task task = order.task(t);
    block.runs.push_back(
        {task.point, task.replication, static_cast<std::int8_t>(from.statuses[order.cell(task)])});
    if (block.remaining > 0) --block.remaining;
  }
  if (block.remaining == 0) store_block(/*partial=*/false, /*timed=*/false);
}

void ResultsWriter::FileState::copy_run_tables(const ResultsReader::FileState& from,
                                               const ShardTables& tables, std::uint64_t first,
                                               std::uint64_t end) {
  // The (P, R) tables, this shard's cells.
  for (std::size_t s = 0; s < tables.summaries.size(); ++s)
    copy_task_cells<double>(tables.summaries[s], summaries[s], first, end, points);
  copy_task_cells<std::uint64_t>(tables.seed, seed, first, end, points);
  copy_task_cells<std::uint64_t>(tables.events, events, first, end, points);
  copy_task_cells<double>(tables.wall_seconds, wall_seconds, first, end, points);
  copy_task_cells<std::int8_t>(tables.status, status, first, end, points);
  const TaskOrder order(points, replications);
  for (std::uint64_t t = first; t < end; ++t) {
    const std::uint64_t cell = order.cell(order.task(t));
    statuses[cell] = from.statuses[cell];
  }
}

void ResultsWriter::FileState::copy_cascades(const ResultsReader::FileState& from,
                                             std::uint64_t first, std::uint64_t end) {
  // The shard's rows in task order, in long runs of consecutive rows.
  const TaskOrder order(points, replications);
  from.index_cascades();
  std::vector<std::pair<std::uint64_t, std::uint64_t>> spans;  // (first row, rows)
  for (std::uint64_t t = first; t < end; ++t) {
    const auto [row, n] = from.cascade_rows[order.cell(order.task(t))];
    if (n == 0) continue;
    if (!spans.empty() && spans.back().first + spans.back().second == row)
      spans.back().second += n;
    else
      spans.emplace_back(row, n);
  }
  const h5::Group group = h5::open_group(from.file, "cascades");
  Cascades& c = *cascades;
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
  stored_cascade_rows = c.rows;
  cascade_rows_dirty = true;
}

}  // namespace hearsay
