// Writing and reading calibration files (/calibration; RESULTS_FORMAT.md documents the layout).
#include "sim/results/calibration_file.hpp"

#include <fmt/format.h>

#include "sim/results/h5.hpp"
#include "sim/results/results_file.hpp"

namespace hearsay::results {
namespace {

void write_doubles(const h5::Object& parent, const std::string& name,
                   const std::vector<hsize_t>& dims, const std::vector<double>& values,
                   const std::string& description) {
  h5::Dataset d = h5::create_dataset<double>(parent, name, dims);
  if (!values.empty()) h5::write_all(d, values);
  h5::write_attribute(d, "description", description);
}

void write_counts(const h5::Object& parent, const std::string& name,
                  const std::vector<std::int64_t>& values, const std::string& description) {
  const hsize_t dims[] = {values.size()};
  h5::Dataset d = h5::create_dataset<std::int64_t>(parent, name, dims);
  if (!values.empty()) h5::write_all(d, values);
  h5::write_attribute(d, "description", description);
}

void write_record(const h5::File& file, const CalibrationRecord& r) {
  h5::write_attribute(file, "format", calibration_format_name);
  h5::write_attribute(file, "format_version", std::int64_t{calibration_format_version});
  h5::write_attribute(file, "hearsay_version", hearsay_version());
  h5::write_attribute(file, "complete", static_cast<std::int8_t>(r.stop_reason.empty() ? 0 : 1));
  h5::write_attribute(file, "model", r.model);
  h5::write_attribute(file, "scenario_name", r.scenario_name);
  h5::write_string_dataset(file, "scenario", r.scenario_yaml);

  const h5::Group c = h5::create_group(file, "calibration", /*track_order=*/true);
  h5::write_attribute(c, "description",
                      "ABC-SMC calibration of the uncertain keys to the observed data: every "
                      "generation's particles, weights and distances");
  h5::write_attribute(c, "method", r.method);
  h5::write_attribute(c, "seed", r.settings.seed);
  h5::write_attribute(c, "particles", static_cast<std::int64_t>(r.settings.particles));
  h5::write_attribute(c, "max_generations", static_cast<std::int64_t>(r.settings.generations));
  h5::write_attribute(c, "min_acceptance", r.settings.min_acceptance);
  h5::write_attribute(c, "tolerance_quantile", r.settings.quantile);
  h5::write_attribute(c, "min_tolerance_change", r.settings.min_tolerance_change);
  h5::write_attribute(c, "generations", static_cast<std::int64_t>(r.generations.size()));
  h5::write_attribute(c, "stop_reason", r.stop_reason);
  h5::write_attribute(c, "distance",
                      "root mean square over the observed points of (simulated - observed) / "
                      "scale, the simulated series linearly interpolated at the observed times");
  h5::write_string_list(c, "parameters", r.parameters);
  h5::write_string_list(c, "priors", r.priors);

  const h5::Group o = h5::create_group(c, "observed", /*track_order=*/true);
  h5::write_attribute(o, "file", r.observed_file);
  h5::write_string_list(o, "columns", r.columns);
  const hsize_t times = r.observed_times.size(), columns = r.columns.size();
  write_doubles(o, "time", {times}, r.observed_times, "observation times, days since the start");
  std::vector<double> values;
  for (const std::vector<double>& column : r.observed_values)
    values.insert(values.end(), column.begin(), column.end());
  write_doubles(o, "values", {columns, times}, values,
                "observed values (column, time); NaN = missing");
  write_doubles(o, "scales", {columns}, r.scales, "each column's scale in the distance");

  const std::size_t g = r.generations.size(), n = r.settings.particles, k = r.parameters.size();
  std::vector<double> tolerance, particles, weights, distances;
  std::vector<std::int64_t> proposed, accepted, simulated;
  for (const calibrate::Generation& gen : r.generations) {
    tolerance.push_back(gen.tolerance);
    particles.insert(particles.end(), gen.particles.begin(), gen.particles.end());
    weights.insert(weights.end(), gen.weights.begin(), gen.weights.end());
    distances.insert(distances.end(), gen.distances.begin(), gen.distances.end());
    proposed.push_back(static_cast<std::int64_t>(gen.proposed));
    accepted.push_back(static_cast<std::int64_t>(gen.accepted));
    simulated.push_back(static_cast<std::int64_t>(gen.simulated));
  }
  write_doubles(c, "tolerance", {g}, tolerance,
                "each generation's tolerance (inf for the first, drawn from the prior)");
  write_counts(c, "proposed", proposed, "simulations run in each generation");
  write_counts(c, "accepted", accepted, "particles accepted in each generation");
  write_counts(c, "simulated", simulated,
               "runs simulated in each generation: the proposals and the rest of the last batch");
  write_doubles(c, "particles", {g, n, k}, particles,
                "parameter values (generation, particle, parameter)");
  write_doubles(c, "weights", {g, n}, weights,
                "importance weights (generation, particle), summing to 1 per generation");
  write_doubles(c, "distances", {g, n}, distances,
                "each particle's distance to the data (generation, particle)");
}

std::vector<double> read_doubles(const h5::Object& parent, const std::string& name) {
  return h5::read_all<double>(h5::open_dataset(parent, name));
}

}  // namespace

void write_calibration(const OutputLock& lock, const ReplacePolicy& policy,
                       const CalibrationRecord& record) {
  StagedFile staged(lock, policy);
  {
    const h5::File file = h5::create_file(staged.temp_path(), /*truncate=*/true, lock.path());
    write_record(file, record);
    h5::flush(file);
  }
  staged.publish();
}

bool is_calibration_file(const std::string& path) {
  try {
    const h5::File file = h5::open_file(path);
    return h5::has_attribute(file, "format") && h5::attribute_is_string(file, "format") &&
           h5::read_string_attribute(file, "format") == calibration_format_name;
  } catch (const std::exception&) {
    return false;
  }
}

CalibrationRecord read_calibration(const std::string& path) {
  if (!is_calibration_file(path))
    throw RuntimeError(path + " is not a calibration file (written by hearsay calibrate)");
  const h5::File file = h5::open_file(path);
  CalibrationRecord r;
  r.model = h5::read_string_attribute(file, "model");
  r.scenario_name = h5::read_string_attribute(file, "scenario_name");
  r.scenario_yaml = h5::read_string_dataset(file, "scenario");
  const h5::Group c = h5::open_group(file, "calibration");
  r.method = h5::read_string_attribute(c, "method");
  r.settings.seed = h5::read_attribute<std::uint64_t>(c, "seed");
  r.settings.particles = static_cast<std::size_t>(h5::read_attribute<std::int64_t>(c, "particles"));
  r.settings.generations =
      static_cast<unsigned>(h5::read_attribute<std::int64_t>(c, "max_generations"));
  r.settings.min_acceptance = h5::read_attribute<double>(c, "min_acceptance");
  r.settings.quantile = h5::read_attribute<double>(c, "tolerance_quantile");
  r.settings.min_tolerance_change = h5::read_attribute<double>(c, "min_tolerance_change");
  r.stop_reason = h5::read_string_attribute(c, "stop_reason");
  r.parameters = h5::read_string_list(h5::open_dataset(c, "parameters"));
  r.priors = h5::read_string_list(h5::open_dataset(c, "priors"));

  const h5::Group o = h5::open_group(c, "observed");
  r.observed_file = h5::read_string_attribute(o, "file");
  r.columns = h5::read_string_list(h5::open_dataset(o, "columns"));
  r.observed_times = read_doubles(o, "time");
  const std::vector<double> values = read_doubles(o, "values");
  r.scales = read_doubles(o, "scales");
  const std::size_t times = r.observed_times.size();
  if (values.size() != r.columns.size() * times || r.scales.size() != r.columns.size())
    throw RuntimeError(path + " is damaged: /calibration/observed disagrees in size");
  for (std::size_t col = 0; col < r.columns.size(); ++col)
    r.observed_values.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(col * times),
                                   values.begin() + static_cast<std::ptrdiff_t>((col + 1) * times));

