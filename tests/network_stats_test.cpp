// Tests of network statistics on small graphs with known answers.
#include "sim/network/network_stats.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <utility>
#include <vector>

namespace hearsay {
namespace {

Network graph(NodeId n, const std::vector<std::pair<NodeId, NodeId>>& pairs,
              bool directed = false) {
  EdgeBuffer edges;
  for (const auto& [u, v] : pairs) edges.add(u, v);
  return build_network(n, std::move(edges), directed);
}

}  // namespace

TEST_CASE("network_stats: a triangle is fully clustered", "[network]") {
  const NetworkStats s = network_stats(graph(3, {{0, 1}, {1, 2}, {2, 0}}));
  CHECK(s.nodes == 3);
  CHECK(s.edges == 3);
  CHECK(s.mean_degree == 2);
  CHECK(s.degree_sd == 0);
  CHECK(s.min_degree == 2);
  CHECK(s.max_degree == 2);
  CHECK(s.isolated == 0);
  CHECK(s.clustering_global == 1);
  CHECK(s.clustering_mean_local == 1);
  CHECK(s.components == 1);
  CHECK(s.largest_component == 3);
}

TEST_CASE("network_stats: a star has no triangles", "[network]") {
  const NetworkStats s = network_stats(graph(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}}));
  CHECK(s.edges == 4);
  CHECK(s.mean_degree == Approx(1.6));
  // Degrees 4, 1, 1, 1, 1: population variance (5.76 + 4 x 0.36) / 5 = 1.44.
  CHECK(s.degree_sd == Approx(1.2));
  CHECK(s.min_degree == 1);
  CHECK(s.max_degree == 4);
  CHECK(s.clustering_global == 0);
  CHECK(s.clustering_mean_local == 0);
  CHECK(s.components == 1);
  CHECK(s.largest_component == 5);
}

TEST_CASE("network_stats: a path is connected and unclustered", "[network]") {
  const NetworkStats s = network_stats(graph(4, {{0, 1}, {1, 2}, {2, 3}}));
  CHECK(s.mean_degree == Approx(1.5));
  CHECK(s.min_degree == 1);
  CHECK(s.max_degree == 2);
  CHECK(s.clustering_global == 0);
  CHECK(s.components == 1);
  CHECK(s.largest_component == 4);
}

TEST_CASE("network_stats: components, isolated agents and mixed clustering", "[network]") {
  // A triangle 0-1-2 with a pendant 3 on node 2, a separate edge 4-5, and isolated node 6.
  const NetworkStats s = network_stats(graph(7, {{0, 1}, {1, 2}, {2, 0}, {2, 3}, {4, 5}}));
  CHECK(s.components == 3);
  CHECK(s.largest_component == 4);
  CHECK(s.isolated == 1);
  CHECK(s.min_degree == 0);
  CHECK(s.max_degree == 3);
  // Triples: node 0: 1, node 1: 1, node 2: 3 -> 5; closed: 3 x 1 triangle.
  CHECK(s.clustering_global == Approx(3.0 / 5.0));
  // Local: nodes 0, 1 -> 1, node 2 -> 1/3; mean over the three nodes of degree >= 2.
  CHECK(s.clustering_mean_local == Approx((1 + 1 + 1.0 / 3) / 3));
}

TEST_CASE("network_stats: a complete graph has clustering 1", "[network]") {
  std::vector<std::pair<NodeId, NodeId>> pairs;
  for (NodeId u = 0; u < 8; ++u)
    for (NodeId v = u + 1; v < 8; ++v) pairs.emplace_back(u, v);
  const NetworkStats s = network_stats(graph(8, pairs));
  CHECK(s.edges == 28);
  CHECK(s.mean_degree == 7);
  CHECK(s.clustering_global == 1);
  CHECK(s.clustering_mean_local == 1);
  CHECK(s.components == 1);
}

TEST_CASE("network_stats: directed networks use out-degree and the undirected view", "[network]") {
  // A directed 3-cycle plus an arc 3 -> 4 and a lone node 5.
  const NetworkStats s = network_stats(graph(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}}, true));
  CHECK(s.edges == 4);
  CHECK(s.mean_degree == Approx(4.0 / 6.0));
  CHECK(s.max_degree == 1);
  CHECK(s.min_degree == 0);
  CHECK(s.isolated == 1);  // node 4 only receives, so it is not isolated; node 5 is
  CHECK(s.clustering_global == 1);
  CHECK(s.components == 3);
  CHECK(s.largest_component == 3);
}

TEST_CASE("network_stats: an empty network", "[network]") {
  const NetworkStats s = network_stats(Network{});
  CHECK(s.nodes == 0);
  CHECK(s.components == 0);
}

}  // namespace hearsay
