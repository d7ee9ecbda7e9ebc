// Node files (per-node attributes read with an edge list) and consumer segments by a node
// attribute: what is read, and every malformed file refused with its file, line and column.
#include "sim/network/node_file.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/model/segment_assignment.hpp"
#include "sim/network/edge_list.hpp"

using namespace hearsay;

namespace {

// Original ids 10, 20, 30, 40 are dense ids 0..3 (first seen first).
const std::vector<std::uint64_t> ids{10, 20, 30, 40};

std::string error_of(const std::string& text) {
  try {
    read_node_file_text(text, "nodes.csv", ids);
  } catch (const DataFileError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("node file: attributes by original id, levels in first-seen order, gaps missing",
          "[network][node_file]") {
  const std::vector<NodeAttribute> a = read_node_file_text(
      "# consumers\nnode, segment ,age\n30,young,18\n10, old ,\r\n\n20,young,40", "nodes.csv", ids);
  REQUIRE(a.size() == 2);
  CHECK(a[0].name == "segment");
  CHECK(a[0].levels == std::vector<std::string>{"young", "old"});
  CHECK(a[0].codes == std::vector<std::uint32_t>{1, 0, 0, NodeAttribute::missing});
  CHECK(a[1].name == "age");
  CHECK(a[1].levels == std::vector<std::string>{"18", "40"});
  CHECK(a[1].codes ==
        std::vector<std::uint32_t>{NodeAttribute::missing, 1, 0, NodeAttribute::missing});
}

TEST_CASE("node file: malformed files name the file, line and column", "[network][node_file]") {
  struct Case {
    const char* text;
    std::vector<std::string> phrases;
  };
  const std::vector<Case> cases{
      {"", {"nodes.csv: the node file is empty", "node,segment"}},
      {"# only a comment\n", {"the node file is empty"}},
      {"id,segment\n10,a\n", {"nodes.csv:1: column 1", "must start with 'node'"}},
      {"node\n10\n", {"nodes.csv:1:", "names no attribute"}},
      {"node,segment,segment\n", {"nodes.csv:1: column 3", "named twice"}},
      {"node,,x\n", {"column 2", "has no name"}},
      {"node,\"segment\"\n", {"column 2", "quotes are not read"}},
      {"node,segment\n10,a,b\n", {"nodes.csv:2:", "has 3 columns; the header has 2"}},
      {"node,segment\nten,a\n", {"nodes.csv:2: column 1", "'ten' is not a node id"}},
      {"node,segment\n-1,a\n", {"nodes.csv:2: column 1", "is not a node id"}},
      {"node,segment\n10,a\n99,b\n", {"nodes.csv:3: column 1", "node 99 is not in the edge list"}},
      {"node,segment\n10,a\n\n10,b\n", {"nodes.csv:4: column 1", "node 10 is listed twice"}},
      {"node,segment\n10,\"a\"\n", {"nodes.csv:2: column 2", "quotes"}},
  };
  for (const Case& c : cases) {
    INFO("text: " << c.text);
    const std::string message = error_of(c.text);
    REQUIRE_FALSE(message.empty());
    for (const std::string& phrase : c.phrases) CHECK_THAT(message, Catch::Contains(phrase));
  }
}

TEST_CASE("node file: a missing file is refused by name", "[network][node_file]") {
  CHECK_THROWS_WITH(
      read_node_file("/nonexistent/nodes.csv", ids),
      Catch::Contains("node file '/nonexistent/nodes.csv'") && Catch::Contains("does not exist"));
}

TEST_CASE("segments by attribute: each node in the segment its value names",
          "[segments][node_file]") {
  Network network = read_edge_list_text("10 20\n20 30\n30 40\n", "edges.txt", false, nullptr);
  // read_edge_list_text keeps no ids: the test gives the same first-seen order by hand.
  network.set_node_attributes(
      read_node_file_text("node,segment\n10,b\n20,a\n30,b\n40,a\n", "nodes.csv", ids));
  const std::vector<SegmentSpec> segments{{"a", 0, {}}, {"b", 0, {}}};
  CHECK(segments_by_attribute(network, "segment", segments) ==
        std::vector<std::uint8_t>{1, 0, 1, 0});
  CHECK_THROWS_WITH(segments_by_attribute(network, "age", segments),
                    Catch::Contains("no node attribute 'age' (it has: segment)"));
  const std::vector<SegmentSpec> only_a{{"a", 0, {}}};
  CHECK_THROWS_WITH(segments_by_attribute(network, "segment", only_a),
                    Catch::Contains("the value 'b', which names no segment (segments: a)"));
  network.set_node_attributes(read_node_file_text("node,segment\n10,b\n20,a\n", "nodes.csv", ids));
  CHECK_THROWS_WITH(segments_by_attribute(network, "segment", segments),
                    Catch::Contains("2 nodes have no value of attribute 'segment'") &&
                        Catch::Contains("node number 3"));
}
