// The list of network generators (adding one: its file in generators/ and a line here), and the
// calls that pick one by name.
#include "sim/network/generators.hpp"

#include <cmath>

namespace hearsay {

namespace generators {
// One file each in sim/network/generators/; the list below is their order.
const GeneratorEntry& complete();
const GeneratorEntry& ring();
const GeneratorEntry& erdos_renyi();
const GeneratorEntry& random_regular();
const GeneratorEntry& watts_strogatz();
const GeneratorEntry& barabasi_albert();
const GeneratorEntry& configuration();
const GeneratorEntry& sbm();
const GeneratorEntry& clustered_weak_ties();
const GeneratorEntry& edge_list();
const GeneratorEntry& graphml();
}  // namespace generators

namespace {

/// Bytes the finished network will take, checking the parameters on the way as
/// generate_network does. Only with `estimate` does it read files (degree_file) or sum a power
/// law over every degree (seconds for billions of agents): without, it only checks.
std::uint64_t network_bytes(const std::string& generator, const ParamValues& params,
                            bool estimate) {
  const GeneratorEntry& entry = generator_registry().at(generator);
  const NetworkShape shape = entry.shape(GeneratorParams(entry.info, params), estimate);
  const double arcs = shape.directed ? shape.edges : 2 * shape.edges;
  double bytes = 8 * (shape.nodes + 1) + 4 * arcs;
  if (shape.ties_and_weights) bytes += 5 * arcs;
  if (shape.communities) bytes += 4 * shape.nodes;
  return static_cast<std::uint64_t>(std::ceil(bytes));
}

}  // namespace

const GeneratorRegistry& generator_registry() {
  static const GeneratorRegistry registry("network generator", "generators",
                                          {
                                              &generators::complete(),
                                              &generators::ring(),
                                              &generators::erdos_renyi(),
                                              &generators::random_regular(),
                                              &generators::watts_strogatz(),
                                              &generators::barabasi_albert(),
                                              &generators::configuration(),
                                              &generators::sbm(),
                                              &generators::clustered_weak_ties(),
                                              &generators::edge_list(),
                                              &generators::graphml(),
                                          });
  return registry;
}

Network generate_network(const std::string& generator, const ParamValues& params, RandomStream& rng,
                         BuildReport* report) {
  const GeneratorEntry& entry = generator_registry().at(generator);
  const GeneratorParams args(entry.info, params);
  if (report) *report = BuildReport{};
  return entry.build(args, rng, report);
}

void check_network_params(const std::string& generator, const ParamValues& params) {
  network_bytes(generator, params, /*estimate=*/false);
}

std::uint64_t estimate_network_bytes(const std::string& generator, const ParamValues& params) {
  return network_bytes(generator, params, /*estimate=*/true);
}

}  // namespace hearsay
