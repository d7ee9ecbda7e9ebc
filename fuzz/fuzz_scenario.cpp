// libFuzzer target: scenario text (and its '#set' lines as --set overrides) into parse_scenario.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "models/registry.hpp"
#include "oracles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > hearsay::fuzz::max_input_bytes) return -1;  // -1: not added to the corpus
  static const hearsay::ModelRegistry& catalog = hearsay::model_registry();
  static const std::string file = hearsay::fuzz::scenario_file(HEARSAY_SOURCE_DIR);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string problem;
  try {
    problem = hearsay::fuzz::run_scenario_input(bytes, catalog, file);
  } catch (const std::exception& e) {
    problem = std::string("an exception of type ") + typeid(e).name() +
              " escaped (only ScenarioError and RuntimeError may): " + e.what();
  }
  if (!problem.empty()) {
    std::fprintf(stderr, "\n==== hearsay fuzz finding (scenario): %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
