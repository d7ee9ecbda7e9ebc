// The runner: results are a pure function of (scenario, seed), whatever the thread count.
#include "sim/run/runner.hpp"

#include <catch2/catch.hpp>

#include "models/registry.hpp"
#include "sim/scenario/scenario.hpp"

using namespace hearsay;

namespace {

Scenario tiny_sir(const std::vector<std::string>& overrides = {}) {
  const std::string text = R"(
name: tiny
seed: 2026
replications: 8
time: {end: 30, sample_every: 1}
network: {generator: erdos_renyi, nodes: 2000, mean_degree: 5}
model: {name: sir, beta: 0.4, gamma: 1.0}
seeding: {count: 3}
)";
  return parse_scenario(text, "tiny.yaml", overrides, model_registry());
}

}  // namespace

TEST_CASE("runner: 1 and 2 threads give identical results", "[runner][determinism]") {
  const Scenario scenario = tiny_sir();
  const ModelEntry& sir = model_registry().at("sir");
  RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const ScenarioResult a = run_scenario(scenario, sir, one);
  const ScenarioResult b = run_scenario(scenario, sir, two);
  REQUIRE(a.events == b.events);
  REQUIRE(a.summary == b.summary);
  REQUIRE(a.events > 0);
}

TEST_CASE("runner: replications differ, and a new master seed changes them", "[runner]") {
  const ModelEntry& sir = model_registry().at("sir");
  const ScenarioResult a = run_scenario(tiny_sir(), sir, {});
  bool any_differ = false;
  for (std::size_t r = 1; r < a.summary.size(); ++r) any_differ |= a.summary[r] != a.summary[0];
  REQUIRE(any_differ);
  const ScenarioResult b = run_scenario(tiny_sir({"seed=2027"}), sir, {});
  REQUIRE(a.summary != b.summary);
}

TEST_CASE("runner: a fixed network is the same for every replication", "[runner]") {
  const Scenario scenario = tiny_sir({"network.fixed=true"});
  const Network n0 = build_scenario_network(scenario, 0);
  const Network n5 = build_scenario_network(scenario, 5);
  REQUIRE(std::equal(n0.targets().begin(), n0.targets().end(), n5.targets().begin(),
                     n5.targets().end()));
  const Scenario varying = tiny_sir();
  const Network v0 = build_scenario_network(varying, 0);
  const Network v5 = build_scenario_network(varying, 5);
  REQUIRE_FALSE(std::equal(v0.targets().begin(), v0.targets().end(), v5.targets().begin(),
                           v5.targets().end()));
}

TEST_CASE("runner: seeds derive from identity, not from position", "[runner]") {
  REQUIRE(run_seed(1, 0, 1) != run_seed(1, 0, 2));
  REQUIRE(run_seed(1, 0, 1) != run_seed(1, 1, 0));
  REQUIRE(run_seed(1, 0, 1) != run_seed(2, 0, 0) + 1);
  REQUIRE(network_seed(1, 3) != run_seed(1, 0, 3));
}

TEST_CASE("runner: too many seeds are refused before anything runs", "[runner]") {
  // The loader or the runner refuses it; either way nothing runs.
  auto load_and_run = [] {
    return run_scenario(tiny_sir({"seeding.count=2001"}), model_registry().at("sir"), {});
  };
  REQUIRE_THROWS_WITH(load_and_run(), Catch::Contains("2001"));
}
