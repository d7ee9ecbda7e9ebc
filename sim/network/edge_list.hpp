// Reading whitespace edge lists (SNAP style, optional gzip) into a network.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/files/safe_write.hpp"
#include "sim/network/network.hpp"

namespace hearsay {

struct EdgeListReport {
  BuildReport build;            ///< self-loops and duplicates dropped
  std::uint64_t lines = 0;      ///< lines read
  std::uint64_t edge_rows = 0;  ///< lines that held an edge
};

/// Reads `path` (plain text, or gzip, recognised by its first bytes whatever the name): one edge
/// per line as two non-negative integer ids (< 2^63), an optional third column as the edge weight
/// (a finite number of magnitude <= 3.4e38, stored as float) or instead an attribute dict as
/// networkx's write_edgelist writes it ("1 2 {}", "1 2 {'weight': 3.0, 'kind': 'strong'}": its
/// "weight" is the weight, other keys are read and left out), '#' or '%' starts a comment. Ids
/// are remapped to 0..N-1 in first-seen order. A line of 4 MiB or more is refused unless its
/// first 4 MiB hold a comment, so memory stays bounded whatever the file. Throws RuntimeError
/// naming the file and line on a malformed line, an unreadable file, a gzip error, or an empty
/// list.
/// `original_ids`, when given, receives each dense id's original id.
Network read_edge_list(const std::string& path, bool directed, EdgeListReport* report = nullptr,
                       std::vector<std::uint64_t>* original_ids = nullptr);

/// Reads an edge list held in memory (plain text, never gzip) exactly as read_edge_list reads a
/// file holding the same bytes; `name` stands for the file in messages.
Network read_edge_list_text(std::string_view text, const std::string& name, bool directed,
                            EdgeListReport* report = nullptr,
                            std::vector<std::uint64_t>* original_ids = nullptr);

/// Writes the network as an edge list ("u v" per line, each undirected edge once, u < v; gzip
/// when `path` ends in .gz) through the safe-write path: hearsay's lock on `path`, the checks of
/// `policy` (an existing file only with overwrite, never an input), a temporary file beside it,
/// fsync and rename. Throws OutputBusy or RuntimeError, leaving `path` as it was.
void write_edge_list(const Network& network, const std::string& path,
                     const ReplacePolicy& policy = {});

}  // namespace hearsay
