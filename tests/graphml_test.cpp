// Tests of GraphML reading (Boost.Graph's reader): weights, segments, both edge defaults, errors.
#include "sim/network/graphml.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/error.hpp"

namespace hearsay {
namespace {

/// A scratch file of this process (ctest runs test cases in parallel processes).
std::string graphml_file(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("hearsay_graphml_test_" + std::to_string(::getpid()) + "_" + name))
                               .string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

/// GraphML as networkx.write_graphml writes it.
std::string document(const std::string& edgedefault, const std::string& body,
                     const std::string& weight_type = "double") {
  return "<?xml version='1.0' encoding='utf-8'?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">"
         "<key id=\"d1\" for=\"edge\" attr.name=\"weight\" attr.type=\"" +
         weight_type +
         "\"/>\n"
         "<key id=\"d0\" for=\"node\" attr.name=\"segment\" attr.type=\"string\"/>\n"
         "<graph edgedefault=\"" +
         edgedefault + "\">\n" + body + "</graph></graphml>\n";
}

const std::string three_nodes =
    "<node id=\"a\"><data key=\"d0\">young</data></node>\n"
    "<node id=\"b\"><data key=\"d0\">old</data></node>\n"
    "<node id=\"c\"><data key=\"d0\">young</data></node>\n"
    "<edge source=\"a\" target=\"b\"><data key=\"d1\">2.5</data></edge>\n"
    "<edge source=\"c\" target=\"b\"><data key=\"d1\">0.5</data></edge>\n";

std::string error_for(const std::string& text) {
  const std::string path = graphml_file("bad.graphml", text);
  try {
    read_graphml(path, {});
  } catch (const DataFileError& e) {
    std::filesystem::remove(path);
    return e.what();
  }
  std::filesystem::remove(path);
  return "(no error)";
}

}  // namespace

TEST_CASE("graphml: weights and segments of an undirected file", "[network]") {
  const std::string path = graphml_file("undirected.graphml", document("undirected", three_nodes));
  GraphmlReport report;
  const Network g = read_graphml(path, {}, &report);
  std::filesystem::remove(path);
  CHECK(g.nodes() == 3);
  CHECK(g.edges() == 2);
  CHECK_FALSE(g.directed());
  REQUIRE(g.has_weights());
  // Node a (0) - b (1) weighs 2.5 both ways; c (2) - b weighs 0.5.
  CHECK(g.weight(g.first_arc(0)) == 2.5f);
  CHECK(g.weight(g.first_arc(2)) == 0.5f);
  REQUIRE(g.has_communities());
  CHECK(g.community(0) == 0);
  CHECK(g.community(1) == 1);
  CHECK(g.community(2) == 0);
  CHECK(report.community_count == 2);
}

TEST_CASE("graphml: a directed file, integer weights, nodes without edges", "[network]") {
  const std::string text =
      document("directed",
               "<node id=\"a\"/><node id=\"b\"/><node id=\"c\"/><node id=\"alone\"/>\n"
               "<edge source=\"a\" target=\"b\"><data key=\"d1\">3</data></edge>\n"
               "<edge source=\"b\" target=\"c\"><data key=\"d1\">4</data></edge>\n",
               "int");
  const std::string file = graphml_file("directed2.graphml", text);
  const Network arcs = read_graphml(file, {.directed = true});
  const Network edges = read_graphml(file, {});
  std::filesystem::remove(file);
  CHECK(arcs.nodes() == 4);
  CHECK(arcs.directed());
  CHECK(arcs.arcs() == 2);
  CHECK(arcs.degree(3) == 0);
  CHECK(arcs.weight(arcs.first_arc(1)) == 4.0f);
  CHECK_FALSE(arcs.has_communities());  // no node has the segment attribute
  CHECK(edges.edges() == 2);
  CHECK(edges.arcs() == 4);
}

TEST_CASE("graphml: bad files name the file and say why", "[network]") {
  CHECK_THAT(error_for("<graphml><graph><node id=\"a\"/><edge source=\"a\" target=\"b\""),
             Catch::Contains("bad.graphml: not a GraphML file hearsay can read") &&
                 Catch::Contains("bad.graphml(1)"));
  CHECK_THAT(error_for("not xml at all\n"), Catch::Contains("not a GraphML file"));
  CHECK_THAT(error_for(document("undirected", three_nodes)
                           .replace(document("undirected", three_nodes).find("2.5"), 3, "heavy")),
             Catch::Contains("invalid value \"heavy\" for key weight"));
  CHECK_THAT(error_for(document("undirected", three_nodes, "string")
                           .replace(document("undirected", three_nodes, "string").find("2.5"), 3,
                                    "heavy")),
             Catch::Contains("edge 0 - 1: the weight attribute must be a finite number, not "
                             "'heavy'"));
  CHECK_THAT(error_for(document("undirected", "<node id=\"a\"/>\n")),
             Catch::Contains("the graph has no edges"));
  CHECK_THAT(error_for(document("undirected", three_nodes)
                           .replace(document("undirected", three_nodes).find("2.5"), 3, "1e39")),
             Catch::Contains("the weight is too large"));
  CHECK_THROWS_AS(read_graphml("/nonexistent/x.graphml", {}), DataFileError);
}

}  // namespace hearsay
