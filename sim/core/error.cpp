// Formatting of user-facing errors.
#include "sim/core/error.hpp"

#include <algorithm>
#include <vector>

namespace hearsay {
namespace {

std::string format_error(const SourceLocation& where, const std::string& key,
                         const std::string& problem, const std::string& fix) {
  std::string text;
  if (!where.file.empty()) {
    text += where.file;
    if (where.line > 0) {
      // Separate appends: GCC 12 at -O3 warns falsely (-Wrestrict) on `":" + std::to_string(x)`.
      text += ':';
      text += std::to_string(where.line);
      if (where.column > 0) {
        text += ':';
        text += std::to_string(where.column);
      }
    }
    text += ": ";
  }
  text += "error: ";
  if (!key.empty()) {
    text += '\'';
    text += key;
    text += "': ";
  }
  text += problem;
  if (!fix.empty()) {
    text += "\n  fix: ";
    text += fix;
  }
  return text;
}

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

ScenarioError::ScenarioError(SourceLocation where, std::string key, std::string problem,
                             std::string fix)
    : std::runtime_error(format_error(where, key, problem, fix)),
      where_(std::move(where)),
      key_(std::move(key)),
      problem_(std::move(problem)),
      fix_(std::move(fix)) {}

std::string closest_match(const std::string& word, const std::string* begin,
                          const std::string* end) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string* it = begin; it != end; ++it) {
    const std::size_t d = edit_distance(word, *it);
    if (d < best_distance) {
      best_distance = d;
      best = *it;
    }
  }
  return best;
}

}  // namespace hearsay
