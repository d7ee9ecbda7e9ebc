// Self-exciting reshare cascades: a Hawkes process simulated as its branching (cluster) process.
#pragma once

#include <boost/random/poisson_distribution.hpp>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/model/cascade_stats.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::hawkes {

/// The registry entry: parameters, metrics and the run function.
const ModelEntry& entry();

struct Params {
  enum class Kernel { exponential, power_law };
  double branching_ratio = 0.5;  ///< n: mean number of direct reshares of one event
  Kernel kernel = Kernel::exponential;
  double kernel_rate = 1.0;     ///< exponential kernel: rate, 1/d (mean delay 1/rate days)
  Time plateau = 5.0 / 1440.0;  ///< power-law kernel: flat part s0, d (5 minutes)
  double theta = 0.242;         ///< power-law kernel: tail exponent, density ~ t^-(1+theta)
  std::uint64_t max_events = 10'000'000;  ///< cap on events per run (then status truncated)
};

/// The parameters as declared (schema and field), read by the run function.
const ParamTable<Params>& declared_params();

/// CDF of the SEISMIC memory kernel (Zhao, Erdogdu, He, Rajaraman & Leskovec 2015, KDD):
/// density c on [0, s0), c (t/s0)^-(1+theta) after, c = theta / (s0 (1 + theta)) so that it
/// integrates to 1. F(t) = t theta / (s0 (1 + theta)) for t < s0, 1 - (t/s0)^-theta / (1 + theta)
/// after. `plateau` s0 and t in days.
double power_law_cdf(Time t, Time plateau, double theta);

/// Exact inverse of power_law_cdf: the delay whose CDF value is u, for u in [0, 1).
Time power_law_quantile(double u, Time plateau, double theta);

/// Draws one delay from the parameters' kernel, days.
Time draw_delay(const Params& params, RandomStream& rng);

/// The cluster representation of a Hawkes process with no background rate (Hawkes & Oakes
/// 1974): each immigrant (seed) event at time 0 has Poisson(n) children, each after an
/// independent delay drawn from the kernel, and so on. Agents are events: a child's id is given
/// when its parent creates it (creation order), and the child's own event records its parent,
/// time and generation. At most `cap` ids are created: a child past the cap is dropped and the
/// run is marked truncated from the earliest dropped child's time on (if that is before the
/// horizon; a child dropped beyond the horizon changes nothing the run reports).
class Model {
 public:
  enum Kind : std::uint8_t { reshare = 0 };

  Model(const Params& params, std::uint64_t cap);

  /// Immigrant events at time 0; their ids are the seeds' (the runner passes 0..count-1).
  void seed(std::span<const NodeId> seeds, Scheduler& scheduler);
  bool handle(const Event& event, Scheduler& scheduler);
  void observe(SeriesRecorder& recorder) const;

  /// Events that have happened.
  std::uint64_t events() const { return events_; }
  /// Deepest generation among events that happened (immigrants are generation 0).
  std::uint32_t generations() const { return deepest_; }
  /// Ids handed out (events that happened plus those still scheduled).
  std::uint64_t created() const { return parent_.size(); }
  /// Whether a child was dropped at the cap; results are exact only before dropped_from().
  bool dropped() const { return dropped_from_ < std::numeric_limits<Time>::infinity(); }
  Time dropped_from() const { return dropped_from_; }
  std::uint64_t dropped_count() const { return dropped_count_; }

  /// Per id: whether it happened, its parent (no_parent for immigrants) and time. Parent and
  /// time are meaningful only for events that happened.
  bool happened(NodeId id) const { return happened_[id] != 0; }
  std::span<const std::uint32_t> parents() const { return parent_; }
  std::span<const Time> times() const { return time_; }

  /// The events that happened as a parent array for sim/model/cascade_stats.hpp, renumbered 0..k-1
  /// in id order (reshares still scheduled beyond the horizon are left out).
  std::vector<std::uint32_t> cascade() const;

 private:
  Params params_;
  std::uint64_t cap_;
  boost::random::poisson_distribution<std::uint32_t, double> offspring_;
  std::vector<std::uint8_t> happened_;
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> generation_;
  std::vector<Time> time_;
  std::uint64_t events_ = 0;
  std::uint32_t deepest_ = 0;
  Time dropped_from_ = std::numeric_limits<Time>::infinity();
  std::uint64_t dropped_count_ = 0;
};

}  // namespace hearsay::models::hawkes
