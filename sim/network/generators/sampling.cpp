// Sampling helpers the generators share: cliques and G(n, p) blocks by geometric skipping.
#include "sim/network/generators/sampling.hpp"

#include <algorithm>

namespace hearsay::generators {

/// Reserve room for a binomial edge count: mean plus six standard deviations, at most the cap.
void reserve_binomial(EdgeBuffer& edges, double pairs, double p, bool with_attributes) {
  const double mean = pairs * p;
  const double want = std::min(pairs, mean + 6 * std::sqrt(mean * (1 - p)) + 16);
  const auto n = edges.size() + static_cast<std::size_t>(want);
  edges.from.reserve(n);
  edges.to.reserve(n);
  if (with_attributes) {
    edges.ties.reserve(n);
    edges.weights.reserve(n);
  }
}

/// All pairs of [first, first + n).
void add_clique(EdgeBuffer& edges, NodeId first, NodeId n) {
  for (NodeId i = 0; i < n; ++i)
    for (NodeId j = i + 1; j < n; ++j) edges.add(first + i, first + j);
}

/// G(n, p) on [first, first + n): walks the lower triangle (v, w < v) in row order, jumping over
/// non-edges with geometric skips, so the cost is O(n + edges) (Batagelj & Brandes 2005, alg. 1).
void add_gnp(EdgeBuffer& edges, NodeId first, NodeId n, double p, RandomStream& rng) {
  if (n < 2 || p <= 0) return;
  if (p >= 1) return add_clique(edges, first, n);
  const GeometricSkip skip(p);
  std::int64_t v = 1;
  std::int64_t w = -1;
  const std::int64_t nn = n;
  while (v < nn) {
    w += 1 + static_cast<std::int64_t>(skip(rng));
    while (w >= v && v < nn) {
      w -= v;
      ++v;
    }
    if (v < nn) edges.add(first + static_cast<NodeId>(v), first + static_cast<NodeId>(w));
  }
}

/// Bernoulli(p) pairs of the rectangle [a, a + na) x [b, b + nb) (disjoint ranges), walked in
/// row-major order with geometric skips.
void add_bipartite_gnp(EdgeBuffer& edges, NodeId a, std::uint64_t na, NodeId b, std::uint64_t nb,
                       double p, RandomStream& rng) {
  if (na == 0 || nb == 0 || p <= 0) return;
  const std::uint64_t cells = na * nb;
  if (p >= 1) {
    for (std::uint64_t i = 0; i < na; ++i)
      for (std::uint64_t j = 0; j < nb; ++j)
        edges.add(a + static_cast<NodeId>(i), b + static_cast<NodeId>(j));
    return;
  }
  const GeometricSkip skip(p);
  std::uint64_t next = 0;  // first cell not yet decided
  while (true) {
    const std::uint64_t s = skip(rng);
    if (s >= cells - next) break;
    const std::uint64_t cell = next + s;
    edges.add(a + static_cast<NodeId>(cell / nb), b + static_cast<NodeId>(cell % nb));
    next = cell + 1;
    if (next >= cells) break;
  }
}

}  // namespace hearsay::generators
