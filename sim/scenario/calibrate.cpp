// `calibrate:`: which series to match and how the ABC-SMC calibration runs; loading a
// calibration scenario and the points of its particles.
#include <fmt/format.h>

#include "sim/files/input_file.hpp"
#include "sim/scenario/reader.hpp"

namespace hearsay {
namespace scenarios {
namespace {

const std::string calibrate_example =
    "'calibrate: {match: [{metric: adopters}], method: abc-smc, particles: 1000}'";

/// The brand names of `brands:` as written, in order.
std::vector<std::string> brand_names(const YAML::Node& root) {
  std::vector<std::string> names;
  const YAML::Node brands = root["brands"];
  if (!brands || !brands.IsSequence()) return names;
  for (const YAML::Node& b : brands) {
    const YAML::Node name = b.IsMap() ? b["name"] : YAML::Node();
    names.push_back(name && name.IsScalar() ? name.Scalar() : std::string());
  }
  return names;
}

}  // namespace

CalibrationSpec ScenarioReader::read_calibrate(const YAML::Node& root,
                                               const KeyValue& entry) const {
  CalibrationSpec spec;
  const YAML::Node& node = entry.value;
  if (!node.IsMap() || node.size() == 0)
    fail(node.IsNull() ? entry.key : node, "calibrate",
         "'calibrate' must be a mapping with 'match' and the method's settings, found " +
             describe_node(node),
         "write it as " + calibrate_example);
  const Section s = section(entry.key, node, "calibrate", calibrate_example);
  check_keys(s, {"match", "method", "particles", "generations", "min_acceptance",
                 "tolerance_quantile", "min_tolerance_change"});
  if (const KeyValue* method = s.find("method")) {
    const std::string m = method->value.IsScalar() ? method->value.Scalar() : std::string();
    if (m != "abc-smc")
      fail(method->value, "calibrate.method", "unknown calibration method '" + m + "'",
           "use abc-smc (approximate Bayesian computation by sequential Monte Carlo)");
  }

  const ModelEntry* model =
      models_.find(root["model"] && root["model"].IsMap() && root["model"]["name"] &&
                           root["model"]["name"].IsScalar()
                       ? root["model"]["name"].Scalar()
                       : std::string());
  const KeyValue* match = s.find("match");
  if (match == nullptr)
    fail_missing(s, "match", "add e.g. 'match: [{metric: adopters}]' (a column of the data)");
  if (!match->value.IsSequence() || match->value.size() == 0)
    fail(match->value.IsNull() ? match->key : match->value, "calibrate.match",
         "'match' must be a non-empty list of {metric: NAME} (and brand: NAME for per-brand "
         "metrics), found " +
             describe_node(match->value),
         "write it as 'match: [{metric: adopters}]'");
  const std::vector<std::string> brands = brand_names(root);
  std::size_t i = 0;
  for (const YAML::Node& m : match->value) {
    const std::string path = fmt::format("calibrate.match[{}]", i++);
    if (!m.IsMap())
      fail(m, path, "each match is a mapping {metric: NAME}, found " + describe_node(m),
           "write it as '{metric: adopters}' or '{metric: sales, brand: NAME}'");
    const Section ms = section(m, m, path, "'{metric: adopters}'");
    check_keys(ms, {"metric", "brand"});
    const KeyValue* metric = ms.find("metric");
    if (metric == nullptr) fail_missing(ms, "metric", "add 'metric: NAME', a series of the model");
    MatchedMetric matched;
    matched.metric = metric->value.IsScalar() ? metric->value.Scalar() : std::string();
    if (model == nullptr) return spec;  // the model's own error comes first
    std::vector<std::string> names;
    for (const MetricSpec& series : model->info.series) names.push_back(series.name);
    const auto found = std::find(names.begin(), names.end(), matched.metric);
    if (found == names.end())
      fail(metric->value, path + ".metric",
           "model " + model->info.name + " has no series '" + matched.metric + "'",
           suggestion(matched.metric, names) + "use one of: " + join(names));
    matched.index = static_cast<std::size_t>(found - names.begin());
    const bool per_brand = model->info.series[matched.index].per_brand;
    const KeyValue* brand = ms.find("brand");
    if (per_brand && brand == nullptr)
      fail_missing(
          ms, "brand",
          "'" + matched.metric + "' is per brand: add 'brand: NAME', one of: " + join(brands));
    if (!per_brand && brand != nullptr)
      fail(brand->key, path + ".brand",
           "'" + matched.metric + "' is not per brand: it takes no 'brand'", "remove 'brand'");
    if (brand != nullptr) {
      matched.brand = brand->value.IsScalar() ? brand->value.Scalar() : std::string();
      const auto b = std::find(brands.begin(), brands.end(), matched.brand);
      if (b == brands.end())
        fail(brand->value, path + ".brand", "no brand '" + matched.brand + "'",
             suggestion(matched.brand, brands) + "use one of: " + join(brands));
      matched.brand_index = static_cast<std::size_t>(b - brands.begin());
    }
    for (const MatchedMetric& other : spec.match)
      if (other.metric == matched.metric && other.brand == matched.brand)
        fail(m, path, "'" + matched.metric + "' is matched twice", "list each series once");
    spec.match.push_back(std::move(matched));
  }

  ParamValues v;
  auto number = [&](const char* name, ParamKind kind, double min, double max, bool exclusive,
                    const std::string& help) {
    ParamSpec p = make_spec(name, kind, help);
    p.min = min;
    p.max = max;
    p.min_exclusive = exclusive;
    if (!read_key(s, p, v)) return false;
    return true;
  };
  if (number("particles", ParamKind::integer, 10, 1000000, false, "accepted particles"))
    spec.particles = static_cast<std::size_t>(v.integer("particles"));
  if (number("generations", ParamKind::integer, 1, 1000, false, "generations at most"))
    spec.generations = static_cast<unsigned>(v.integer("generations"));
  if (number("min_acceptance", ParamKind::real, 0, 1, true, "lowest acceptance rate"))
    spec.min_acceptance = v.real("min_acceptance");
  if (number("tolerance_quantile", ParamKind::real, 0, 0.99, true,
             "the quantile of accepted distances that becomes the next tolerance"))
    spec.quantile = v.real("tolerance_quantile");
  if (number("min_tolerance_change", ParamKind::real, 0, 1, false,
             "smallest relative fall of the tolerance"))
    spec.min_tolerance_change = v.real("min_tolerance_change");
  return spec;
}

}  // namespace scenarios

namespace {

/// Reads the calibration scenario `c.text` with the points `rows` (none: the priors' medians).
Scenario read_calibration(const CalibrationScenario& c,
                          const std::vector<std::vector<double>>& rows,
                          scenarios::ScenarioReader& reader) {
  YAML::Node root = reader.parse(c.text);
  if (!c.overrides.empty() && root.IsNull()) root.reset(YAML::Node(YAML::NodeType::Map));
  if (root.IsMap())
    for (const std::string& o : c.overrides) reader.apply_override(root, o);
  reader.given_rows = &rows;
  return reader.read_all(root, c.overrides);
}

}  // namespace

CalibrationScenario load_calibration(const std::string& path,
                                     const std::vector<std::string>& overrides,
                                     const ModelRegistry& models,
                                     const GeneratorRegistry& generators) {
  if (const std::string problem = input_file_problem(path, max_scenario_bytes); !problem.empty())
    throw ScenarioError({path, 0, 0}, "", "the scenario file " + problem,
                        "give the path of a calibration scenario file (.yaml)");
  std::string text;
  try {
    text = read_input_file(path, max_scenario_bytes);
  } catch (const DataFileError& e) {
    throw ScenarioError({path, 0, 0}, "", e.what(), "check the file and its permissions");
  }
  return parse_calibration(text, path, overrides, models, generators);
}

CalibrationScenario parse_calibration(const std::string& text, const std::string& path,
                                      const std::vector<std::string>& overrides,
                                      const ModelRegistry& models,
                                      const GeneratorRegistry& generators) {
  CalibrationScenario c;
  c.text = text;
  c.overrides = overrides;
  scenarios::ScenarioReader reader(path, models, generators);
  {
    const YAML::Node root = reader.parse(c.text);
    if (!root.IsMap() || !root["calibrate"])
      throw ScenarioError(
          {path, 0, 0}, "calibrate",
          "the scenario has no 'calibrate' section: nothing says what to fit",
          "add e.g. " + scenarios::calibrate_example + " and the priors in 'uncertain:'");
  }
  const std::vector<std::vector<double>> medians;  // none given: the base point
  c.scenario = read_calibration(c, medians, reader);
  c.priors = reader.priors;
  c.spec = reader.calibration;
  return c;
}

Scenario calibration_points(const CalibrationScenario& calibration,
                            const std::vector<std::vector<double>>& rows,
                            const std::vector<std::uint32_t>& seed_indices,
                            const ModelRegistry& models, const GeneratorRegistry& generators) {
  scenarios::ScenarioReader reader(calibration.scenario.file, models, generators);
  Scenario sc = read_calibration(calibration, rows, reader);
  sc.replications = 1;
  for (std::size_t i = 0; i < sc.points.size() && i < seed_indices.size(); ++i)
    sc.points[i].seed_index = seed_indices[i];
  return sc;
}

}  // namespace hearsay
