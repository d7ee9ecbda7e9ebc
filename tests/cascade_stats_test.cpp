// Cascade size, depth and structural virality on trees whose answers are known in closed form.
#include "sim/model/cascade_stats.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace {

using hearsay::no_parent;

std::vector<std::uint32_t> star(std::uint32_t n) {
  std::vector<std::uint32_t> parent(n, 0);
  parent[0] = no_parent;
  return parent;
}

std::vector<std::uint32_t> path(std::uint32_t n) {
  std::vector<std::uint32_t> parent(n);
  parent[0] = no_parent;
  for (std::uint32_t i = 1; i < n; ++i) parent[i] = i - 1;
  return parent;
}

}  // namespace

TEST_CASE("cascade_stats: star with n nodes has structural virality 2(n-1)/n (Goel et al. 2016)",
          "[cascade_stats]") {
  for (std::uint32_t n : {2u, 3u, 5u, 10u, 1000u}) {
    const auto parent = star(n);
    const double expected = 2.0 * (n - 1) / n;
    CHECK(hearsay::structural_virality(parent) == Approx(expected).epsilon(1e-12));
    CHECK(hearsay::cascade_depth(parent) == 1);
    CHECK(hearsay::cascade_shape(parent).size == n);
  }
}

TEST_CASE("cascade_stats: path with n nodes has structural virality (n+1)/3 (Goel et al. 2016)",
          "[cascade_stats]") {
  for (std::uint32_t n : {2u, 3u, 4u, 10u, 1000u}) {
    const auto parent = path(n);
    CHECK(hearsay::structural_virality(parent) == Approx((n + 1) / 3.0).epsilon(1e-12));
    CHECK(hearsay::cascade_depth(parent) == n - 1);
  }
}

TEST_CASE("cascade_stats: small tree by hand", "[cascade_stats]") {
  // 0 -> {1, 2}; 1 -> {3, 4}; 2 -> {5}; 5 -> {6}
  const std::vector<std::uint32_t> parent = {no_parent, 0, 0, 1, 1, 2, 5};
  const auto shape = hearsay::cascade_shape(parent);
  CHECK(shape.size == 7);
  CHECK(shape.roots == 1);
  CHECK(shape.depth == 3);
  CHECK(hearsay::cascade_generations(parent) == std::vector<std::uint32_t>{0, 1, 1, 2, 2, 2, 3});
  // Brute force: all-pairs distances by walking up to the common ancestor.
  const auto gen = hearsay::cascade_generations(parent);
  double sum = 0;
  int pairs = 0;
  for (std::uint32_t a = 0; a < parent.size(); ++a)
    for (std::uint32_t b = a + 1; b < parent.size(); ++b) {
      std::uint32_t x = a, y = b;
      int d = 0;
      while (x != y) {
        if (gen[x] >= gen[y])
          x = parent[x];
        else
          y = parent[y];
        ++d;
      }
      sum += d;
      ++pairs;
    }
  CHECK(shape.structural_virality == Approx(sum / pairs).epsilon(1e-12));
  // subtree sizes below the edges: 3 (1), 1 (3), 1 (4), 3 (2), 2 (5), 1 (6)
  CHECK(shape.structural_virality == Approx((3 * 4 + 6 + 6 + 3 * 4 + 2 * 5 + 6) / 21.0));
}

TEST_CASE("cascade_stats: order of the parent array does not matter", "[cascade_stats]") {
  // The same tree as a path 0-1-2-3 listed with children before their parents.
  const std::vector<std::uint32_t> parent = {1, 2, 3, no_parent};
  const auto shape = hearsay::cascade_shape(parent);
  CHECK(shape.depth == 3);
  CHECK(shape.structural_virality == Approx(5.0 / 3.0));
  CHECK(hearsay::cascade_generations(parent) == std::vector<std::uint32_t>{3, 2, 1, 0});
}

TEST_CASE("cascade_stats: a forest averages over pairs within each tree", "[cascade_stats]") {
  // A 3-node path (distances 1, 1, 2) and a 2-node star (distance 1) and a lone root.
  const std::vector<std::uint32_t> parent = {no_parent, 0, 1, no_parent, 3, no_parent};
  const auto shape = hearsay::cascade_shape(parent);
  CHECK(shape.size == 6);
  CHECK(shape.roots == 3);
  CHECK(shape.depth == 2);
  CHECK(shape.structural_virality == Approx((1 + 1 + 2 + 1) / 4.0));
}

TEST_CASE("cascade_stats: degenerate cascades", "[cascade_stats]") {
  const std::vector<std::uint32_t> empty;
  CHECK(hearsay::cascade_shape(empty).size == 0);
  CHECK(hearsay::cascade_depth(empty) == 0);
  CHECK(std::isnan(hearsay::structural_virality(empty)));
  const std::vector<std::uint32_t> lone = {no_parent};
  CHECK(hearsay::cascade_depth(lone) == 0);
  CHECK(std::isnan(hearsay::structural_virality(lone)));
}

TEST_CASE("cascade_stats: invalid parent arrays are refused", "[cascade_stats]") {
  const std::vector<std::uint32_t> out_of_range = {no_parent, 7};
  CHECK_THROWS_AS(hearsay::cascade_shape(out_of_range), std::invalid_argument);
  const std::vector<std::uint32_t> self = {no_parent, 1};
  CHECK_THROWS_AS(hearsay::cascade_shape(self), std::invalid_argument);
  const std::vector<std::uint32_t> cycle = {no_parent, 2, 1};
  CHECK_THROWS_AS(hearsay::cascade_shape(cycle), std::invalid_argument);
}
