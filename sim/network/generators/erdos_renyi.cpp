// Erdos-Renyi G(n, p) random graphs, sampled by geometric skipping.
#include <fmt/core.h>

#include <algorithm>
#include <string>

#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

double er_probability(const GeneratorParams& args, NodeId n) {
  const double mean_degree = args.real("mean_degree");
  // One rule for every size: an agent has at most nodes - 1 others to tie to (so a lone agent
  // has mean degree 0, and two agents at most 1).
  if (mean_degree > n - 1.0)
    args.fail("mean_degree",
              "mean_degree = " + fmt::format("{:g}", mean_degree) + " exceeds nodes - 1 = " +
                  std::to_string(n - 1) + " (the degree of the complete graph)",
              "use mean_degree at most " + std::to_string(n - 1) + ", or more nodes");
  return n < 2 ? 0.0 : std::min(1.0, mean_degree / (n - 1.0));
}

// G(n, p): Erdos & Renyi (1959), Gilbert (1959); O(n + m) skipping of Batagelj & Brandes (2005).
Network build(const GeneratorParams& args, RandomStream& rng, BuildReport*) {
  const NodeId n = args.nodes();
  const double p = er_probability(args, n);
  EdgeBuffer edges;
  reserve_binomial(edges, 0.5 * n * (n - 1.0), p);
  add_gnp(edges, 0, n, p, rng);
  return build_network(n, std::move(edges), false);
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const NodeId n = args.nodes();
  const double nodes = n;
  return {.nodes = nodes, .edges = 0.5 * nodes * (nodes - 1) * er_probability(args, n)};
}

}  // namespace

const GeneratorEntry& erdos_renyi() {
  static const GeneratorEntry entry{
      {"erdos_renyi",
       "G(n, p) random graph with p = mean_degree / (nodes - 1)",
       std::string("Erdos & Renyi (1959), Publ. Math. Debrecen 6:290-297; Gilbert (1959), Ann. "
                   "Math. Stat. 30:1141-1144; sampled by geometric skipping, ") +
           batagelj_brandes,
       {nodes_param(), real_param("mean_degree", "ties per agent",
                                  "expected degree (n - 1) p; at most nodes - 1", 0)}},
      &build,
      &shape};
  return entry;
}

}  // namespace hearsay::generators
