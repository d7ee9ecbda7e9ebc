// What a network generator declares and how it is called: the generator entry, like the model's.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/core/registry.hpp"
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

/// A generator's parameter values as it reads them: the scenario's value, else the schema
/// default, checked against the declared range (generators are also called without the scenario
/// loader's validation). Every problem is a GeneratorError naming the parameter.
class GeneratorParams {
 public:
  GeneratorParams(const GeneratorInfo& info, const ParamValues& values)
      : info_(info), values_(values) {}

  bool has(const std::string& name) const { return values_.has(name); }
  double real(const std::string& name) const;
  /// A whole number >= 0.
  std::uint64_t count(const std::string& name) const;
  NodeId nodes() const { return static_cast<NodeId>(count("nodes")); }
  /// count(name), refused unless it is below `nodes`: the fix calls it `named` ("m", "a
  /// degree"), and `why` ends the problem (e.g. " (the seed clique has m + 1 agents)").
  std::uint64_t count_below_nodes(const std::string& name, NodeId nodes, const std::string& named,
                                  const std::string& why = "") const;
  bool flag(const std::string& name) const { return real(name) != 0; }
  const std::string& text(const std::string& name) const;
  /// A list of whole numbers, each in the declared range.
  std::vector<std::uint64_t> counts(const std::string& name) const;

  [[noreturn]] void fail(const std::string& key, const std::string& why,
                         const std::string& fix) const {
    throw GeneratorError(info_.name, key, why, fix);
  }

 private:
  const ParamSpec& spec_of(const std::string& name) const;
  void check_range(const ParamSpec& spec, double x) const;

  const GeneratorInfo& info_;
  const ParamValues& values_;
};

/// What a network will hold, known before it is built (for memory estimates).
struct NetworkShape {
  double nodes = 0;
  double edges = 0;  ///< expected undirected edges (arcs when directed)
  bool directed = false;
  bool ties_and_weights = false;
  bool communities = false;
};

/// A generator as the registry knows it. `build` draws from the stream it is given and fills
/// `report` (may be null) with what building dropped; `shape` checks the parameters as `build`
/// would and, with `estimate`, also works out the expected size (reading a degree file, say).
struct GeneratorEntry {
  GeneratorInfo info;
  Network (*build)(const GeneratorParams&, RandomStream&, BuildReport*) = nullptr;
  NetworkShape (*shape)(const GeneratorParams&, bool estimate) = nullptr;
};

using GeneratorRegistry = Registry<GeneratorEntry>;

}  // namespace hearsay
