// Goldenberg's personal circles (cliques of strong ties) joined by random weak ties.
#include <algorithm>
#include <boost/random/poisson_distribution.hpp>
#include <string>
#include <vector>

#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

struct Circles {
  NodeId n = 0;
  NodeId clique = 1;
  double weak = 0;
};

Circles checked_circles(const GeneratorParams& args) {
  Circles c;
  c.n = args.nodes();
  const std::uint64_t clique = args.count("clique_size");
  if (clique > c.n)
    args.fail("clique_size",
              "clique_size = " + std::to_string(clique) + " exceeds nodes = " + std::to_string(c.n),
              "use clique_size at most " + std::to_string(c.n) + ", or more nodes");
  c.clique = static_cast<NodeId>(clique);
  c.weak = args.real("weak_ties");
  if (c.weak > 0 && c.clique == c.n)
    args.fail("weak_ties", "weak_ties > 0 needs more than one circle (clique_size < nodes)",
              "use weak_ties: 0, or a clique_size below nodes");
  return c;
}

// Goldenberg, Libai & Muller (2001): personal circles of strong ties plus weak ties across them.
// Each agent starts Poisson(weak_ties / 2) weak ties to uniform agents outside its circle and
// receives as many on average, so its weak-tie degree has mean weak_ties (a repeated weak pair,
// rare when the network is large, is dropped by the builder and reported as a duplicate).
Network build(const GeneratorParams& args, RandomStream& rng, BuildReport* report) {
  const Circles c = checked_circles(args);
  const auto strong_weight = static_cast<float>(args.real("strong_weight"));
  const auto weak_weight = static_cast<float>(args.real("weak_weight"));
  const NodeId n = c.n;
  const NodeId q = c.clique;
  EdgeBuffer edges;
  const double strong_edges = 0.5 * n * (q - 1.0);
  reserve_binomial(edges, strong_edges + 0.5 * n * c.weak + 1, 1.0, true);
  std::vector<std::uint32_t> community(n);
  for (NodeId first = 0; first < n;) {
    const NodeId size = std::min<NodeId>(q, n - first);
    add_clique(edges, first, size);
    std::fill_n(community.begin() + first, size, first / q);
    edges.ties.resize(edges.size(), static_cast<std::uint8_t>(Tie::strong));
    edges.weights.resize(edges.size(), strong_weight);
    first += size;
  }
  if (c.weak > 0) {
    boost::random::poisson_distribution<std::uint32_t, double> ties_started(c.weak / 2);
    for (NodeId u = 0; u < n; ++u) {
      const NodeId circle_start = u / q * q;
      const NodeId circle_size = std::min<NodeId>(q, n - circle_start);
      const std::uint32_t count = ties_started(rng);
      for (std::uint32_t i = 0; i < count; ++i) {
        // Uniform over the n - circle_size agents outside the circle, without rejection.
        auto w = static_cast<NodeId>(rng.below(n - circle_size));
        if (w >= circle_start) w += circle_size;
        edges.add(u, w);
        edges.ties.push_back(static_cast<std::uint8_t>(Tie::weak));
        edges.weights.push_back(weak_weight);
      }
    }
  }
  Network network = build_network(n, std::move(edges), false, report);
  network.set_communities(std::move(community));
  return network;
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const Circles c = checked_circles(args);
  const double nodes = c.n;
  return {.nodes = nodes,
          .edges = 0.5 * nodes * (c.clique - 1.0) + 0.5 * nodes * c.weak,
          .ties_and_weights = true,
          .communities = true};
}

}  // namespace

const GeneratorEntry& clustered_weak_ties() {
  static const GeneratorEntry entry{
      {"clustered_weak_ties",
       "personal circles (cliques of strong ties) joined by random weak ties",
       "Goldenberg, Libai & Muller (2001), Talk of the network: a complex systems look at the "
       "underlying process of word-of-mouth, Marketing Letters 12(3):211-223",
       {nodes_param(),
        integer_param("clique_size", "agents",
                      "size of each personal circle of consecutive ids (the last may be smaller)",
                      1),
        real_param("weak_ties", "ties per agent",
                   "mean number of weak ties per agent to random agents outside its circle", 0),
        with_default(
            real_param("strong_weight", "", "weight of a strong tie (relative tie strength)", 0),
            1.0, "assumption"),
        with_default(
            real_param("weak_weight", "", "weight of a weak tie (relative tie strength)", 0), 0.3,
            "assumption")}},
      &build,
      &shape};
  return entry;
}

}  // namespace hearsay::generators
