// Tests of edge-list reading (plain, gzip, weights, errors) and writing.
#include "sim/network/edge_list.hpp"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/network/generators.hpp"
#include "sim/network/network_stats.hpp"

namespace hearsay {
namespace {

const std::string data_dir = HEARSAY_TEST_DATA;

/// A scratch path of this process: ctest runs the test cases in parallel processes, and two of
/// them writing one "bad.txt" read each other's lines.
std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("hearsay_edge_list_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<NodeId> row(const Network& g, NodeId v) {
  const auto r = g.neighbours(v);
  return {r.begin(), r.end()};
}

/// The error message read_edge_list throws for a file holding `text`.
std::string error_for(const std::string& text, bool directed = false) {
  const std::string path = temp_file("bad.txt", text);
  try {
    read_edge_list(path, directed);
  } catch (const RuntimeError& e) {
    std::filesystem::remove(path);
    return e.what();
  }
  std::filesystem::remove(path);
  return "(no error)";
}

}  // namespace

TEST_CASE("edge_list: comments, blank lines, remapping in first-seen order", "[network]") {
  EdgeListReport report;
  const Network g = read_edge_list(data_dir + "/edges_small.txt", false, &report);
  // Ids 10, 20, 30, 40, 99 become 0..4 in the order they first appear.
  CHECK(g.nodes() == 5);
  CHECK_FALSE(g.directed());
  CHECK(g.edges() == 4);
  CHECK(row(g, 0) == std::vector<NodeId>{1, 2});
  CHECK(row(g, 1) == std::vector<NodeId>{0, 2});
  CHECK(row(g, 2) == std::vector<NodeId>{0, 1, 4});
  CHECK(row(g, 3).empty());  // 40 only had a self-loop
  CHECK(row(g, 4) == std::vector<NodeId>{2});
  CHECK(report.lines == 11);
  CHECK(report.edge_rows == 7);
  CHECK(report.build.self_loops == 1);
  CHECK(report.build.duplicates == 2);
  CHECK_FALSE(g.has_weights());
}

TEST_CASE("edge_list: directed reading keeps both directions", "[network]") {
  EdgeListReport report;
  const Network g = read_edge_list(data_dir + "/edges_small.txt", true, &report);
  CHECK(g.directed());
  CHECK(g.arcs() == 5);
  CHECK(row(g, 0) == std::vector<NodeId>{1});
  CHECK(row(g, 1) == std::vector<NodeId>{0, 2});
  CHECK(row(g, 2) == std::vector<NodeId>{0, 4});
  CHECK(report.build.self_loops == 1);
  CHECK(report.build.duplicates == 1);
}

TEST_CASE("edge_list: gzip input reads like the plain file", "[network]") {
  const Network plain = read_edge_list(data_dir + "/edges_small.txt", false);
  EdgeListReport report;
  const Network gz = read_edge_list(data_dir + "/edges_small.txt.gz", false, &report);
  CHECK(std::ranges::equal(plain.offsets(), gz.offsets()));
  CHECK(std::ranges::equal(plain.targets(), gz.targets()));
  CHECK(report.lines == 11);
}

TEST_CASE("edge_list: a third column gives weights", "[network]") {
  const Network g = read_edge_list(data_dir + "/edges_weighted.txt", false);
  REQUIRE(g.has_weights());
  CHECK(g.edges() == 3);
  // Ids 1, 2, 3 -> 0, 1, 2; arcs of node 0: to 1 (0.5) and to 2 (0.2).
  CHECK(row(g, 0) == std::vector<NodeId>{1, 2});
  CHECK(g.weight(0) == 0.5f);
  CHECK(g.weight(1) == 0.2f);
  CHECK(g.weight(g.first_arc(1) + 1) == 1.25f);
}

TEST_CASE("edge_list: malformed lines name the file and line", "[network]") {
  CHECK_THAT(error_for("1 2\n# c\na b\n"),
             Catch::EndsWith("bad.txt:3: expected two node ids, found 'a b'"));
  CHECK_THAT(error_for("1 2\n3\n"), Catch::Contains("bad.txt:2: expected two node ids"));
  CHECK_THAT(error_for("1 2\n3 -4\n"), Catch::Contains("bad.txt:2: node ids must be non-negative"));
  CHECK_THAT(error_for("1 2x\n"), Catch::Contains("bad.txt:1: expected two node ids"));
  CHECK_THAT(error_for("1 2 3 4\n"), Catch::Contains("bad.txt:1: expected two node ids and an"));
  CHECK_THAT(error_for("1 2 w\n"), Catch::Contains("bad.txt:1: expected a finite number"));
  CHECK_THAT(error_for("1 2 0.5\n2 3\n"),
             Catch::Contains("bad.txt:2: expected a weight in the third column like the first "
                             "edge row (line 1)"));
  CHECK_THAT(error_for("1 2\n2 3 0.5\n"), Catch::Contains("bad.txt:2: found a weight column"));
  CHECK_THAT(error_for("9223372036854775808 1\n"), Catch::Contains("exceeds 2^63 - 1"));
}

TEST_CASE("edge_list: networkx attribute dicts, with or without a weight", "[network]") {
  // As networkx.write_edgelist(graph, path) writes them (data=True).
  const Network plain = read_edge_list_text("1 2 {}\n2 3 {}\n", "mem", false);
  CHECK_FALSE(plain.has_weights());
  CHECK(plain.edges() == 2);
  const Network g = read_edge_list_text(
      "# networkx\n1 2 {'weight': 0.5}\n1 3 {'weight': 0.2, 'kind': 'weak, \\'quoted\\''}\n"
      "2 3 {\"color\": \"red\", \"weight\": 1.25, \"on\": True, \"x\": None}  # json\n"
      "3 4 {'weight': 2, 'since': -1.5e3, 'ok': false,}\n",
      "mem", false);
  REQUIRE(g.has_weights());
  CHECK(g.edges() == 4);
  // The same network as the three-column file with the same weights.
  const Network columns = read_edge_list_text("1 2 0.5\n1 3 0.2\n2 3 1.25\n3 4 2\n", "mem", false);
  CHECK(std::ranges::equal(g.targets(), columns.targets()));
  for (std::size_t arc = 0; arc < g.targets().size(); ++arc)
    CHECK(g.weight(arc) == columns.weight(arc));
}

TEST_CASE("edge_list: bad attribute dicts name the file and line", "[network]") {
  CHECK_THAT(error_for("1 2 {}\n2 3 {'weight': 'heavy'}\n"),
             Catch::Contains("bad.txt:2: the weight must be a number, not a text"));
  CHECK_THAT(error_for("1 2 {'weight': nan}\n"),
             Catch::Contains("bad.txt:1: the weight must be a finite number"));
  CHECK_THAT(error_for("1 2 {'weight': True}\n"),
             Catch::Contains("bad.txt:1: the weight must be a finite number"));
  CHECK_THAT(error_for("1 2 {'weight': 1e39}\n"),
             Catch::Contains("bad.txt:1: the weight is too large"));
  CHECK_THAT(error_for("1 2 {'weight': 1.0\n"),
             Catch::Contains("bad.txt:1: expected an attribute dict such as {'weight': 2.5}"));
  CHECK_THAT(error_for("1 2 {weight: 1.0}\n"),
             Catch::Contains("bad.txt:1: expected an attribute dict"));
  CHECK_THAT(error_for("1 2 {'weight' 1.0}\n"),
             Catch::Contains("bad.txt:1: expected an attribute dict"));
  CHECK_THAT(error_for("1 2 {'a': [1, 2]}\n"),
             Catch::Contains("bad.txt:1: expected an attribute dict"));
  CHECK_THAT(error_for("1 2 {'a': 'open\n"), Catch::Contains("a quoted text does not end"));
  CHECK_THAT(error_for("1 2 {} 3\n"),
             Catch::Contains("bad.txt:1: expected nothing after the attribute dict"));
  CHECK_THAT(error_for("1 2 {'weight': 1}\n2 3 {}\n"),
             Catch::Contains("bad.txt:2: expected a weight"));
  CHECK_THAT(error_for("1 2 {}\n2 3 {'weight': 1}\n"),
             Catch::Contains("bad.txt:2: found a weight"));
}

TEST_CASE("edge_list: a weight beyond the float range is an error, not infinity", "[network]") {
  CHECK_THAT(error_for("1 2 1e39\n"), Catch::Contains("bad.txt:1: the weight is too large"));
  CHECK_THAT(error_for("1 2 -3.5e38\n"), Catch::Contains("the weight is too large"));
  const Network g = read_edge_list_text("1 2 3.4e38\n2 3 -1e-30\n", "mem", false);
  CHECK(g.weight(0) == 3.4e38f);
}

TEST_CASE("edge_list: lines of 4 MiB or more are refused unless they are comments", "[network]") {
  const std::string huge(std::size_t{5} << 20, '0');
  EdgeListReport report;
  // A comment of any length is skipped, and the lines after it still count.
  const Network g = read_edge_list_text("1 2\n# " + huge + "\n2 3\n", "mem", false, &report);
  CHECK(g.edges() == 2);
  CHECK(report.lines == 3);
  CHECK(read_edge_list_text("1 2 % " + huge + "\n2 3", "mem", false).edges() == 2);
  // Otherwise the reader stops at the line rather than buffering it whole.
  try {
    read_edge_list_text("1 2\n" + huge + "1 3\n", "mem", false);
    FAIL("no exception");
  } catch (const RuntimeError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith("mem:2: the line is 4 MiB or longer"));
  }
  // The same from a small gzip file.
  const std::string path = temp_path("long_line.txt.gz");
  gzFile out = gzopen(path.c_str(), "wb9");
  REQUIRE(out);
  const std::string text = "1 2\n" + huge + "\n";
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  CHECK(std::filesystem::file_size(path) < 100000);
  CHECK_THROWS_WITH(read_edge_list(path, false), Catch::Contains("4 MiB or longer"));
  std::filesystem::remove(path);
}

