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

/// The files kept for one target, sorted; `open/` holds known bugs not fixed yet and is skipped.
std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(regressions / target))
    if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fuzz: kept scenario inputs end in success or a ScenarioError", "[fuzz]") {
  const hearsay::ModelRegistry& catalog = hearsay::model_registry();
  const std::string file = hearsay::fuzz::scenario_file(HEARSAY_SOURCE_DIR);
  const std::vector<fs::path> files = inputs("scenario");
  REQUIRE_FALSE(files.empty());
  for (const fs::path& path : files) {
    INFO(path.string());
    std::string problem;
    REQUIRE_NOTHROW(problem = hearsay::fuzz::run_scenario_input(read_bytes(path), catalog, file));
    CHECK(problem == "");
  }
}

TEST_CASE("fuzz: kept edge-list inputs read alike from memory, text and gzip, or fail cleanly",
          "[fuzz]") {
  const hearsay::testing::TempPath scratch("_fuzz_edge_list");
  fs::create_directories(scratch.str());
  const std::vector<fs::path> files = inputs("edge_list");
  REQUIRE_FALSE(files.empty());
  for (const fs::path& path : files) {
    INFO(path.string());
    std::string problem;
    REQUIRE_NOTHROW(problem = hearsay::fuzz::run_edge_list_input(read_bytes(path), scratch.str()));
    CHECK(problem == "");
  }
  fs::remove_all(scratch.str());
}

TEST_CASE("fuzz: the edge-list seed corpus reads alike everywhere or fails cleanly", "[fuzz]") {
  // The seeds (networkx attribute dicts among them) meet the oracles in every build, not only
  // under scripts/fuzz.
  const hearsay::testing::TempPath scratch("_fuzz_edge_list_corpus");
  fs::create_directories(scratch.str());
  std::vector<fs::path> files;
  for (const fs::directory_entry& e :
       fs::directory_iterator(fs::path(HEARSAY_SOURCE_DIR) / "fuzz" / "corpus" / "edge_list"))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 4);
  for (const fs::path& path : files) {
    INFO(path.string());
    std::string problem;
    REQUIRE_NOTHROW(problem = hearsay::fuzz::run_edge_list_input(read_bytes(path), scratch.str()));
    CHECK(problem == "");
  }
  fs::remove_all(scratch.str());
}

TEST_CASE("fuzz: kept observed-data inputs read or fail with a DataFileError naming the file",
          "[fuzz]") {
  const hearsay::testing::TempPath scratch("_fuzz_observed");
  fs::create_directories(scratch.str());
  const std::vector<fs::path> files = inputs("observed");
  REQUIRE_FALSE(files.empty());
  for (const fs::path& path : files) {
    INFO(path.string());
    std::string problem;
    REQUIRE_NOTHROW(problem = hearsay::fuzz::run_observed_input(read_bytes(path), scratch.str()));
    CHECK(problem == "");
  }
  fs::remove_all(scratch.str());
}
