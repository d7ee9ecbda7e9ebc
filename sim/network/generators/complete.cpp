// The complete graph: every pair of agents tied (the well-mixed population).
#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

Network build(const GeneratorParams& args, RandomStream&, BuildReport*) {
  const NodeId n = args.nodes();
  EdgeBuffer edges;
  const std::uint64_t m = std::uint64_t{n} * (n - 1) / 2;
  edges.from.reserve(m);
  edges.to.reserve(m);
  add_clique(edges, 0, n);
  return build_network(n, std::move(edges), false);
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const double nodes = args.nodes();
  return {.nodes = nodes, .edges = 0.5 * nodes * (nodes - 1)};
}

}  // namespace

const GeneratorEntry& complete() {
  static const GeneratorEntry entry{
      {"complete",
       "every pair of agents is tied (well-mixed population)",
       "complete graph K_n; the mixing assumption of Bass (1969), Management Science "
       "15(5):215-227",
       {nodes_param()},
       false},
      &build,
      &shape};
  return entry;
}

}  // namespace hearsay::generators
