// Network generators (each takes its random stream explicitly) and their parameter schemas.
#pragma once

#include <string>
#include <vector>

#include "sim/network.hpp"
#include "sim/params.hpp"
#include "sim/rng.hpp"

namespace hearsay {

/// A generator as scenarios name it (`network: {generator: NAME, ...}`).
struct GeneratorInfo {
  std::string name;
  std::string summary;    ///< one line
  std::string reference;  ///< the paper or textbook it follows
  std::vector<ParamSpec> params;
  bool random = true;     ///< false for deterministic ones (complete, ring) and edge lists
};

/// Every generator, in the order `hearsay describe` lists them. The scenario loader validates
/// `network:` against these schemas (plus the generic key `fixed`).
const std::vector<GeneratorInfo>& generator_catalog();
/// The entry for `name`, or null.
const GeneratorInfo* find_generator(const std::string& name);

/// Builds the network named by `generator` with validated `params`, drawing from `rng`.
/// Paths in params are already absolute. Throws RuntimeError for unreadable files and
/// ScenarioError-free std::invalid_argument for impossible combinations (e.g. k >= nodes).
Network generate_network(const std::string& generator, const ParamValues& params,
                         RandomStream& rng, BuildReport* report = nullptr);

/// Estimated bytes of the finished network (for `hearsay check` and refusing plans that won't fit).
std::uint64_t estimate_network_bytes(const std::string& generator, const ParamValues& params);

}  // namespace hearsay
