// Network generators, their parameter schemas, and memory estimates.
#include "sim/network/generators.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <bit>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/core/error.hpp"
#include "sim/files/input_file.hpp"
#include "sim/network/edge_list.hpp"

namespace hearsay {
namespace {

constexpr double max_nodes = 4294967294.0;  // 2^32 - 2: ids and id + 1 both fit in NodeId

// ---------------------------------------------------------------------------------------------
// Schemas

ParamSpec nodes_param() {
  ParamSpec p;
  p.name = "nodes";
  p.kind = ParamKind::integer;
  p.unit = "agents";
  p.help = "number of agents (nodes) in the network";
  p.min = 1;
  p.max = max_nodes;
  p.required = true;
  return p;
}

ParamSpec integer_param(std::string name, std::string unit, std::string help, double min,
                        double max = max_nodes) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::integer;
  p.unit = std::move(unit);
  p.help = std::move(help);
  p.min = min;
  p.max = max;
  p.required = true;
  return p;
}

ParamSpec real_param(std::string name, std::string unit, std::string help, double min,
                     double max = std::numeric_limits<double>::infinity()) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::real;
  p.unit = std::move(unit);
  p.help = std::move(help);
  p.min = min;
  p.max = max;
  p.required = true;
  return p;
}

ParamSpec probability_param(std::string name, std::string help) {
  return real_param(std::move(name), "probability", std::move(help), 0, 1);
}

ParamSpec with_default(ParamSpec p, double value, std::string source) {
  p.required = false;
  p.default_value = value;
  p.source = std::move(source);
  return p;
}

ParamSpec optional(ParamSpec p) {
  p.required = false;
  p.optional = true;
  return p;
}

const char* const batagelj_brandes = "Batagelj & Brandes (2005), Phys. Rev. E 71:036113";

std::vector<GeneratorInfo> make_catalog() {
  std::vector<GeneratorInfo> catalog;

  catalog.push_back({"complete",
                     "every pair of agents is tied (well-mixed population)",
                     "complete graph K_n; the mixing assumption of Bass (1969), Management "
                     "Science 15(5):215-227",
                     {nodes_param()},
                     false});

  catalog.push_back(
      {"ring",
       "ring lattice: each agent tied to its k nearest neighbours on each side",
       "ring lattice, the rewire = 0 limit of Watts & Strogatz (1998), Nature "
       "393:440-442",
       {nodes_param(),
        integer_param("k", "neighbours per side",
                      "ties to each side of an agent (degree 2k); needs 2k < nodes", 1)},
       false});

  catalog.push_back(
      {"erdos_renyi",
       "G(n, p) random graph with p = mean_degree / (nodes - 1)",
       std::string("Erdos & Renyi (1959), Publ. Math. Debrecen 6:290-297; Gilbert (1959), Ann. "
                   "Math. Stat. 30:1141-1144; sampled by geometric skipping, ") +
           batagelj_brandes,
       {nodes_param(), real_param("mean_degree", "ties per agent",
                                  "expected degree (n - 1) p; at most nodes - 1", 0)}});

  catalog.push_back(
      {"random_regular",
       "uniformly random simple graph where every agent has the same degree",
       "pairing model of Bollobas (1980), Eur. J. Combin. 1:311-316; loops and multi-edges "
       "repaired by degree-preserving edge switches (Milo et al. 2003, arXiv:cond-mat/0312028)",
       {nodes_param(), integer_param("degree", "ties per agent",
                                     "degree of every agent; < nodes, nodes x degree even", 0)}});

  catalog.push_back(
      {"watts_strogatz",
       "small world: ring lattice whose ties are rewired at random",
       "Watts & Strogatz (1998), Collective dynamics of 'small-world' networks, Nature "
       "393:440-442",
       {nodes_param(),
        integer_param("k", "neighbours per side",
                      "lattice ties to each side of an agent (degree 2k); needs 2k < nodes", 1),
        probability_param("rewire",
                          "chance that each lattice tie's far end moves to a random "
                          "agent")}});

  catalog.push_back(
      {"barabasi_albert",
       "scale-free growth by linear preferential attachment",
       std::string("Barabasi & Albert (1999), Emergence of scaling in random networks, Science "
                   "286:509-512; repeated-endpoints sampling, ") +
           batagelj_brandes,
       {nodes_param(),
        integer_param("m", "ties per new agent",
                      "ties each arriving agent makes to distinct existing agents; < nodes", 1)}});

  {
    ParamSpec degree_file;
    degree_file.name = "degree_file";
    degree_file.kind = ParamKind::text;
    degree_file.help =
        "text file with one degree per line (replaces exponent/min_degree/max_degree)";
    degree_file.optional = true;
    ParamSpec nodes = optional(nodes_param());
    nodes.help = "number of agents; required for the power law, must match degree_file if given";
    catalog.push_back(
        {"configuration",
         "erased configuration model: power-law or given degrees, loops and multi-edges dropped",
         "Molloy & Reed (1995), Random Struct. Algorithms 6:161-180; erased variant: Britton, "
         "Deijfen & Martin-Lof (2006), J. Stat. Phys. 124:1377-1397",
         {nodes,
          with_default(real_param("exponent", "", "power-law exponent gamma of P(k) ~ k^-gamma", 0),
                       2.5, "assumption (typical of social networks, 2 < gamma < 3)"),
          with_default(integer_param("min_degree", "ties per agent",
                                     "smallest degree drawn from the power law", 1),
                       1, "assumption"),
          optional(integer_param("max_degree", "ties per agent",
                                 "largest degree drawn from the power law (default nodes - 1)", 1)),
          degree_file}});
  }

  {
    ParamSpec sizes;
    sizes.name = "sizes";
    sizes.kind = ParamKind::integer_list;
    sizes.unit = "agents";
    sizes.help = "size of each block (community), in agent-id order; total at most 2^32 - 2";
    sizes.min = 1;
    sizes.max = max_nodes;
    sizes.required = true;
    catalog.push_back(
        {"sbm",
         "stochastic block model: communities with dense ties inside, sparse across",
         std::string("Holland, Laskey & Leinhardt (1983), Social Networks 5:109-137; sampled by "
                     "geometric skipping per block, ") +
             batagelj_brandes,
         {sizes, probability_param("p_in", "tie probability for a pair in the same block"),
          probability_param("p_out", "tie probability for a pair in different blocks")}});
  }

  catalog.push_back(
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
            "assumption")}});

  {
    ParamSpec path;
    path.name = "path";
    path.kind = ParamKind::text;
    path.help = "edge list file: 'u v [weight]' per line, # or % comments, optionally .gz";
    path.required = true;
    ParamSpec directed;
    directed.name = "directed";
    directed.kind = ParamKind::boolean;
    directed.help = "read each line as an arc u -> v instead of an undirected tie";
    directed.default_value = 0;
    catalog.push_back({"edge_list",
                       "network read from a whitespace edge list (SNAP style)",
                       "SNAP edge-list format, Leskovec & Krevl (2014), "
                       "http://snap.stanford.edu/data",
                       {path, directed},
                       false});
  }
  return catalog;
}

