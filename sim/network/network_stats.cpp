// Degree, clustering and component statistics of a network.
#include "sim/network/network_stats.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace hearsay {
namespace {

/// The undirected network underneath a directed one: every arc becomes an edge, and u -> v with
/// v -> u becomes one edge. Clustering and weak components are defined on this view.
Network undirected_view(const Network& network) {
  EdgeBuffer edges;
  edges.from.reserve(network.arcs());
  edges.to.reserve(network.arcs());
  for (NodeId u = 0; u < network.nodes(); ++u)
    for (NodeId v : network.neighbours(u)) edges.add(u, v);
  return build_network(network.nodes(), std::move(edges), false);
}

/// Triangles at each node. Each triangle u < v < w is found once, from its edge (u, v), by
/// merging the sorted tails of both rows beyond v, so the cost is O(sum over edges of degrees).
std::vector<std::uint64_t> triangles_per_node(const Network& g) {
  std::vector<std::uint64_t> triangles(g.nodes(), 0);
  for (NodeId u = 0; u < g.nodes(); ++u) {
    const auto row_u = g.neighbours(u);
    auto v_it = std::upper_bound(row_u.begin(), row_u.end(), u);
    for (; v_it != row_u.end(); ++v_it) {
      const NodeId v = *v_it;
      const auto row_v = g.neighbours(v);
      auto a = v_it + 1;
      auto b = std::upper_bound(row_v.begin(), row_v.end(), v);
      while (a != row_u.end() && b != row_v.end()) {
        if (*a < *b) {
          ++a;
        } else if (*b < *a) {
          ++b;
        } else {
          ++triangles[u];
          ++triangles[v];
          ++triangles[*a];
          ++a;
          ++b;
        }
      }
    }
  }
  return triangles;
}

}  // namespace

// For a directed network the degree figures are out-degrees (whom an agent can tell); isolated
// agents, clustering and (weak) components use the underlying undirected network.
NetworkStats network_stats(const Network& network) {
  NetworkStats stats;
  const NodeId n = network.nodes();
  stats.nodes = n;
  stats.edges = network.edges();
  if (n == 0) return stats;

  double sum = 0;
  stats.min_degree = network.degree(0);
  for (NodeId v = 0; v < n; ++v) {
    const std::uint32_t d = network.degree(v);
    sum += d;
    stats.min_degree = std::min(stats.min_degree, d);
    stats.max_degree = std::max(stats.max_degree, d);
  }
  stats.mean_degree = sum / n;
  double squares = 0;
  for (NodeId v = 0; v < n; ++v) {
    const double dev = network.degree(v) - stats.mean_degree;
    squares += dev * dev;
  }
  stats.degree_sd = std::sqrt(squares / n);

  std::optional<Network> view;
  if (network.directed()) view = undirected_view(network);
  const Network& g = view ? *view : network;

  const std::vector<std::uint64_t> triangles = triangles_per_node(g);
  double closed = 0;   // 3 x triangles, counted at their corners
  double triples = 0;  // connected triples (paths of length two), by centre
  double local_sum = 0;
  std::uint64_t local_count = 0;
  for (NodeId v = 0; v < n; ++v) {
    const double d = g.degree(v);
    if (d == 0) ++stats.isolated;
    if (d < 2) continue;
    const double pairs = d * (d - 1) / 2;
    closed += static_cast<double>(triangles[v]);
    triples += pairs;
    local_sum += static_cast<double>(triangles[v]) / pairs;
    ++local_count;
  }
  stats.clustering_global = triples > 0 ? closed / triples : 0;
  stats.clustering_mean_local = local_count > 0 ? local_sum / static_cast<double>(local_count) : 0;

  // Components by breadth-first search; the queue doubles as the visit order.
  std::vector<bool> seen(n, false);
  std::vector<NodeId> queue;
  queue.reserve(n);
  for (NodeId s = 0; s < n; ++s) {
    if (seen[s]) continue;
    ++stats.components;
    queue.clear();
    queue.push_back(s);
    seen[s] = true;
    for (std::size_t head = 0; head < queue.size(); ++head)
      for (NodeId w : g.neighbours(queue[head]))
        if (!seen[w]) {
          seen[w] = true;
          queue.push_back(w);
        }
    stats.largest_component = std::max<std::uint64_t>(stats.largest_component, queue.size());
  }
  return stats;
}

}  // namespace hearsay
