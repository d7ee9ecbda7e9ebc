// Threshold cascades: Watts (2002) cascade window on Erdos-Renyi graphs, and exact small cases.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "models/threshold/threshold.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

namespace {

using hearsay::Network;
using hearsay::NodeId;
using hearsay::ParamValues;
using hearsay::RunOutput;
namespace threshold = hearsay::models::threshold;

constexpr std::uint64_t master_seed = 2002;

/// Frequency of global cascades from one uniformly random seed, each run on a fresh
/// G(N, z/(N-1)) graph.
double global_frequency(double z, NodeId nodes, int runs, std::uint64_t stream) {
  const auto& model = threshold::entry();
  const ParamValues params = hearsay::testing::params_with(model.info, {{"phi", 0.18}});
  const long global = hearsay::testing::metric_index(model.info.summaries, "global_cascade");
  const auto grid = hearsay::make_time_grid(1000, 1000);
  ParamValues graph;
  graph.set("nodes", static_cast<double>(nodes));
  graph.set("mean_degree", z);
  double count = 0;
  for (int r = 0; r < runs; ++r) {
    const std::uint64_t seed = hearsay::derive_seed(master_seed, stream, r);
    hearsay::RandomStream network_rng(seed, hearsay::StreamPurpose::network);
    const Network network = hearsay::generate_network("erdos_renyi", graph, network_rng);
    hearsay::RandomStream pick(seed, hearsay::StreamPurpose::seeding);
    const auto first = static_cast<NodeId>(pick.below(nodes));
    const RunOutput out = hearsay::testing::run_once(model, &network, params, {first}, grid, seed);
    REQUIRE(out.status == hearsay::RunStatus::done);
    count += out.summary[global];
  }
  return count / runs;
}

}  // namespace

// Watts (2002): with phi = 0.18 on Erdos-Renyi graphs of mean degree z, global cascades from a
// single seed occur only for z in about (1.02, 5.77). Inside, the chance that one random seed
// triggers one is the size of the extended vulnerable cluster (vulnerable: degree <= 5 =
// floor(1/phi)); the generating-function calculation (Watts 2002; Gleeson & Cahalane 2007)
// gives 0.754, 0.873, 0.865 at z = 2, 3, 4 and 0 for z <= 1 or z >= 5.77.
// N = 10,000 as in Watts's simulations; global = more than 10% of the agents adopt (the
// model's default global_fraction). Inside the window the size distribution is bimodal, so
// the cut does not matter there; at z <= 0.8 the largest component of G(10^4, z/N) has a few
// hundred nodes at most, far below 10%.
TEST_CASE("threshold: global cascades from one seed for z in 2..4 with phi = 0.18 (Watts 2002)",
          "[validation][threshold]") {
  const NodeId n = 10000;
  const int runs = 200;
  // Binomial frequency: its sd is at most sqrt(0.25 / R).
  const double bound = 0.5 - 4 * std::sqrt(0.25 / runs);
  std::uint64_t stream = 1;
  for (double z : {2.0, 3.0, 4.0}) {
    const double p = global_frequency(z, n, runs, stream++);
    INFO("z = " << z << ": P(global) = " << p << " over " << runs << " seeds, N = " << n);
    CHECK(p >= bound);
  }
}

TEST_CASE("threshold: no global cascades for z <= 0.8 or z >= 7 with phi = 0.18 (Watts 2002)",
          "[validation][threshold]") {
  // Theory: probability 0. The finite-N allowance is 0.02: on finite graphs short cycles let
  // a cascade hop between vulnerable clusters a little beyond the tree-like window (Whitney,
  // "Exploring Watts' cascade boundary"), so we do not demand exactly zero. The tolerance
  // is then 0.02 + 4 sqrt(0.02 x 0.98 / R).
  const NodeId n = 10000;
  const int runs = 200;
  const double bound = 0.02 + 4 * std::sqrt(0.02 * 0.98 / runs);
  std::uint64_t stream = 10;
  for (double z : {0.8, 7.0}) {
    const double p = global_frequency(z, n, runs, stream++);
    INFO("z = " << z << ": P(global) = " << p << " over " << runs << " seeds, N = " << n);
    CHECK(p <= bound);
  }
}

TEST_CASE("threshold: the final cascade does not depend on the delays", "[threshold]") {
  ParamValues graph;
  graph.set("nodes", 2000.0);
  graph.set("mean_degree", 4.0);
  hearsay::RandomStream network_rng(master_seed, hearsay::StreamPurpose::network);
  const Network network = hearsay::generate_network("erdos_renyi", graph, network_rng);
  const auto& model = threshold::entry();
  const auto grid = hearsay::make_time_grid(1e6, 1e6);
  for (const std::string variant : {"watts", "linear"}) {
    std::vector<double> finals;
    for (double delay : {0.0, 0.5, 1.0, 7.0}) {
      const ParamValues params = hearsay::testing::params_with(
          model.info, {{"variant", variant}, {"phi_sd", 0.1}, {"delay_mean", delay}});
      const RunOutput out = hearsay::testing::run_once(model, &network, params, {3, 17, 99}, grid,
                                                       hearsay::derive_seed(master_seed, 20));
      finals.push_back(out.summary[0]);
    }
    INFO(variant << ": final adopters " << finals[0]);
    CHECK(finals[0] > 3);
    for (double f : finals) CHECK(f == finals[0]);
  }
}

