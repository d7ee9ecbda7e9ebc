// The /design group: a design's method, keys, distributions and unit-cube rows (RESULTS_FORMAT.md).
#include "sim/results/file_state.hpp"

namespace hearsay::results {
namespace {

design::Method method_named(const std::string& name, const std::string& path) {
  for (design::Method m : {design::Method::sobol, design::Method::morris, design::Method::latin})
    if (design::to_string(m) == name) return m;
  throw RuntimeError(path + " is damaged: /design has an unknown method '" + name + "'");
}

}  // namespace

void write_design(const h5::File& file, const design::DesignRecord& record) {
  const h5::Group group = h5::create_group(file, "design", /*track_order=*/true);
  h5::write_attribute(group, "description",
                      "the experimental design whose rows are the points (uncertain: and "
                      "design: in the scenario); /points/design_row maps each point to its row");
  h5::write_attribute(group, "method", design::to_string(record.method));
  h5::write_attribute(group, "samples", static_cast<std::int64_t>(record.samples));
  h5::write_attribute(group, "trajectories", static_cast<std::int64_t>(record.trajectories));
  h5::write_attribute(group, "levels", static_cast<std::int64_t>(record.levels));
  h5::write_attribute(group, "common_random_numbers",
                      static_cast<std::int8_t>(record.common_random_numbers ? 1 : 0));
  h5::write_string_list(group, "parameters", record.parameters);
  h5::write_string_list(group, "distributions", record.distributions);
  const hsize_t rows = record.unit.rows();
  const hsize_t unit_dims[] = {rows, record.unit.dims};
  h5::Dataset unit = h5::create_dataset<double>(group, "unit", unit_dims);
  h5::write_all(unit, record.unit.unit);
  h5::write_attribute(unit, "description", "design rows in the unit cube (row, parameter)");
  const hsize_t row_dims[] = {rows};
  h5::Dataset role = h5::create_dataset<std::int32_t>(group, "role", row_dims);
  h5::write_all(role, record.unit.role);
  h5::write_attribute(role, "description",
                      "sobol: 0 = row of A, 1 = of B, 2 + i = of A_B^i; morris: the step within "
                      "its trajectory; latin: 0");
  h5::Dataset sample = h5::create_dataset<std::int64_t>(group, "sample", row_dims);
  h5::write_all(sample, record.unit.sample);
  h5::write_attribute(sample, "description",
                      "sobol: the base sample; morris: the trajectory; latin: the row");
}

std::optional<design::DesignRecord> read_design(const h5::File& file, const std::string& path) {
  if (!h5::has_link(file, "design")) return std::nullopt;
  const h5::Group group = h5::open_group(file, "design");
  design::DesignRecord record;
  record.method = method_named(h5::read_string_attribute(group, "method"), path);
  record.samples = static_cast<std::size_t>(h5::read_attribute<std::int64_t>(group, "samples"));
  record.trajectories =
      static_cast<std::size_t>(h5::read_attribute<std::int64_t>(group, "trajectories"));
  record.levels = static_cast<unsigned>(h5::read_attribute<std::int64_t>(group, "levels"));
  record.common_random_numbers =
      h5::read_attribute<std::int8_t>(group, "common_random_numbers") != 0;
  record.parameters = h5::read_string_list(h5::open_dataset(group, "parameters"));
  record.distributions = h5::read_string_list(h5::open_dataset(group, "distributions"));
  record.unit.method = record.method;
  record.unit.dims = record.parameters.size();
  record.unit.unit = h5::read_all<double>(h5::open_dataset(group, "unit"));
  record.unit.role = h5::read_all<std::int32_t>(h5::open_dataset(group, "role"));
  record.unit.sample = h5::read_all<std::int64_t>(h5::open_dataset(group, "sample"));
  if (record.distributions.size() != record.unit.dims ||
      record.unit.unit.size() != record.unit.rows() * record.unit.dims ||
      record.unit.sample.size() != record.unit.rows())
    throw RuntimeError(path + " is damaged: the datasets of /design disagree in size");
  return record;
}

}  // namespace hearsay::results
