// Reading observed time series from CSV, with errors that name the file, line and column.
#include "sim/calibrate/observed_data.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/files/input_file.hpp"

namespace hearsay::calibrate {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

/// The cells of one line and the 1-based column (character) each starts at.
std::vector<std::pair<std::string, std::size_t>> cells_of(const std::string& line) {
  std::vector<std::pair<std::string, std::size_t>> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::string raw =
        line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::size_t lead = raw.find_first_not_of(" \t");
    cells.emplace_back(trimmed(raw), start + 1 + (lead == std::string::npos ? 0 : lead));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

bool parse_cell(const std::string& text, double& value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

}  // namespace

ObservedData read_observed(const std::string& path, const std::vector<WantedColumn>& wanted) {
  auto error = [&](std::size_t line, std::size_t column, const std::string& problem,
                   const std::string& fix) {
    return DataFileError(line == 0
                             ? fmt::format("{}: {}; {}", path, problem, fix)
                             : fmt::format("{}:{}:{}: {}; {}", path, line, column, problem, fix));
  };
  std::vector<std::string> all_names;
  for (const WantedColumn& w : wanted)
    all_names.insert(all_names.end(), w.names.begin(), w.names.end());
  const std::string expected =
      fmt::format("a header 'time,{}'", fmt::join(all_names.begin(), all_names.end(), ","));

  const std::string text = read_input_file(path, max_observed_bytes);
  std::istringstream in(text);
  std::string line;
  std::size_t number = 0;
  ObservedData data;
  data.file = path;
  std::vector<int> slot;  // file column -> wanted index, -1 for time
  bool header = false;
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trimmed(line);
    if (t.empty() || t.front() == '#') continue;
    const auto cells = cells_of(line);
    if (!header) {
      header = true;
      std::vector<bool> seen(wanted.size(), false);
      bool time = false;
      for (const auto& [name, column] : cells) {
        if (name == "time") {
          if (time) throw error(number, column, "column 'time' appears twice", "keep one");
          time = true;
          slot.push_back(-1);
          continue;
        }
        int found = -1;
        for (std::size_t w = 0; w < wanted.size() && found < 0; ++w)
          if (std::find(wanted[w].names.begin(), wanted[w].names.end(), name) !=
              wanted[w].names.end())
            found = static_cast<int>(w);
        if (found < 0) {
          const std::string near =
              closest_match(name, all_names.data(), all_names.data() + all_names.size());
          throw error(number, column,
                      fmt::format("column '{}' is not a matched metric{}", name,
                                  near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near)),
                      fmt::format("name the columns after calibrate.match: {} (or remove the "
                                  "column)",
                                  expected));
        }
        if (seen[static_cast<std::size_t>(found)])
          throw error(number, column, fmt::format("column '{}' appears twice", name),
                      "keep one column per matched metric");
        seen[static_cast<std::size_t>(found)] = true;
        slot.push_back(found);
      }
      if (!time)
        throw error(number, 1, "the header has no 'time' column",
                    "start the file with " + expected + " (time in days since the start)");
      for (std::size_t w = 0; w < wanted.size(); ++w)
        if (!seen[w])
          throw error(number, 1,
                      fmt::format("no column for the matched metric '{}'", wanted[w].names[0]),
                      "add it: " + expected);
      data.values.assign(wanted.size(), {});
      for (const WantedColumn& w : wanted) data.columns.push_back(w.names.front());
      continue;
    }
    if (cells.size() != slot.size())
      throw error(
          number, cells.size() < slot.size() ? line.size() + 1 : cells[slot.size()].second,
          fmt::format("{} cells where the header has {} columns", cells.size(), slot.size()),
          "give one value per column, separated by commas");
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const auto& [cell, column] = cells[c];
      double value = std::nan("");
      const bool missing = cell.empty() && slot[c] >= 0;
      if (!missing && !parse_cell(cell, value))
        throw error(number, column,
                    fmt::format("'{}' in column {} is not a number", cell,
                                slot[c] < 0 ? std::string("time")
                                            : data.columns[static_cast<std::size_t>(slot[c])]),
                    slot[c] < 0 ? "write the time in days since the start, e.g. 30 or 12.5"
                                : "write a plain number (e.g. 120 or 1.5e3), or leave the cell "
                                  "empty for a missing value");
      if (slot[c] < 0) {
        if (value < 0)
          throw error(number, column, fmt::format("time {} is before the start", value),
                      "times are days since the start of the simulation: 0 or more");
        if (!data.times.empty() && !(value > data.times.back()))
          throw error(number, column,
                      fmt::format("time {} does not come after the previous row's {}", value,
                                  data.times.back()),
                      "sort the rows by time, each time once");
        data.times.push_back(value);
      } else {
        data.values[static_cast<std::size_t>(slot[c])].push_back(value);
      }
    }
  }
  if (!header)
    throw error(0, 0, "the file is empty", "write " + expected + " and one row per observation");
  if (data.times.empty())
    throw error(number, 1, "the file has a header but no rows of data",
                "add one row per observation: time, then each metric's value");
  return data;
}

}  // namespace hearsay::calibrate
