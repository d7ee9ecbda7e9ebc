// Susceptible-infected-susceptible contagion on a network, simulated exactly event by event.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::sis {

/// The registry entry: parameters, metrics and the run function.
const ModelEntry& entry();

struct Params {
  double beta = 0.3;   ///< transmission rate along each out-tie while infected, 1/d
  double gamma = 1.0;  ///< recovery rate, 1/d
};

/// The parameters as declared (schema and field), read by the run function.
const ParamTable<Params>& declared_params();

/// Markov SIS. An infected agent u recovers at rate gamma and, while infected, contacts a
/// uniformly random out-neighbour at rate beta * out-degree(u): exactly the per-tie rate beta.
/// Contact events belong to u; contacting a susceptible neighbour v schedules an infection event
/// for v at the same instant, and v's own handler changes v's state. Each infection of u starts a
/// new epoch, carried in Event::data, so contacts left over from an earlier infectious spell are
/// stale. Counted events are infections and recoveries; contacts and stale events are not.
class Model {
 public:
  enum Kind : std::uint8_t { infection = 0, recovery = 1, contact = 2 };
  enum Metric : std::size_t { susceptible = 0, infected = 1 };

  /// `horizon` is the end of the run, d: the late-prevalence average covers [horizon/2, horizon].
  Model(const Network& network, const Params& params, Time horizon);

  /// Schedules the seeds' infections at time 0.
  void seed(std::span<const NodeId> seeds, Scheduler& scheduler);
  bool handle(const Event& event, Scheduler& scheduler);
  void observe(SeriesRecorder& recorder) const;

  std::uint64_t infected_now() const { return infected_; }
  /// Infection events so far (seeds included; an agent infected twice counts twice).
  std::uint64_t infections() const { return infections_; }
  /// Time the last infected agent recovered; NaN while some agent is infected; 0 without seeds.
  Time extinction_time() const { return extinction_time_; }
  /// Exact time average of infected / N over [horizon/2, horizon], integrated between events.
  /// Valid once the run has reached the horizon (the state is then the state at the horizon).
  double mean_prevalence_late() const;

 private:
  enum State : std::uint8_t { S = 0, I = 1 };

  void schedule_contact(NodeId u, Time now, Scheduler& scheduler);
  /// Adds infected x time over [last change, t] that falls inside the late window.
  void integrate_to(Time t);

  const Network& network_;
  Params params_;
  Time window_begin_;
  Time window_end_;
  std::vector<std::uint8_t> state_;
  std::vector<std::uint32_t> epoch_;  ///< number of times the agent has been infected
  std::uint64_t infected_ = 0;
  std::uint64_t infections_ = 0;
  Time extinction_time_ = 0;
  Time last_change_ = 0;
  double late_area_ = 0;  ///< integral of infected(t) dt over the late window so far, agent-days
};

}  // namespace hearsay::models::sis
