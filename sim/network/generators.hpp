// Network generators (each takes its random stream explicitly) and their parameter schemas.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/network.hpp"

namespace hearsay {

/// A generator as scenarios name it (`network: {generator: NAME, ...}`).
struct GeneratorInfo {
  std::string name;
  std::string summary;    ///< one line
  std::string reference;  ///< the paper or textbook it follows
  std::vector<ParamSpec> params;
  bool random = true;  ///< false for deterministic ones (complete, ring) and edge lists
};

/// Every generator, in the order `hearsay describe` lists them. The scenario loader validates
/// `network:` against these schemas (plus the generic key `fixed`).
const std::vector<GeneratorInfo>& generator_catalog();
/// The entry for `name`, or null.
const GeneratorInfo* find_generator(const std::string& name);

/// Parameters of a generator that cannot make a network (k >= nodes, mean_degree > nodes - 1...):
/// names the parameter, what is wrong and how to fix it, so the scenario loader can point at the
/// key's line.
class GeneratorError : public std::invalid_argument {
 public:
  GeneratorError(const std::string& generator, std::string key, std::string problem,
                 std::string fix);
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }
  const std::string& fix() const { return fix_; }

 private:
  std::string key_;
  std::string problem_;
  std::string fix_;
};

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