TEST_CASE("edge_list: reading from memory is reading a file with the same bytes", "[network]") {
  const std::string text = "# c\r\n10 20 0.5\r\n20 30 1\n\n30 10 2 % x\n10 10 1\n20 10 9";
  const std::string path = temp_file("memory.txt", text);
  EdgeListReport from_file;
  EdgeListReport from_memory;
  const Network a = read_edge_list(path, false, &from_file);
  const Network b = read_edge_list_text(text, path, false, &from_memory);
  CHECK(std::ranges::equal(a.offsets(), b.offsets()));
  CHECK(std::ranges::equal(a.targets(), b.targets()));
  CHECK(a.weight(0) == b.weight(0));
  CHECK(from_file.lines == from_memory.lines);
  CHECK(from_memory.lines == 7);
  CHECK(from_memory.build.self_loops == 1);
  CHECK(from_memory.build.duplicates == 1);
  CHECK_THROWS_WITH(read_edge_list_text("1 2\nx", "in memory", false),
                    Catch::StartsWith("in memory:2: expected two node ids"));
  std::filesystem::remove(path);
}

TEST_CASE("edge_list: empty and missing files are errors", "[network]") {
  CHECK_THAT(error_for(""), Catch::Contains("no edges"));
  CHECK_THAT(error_for("# only a comment\n\n%\n"), Catch::Contains("no edges"));
  try {
    read_edge_list("/nonexistent/edges.txt", false);
    FAIL("no exception");
  } catch (const RuntimeError& e) {
    CHECK_THAT(e.what(), Catch::Contains("/nonexistent/edges.txt"));
  }
}

