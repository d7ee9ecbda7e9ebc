// Sampling helpers the generators share: geometric skipping over pairs, draws queued ahead so
// their memory can be prefetched, a prefetched shuffle, a set of edges, the ring lattice.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/prefetch.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generator.hpp"
#include "sim/network/network.hpp"

namespace hearsay::generators {

/// Draws the number of failures before the next success in Bernoulli(p) trials, 0 < p < 1, by
/// inverting the geometric distribution (Batagelj & Brandes 2005, eq. 1). Saturates far beyond
/// any pair count so callers can compare without overflow.
class GeometricSkip {
 public:
  explicit GeometricSkip(double p) : log_q_(std::log1p(-p)) {}
  std::uint64_t operator()(RandomStream& rng) const {
    const double s = std::floor(std::log(rng.uniform_pos()) / log_q_);
    return s < 0x1.0p62 ? static_cast<std::uint64_t>(s) : (std::uint64_t{1} << 62);
  }

 private:
  double log_q_;
};

/// Reserve room for a binomial edge count: mean plus six standard deviations, at most the cap.
void reserve_binomial(EdgeBuffer& edges, double pairs, double p, bool with_attributes = false);

/// All pairs of [first, first + n).
void add_clique(EdgeBuffer& edges, NodeId first, NodeId n);

/// G(n, p) on [first, first + n): walks the lower triangle (v, w < v) in row order, jumping over
/// non-edges with geometric skips, so the cost is O(n + edges) (Batagelj & Brandes 2005, alg. 1).
void add_gnp(EdgeBuffer& edges, NodeId first, NodeId n, double p, RandomStream& rng);

/// Bernoulli(p) pairs of the rectangle [a, a + na) x [b, b + nb) (disjoint ranges), walked in
/// row-major order with geometric skips.
void add_bipartite_gnp(EdgeBuffer& edges, NodeId a, std::uint64_t na, NodeId b, std::uint64_t nb,
                       double p, RandomStream& rng);

/// Ring lattice: edge (u, u + j mod n) for j = 1..k, stored lap by lap (j outer) as Watts &
/// Strogatz walk it when rewiring.
EdgeBuffer ring_edges(NodeId n, NodeId k);

/// `k` (neighbours per side), checked against `n` nodes: 2k < n.
NodeId checked_k(const GeneratorParams& args, NodeId n);

/// Queues raw draws from a stream `depth` ahead of use, so a caller can prefetch the memory each
/// draw will touch. Values leave in stream order, so results equal drawing on demand.
class DrawAhead {
 public:
  static constexpr std::size_t depth = 64;

  explicit DrawAhead(RandomStream& rng) : rng_(rng) {
    for (auto& v : ring_) v = rng_();
  }
  /// The draw that will be consumed `depth - 1` draws after the next one.
  std::uint64_t newest() const { return ring_[(head_ + depth - 1) % depth]; }
  /// The next raw draw; a fresh one takes its place at the back.
  std::uint64_t next() {
    const std::uint64_t v = ring_[head_];
    ring_[head_] = rng_();
    head_ = (head_ + 1) % depth;
    return v;
  }
  /// Uniform integer in [0, n): RandomStream::below (Lemire's method) on the queued draws.
  std::uint64_t below(std::uint64_t n) {
    return lemire_below([this] { return next(); }, n);
  }

 private:
  RandomStream& rng_;
  std::array<std::uint64_t, depth> ring_{};
  std::size_t head_ = 0;
};

/// Fisher-Yates shuffle of n positions addressed through `at` (so two arrays can act as one).
/// Random reads over tens of MB are bound by latency, so overlapping them pays (prefetching the
/// random picks made BA generation ~20% faster at 1e6 agents).
/// The bound of every draw is known in advance, so the slot each swap will touch is prefetched
/// when its draw is queued (exact unless Lemire's rejection fires, a chance of n / 2^64).
template <class At>
void shuffle_positions(std::uint64_t n, At&& at, RandomStream& rng) {
  DrawAhead draws(rng);
  constexpr std::uint64_t ahead = DrawAhead::depth - 1;
  for (std::uint64_t i = n; i > 1; --i) {
    if (i > ahead + 1) {
      const std::uint64_t later = i - ahead;
      prefetch(
          &at(static_cast<std::uint64_t>((static_cast<uint128_t>(draws.newest()) * later) >> 64)));
    }
    const std::uint64_t j = draws.below(i);
    std::swap(at(i - 1), at(j));
  }
}

/// Open-addressing set of undirected edges (packed min << 32 | max) with linear probing and
/// backward-shift deletion; sized once, never grows. Faster and leaner than std::unordered_set
/// for the millions of membership tests a rewiring pass makes.
class EdgeSet {
 public:
  explicit EdgeSet(std::uint64_t max_size)
      : slots_(std::bit_ceil(max_size + max_size / 3 + 16), empty_), mask_(slots_.size() - 1) {}

  static std::uint64_t key(NodeId u, NodeId v) {
    return u < v ? (std::uint64_t{u} << 32 | v) : (std::uint64_t{v} << 32 | u);
  }
  bool contains(std::uint64_t k) const {
    for (std::uint64_t i = home(k);; i = (i + 1) & mask_) {
      if (slots_[i] == k) return true;
      if (slots_[i] == empty_) return false;
    }
  }
  // Always inlined: GCC drops calls it does not inline to a function that only prefetches.
  [[gnu::always_inline]] void prefetch_slot(std::uint64_t k) const {
    prefetch(slots_.data() + home(k));
  }
  void insert(std::uint64_t k) {
    std::uint64_t i = home(k);
    while (slots_[i] != empty_ && slots_[i] != k) i = (i + 1) & mask_;
    slots_[i] = k;
  }
  void erase(std::uint64_t k) {
    std::uint64_t i = home(k);
    while (slots_[i] != k) {
      if (slots_[i] == empty_) return;
      i = (i + 1) & mask_;
    }
    // Pull later entries of the probe run back so lookups never stop at a false hole.
    for (std::uint64_t j = (i + 1) & mask_; slots_[j] != empty_; j = (j + 1) & mask_) {
      const std::uint64_t h = home(slots_[j]);
      const bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
      if (!stays) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = empty_;
  }

 private:
  // Two NodeIds of at most 2^32 - 3 never pack to all ones.
  static constexpr std::uint64_t empty_ = ~std::uint64_t{0};
  std::uint64_t home(std::uint64_t k) const { return mix64(k) & mask_; }

  std::vector<std::uint64_t> slots_;
  std::uint64_t mask_;
};

}  // namespace hearsay::generators