  const auto g = static_cast<std::size_t>(h5::read_attribute<std::int64_t>(c, "generations"));
  const std::size_t n = r.settings.particles, k = r.parameters.size();
  const std::vector<double> tolerance = read_doubles(c, "tolerance");
  const std::vector<double> particles = read_doubles(c, "particles");
  const std::vector<double> weights = read_doubles(c, "weights");
  const std::vector<double> distances = read_doubles(c, "distances");
  const auto proposed = h5::read_all<std::int64_t>(h5::open_dataset(c, "proposed"));
  const auto accepted = h5::read_all<std::int64_t>(h5::open_dataset(c, "accepted"));
  const auto simulated = h5::read_all<std::int64_t>(h5::open_dataset(c, "simulated"));
  if (tolerance.size() != g || particles.size() != g * n * k || weights.size() != g * n ||
      distances.size() != g * n || proposed.size() != g || accepted.size() != g ||
      simulated.size() != g)
    throw RuntimeError(path + " is damaged: the datasets of /calibration disagree in size");
  for (std::size_t t = 0; t < g; ++t) {
    calibrate::Generation gen;
    gen.dims = k;
    gen.tolerance = tolerance[t];
    auto slice = [t](const std::vector<double>& v, std::size_t per) {
      return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(t * per),
                                 v.begin() + static_cast<std::ptrdiff_t>((t + 1) * per));
    };
    gen.particles = slice(particles, n * k);
    gen.weights = slice(weights, n);
    gen.distances = slice(distances, n);
    gen.proposed = static_cast<std::uint64_t>(proposed[t]);
    gen.accepted = static_cast<std::uint64_t>(accepted[t]);
    gen.simulated = static_cast<std::uint64_t>(simulated[t]);
    r.generations.push_back(std::move(gen));
  }
  return r;
}

}  // namespace hearsay::results
