// Random streams: reproducible, independent across keys, and uniform enough to trust.
#include "sim/core/rng.hpp"

#include <boost/random/poisson_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <vector>

using namespace hearsay;

TEST_CASE("rng: a stream is a pure function of its key", "[rng]") {
  RandomStream a(123, 4), b(123, 4);
  for (int i = 0; i < 1000; ++i) REQUIRE(a() == b());
  REQUIRE(a.draws() == 1000);
}

TEST_CASE("rng: different keys give different streams", "[rng]") {
  RandomStream a(123, 4), b(123, 5), c(124, 4);
  int same_ab = 0, same_ac = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a(), y = b(), z = c();
    same_ab += x == y;
    same_ac += x == z;
  }
  REQUIRE(same_ab == 0);
  REQUIRE(same_ac == 0);
}

TEST_CASE("rng: derived seeds differ for neighbouring identities", "[rng]") {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t p = 0; p < 10; ++p)
    for (std::uint64_t r = 0; r < 100; ++r) seeds.insert(derive_seed(7, 1, p, r));
  REQUIRE(seeds.size() == 1000);
  REQUIRE(derive_seed(7, 1, 0, 1) != derive_seed(7, 1, 1, 0));
}

TEST_CASE("rng: streams of neighbouring keys are uncorrelated", "[rng]") {
  // Pearson correlation of n pairs has sd 1/sqrt(n) under independence; 5 sd bound.
  const int n = 100000;
  RandomStream a(derive_seed(1, 2), 0), b(derive_seed(1, 2), 1);
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const double x = a.uniform(), y = b.uniform();
    sx += x, sy += y, sxy += x * y, sxx += x * x, syy += y * y;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double r = cov / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
  REQUIRE(std::abs(r) < 5.0 / std::sqrt(n));
}

TEST_CASE("rng: uniform, exponential and below have the right moments", "[rng]") {
  const int n = 200000;
  RandomStream rng(99, 1);
  double su = 0, se = 0, see = 0;
  std::vector<int> counts(7, 0);
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    su += u;
    const double e = rng.exponential(2.0);
    REQUIRE(e > 0.0);
    se += e;
    see += e * e;
    ++counts[rng.below(7)];
  }
  // Means within 5 standard errors: uniform sd 1/sqrt(12), Exp(2) sd 1/2.
  REQUIRE(std::abs(su / n - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  REQUIRE(std::abs(se / n - 0.5) < 5 * 0.5 / std::sqrt(n));
  REQUIRE(std::abs(see / n - 0.5) <
          5 * std::sqrt(1.25 / n));  // E[X^2] = 2/rate^2, sd(X^2) = sqrt(5)/2
  // Chi-square with 6 degrees of freedom: 99.99% quantile is 27.9.
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  REQUIRE(chi2 < 27.9);
}

TEST_CASE("rng: plugs into Boost.Random distributions reproducibly", "[rng]") {
  RandomStream a(5, 5), b(5, 5);
  boost::random::poisson_distribution<int> poisson(3.0);
  for (int i = 0; i < 100; ++i) REQUIRE(poisson(a) == poisson(b));
}

TEST_CASE("rng: 16-bit draws are the quarters of the stream's numbers, lowest first", "[rng]") {
  hearsay::RandomStream numbers(99, hearsay::StreamPurpose::dynamics);
  hearsay::RandomStream stream(99, hearsay::StreamPurpose::dynamics);
  hearsay::QuarterDraws quarters;
  for (int n = 0; n < 5; ++n) {
    const std::uint64_t x = numbers();
    for (int k = 0; k < 4; ++k) CHECK(quarters.next(stream) == ((x >> (16 * k)) & 0xffff));
  }
}
