// Barabasi-Albert scale-free growth by linear preferential attachment.
#include <algorithm>
#include <string>
#include <vector>

#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

std::uint64_t checked_ba_m(const GeneratorParams& args, NodeId n) {
  return args.count_below_nodes("m", n, "m", " (the seed clique has m + 1 agents)");
}

// Barabasi & Albert (1999): start from a clique on m + 1 agents; each later agent ties to m
// distinct earlier agents drawn with probability proportional to degree. Drawing a uniform
// endpoint of the existing edges is exactly degree-proportional (Batagelj & Brandes 2005); the
// edge buffer itself serves as that endpoint list (endpoint r is side r % 2 of edge r / 2), so no
// extra array is needed.
Network build(const GeneratorParams& args, RandomStream& rng, BuildReport*) {
  const NodeId n = args.nodes();
  const auto m = static_cast<NodeId>(checked_ba_m(args, n));
  EdgeBuffer edges;
  const std::uint64_t seed_edges = std::uint64_t{m} * (m + 1) / 2;
  const std::uint64_t total = seed_edges + std::uint64_t{m} * (n - m - 1);
  edges.from.reserve(total);
  edges.to.reserve(total);
  add_clique(edges, 0, m + 1);
  // Picks land anywhere in tens of MB, and memory latency would dominate. Two remedies: the
  // source of a grown edge is known without a look-up (agents add m edges each, in order), and
  // each draw's target endpoint is prefetched when the draw is queued, guessing the edge count
  // from the agent that will most likely consume it (a guess a few agents off moves the index by
  // a few entries only).
  const auto source_of = [&](std::uint64_t e) {
    return e < seed_edges ? edges.from[e] : static_cast<NodeId>(m + 1 + (e - seed_edges) / m);
  };
  DrawAhead draws(rng);
  const std::uint64_t agents_ahead = DrawAhead::depth / m + 1;
  std::vector<NodeId> chosen;
  chosen.reserve(m);
  for (NodeId t = m + 1; t < n; ++t) {
    const std::uint64_t existing = edges.size();
    const std::uint64_t later = seed_edges + m * (t + agents_ahead - m - 1);
    chosen.clear();
    while (chosen.size() < m) {
      const auto guess =
          static_cast<std::uint64_t>((static_cast<uint128_t>(draws.newest()) * (2 * later)) >> 64);
      if (guess & 1) prefetch(edges.to.data() + std::min(guess / 2, total - 1));
      const std::uint64_t r = draws.below(2 * existing);
      const NodeId x = r & 1 ? edges.to[r / 2] : source_of(r / 2);
      if (std::find(chosen.begin(), chosen.end(), x) == chosen.end()) chosen.push_back(x);
    }
    // Sorted targets keep every CSR row sorted on arrival, so the builder only moves them.
    std::sort(chosen.begin(), chosen.end());
    for (NodeId x : chosen) edges.add(t, x);
  }
  return build_network(n, std::move(edges), false);
}

NetworkShape shape(const GeneratorParams& args, bool) {
  const NodeId n = args.nodes();
  const auto m = static_cast<double>(checked_ba_m(args, n));
  const double nodes = n;
  return {.nodes = nodes, .edges = m * (m + 1) / 2 + m * (nodes - m - 1)};
}

}  // namespace

const GeneratorEntry& barabasi_albert() {
  static const GeneratorEntry entry{
      {"barabasi_albert",
       "scale-free growth by linear preferential attachment",
       std::string("Barabasi & Albert (1999), Emergence of scaling in random networks, Science "
                   "286:509-512; repeated-endpoints sampling, ") +
           batagelj_brandes,
       {nodes_param(),
        integer_param("m", "ties per new agent",
                      "ties each arriving agent makes to distinct existing agents; < nodes", 1)}},
      &build,
      &shape};
  return entry;
}

}  // namespace hearsay::generators
