// Shape of a cascade given as a parent array: size, depth and structural virality.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hearsay {

/// Marks a root in a parent array (an immigrant event, a seed, the original post).
inline constexpr std::uint32_t no_parent = UINT32_MAX;

/// A cascade as a forest: `parent[i]` is the index of the node that node i heard from (reshared,
/// was infected by), or `no_parent` for a root. Indices need not be in any order; every node
/// must reach a root (no cycles). The functions below throw std::invalid_argument otherwise.
using ParentArray = std::span<const std::uint32_t>;

/// Figures of one cascade (or forest), computed together in O(n).
struct CascadeShape {
  std::uint64_t size = 0;          ///< nodes
  std::uint64_t roots = 0;         ///< trees in the forest (1 for a single cascade)
  std::uint32_t depth = 0;         ///< largest generation; roots are generation 0
  double structural_virality = 0;  ///< mean distance between nodes of the same tree; NaN if none
};

/// Generation of each node: 0 for roots, parent's + 1 otherwise.
std::vector<std::uint32_t> cascade_generations(ParentArray parent);

/// Largest generation (0 for roots alone, also for an empty cascade).
std::uint32_t cascade_depth(ParentArray parent);

/// Structural virality (Goel, Anderson, Hofman & Watts 2016, Management Science 62(1):180-196):
/// the mean shortest-path distance over all pairs of nodes of the tree,
///   nu = sum over edges of s (n - s) / (n (n - 1) / 2),
/// where s is the size of the subtree below the edge (each edge lies on the path of exactly the
/// s (n - s) pairs it separates), so it costs O(n). A star with n nodes gives 2 (n - 1) / n, a
/// path (n + 1) / 3. For a forest the mean runs over pairs in the same tree (pairs in different
/// trees are not connected); NaN when no tree has two nodes.
double structural_virality(ParentArray parent);

/// Size, roots, depth and structural virality in one pass.
CascadeShape cascade_shape(ParentArray parent);

}  // namespace hearsay
