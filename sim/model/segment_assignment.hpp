// Consumer segments by a node attribute (`segment_by:`): each node's segment from the value of
// one of the network's node attributes (a node file read with an edge list).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/model/segments.hpp"
#include "sim/network/network.hpp"

namespace hearsay {

/// Each node's segment (an index into `segments`): the segment named as the node's value of
/// attribute `attribute`. Throws std::invalid_argument saying what is wrong (the network has no
/// such attribute, a node has no value, a value names no segment) and how to fix it, as
/// "problem\nfix".
std::vector<std::uint8_t> segments_by_attribute(const Network& network,
                                                const std::string& attribute,
                                                std::span<const SegmentSpec> segments);

}  // namespace hearsay
