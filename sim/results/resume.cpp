// Reopening a results file to finish its pending runs (`hearsay run --resume`).
#include "sim/results/file_state.hpp"

namespace hearsay {

using namespace results;

void ResultsWriter::FileState::reopen(const ResultsLayout& layout) {
  take_shape(layout);
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
  auto state = std::make_unique<FileState>();
  state->path = lock.path();
  state->lock = std::move(lock);
  const std::string& path = state->path;
  check_changeable(path, inputs);
  remove_stale_temporaries(state->lock);  // of a merge or a --force killed before its rename
  state->file = open_results_file(path, /*writable=*/true);
  std::vector<RunStatus> statuses;
  const ResultsInfo info = describe_file(state->file, path, statuses);
  const std::string why = layout_mismatch(layout_of(info, state->file), layout);
  if (!why.empty())
    throw RuntimeError("cannot resume " + path + ": " + why +
                       "; run it again with --force to start over, or write to another file "
                       "with -o");
  state->statuses = std::move(statuses);
  state->resumed = true;
  state->reopen(layout);
  h5::flush(state->file);
  std::unique_ptr<ResultsWriter> writer(new ResultsWriter());
  writer->state_ = std::move(state);
  return writer;
}

}  // namespace hearsay
