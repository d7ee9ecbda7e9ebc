// A network read from a whitespace edge list (the `edge_list` generator).
#include <filesystem>

#include "sim/network/edge_list.hpp"
#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"

namespace hearsay::generators {
namespace {

Network build(const GeneratorParams& args, RandomStream&, BuildReport* report) {
  EdgeListReport read;
  Network network = read_edge_list(args.text("path"), args.flag("directed"), &read);
  if (report) *report = read.build;
  return network;
}

NetworkShape shape(const GeneratorParams& args, bool) {
  // Unknown until read: a typical SNAP line ("12345\t67890\n") holds ~12 bytes, and gzip
  // shrinks such text about four-fold. Agents are taken as half the edges (rarely more).
  NetworkShape shape{.directed = args.flag("directed")};
  std::error_code error;
  const auto bytes = std::filesystem::file_size(args.text("path"), error);
  const double text_bytes = error ? 0 : static_cast<double>(bytes);
  const bool gz = args.text("path").ends_with(".gz");
  shape.edges = (gz ? 4 : 1) * text_bytes / 12;
  shape.nodes = shape.edges / 2;
  return shape;
}

GeneratorInfo info() {
  const ParamSpec path =
      text_param("path",
                 "edge list file: 'u v [weight]' or networkx's 'u v {attributes}' per line, # or % "
                 "comments, optionally .gz");
  const ParamSpec directed =
      switch_param("directed", "read each line as an arc u -> v instead of an undirected tie");
  return {"edge_list",
          "network read from a whitespace edge list (SNAP style)",
          "SNAP edge-list format, Leskovec & Krevl (2014), http://snap.stanford.edu/data",
          {path, directed},
          false};
}

}  // namespace

const GeneratorEntry& edge_list() {
  static const GeneratorEntry entry{info(), &build, &shape};
  return entry;
}

}  // namespace hearsay::generators
