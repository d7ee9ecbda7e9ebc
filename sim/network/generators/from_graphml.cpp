// A network read from a GraphML file (the `graphml` generator), with its weights and segments.
#include <filesystem>

#include "sim/network/generators.hpp"
#include "sim/network/generators/declare.hpp"
#include "sim/network/graphml.hpp"

namespace hearsay::generators {
namespace {

GraphmlOptions options_of(const GeneratorParams& args) {
  return {.directed = args.flag("directed"),
          .weight = args.text("weight_attribute"),
          .community = args.text("segment_attribute")};
}

Network build(const GeneratorParams& args, RandomStream&, BuildReport* report) {
  GraphmlReport read;
  Network network = read_graphml(args.text("path"), options_of(args), &read);
  if (report) *report = read.build;
  return network;
}

NetworkShape shape(const GeneratorParams& args, bool) {
  // Unknown until read: a GraphML edge element takes some 60 bytes, a node some 40.
  NetworkShape shape{.directed = args.flag("directed"), .communities = true};
  std::error_code error;
  const auto bytes = std::filesystem::file_size(args.text("path"), error);
  shape.edges = error ? 0 : static_cast<double>(bytes) / 60;
  shape.nodes = shape.edges / 2;
  shape.ties_and_weights = true;
  return shape;
}

ParamSpec text_with_default(std::string name, std::string value, std::string help) {
  ParamSpec p = text_param(std::move(name), std::move(help));
  p.required = false;
  p.default_text = std::move(value);
  return p;
}

GeneratorInfo info() {
  return {"graphml",
          "network read from a GraphML file (networkx, Gephi, igraph), with edge weights and "
          "node segments",
          "GraphML, Brandes et al. (2002), http://graphml.graphdrawing.org; Boost.Graph "
          "read_graphml",
          {text_param("path", "GraphML file; nodes numbered in the order the file declares them"),
           switch_param("directed", "read each edge as an arc source -> target"),
           text_with_default("weight_attribute", "weight",
                             "edge attribute read as the weight (when every edge has it)"),
           text_with_default("segment_attribute", "segment",
                             "node attribute read as the community label (when every node has "
                             "it; labels numbered in order of appearance)")},
          false};
}

}  // namespace

const GeneratorEntry& graphml() {
  static const GeneratorEntry entry{info(), &build, &shape};
  return entry;
}

}  // namespace hearsay::generators
