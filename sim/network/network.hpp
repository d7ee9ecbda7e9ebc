// Network storage: compressed sparse rows with 32-bit ids, built once and shared read-only.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/core/types.hpp"

namespace hearsay {

/// Tie classes (Goldenberg, Libai & Muller 2001): strong ties inside a personal circle, weak
/// ties across circles.
enum class Tie : std::uint8_t { weak = 0, strong = 1 };

/// A named per-node attribute read with the network (e.g. a consumer segment): its distinct
/// values (`levels`, in first-seen order) and each node's value as an index into them.
struct NodeAttribute {
  static constexpr std::uint32_t missing = std::numeric_limits<std::uint32_t>::max();
  std::string name;
  std::vector<std::string> levels;
  std::vector<std::uint32_t> codes;  ///< per node: index into levels, or `missing`
};

/// A network in CSR form. Undirected networks store each edge as two arcs. Optional per-arc
/// attributes (tie class, weight) and per-node community labels are parallel arrays; an absent
/// attribute is an empty array.
class Network {
 public:
  Network() = default;
  Network(NodeId nodes, std::vector<std::uint64_t> offsets, std::vector<NodeId> targets,
          bool directed)
      : nodes_(nodes),
        directed_(directed),
        offsets_(std::move(offsets)),
        targets_(std::move(targets)) {}

  NodeId nodes() const { return nodes_; }
  bool directed() const { return directed_; }
  /// Stored arcs (2x edges when undirected).
  std::uint64_t arcs() const { return targets_.size(); }
  /// Edges: arcs for a directed network, arcs / 2 for an undirected one.
  std::uint64_t edges() const { return directed_ ? arcs() : arcs() / 2; }

  /// Out-neighbours of v (all neighbours when undirected), sorted by id.
  std::span<const NodeId> neighbours(NodeId v) const {
    return {targets_.data() + offsets_[v], targets_.data() + offsets_[v + 1]};
  }
  std::uint32_t degree(NodeId v) const {
    return static_cast<std::uint32_t>(offsets_[v + 1] - offsets_[v]);
  }
  /// Index of v's first arc in the per-arc arrays.
  std::uint64_t first_arc(NodeId v) const { return offsets_[v]; }

  bool has_ties() const { return !ties_.empty(); }
  Tie tie(std::uint64_t arc) const { return static_cast<Tie>(ties_[arc]); }
  bool has_weights() const { return !weights_.empty(); }
  float weight(std::uint64_t arc) const { return weights_[arc]; }
  bool has_communities() const { return !community_.empty(); }
  std::uint32_t community(NodeId v) const { return community_[v]; }

  std::span<const std::uint64_t> offsets() const { return offsets_; }
  std::span<const NodeId> targets() const { return targets_; }

  void set_ties(std::vector<std::uint8_t> ties) { ties_ = std::move(ties); }
  void set_weights(std::vector<float> weights) { weights_ = std::move(weights); }
  void set_communities(std::vector<std::uint32_t> community) { community_ = std::move(community); }
  /// Named node attributes (from a node file), in the file's column order.
  const std::vector<NodeAttribute>& node_attributes() const { return node_attributes_; }
  const NodeAttribute* node_attribute(const std::string& name) const {
    for (const NodeAttribute& a : node_attributes_)
      if (a.name == name) return &a;
    return nullptr;
  }
  void set_node_attributes(std::vector<NodeAttribute> attributes) {
    node_attributes_ = std::move(attributes);
  }

  /// Bytes held by the arrays.
  std::uint64_t memory_bytes() const {
    return offsets_.capacity() * sizeof(std::uint64_t) + targets_.capacity() * sizeof(NodeId) +
           ties_.capacity() + weights_.capacity() * sizeof(float) +
           community_.capacity() * sizeof(std::uint32_t);
  }

 private:
  NodeId nodes_ = 0;
  bool directed_ = false;
  std::vector<std::uint64_t> offsets_{0};
  std::vector<NodeId> targets_;
  std::vector<std::uint8_t> ties_;
  std::vector<float> weights_;
  std::vector<std::uint32_t> community_;
  std::vector<NodeAttribute> node_attributes_;
};

/// Edges collected by a generator or reader before they become a Network.
struct EdgeBuffer {
  std::vector<NodeId> from;
  std::vector<NodeId> to;
  std::vector<std::uint8_t> ties;  ///< per edge Tie, or empty
  std::vector<float> weights;      ///< per edge weight, or empty

  void add(NodeId u, NodeId v) {
    from.push_back(u);
    to.push_back(v);
  }
  std::size_t size() const { return from.size(); }
};

/// What building a network dropped.
struct BuildReport {
  std::uint64_t self_loops = 0;  ///< edges u-u removed
  std::uint64_t duplicates = 0;  ///< repeated edges removed (the first occurrence is kept)
};

/// Builds the CSR network from an edge buffer (consumed). Self-loops and duplicate edges are
/// dropped and counted; for undirected networks u-v and v-u are the same edge. Neighbour lists
/// come out sorted by id, so the result does not depend on the order of the input edges' rows
/// beyond which duplicate's attributes are kept.
Network build_network(NodeId nodes, EdgeBuffer edges, bool directed, BuildReport* report = nullptr);

}  // namespace hearsay