TEST_CASE("edge_list: CRLF, no final newline, huge ids", "[network]") {
  const std::string path =
      temp_file("crlf.txt", "9223372036854775807 5\r\n5 0\r\n0 9223372036854775807");
  EdgeListReport report;
  const Network g = read_edge_list(path, false, &report);
  CHECK(g.nodes() == 3);
  CHECK(g.edges() == 3);
  CHECK(report.lines == 3);
  std::filesystem::remove(path);
}

TEST_CASE("edge_list: a truncated gzip file is an error", "[network]") {
  // Compress a long list, then cut the file in half.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  const std::string path = temp_path("truncated.txt.gz");
  gzFile out = gzopen(path.c_str(), "wb");
  REQUIRE(out);
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  CHECK_THROWS_AS(read_edge_list(path, false), RuntimeError);
  std::filesystem::remove(path);
}

TEST_CASE("edge_list: lines across read buffers and write-read round trips", "[network]") {
  RandomStream rng(5, StreamPurpose::network);
  ParamValues params;
  params.set("nodes", 300000.0);
  params.set("mean_degree", 4.0);
  const Network g = generate_network("erdos_renyi", params, rng);  // ~8 MB of text
  for (const std::string name : {"round_trip.txt", "round_trip.txt.gz"}) {
    INFO(name);
    const std::string path = temp_path(name);
    write_edge_list(g, path);
    EdgeListReport report;
    const Network back = read_edge_list(path, false, &report);
    CHECK(report.edge_rows == g.edges());
    CHECK(report.lines == g.edges() + 1);  // plus the header comment
    CHECK(report.build.duplicates == 0);
    CHECK(back.edges() == g.edges());
    // Isolated agents do not appear in an edge list; ids are renumbered in first-seen order.
    const NetworkStats a = network_stats(g);
    const NetworkStats b = network_stats(back);
    CHECK(back.nodes() == g.nodes() - a.isolated);
    CHECK(b.max_degree == a.max_degree);
    CHECK(b.clustering_global == Approx(a.clustering_global));
    CHECK(b.largest_component == a.largest_component);
    std::filesystem::remove(path);
  }
  // Directed: every arc once, in both directions when both exist.
  EdgeBuffer arcs;
  arcs.add(0, 1);
  arcs.add(1, 0);
  arcs.add(2, 1);
  const Network d = build_network(3, std::move(arcs), true);
  const std::string path = temp_path("directed.txt");
  write_edge_list(d, path);
  const Network back = read_edge_list(path, true);
  CHECK(back.arcs() == 3);
  CHECK(std::ranges::equal(back.targets(), d.targets()));
  std::filesystem::remove(path);
}

}  // namespace hearsay
