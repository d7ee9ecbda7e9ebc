// The erased configuration model: power-law or given degrees, loops and multi-edges dropped.
#include <boost/random/discrete_distribution.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/files/input_file.hpp"
#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

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

PowerLaw checked_power_law(const GeneratorParams& args, NodeId n) {
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
std::vector<std::uint64_t> configuration_degrees(const GeneratorParams& args, RandomStream* rng,
                                                 NodeId& n, std::uint64_t& cap) {
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
Network build(const GeneratorParams& args, RandomStream& rng, BuildReport* report) {
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

NetworkShape shape(const GeneratorParams& args, bool estimate) {
  NetworkShape shape;
  if (args.has("degree_file") && !estimate) {
    args.text("degree_file");  // checked when read, with the network
    return shape;
  }
  NodeId n = 0;
  std::uint64_t cap = 0;
  const std::vector<std::uint64_t> degrees = configuration_degrees(args, nullptr, n, cap);
  shape.nodes = n;
  if (args.has("degree_file")) {
    double sum = 1;  // a parity fix may add a stub
    for (std::uint64_t d : degrees) sum += static_cast<double>(d);
    shape.edges = sum / 2;
  } else {
    const PowerLaw law = checked_power_law(args, n);
    if (estimate) shape.edges = 0.5 * shape.nodes * power_law_mean(law) + 1;
  }
  return shape;
}

GeneratorInfo info() {
  const ParamSpec degree_file = optional(
      text_param("degree_file",
                 "text file with one degree per line (replaces exponent/min_degree/max_degree)"));
  ParamSpec nodes = optional(nodes_param());
  nodes.help = "number of agents; required for the power law, must match degree_file if given";
  return {
      "configuration",
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
       degree_file}};
}

}  // namespace

const GeneratorEntry& configuration() {
  static const GeneratorEntry entry{info(), &build, &shape};
  return entry;
}

}  // namespace hearsay::generators
