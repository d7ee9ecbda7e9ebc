// The fuzz targets' folder for the files they write.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace hearsay::fuzz {

/// A folder of this process for the files a target writes (TMPDIR respected), removed at exit.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& target)
      : path_(std::filesystem::temp_directory_path() /
              ("hearsay_fuzz_" + target + "_" + std::to_string(::getpid()))) {
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

}  // namespace hearsay::fuzz
