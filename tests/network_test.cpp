// Tests of the CSR network builder: dedup, self-loops, sorted rows, direction, attributes.
#include "sim/network/network.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "sim/core/rng.hpp"

namespace hearsay {
namespace {

EdgeBuffer buffer_of(const std::vector<std::pair<NodeId, NodeId>>& pairs) {
  EdgeBuffer edges;
  for (const auto& [u, v] : pairs) edges.add(u, v);
  return edges;
}

std::vector<NodeId> row(const Network& g, NodeId v) {
  const auto r = g.neighbours(v);
  return {r.begin(), r.end()};
}

}  // namespace

TEST_CASE("network: undirected build drops self-loops and duplicates in either direction",
          "[network]") {
  BuildReport report;
  const Network g =
      build_network(5, buffer_of({{0, 1}, {1, 0}, {2, 2}, {3, 1}, {0, 1}, {4, 4}, {1, 3}, {0, 4}}),
                    false, &report);
  CHECK(report.self_loops == 2);
  CHECK(report.duplicates == 3);  // 1-0 and the second 0-1 repeat 0-1; 1-3 repeats 3-1
  CHECK_FALSE(g.directed());
  CHECK(g.nodes() == 5);
  CHECK(g.edges() == 3);
  CHECK(g.arcs() == 6);
  CHECK(row(g, 0) == std::vector<NodeId>{1, 4});
  CHECK(row(g, 1) == std::vector<NodeId>{0, 3});
  CHECK(row(g, 2).empty());
  CHECK(row(g, 3) == std::vector<NodeId>{1});
  CHECK(row(g, 4) == std::vector<NodeId>{0});
  CHECK(g.degree(0) == 2);
  CHECK(g.degree(2) == 0);
  CHECK(g.first_arc(1) == 2);
  CHECK_FALSE(g.has_ties());
  CHECK_FALSE(g.has_weights());
  CHECK(g.memory_bytes() == 6 * sizeof(std::uint64_t) + 6 * sizeof(NodeId));
}

TEST_CASE("network: directed build keeps u->v and v->u apart and sorts rows", "[network]") {
  BuildReport report;
  const Network g = build_network(
      4, buffer_of({{2, 0}, {0, 3}, {0, 1}, {1, 0}, {0, 3}, {3, 3}, {2, 1}}), true, &report);
  CHECK(g.directed());
  CHECK(report.self_loops == 1);
  CHECK(report.duplicates == 1);
  CHECK(g.arcs() == 5);
  CHECK(g.edges() == 5);
  CHECK(row(g, 0) == std::vector<NodeId>{1, 3});
  CHECK(row(g, 1) == std::vector<NodeId>{0});
  CHECK(row(g, 2) == std::vector<NodeId>{0, 1});
  CHECK(row(g, 3).empty());
}

TEST_CASE("network: ties and weights follow their arcs, a duplicate keeps the first row's",
          "[network]") {
  EdgeBuffer edges;
  auto add = [&](NodeId u, NodeId v, Tie tie, float w) {
    edges.add(u, v);
    edges.ties.push_back(static_cast<std::uint8_t>(tie));
    edges.weights.push_back(w);
  };
  add(2, 0, Tie::strong, 0.5f);
  add(0, 1, Tie::weak, 0.25f);
  add(1, 2, Tie::strong, 2.0f);
  add(0, 2, Tie::weak, 9.0f);  // duplicate of row 0: its attributes are dropped
  add(1, 1, Tie::weak, 7.0f);  // self-loop
  BuildReport report;
  const Network g = build_network(3, std::move(edges), false, &report);
  CHECK(report.duplicates == 1);
  CHECK(report.self_loops == 1);
  REQUIRE(g.has_ties());
  REQUIRE(g.has_weights());
  // Look every arc up by its endpoints.
  std::map<std::pair<NodeId, NodeId>, std::pair<Tie, float>> arc;
  for (NodeId u = 0; u < g.nodes(); ++u) {
    const auto r = g.neighbours(u);
    for (std::size_t j = 0; j < r.size(); ++j) {
      const std::uint64_t a = g.first_arc(u) + j;
      arc[{u, r[j]}] = {g.tie(a), g.weight(a)};
    }
  }
  REQUIRE(arc.size() == 6);
  CHECK(arc[{0, 2}] == std::pair{Tie::strong, 0.5f});
  CHECK(arc[{2, 0}] == std::pair{Tie::strong, 0.5f});
  CHECK(arc[{0, 1}] == std::pair{Tie::weak, 0.25f});
  CHECK(arc[{1, 0}] == std::pair{Tie::weak, 0.25f});
  CHECK(arc[{1, 2}] == std::pair{Tie::strong, 2.0f});
  CHECK(arc[{2, 1}] == std::pair{Tie::strong, 2.0f});
}

TEST_CASE("network: random multigraphs match a set-based reference", "[network]") {
  RandomStream rng(7, 1);
  for (const bool directed : {false, true}) {
    for (int trial = 0; trial < 20; ++trial) {
      const auto n = static_cast<NodeId>(1 + rng.below(40));
      const auto m = rng.below(300);
      EdgeBuffer edges;
      std::map<std::pair<NodeId, NodeId>, float> first;  // reference: first weight per arc
      std::uint64_t loops = 0;
      std::uint64_t duplicates = 0;
      for (std::uint64_t i = 0; i < m; ++i) {
        const auto u = static_cast<NodeId>(rng.below(n));
        const auto v = static_cast<NodeId>(rng.below(n));
        const auto w = static_cast<float>(i);
        edges.add(u, v);
        edges.weights.push_back(w);
        if (u == v) {
          ++loops;
          continue;
        }
        const bool fresh = first.emplace(std::pair{u, v}, w).second;
        if (!directed) first.emplace(std::pair{v, u}, w);
        if (!fresh) ++duplicates;
      }
      BuildReport report;
      const Network g = build_network(n, std::move(edges), directed, &report);
      CHECK(report.self_loops == loops);
      CHECK(report.duplicates == duplicates);
      REQUIRE(g.arcs() == first.size());
      auto it = first.begin();
      for (NodeId u = 0; u < n; ++u) {
        const auto r = g.neighbours(u);
        for (std::size_t j = 0; j < r.size(); ++j, ++it) {
          CHECK(it->first == std::pair{u, r[j]});
          CHECK(g.weight(g.first_arc(u) + j) == it->second);
        }
      }
    }
  }
}

TEST_CASE("network: empty buffers and isolated nodes", "[network]") {
  const Network g = build_network(3, EdgeBuffer{}, false);
  CHECK(g.nodes() == 3);
  CHECK(g.arcs() == 0);
  for (NodeId v = 0; v < 3; ++v) CHECK(g.degree(v) == 0);
  const Network none = build_network(0, EdgeBuffer{}, true);
  CHECK(none.nodes() == 0);
  CHECK(none.offsets().size() == 1);
}

TEST_CASE("network: ids out of range and mismatched attributes are rejected", "[network]") {
  CHECK_THROWS_AS(build_network(3, buffer_of({{0, 3}}), false), std::invalid_argument);
  EdgeBuffer edges = buffer_of({{0, 1}, {1, 2}});
  edges.weights = {1.0f};
  CHECK_THROWS_AS(build_network(3, std::move(edges), false), std::invalid_argument);
}

}  // namespace hearsay
