// The results writer's series chunks: runs gathered by block and stored whole, compressed.
#include "sim/results/file_state.hpp"

namespace hearsay {

using namespace results;

void ResultsWriter::FileState::read_series_chunks() {
  series_chunks.clear();
  block_points = block_replications = 1;
  for (std::size_t m = 0; m < series.size(); ++m) {
    const std::vector<hsize_t> chunk = h5::chunk_dims(series[m]);
    const MetricSpec& spec = series_specs[m];
    const std::string unusable = series[m].where() + " has chunks this writer cannot fill";
    const std::size_t dims = spec.per_segment ? 5u : spec.per_brand ? 4u : 3u;
    if (chunk.size() != dims || std::find(chunk.begin(), chunk.end(), 0) != chunk.end())
      throw RuntimeError(unusable);
    // A per-segment chunk holds one row (a brand's segment) or every row of its runs.
    const hsize_t chunk_rows = spec.per_segment ? chunk[2] * chunk[3] : dims == 4 ? chunk[2] : 1;
    if (spec.per_segment && chunk_rows != 1 && chunk_rows != rows(spec))
      throw RuntimeError(unusable);
    series_chunks.push_back({chunk_rows, chunk.back()});
    if (m == 0) {
      block_points = chunk[0];
      block_replications = chunk[1];
    }
    // Chunks of several runs hold whole runs, are alike for every metric, and are consecutive
    // tasks (older files have one run per chunk).
    const bool several = chunk[0] * chunk[1] > 1;
    if (chunk[0] != block_points || chunk[1] != block_replications ||
        (several && (chunk.back() != times || chunk_rows != rows(spec))) ||
        (chunk[1] > 1 && chunk[0] != points))
      throw RuntimeError(unusable);
  }
}

void ResultsWriter::FileState::open_block(hsize_t point, hsize_t replication) {
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
    const hsize_t metric_rows = rows(series_specs[m]);
    std::vector<double>& values = block.values[m];
    values.assign(runs * metric_rows * times, not_written);
    if (runs == 1 || !(resumed || has_ended)) continue;  // no chunk of the block in the file
    // The file may hold a chunk of the block already: stored partly filled (Ctrl-C), or
    // written by a run killed before its commit.
    const std::vector<hsize_t> offset =
        chunk_offset(series_specs[m], block.point, block.replication, 0, 0, segments);
    block.stored[m] = h5::stored_chunk_bytes(series[m], offset);
    // Keep the runs that ended: read them back into the block (the edges stay NaN).
    if (has_ended && block.stored[m] != 0)
      read_cells(series[m], at, block_replications, metric_rows * times, values);
  }
  block.summary.resize(summaries.size());
  for (std::size_t s = 0; s < summaries.size(); ++s) {
    block.summary[s].assign(runs * rows(summary_specs[s]), not_written);
    if (has_ended)
      read_cells(summaries[s], at, block_replications, rows(summary_specs[s]), block.summary[s]);
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

bool ResultsWriter::FileState::store_block(bool partial, bool timed) {
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
    write_cells(summaries[s], at, block_replications, rows(summary_specs[s]), block.summary[s]);
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

void ResultsWriter::FileState::write_series_chunks(std::size_t m, bool partial) {
  // The writer filters the chunks itself and stores them as they are: a tenth of the cost of
  // HDF5's write path for chunks of a few KiB.
  const MetricSpec& spec = series_specs[m];
  const std::vector<double>& block_values = block.values[m];
  if (block_points * block_replications > 1) {
    // Whole runs: the block's values are the chunk. A partial chunk takes the longest its
    // stream can get, a complete one the length the file already gives it (in place both).
    const std::size_t pad_to =
        partial ? series_encoder.bound(block_values.size()) : block.stored[m];
    const std::vector<hsize_t> offset =
        chunk_offset(spec, block.point, block.replication, 0, 0, segments);
    const std::span<const unsigned char> bytes = series_encoder.encode(block_values, pad_to);
    h5::write_filtered_chunk(series[m], offset, bytes);
    block.stored[m] = bytes.size();
    return;
  }
  const hsize_t point = block.point;
  const hsize_t replication = block.replication;
  const double* values = block_values.data();
  const hsize_t rows = this->rows(spec);
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
      const std::vector<hsize_t> offset =
          chunk_offset(spec, point, replication, first_row, first, segments);
      h5::write_filtered_chunk(series[m], offset, series_encoder.encode(chunk_values));
    }
}

}  // namespace hearsay
