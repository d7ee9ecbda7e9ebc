// The ring lattice: each agent tied to its k nearest neighbours on each side.
#include <string>

#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {

NodeId checked_k(const GeneratorParams& args, NodeId n) {
  const std::uint64_t k = args.count("k");
  if (2 * k >= n)
    args.fail(
        "k",
        "k = " + std::to_string(k) + " neighbours per side needs 2k < nodes = " + std::to_string(n),
        "use k at most " + std::to_string(n > 0 ? (n - 1) / 2 : 0) + ", or more nodes");
  return static_cast<NodeId>(k);
}

/// Ring lattice: edge (u, u + j mod n) for j = 1..k, stored lap by lap (j outer) as Watts &
/// Strogatz walk it when rewiring.
EdgeBuffer ring_edges(NodeId n, NodeId k) {
  EdgeBuffer edges;
  edges.from.reserve(std::uint64_t{n} * k);
  edges.to.reserve(std::uint64_t{n} * k);
  for (NodeId j = 1; j <= k; ++j)
    for (NodeId u = 0; u < n; ++u) edges.add(u, static_cast<NodeId>((std::uint64_t{u} + j) % n));
  return edges;
}

namespace {

Network build(const GeneratorParams& args, RandomStream&, BuildReport*) {
  const NodeId n = args.nodes();
  const NodeId k = checked_k(args, n);
  return build_network(n, ring_edges(n, k), false);
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const NodeId n = args.nodes();
  const double nodes = n;
  return {.nodes = nodes, .edges = nodes * checked_k(args, n)};
}

}  // namespace

const GeneratorEntry& ring() {
  static const GeneratorEntry entry{
      {"ring",
       "ring lattice: each agent tied to its k nearest neighbours on each side",
       "ring lattice, the rewire = 0 limit of Watts & Strogatz (1998), Nature 393:440-442",
       {nodes_param(),
        integer_param("k", "neighbours per side",
                      "ties to each side of an agent (degree 2k); needs 2k < nodes", 1)},
       false},
      &build,
      &shape};
  return entry;
}

}  // namespace hearsay::generators