// ---------------------------------------------------------------------------------------------
// Parameter access: values from the scenario, else the schema default, checked against the range
// (generate_network is also called directly, without the scenario loader's validation).

class Args {
 public:
  Args(const GeneratorInfo& info, const ParamValues& values) : info_(info), values_(values) {}

  bool has(const std::string& name) const { return values_.has(name); }

  double real(const std::string& name) const {
    const ParamSpec& spec = spec_of(name);
    double x = spec.default_value;
    if (values_.has(name)) {
      x = values_.real(name);
    } else if (std::isnan(x)) {
      fail(name, "parameter '" + name + "' is required", "add '" + name + ": ...'");
    }
    check_range(spec, x);
    return x;
  }

  std::uint64_t count(const std::string& name) const {
    const double x = real(name);
    if (x < 0 || x != std::floor(x))
      fail(name, "'" + name + "' must be a whole number >= 0", "give a whole number");
    return static_cast<std::uint64_t>(x);
  }

  NodeId nodes() const { return static_cast<NodeId>(count("nodes")); }

  bool flag(const std::string& name) const { return real(name) != 0; }

  const std::string& text(const std::string& name) const {
    if (!values_.has(name))
      fail(name, "parameter '" + name + "' is required", "add '" + name + ": ...'");
    return values_.text(name);
  }

  std::vector<std::uint64_t> counts(const std::string& name) const {
    const ParamSpec& spec = spec_of(name);
    if (!values_.has(name))
      fail(name, "parameter '" + name + "' is required", "add '" + name + ": [...]'");
    std::vector<std::uint64_t> out;
    for (double x : values_.list(name)) {
      check_range(spec, x);
      if (x != std::floor(x))
        fail(name, "'" + name + "' must hold whole numbers", "give whole numbers");
      out.push_back(static_cast<std::uint64_t>(x));
    }
    return out;
  }

  [[noreturn]] void fail(const std::string& key, const std::string& why,
                         const std::string& fix) const {
    throw GeneratorError(info_.name, key, why, fix);
  }

 private:
  const ParamSpec& spec_of(const std::string& name) const {
    for (const ParamSpec& p : info_.params)
      if (p.name == name) return p;
    fail(name, "has no parameter '" + name + "'", "remove it");
  }

  void check_range(const ParamSpec& spec, double x) const {
    const bool below = spec.min_exclusive ? !(x > spec.min) : !(x >= spec.min);
    if (below || !(x <= spec.max) || std::isnan(x))
      fail(
          spec.name,
          "'" + spec.name + "' = " + fmt::format("{:g}", x) + " is outside " + describe_range(spec),
          "use a value in " + describe_range(spec));
  }

  const GeneratorInfo& info_;
  const ParamValues& values_;
};

// ---------------------------------------------------------------------------------------------
// Shared sampling helpers

/// Draws the number of failures before the next success in Bernoulli(p) trials, 0 < p < 1, by
/// inverting the geometric distribution (Batagelj & Brandes 2005, eq. 1). Saturates far beyond
/// any pair count so callers can compare without overflow.
class GeometricSkip {
 public:
  explicit GeometricSkip(double p) : log_q_(std::log1p(-p)) {}
  std::uint64_t operator()(RandomStream& rng) const {
    const double s = std::floor(std::log(rng.uniform_pos()) / log_q_);
    return s < 0x1.0p62 ? static_cast<std::uint64_t>(s) : (std::uint64_t{1} << 62);
  }

 private:
  double log_q_;
};

/// Reserve room for a binomial edge count: mean plus six standard deviations, at most the cap.
void reserve_binomial(EdgeBuffer& edges, double pairs, double p, bool with_attributes = false) {
  const double mean = pairs * p;
  const double want = std::min(pairs, mean + 6 * std::sqrt(mean * (1 - p)) + 16);
  const auto n = edges.size() + static_cast<std::size_t>(want);
  edges.from.reserve(n);
  edges.to.reserve(n);
  if (with_attributes) {
    edges.ties.reserve(n);
    edges.weights.reserve(n);
  }
}

