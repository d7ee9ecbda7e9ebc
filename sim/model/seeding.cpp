// Seed selection: given ids, uniform random without replacement, or highest degree.
#include "sim/model/seeding.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

namespace hearsay {

std::uint64_t seed_count(const SeedingSpec& spec, std::uint64_t population) {
  switch (spec.mode) {
    case SeedingSpec::Mode::count:
      return spec.count;
    case SeedingSpec::Mode::fraction:
      return static_cast<std::uint64_t>(
          std::llround(spec.fraction * static_cast<double>(population)));
    case SeedingSpec::Mode::nodes:
      return spec.nodes.size();
  }
  return 0;
}

std::vector<NodeId> choose_seeds(const SeedingSpec& spec, const Network* network,
                                 std::uint64_t population, RandomStream& rng) {
  const std::uint64_t n = seed_count(spec, population);
  if (n > population)
    throw std::invalid_argument("seeding asks for " + std::to_string(n) +
                                " seeds but there are only " + std::to_string(population) +
                                " agents");
  if (spec.mode == SeedingSpec::Mode::nodes) {
    for (NodeId v : spec.nodes)
      if (v >= population)
        throw std::invalid_argument("seed node " + std::to_string(v) +
                                    " does not exist (agents are 0.." +
                                    std::to_string(population - 1) + ")");
    return spec.nodes;
  }
  std::vector<NodeId> seeds;
  seeds.reserve(n);
  if (spec.strategy == SeedingSpec::Strategy::top_degree) {
    if (network == nullptr) throw std::invalid_argument("top_degree seeding needs a network");
    std::vector<NodeId> order(population);
    std::iota(order.begin(), order.end(), NodeId{0});
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      [&](NodeId a, NodeId b) {
                        const auto da = network->degree(a), db = network->degree(b);
                        return da > db || (da == db && a < b);
                      });
    seeds.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n));
    return seeds;
  }
  if (2 * n <= population) {
    // Sparse draw: rejection of repeats is cheap when few are wanted.
    std::unordered_set<NodeId> taken;
    while (seeds.size() < n) {
      const auto v = static_cast<NodeId>(rng.below(population));
      if (taken.insert(v).second) seeds.push_back(v);
    }
    return seeds;
  }
  // Dense draw: partial Fisher-Yates shuffle.
  std::vector<NodeId> all(population);
  std::iota(all.begin(), all.end(), NodeId{0});
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t j = i + rng.below(population - i);
    std::swap(all[i], all[j]);
  }
  seeds.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
  return seeds;
}

}  // namespace hearsay
