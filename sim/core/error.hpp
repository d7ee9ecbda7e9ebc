// Errors a user can fix (ScenarioError) and their formatting.
#pragma once

#include <stdexcept>
#include <string>

namespace hearsay {

/// Where a value came from in a user's file (1-based line and column; 0 when unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Bad user input: names the file, line, column and key path, says what is wrong and how to fix it.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string key, std::string problem, std::string fix = {});

  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }
  const std::string& fix() const { return fix_; }

 private:
  SourceLocation where_;
  std::string key_;
  std::string problem_;
  std::string fix_;
};

/// Failure of the environment (file I/O, HDF5, memory), not of the user's input.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad content or kind of a user's data file (an edge list, a degree file, an input that is a
/// device): a RuntimeError for callers that treat all I/O alike, and bad input for the command
/// line (exit 2). The message names the file and, where there is one, the line.
class DataFileError : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

/// Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// "did you mean" helper: the closest candidate by edit distance, or empty if none is close.
std::string closest_match(const std::string& word, const std::string* begin,
                          const std::string* end);

}  // namespace hearsay
