// Consumer segments by a node attribute.
#include "sim/model/segment_assignment.hpp"

#include <stdexcept>

namespace hearsay {

std::vector<std::uint8_t> segments_by_attribute(const Network& network,
                                                const std::string& attribute,
                                                std::span<const SegmentSpec> segments) {
  const NodeAttribute* values = network.node_attribute(attribute);
  if (values == nullptr) {
    std::string names;
    for (const NodeAttribute& a : network.node_attributes())
      names += (names.empty() ? "" : ", ") + a.name;
    throw std::invalid_argument(
        "the network has no node attribute '" + attribute + "'" +
        (names.empty() ? std::string(" (it has no node file)") : " (it has: " + names + ")") +
        "\ngive network.node_file a column '" + attribute + "', or segment_by one of its columns");
  }
  // Each level's segment.
  std::vector<int> segment_of_level(values->levels.size(), -1);
  for (std::size_t l = 0; l < values->levels.size(); ++l)
    for (std::size_t k = 0; k < segments.size(); ++k)
      if (segments[k].name == values->levels[l]) segment_of_level[l] = static_cast<int>(k);
  for (std::size_t l = 0; l < values->levels.size(); ++l)
    if (segment_of_level[l] < 0) {
      std::string names;
      for (const SegmentSpec& s : segments) names += (names.empty() ? "" : ", ") + s.name;
      throw std::invalid_argument(
          "node attribute '" + attribute + "' has the value '" + values->levels[l] +
          "', which names no segment (segments: " + names + ")\nadd a segment named '" +
          values->levels[l] + "' to 'segments', or change the node file");
    }
  std::vector<std::uint8_t> out(network.nodes());
  NodeId unassigned = 0, first = 0;
  for (NodeId v = network.nodes(); v-- > 0;) {
    const std::uint32_t code = values->codes[v];
    if (code == NodeAttribute::missing) {
      ++unassigned;
      first = v;
      continue;
    }
    out[v] = static_cast<std::uint8_t>(segment_of_level[code]);
  }
  if (unassigned > 0)
    throw std::invalid_argument(std::to_string(unassigned) + " node" +
                                (unassigned == 1 ? " has" : "s have") + " no value of attribute '" +
                                attribute + "' (the first: node number " +
                                std::to_string(std::uint64_t{first} + 1) +
                                " in order of appearance in the edge list)\n"
                                "give every node of the edge list a value in the node file");
  return out;
}

}  // namespace hearsay
