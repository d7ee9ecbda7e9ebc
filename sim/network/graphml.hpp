// Reading GraphML files (networkx, Gephi, igraph, graph-tool write them) into a network.
#pragma once

#include <string>

#include "sim/network/network.hpp"

namespace hearsay {

struct GraphmlOptions {
  bool directed = false;              ///< read edges as arcs u -> v
  std::string weight = "weight";      ///< edge attribute used as the weight (if the file has it)
  std::string community = "segment";  ///< node attribute used as the community label
};

struct GraphmlReport {
  BuildReport build;         ///< self-loops and duplicates dropped
  bool weighted = false;     ///< the file gave every edge the weight attribute
  bool communities = false;  ///< the file gave every node the community attribute
  std::uint32_t community_count = 0;
};

/// Reads the first graph of the GraphML file at `path` (Boost.Graph's read_graphml). Nodes are
/// numbered in the order the file declares them, nodes without edges included. The edge
/// attribute `options.weight` (any numeric GraphML type) becomes the weight when every edge has
/// it; the node attribute `options.community` (any type) becomes the community label when every
/// node has it, labels numbered 0, 1, ... in the order they first appear. Other attributes are
/// read and left out. Throws DataFileError naming the file (and the line, for malformed XML)
/// when the file is not GraphML, an attribute value is not of its declared type, or a weight
/// is not a finite number of float range; RuntimeError when it cannot be read.
Network read_graphml(const std::string& path, const GraphmlOptions& options,
                     GraphmlReport* report = nullptr);

}  // namespace hearsay
