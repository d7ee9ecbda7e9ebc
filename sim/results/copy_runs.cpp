// Copying a shard file's runs into the merged file (`hearsay merge`).
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

void ResultsWriter::copy_runs(const ResultsReader& shard_file) {
  h5::silence_errors();
  FileState& state = *state_;
  const ResultsReader::FileState& from = *shard_file.state_;
  const ShardSpec part = from.info.shard;
  const std::uint32_t points = state.points;
  const std::uint32_t replications = state.replications;
  const std::uint64_t tasks = std::uint64_t{points} * replications;
  const std::uint64_t first = shard_begin(part, tasks);
  const std::uint64_t end = shard_end(part, tasks);
  if (from.info.points != points || from.info.replications != replications)
    throw RuntimeError(from.path + " does not have the plan of " + state.path);

  const h5::Group series_group = h5::open_group(from.file, "series");
  std::vector<h5::Dataset> series;
  bool same_chunks = true;
  for (std::size_t m = 0; m < state.series.size(); ++m) {
    series.push_back(h5::open_dataset(series_group, state.series_specs[m].name));
    same_chunks = same_chunks && h5::chunk_dims(series[m]) == h5::chunk_dims(state.series[m]);
  }
  const h5::Group summary_group = h5::open_group(from.file, "summary");
  std::vector<h5::Dataset> summaries;
  for (const MetricSpec& metric : state.summary_specs)
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
  FileState::Block& block = state.block;
  for (std::uint64_t t = first; t < end;) {
    const hsize_t p = t % points;
    const hsize_t r = t / points;
    const hsize_t block_point = p / state.block_points * state.block_points;
    const hsize_t block_replication = r / state.block_replications * state.block_replications;
    const hsize_t block_points = std::min<hsize_t>(state.block_points, points - block_point);
    const hsize_t block_replications =
        std::min<hsize_t>(state.block_replications, replications - block_replication);
    const std::uint64_t block_first = block_replication * points + block_point;
    const std::uint64_t block_end =
        (block_replication + block_replications - 1) * points + block_point + block_points;
    bool copied = false;
    if (same_chunks && block_first >= first && block_end <= end && !block.open) {
      copied = true;
      std::vector<std::pair<std::size_t, std::vector<hsize_t>>> chunks;  // (metric, offset)
      for (std::size_t m = 0; m < series.size() && copied; ++m) {
        const hsize_t rows = state.series_specs[m].per_brand ? state.brands : 1;
        const auto [chunk_rows, chunk_times] = state.series_chunks[m];
        for (hsize_t first_row = 0; first_row < rows && copied; first_row += chunk_rows)
          for (hsize_t first_time = 0; first_time < state.times && copied;
               first_time += chunk_times) {
            std::vector<hsize_t> offset{block_point, block_replication};
            if (state.series_specs[m].per_brand) offset.push_back(first_row);
            offset.push_back(first_time);
            const h5::StoredChunk stored = h5::read_stored_chunk(series[m], offset, bytes);
            if (stored == h5::StoredChunk::absent) continue;  // never written: NaN, the fill
            if (stored == h5::StoredChunk::filters_skipped) {
              copied = false;  // its bytes are not what this file's filters make: take values
              break;
            }
            h5::write_filtered_chunk(state.series[m], offset, bytes);
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
      state.store_block(/*partial=*/true, /*timed=*/false);
    if (!block.open) state.open_block(block_point, block_replication);
    const CellRegion region = block.region();
    const hsize_t block_runs = state.block_points * state.block_replications;
    const std::uint64_t stop = std::min(block_end, end);
    std::vector<hsize_t> slots;
    for (std::uint64_t u = t; u < stop; ++u)
      slots.push_back((u % points - block_point) * state.block_replications +
                      (u / points - block_replication));
    auto take = [&]<class T>(const h5::Dataset& table, hsize_t width, std::vector<T>& cells) {
      std::vector<T> read(block_runs * width);
      read_cells(table, region, state.block_replications, width, read);
      for (const hsize_t slot : slots)
        std::copy_n(read.begin() + static_cast<std::ptrdiff_t>(slot * width), width,
                    cells.begin() + static_cast<std::ptrdiff_t>(slot * width));
    };
    for (std::size_t m = 0; m < series.size(); ++m)
      take(series[m], (state.series_specs[m].per_brand ? state.brands : 1) * state.times,
           block.values[m]);
    for (std::size_t s = 0; s < summaries.size(); ++s)
      take(summaries[s], state.summary_specs[s].per_brand ? state.brands : 1, block.summary[s]);
    take(seed, 1, block.seed);
    take(events, 1, block.events);
    take(wall_seconds, 1, block.wall_seconds);
    if (block.runs.empty()) block.since = std::chrono::steady_clock::now();
    for (; t < stop; ++t) {
      const hsize_t cell = (t % points) * replications + t / points;
      block.runs.push_back({t % points, t / points, static_cast<std::int8_t>(from.statuses[cell])});
      if (block.remaining > 0) --block.remaining;
    }
    if (block.remaining == 0) state.store_block(/*partial=*/false, /*timed=*/false);
  }

  // The (P, R) tables, this shard's cells.
  for (std::size_t s = 0; s < summaries.size(); ++s)
    copy_task_cells<double>(summaries[s], state.summaries[s], first, end, points);
  copy_task_cells<std::uint64_t>(seed, state.seed, first, end, points);
  copy_task_cells<std::uint64_t>(events, state.events, first, end, points);
  copy_task_cells<double>(wall_seconds, state.wall_seconds, first, end, points);
  copy_task_cells<std::int8_t>(status, state.status, first, end, points);
  for (std::uint64_t t = first; t < end; ++t) {
    const std::size_t cell = (t % points) * replications + t / points;
    state.statuses[cell] = from.statuses[cell];
  }

  // /cascades: the shard's rows in task order, in long runs of consecutive rows.
  if (state.cascades) {
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
    FileState::Cascades& c = *state.cascades;
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
    state.stored_cascade_rows = c.rows;
    state.cascade_rows_dirty = true;
  }
}

}  // namespace hearsay
