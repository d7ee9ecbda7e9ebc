// Scenario files: YAML in, a validated immutable description of what to run out.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/model_api.hpp"
#include "sim/params.hpp"
#include "sim/seeding.hpp"

namespace hearsay {

/// The models a scenario may name: supplied by the registry (sim/ never knows the models).
struct ModelCatalog {
  std::function<const ModelInfo*(const std::string&)> find;
  std::vector<std::string> names;
};

struct TimeSpec {
  Time end = 0;           ///< horizon, days (> 0)
  Time sample_every = 0;  ///< sampling step, days (> 0, <= end)
};

struct NetworkSpec {
  std::string generator;  ///< a name from generator_catalog()
  ParamValues params;     ///< validated; paths absolute
  bool fixed = false;     ///< one network for every replication (always true for edge_list)
};

struct ModelSpec {
  std::string name;
  ParamValues params;  ///< validated, defaults filled in
};

struct Scenario {
  std::string file;         ///< the scenario path as given
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  std::uint32_t replications = 1;
  TimeSpec time;
  bool has_network = false;  ///< false only for models that need none
  NetworkSpec network;
  ModelSpec model;
  SeedingSpec seeding;
  std::vector<BrandSpec> brands;  ///< `brands:`; only for models that declare brand_params
  bool output_cascades = false;   ///< `output.cascades: true`
  std::string output_path;    ///< from output.path, resolved against the scenario folder; may be empty
  std::string resolved_yaml;  ///< the whole scenario after overrides and defaults, as YAML
};

/// Parses a duration: a plain number is days; a string "<number><unit>" with unit s, m, h, d, w, y
/// (y = 365 d). Returns false if the text is not a duration.
bool parse_duration(const std::string& text, double& days);

/// Loads, applies `--set KEY=VALUE` overrides (dotted keys; VALUE parsed as YAML), and validates.
/// Throws ScenarioError (file:line:column, key path, what is allowed, how to fix) on any problem.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const ModelCatalog& models);

/// Same, from text in memory; `file` is the name used in messages and the folder for relative paths.
Scenario parse_scenario(const std::string& text, const std::string& file,
                        const std::vector<std::string>& overrides, const ModelCatalog& models);

}  // namespace hearsay
