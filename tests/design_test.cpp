// Designs for sensitivity analysis: the structure each method promises (nets, one-at-a-time
// steps, strata, Saltelli's matrices) and the quantile functions of the distributions.
#include "sim/design/design.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "sim/design/distributions.hpp"
#include "sim/design/plan.hpp"

using namespace hearsay::design;

TEST_CASE(
    "design: the first 2^m scrambled Sobol' points put one point in each of 2^m slices of every "
    "axis",
    "[design]") {
  for (const std::size_t n : {8u, 64u, 256u}) {
    const std::size_t dims = 24;
    const std::vector<double> p = scrambled_sobol(dims, n, 7);
    for (std::size_t d = 0; d < dims; ++d) {
      std::vector<int> hits(n, 0);
      for (std::size_t r = 0; r < n; ++r) {
        const double x = p[r * dims + d];
        REQUIRE(x > 0);
        REQUIRE(x < 1);
        ++hits[static_cast<std::size_t>(x * static_cast<double>(n))];
      }
      INFO("n " << n << " dimension " << d);
      CHECK(*std::min_element(hits.begin(), hits.end()) == 1);
    }
  }
}

TEST_CASE("design: scrambling depends on the seed and only on it", "[design]") {
  CHECK(scrambled_sobol(3, 16, 1) == scrambled_sobol(3, 16, 1));
  CHECK(scrambled_sobol(3, 16, 1) != scrambled_sobol(3, 16, 2));
}

TEST_CASE("design: Saltelli's scheme gives A, B and A_B^i with N (k + 2) rows", "[design]") {
  const std::size_t k = 4, n = 32;
  const UnitDesign d = saltelli(k, n, 3);
  REQUIRE(d.rows() == n * (k + 2));
  REQUIRE(d.method == Method::sobol);
  auto row = [&](std::int32_t role, std::size_t j) {
    for (std::size_t r = 0; r < d.rows(); ++r)
      if (d.role[r] == role && d.sample[r] == static_cast<std::int64_t>(j)) return r;
    FAIL("no row");
    return std::size_t{0};
  };
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t c = 0; c < k; ++c) {
      const std::size_t ab = row(static_cast<std::int32_t>(2 + c), j), a = row(0, j), b = row(1, j);
      for (std::size_t i = 0; i < k; ++i) CHECK(d.at(ab, i) == (i == c ? d.at(b, i) : d.at(a, i)));
    }
}

TEST_CASE("design: Morris trajectories move one input at a time by delta, inside the grid",
          "[design]") {
  const std::size_t k = 5;
  const unsigned levels = 4;
  const UnitDesign d = morris(k, 30, levels, 11);
  REQUIRE(d.rows() == 30 * (k + 1));
  const double delta = levels / (2.0 * (levels - 1));
  std::set<std::size_t> moved_up, moved_down;
  for (std::size_t r = 0; r < d.rows(); ++r) {
    for (std::size_t i = 0; i < k; ++i) {
      const double x = d.at(r, i) * (levels - 1);
      CHECK(std::abs(x - std::round(x)) < 1e-12);  // on the grid
      CHECK(d.at(r, i) >= -1e-12);
      CHECK(d.at(r, i) <= 1 + 1e-12);
    }
    if (d.role[r] == 0) continue;
    REQUIRE(d.sample[r] == d.sample[r - 1]);
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < k; ++i)
      if (d.at(r, i) != d.at(r - 1, i)) changed.push_back(i);
    REQUIRE(changed.size() == 1);
    const double step = d.at(r, changed[0]) - d.at(r - 1, changed[0]);
    CHECK(std::abs(std::abs(step) - delta) < 1e-12);
    (step > 0 ? moved_up : moved_down).insert(changed[0]);
  }
  CHECK(moved_up.size() == k);
  CHECK(moved_down.size() == k);
}

TEST_CASE("design: a Latin hypercube has one point in each stratum of every input", "[design]") {
  const std::size_t k = 6, n = 50;
  const UnitDesign d = latin(k, n, 5);
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<int> hits(n, 0);
    for (std::size_t r = 0; r < n; ++r) ++hits[static_cast<std::size_t>(d.at(r, i) * n)];
    CHECK(*std::min_element(hits.begin(), hits.end()) == 1);
  }
}

