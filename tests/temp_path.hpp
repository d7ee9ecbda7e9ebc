// A unique file path in the temp folder, removed when the test ends.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace hearsay::testing {

class TempPath {
 public:
  explicit TempPath(const std::string& suffix = ".h5") {
    static std::atomic<int> counter{0};
    path_ =
        (std::filesystem::temp_directory_path() /
         ("hearsay_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + suffix))
            .string();
    std::filesystem::remove(path_);
  }
  ~TempPath() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hearsay::testing
