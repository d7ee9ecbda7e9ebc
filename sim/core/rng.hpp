// Counter-based random streams keyed by identity, and seed derivation by hashing.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace hearsay {

__extension__ typedef unsigned __int128 uint128_t;  // GCC/Clang extension, for 64x64 -> 128

/// SplitMix64 finaliser: a bijective 64-bit mix used to derive seeds.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Derives a seed from a master seed and a path of identifiers (never seed + i).
constexpr std::uint64_t derive_seed(std::uint64_t master, std::uint64_t a, std::uint64_t b = 0,
                                    std::uint64_t c = 0) {
  std::uint64_t h = mix64(master ^ 0x68656172736179ULL);  // "hearsay"
  h = mix64(h ^ a);
  h = mix64(h ^ (b + 0x632be59bd9b4e019ULL));
  h = mix64(h ^ (c + 0x8cb92ba72f3d8dd7ULL));
  return h;
}

/// Uniform integer in [0, n) from uniform 64-bit numbers `next()`, without modulo bias (Lemire
/// 2019, Fast random integer generation in an interval, ACM TOMACS 29(1)): one multiplication,
/// a division only in the rare case that may need a redraw.
template <class Next>
inline std::uint64_t lemire_below(Next&& next, std::uint64_t n) {
  uint128_t m = static_cast<uint128_t>(next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<uint128_t>(next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

/// Purposes of independent streams derived from one run seed.
enum class StreamPurpose : std::uint64_t {
  network = 1,   ///< network generation
  seeding = 2,   ///< choice of initial seeds
  agents = 3,    ///< per-agent attributes drawn at start
  dynamics = 4,  ///< the event loop
};

/// A stream of 64-bit random numbers from Philox4x64-10, keyed by (seed, stream id).
/// Two streams with different keys are independent; a stream's output depends only on its key,
/// never on the thread that draws from it. Satisfies UniformRandomBitGenerator, so it plugs into
/// Boost.Random distributions.
class RandomStream {
 public:
  using result_type = std::uint64_t;

  RandomStream(std::uint64_t seed, std::uint64_t stream) : key_{{seed, stream}} {}
  /// A stream that also fixes the upper three counter words, e.g. to an event's content: every
  /// event then draws its own numbers, whatever order other events run in.
  RandomStream(std::uint64_t seed, StreamPurpose purpose, std::uint64_t ctr1, std::uint64_t ctr2,
               std::uint64_t ctr3 = 0)
      : key_{{seed, static_cast<std::uint64_t>(purpose)}}, ctr1_(ctr1), ctr2_(ctr2), ctr3_(ctr3) {}
  RandomStream(std::uint64_t seed, StreamPurpose purpose)
      : RandomStream(seed, static_cast<std::uint64_t>(purpose)) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (next_ == 4) refill();
    return block_[next_++];
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
  /// Uniform double in (0, 1].
  double uniform_pos() { return (static_cast<double>((*this)() >> 11) + 1.0) * 0x1.0p-53; }
  /// Exponential variate with the given rate (exact inverse transform).
  double exponential(double rate) { return -std::log(uniform_pos()) / rate; }
  /// Uniform integer in [0, n) without modulo bias (Lemire's method).
  std::uint64_t below(std::uint64_t n) {
    return lemire_below([this] { return (*this)(); }, n);
  }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }

  /// Number of 64-bit values drawn so far.
  std::uint64_t draws() const { return counter_ * 4 - (4 - next_); }

 private:
  void refill() {
    r123::Philox4x64::ctr_type ctr{{counter_, ctr1_, ctr2_, ctr3_}};
    const auto out = philox_(ctr, key_);
    for (int i = 0; i < 4; ++i) block_[i] = out.v[i];
    ++counter_;
    next_ = 0;
  }

  r123::Philox4x64 philox_;
  r123::Philox4x64::key_type key_;
  std::uint64_t ctr1_ = 0, ctr2_ = 0, ctr3_ = 0;
  std::uint64_t counter_ = 0;
  std::uint64_t block_[4] = {0, 0, 0, 0};
  int next_ = 4;
};

/// 16 random bits at a time from a stream: the quarters of its 64-bit numbers, lowest first
/// (one number serves four draws where 16 bits are enough, such as a first screen).
class QuarterDraws {
 public:
  std::uint64_t next(RandomStream& rng) {
    if (left_ == 0) {
      bits_ = rng();
      left_ = 4;
    }
    --left_;
    const std::uint64_t quarter = bits_ & 0xffff;
    bits_ >>= 16;
    return quarter;
  }

 private:
  std::uint64_t bits_ = 0;  ///< the unused quarters of the last number, next lowest
  int left_ = 0;
};

}  // namespace hearsay
