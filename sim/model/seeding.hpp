// Choice of the initially active agents, shared by every model.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/network/network.hpp"

namespace hearsay {

/// `seeding:` in a scenario: how many agents start active and how they are picked.
struct SeedingSpec {
  enum class Mode { count, fraction, nodes };
  enum class Strategy { random, top_degree };
  Mode mode = Mode::count;
  std::uint64_t count = 1;
  double fraction = 0;
  std::vector<NodeId> nodes;
  Strategy strategy = Strategy::random;
};

/// Number of seeds the spec asks for in a population of `population` agents.
std::uint64_t seed_count(const SeedingSpec& spec, std::uint64_t population);

/// Picks the seeds: given ids; `random` (uniform without replacement, from `rng`); or
/// `top_degree` (highest degree first, ties broken by lower id). Returned in pick order.
/// `network` may be null (then `population` agents without ties, and top_degree is refused).
std::vector<NodeId> choose_seeds(const SeedingSpec& spec, const Network* network,
                                 std::uint64_t population, RandomStream& rng);

}  // namespace hearsay
