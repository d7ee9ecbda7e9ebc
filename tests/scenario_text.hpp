// Shared by the scenario tests (scenario_*_test.cpp): the texts they edit line by line, the
// editing helpers, whole-scenario comparisons, and the rows of the user-error table.
#pragma once

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "scenario_support.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay::testing {

// A model with brands; line numbers below refer to this text.
inline const std::string shop_text = R"(seed: 1
time: {end: 60d}
model: {name: shop}
brands:
  - name: PitchCo
    style: hard_sell
    answer_prob: 0.3
    campaign:
      - {start: 0d, end: 7d, pitches_per_day: 10}
      - {start: 30d, end: 37d, pitches_per_day: 8}
  - name: PeopleCo
    style: soft_sell
output: {cascades: true}
)";

// Line numbers below refer to this text; error cases edit single lines of it.
inline const std::string base_text = R"(name: base
description: A toy run.
seed: 42
replications: 3
time:
  end: 30d
  sample_every: 12h
network:
  generator: erdos_renyi
  nodes: 100
  mean_degree: 4
model:
  name: toy
  rate: 0.5
  beta: 0.25
seeding:
  count: 5
  strategy: top_degree
output:
  path: results/base.h5
)";

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string text_of(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

/// base_text with 1-based line `n` replaced (an empty replacement removes the line).
inline std::string replace_line(int n, const std::string& replacement,
                                const std::string& text = base_text) {
  auto lines = lines_of(text);
  if (replacement.empty())
    lines.erase(lines.begin() + (n - 1));
  else
    lines[static_cast<std::size_t>(n - 1)] = replacement;
  return text_of(lines);
}

/// shop_text with consumer segments: lines 13-15 are the segments, 16 the output.
inline std::string segmented_shop_text() {
  return replace_line(13,
                      "segments:\n"
                      "  - {name: young, share: 0.25, trust: 0.8, patience: 12h}\n"
                      "  - {name: rest, share: 0.75}\n"
                      "output: {cascades: true}",
                      shop_text);
}

inline std::string insert_after(int n, const std::string& line,
                                const std::string& text = base_text) {
  auto lines = lines_of(text);
  lines.insert(lines.begin() + n, line);
  return text_of(lines);
}

inline Scenario parse_text(const std::string& text, const std::vector<std::string>& overrides = {},
                           const std::string& file = "/scenarios/base.yaml") {
  return parse_scenario(text, file, overrides, stand_in_catalog());
}

inline void require_same(const Scenario& a, const Scenario& b) {
  CHECK(a.name == b.name);
  CHECK(a.description == b.description);
  CHECK(a.seed == b.seed);
  CHECK(a.replications == b.replications);
  CHECK(a.time.end == b.time.end);
  CHECK(a.time.sample_every == b.time.sample_every);
  require_same_setup(a, b);
  CHECK(a.output_path == b.output_path);
  CHECK(a.output_cascades == b.output_cascades);
  CHECK(a.resolved_yaml == b.resolved_yaml);
}

inline void require_round_trip(const Scenario& s) {
  INFO(s.resolved_yaml);
  const Scenario again = parse_text(s.resolved_yaml, {}, "/elsewhere/resolved.yaml");
  require_same(s, again);
}

/// One user error: a scenario (and overrides) and where and how the message must name it.
struct ErrorCase {
  const char* what;
  std::string text;
  std::vector<std::string> overrides;
  int line;                          ///< 0: no line (override, empty file)
  std::string key;                   ///< the dotted key path, or empty
  std::vector<std::string> phrases;  ///< must all appear in the message
  std::string file = "bad.yaml";
};

/// The user errors in brands, segments, and sweeps and arms (scenario_errors_test.cpp runs them
/// all).
std::vector<ErrorCase> brand_error_cases();
std::vector<ErrorCase> segment_error_cases();
std::vector<ErrorCase> plan_error_cases();

}  // namespace hearsay::testing
