// Node files: a CSV header `node,<attribute>,...` and one row per node.
#include "sim/network/node_file.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "sim/core/error.hpp"
#include "sim/files/input_file.hpp"

namespace hearsay {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> cells(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    out.push_back(trimmed(line.substr(start, comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::string shown(std::string_view text) {
  std::string out(text.substr(0, 60));
  if (text.size() > 60) out += "...";
  return out;
}

}  // namespace

std::vector<NodeAttribute> read_node_file_text(const std::string& text, const std::string& name,
                                               const std::vector<std::uint64_t>& original_ids) {
  std::unordered_map<std::uint64_t, NodeId> dense;
  dense.reserve(original_ids.size());
  for (std::size_t i = 0; i < original_ids.size(); ++i)
    dense.emplace(original_ids[i], static_cast<NodeId>(i));
  std::vector<NodeAttribute> attributes;
  std::vector<std::unordered_map<std::string, std::uint32_t>> level_index;
  std::vector<char> listed(original_ids.size(), 0);
  std::uint64_t line_number = 0;
  auto fail = [&](std::size_t column, const std::string& problem) -> void {
    throw DataFileError(name + ":" + std::to_string(line_number) +
                        (column > 0 ? ": column " + std::to_string(column) : std::string()) + ": " +
                        problem);
  };
  std::size_t start = 0;
  bool header = false;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = trimmed(std::string_view(text).substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> row = cells(line);
    if (!header) {
      header = true;
      if (row.front() != "node")
        fail(1, "the header must start with 'node', found '" + shown(row.front()) +
                    "' (write 'node,segment' and then one row per node)");
      if (row.size() < 2)
        fail(0, "the header names no attribute after 'node' (e.g. 'node,segment')");
      for (std::size_t c = 1; c < row.size(); ++c) {
        if (row[c].empty()) fail(c + 1, "an attribute in the header has no name");
        for (std::size_t k = 0; k < attributes.size(); ++k)
          if (attributes[k].name == row[c])
            fail(c + 1, "attribute '" + std::string(row[c]) + "' is named twice in the header");
        if (row[c].find('"') != std::string_view::npos)
          fail(c + 1, "quotes are not read: write names and values without quotes or commas");
        attributes.push_back(
            {std::string(row[c]),
             {},
             std::vector<std::uint32_t>(original_ids.size(), NodeAttribute::missing)});
        level_index.emplace_back();
      }
      continue;
    }
    if (row.size() != attributes.size() + 1)
      fail(0, "has " + std::to_string(row.size()) + " columns; the header has " +
                  std::to_string(attributes.size() + 1));
    std::uint64_t id = 0;
    const auto [end_id, error] = std::from_chars(row[0].data(), row[0].data() + row[0].size(), id);
    if (error != std::errc() || end_id != row[0].data() + row[0].size() || row[0].empty())
      fail(1, "'" + shown(row[0]) +
                  "' is not a node id (a non-negative whole number, as in the "
                  "edge list)");
    const auto found = dense.find(id);
    if (found == dense.end()) fail(1, "node " + std::to_string(id) + " is not in the edge list");
    if (listed[found->second]) fail(1, "node " + std::to_string(id) + " is listed twice");
    listed[found->second] = 1;
    for (std::size_t c = 1; c < row.size(); ++c) {
      if (row[c].empty()) continue;  // missing
      if (row[c].find('"') != std::string_view::npos)
        fail(c + 1, "quotes are not read: write values without quotes or commas");
      NodeAttribute& attribute = attributes[c - 1];
      const auto [level, added] = level_index[c - 1].emplace(
          std::string(row[c]), static_cast<std::uint32_t>(attribute.levels.size()));
      if (added) attribute.levels.emplace_back(row[c]);
      attribute.codes[found->second] = level->second;
    }
  }
  if (!header)
    throw DataFileError(name +
                        ": the node file is empty (write a header 'node,segment', then "
                        "one row per node)");
  return attributes;
}

std::vector<NodeAttribute> read_node_file(const std::string& path,
                                          const std::vector<std::uint64_t>& original_ids) {
  if (const std::string problem = input_file_problem(path, max_node_file_bytes); !problem.empty())
    throw DataFileError("node file '" + path + "' " + problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataFileError("node file '" + path + "' cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return read_node_file_text(text.str(), path, original_ids);
}

}  // namespace hearsay
