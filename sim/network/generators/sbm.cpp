// Stochastic block models: communities with dense ties inside and sparse ties across.
#include <algorithm>
#include <vector>

#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

std::vector<std::uint64_t> checked_sizes(const GeneratorParams& args) {
  std::vector<std::uint64_t> sizes = args.counts("sizes");
  if (sizes.empty())
    args.fail("sizes", "'sizes' must list at least one block", "give e.g. 'sizes: [500, 500]'");
  double total = 0;
  for (std::uint64_t s : sizes) total += static_cast<double>(s);
  if (total > max_nodes)
    args.fail("sizes", "block sizes add up to more than 2^32 - 2 agents", "use smaller blocks");
  return sizes;
}

// Stochastic block model (Holland, Laskey & Leinhardt 1983). Blocks are consecutive id ranges, so
// the pairs between block r and all later blocks form one rectangle with probability p_out:
// geometric skipping then costs O(blocks + n + m) even with many small blocks.
Network build(const GeneratorParams& args, RandomStream& rng, BuildReport*) {
  const std::vector<std::uint64_t> sizes = checked_sizes(args);
  const double p_in = args.real("p_in");
  const double p_out = args.real("p_out");
  std::uint64_t n64 = 0;
  double within = 0;
  for (std::uint64_t s : sizes) {
    n64 += s;
    within += 0.5 * static_cast<double>(s) * (static_cast<double>(s) - 1);
  }
  const auto n = static_cast<NodeId>(n64);
  const double across = 0.5 * static_cast<double>(n) * (n - 1.0) - within;
  EdgeBuffer edges;
  reserve_binomial(edges, within, p_in);
  reserve_binomial(edges, across, p_out);
  std::vector<std::uint32_t> community(n);
  NodeId first = 0;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    const auto size = static_cast<NodeId>(sizes[r]);
    std::fill_n(community.begin() + first, size, static_cast<std::uint32_t>(r));
    add_gnp(edges, first, size, p_in, rng);
    const NodeId rest = first + size;
    add_bipartite_gnp(edges, first, size, rest, n - rest, p_out, rng);
    first = rest;
  }
  Network network = build_network(n, std::move(edges), false);
  network.set_communities(std::move(community));
  return network;
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const std::vector<std::uint64_t> sizes = checked_sizes(args);
  const double p_in = args.real("p_in");
  const double p_out = args.real("p_out");
  NetworkShape shape{.communities = true};
  double within = 0;
  for (std::uint64_t s : sizes) {
    shape.nodes += static_cast<double>(s);
    within += 0.5 * static_cast<double>(s) * (static_cast<double>(s) - 1);
  }
  shape.edges = within * p_in + (0.5 * shape.nodes * (shape.nodes - 1) - within) * p_out;
  return shape;
}

GeneratorInfo info() {
  const ParamSpec sizes = required_param(
      "sizes", ParamKind::integer_list, "agents",
      "size of each block (community), in agent-id order; total at most 2^32 - 2", 1, max_nodes);
  return {"sbm",
          "stochastic block model: communities with dense ties inside, sparse across",
          std::string("Holland, Laskey & Leinhardt (1983), Social Networks 5:109-137; sampled by "
                      "geometric skipping per block, ") +
              batagelj_brandes,
          {sizes, probability_param("p_in", "tie probability for a pair in the same block"),
           probability_param("p_out", "tie probability for a pair in different blocks")}};
}

}  // namespace

const GeneratorEntry& sbm() {
  static const GeneratorEntry entry{info(), &build, &shape};
  return entry;
}

}  // namespace hearsay::generators
