// Agent-based Bass diffusion on a network: external influence plus word of mouth from adopters.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::bass {

/// The registry entry: parameters, metrics and the run function.
const ModelEntry& entry();

struct Params {
  double p = 0.03 / 365;            ///< coefficient of innovation (external influence), 1/d
  double q = 0.38 / 365;            ///< coefficient of imitation (word of mouth), 1/d
  double innovativeness_shape = 0;  ///< Gamma shape of innovativeness (mean 1); 0: all exactly 1
};

/// The parameters as declared (schema and field), read by the run function.
const ParamTable<Params>& declared_params();

/// Bass (1969) on a network. A non-adopter i adopts at hazard
///   p * innovativeness_i + q * (adopting in-neighbours of i) / in-degree_i,
/// which on the complete graph is the Bass birth chain with rate (N - k)(p + q k / (N - 1)).
/// The hazard is a sum of independent exponential clocks: one external clock Exp(p innov_i) per
/// agent drawn at the start, and one clock Exp(q / in-degree_v) started for every non-adopting
/// out-neighbour v of each new adopter (memorylessness makes this the exact superposition).
/// An agent's earliest clock is kept in `next_adoption_` (a min-reduction mailbox, as in EoN's
/// fast_SIR); superseded adoption events are stale and skipped. An arc u -> v means u's word
/// reaches v.
class Model {
 public:
  enum Kind : std::uint8_t { adoption = 0 };
  /// Which clock fired, carried in Event::data.
  enum Route : std::uint32_t { seeded = 0, external = 1, social = 2 };
  enum Metric : std::size_t { adopters = 0, innovators = 1 };

  /// Draws each agent's innovativeness from `agents` (used only in the constructor).
  Model(const Network& network, const Params& params, RandomStream& agents);

  /// Schedules the seeds' adoptions at time 0 and every agent's external clock.
  void seed(std::span<const NodeId> seeds, Scheduler& scheduler);
  bool handle(const Event& event, Scheduler& scheduler);
  void observe(SeriesRecorder& recorder) const;

  std::uint64_t adopter_count() const { return adopters_; }
  /// Adopters whose own external clock fired (Bass's innovators; seeds are not counted).
  std::uint64_t innovator_count() const { return innovators_; }
  /// Time at which adopters first reached half of the population; NaN if they never did.
  Time time_to_half() const { return time_to_half_; }
  /// Total adoption hazard of the current state: the expected adoptions per day given the state.
  double adoption_hazard() const { return hazard_; }
  /// Time at which `adoption_hazard()` was largest (earliest if tied; 0 if at the start).
  Time peak_adoption_time() const { return peak_time_; }

 private:
  const Network& network_;
  Params params_;
  double innovativeness(NodeId v) const {
    return innovativeness_.empty() ? 1.0 : innovativeness_[v];
  }

  std::vector<double> innovativeness_;    ///< empty when every agent has innovativeness 1
  std::vector<std::uint32_t> in_degree_;  ///< the denominator of the word-of-mouth hazard
  std::vector<std::uint8_t> adopted_;
  std::vector<Time> next_adoption_;       ///< earliest pending adoption (mailbox, min)
  std::vector<std::uint32_t> exposures_;  ///< adopting in-neighbours (mailbox, sum; metric only)
  std::uint64_t adopters_ = 0;
  std::uint64_t innovators_ = 0;
  double hazard_ = 0;
  double peak_hazard_ = 0;
  Time peak_time_ = 0;
  Time time_to_half_;
};

}  // namespace hearsay::models::bass