TEST_CASE("threshold: ring adopts fully at phi = 1/2 and not at all above", "[threshold]") {
  ParamValues ring;
  ring.set("nodes", 100.0);
  ring.set("k", 1.0);
  hearsay::RandomStream rng(master_seed, hearsay::StreamPurpose::network);
  const Network network = hearsay::generate_network("ring", ring, rng);
  const auto& model = threshold::entry();
  const auto grid = hearsay::make_time_grid(1000, 1);
  const RunOutput all = hearsay::testing::run_once(
      model, &network, hearsay::testing::params_with(model.info, {{"phi", 0.5}}), {0}, grid, 1);
  CHECK(all.summary[0] == 100);
  CHECK(all.summary[2] == 1);
  CHECK(all.series.front() == 1);
  CHECK(all.series.back() == 100);
  const RunOutput none = hearsay::testing::run_once(
      model, &network, hearsay::testing::params_with(model.info, {{"phi", 0.51}}), {0}, grid, 1);
  CHECK(none.summary[0] == 1);
  CHECK(none.summary[2] == 0);
}

TEST_CASE(
    "threshold: linear threshold from a leaf reaches a k-star's hub with probability 1/k "
    "(Kempe, Kleinberg & Tardos 2003)",
    "[validation][threshold]") {
  // The hub weighs each of its k leaves 1/k and draws its threshold uniformly: one adopting
  // leaf tips it with probability 1/k, and then every leaf (weight 1 from the hub) adopts.
  // Final size is k + 1 with probability 1/k, else 1: mean 1 + (1/k) k = 2 for every k.
  const NodeId k = 4;
  hearsay::EdgeBuffer edges;
  for (NodeId leaf = 1; leaf <= k; ++leaf) edges.add(0, leaf);
  const Network star = hearsay::build_network(k + 1, std::move(edges), false);
  const auto& model = threshold::entry();
  const ParamValues params =
      hearsay::testing::params_with(model.info, {{"variant", std::string("linear")}});
  const auto grid = hearsay::make_time_grid(1000, 1000);
  const int runs = 4000;
  std::vector<double> sizes;
  double hub = 0;
  for (int r = 0; r < runs; ++r) {
    const RunOutput out = hearsay::testing::run_once(model, &star, params, {1}, grid,
                                                     hearsay::derive_seed(master_seed, 30, r));
    sizes.push_back(out.summary[0]);
    hub += out.summary[0] == k + 1;
    REQUIRE((out.summary[0] == 1 || out.summary[0] == k + 1));
  }
  const auto [mean, sd] = hearsay::testing::mean_sd(sizes);
  INFO("final size: mean " << mean << " sd " << sd << ", hub reached " << hub / runs);
  CHECK(std::abs(mean - 2.0) <= 4 * sd / std::sqrt(runs * 1.0));
  const double p = 1.0 / k;
  CHECK(std::abs(hub / runs - p) <= 4 * std::sqrt(p * (1 - p) / runs));
}

TEST_CASE("threshold: linear threshold with tie weights uses the listener's share", "[threshold]") {
  // Hub 0 with leaves 1 (weight 3) and 2 (weight 1): leaf 1 alone tips the hub with
  // probability 3/4, leaf 2 alone with 1/4.
  hearsay::EdgeBuffer edges;
  edges.add(0, 1);
  edges.add(0, 2);
  edges.weights = {3.0f, 1.0f};
  const Network network = hearsay::build_network(3, std::move(edges), false);
  REQUIRE(network.has_weights());
  const auto& model = threshold::entry();
  const ParamValues params =
      hearsay::testing::params_with(model.info, {{"variant", std::string("linear")}});
  const auto grid = hearsay::make_time_grid(100, 100);
  const int runs = 4000;
  for (const auto& [leaf, p] : {std::pair<NodeId, double>{1, 0.75}, {2, 0.25}}) {
    double hub = 0;
    for (int r = 0; r < runs; ++r) {
      const RunOutput out = hearsay::testing::run_once(
          model, &network, params, {leaf}, grid, hearsay::derive_seed(master_seed, 40 + leaf, r));
      hub += out.summary[0] == 3;
    }
    INFO("leaf " << leaf << ": hub reached " << hub / runs);
    CHECK(std::abs(hub / runs - p) <= 4 * std::sqrt(p * (1 - p) / runs));
  }
}
