// The network generators: the list scenarios choose from, and building or sizing a network.
#pragma once

#include <cstdint>
#include <string>

#include "sim/network/generator.hpp"
#include "sim/network/network.hpp"

namespace hearsay {

/// Every generator, in the order `hearsay describe` lists them. The scenario loader validates
/// `network:` against their schemas (plus the generic key `fixed`).
const GeneratorRegistry& generator_registry();

/// Checks `params` as generate_network would, without building anything or reading files (a
/// degree file's content is checked when it is read). Throws GeneratorError.
void check_network_params(const std::string& generator, const ParamValues& params);

/// Builds the network named by `generator` with validated `params`, drawing from `rng`.
/// Paths in params are already absolute. Throws GeneratorError for impossible combinations
/// (e.g. k >= nodes), DataFileError for a bad data file, RuntimeError for an unreadable one.
Network generate_network(const std::string& generator, const ParamValues& params, RandomStream& rng,
                         BuildReport* report = nullptr);

/// Estimated bytes of the finished network (for `hearsay check` and refusing plans that won't
/// fit). Checks the parameters like generate_network (GeneratorError), reading a degree file.
std::uint64_t estimate_network_bytes(const std::string& generator, const ParamValues& params);

}  // namespace hearsay