/// All pairs of [first, first + n).
void add_clique(EdgeBuffer& edges, NodeId first, NodeId n) {
  for (NodeId i = 0; i < n; ++i)
    for (NodeId j = i + 1; j < n; ++j) edges.add(first + i, first + j);
}

/// G(n, p) on [first, first + n): walks the lower triangle (v, w < v) in row order, jumping over
/// non-edges with geometric skips, so the cost is O(n + edges) (Batagelj & Brandes 2005, alg. 1).
void add_gnp(EdgeBuffer& edges, NodeId first, NodeId n, double p, RandomStream& rng) {
  if (n < 2 || p <= 0) return;
  if (p >= 1) return add_clique(edges, first, n);
  const GeometricSkip skip(p);
  std::int64_t v = 1;
  std::int64_t w = -1;
  const std::int64_t nn = n;
  while (v < nn) {
    w += 1 + static_cast<std::int64_t>(skip(rng));
    while (w >= v && v < nn) {
      w -= v;
      ++v;
    }
    if (v < nn) edges.add(first + static_cast<NodeId>(v), first + static_cast<NodeId>(w));
  }
}

/// Bernoulli(p) pairs of the rectangle [a, a + na) x [b, b + nb) (disjoint ranges), walked in
/// row-major order with geometric skips.
void add_bipartite_gnp(EdgeBuffer& edges, NodeId a, std::uint64_t na, NodeId b, std::uint64_t nb,
                       double p, RandomStream& rng) {
  if (na == 0 || nb == 0 || p <= 0) return;
  const std::uint64_t cells = na * nb;
  if (p >= 1) {
    for (std::uint64_t i = 0; i < na; ++i)
      for (std::uint64_t j = 0; j < nb; ++j)
        edges.add(a + static_cast<NodeId>(i), b + static_cast<NodeId>(j));
    return;
  }
  const GeometricSkip skip(p);
  std::uint64_t next = 0;  // first cell not yet decided
  while (true) {
    const std::uint64_t s = skip(rng);
    if (s >= cells - next) break;
    const std::uint64_t cell = next + s;
    edges.add(a + static_cast<NodeId>(cell / nb), b + static_cast<NodeId>(cell % nb));
    next = cell + 1;
    if (next >= cells) break;
  }
}

/// Queues raw draws from a stream `depth` ahead of use, so a caller can prefetch the memory each
/// draw will touch. Values leave in stream order, so results equal drawing on demand.
class DrawAhead {
 public:
  static constexpr std::size_t depth = 64;

  explicit DrawAhead(RandomStream& rng) : rng_(rng) {
    for (auto& v : ring_) v = rng_();
  }
  /// The draw that will be consumed `depth - 1` draws after the next one.
  std::uint64_t newest() const { return ring_[(head_ + depth - 1) % depth]; }
  /// The next raw draw; a fresh one takes its place at the back.
  std::uint64_t next() {
    const std::uint64_t v = ring_[head_];
    ring_[head_] = rng_();
    head_ = (head_ + 1) % depth;
    return v;
  }
  /// Uniform integer in [0, n): RandomStream::below (Lemire's method) on the queued draws.
  std::uint64_t below(std::uint64_t n) {
    uint128_t product = static_cast<uint128_t>(next()) * n;
    auto low = static_cast<std::uint64_t>(product);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        product = static_cast<uint128_t>(next()) * n;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64);
  }

 private:
  RandomStream& rng_;
  std::array<std::uint64_t, depth> ring_{};
  std::size_t head_ = 0;
};

