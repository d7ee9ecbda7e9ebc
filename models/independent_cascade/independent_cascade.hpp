// Independent cascade: each new spreader gets one chance to reach each out-neighbour.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::independent_cascade {

/// The registry entry: parameters, metrics and the run function.
const ModelEntry& entry();

struct Params {
  double p = 0.1;            ///< probability that a spreader's one attempt along an arc succeeds
  bool use_weights = false;  ///< take each arc's probability from the network's weights instead
  bool fixed_delay = false;  ///< delay exactly `delay_mean` instead of Exp(mean `delay_mean`)
  double delay_mean = 1.0;   ///< mean delay between a spreader being reached and reaching on, d
};

/// The parameters as declared (schema and field), read by the run function.
const ParamTable<Params>& declared_params();

/// Independent cascade (Goldenberg, Libai & Muller 2001; Kempe, Kleinberg & Tardos 2003) in
/// continuous time. When an agent is reached it becomes a spreader once: for every out-neighbour
/// v not yet reached it succeeds with probability p (or the arc's weight), and a success reaches v
/// after a delay. The first arrival wins: an agent's earliest pending arrival is kept in
/// `next_arrival_` (a min-reduction mailbox, as in EoN's fast_SIR), later arrivals are stale.
/// The final reach is the out-component of the seeds in the graph with each arc kept with
/// probability p, whatever the delays; for an undirected network with constant p it is the
/// seeds' cluster in bond percolation with occupation probability p (Newman 2002).
class Model {
 public:
  enum Kind : std::uint8_t { arrival = 0 };
  enum Metric : std::size_t { reached = 0 };

  /// Throws std::invalid_argument if `use_weights` is set and the network has no weights or a
  /// weight outside [0, 1].
  Model(const Network& network, const Params& params);

  /// Schedules the seeds' arrivals at time 0 (generation 0).
  void seed(std::span<const NodeId> seeds, Scheduler& scheduler);
  bool handle(const Event& event, Scheduler& scheduler);
  void observe(SeriesRecorder& recorder) const;

  std::uint64_t reached_count() const { return reached_count_; }
  /// Largest number of hops from a seed to a reached agent along the arrivals that won.
  std::uint32_t depth() const { return depth_; }
  /// Time of the last arrival, d.
  Time last_arrival() const { return last_arrival_; }

 private:
  Time delay(RandomStream& rng) const;

  const Network& network_;
  Params params_;
  std::vector<std::uint8_t> reached_;
  std::vector<Time> next_arrival_;  ///< earliest pending arrival (mailbox, min)
  std::uint64_t reached_count_ = 0;
  std::uint32_t depth_ = 0;
  Time last_arrival_ = 0;
};

}  // namespace hearsay::models::independent_cascade
