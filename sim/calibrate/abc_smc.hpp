// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC): populations of
// particles drawn from the prior, then moved towards the data under falling tolerances.
//
// Toni, Welch, Strelkowa, Ipsen & Stumpf (2009), J. R. Soc. Interface 6:187-202: the scheme.
// Beaumont, Cornuet, Marin & Robert (2009), Biometrika 96(4):983-990: the weights and a Gaussian
// kernel whose covariance is twice the weighted covariance of the previous population.
// Del Moral, Doucet & Jasra (2012), Stat. Comput. 22:1009-1020: tolerances adapted from the
// population (here a quantile of the accepted distances).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/design/distributions.hpp"

namespace hearsay::calibrate {

struct AbcSettings {
  std::size_t particles = 1000;        ///< accepted particles per generation
  unsigned generations = 8;            ///< at most this many (the first from the prior)
  double min_acceptance = 0.02;        ///< stop below this acceptance rate
  double quantile = 0.5;               ///< next tolerance: this quantile of accepted distances
  double min_tolerance_change = 0.02;  ///< stop when the tolerance falls by less (relative)
  std::uint64_t seed = 0;              ///< the scenario's master seed
};

/// One population.
struct Generation {
  /// Accepted distances are at most this (infinite for the first, drawn from the prior).
  double tolerance = std::numeric_limits<double>::infinity();
  std::size_t dims = 0;
  std::vector<double> particles;  ///< particles x dims, row-major
  std::vector<double> weights;    ///< normalised to sum 1
  std::vector<double> distances;
  std::uint64_t proposed = 0;  ///< proposals counted: up to the one that completed the population
  std::uint64_t accepted = 0;
  /// Runs simulated, the proposals counted and the rest of the last batch (discarded).
  std::uint64_t simulated = 0;

  bool operator==(const Generation&) const = default;
};

/// Why a calibration ended: the maximum of generations was reached; a generation accepted
/// fewer than min_acceptance of its proposals (or gave up after particles / min_acceptance
/// proposals without enough); the tolerance fell by less than min_tolerance_change.
enum class StopReason { none, generations, acceptance, tolerance };

/// "generations", "acceptance", "tolerance" ("" for none): as /calibration records it.
std::string to_string(StopReason reason);

/// Simulates rows of parameter values (candidate `indices[i]` of generation `generation` is
/// `rows[i]`) and returns their distances to the data, or nothing when stopped.
using Simulate = std::function<std::optional<std::vector<double>>(
    unsigned generation, const std::vector<std::uint64_t>& indices,
    const std::vector<std::vector<double>>& rows)>;

class AbcSmc {
 public:
  AbcSmc(std::vector<design::Distribution> priors, AbcSettings settings);

  /// Generation `t` (0: from the prior) given the previous one (null for t = 0); nothing when
  /// `simulate` was stopped, or when the generation gave up (then *gave_up is set). Candidate c
  /// of generation t draws from its own counter-based stream (seed, t, c), and candidates are
  /// accepted in index order, so the result depends neither on threads nor on batch sizes.
  std::optional<Generation> generation(unsigned t, const Generation* previous,
                                       const Simulate& simulate, bool* gave_up = nullptr) const;

  /// The tolerance the generation after `g` uses.
  double next_tolerance(const Generation& g) const;

  /// Whether to go on after the generations `done`, and if not why.
  StopReason stop_reason(const std::vector<Generation>& done) const;

  /// The run seed identity (32 bits) of candidate c of generation t.
  std::uint32_t seed_index(unsigned t, std::uint64_t c) const;

  /// The product of the priors' densities at `theta`.
  double prior_density(const std::vector<double>& theta) const;

 private:
  std::vector<design::Distribution> priors_;
  AbcSettings settings_;
};

}  // namespace hearsay::calibrate
