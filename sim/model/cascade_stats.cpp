// Cascade size, depth and structural virality from a parent array, all in O(n).
#include "sim/model/cascade_stats.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace hearsay {
namespace {

/// The forest in breadth-first order from the roots (roots first, in index order), so every
/// node comes after its parent whatever the order of the input.
std::vector<std::uint32_t> breadth_first_order(ParentArray parent) {
  const std::size_t n = parent.size();
  if (n >= no_parent) throw std::invalid_argument("cascade has too many nodes for 32-bit indices");
  std::vector<std::uint32_t> offsets(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t p = parent[i];
    if (p == no_parent) continue;
    if (p >= n || p == i)
      throw std::invalid_argument("cascade node " + std::to_string(i) + " has parent " +
                                  std::to_string(p) + ": must be another node's index (< " +
                                  std::to_string(n) + ") or no_parent");
    ++offsets[p + 1];
  }
  for (std::size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  std::vector<std::uint32_t> children(offsets[n]);
  std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (parent[i] != no_parent) children[fill[parent[i]]++] = static_cast<std::uint32_t>(i);

  std::vector<std::uint32_t> order;
  order.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (parent[i] == no_parent) order.push_back(static_cast<std::uint32_t>(i));
  for (std::size_t head = 0; head < order.size(); ++head) {
    const std::uint32_t v = order[head];
    for (std::uint32_t c = offsets[v]; c < offsets[v + 1]; ++c) order.push_back(children[c]);
  }
  // Nodes on a cycle never hang below a root, so the walk misses them.
  if (order.size() != n)
    throw std::invalid_argument("cascade parent array has a cycle: " +
                                std::to_string(n - order.size()) + " nodes reach no root");
  return order;
}

}  // namespace

std::vector<std::uint32_t> cascade_generations(ParentArray parent) {
  const std::vector<std::uint32_t> order = breadth_first_order(parent);
  std::vector<std::uint32_t> generation(parent.size(), 0);
  for (std::uint32_t v : order)
    if (parent[v] != no_parent) generation[v] = generation[parent[v]] + 1;
  return generation;
}

std::uint32_t cascade_depth(ParentArray parent) {
  return cascade_shape(parent).depth;
}

double structural_virality(ParentArray parent) {
  return cascade_shape(parent).structural_virality;
}

CascadeShape cascade_shape(ParentArray parent) {
  const std::size_t n = parent.size();
  const std::vector<std::uint32_t> order = breadth_first_order(parent);
  CascadeShape shape;
  shape.size = n;

  std::vector<std::uint32_t> generation(n, 0);
  std::vector<std::uint32_t> root(n, 0);
  for (std::uint32_t v : order) {
    if (parent[v] == no_parent) {
      root[v] = v;
      ++shape.roots;
    } else {
      generation[v] = generation[parent[v]] + 1;
      root[v] = root[parent[v]];
      shape.depth = std::max(shape.depth, generation[v]);
    }
  }

  // Subtree sizes, children before parents.
  std::vector<std::uint32_t> subtree(n, 1);
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if (parent[*it] != no_parent) subtree[parent[*it]] += subtree[*it];

  // Wiener index of each tree: the edge above v separates its s-node subtree from the other
  // n_T - s nodes of its tree. Doubles are exact up to 2^53 and keep 16 digits beyond.
  double distance_sum = 0;
  double pairs = 0;
  for (std::size_t v = 0; v < n; ++v) {
    const double tree_size = subtree[root[v]];
    if (parent[v] == no_parent) {
      pairs += tree_size * (tree_size - 1) / 2;
    } else {
      const double s = subtree[v];
      distance_sum += s * (tree_size - s);
    }
  }
  shape.structural_virality =
      pairs > 0 ? distance_sum / pairs : std::numeric_limits<double>::quiet_NaN();
  return shape;
}

}  // namespace hearsay
