// A network read from a whitespace edge list (the `edge_list` generator).
#include <filesystem>

#include "sim/network/edge_list.hpp"
#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/generators/sampling.hpp"
#include "sim/network/node_file.hpp"

namespace hearsay::generators {
namespace {

Network build(const GeneratorParams& args, RandomStream&, BuildReport* report) {
  EdgeListReport read;
  std::vector<std::uint64_t> original_ids;
  const bool node_file = args.has("node_file");
  Network network = read_edge_list(args.text("path"), args.flag("directed"), &read,
                                   node_file ? &original_ids : nullptr);
  if (node_file) network.set_node_attributes(read_node_file(args.text("node_file"), original_ids));
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
  const ParamSpec node_file = optional(text_param(
      "node_file",
      "node attributes (CSV): a header 'node,<attribute>,...', then one row per node id of the "
      "edge list (e.g. 'node,segment' for segment_by: segment)"));
  return {"edge_list",
          "network read from a whitespace edge list (SNAP style)",
          "SNAP edge-list format, Leskovec & Krevl (2014), http://snap.stanford.edu/data",
          {path, directed, node_file},
          false};
}

}  // namespace

const GeneratorEntry& edge_list() {
  static const GeneratorEntry entry{info(), &build, &shape};
  return entry;
}

}  // namespace hearsay::generators