TEST_CASE("design: quantile functions of the distributions", "[design]") {
  using K = Distribution::Kind;
  const Distribution u{K::uniform, {2, 6}};
  CHECK(quantile(u, 0.25) == Approx(3));
  const Distribution lu{K::loguniform, {0.01, 1}};
  CHECK(quantile(lu, 0.5) == Approx(0.1));  // the geometric mean
  const Distribution tri{K::triangular, {0, 1, 4}};
  CHECK(quantile(tri, 0.25) == Approx(1));  // the mode's cdf is (1 - 0) / (4 - 0)
  CHECK(quantile(tri, 1 - 1.0 / 3) == Approx(4 - std::sqrt(4.0)));  // 1 - (4 - x)^2 / 12 at x = 2
  Distribution n{K::normal, {0.5, 0.3}};
  n.lower = 0;
  n.upper = 1;
  CHECK(quantile(n, 0.5) == Approx(0.5));
  CHECK(quantile(n, 1e-9) >= 0);
  CHECK(quantile(n, 1 - 1e-9) <= 1);
  // truncated at 0 and 1 the lower quartile lies inside the untruncated one's
  CHECK(quantile(n, 0.25) > 0.5 - 0.6745 * 0.3);
  Distribution c{K::choice, {}, {"a", "b", "c"}};
  CHECK(choice_index(c, 0.0) == 0);
  CHECK(choice_index(c, 0.5) == 1);
  CHECK(choice_index(c, 0.999) == 2);
}

TEST_CASE("design: bad distributions say what is wrong", "[design]") {
  using K = Distribution::Kind;
  CHECK(check({K::uniform, {1, 1}}).find("below") != std::string::npos);
  CHECK(check({K::uniform, {1}}) == "give [lo, hi]");
  CHECK(check({K::loguniform, {0, 1}}).find("above 0") != std::string::npos);
  CHECK(check({K::triangular, {0, 5, 4}}).find("mode") != std::string::npos);
  CHECK(check({K::normal, {0, -1}}).find("sd") != std::string::npos);
  Distribution far{K::normal, {100, 1}};
  far.lower = 0;
  far.upper = 1;
  CHECK(check(far).find("range") != std::string::npos);
  CHECK(check({K::choice, {}, {}}).find("at least one") != std::string::npos);
  CHECK(check({K::uniform, {0, 1}}).empty());
}

TEST_CASE("design: a plan maps each row's unit coordinates through its key's distribution",
          "[design]") {
  using K = Distribution::Kind;
  std::vector<UncertainKey> keys(3);
  keys[0] = {"model.beta", {K::loguniform, {0.01, 1}}, "loguniform [0.01, 1]"};
  keys[1] = {"model.gamma", {K::uniform, {1, 2}}, "uniform [1, 2]"};
  keys[2] = {"brands.A.style", {K::choice, {}, {"hard_sell", "soft_sell"}}, "choice [...]"};
  for (const Method method : {Method::sobol, Method::morris, Method::latin}) {
    DesignSpec spec;
    spec.method = method;
    spec.samples = 16;
    spec.trajectories = 5;
    const DesignPlan plan = plan_design(keys, spec, 99);
    INFO(to_string(method));
    REQUIRE(plan.unit.rows() == spec.rows(keys.size()));
    std::set<std::string> chosen;
    for (std::size_t r = 0; r < plan.unit.rows(); ++r) {
      CHECK(plan.numbers[r][0] >= 0.01);
      CHECK(plan.numbers[r][0] <= 1);
      CHECK(plan.numbers[r][1] >= 1);
      CHECK(plan.numbers[r][1] <= 2);
      CHECK(std::isnan(plan.numbers[r][2]));
      CHECK(plan.choices[r][0].empty());
      chosen.insert(plan.choices[r][2]);
    }
    CHECK(chosen == std::set<std::string>{"hard_sell", "soft_sell"});
  }
}
