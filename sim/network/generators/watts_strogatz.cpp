// Watts-Strogatz small worlds: a ring lattice whose ties are rewired at random.
#include <vector>

#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

// Watts & Strogatz (1998): lap j = 1..k round the ring, each lattice edge (u, u + j) has its far
// end moved with probability `rewire` to a uniform agent that is neither u nor already tied to u.
Network build(const GeneratorParams& args, RandomStream& rng, BuildReport*) {
  const NodeId n = args.nodes();
  const NodeId k = checked_k(args, n);
  const double rewire = args.real("rewire");
  EdgeBuffer edges = ring_edges(n, k);
  if (rewire > 0) {
    const std::uint64_t m = edges.size();
    EdgeSet present(m);
    for (std::uint64_t i = 0; i < m; ++i) {
      if (i + 16 < m) present.prefetch_slot(EdgeSet::key(edges.from[i + 16], edges.to[i + 16]));
      present.insert(EdgeSet::key(edges.from[i], edges.to[i]));
    }
    std::vector<NodeId> degree(n, 2 * k);
    for (std::uint64_t i = 0; i < m; ++i) {
      if (!rng.bernoulli(rewire)) continue;
      const NodeId u = edges.from[i];
      const NodeId v = edges.to[i];
      if (degree[u] >= n - 1) continue;  // tied to everyone: nowhere to go
      NodeId w;
      do {
        w = static_cast<NodeId>(rng.below(n));
      } while (w == u || present.contains(EdgeSet::key(u, w)));
      present.erase(EdgeSet::key(u, v));
      present.insert(EdgeSet::key(u, w));
      edges.to[i] = w;
      --degree[v];
      ++degree[w];
    }
  }
  return build_network(n, std::move(edges), false);
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const NodeId n = args.nodes();
  const double nodes = n;
  const NetworkShape shape{.nodes = nodes, .edges = nodes * checked_k(args, n)};
  args.real("rewire");
  return shape;
}

}  // namespace

const GeneratorEntry& watts_strogatz() {
  static const GeneratorEntry entry{
      {"watts_strogatz",
       "small world: ring lattice whose ties are rewired at random",
       "Watts & Strogatz (1998), Collective dynamics of 'small-world' networks, Nature "
       "393:440-442",
       {nodes_param(),
        integer_param("k", "neighbours per side",
                      "lattice ties to each side of an agent (degree 2k); needs 2k < nodes", 1),
        probability_param("rewire",
                          "chance that each lattice tie's far end moves to a random agent")}},
      &build,
      &shape};
  return entry;
}

}  // namespace hearsay::generators
