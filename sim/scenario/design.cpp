// `uncertain:` and `design:`: the keys whose values are uncertain, their distributions, and the
// experimental design whose rows become the plan's points.
#include <fmt/format.h>

#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {
namespace {

const std::string uncertain_example = "'uncertain: {model.beta: {uniform: [0.1, 0.4]}}'";
const std::string design_example = "'design: {method: sobol, samples: 256}'";

/// The declared parameter at a key's steps (a model's, a brand's or a generator's), or null for
/// keys that are not parameters (seeding, and the like).
const ParamSpec* find_param(const std::vector<ParamSpec>& specs, const std::string& name) {
  for (const ParamSpec& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::string scalar_at(const YAML::Node& root, const char* section, const char* key) {
  // A missing key gives an invalid node, whose type cannot even be asked: test it first.
  const YAML::Node s = root[section];
  if (!s || !s.IsMap()) return {};
  const YAML::Node v = s[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

std::string flow_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow;
  emit_value(out, node);
  return out.c_str();
}

}  // namespace

void ScenarioReader::read_design(Plan& plan, const YAML::Node& root, const KeyValue* uncertain,
                                 const KeyValue* design, const SetKeys& set_keys,
                                 const KeyValue* calibrate) const {
  if (uncertain == nullptr)
    fail(design->key, "design", "'design' has no 'uncertain' section to draw values for",
         "list the uncertain keys and their distributions, e.g. " + uncertain_example +
             ", or remove 'design'");
  if (design == nullptr && calibrate == nullptr)
    fail(uncertain->key, "uncertain",
         "'uncertain' needs a 'design' that says how to sample its keys",
         "add e.g. " + design_example +
             " (or method: morris, trajectories: 20; method: latin, "
             "samples: 100)");
  if (plan.has_sweep && calibrate != nullptr)
    fail(plan.sweep_key, "sweep",
         "a scenario with 'calibrate' cannot also have 'sweep': the calibration chooses the "
         "points",
         "fix the swept keys' values, or calibrate each value in a scenario file of its own");
  if (plan.has_sweep)
    fail(plan.sweep_key, "sweep",
         "a scenario with 'uncertain' and 'design' cannot also have 'sweep': the design's rows "
         "are its points",
         "move the swept keys into 'uncertain' (a list of values becomes {choice: [...]}), or "
         "run the sweep in a scenario file of its own");
  const YAML::Node& node = uncertain->value;
  if (node.IsNull() || (node.IsMap() && node.size() == 0))
    fail(node.IsNull() ? uncertain->key : node, "uncertain",
         "'uncertain' is empty: it varies nothing",
         "list keys with their distributions, e.g. " + uncertain_example);
  if (!node.IsMap())
    fail(node, "uncertain",
         "'uncertain' must be a mapping of dotted keys to distributions, found " +
             describe_node(node),
         "write it as " + uncertain_example);

  PlannedDesign planned;
  const KeyValue& how = design != nullptr ? *design : *calibrate;
  planned.calibration = calibrate != nullptr;
  if (planned.calibration) {
    planned.calibrate = read_calibrate(root, *calibrate);
    planned.spec.method = design::Method::latin;
    planned.spec.samples = std::max<std::size_t>(1, given_rows->size());
  } else {
    planned.spec = read_design_spec(*design);
  }
  planned.uncertain_key = uncertain->key;
  planned.uncertain = uncertain->value;
  planned.design_key = how.key;
  planned.design = how.value;
  Factor factor;
  const Section s = section(uncertain->key, node, "uncertain", uncertain_example);
  for (const KeyValue& e : s.entries) {
    const std::string path = "uncertain." + e.name;
    const std::size_t k = add_key(plan, root, e, path, "in 'uncertain'", -1, set_keys);
    design::UncertainKey key;
    key.key = e.name;
    key.distribution = read_distribution(root, e, plan.keys[k]);
    key.written = flow_text(e.value);
    if (planned.calibration && key.distribution.kind == design::Distribution::Kind::choice)
      fail(e.value, path, "a calibration fits numbers: a choice cannot be a prior",
           "give a uniform, loguniform, normal or triangular prior, or fix the key's value "
           "outside 'uncertain'");
    planned.keys.push_back(std::move(key));
    factor.keys.push_back(k);
    factor.texts.push_back(e.name);
  }
  factor.values.resize(factor.keys.size());
  factor.size = planned.spec.rows(planned.keys.size());
  plan.factors.push_back(std::move(factor));
  plan.design = std::move(planned);
}

design::Distribution ScenarioReader::read_distribution(const YAML::Node& root, const KeyValue& e,
                                                       const PlannedKey& key) const {
  using design::Distribution;
  const std::string path = "uncertain." + e.name;
  const std::string example = "'" + e.name + ": {uniform: [LOW, HIGH]}'";
  const std::string kinds =
      "uniform [lo, hi], loguniform [lo, hi], triangular [lo, mode, hi], "
      "normal [mean, sd] or [mean, sd, lower, upper], choice [a, b, ...]";
  if (!e.value.IsMap() || e.value.size() != 1)
    fail(e.value.IsNull() ? e.key : e.value, path,
         "an uncertain key needs one distribution, written as a mapping of its name to its "
         "numbers, found " +
             describe_node(e.value),
         "write it as " + example + "; the distributions are " + kinds);
  const auto it = e.value.begin();
  const YAML::Node name_node = it->first;
  const YAML::Node args = it->second;
  const std::string name = name_node.IsScalar() ? name_node.Scalar() : std::string();
  const std::vector<std::string>& names = design::distribution_names();
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) {
    const std::string near = closest_match(name, names.data(), names.data() + names.size());
    fail(name_node, path,
         "unknown distribution '" + name + "'" +
             (near.empty() ? std::string() : " (did you mean '" + near + "'?)"),
         "use one of: " + kinds);
  }
  Distribution d;
  d.kind = static_cast<Distribution::Kind>(found - names.begin());
  const std::string dpath = path + "." + name;
  if (!args.IsSequence() || args.size() == 0)
    fail(args.IsNull() ? name_node : args, dpath,
         "the distribution's numbers must be a non-empty list, found " + describe_node(args),
         "write them in [ ], e.g. " + example + "; the distributions are " + kinds);

  // The key's declared parameter, when it is one: its kind reads durations ("15d") and its range
  // bounds what the distribution may give.
  const Step& last = key.steps.back();
  const ParamSpec* spec = nullptr;
  if (key.steps.size() == 2 && key.steps[0].key == "model")
    if (const ModelEntry* m = models_.find(scalar_at(root, "model", "name")))
      spec = find_param(m->info.params, last.key);
  if (key.steps.size() == 2 && key.steps[0].key == "network")
    if (const GeneratorEntry* g = generators_.find(scalar_at(root, "network", "generator")))
      spec = find_param(g->info.params, last.key);
  if (key.steps.size() == 3 && key.steps[0].key == "brands" && key.steps[1].is_index)
    if (const ModelEntry* m = models_.find(scalar_at(root, "model", "name")))
      spec = find_param(m->info.brands.params, last.key);

  if (d.kind == Distribution::Kind::choice) {
    for (auto a = args.begin(); a != args.end(); ++a) {
      if (!a->IsScalar())
        fail(*a, dpath, "a choice must be a plain value, found " + describe_node(*a),
             "list plain values, e.g. [soft_sell, hard_sell] or [1, 2, 4]");
      d.choices.push_back(a->Scalar());
    }
    return d;
  }
  if (spec != nullptr && spec->kind != ParamKind::real && spec->kind != ParamKind::integer &&
      spec->kind != ParamKind::duration)
    fail(name_node, dpath,
         "'" + e.name + "' is a " + to_string(spec->kind) + ", not a number: a " + name +
             " distribution cannot give its values",
         "use {choice: [...]} with the values it may take");
  const bool durations = spec == nullptr || spec->kind == ParamKind::duration;
  for (auto a = args.begin(); a != args.end(); ++a) {
    double x = 0;
    const std::string text = a->IsScalar() ? a->Scalar() : std::string();
    const bool ok = durations ? parse_duration(text, x) : parse_number(text, x);
    if (!a->IsScalar() || !ok)
      fail(*a, dpath,
           "'" + (a->IsScalar() ? text : describe_node(*a)) + "' is not " +
               (durations ? "a number or a duration" : "a number"),
           durations ? std::string("write a number, or a duration such as 15d or 36h")
                     : std::string("write a number"));
    d.args.push_back(x);
  }
  if (d.kind == Distribution::Kind::normal && d.args.size() == 4) {
    d.lower = d.args[2];
    d.upper = d.args[3];
    d.args.resize(2);
  } else if (d.kind == Distribution::Kind::normal && spec != nullptr) {
    d.lower = spec->min;  // truncated to the parameter's range
    d.upper = spec->max;
  }
  if (const std::string why = design::check(d); !why.empty())
    fail(args, dpath, "invalid " + name + " distribution: " + why, "write it as " + kinds);

  // Every value it can give must be one the key accepts.
  if (spec != nullptr && d.kind != Distribution::Kind::normal) {
    const double lo = d.args.front(), hi = d.args.back();
    const bool below = spec->min_exclusive ? lo <= spec->min : lo < spec->min;
    if (below || hi > spec->max)
      fail(args, dpath,
           fmt::format("the distribution gives values in [{}, {}], but '{}' must be {}", lo, hi,
                       e.name, range_phrase(*spec)),
           "keep the distribution inside the key's range");
  }
  return d;
}

design::DesignSpec ScenarioReader::read_design_spec(const KeyValue& entry) const {
  design::DesignSpec spec;
  const YAML::Node& node = entry.value;
  if (!node.IsMap() || node.size() == 0)
    fail(node.IsNull() ? entry.key : node, "design",
         "'design' must be a mapping with 'method' and its size, found " + describe_node(node),
         "write it as " + design_example +
             " (or method: morris, trajectories: 20; method: latin, samples: 100)");
  const Section s = section(entry.key, node, "design", design_example);
  check_keys(s, {"method", "samples", "trajectories", "levels", "common_random_numbers"});
  const KeyValue* method = s.find("method");
  if (method == nullptr)
    fail_missing(s, "method",
                 "add 'method: sobol' (variance-based indices), 'method: morris' "
                 "(a cheap screen) or 'method: latin' (uncertainty only)");
  const std::string m = method->value.IsScalar() ? method->value.Scalar() : std::string();
  if (m == "sobol")
    spec.method = design::Method::sobol;
  else if (m == "morris")
    spec.method = design::Method::morris;
  else if (m == "latin")
    spec.method = design::Method::latin;
  else
    fail(method->value, "design.method", "unknown design method '" + m + "'",
         "use sobol (Saltelli's scheme: Sobol' indices), morris (elementary effects) or latin "
         "(a Latin hypercube: quantiles, no indices)");

  ParamValues v;
  auto whole = [&](const char* name, double min, double max, const std::string& help) {
    ParamSpec p = make_spec(name, ParamKind::integer, help);
    p.min = min;
    p.max = max;
    return read_key(s, p, v) ? static_cast<std::size_t>(v.integer(name)) : std::size_t{0};
  };
  const std::string size_key = spec.method == design::Method::morris ? "trajectories" : "samples";
  const std::string wrong_key = spec.method == design::Method::morris ? "samples" : "trajectories";
  if (const KeyValue* wrong = s.find(wrong_key))
    fail(wrong->key, "design." + wrong_key,
         "'" + wrong_key + "' is not a size of a " + m + " design",
         "write '" + size_key + "' instead");
  if (spec.method != design::Method::morris)
    if (const KeyValue* levels = s.find("levels"))
      fail(levels->key, "design.levels", "'levels' is for morris designs only", "remove it");
  if (s.find(size_key) == nullptr)
    fail_missing(s, size_key,
                 spec.method == design::Method::morris
                     ? "add 'trajectories: 20' (each costs one run per uncertain key plus one)"
                     : "add 'samples: 256' (a power of two; a sobol design runs samples x "
                       "(keys + 2) points)");
  if (spec.method == design::Method::morris) {
    spec.trajectories = whole("trajectories", 2, 100000, "Morris trajectories");
    if (const std::size_t levels = whole("levels", 2, 64, "Morris grid levels (even)")) {
      spec.levels = static_cast<unsigned>(levels);
      if (levels % 2 != 0)
        fail(s.find("levels")->value, "design.levels",
             "'levels' must be even (the step is levels / (2 (levels - 1)))", "use 4, 6 or 8");
    }
  } else {
    spec.samples = whole("samples", 2, 1000000, "base samples");
  }
  ParamSpec crn = make_spec("common_random_numbers", ParamKind::boolean,
                            "every design row runs on the same random numbers");
  if (read_key(s, crn, v)) spec.common_random_numbers = v.flag("common_random_numbers");
  return spec;
}

design::DesignRecord ScenarioReader::fill_design(Plan& plan, std::uint64_t seed) const {
  PlannedDesign& planned = *plan.design;
  design::DesignPlan drawn;
  if (planned.calibration) {
    // The particles' values, as the calibration gives them; none: each prior's median.
    drawn.numbers = *given_rows;
    if (drawn.numbers.empty()) {
      drawn.numbers.emplace_back();
      for (const design::UncertainKey& key : planned.keys)
        drawn.numbers.back().push_back(design::quantile(key.distribution, 0.5));
    }
    drawn.choices.assign(drawn.numbers.size(), std::vector<std::string>(planned.keys.size()));
    drawn.unit.dims = planned.keys.size();
    drawn.unit.role.assign(drawn.numbers.size(), 0);
  } else {
    drawn = design::plan_design(planned.keys, planned.spec, seed);
  }
  Factor& factor = plan.factors.front();
  for (std::size_t j = 0; j < planned.keys.size(); ++j) {
    const PlannedKey& key = plan.keys[factor.keys[j]];
    const bool choice = planned.keys[j].distribution.kind == design::Distribution::Kind::choice;
    std::vector<PlannedValue>& values = factor.values[j];
    values.reserve(drawn.unit.rows());
    for (std::size_t r = 0; r < drawn.unit.rows(); ++r) {
      // Shortest text that reads back as the same double.
      const YAML::Node value(choice ? drawn.choices[r][j] : fmt::format("{}", drawn.numbers[r][j]));
      values.push_back(
          planned_value(value, key.key_node, key,
                        "in design row " + std::to_string(r) + ": " + key.text + " = "));
    }
  }
  design::DesignRecord record;
  record.method = planned.spec.method;
  for (const design::UncertainKey& key : planned.keys) {
    record.parameters.push_back(key.key);
    record.distributions.push_back(key.written);
  }
  record.unit = drawn.unit;
  record.samples = planned.spec.samples;
  record.trajectories = planned.spec.trajectories;
  record.levels = planned.spec.method == design::Method::morris ? planned.spec.levels : 0;
  record.common_random_numbers = planned.spec.common_random_numbers;
  return record;
}

}  // namespace hearsay::scenarios
