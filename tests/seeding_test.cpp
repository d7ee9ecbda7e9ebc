// Seed selection: counts, fractions, given ids, random without repeats, top degree.
#include "sim/model/seeding.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "sim/network/network.hpp"

using namespace hearsay;

namespace {

Network star_plus_path() {
  // 0 is a hub of 5 leaves (1..5); 6-7-8 is a path.
  EdgeBuffer edges;
  for (NodeId v = 1; v <= 5; ++v) edges.add(0, v);
  edges.add(6, 7);
  edges.add(7, 8);
  return build_network(9, std::move(edges), false);
}

}  // namespace

TEST_CASE("seeding: random picks distinct agents, reproducibly", "[seeding]") {
  const Network net = star_plus_path();
  SeedingSpec spec;
  spec.count = 6;
  RandomStream a(1, StreamPurpose::seeding), b(1, StreamPurpose::seeding);
  const auto s1 = choose_seeds(spec, &net, net.nodes(), a);
  const auto s2 = choose_seeds(spec, &net, net.nodes(), b);
  REQUIRE(s1 == s2);
  REQUIRE(std::set<NodeId>(s1.begin(), s1.end()).size() == 6);
  for (NodeId v : s1) REQUIRE(v < 9);
}

TEST_CASE("seeding: top degree picks hubs first, ties by id", "[seeding]") {
  const Network net = star_plus_path();
  SeedingSpec spec;
  spec.count = 3;
  spec.strategy = SeedingSpec::Strategy::top_degree;
  RandomStream rng(1, 1);
  REQUIRE(choose_seeds(spec, &net, net.nodes(), rng) == std::vector<NodeId>{0, 7, 1});
}

TEST_CASE("seeding: fraction rounds to the nearest count", "[seeding]") {
  SeedingSpec spec;
  spec.mode = SeedingSpec::Mode::fraction;
  spec.fraction = 0.25;
  REQUIRE(seed_count(spec, 10) == 3);  // 2.5 rounds away from zero
  REQUIRE(seed_count(spec, 1000) == 250);
}

TEST_CASE("seeding: given nodes are used as they are and checked", "[seeding]") {
  const Network net = star_plus_path();
  SeedingSpec spec;
  spec.mode = SeedingSpec::Mode::nodes;
  spec.nodes = {8, 2};
  RandomStream rng(1, 1);
  REQUIRE(choose_seeds(spec, &net, net.nodes(), rng) == std::vector<NodeId>{8, 2});
  spec.nodes = {9};
  REQUIRE_THROWS_WITH(choose_seeds(spec, &net, net.nodes(), rng),
                      Catch::Contains("does not exist"));
}

TEST_CASE("seeding: asking for more seeds than agents is an error", "[seeding]") {
  const Network net = star_plus_path();
  SeedingSpec spec;
  spec.count = 10;
  RandomStream rng(1, 1);
  REQUIRE_THROWS_WITH(choose_seeds(spec, &net, net.nodes(), rng), Catch::Contains("only 9 agents"));
  spec.count = 9;  // all of them: the dense path
  const auto all = choose_seeds(spec, &net, net.nodes(), rng);
  REQUIRE(std::set<NodeId>(all.begin(), all.end()).size() == 9);
}
