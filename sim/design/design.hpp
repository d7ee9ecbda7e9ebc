// Experimental designs over the unit cube for uncertainty and sensitivity analysis: Saltelli's
// scheme on a scrambled Sobol' sequence, Morris trajectories, Latin hypercubes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hearsay::design {

enum class Method { sobol, morris, latin };

/// The name a scenario uses ("sobol", "morris", "latin").
std::string to_string(Method method);

/// A design: `rows()` points in [0, 1)^dims (row-major), each with its role in the design.
struct UnitDesign {
  Method method = Method::latin;
  std::size_t dims = 0;
  std::vector<double> unit;  ///< rows x dims
  /// sobol: 0 = a row of A, 1 = of B, 2 + i = of A_B^i (A with column i from B);
  /// morris: the step within its trajectory (0 = its start); latin: 0.
  std::vector<std::int32_t> role;
  /// sobol: the base sample j (row j of A and B); morris: the trajectory; latin: the row.
  std::vector<std::int64_t> sample;

  std::size_t rows() const { return role.size(); }
  bool operator==(const UnitDesign&) const = default;
  double at(std::size_t row, std::size_t dim) const { return unit[row * dims + dim]; }
};

/// The first n points of the dims-dimensional Sobol' sequence (Joe & Kuo direction numbers, as
/// Boost.Random ships them; the first point is the origin), scrambled by a random linear matrix
/// and digital shift per dimension (Matousek 1998). The first 2^m points of the unscrambled
/// sequence form a (t, m, s)-net, and the scramble keeps that: every interval [a/2^m, (a+1)/2^m)
/// of one coordinate holds exactly one of them. n x dims, row-major.
std::vector<double> scrambled_sobol(std::size_t dims, std::size_t n, std::uint64_t seed);

/// Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010): A and B are the two halves of one
/// scrambled Sobol' sequence of dimension 2k, and A_B^i is A with column i from B; n (k + 2)
/// rows, in blocks A, B, A_B^1, ..., A_B^k.
UnitDesign saltelli(std::size_t k, std::size_t n, std::uint64_t seed);

/// Morris (1991) one-at-a-time trajectories on a grid of `levels` levels: a random start, then
/// each input in random order moved by delta = levels / (2 (levels - 1)) up or down;
/// trajectories x (k + 1) rows.
UnitDesign morris(std::size_t k, std::size_t trajectories, unsigned levels, std::uint64_t seed);

/// A Latin hypercube (McKay, Beckman & Conover 1979): each input's n strata hold one point each,
/// at a random place inside.
UnitDesign latin(std::size_t k, std::size_t n, std::uint64_t seed);

}  // namespace hearsay::design
