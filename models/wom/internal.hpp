// What the wom model's files share inside: state flags, set-up streams and small formulas.
#pragma once

#include <boost/random/beta_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/core/rng.hpp"

namespace hearsay::models::wom::detail {

inline constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
/// No brand (holder_, last_brand_).
inline constexpr std::uint8_t no_brand = 0xff;
/// Counter word 1 of set-up streams: events put their key there, whose bit 63 is never set.
inline constexpr std::uint64_t set_up_stream = std::uint64_t{1} << 63;
inline constexpr std::uint8_t flag_failed = 1;       // the product failed at the latest use
inline constexpr std::uint8_t flag_answered = 2;     // a complaint of theirs was answered
inline constexpr std::uint8_t flag_experienced = 4;  // first-use experience happened
/// Counter word 1 of the stream that puts consumers in segments.
inline constexpr std::uint64_t segment_stream = 0x7365676d656e74;  // "segment"
/// Payload of the broadcaster's scripted complaint event (a natural complaint carries 0).
inline constexpr std::uint64_t scripted = 1;

/// Wear-in then wear-out of repeated pitch exposures (Krugman 1972): g(k) = (k/k*) e^{1 - k/k*}
/// peaks at k = k* recent exposures with g = 1.
inline double wear(double k, double peak) {
  if (peak <= 0) return k > 0 ? 0.0 : 1.0;
  const double x = k / peak;
  return x * std::exp(1.0 - x);
}

/// A Beta draw with the given mean and concentration (0 and 1 at the ends).
inline double beta_draw(RandomStream& rng, double mean, double concentration) {
  if (mean <= 0) return 0;
  if (mean >= 1) return 1;
  boost::random::beta_distribution<double> beta(mean * concentration, (1 - mean) * concentration);
  return beta(rng);
}

}  // namespace hearsay::models::wom::detail
