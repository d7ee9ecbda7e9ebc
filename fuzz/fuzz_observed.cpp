// libFuzzer target: the observed-data reader of `hearsay calibrate` (CSV from a file).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <typeinfo>

#include "oracles.hpp"

namespace {

/// A folder of this process for the files the target writes (TMPDIR respected), removed at exit.
class ScratchDir {
 public:
  ScratchDir()
      : path_(std::filesystem::temp_directory_path() /
              ("hearsay_fuzz_observed_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > hearsay::fuzz::max_input_bytes) return -1;  // -1: not added to the corpus
  static const ScratchDir scratch;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string problem;
  try {
    problem = hearsay::fuzz::run_observed_input(bytes, scratch.path().string());
  } catch (const std::exception& e) {
    problem = std::string("an exception of type ") + typeid(e).name() +
              " escaped (only DataFileError may): " + e.what();
  }
  if (!problem.empty()) {
    std::fprintf(stderr, "\n==== hearsay fuzz finding (observed): %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
