// A scenario with its plan: the base scenario, then every point, each validated whole.
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {
namespace {

/// The node at `keys` in `root`, or the deepest one that exists: where a point's difference
/// from the base is pointed at.
YAML::Node node_at(const YAML::Node& root, std::initializer_list<const char*> keys) {
  YAML::Node cur;
  cur.reset(root);
  for (const char* key : keys) {
    const YAML::Node child = std::as_const(cur)[key];
    if (!child.IsDefined()) break;
    cur.reset(child);
  }
  return cur;
}

std::vector<std::string> brand_names(const std::vector<BrandSpec>& brands) {
  std::vector<std::string> names;
  for (const BrandSpec& brand : brands) names.push_back(brand.name);
  return names;
}

/// The scenario's one point when it has no plan: the scenario itself.
ScenarioPoint whole_scenario(const Scenario& sc) {
  ScenarioPoint point;
  point.has_network = sc.has_network;
  point.network = sc.network;
  point.model = sc.model;
  point.seeding = sc.seeding;
  point.brands = sc.brands;
  return point;
}

}  // namespace

Scenario ScenarioReader::read_all(YAML::Node& root, const std::vector<std::string>& overrides) {
  Plan plan;
  if (root.IsMap()) plan = read_plan(root, overrides);
  if (plan.empty()) {
    Scenario sc = read(root);
    sc.points.push_back(whole_scenario(sc));
    sc.locations = locations_;
    return sc;
  }
  for (const char* key : {"sweep", "arms", "uncertain", "design", "calibrate"}) root.remove(key);
  for (const PlannedKey& key : plan.keys) planned_.insert(key.canonical);
  Scenario sc = read(root, true, &plan);
  if (plan.design) sc.design = fill_design(plan, sc.seed);
  if (plan.design && plan.design->calibration) {
    calibration = plan.design->calibrate;
    priors = plan.design->keys;
    sc.design.reset();  // no design to record: the calibration records its particles
  }

  const std::size_t arm_count = std::max<std::size_t>(plan.arms.size(), 1);
  const std::uint64_t points = arm_count * plan.sweep_size;
  if (points * sc.replications > max_runs)  // at most 1e6 x 1e7: no overflow
    fail(plan.size_key().first, plan.size_key().second,
         "the plan has " + std::to_string(points) + " points x " + std::to_string(sc.replications) +
             " replications = " + std::to_string(points * sc.replications) + " runs; at most " +
             std::to_string(max_runs) + " are allowed",
         "use fewer replications or fewer points");
  for (const Arm& arm : plan.arms) sc.arms.push_back(arm.name);
  for (const Factor& factor : plan.factors)
    sc.swept_keys.insert(sc.swept_keys.end(), factor.texts.begin(), factor.texts.end());
  sc.sweep_size = static_cast<std::uint32_t>(plan.sweep_size);
  for (PlannedKey& key : plan.keys) locate_in_base(root, key);

  std::vector<bool> in_arm(plan.keys.size());
  digits_.assign(plan.factors.size(), 0);
  plan_ = &plan;
  sc.points.reserve(points);
  for (std::size_t a = 0; a < arm_count; ++a) {
    std::fill(in_arm.begin(), in_arm.end(), false);
    if (!plan.arms.empty())
      for (const auto& set : plan.arms[a].sets) in_arm[set.first] = true;
    for (std::uint64_t s = 0; s < plan.sweep_size; ++s)
      sc.points.push_back(read_point(root, plan, sc, a, s, in_arm));
  }
  plan_ = nullptr;
  sc.locations = locations_;
  return sc;
}

ScenarioPoint ScenarioReader::read_point(YAML::Node& root, const Plan& plan, const Scenario& sc,
                                         std::size_t a, std::uint64_t s,
                                         const std::vector<bool>& in_arm) {
  const Arm* arm = plan.arms.empty() ? nullptr : &plan.arms[a];
  std::uint64_t rest = s;  // mixed radix, the last factor varying fastest
  for (std::size_t f = plan.factors.size(); f-- > 0;) {
    digits_[f] = rest % plan.factors[f].size;
    rest /= plan.factors[f].size;
  }
  point_arm_ = a;
  point_sweep_ = s;
  // Back to the base where the previous point left its mark, then this point's values: the
  // arm's first, the sweep's last.
  for (std::size_t k = 0; k < plan.keys.size(); ++k)
    if (!plan.keys[k].present || (!plan.keys[k].swept && !in_arm[k])) restore(root, plan.keys[k]);
  const std::size_t origins = origins_.size();
  auto put = [&](const PlannedKey& key, const PlannedValue& value) {
    OverrideOrigin origin{value.context, false, value.key_node.Mark(), {}};
    assign(root, key.steps, value.node, &origin);
    origins_.push_back(std::move(origin));
  };
  if (arm != nullptr)
    for (const auto& [k, value] : arm->sets) put(plan.keys[k], value);
  for (std::size_t f = 0; f < plan.factors.size(); ++f)
    for (std::size_t j = 0; j < plan.factors[f].keys.size(); ++j)
      put(plan.keys[plan.factors[f].keys[j]], plan.factors[f].values[j][digits_[f]]);

  Scenario p = read(root, false);
  check_shared(root, p, sc);
  origins_.erase(origins_.begin() + static_cast<std::ptrdiff_t>(origins), origins_.end());

  ScenarioPoint point = whole_scenario(p);
  point.arm = arm != nullptr ? arm->name : std::string();
  point.arm_index = static_cast<std::uint32_t>(a);
  point.sweep_index = static_cast<std::uint32_t>(s);
  point.seed_index = plan.design && plan.design->spec.common_random_numbers ? 0 : point.sweep_index;
  for (std::size_t f = 0; f < plan.factors.size(); ++f)
    for (std::size_t j = 0; j < plan.factors[f].keys.size(); ++j)
      point.values.push_back(plan.factors[f].values[j][digits_[f]].shown);
  return point;
}

void ScenarioReader::check_shared(const YAML::Node& root, const Scenario& p,
                                  const Scenario& sc) const {
  if (p.model.name != sc.model.name)
    fail(node_at(root, {"model", "name"}), "model.name",
         "every point must run the same model: this point runs " + p.model.name +
             ", the scenario " + sc.model.name,
         "vary the model's parameters (model.KEY), not the model; compare models in separate "
         "scenario files");
  const std::vector<std::string> base_brands = brand_names(sc.brands);
  if (const std::vector<std::string> names = brand_names(p.brands); names != base_brands)
    fail(node_at(root, {"brands"}), "brands",
         "every point must have the same brands in the same order: this point has [" + join(names) +
             "], the scenario [" + join(base_brands) + "]",
         "vary a brand's keys (brands.NAME.KEY), not the list of brands");
  if (p.time.end != sc.time.end || p.time.sample_every != sc.time.sample_every)
    fail(node_at(root, {"time"}), "time", "every point must share the scenario's time grid",
         "do not vary 'time'");
  if (p.output_cascades != sc.output_cascades || p.output_path != sc.output_path ||
      p.has_network != sc.has_network)
    fail(node_at(root, {"output"}), "output", "every point must have the same outputs",
         "do not vary 'output'");
}

}  // namespace hearsay::scenarios
