// Scenario files: YAML in, a validated immutable description of what to run out.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/params.hpp"
#include "sim/design/plan.hpp"
#include "sim/model/model_api.hpp"
#include "sim/model/seeding.hpp"
#include "sim/network/generators.hpp"

namespace hearsay {

struct TimeSpec {
  Time end = 0;           ///< horizon, days (> 0)
  Time sample_every = 0;  ///< sampling step, days (> 0, <= end)
};

struct NetworkSpec {
  std::string generator;  ///< a name from generator_registry()
  ParamValues params;     ///< validated; paths absolute
  bool fixed = false;     ///< one network for every replication (always true for edge_list)
};

struct ModelSpec {
  std::string name;
  ParamValues params;  ///< validated, defaults filled in
};

/// One swept key's value at a point, as the scenario wrote it.
struct SweptValue {
  std::string text;  ///< the value as YAML flow text, e.g. "0.2", "soft_sell", "[1, 2]"
  double number = std::numeric_limits<double>::quiet_NaN();  ///< the value if a plain number
};

/// One point of a scenario's plan: which arm and swept values, and the parts of the scenario
/// they can change. Everything else (time, replications, seed, output, model name, brand
/// names) is the same at every point.
struct ScenarioPoint {
  std::string arm;              ///< arm name; empty when the scenario has no `arms:`
  std::uint32_t arm_index = 0;  ///< index into Scenario::arms (0 without arms)
  std::uint32_t sweep_index =
      0;  ///< index of the swept combination (or design row), the same in every arm
  /// The index each run's seed derives from: sweep_index, except in a design with common random
  /// numbers, where every row uses 0 (so replication r of every row has the same seed).
  std::uint32_t seed_index = 0;
  std::vector<SweptValue> values;  ///< one per Scenario::swept_keys, in that order
  bool has_network = false;
  NetworkSpec network;
  ModelSpec model;
  SeedingSpec seeding;
  std::vector<BrandSpec> brands;
};

struct Scenario {
  std::string file;  ///< the scenario path as given
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
  /// `segments:`; only for models that declare segment_params. The same at every point.
  std::vector<SegmentSpec> segments;
  /// `segment_by:` the node attribute naming each consumer's segment; empty: by shares.
  std::string segment_by;
  bool output_cascades = false;  ///< `output.cascades: true`
  std::string
      output_path;  ///< from output.path, resolved against the scenario folder; may be empty
  std::string resolved_yaml;  ///< the whole scenario after overrides and defaults, as YAML
  /// Where each parameter was written (key path as errors name it, e.g. "model.beta",
  /// "brands[0].seed_count"), for problems found after loading (a model's checks against the
  /// network it runs on). Keys given by --set or left at their defaults are absent.
  std::map<std::string, SourceLocation> locations;

  // Sweeps and arms. The fields above describe the scenario with no arm or sweep value applied.
  std::vector<std::string> arms;        ///< `arms:` names in file order; empty = no arms
  std::vector<std::string> swept_keys;  ///< dotted keys of `sweep:` (zip keys included), in order
  /// Every point, always at least one: arms outermost (file order), then the sweep's factors in
  /// file order with the last varying fastest. Without sweep and arms, the one point is the
  /// scenario itself.
  std::vector<ScenarioPoint> points;
  std::uint32_t sweep_size = 1;  ///< swept combinations (points = arms x sweep_size)
  /// `uncertain:` and `design:`: the design's rows are the sweep's combinations (sweep_size =
  /// rows), its keys the swept keys.
  std::optional<design::DesignRecord> design;
};

/// "arm soft, model.beta = 0.2": point `p`'s arm and swept values, as messages and tables name it.
std::string point_text(const Scenario& scenario, std::size_t p);

/// Parses a duration: a plain number is days; a string "<number><unit>" with unit s, min, h, d,
/// w, mo (month = 365/12 d) or y (365 d). Returns false if the text is not a duration, including
/// "6m", which could be minutes or months (the loader says so).
bool parse_duration(const std::string& text, double& days);

/// What a scenario read from standard input (`hearsay check -`) is called in messages; its
/// relative paths resolve against the working folder.
inline constexpr const char* stdin_name = "<stdin>";

/// Whether a scenario's `file` names text held in memory rather than a file: a name in angle
/// brackets, such as stdin_name or the Python module's "<scenario>". Such a scenario is named
/// after the word inside by default, is no input file, and resolves relative paths against the
/// working folder.
inline bool is_in_memory_name(const std::string& file) {
  return file.size() > 2 && file.front() == '<' && file.back() == '>';
}

/// Loads (`path` "-": from standard input), applies `--set KEY=VALUE` overrides (dotted keys;
/// VALUE parsed as YAML), and validates. Throws ScenarioError (file:line:column, key path, what
/// is allowed, how to fix) on any problem, including a scenario file that is not a regular file
/// (a device, a FIFO) or is larger than max_scenario_bytes.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const ModelRegistry& models,
                       const GeneratorRegistry& generators = generator_registry());

/// The files a scenario reads: the scenario file itself (unless it came from standard input)
/// and every file a parameter names (edge lists, degree files), at every point. A command never
/// writes over any of them.
std::vector<std::string> scenario_inputs(const Scenario& scenario);

/// Parses text in memory as load_scenario does a file; `file` is the name used in messages and
/// the folder for relative paths.
Scenario parse_scenario(const std::string& text, const std::string& file,
                        const std::vector<std::string>& overrides, const ModelRegistry& models,
                        const GeneratorRegistry& generators = generator_registry());

}  // namespace hearsay
