// Node files: per-node attributes of a network read from an edge list (e.g. a consumer segment).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/network/network.hpp"

namespace hearsay {

/// Largest node file (bytes).
inline constexpr std::uint64_t max_node_file_bytes = std::uint64_t{64} << 30;

/// Reads the node file at `path` for a network whose dense id i was `original_ids[i]` in its
/// edge list: comma-separated text, a header `node,<attribute>,...` (at least one attribute),
/// then one row per node: its id as in the edge list, and a value per attribute (text without
/// commas or quotes; surrounding spaces are dropped; empty = missing). '#' starts a comment line.
/// Nodes the file does not list have every attribute missing. Throws DataFileError naming the
/// file, line and column for a malformed file, an id not in the edge list, or an id listed twice.
std::vector<NodeAttribute> read_node_file(const std::string& path,
                                          const std::vector<std::uint64_t>& original_ids);

/// The same for text held in memory (`name` stands for the file in messages).
std::vector<NodeAttribute> read_node_file_text(const std::string& text, const std::string& name,
                                               const std::vector<std::uint64_t>& original_ids);

}  // namespace hearsay
