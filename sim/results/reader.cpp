// Reading a results file back: checking that it is one, its description, its runs.
#include "sim/results/file_state.hpp"

namespace hearsay {

namespace results {

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
  if (h5::has_link(file, "segment"))
    info.segments = h5::read_string_list(h5::open_dataset(file, "segment"));
  if (h5::has_link(file, "cascades")) {
    const h5::Group cascades = h5::open_group(file, "cascades");
    info.has_cascades = true;
    if (h5::has_attribute(cascades, "rows"))
      info.cascade_rows = h5::read_attribute<std::uint64_t>(cascades, "rows");
  }
  info.point_columns = read_point_columns(file, info.points);
  info.design = read_design(file, path);
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
  layout.segments = info.segments;
  layout.cascades = info.has_cascades;
  layout.point_columns = info.point_columns;
  layout.design = info.design;
  layout.shard = info.shard;
  return layout;
}

}  // namespace results

using namespace results;

void ResultsReader::FileState::index_cascades() const {
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

ResultsReader::ResultsReader(const std::string& path) : state_(std::make_unique<FileState>()) {
  state_->path = path;
  state_->file = open_results_file(path, /*writable=*/false);
  state_->info = describe_file(state_->file, path, state_->statuses);
}

ResultsReader::~ResultsReader() {
  h5::silence_errors();
  state_.reset();
}

const ResultsInfo& ResultsReader::info() const {
  return state_->info;
}

ResultsLayout ResultsReader::layout() const {
  return layout_of(state_->info, state_->file);
}

const std::vector<RunStatus>& ResultsReader::statuses() const {
  return state_->statuses;
}

RunRecord ResultsReader::read_run(std::uint32_t point, std::uint32_t replication,
                                  bool everything) const {
  h5::silence_errors();
  const FileState& state = *state_;
  const ResultsInfo& info = state.info;
  if (point >= info.points || replication >= info.replications)
    throw RuntimeError(run_name(point, replication) + " is outside " + state.path);
  const hsize_t brands = info.brands.size();
  const hsize_t segments = info.segments.size();
  RunRecord record;
  record.output.status = state.statuses[std::size_t{point} * info.replications + replication];
  const hsize_t cell[] = {point, replication};
  const hsize_t one[] = {1, 1};
  const h5::Group runs = h5::open_group(state.file, "runs");
  h5::read_hyperslab(h5::open_dataset(runs, "seed"), cell, one, &record.seed);
  h5::read_hyperslab(h5::open_dataset(runs, "events"), cell, one, &record.output.events);
  h5::read_hyperslab(h5::open_dataset(runs, "wall_seconds"), cell, one, &record.wall_seconds);

  const h5::Group summary = h5::open_group(state.file, "summary");
  record.output.summary.resize(values_needed(info.summaries, brands, segments, 1));
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

  const h5::Group series = h5::open_group(state.file, "series");
  const hsize_t times = info.times;
  record.output.series.resize(values_needed(info.series, brands, segments, times));
  values = record.output.series.data();
  for (const MetricSpec& metric : info.series) {
    const h5::Dataset dataset = h5::open_dataset(series, metric.name);
    if (metric.per_segment) {
      const hsize_t start[] = {point, replication, 0, 0, 0};
      const hsize_t count[] = {1, 1, brands, segments, times};
      h5::read_hyperslab(dataset, start, count, values);
      values += brands * segments * times;
    } else if (metric.per_brand) {
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

  state.index_cascades();
  const auto [first, n] = state.cascade_rows[std::size_t{point} * info.replications + replication];
  if (n > 0) {
    const h5::Group group = h5::open_group(state.file, "cascades");
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

}  // namespace hearsay
