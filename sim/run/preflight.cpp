// The check of a plan's inputs before any file exists: networks, seeding, the model's checks.
#include "sim/model/segment_assignment.hpp"
#include "sim/run/steps.hpp"

namespace hearsay::run {

namespace {

void check_seeding(const Scenario& scenario, const ModelEntry& model, const ScenarioPoint& point,
                   const Network& network, const std::string& where) {
  const std::uint64_t wanted =
      model.info.uses_seeding ? seed_count(point.seeding, network.nodes()) : 0;
  if (wanted > network.nodes())
    throw ScenarioError({scenario.file, 0, 0}, "seeding",
                        where + "asks for " + std::to_string(wanted) +
                            " seeds but the network has " + std::to_string(network.nodes()) +
                            " nodes",
                        "lower seeding.count or seeding.fraction");
  for (NodeId v : point.seeding.nodes)
    if (v >= network.nodes())
      throw ScenarioError({scenario.file, 0, 0}, "seeding.nodes",
                          where + "node " + std::to_string(v) +
                              " does not exist (the network has nodes 0.." +
                              std::to_string(network.nodes() - 1) + ")",
                          "use ids below the number of nodes");
}

/// The model's own checks against the network, reported at the key's place in the scenario.
void check_model(const Scenario& scenario, const ModelEntry& model, const ScenarioPoint& point,
                 const Network* network, const std::string& where) {
  try {
    model.check(point.model.params, network, point.brands);
  } catch (const ModelCheckError& e) {
    const auto at = scenario.locations.find(e.key());
    throw ScenarioError(
        at != scenario.locations.end() ? at->second : SourceLocation{scenario.file, 0, 0}, e.key(),
        where + e.problem(), e.fix());
  } catch (const std::invalid_argument& e) {
    throw ScenarioError({scenario.file, 0, 0}, "model", where + e.what(),
                        "change the value, or the network it refers to");
  }
}

/// With segment_by: every node's value of the attribute names a segment.
void check_segments(const Scenario& scenario, const Network& network) {
  try {
    segments_by_attribute(network, scenario.segment_by, scenario.segments);
  } catch (const std::invalid_argument& e) {
    const std::string text = e.what();
    const std::size_t cut = text.find('\n');
    const auto at = scenario.locations.find("segment_by");
    throw ScenarioError(
        at != scenario.locations.end() ? at->second : SourceLocation{scenario.file, 0, 0},
        "segment_by", text.substr(0, cut),
        cut == std::string::npos ? std::string() : text.substr(cut + 1));
  }
}

}  // namespace

/// "point 3 (arm soft, model.beta = 0.2)": how messages name a point of a sweep.
std::string point_label(const Scenario& scenario, std::uint32_t p) {
  if (scenario.points.size() <= 1) return {};
  const std::string text = point_text(scenario, p);
  return "point " + std::to_string(p) + (text.empty() ? "" : " (" + text + ")");
}

FirstNetworks check_inputs(const Scenario& scenario, const ModelEntry& model,
                           const std::vector<std::uint32_t>& group) {
  FirstNetworks first_networks;
  for (std::uint32_t p = 0; p < scenario.points.size(); ++p) {
    const ScenarioPoint& point = scenario.points[p];
    const std::string label = point_label(scenario, p);
    const std::string where = label.empty() ? std::string() : "at " + label + ": ";
    std::shared_ptr<const Network> network;
    if (model.info.needs_network) {
      auto& slot = first_networks[group[p]];
      if (!slot)
        slot = std::make_shared<const Network>(build_scenario_network(scenario, 0, nullptr, p));
      network = slot;
      check_seeding(scenario, model, point, *network, where);
    } else if (point.seeding.mode != SeedingSpec::Mode::count) {
      throw ScenarioError(
          {scenario.file, 0, 0}, "seeding",
          where + "model " + model.info.name + " runs without a network: give seeding.count",
          "replace fraction/nodes with count: N");
    }
    if (network != nullptr && !scenario.segment_by.empty()) check_segments(scenario, *network);
    if (model.check != nullptr) check_model(scenario, model, point, network.get(), where);
  }
  return first_networks;
}

}  // namespace hearsay::run
