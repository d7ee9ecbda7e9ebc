// Susceptible-infected-recovered contagion on a network, simulated exactly event by event.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine.hpp"
#include "sim/model_api.hpp"

namespace hearsay::models::sir {

/// The registry entry: parameters, metrics and the run function.
const ModelEntry& entry();

struct Params {
  double beta = 0.3;          ///< per-edge transmission rate while infectious, 1/d
  double gamma = 1.0;         ///< recovery rate, 1/d (fixed period: 1/gamma days)
  bool fixed_period = false;  ///< infectious period exactly 1/gamma instead of Exp(gamma)

  static Params from(const ParamValues& values);
};

/// Markov SIR (Kermack-McKendrick on networks). Each newly infected agent draws its recovery
/// time, then one transmission time per susceptible neighbour; a transmission that would come
/// after the recovery never happens. An agent's earliest pending infection is kept in
/// `next_infection_` (a min-reduction, so the order of the writes does not matter); later,
/// superseded infection events are stale and skipped on arrival (EoN's fast_SIR scheme, Kiss,
/// Miller & Simon 2017, ch. 4 and appendix A).
class Model {
 public:
  enum Kind : std::uint8_t { infection = 0, recovery = 1 };
  enum Metric : std::size_t { susceptible = 0, infected = 1, recovered = 2 };

  Model(const Network& network, const Params& params);

  /// Schedules the seeds' infections at time 0.
  void seed(std::span<const NodeId> seeds, Scheduler& scheduler);
  bool handle(const Event& event, Scheduler& scheduler);
  void observe(SeriesRecorder& recorder) const;

  std::uint64_t ever_infected() const { return ever_infected_; }
  std::uint64_t infected_now() const { return infected_; }
  std::uint64_t peak_infected() const { return peak_infected_; }
  Time peak_time() const { return peak_time_; }

 private:
  enum State : std::uint8_t { S = 0, I = 1, R = 2 };

  bool infect(const Event& event, Scheduler& scheduler);

  const Network& network_;
  Params params_;
  std::vector<std::uint8_t> state_;
  std::vector<Time> next_infection_;
  std::uint64_t infected_ = 0;
  std::uint64_t recovered_ = 0;
  std::uint64_t ever_infected_ = 0;
  std::uint64_t peak_infected_ = 0;
  Time peak_time_ = 0;
};

}  // namespace hearsay::models::sir
