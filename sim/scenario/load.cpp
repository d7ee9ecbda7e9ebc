// Loading a scenario: from a file, standard input or text, with overrides; durations; inputs;
// how a point is named.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "sim/files/input_file.hpp"
#include "sim/scenario/reader.hpp"

namespace hearsay {

using scenarios::is_path_param;
using scenarios::parse_number;
using scenarios::ScenarioReader;
using scenarios::trim;

bool parse_duration(const std::string& text, double& days) {
  const std::string_view s = trim(text);
  std::size_t split = s.size();
  while (split > 0 && std::isalpha(static_cast<unsigned char>(s[split - 1]))) --split;
  const std::string_view unit = s.substr(split);
  double value = 0;
  if (!parse_number(trim(s.substr(0, split)), value)) return false;
  // Divide rather than multiply by 1/24 etc., so "36h" is exactly 1.5 days.
  if (unit.empty() || unit == "d")
    days = value;
  else if (unit == "s")
    days = value / 86400.0;
  else if (unit == "min")
    days = value / 1440.0;
  else if (unit == "mo")
    days = value * 365.0 / 12.0;
  else if (unit == "h")
    days = value / 24.0;
  else if (unit == "w")
    days = value * 7.0;
  else if (unit == "y")
    days = value * 365.0;
  else
    return false;
  return std::isfinite(days);
}

Scenario parse_scenario(const std::string& text, const std::string& file,
                        const std::vector<std::string>& overrides, const ModelRegistry& models,
                        const GeneratorRegistry& generators) {
  ScenarioReader reader(file, models, generators);
  YAML::Node root = reader.parse(text);
  if (!overrides.empty() && root.IsNull()) root.reset(YAML::Node(YAML::NodeType::Map));
  if (root.IsMap())
    for (const std::string& o : overrides) reader.apply_override(root, o);
  return reader.read_all(root, overrides);
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const ModelRegistry& models, const GeneratorRegistry& generators) {
  if (path == "-") {
    std::string text;
    try {
      text = read_input_file(path, max_scenario_bytes);
    } catch (const DataFileError& e) {
      throw ScenarioError({stdin_name, 0, 0}, "", e.what(),
                          "give a scenario of at most " + byte_size_text(max_scenario_bytes));
    }
    return parse_scenario(text, stdin_name, overrides, models, generators);
  }
  // A device or FIFO is refused before it is opened: reading /dev/zero would never end.
  if (const std::string problem = input_file_problem(path, max_scenario_bytes); !problem.empty())
    throw ScenarioError({path, 0, 0}, "", "the scenario file " + problem,
                        problem == "does not exist"
                            ? "check the path"
                            : "give the path of a scenario file (.yaml) of at most " +
                                  byte_size_text(max_scenario_bytes) +
                                  ", or - to read it from standard input");
  std::string text;
  try {
    text = read_input_file(path, max_scenario_bytes);
  } catch (const DataFileError& e) {
    throw ScenarioError({path, 0, 0}, "", e.what(), "check the file and its permissions");
  }
  return parse_scenario(text, path, overrides, models, generators);
}

std::string point_text(const Scenario& scenario, std::size_t p) {
  const ScenarioPoint& point = scenario.points[p];
  std::vector<std::string> parts;
  if (!point.arm.empty()) parts.push_back("arm " + point.arm);
  for (std::size_t k = 0; k < scenario.swept_keys.size() && k < point.values.size(); ++k)
    parts.push_back(fmt::format("{} = {}", scenario.swept_keys[k], point.values[k].text));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<std::string> scenario_inputs(const Scenario& scenario) {
  std::vector<std::string> files;
  if (!is_in_memory_name(scenario.file)) files.push_back(scenario.file);
  auto add = [&files](const ParamValues& values) {
    for (const auto& [name, value] : values.all())
      if (is_path_param(name) && std::holds_alternative<std::string>(value) &&
          std::find(files.begin(), files.end(), std::get<std::string>(value)) == files.end())
        files.push_back(std::get<std::string>(value));
  };
  for (const ScenarioPoint& point : scenario.points) {
    add(point.network.params);
    add(point.model.params);
  }
  return files;
}

}  // namespace hearsay
