// Summary statistics of a network, printed by `hearsay network`.
#pragma once

#include <cstdint>

#include "sim/network/network.hpp"

namespace hearsay {

struct NetworkStats {
  std::uint64_t nodes = 0;
  std::uint64_t edges = 0;
  double mean_degree = 0;
  double degree_sd = 0;
  std::uint32_t min_degree = 0;
  std::uint32_t max_degree = 0;
  std::uint64_t isolated = 0;        ///< nodes of degree 0
  double clustering_global = 0;      ///< transitivity: 3 x triangles / connected triples
  double clustering_mean_local = 0;  ///< mean of local clustering over nodes of degree >= 2
  std::uint64_t components = 0;      ///< weakly connected components
  std::uint64_t largest_component = 0;
};

/// Computes the statistics; clustering is exact (sorted-adjacency intersection).
NetworkStats network_stats(const Network& network);

}  // namespace hearsay
