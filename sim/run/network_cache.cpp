// The networks of a plan: which points share one, building each once and freeing it after use.
#include <mutex>

#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"
#include "sim/run/steps.hpp"

namespace hearsay {
namespace {

constexpr std::uint64_t network_tag = 0x6e6574776f726bULL;  // "network"

bool same_network(const ScenarioPoint& a, const ScenarioPoint& b) {
  return a.has_network == b.has_network && a.network.generator == b.network.generator &&
         a.network.fixed == b.network.fixed && a.network.params.all() == b.network.params.all();
}

}  // namespace

std::uint64_t network_seed(std::uint64_t master, std::uint32_t replication) {
  return derive_seed(master, network_tag, replication);
}

Network build_scenario_network(const Scenario& scenario, std::uint32_t replication,
                               BuildReport* report, std::uint32_t point) {
  const NetworkSpec& spec =
      point < scenario.points.size() ? scenario.points[point].network : scenario.network;
  const std::uint32_t r = spec.fixed ? 0 : replication;
  RandomStream rng(network_seed(scenario.seed, r), StreamPurpose::network);
  try {
    return generate_network(spec.generator, spec.params, rng, report);
  } catch (const GeneratorError& e) {
    // What only the data shows (a degree file's degrees): the loader checked everything else.
    throw ScenarioError({scenario.file, 0, 0}, "network." + e.key(), e.problem(), e.fix());
  }
}

namespace run {

std::vector<std::uint32_t> network_groups(const Scenario& scenario) {
  const auto points = static_cast<std::uint32_t>(scenario.points.size());
  std::vector<std::uint32_t> group(points);
  for (std::uint32_t p = 0; p < points; ++p) {
    group[p] = p;
    for (std::uint32_t q = 0; q < p; ++q)
      if (group[q] == q && same_network(scenario.points[q], scenario.points[p])) {
        group[p] = q;
        break;
      }
  }
  return group;
}

NetworkCache::NetworkCache(const std::map<Key, std::uint64_t>& users) {
  for (const auto& [key, n] : users) slots_[key].users = n;
}

void NetworkCache::put(Key key, std::shared_ptr<const Network> network) {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(key);
  if (it != slots_.end() && it->second.users > 0) it->second.network = std::move(network);
}

std::shared_ptr<const Network> NetworkCache::acquire(Key key,
                                                     const std::function<Network()>& build) {
  Slot* slot = nullptr;
  {
    std::lock_guard lock(mutex_);
    slot = &slots_.at(key);
  }
  std::lock_guard build_lock(slot->build_mutex);
  if (!slot->network) slot->network = std::make_shared<const Network>(build());
  return slot->network;
}

void NetworkCache::release(Key key) {
  std::lock_guard lock(mutex_);
  Slot& slot = slots_.at(key);
  if (slot.users > 0 && --slot.users == 0) {
    std::lock_guard build_lock(slot.build_mutex);
    slot.network.reset();
  }
}

}  // namespace run
}  // namespace hearsay
