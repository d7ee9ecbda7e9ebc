// Reading whitespace edge lists (SNAP style, optional gzip) into a network.
#pragma once

#include <string>

#include "sim/network.hpp"

namespace hearsay {

struct EdgeListReport {
  BuildReport build;           ///< self-loops and duplicates dropped
  std::uint64_t lines = 0;     ///< lines read
  std::uint64_t edge_rows = 0; ///< lines that held an edge
};

/// Reads `path` (plain text, or gzip when it ends in .gz): one edge per line as two non-negative
/// integer ids, an optional third column as the edge weight, '#' or '%' starts a comment. Ids are
/// remapped to 0..N-1 in first-seen order. Throws RuntimeError naming the file and line on a
/// malformed line, an unreadable file, a gzip error, or an empty list.
Network read_edge_list(const std::string& path, bool directed, EdgeListReport* report = nullptr);

/// Writes the network as an edge list ("u v" per line, each undirected edge once, u < v).
void write_edge_list(const Network& network, const std::string& path);

}  // namespace hearsay
