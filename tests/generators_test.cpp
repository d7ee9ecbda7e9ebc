// Tests of the network generators against their defining properties and theory.
#include "sim/network/generators.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/network/network_stats.hpp"

namespace hearsay {
namespace {

ParamValues values(std::initializer_list<std::pair<const char*, ParamValues::Value>> list) {
  ParamValues out;
  for (const auto& [name, value] : list) out.set(name, value);
  return out;
}

Network make(const std::string& generator, const ParamValues& params, std::uint64_t seed = 1,
             BuildReport* report = nullptr) {
  RandomStream rng(seed, StreamPurpose::network);
  return generate_network(generator, params, rng, report);
}

/// Every row sorted, no self-loop, no repeated neighbour, and u in N(v) iff v in N(u).
bool simple_undirected(const Network& g) {
  for (NodeId u = 0; u < g.nodes(); ++u) {
    const auto r = g.neighbours(u);
    for (std::size_t j = 0; j < r.size(); ++j) {
      if (r[j] == u || (j > 0 && r[j - 1] >= r[j])) return false;
      const auto back = g.neighbours(r[j]);
      if (!std::binary_search(back.begin(), back.end(), u)) return false;
    }
  }
  return true;
}

bool same_network(const Network& a, const Network& b) {
  return a.nodes() == b.nodes() && std::ranges::equal(a.offsets(), b.offsets()) &&
         std::ranges::equal(a.targets(), b.targets());
}

bool has_edge(const Network& g, NodeId u, NodeId v) {
  const auto r = g.neighbours(u);
  return std::binary_search(r.begin(), r.end(), v);
}

/// |x - mean| within z standard deviations.
bool within(double x, double mean, double sd, double z = 4) {
  return std::abs(x - mean) <= z * sd;
}

std::filesystem::path temp_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("hearsay_generators_test_" + name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("generators: catalog schemas are complete and consistent", "[network]") {
  const GeneratorRegistry& catalog = generator_registry();
  std::set<std::string> names;
  for (const GeneratorEntry* entry : catalog.entries()) {
    const GeneratorInfo& g = entry->info;
    INFO(g.name);
    CHECK(names.insert(g.name).second);
    CHECK(catalog.find(g.name) == entry);
    CHECK_FALSE(g.summary.empty());
    CHECK_FALSE(g.reference.empty());
    bool has_nodes = false;
    for (const ParamSpec& p : g.params) {
      INFO(p.name);
      CHECK(p.name != "fixed");
      CHECK_FALSE(p.help.empty());
      CHECK(p.min <= p.max);
      if (p.name == "nodes") {
        has_nodes = true;
        CHECK(p.kind == ParamKind::integer);
        CHECK(p.min == 1);
        CHECK(p.max == 4294967294.0);
        // The configuration model takes its agent count from degree_file when given.
        CHECK((p.required || g.name == "configuration"));
      }
      if (p.unit == "probability") CHECK((p.min == 0 && p.max == 1));
      CHECK_FALSE((p.required && !std::isnan(p.default_value)));
    }
    CHECK((has_nodes || g.name == "sbm" || g.name == "edge_list" || g.name == "graphml"));
  }
  CHECK(names.size() == 11);
  CHECK(generator_registry().find("no_such") == nullptr);
  CHECK_FALSE(generator_registry().at("ring").info.random);
  CHECK(generator_registry().at("barabasi_albert").info.random);
}

TEST_CASE("generators: unknown names and bad parameters are rejected", "[network]") {
  RandomStream rng(1, StreamPurpose::network);
  try {
    generate_network("barabasi_albret", values({{"nodes", 10.0}}), rng);
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Catch::Contains("did you mean 'barabasi_albert'"));
  }
  CHECK_THROWS_AS(make("ring", values({{"nodes", 10.0}, {"k", 5.0}})), std::invalid_argument);
  CHECK_THROWS_AS(make("watts_strogatz", values({{"nodes", 8.0}, {"k", 4.0}, {"rewire", 0.1}})),
                  std::invalid_argument);
  CHECK_THROWS_AS(make("barabasi_albert", values({{"nodes", 5.0}, {"m", 5.0}})),
                  std::invalid_argument);
  CHECK_THROWS_AS(make("random_regular", values({{"nodes", 5.0}, {"degree", 3.0}})),
                  std::invalid_argument);
  CHECK_THROWS_AS(make("random_regular", values({{"nodes", 5.0}, {"degree", 5.0}})),
                  std::invalid_argument);
  CHECK_THROWS_AS(make("erdos_renyi", values({{"nodes", 10.0}, {"mean_degree", 9.5}})),
                  std::invalid_argument);
  CHECK_THROWS_AS(make("erdos_renyi", values({{"nodes", 10.0}})), std::invalid_argument);
  CHECK_THROWS_AS(make("erdos_renyi", values({{"nodes", 0.0}, {"mean_degree", 1.0}})),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      make("sbm", values({{"sizes", std::vector<double>{10, 10}}, {"p_in", 1.5}, {"p_out", 0.1}})),
      std::invalid_argument);
  CHECK_THROWS_AS(
      make("configuration", values({{"nodes", 10.0}, {"min_degree", 5.0}, {"max_degree", 3.0}})),
      std::invalid_argument);
  CHECK_THROWS_AS(make("configuration", values({{"nodes", 10.0}, {"max_degree", 10.0}})),
                  std::invalid_argument);
  CHECK_THROWS_AS(make("clustered_weak_ties",
                       values({{"nodes", 10.0}, {"clique_size", 10.0}, {"weak_ties", 1.0}})),
                  std::invalid_argument);
}

TEST_CASE("generators: complete and ring are exact", "[network]") {
  const Network k = make("complete", values({{"nodes", 30.0}}));
  CHECK(k.edges() == 30 * 29 / 2);
  CHECK(simple_undirected(k));
  for (NodeId v = 0; v < 30; ++v) CHECK(k.degree(v) == 29);

  const Network r = make("ring", values({{"nodes", 20.0}, {"k", 3.0}}));
  CHECK(r.edges() == 60);
  CHECK(simple_undirected(r));
  for (NodeId v = 0; v < 20; ++v) {
    CHECK(r.degree(v) == 6);
    for (NodeId j = 1; j <= 3; ++j) CHECK(has_edge(r, v, (v + j) % 20));
  }
  const Network one = make("complete", values({{"nodes", 1.0}}));
  CHECK(one.nodes() == 1);
  CHECK(one.edges() == 0);
}

TEST_CASE("generators: erdos_renyi edge count and degrees follow the binomial law", "[network]") {
  const double n = 2000;
  const double mean_degree = 10;
  const double p = mean_degree / (n - 1);
  const double pairs = n * (n - 1) / 2;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const Network g =
        make("erdos_renyi", values({{"nodes", n}, {"mean_degree", mean_degree}}), seed);
    CHECK(simple_undirected(g));
    // Edge count ~ Binomial(n(n-1)/2, p).
    CHECK(within(static_cast<double>(g.edges()), pairs * p, std::sqrt(pairs * p * (1 - p))));
    // Degrees ~ Binomial(n-1, p): sample variance has sd sqrt((mu4 - sigma^4) / n) with the
    // binomial's fourth central moment mu4 = s(1 + 3(n-3)pq) for s = (n-1)pq.
    const double q = 1 - p;
    const double s2 = (n - 1) * p * q;
    const double mu4 = s2 * (1 + 3 * (n - 3) * p * q);
    const NetworkStats stats = network_stats(g);
    CHECK(within(stats.degree_sd * stats.degree_sd, s2, std::sqrt((mu4 - s2 * s2) / n)));
    // P(degree = 10) against the binomial probability.
    const double pk = std::exp(std::lgamma(n) - std::lgamma(11.0) - std::lgamma(n - 10) +
                               10 * std::log(p) + (n - 11) * std::log(q));
    double at10 = 0;
    for (NodeId v = 0; v < g.nodes(); ++v) at10 += g.degree(v) == 10;
    CHECK(within(at10 / n, pk, std::sqrt(pk * (1 - pk) / n)));
  }
}

TEST_CASE("generators: erdos_renyi extremes and large sparse graphs", "[network]") {
  const Network empty = make("erdos_renyi", values({{"nodes", 100.0}, {"mean_degree", 0.0}}));
  CHECK(empty.edges() == 0);
  const Network full = make("erdos_renyi", values({{"nodes", 40.0}, {"mean_degree", 39.0}}));
  CHECK(full.edges() == 40 * 39 / 2);
  const Network single = make("erdos_renyi", values({{"nodes", 1.0}, {"mean_degree", 0.0}}));
  CHECK(single.edges() == 0);

  const double n = 200000;
  const double p = 3 / (n - 1);
  const double pairs = n * (n - 1) / 2;
  const Network big = make("erdos_renyi", values({{"nodes", n}, {"mean_degree", 3.0}}), 9);
  CHECK(within(static_cast<double>(big.edges()), pairs * p, std::sqrt(pairs * p * (1 - p))));
  // Isolated fraction (1 - p)^(n-1) ~ e^-3.
  const double p0 = std::pow(1 - p, n - 1);
  CHECK(within(static_cast<double>(network_stats(big).isolated) / n, p0,
               std::sqrt(p0 * (1 - p0) / n)));
}

TEST_CASE("generators: barabasi_albert exact edge count, minimum degree and power-law tail",
          "[network]") {
  const NodeId n = 50000;
  const NodeId m = 3;
  const Network g = make("barabasi_albert", values({{"nodes", double(n)}, {"m", double(m)}}), 3);
  CHECK(g.edges() == std::uint64_t{m} * (n - m - 1) + m * (m + 1) / 2);
  CHECK(simple_undirected(g));
  std::uint32_t min_degree = n;
  for (NodeId v = 0; v < n; ++v) min_degree = std::min(min_degree, g.degree(v));
  CHECK(min_degree == m);
  // Stationary law P(k) = 2m(m+1) / (k(k+1)(k+2)) (Dorogovtsev, Mendes & Samukhin 2000;
  // Bollobas et al. 2001); its tail sums telescopically to P(degree >= K) = m(m+1) / (K(K+1)).
  // Tolerance: 4 binomial standard deviations of the count (over seeds 1-10 the z-scores stay
  // within +-1.5, so the correlation between degrees and finite-size effects are small here).
  for (const double K : {4.0, 6.0, 10.0, 20.0, 40.0}) {
    INFO("K = " << K);
    const double tail = m * (m + 1.0) / (K * (K + 1));
    double observed = 0;
    for (NodeId v = 0; v < n; ++v) observed += g.degree(v) >= K;
    observed /= n;
    CHECK(within(observed, tail, std::sqrt(tail * (1 - tail) / n)));
  }
  // Hubs grow like sqrt(n): the oldest agents hold the largest degrees.
  CHECK(network_stats(g).max_degree > 10 * m);
}

TEST_CASE("generators: barabasi_albert small cases", "[network]") {
  const Network tree = make("barabasi_albert", values({{"nodes", 100.0}, {"m", 1.0}}));
  CHECK(tree.edges() == 99);
  CHECK(network_stats(tree).components == 1);
  const Network clique = make("barabasi_albert", values({{"nodes", 6.0}, {"m", 5.0 - 0.0}}));
  CHECK(clique.edges() == 15);
}

TEST_CASE("generators: watts_strogatz without rewiring is the ring lattice", "[network]") {
  for (const NodeId k : {1u, 2u, 3u, 5u}) {
    INFO("k = " << k);
    const Network g =
        make("watts_strogatz", values({{"nodes", 500.0}, {"k", double(k)}, {"rewire", 0.0}}));
    const Network ring = make("ring", values({{"nodes", 500.0}, {"k", double(k)}}));
    CHECK(same_network(g, ring));
    // Clustering of the ring lattice (Watts & Strogatz 1998; Barrat & Weigt 2000).
    const double c0 = 3.0 * (k - 1) / (2.0 * (2 * k - 1));
    const NetworkStats s = network_stats(g);
    CHECK(s.clustering_mean_local == Approx(c0));
    CHECK(s.clustering_global == Approx(c0));
  }
}

TEST_CASE("generators: watts_strogatz rewiring keeps the edge count and moves the expected share",
          "[network]") {
  const double n = 10000;
  const double k = 5;
  for (const double rewire : {0.2, 1.0}) {
    INFO("rewire = " << rewire);
    const Network g =
        make("watts_strogatz", values({{"nodes", n}, {"k", k}, {"rewire", rewire}}), 4);
    CHECK(double(g.edges()) == n * k);
    CHECK(simple_undirected(g));
    // Edges longer than k around the ring were rewired: Binomial(nk, rewire), less those whose
    // new end landed back within reach, which happens with chance below 2k/n (free slots only).
    double long_edges = 0;
    for (NodeId u = 0; u < g.nodes(); ++u)
      for (NodeId v : g.neighbours(u)) {
        const double d = std::abs(double(u) - double(v));
        long_edges += u < v && std::min(d, n - d) > k;
      }
    const double back = 2 * k / n;
    const double sd = std::sqrt(n * k * rewire * (1 - rewire + back));
    INFO("long edges " << long_edges);
    CHECK(long_edges >= n * k * rewire * (1 - back) - 4 * sd);
    CHECK(long_edges <= n * k * rewire + 4 * sd);
  }
  // Small rewiring keeps clustering near C(0)(1 - p)^3 (Barrat & Weigt 2000).
  const Network g = make("watts_strogatz", values({{"nodes", n}, {"k", k}, {"rewire", 0.05}}), 5);
  const double c0 = 3 * (k - 1) / (2 * (2 * k - 1));
  CHECK(network_stats(g).clustering_global == Approx(c0 * std::pow(0.95, 3)).epsilon(0.03));
}

TEST_CASE("generators: random_regular is exactly regular and simple", "[network]") {
  RandomStream rng(11, StreamPurpose::network);
  for (NodeId n = 1; n <= 24; ++n) {
    for (NodeId d = 0; d < n; ++d) {
      if ((n * d) % 2) continue;
      INFO("n = " << n << ", d = " << d);
      const Network g = generate_network(
          "random_regular", values({{"nodes", double(n)}, {"degree", double(d)}}), rng);
      CHECK(simple_undirected(g));
      CHECK(g.edges() == std::uint64_t{n} * d / 2);
      for (NodeId v = 0; v < n; ++v) CHECK(g.degree(v) == d);
    }
  }
  const Network big = make("random_regular", values({{"nodes", 100000.0}, {"degree", 6.0}}));
  CHECK(simple_undirected(big));
  for (NodeId v = 0; v < big.nodes(); ++v) REQUIRE(big.degree(v) == 6);
}

TEST_CASE("generators: random_regular is uniform on small graphs", "[network]") {
  RandomStream rng(12, StreamPurpose::network);
  // 1-regular on 4 agents: one of 3 perfect matchings, each with chance 1/3.
  std::map<NodeId, double> partner_of_0;
  const double runs = 3000;
  for (int i = 0; i < runs; ++i) {
    const Network g =
        generate_network("random_regular", values({{"nodes", 4.0}, {"degree", 1.0}}), rng);
    partner_of_0[g.neighbours(0)[0]] += 1;
  }
  REQUIRE(partner_of_0.size() == 3);
  for (const auto& [v, count] : partner_of_0)
    CHECK(within(count, runs / 3, std::sqrt(runs * (1.0 / 3) * (2.0 / 3))));
  // 2-regular on 6 agents: 60 labelled hexagons and 10 labelled pairs of triangles, so a
  // uniform draw gives two triangles with chance 1/7.
  double triangles = 0;
  for (int i = 0; i < runs; ++i) {
    const Network g =
        generate_network("random_regular", values({{"nodes", 6.0}, {"degree", 2.0}}), rng);
    const auto r = g.neighbours(0);
    triangles += has_edge(g, r[0], r[1]);
  }
  CHECK(within(triangles, runs / 7, std::sqrt(runs * (1.0 / 7) * (6.0 / 7))));
}

TEST_CASE("generators: sbm block densities match p_in and p_out", "[network]") {
  const std::vector<double> sizes{300, 200, 500};
  const double p_in = 0.05;
  const double p_out = 0.004;
  const Network g = make("sbm", values({{"sizes", sizes}, {"p_in", p_in}, {"p_out", p_out}}), 6);
  CHECK(g.nodes() == 1000);
  REQUIRE(g.has_communities());
  CHECK(simple_undirected(g));
  std::vector<NodeId> block_start{0, 300, 500, 1000};
  for (NodeId v = 0; v < 1000; ++v) CHECK(g.community(v) == (v < 300 ? 0u : v < 500 ? 1u : 2u));
  double count[3][3] = {};
  for (NodeId u = 0; u < g.nodes(); ++u)
    for (NodeId v : g.neighbours(u))
      if (u < v) count[g.community(u)][g.community(v)] += 1;
  for (int r = 0; r < 3; ++r)
    for (int s = r; s < 3; ++s) {
      INFO("blocks " << r << ", " << s);
      const double pairs = r == s ? sizes[r] * (sizes[r] - 1) / 2 : sizes[r] * sizes[s];
      const double p = r == s ? p_in : p_out;
      CHECK(within(count[r][s], pairs * p, std::sqrt(pairs * p * (1 - p))));
    }
  // Many small blocks stay cheap and exact at the extremes.
  const Network blocks =
      make("sbm", values({{"sizes", std::vector<double>(2000, 5)}, {"p_in", 1.0}, {"p_out", 0.0}}));
  CHECK(blocks.edges() == 2000 * 10);
  CHECK(network_stats(blocks).components == 2000);
}

TEST_CASE("generators: clustered_weak_ties builds personal circles and weak ties", "[network]") {
  const double n = 2005;  // 200 circles of 10 and a last circle of 5
  const double q = 10;
  const double weak = 3;
  BuildReport report;
  const Network g =
      make("clustered_weak_ties",
           values({{"nodes", n}, {"clique_size", q}, {"weak_ties", weak}, {"weak_weight", 0.25}}),
           8, &report);
  REQUIRE(g.has_ties());
  REQUIRE(g.has_weights());
  REQUIRE(g.has_communities());
  CHECK(simple_undirected(g));
  double weak_edges = 0;
  for (NodeId u = 0; u < g.nodes(); ++u) {
    CHECK(g.community(u) == u / 10);
    const NodeId circle = u / 10 * 10;
    const NodeId circle_end = std::min<NodeId>(circle + 10, 2005);
    for (NodeId v = circle; v < circle_end; ++v)
      if (v != u) CHECK(has_edge(g, u, v));
    const auto r = g.neighbours(u);
    for (std::size_t j = 0; j < r.size(); ++j) {
      const std::uint64_t a = g.first_arc(u) + j;
      const bool same_circle = g.community(r[j]) == g.community(u);
      CHECK(g.tie(a) == (same_circle ? Tie::strong : Tie::weak));
      CHECK(g.weight(a) == (same_circle ? 1.0f : 0.25f));
      weak_edges += !same_circle && u < r[j];
    }
  }
  // Weak ties started: Poisson(n weak / 2); repeats are dropped and reported.
  const double started = weak_edges + static_cast<double>(report.duplicates);
  CHECK(within(started, n * weak / 2, std::sqrt(n * weak / 2)));
  CHECK(report.duplicates < 10);
  const double strong = 200 * 45 + 10;
  CHECK(double(g.edges()) == strong + weak_edges);
}

TEST_CASE("generators: configuration respects degree bounds and conserves stubs", "[network]") {
  const double n = 20000;
  const double gamma = 2.5;
  const double kmin = 2;
  const double kmax = 60;
  BuildReport report;
  const Network g =
      make("configuration",
           values({{"nodes", n}, {"exponent", gamma}, {"min_degree", kmin}, {"max_degree", kmax}}),
           10, &report);
  CHECK(simple_undirected(g));
  CHECK(network_stats(g).max_degree <= kmax);
  // Stubs ~ n x E[k] with per-agent variance Var(k) of the truncated power law; the erased
  // model only drops loops and repeats, and the report accounts for them.
  double z = 0, m1 = 0, m2 = 0;
  for (double k = kmin; k <= kmax; ++k) {
    const double w = std::pow(k, -gamma);
    z += w;
    m1 += w * k;
    m2 += w * k * k;
  }
  m1 /= z;
  m2 /= z;
  const double stubs = 2.0 * static_cast<double>(g.edges() + report.self_loops + report.duplicates);
  CHECK(within(stubs, n * m1, std::sqrt(n * (m2 - m1 * m1)) + 1));
  CHECK(report.self_loops + report.duplicates > 0);
  // The share of degree 2 follows P(2) = 2^-gamma / z, up to the few agents that erasing moved
  // (two per dropped edge at most).
  const double p2 = std::pow(2.0, -gamma) / z;
  double at2 = 0;
  for (NodeId v = 0; v < g.nodes(); ++v) at2 += g.degree(v) == 2;
  const double erased = 2.0 * static_cast<double>(report.self_loops + report.duplicates) / n;
  CHECK(std::abs(at2 / n - p2) <= 4 * std::sqrt(p2 * (1 - p2) / n) + erased);
}

TEST_CASE("generators: configuration from a degree file", "[network]") {
  const auto path = temp_file("degrees.txt", "# degrees\n3\n3\n2\n2\n\n2\n1 \n");  // sum 13: odd
  BuildReport report;
  const Network g = make("configuration", values({{"degree_file", path.string()}}), 2, &report);
  CHECK(g.nodes() == 6);
  // The odd stub count gains one stub: 14 stubs = 7 edges before erasing.
  CHECK(g.edges() + report.self_loops + report.duplicates == 7);
  CHECK_THROWS_AS(make("configuration", values({{"degree_file", path.string()}, {"nodes", 5.0}})),
                  std::invalid_argument);
  const auto bad = temp_file("bad_degrees.txt", "3\nx\n");
  try {
    make("configuration", values({{"degree_file", bad.string()}}));
    FAIL("no exception");
  } catch (const RuntimeError& e) {
    CHECK_THAT(e.what(), Catch::Contains("bad_degrees.txt:2"));
  }
  CHECK_THROWS_AS(make("configuration", values({{"degree_file", std::string("/nonexistent/d")}})),
                  RuntimeError);
  std::filesystem::remove(path);
  std::filesystem::remove(bad);
}

TEST_CASE("generators: the same stream gives the same network, another stream another",
          "[network]") {
  const std::vector<std::pair<std::string, ParamValues>> cases{
      {"erdos_renyi", values({{"nodes", 500.0}, {"mean_degree", 4.0}})},
      {"random_regular", values({{"nodes", 500.0}, {"degree", 4.0}})},
      {"watts_strogatz", values({{"nodes", 500.0}, {"k", 2.0}, {"rewire", 0.3}})},
      {"barabasi_albert", values({{"nodes", 500.0}, {"m", 2.0}})},
      {"configuration", values({{"nodes", 500.0}, {"max_degree", 30.0}})},
      {"sbm", values({{"sizes", std::vector<double>{250, 250}}, {"p_in", 0.02}, {"p_out", 0.002}})},
      {"clustered_weak_ties", values({{"nodes", 500.0}, {"clique_size", 5.0}, {"weak_ties", 2.0}})},
  };
  for (const auto& [name, params] : cases) {
    INFO(name);
    CHECK(generator_registry().at(name).info.random);
    const Network a = make(name, params, 42);
    const Network b = make(name, params, 42);
    const Network c = make(name, params, 43);
    CHECK(same_network(a, b));
    CHECK_FALSE(same_network(a, c));
  }
}

TEST_CASE("generators: memory estimates match built networks", "[network]") {
  const ParamValues ba = values({{"nodes", 10000.0}, {"m", 3.0}});
  CHECK(estimate_network_bytes("barabasi_albert", ba) ==
        make("barabasi_albert", ba).memory_bytes());
  const ParamValues ring = values({{"nodes", 1000.0}, {"k", 4.0}});
  CHECK(estimate_network_bytes("ring", ring) == make("ring", ring).memory_bytes());
  const ParamValues er = values({{"nodes", 10000.0}, {"mean_degree", 8.0}});
  CHECK(double(estimate_network_bytes("erdos_renyi", er)) ==
        Approx(double(make("erdos_renyi", er).memory_bytes())).epsilon(0.02));
  const ParamValues cwt = values({{"nodes", 1000.0}, {"clique_size", 10.0}, {"weak_ties", 2.0}});
  CHECK(double(estimate_network_bytes("clustered_weak_ties", cwt)) ==
        Approx(double(make("clustered_weak_ties", cwt).memory_bytes())).epsilon(0.03));
  // A million agents with m = 5: 8 MB of offsets and 40 MB of targets.
  CHECK(estimate_network_bytes("barabasi_albert", values({{"nodes", 1e6}, {"m", 5.0}})) ==
        8 * (1000000 + 1) + 4 * 2 * (5ull * (1000000 - 6) + 15));
  CHECK_THROWS_AS(estimate_network_bytes("ring", values({{"nodes", 4.0}, {"k", 2.0}})),
                  std::invalid_argument);
}

}  // namespace hearsay
