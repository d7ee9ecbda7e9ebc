// Replays the kept fuzz inputs (fuzz/regressions/) through the normal build's parser and reader.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "models/registry.hpp"
#include "oracles.hpp"
#include "temp_path.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path regressions = fs::path(HEARSAY_SOURCE_DIR) / "fuzz" / "regressions";

/// The regular files of `folder` but README.md, sorted.
std::vector<fs::path> files_in(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(folder))
    if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

/// The files kept for one target; `open/` holds known bugs not fixed yet and is skipped.
std::vector<fs::path> inputs(const std::string& target) {
  return files_in(regressions / target);
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

/// Each of `files` through `oracle(bytes, scratch folder)`: no exception, no finding.
template <class Oracle>
void replay(const std::vector<fs::path>& files, const std::string& scratch_name, Oracle oracle) {
  const hearsay::testing::TempPath scratch(scratch_name);
  fs::create_directories(scratch.str());
  for (const fs::path& path : files) {
    INFO(path.string());
    std::string problem;
    REQUIRE_NOTHROW(problem = oracle(read_bytes(path), scratch.str()));
    CHECK(problem == "");
  }
  fs::remove_all(scratch.str());
}

TEST_CASE("fuzz: kept scenario inputs end in success or a ScenarioError", "[fuzz]") {
  const hearsay::ModelRegistry& catalog = hearsay::model_registry();
  const std::string file = hearsay::fuzz::scenario_file(HEARSAY_SOURCE_DIR);
  const std::vector<fs::path> files = inputs("scenario");
  REQUIRE_FALSE(files.empty());
  replay(files, "_fuzz_scenario", [&](const std::string& bytes, const std::string&) {
    return hearsay::fuzz::run_scenario_input(bytes, catalog, file);
  });
}

TEST_CASE("fuzz: kept edge-list inputs read alike from memory, text and gzip, or fail cleanly",
          "[fuzz]") {
  const std::vector<fs::path> files = inputs("edge_list");
  REQUIRE_FALSE(files.empty());
  replay(files, "_fuzz_edge_list", hearsay::fuzz::run_edge_list_input);
}

TEST_CASE("fuzz: the edge-list seed corpus reads alike everywhere or fails cleanly", "[fuzz]") {
  // The seeds (networkx attribute dicts and node files among them) meet the oracles in every
  // build, not only under scripts/fuzz.
  const std::vector<fs::path> files =
      files_in(fs::path(HEARSAY_SOURCE_DIR) / "fuzz" / "corpus" / "edge_list");
  REQUIRE(files.size() >= 4);
  replay(files, "_fuzz_edge_list_corpus", hearsay::fuzz::run_edge_list_input);
}

TEST_CASE("fuzz: kept observed-data inputs read or fail with a DataFileError naming the file",
          "[fuzz]") {
  const std::vector<fs::path> files = inputs("observed");
  REQUIRE_FALSE(files.empty());
  replay(files, "_fuzz_observed", hearsay::fuzz::run_observed_input);
}
