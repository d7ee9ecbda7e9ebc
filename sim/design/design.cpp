// Unit-cube designs: scrambled Sobol' points, Saltelli's matrices, Morris trajectories, LHS.
#include "sim/design/design.hpp"

#include <algorithm>
#include <bit>
#include <boost/random/sobol.hpp>
#include <numeric>
#include <stdexcept>

#include "sim/core/rng.hpp"

namespace hearsay::design {
namespace {

/// The stream a design draws from, apart from every run's.
constexpr std::uint64_t design_stream = 0x64657369676eULL;  // "design"

constexpr double two_to_32 = 4294967296.0;

/// Random linear scramble and digital shift of 32-bit Sobol' coordinates (bit 31 first):
/// y_j = x_j + sum_{i<j} L_ji x_i + e_j over GF(2), L lower triangular with unit diagonal.
class Scramble {
 public:
  explicit Scramble(RandomStream& rng) {
    for (int j = 0; j < 32; ++j) {
      // Row j acts on bits 31..31-j of x (the j most significant and the diagonal).
      const std::uint32_t above =
          j == 0 ? 0u : static_cast<std::uint32_t>(rng() >> 32) & ~((1u << (32 - j)) - 1u);
      rows_[j] = above | (1u << (31 - j));
    }
    shift_ = static_cast<std::uint32_t>(rng() >> 32);
  }
  std::uint32_t operator()(std::uint32_t x) const {
    std::uint32_t y = 0;
    for (int j = 0; j < 32; ++j)
      y |= static_cast<std::uint32_t>(std::popcount(x & rows_[j]) & 1) << (31 - j);
    return y ^ shift_;
  }

 private:
  std::uint32_t rows_[32];
  std::uint32_t shift_;
};

}  // namespace

std::string to_string(Method method) {
  switch (method) {
    case Method::sobol:
      return "sobol";
    case Method::morris:
      return "morris";
    case Method::latin:
      return "latin";
  }
  return "?";
}

std::vector<double> scrambled_sobol(std::size_t dims, std::size_t n, std::uint64_t seed) {
  if (dims == 0) return {};
  boost::random::sobol_engine<std::uint32_t, 32> sequence(dims);
  RandomStream rng(derive_seed(seed, design_stream, 1), StreamPurpose::seeding);
  std::vector<Scramble> scrambles;
  scrambles.reserve(dims);
  for (std::size_t d = 0; d < dims; ++d) scrambles.emplace_back(rng);
  std::vector<double> points(n * dims);
  for (std::size_t row = 0; row < n; ++row)
    for (std::size_t d = 0; d < dims; ++d) {
      // Boost's sequence starts after the origin; the origin is point 0.
      const std::uint32_t x = row == 0 ? 0u : sequence();
      // 32 bits and a half-unit offset inside the finest interval: never 0 or 1.
      points[row * dims + d] = (static_cast<double>(scrambles[d](x)) + 0.5) / two_to_32;
    }
  return points;
}

UnitDesign saltelli(std::size_t k, std::size_t n, std::uint64_t seed) {
  if (k == 0 || n < 2) throw std::invalid_argument("a Sobol' design needs k >= 1 and N >= 2");
  const std::vector<double> base = scrambled_sobol(2 * k, n, seed);
  UnitDesign d;
  d.method = Method::sobol;
  d.dims = k;
  d.unit.reserve(n * (k + 2) * k);
  auto add = [&](std::int32_t role, std::size_t j, auto&& value) {
    for (std::size_t i = 0; i < k; ++i) d.unit.push_back(value(i));
    d.role.push_back(role);
    d.sample.push_back(static_cast<std::int64_t>(j));
  };
  auto a = [&](std::size_t j, std::size_t i) { return base[j * 2 * k + i]; };
  auto b = [&](std::size_t j, std::size_t i) { return base[j * 2 * k + k + i]; };
  for (std::size_t j = 0; j < n; ++j) add(0, j, [&](std::size_t i) { return a(j, i); });
  for (std::size_t j = 0; j < n; ++j) add(1, j, [&](std::size_t i) { return b(j, i); });
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t j = 0; j < n; ++j)
      add(static_cast<std::int32_t>(2 + c), j,
          [&](std::size_t i) { return i == c ? b(j, i) : a(j, i); });
  return d;
}

UnitDesign morris(std::size_t k, std::size_t trajectories, unsigned levels, std::uint64_t seed) {
  if (k == 0 || trajectories < 1 || levels < 2 || levels % 2 != 0)
    throw std::invalid_argument(
        "a Morris design needs k >= 1, trajectories >= 1 and an even "
        "number of levels >= 2");
  RandomStream rng(derive_seed(seed, design_stream, 2), StreamPurpose::seeding);
  const double step = 1.0 / (levels - 1);
  const unsigned jumps = levels / 2;  // delta = levels / (2 (levels - 1)) = jumps grid steps
  const double delta = jumps * step;
  UnitDesign d;
  d.method = Method::morris;
  d.dims = k;
  std::vector<double> x(k);
  std::vector<bool> up(k);
  std::vector<std::size_t> order(k);
  for (std::size_t t = 0; t < trajectories; ++t) {
    for (std::size_t i = 0; i < k; ++i) {
      // A start from which the move stays on the grid: levels 0 .. levels-1-jumps going up,
      // jumps .. levels-1 going down.
      up[i] = rng.bernoulli(0.5);
      const auto level = static_cast<unsigned>(rng.below(levels - jumps)) + (up[i] ? 0u : jumps);
      x[i] = level * step;
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    for (std::size_t s = 0; s <= k; ++s) {
      if (s > 0) {
        const std::size_t i = order[s - 1];
        x[i] += up[i] ? delta : -delta;
      }
      d.unit.insert(d.unit.end(), x.begin(), x.end());
      d.role.push_back(static_cast<std::int32_t>(s));
      d.sample.push_back(static_cast<std::int64_t>(t));
    }
  }
  return d;
}

UnitDesign latin(std::size_t k, std::size_t n, std::uint64_t seed) {
  if (k == 0 || n < 1) throw std::invalid_argument("a Latin hypercube needs k >= 1 and N >= 1");
  RandomStream rng(derive_seed(seed, design_stream, 3), StreamPurpose::seeding);
  UnitDesign d;
  d.method = Method::latin;
  d.dims = k;
  d.unit.assign(n * k, 0.0);
  std::vector<std::size_t> strata(n);
  for (std::size_t i = 0; i < k; ++i) {
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t r = n; r > 1; --r) std::swap(strata[r - 1], strata[rng.below(r)]);
    for (std::size_t r = 0; r < n; ++r)
      d.unit[r * k + i] = (static_cast<double>(strata[r]) + rng.uniform()) / static_cast<double>(n);
  }
  d.role.assign(n, 0);
  d.sample.resize(n);
  std::iota(d.sample.begin(), d.sample.end(), std::int64_t{0});
  return d;
}

}  // namespace hearsay::design