/// Cache hint for memory a random pick will read shortly (random reads over tens of MB are
/// bound by latency, so overlapping them pays: ~20% of BA generation at 1e6 agents).
[[gnu::always_inline]] inline void prefetch(const void* p) {
#if defined(__GNUC__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

/// Fisher-Yates shuffle of n positions addressed through `at` (so two arrays can act as one).
/// The bound of every draw is known in advance, so the slot each swap will touch is prefetched
/// when its draw is queued (exact unless Lemire's rejection fires, a chance of n / 2^64).
template <class At>
void shuffle_positions(std::uint64_t n, At&& at, RandomStream& rng) {
  DrawAhead draws(rng);
  constexpr std::uint64_t ahead = DrawAhead::depth - 1;
  for (std::uint64_t i = n; i > 1; --i) {
    if (i > ahead + 1) {
      const std::uint64_t later = i - ahead;
      prefetch(
          &at(static_cast<std::uint64_t>((static_cast<uint128_t>(draws.newest()) * later) >> 64)));
    }
    const std::uint64_t j = draws.below(i);
    std::swap(at(i - 1), at(j));
  }
}

/// Open-addressing set of undirected edges (packed min << 32 | max) with linear probing and
/// backward-shift deletion; sized once, never grows. Faster and leaner than std::unordered_set
/// for the millions of membership tests a rewiring pass makes.
class EdgeSet {
 public:
  explicit EdgeSet(std::uint64_t max_size)
      : slots_(std::bit_ceil(max_size + max_size / 3 + 16), empty_), mask_(slots_.size() - 1) {}

  static std::uint64_t key(NodeId u, NodeId v) {
    return u < v ? (std::uint64_t{u} << 32 | v) : (std::uint64_t{v} << 32 | u);
  }
  bool contains(std::uint64_t k) const {
    for (std::uint64_t i = home(k);; i = (i + 1) & mask_) {
      if (slots_[i] == k) return true;
      if (slots_[i] == empty_) return false;
    }
  }
  // Always inlined: GCC drops calls it does not inline to a function that only prefetches.
  [[gnu::always_inline]] void prefetch_slot(std::uint64_t k) const {
    prefetch(slots_.data() + home(k));
  }
  void insert(std::uint64_t k) {
    std::uint64_t i = home(k);
    while (slots_[i] != empty_ && slots_[i] != k) i = (i + 1) & mask_;
    slots_[i] = k;
  }
  void erase(std::uint64_t k) {
    std::uint64_t i = home(k);
    while (slots_[i] != k) {
      if (slots_[i] == empty_) return;
      i = (i + 1) & mask_;
    }
    // Pull later entries of the probe run back so lookups never stop at a false hole.
    for (std::uint64_t j = (i + 1) & mask_; slots_[j] != empty_; j = (j + 1) & mask_) {
      const std::uint64_t h = home(slots_[j]);
      const bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
      if (!stays) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = empty_;
  }

 private:
  // Two NodeIds of at most 2^32 - 3 never pack to all ones.
  static constexpr std::uint64_t empty_ = ~std::uint64_t{0};
  std::uint64_t home(std::uint64_t k) const { return mix64(k) & mask_; }

  std::vector<std::uint64_t> slots_;
  std::uint64_t mask_;
};

// ---------------------------------------------------------------------------------------------
// Generators

Network generate_complete(const Args& args) {
  const NodeId n = args.nodes();
  EdgeBuffer edges;
  const std::uint64_t m = std::uint64_t{n} * (n - 1) / 2;
  edges.from.reserve(m);
  edges.to.reserve(m);
  add_clique(edges, 0, n);
  return build_network(n, std::move(edges), false);
}

NodeId checked_k(const Args& args, NodeId n) {
  const std::uint64_t k = args.count("k");
  if (2 * k >= n)
    args.fail(
        "k",
        "k = " + std::to_string(k) + " neighbours per side needs 2k < nodes = " + std::to_string(n),
        "use k at most " + std::to_string(n > 0 ? (n - 1) / 2 : 0) + ", or more nodes");
  return static_cast<NodeId>(k);
}

/// Ring lattice: edge (u, u + j mod n) for j = 1..k, stored lap by lap (j outer) as Watts &
/// Strogatz walk it when rewiring.
EdgeBuffer ring_edges(NodeId n, NodeId k) {
  EdgeBuffer edges;
  edges.from.reserve(std::uint64_t{n} * k);
  edges.to.reserve(std::uint64_t{n} * k);
  for (NodeId j = 1; j <= k; ++j)
    for (NodeId u = 0; u < n; ++u) edges.add(u, static_cast<NodeId>((std::uint64_t{u} + j) % n));
  return edges;
}

Network generate_ring(const Args& args) {
  const NodeId n = args.nodes();
  const NodeId k = checked_k(args, n);
  return build_network(n, ring_edges(n, k), false);
}

double er_probability(const Args& args, NodeId n) {
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
Network generate_erdos_renyi(const Args& args, RandomStream& rng) {
  const NodeId n = args.nodes();
  const double p = er_probability(args, n);
  EdgeBuffer edges;
  reserve_binomial(edges, 0.5 * n * (n - 1.0), p);
  add_gnp(edges, 0, n, p, rng);
  return build_network(n, std::move(edges), false);
}

std::uint64_t checked_regular_degree(const Args& args, NodeId n) {
  const std::uint64_t d = args.count("degree");
  if (d >= n)
    args.fail("degree",
              "degree = " + std::to_string(d) + " must be below nodes = " + std::to_string(n),
              "use a degree below " + std::to_string(n) + ", or more nodes");
  if ((d * n) % 2 != 0)
    args.fail("degree",
              "nodes x degree = " + std::to_string(d * n) + " is odd: no regular graph exists",
              "make nodes or degree even");
  return d;
}

/// Adjacency rows (n x d, each sorted) of a simple d-regular graph by the pairing model
/// (Bollobas 1980). A simple pairing is a uniform d-regular graph, so pairings are redrawn while
/// that is cheap (small graphs, small degrees: then the result is exactly uniform). Past that
/// budget, each loop or repeated edge of the last pairing is removed by a switch with a uniformly
/// random edge that creates neither (Milo et al. 2003). The defects are few (expected O(d^2),
/// independent of n), so only the few edges they touch carry any bias.
std::vector<NodeId> regular_rows(NodeId n, std::uint64_t d, RandomStream& rng) {
  constexpr int max_redraws = 1000;
  constexpr std::uint64_t max_redrawn_stubs = std::uint64_t{1} << 23;
  constexpr int max_failed_repairs = 50;
  const std::uint64_t stubs = std::uint64_t{n} * d;
  std::vector<NodeId> adj(stubs);
  auto row = [&](NodeId u) { return adj.data() + std::uint64_t{u} * d; };
  auto count_in = [&](NodeId u, NodeId x) {
    return static_cast<std::uint64_t>(std::count(row(u), row(u) + d, x));
  };
  auto replace_one = [&](NodeId u, NodeId from, NodeId to) {
    *std::find(row(u), row(u) + d, from) = to;
  };
  auto adjacent = [&](NodeId u, NodeId x) {
    return std::find(row(u), row(u) + d, x) != row(u) + d;
  };

  std::uint64_t redrawn_stubs = 0;
  int failed_repairs = 0;
  for (int draw = 1;; ++draw) {
    {
      std::vector<NodeId> pairing(stubs);
      for (std::uint64_t s = 0; s < stubs; ++s) pairing[s] = static_cast<NodeId>(s / d);
      shuffle_positions(
          stubs, [&](std::uint64_t i) -> NodeId& { return pairing[i]; }, rng);
      std::vector<NodeId> fill(n, 0);
      for (std::uint64_t s = 0; s < stubs; s += 2) {
        const NodeId a = pairing[s];
        const NodeId b = pairing[s + 1];
        row(a)[fill[a]++] = b;
        row(b)[fill[b]++] = a;
      }
    }
    // Defects: one entry per loop and per extra copy of an edge.
    std::vector<std::pair<NodeId, NodeId>> defects;
    for (NodeId u = 0; u < n; ++u) {
      std::sort(row(u), row(u) + d);
      for (std::uint64_t j = 0; j < d; ++j) {
        const NodeId v = row(u)[j];
        if (v == u) {
          if (j + 1 < d && row(u)[j + 1] == u) {
            defects.emplace_back(u, u);
            ++j;  // a loop fills two slots of its row
          }
        } else if (v > u && j > 0 && row(u)[j - 1] == v) {
          defects.emplace_back(u, v);
        }
      }
    }
    if (defects.empty()) return adj;
    redrawn_stubs += stubs;
    if (draw < max_redraws && redrawn_stubs + stubs <= max_redrawn_stubs) continue;

    std::uint64_t budget = 1000 * defects.size() + 10000;
    bool stuck = false;
    for (const auto& [u, v] : defects) {
      while (u == v ? count_in(u, u) >= 2 : count_in(u, v) >= 2) {
        if (budget-- == 0) {
          stuck = true;
          break;
        }
        const std::uint64_t s = rng.below(stubs);  // a uniform random edge x -> y
        const auto x = static_cast<NodeId>(s / d);
        const NodeId y = adj[s];
        // Switch (u v), (x y) -> (u x), (v y) only if both new edges are new and not loops.
        if (x == u || y == v || (u == v && x == y) || adjacent(u, x) || adjacent(v, y)) continue;
        replace_one(u, v, x);
        replace_one(v, u, y);
        replace_one(x, y, u);
        replace_one(y, x, v);
      }
      if (stuck) break;
    }
    if (!stuck) {
      for (NodeId u = 0; u < n; ++u) std::sort(row(u), row(u) + d);
      return adj;
    }
    if (++failed_repairs == max_failed_repairs)
      throw RuntimeError("random_regular: could not repair the stub pairing into a simple graph");
  }
}

// Pairing model (Bollobas 1980) with switch repair; dense degrees via the complement.
Network generate_random_regular(const Args& args, RandomStream& rng) {
  const NodeId n = args.nodes();
  const std::uint64_t d = checked_regular_degree(args, n);
  EdgeBuffer edges;
  const std::uint64_t m = std::uint64_t{n} * d / 2;
  edges.from.reserve(m);
  edges.to.reserve(m);
  if (2 * d <= n - 1u) {
    const std::vector<NodeId> adj = regular_rows(n, d, rng);
    for (NodeId u = 0; u < n; ++u)
      for (std::uint64_t j = 0; j < d; ++j)
        if (adj[u * d + j] > u) edges.add(u, adj[u * d + j]);
  } else {
    // Above half density switches rarely find room, but the complement, (n - 1 - d)-regular,
    // is sparse; its complement is uniform when it is.
    const std::uint64_t dc = n - 1u - d;
    const std::vector<NodeId> adj = regular_rows(n, dc, rng);
    for (NodeId u = 0; u < n; ++u) {
      const NodeId* r = adj.data() + u * dc;
      const NodeId* end = r + dc;
      for (NodeId v = u + 1; v < n; ++v) {
        while (r != end && *r < v) ++r;
        if (r != end && *r == v) continue;
        edges.add(u, v);
      }
    }
  }
  return build_network(n, std::move(edges), false);
}

// Watts & Strogatz (1998): lap j = 1..k round the ring, each lattice edge (u, u + j) has its far
// end moved with probability `rewire` to a uniform agent that is neither u nor already tied to u.
Network generate_watts_strogatz(const Args& args, RandomStream& rng) {
  const NodeId n = args.nodes();
  const NodeId k = checked_k(args, n);
  const double rewire = args.real("rewire");
  EdgeBuffer edges = ring_edges(n, k);
  if (rewire > 0) {
    const std::uint64_t m = edges.size();
    EdgeSet present(m);
    for (std::uint64_t i = 0; i < m; ++i) {
      if (i + 16 < m) present.prefetch_slot(EdgeSet::key(edges.from[i + 16], edges.to[i + 16]));
      present.insert(EdgeSet::key(edges.from[i], edges.to[i]));
    }
    std::vector<NodeId> degree(n, 2 * k);
    for (std::uint64_t i = 0; i < m; ++i) {
      if (!rng.bernoulli(rewire)) continue;
      const NodeId u = edges.from[i];
      const NodeId v = edges.to[i];
      if (degree[u] >= n - 1) continue;  // tied to everyone: nowhere to go
      NodeId w;
      do {
        w = static_cast<NodeId>(rng.below(n));
      } while (w == u || present.contains(EdgeSet::key(u, w)));
      present.erase(EdgeSet::key(u, v));
      present.insert(EdgeSet::key(u, w));
      edges.to[i] = w;
      --degree[v];
      ++degree[w];
    }
  }
  return build_network(n, std::move(edges), false);
}

std::uint64_t checked_ba_m(const Args& args, NodeId n) {
  const std::uint64_t m = args.count("m");
  if (m >= n)
    args.fail("m",
              "m = " + std::to_string(m) + " must be below nodes = " + std::to_string(n) +
                  " (the seed clique has m + 1 agents)",
              "use m below " + std::to_string(n) + ", or more nodes");
  return m;
}

// Barabasi & Albert (1999): start from a clique on m + 1 agents; each later agent ties to m
// distinct earlier agents drawn with probability proportional to degree. Drawing a uniform
// endpoint of the existing edges is exactly degree-proportional (Batagelj & Brandes 2005); the
// edge buffer itself serves as that endpoint list (endpoint r is side r % 2 of edge r / 2), so no
// extra array is needed.
Network generate_barabasi_albert(const Args& args, RandomStream& rng) {
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

/// Reads one non-negative degree per line ('#' comments and blank lines allowed).
std::vector<std::uint64_t> read_degree_file(const std::string& path) {
  if (const std::string problem = input_file_problem(path, max_degree_file_bytes); !problem.empty())
    throw DataFileError("degree file '" + path + "' " + problem);
  std::ifstream in(path);
  if (!in) throw RuntimeError("cannot open degree file '" + path + "': " + std::strerror(errno));
  std::vector<std::uint64_t> degrees;
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view text(line);
    if (const auto hash = text.find('#'); hash != std::string_view::npos)
      text = text.substr(0, hash);
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    text = text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
    std::uint64_t d = 0;
    bool ok = !text.empty() && text.size() < 19;
    for (char c : text) {
      if (c < '0' || c > '9') ok = false;
      d = d * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (!ok)
      throw DataFileError(path + ":" + std::to_string(number) +
                          ": expected one non-negative whole degree, found '" +
                          std::string(text.substr(0, 80)) + "'");
    degrees.push_back(d);
  }
  if (in.bad()) throw RuntimeError("error reading degree file '" + path + "'");
  if (degrees.empty()) throw DataFileError(path + ": no degrees (empty degree file)");
  return degrees;
}

struct PowerLaw {
  std::uint64_t min = 1;
  std::uint64_t max = 1;
  double exponent = 2.5;
};

PowerLaw checked_power_law(const Args& args, NodeId n) {
  PowerLaw law;
  law.exponent = args.real("exponent");
  law.min = args.count("min_degree");
  law.max = args.has("max_degree") ? args.count("max_degree") : n - 1u;
  if (law.max > n - 1u)
    args.fail(
        "max_degree",
        "max_degree = " + std::to_string(law.max) + " exceeds nodes - 1 = " + std::to_string(n - 1),
        "use max_degree at most " + std::to_string(n - 1) + ", or more nodes");
  if (law.min > law.max)
    args.fail("min_degree",
              "min_degree = " + std::to_string(law.min) +
                  " exceeds max_degree = " + std::to_string(law.max),
              "use min_degree at most max_degree");
  return law;
}

double power_law_mean(const PowerLaw& law) {
  double total = 0;
  double weighted = 0;
  for (std::uint64_t k = law.min; k <= law.max; ++k) {
    const double w = std::pow(static_cast<double>(k), -law.exponent);
    total += w;
    weighted += w * static_cast<double>(k);
  }
  return weighted / total;
}

/// Nodes and degrees the configuration model will pair (validated, before any parity fix).
std::vector<std::uint64_t> configuration_degrees(const Args& args, RandomStream* rng, NodeId& n,
                                                 std::uint64_t& cap) {
  if (args.has("degree_file")) {
    const std::string& path = args.text("degree_file");
    std::vector<std::uint64_t> degrees = read_degree_file(path);
    if (static_cast<double>(degrees.size()) > max_nodes)
      args.fail("degree_file", "degree_file '" + path + "' lists more than 2^32 - 2 agents",
                "use a smaller degree sequence");
    if (args.has("nodes") && args.count("nodes") != degrees.size())
      args.fail("nodes",
                "nodes = " + std::to_string(args.count("nodes")) + " but degree_file '" + path +
                    "' lists " + std::to_string(degrees.size()) + " degrees",
                "remove 'nodes' (the file gives it) or make it " + std::to_string(degrees.size()));
    n = static_cast<NodeId>(degrees.size());
    cap = n - 1u;
    for (std::size_t i = 0; i < degrees.size(); ++i)
      if (degrees[i] > cap)
        args.fail("degree_file",
                  "degree_file '" + path + "': degree " + std::to_string(degrees[i]) +
                      " of agent " + std::to_string(i) +
                      " exceeds nodes - 1 = " + std::to_string(cap),
                  "lower that degree, or list more agents");
    return degrees;
  }
  if (!args.has("nodes"))
    args.fail("nodes", "needs 'nodes' (or a 'degree_file')",
              "add 'nodes: N' or 'degree_file: PATH'");
  n = args.nodes();
  const PowerLaw law = checked_power_law(args, n);
  cap = law.max;
  if (!rng) return {};
  std::vector<double> weights;
  weights.reserve(law.max - law.min + 1);
  for (std::uint64_t k = law.min; k <= law.max; ++k)
    weights.push_back(std::pow(static_cast<double>(k), -law.exponent));
  boost::random::discrete_distribution<std::uint32_t, double> draw(weights.begin(), weights.end());
  std::vector<std::uint64_t> degrees(n);
  for (auto& d : degrees) d = law.min + draw(*rng);
  return degrees;
}

// Erased configuration model (Molloy & Reed 1995; Britton, Deijfen & Martin-Lof 2006): pair
// stubs uniformly at random, then the builder drops loops and repeated edges and counts them.
Network generate_configuration(const Args& args, RandomStream& rng, BuildReport* report) {
  NodeId n = 0;
  std::uint64_t cap = 0;
  std::vector<std::uint64_t> degrees = configuration_degrees(args, &rng, n, cap);
  std::uint64_t sum = 0;
  for (std::uint64_t d : degrees) sum += d;
  if (sum % 2 != 0) {
    // An odd stub count cannot be paired: add one stub to a random agent below the cap (one
    // always exists unless every agent sits at an odd cap; then remove one stub instead).
    std::uint64_t pick = n;
    for (int tries = 0; tries < 64 && pick == n; ++tries) {
      const std::uint64_t i = rng.below(n);
      if (degrees[i] < cap) pick = i;
    }
    if (pick == n)
      for (std::uint64_t i = 0; i < n; ++i)
        if (degrees[i] < cap) {
          pick = i;
          break;
        }
    if (pick != n) {
      ++degrees[pick];
      ++sum;
    } else {
      --degrees[rng.below(n)];
      --sum;
    }
  }
  // Lay the stubs out across from[] then to[] and shuffle the two as one array: edge i pairs
  // stub i with stub i + sum/2, a uniform random matching with no separate stub array.
  EdgeBuffer edges;
  const std::uint64_t half = sum / 2;
  edges.from.resize(half);
  edges.to.resize(half);
  auto at = [&](std::uint64_t i) -> NodeId& {
    return i < half ? edges.from[i] : edges.to[i - half];
  };
  std::uint64_t s = 0;
  for (NodeId v = 0; v < n; ++v)
    for (std::uint64_t j = 0; j < degrees[v]; ++j) at(s++) = v;
  std::vector<std::uint64_t>().swap(degrees);
  shuffle_positions(sum, at, rng);
  return build_network(n, std::move(edges), false, report);
}

std::vector<std::uint64_t> checked_sizes(const Args& args) {
  std::vector<std::uint64_t> sizes = args.counts("sizes");
  if (sizes.empty())
    args.fail("sizes", "'sizes' must list at least one block", "give e.g. 'sizes: [500, 500]'");
  double total = 0;
  for (std::uint64_t s : sizes) total += static_cast<double>(s);
  if (total > max_nodes)
    args.fail("sizes", "block sizes add up to more than 2^32 - 2 agents", "use smaller blocks");
  return sizes;
}

// Stochastic block model (Holland, Laskey & Leinhardt 1983). Blocks are consecutive id ranges, so
// the pairs between block r and all later blocks form one rectangle with probability p_out:
// geometric skipping then costs O(blocks + n + m) even with many small blocks.
Network generate_sbm(const Args& args, RandomStream& rng) {
  const std::vector<std::uint64_t> sizes = checked_sizes(args);
  const double p_in = args.real("p_in");
  const double p_out = args.real("p_out");
  std::uint64_t n64 = 0;
  double within = 0;
  for (std::uint64_t s : sizes) {
    n64 += s;
    within += 0.5 * static_cast<double>(s) * (static_cast<double>(s) - 1);
  }
  const auto n = static_cast<NodeId>(n64);
  const double across = 0.5 * static_cast<double>(n) * (n - 1.0) - within;
  EdgeBuffer edges;
  reserve_binomial(edges, within, p_in);
  reserve_binomial(edges, across, p_out);
  std::vector<std::uint32_t> community(n);
  NodeId first = 0;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    const auto size = static_cast<NodeId>(sizes[r]);
    std::fill_n(community.begin() + first, size, static_cast<std::uint32_t>(r));
    add_gnp(edges, first, size, p_in, rng);
    const NodeId rest = first + size;
    add_bipartite_gnp(edges, first, size, rest, n - rest, p_out, rng);
    first = rest;
  }
  Network network = build_network(n, std::move(edges), false);
  network.set_communities(std::move(community));
  return network;
}

struct Circles {
  NodeId n = 0;
  NodeId clique = 1;
  double weak = 0;
};

Circles checked_circles(const Args& args) {
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
Network generate_clustered_weak_ties(const Args& args, RandomStream& rng, BuildReport* report) {
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

Network generate_from_edge_list(const Args& args, BuildReport* report) {
  EdgeListReport read;
  Network network = read_edge_list(args.text("path"), args.flag("directed"), &read);
  if (report) *report = read.build;
  return network;
}

[[noreturn]] void unknown_generator(const std::string& name) {
  std::vector<std::string> names;
  std::string list;
  for (const GeneratorInfo& g : generator_catalog()) {
    names.push_back(g.name);
    list += (list.empty() ? "" : ", ") + g.name;
  }
  std::string text = "unknown network generator '" + name + "'";
  const std::string guess = closest_match(name, names.data(), names.data() + names.size());
  if (!guess.empty()) text += " (did you mean '" + guess + "'?)";
  throw std::invalid_argument(text + "; valid generators: " + list);
}

const GeneratorInfo& info_of(const std::string& name) {
  const GeneratorInfo* info = find_generator(name);
  if (!info) unknown_generator(name);
  return *info;
}

/// Bytes the finished network will take, checking the parameters on the way as
/// generate_network does. Only with `estimate` does it read files (degree_file) or sum a power
/// law over every degree (seconds for billions of agents): without, it only checks.
std::uint64_t network_shape(const std::string& generator, const ParamValues& params,
                            bool estimate) {
  const Args args(info_of(generator), params);
  double nodes = 0;
  double edges = 0;  // expected undirected edges (arcs when directed)
  bool directed = false;
  bool ties_and_weights = false;
  bool communities = false;
  if (generator == "complete") {
    nodes = args.nodes();
    edges = 0.5 * nodes * (nodes - 1);
  } else if (generator == "ring" || generator == "watts_strogatz") {
    const NodeId n = args.nodes();
    nodes = n;
    edges = nodes * checked_k(args, n);
    if (generator == "watts_strogatz") args.real("rewire");
  } else if (generator == "erdos_renyi") {
    const NodeId n = args.nodes();
    nodes = n;
    edges = 0.5 * nodes * (nodes - 1) * er_probability(args, n);
  } else if (generator == "random_regular") {
    const NodeId n = args.nodes();
    nodes = n;
    edges = 0.5 * nodes * static_cast<double>(checked_regular_degree(args, n));
  } else if (generator == "barabasi_albert") {
    const NodeId n = args.nodes();
    const auto m = static_cast<double>(checked_ba_m(args, n));
    nodes = n;
    edges = m * (m + 1) / 2 + m * (nodes - m - 1);
  } else if (generator == "configuration" && args.has("degree_file") && !estimate) {
    args.text("degree_file");  // checked when read, with the network
  } else if (generator == "configuration") {
    NodeId n = 0;
    std::uint64_t cap = 0;
    const std::vector<std::uint64_t> degrees = configuration_degrees(args, nullptr, n, cap);
    nodes = n;
    if (args.has("degree_file")) {
      double sum = 1;  // a parity fix may add a stub
      for (std::uint64_t d : degrees) sum += static_cast<double>(d);
      edges = sum / 2;
    } else {
      const PowerLaw law = checked_power_law(args, n);
      if (estimate) edges = 0.5 * nodes * power_law_mean(law) + 1;
    }
  } else if (generator == "sbm") {
    const std::vector<std::uint64_t> sizes = checked_sizes(args);
    const double p_in = args.real("p_in");
    const double p_out = args.real("p_out");
    double within = 0;
    for (std::uint64_t s : sizes) {
      nodes += static_cast<double>(s);
      within += 0.5 * static_cast<double>(s) * (static_cast<double>(s) - 1);
    }
    edges = within * p_in + (0.5 * nodes * (nodes - 1) - within) * p_out;
    communities = true;
  } else if (generator == "clustered_weak_ties") {
    const Circles c = checked_circles(args);
    nodes = c.n;
    edges = 0.5 * nodes * (c.clique - 1.0) + 0.5 * nodes * c.weak;
    ties_and_weights = true;
    communities = true;
  } else if (generator == "edge_list") {
    // Unknown until read: a typical SNAP line ("12345\t67890\n") holds ~12 bytes, and gzip
    // shrinks such text about four-fold. Agents are taken as half the edges (rarely more).
    directed = args.flag("directed");
    std::error_code error;
    const auto bytes = std::filesystem::file_size(args.text("path"), error);
    const double text_bytes = error ? 0 : static_cast<double>(bytes);
    const bool gz = args.text("path").ends_with(".gz");
    edges = (gz ? 4 : 1) * text_bytes / 12;
    nodes = edges / 2;
  } else {
    unknown_generator(generator);
  }
  const double arcs = directed ? edges : 2 * edges;
  double bytes = 8 * (nodes + 1) + 4 * arcs;
  if (ties_and_weights) bytes += 5 * arcs;
  if (communities) bytes += 4 * nodes;
  return static_cast<std::uint64_t>(std::ceil(bytes));
}

}  // namespace

const std::vector<GeneratorInfo>& generator_catalog() {
  static const std::vector<GeneratorInfo> catalog = make_catalog();
  return catalog;
}

const GeneratorInfo* find_generator(const std::string& name) {
  for (const GeneratorInfo& g : generator_catalog())
    if (g.name == name) return &g;
  return nullptr;
}

Network generate_network(const std::string& generator, const ParamValues& params, RandomStream& rng,
                         BuildReport* report) {
  const Args args(info_of(generator), params);
  if (report) *report = BuildReport{};
  if (generator == "complete") return generate_complete(args);
  if (generator == "ring") return generate_ring(args);
  if (generator == "erdos_renyi") return generate_erdos_renyi(args, rng);
  if (generator == "random_regular") return generate_random_regular(args, rng);
  if (generator == "watts_strogatz") return generate_watts_strogatz(args, rng);
  if (generator == "barabasi_albert") return generate_barabasi_albert(args, rng);
  if (generator == "configuration") return generate_configuration(args, rng, report);
  if (generator == "sbm") return generate_sbm(args, rng);
  if (generator == "clustered_weak_ties") return generate_clustered_weak_ties(args, rng, report);
  if (generator == "edge_list") return generate_from_edge_list(args, report);
  unknown_generator(generator);
}

GeneratorError::GeneratorError(const std::string& generator, std::string key, std::string problem,
                               std::string fix)
    : std::invalid_argument("network generator '" + generator + "': " + problem),
      key_(std::move(key)),
      problem_(std::move(problem)),
      fix_(std::move(fix)) {}

void check_network_params(const std::string& generator, const ParamValues& params) {
  network_shape(generator, params, /*estimate=*/false);
}

std::uint64_t estimate_network_bytes(const std::string& generator, const ParamValues& params) {
  return network_shape(generator, params, /*estimate=*/true);
}

}  // namespace hearsay
