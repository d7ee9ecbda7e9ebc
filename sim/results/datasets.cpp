// Datasets of the results file: names, indexes, metric tables, cells of a block.
#include "sim/results/file_state.hpp"

namespace hearsay::results {

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
  for (const MetricSpec& metric : layout.summaries)
    if (metric.per_segment)
      throw RuntimeError("summary '" + metric.name + "' is per segment: only series can be");
  for (const MetricSpec& metric : layout.series)
    if (metric.per_segment && (layout.segments.empty() || !metric.per_brand))
      throw RuntimeError(
          "metric '" + metric.name + "' is per segment, but " +
          (layout.segments.empty() ? "the results layout has no segments" : "not per brand"));
  std::set<std::string> segment_names;
  for (const std::string& segment : layout.segments)
    if (!segment_names.insert(segment).second)
      throw RuntimeError("segment '" + segment + "' appears twice in the results layout");
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
                          std::size_t segments, std::size_t times) {
  std::size_t n = 0;
  for (const MetricSpec& metric : metrics) n += metric_rows(metric, brands, segments) * times;
  return n;
}

std::vector<hsize_t> chunk_offset(const MetricSpec& metric, hsize_t point, hsize_t replication,
                                  hsize_t row, hsize_t time, hsize_t segments) {
  std::vector<hsize_t> offset{point, replication};
  if (metric.per_segment) {
    offset.push_back(row / segments);
    offset.push_back(row % segments);
  } else if (metric.per_brand) {
    offset.push_back(row);
  }
  offset.push_back(time);
  return offset;
}

// "2 metrics x 5 times", or with per-brand metrics "1 metric x 5 times + 2 metrics x 3 brands
// x 5 times": what a run must produce, for the size-mismatch message.
std::string needed_phrase(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t segments, std::size_t times, bool series) {
  const auto per_brand = static_cast<std::size_t>(
      std::count_if(metrics.begin(), metrics.end(),
                    [](const MetricSpec& m) { return m.per_brand && !m.per_segment; }));
  const auto per_segment = static_cast<std::size_t>(std::count_if(
      metrics.begin(), metrics.end(), [](const MetricSpec& m) { return m.per_segment; }));
  const std::size_t plain = metrics.size() - per_brand - per_segment;
  auto count = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  const std::string tail = series ? " x " + count(times, "time") : std::string();
  if (per_brand == 0 && per_segment == 0)
    return series ? count(plain, "metric") + tail : std::to_string(plain);
  std::string text;
  if (plain > 0) text = count(plain, "metric") + tail;
  if (per_brand > 0)
    text += (text.empty() ? "" : " + ") + count(per_brand, "per-brand metric") + " x " +
            count(brands, "brand") + tail;
  if (per_segment > 0)
    text += (text.empty() ? "" : " + ") + count(per_segment, "per-segment metric") + " x " +
            count(brands, "brand") + " x " + count(segments, "segment") + tail;
  return text;
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

std::vector<MetricSpec> read_metrics(const h5::File& file, const std::string& group_name) {
  std::vector<MetricSpec> metrics;
  if (!h5::has_link(file, group_name)) return metrics;
  const h5::Group group = h5::open_group(file, group_name);
  for (const std::string& name : h5::link_names(group)) {
    const h5::Dataset dataset = h5::open_dataset(group, name);
    MetricSpec metric{.name = name, .unit = {}, .description = {}};
    const std::string dimensions = optional_string_attribute(dataset, "dimensions");
    metric.per_brand = dimensions.find(" brand") != std::string::npos;
    metric.per_segment = dimensions.find(" segment") != std::string::npos;
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

}  // namespace hearsay::results
