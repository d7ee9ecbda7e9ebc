// Uniformly random regular graphs: the pairing model, repaired by edge switches.
#include <algorithm>
#include <string>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

std::uint64_t checked_regular_degree(const GeneratorParams& args, NodeId n) {
  const std::uint64_t d = args.count_below_nodes("degree", n, "a degree");
  if ((d * n) % 2 != 0)
    args.fail("degree",
              "nodes x degree = " + std::to_string(d * n) + " is odd: no regular graph exists",
              "make nodes or degree even");
  return d;
}

/// Adjacency rows (n x d, each sorted) of a simple d-regular graph by the pairing model
/// (Bollobas 1980). A simple pairing is a uniform d-regular graph, so pairings are redrawn while
/// that is cheap (small graphs, small degrees: then the result is exactly uniform). Past that
/// budget, each loop or repeated edge of the last pairing is removed by a switch with a uniformly
/// random edge that creates neither (Milo et al. 2003). The defects are few (expected O(d^2),
/// independent of n), so only the few edges they touch carry any bias.
std::vector<NodeId> regular_rows(NodeId n, std::uint64_t d, RandomStream& rng) {
  constexpr int max_redraws = 1000;
  constexpr std::uint64_t max_redrawn_stubs = std::uint64_t{1} << 23;
  constexpr int max_failed_repairs = 50;
  const std::uint64_t stubs = std::uint64_t{n} * d;
  std::vector<NodeId> adj(stubs);
  auto row = [&](NodeId u) { return adj.data() + std::uint64_t{u} * d; };
  auto count_in = [&](NodeId u, NodeId x) {
    return static_cast<std::uint64_t>(std::count(row(u), row(u) + d, x));
  };
  auto replace_one = [&](NodeId u, NodeId from, NodeId to) {
    *std::find(row(u), row(u) + d, from) = to;
  };
  auto adjacent = [&](NodeId u, NodeId x) {
    return std::find(row(u), row(u) + d, x) != row(u) + d;
  };

  std::uint64_t redrawn_stubs = 0;
  int failed_repairs = 0;
  for (int draw = 1;; ++draw) {
    {
      std::vector<NodeId> pairing(stubs);
      for (std::uint64_t s = 0; s < stubs; ++s) pairing[s] = static_cast<NodeId>(s / d);
      shuffle_positions(
          stubs, [&](std::uint64_t i) -> NodeId& { return pairing[i]; }, rng);
      std::vector<NodeId> fill(n, 0);
      for (std::uint64_t s = 0; s < stubs; s += 2) {
        const NodeId a = pairing[s];
        const NodeId b = pairing[s + 1];
        row(a)[fill[a]++] = b;
        row(b)[fill[b]++] = a;
      }
    }
    // Defects: one entry per loop and per extra copy of an edge.
    std::vector<std::pair<NodeId, NodeId>> defects;
    for (NodeId u = 0; u < n; ++u) {
      std::sort(row(u), row(u) + d);
      for (std::uint64_t j = 0; j < d; ++j) {
        const NodeId v = row(u)[j];
        if (v == u) {
          if (j + 1 < d && row(u)[j + 1] == u) {
            defects.emplace_back(u, u);
            ++j;  // a loop fills two slots of its row
          }
        } else if (v > u && j > 0 && row(u)[j - 1] == v) {
          defects.emplace_back(u, v);
        }
      }
    }
    if (defects.empty()) return adj;
    redrawn_stubs += stubs;
    if (draw < max_redraws && redrawn_stubs + stubs <= max_redrawn_stubs) continue;

    std::uint64_t budget = 1000 * defects.size() + 10000;
    bool stuck = false;
    for (const auto& [u, v] : defects) {
      while (u == v ? count_in(u, u) >= 2 : count_in(u, v) >= 2) {
        if (budget-- == 0) {
          stuck = true;
          break;
        }
        const std::uint64_t s = rng.below(stubs);  // a uniform random edge x -> y
        const auto x = static_cast<NodeId>(s / d);
        const NodeId y = adj[s];
        // Switch (u v), (x y) -> (u x), (v y) only if both new edges are new and not loops.
        if (x == u || y == v || (u == v && x == y) || adjacent(u, x) || adjacent(v, y)) continue;
        replace_one(u, v, x);
        replace_one(v, u, y);
        replace_one(x, y, u);
        replace_one(y, x, v);
      }
      if (stuck) break;
    }
    if (!stuck) {
      for (NodeId u = 0; u < n; ++u) std::sort(row(u), row(u) + d);
      return adj;
    }
    if (++failed_repairs == max_failed_repairs)
      throw RuntimeError("random_regular: could not repair the stub pairing into a simple graph");
  }
}

// Pairing model (Bollobas 1980) with switch repair; dense degrees via the complement.
Network build(const GeneratorParams& args, RandomStream& rng, BuildReport*) {
  const NodeId n = args.nodes();
  const std::uint64_t d = checked_regular_degree(args, n);
  EdgeBuffer edges;
  const std::uint64_t m = std::uint64_t{n} * d / 2;
  edges.from.reserve(m);
  edges.to.reserve(m);
  if (2 * d <= n - 1u) {
    const std::vector<NodeId> adj = regular_rows(n, d, rng);
    for (NodeId u = 0; u < n; ++u)
      for (std::uint64_t j = 0; j < d; ++j)
        if (adj[u * d + j] > u) edges.add(u, adj[u * d + j]);
  } else {
    // Above half density switches rarely find room, but the complement, (n - 1 - d)-regular,
    // is sparse; its complement is uniform when it is.
    const std::uint64_t dc = n - 1u - d;
    const std::vector<NodeId> adj = regular_rows(n, dc, rng);
    for (NodeId u = 0; u < n; ++u) {
      const NodeId* r = adj.data() + u * dc;
      const NodeId* end = r + dc;
      for (NodeId v = u + 1; v < n; ++v) {
        while (r != end && *r < v) ++r;
        if (r != end && *r == v) continue;
        edges.add(u, v);
      }
    }
  }
  return build_network(n, std::move(edges), false);
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const NodeId n = args.nodes();
  const double nodes = n;
  return {.nodes = nodes,
          .edges = 0.5 * nodes * static_cast<double>(checked_regular_degree(args, n))};
}

}  // namespace

const GeneratorEntry& random_regular() {
  static const GeneratorEntry entry{
      {"random_regular",
       "uniformly random simple graph where every agent has the same degree",
       "pairing model of Bollobas (1980), Eur. J. Combin. 1:311-316; loops and multi-edges "
       "repaired by degree-preserving edge switches (Milo et al. 2003, arXiv:cond-mat/0312028)",
       {nodes_param(), integer_param("degree", "ties per agent",
                                     "degree of every agent; < nodes, nodes x degree even", 0)}},
      &build,
      &shape};
  return entry;
}

}  // namespace hearsay::generators
