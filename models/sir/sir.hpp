// Susceptible-infected-recovered contagion on a network, simulated exactly event by event.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/engine/calendar_queue.hpp"
#include "sim/engine/engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::sir {

/// The registry entry: parameters, metrics and the run function.
const ModelEntry& entry();

struct Params {
  double beta = 0.3;          ///< per-edge transmission rate while infectious, 1/d
  double gamma = 1.0;         ///< recovery rate, 1/d (fixed period: 1/gamma days)
  bool fixed_period = false;  ///< infectious period exactly 1/gamma instead of Exp(gamma)
};

/// The parameters as declared (schema and field), read by the run function.
const ParamTable<Params>& declared_params();

/// One SIR outbreak (Kermack-McKendrick on networks), simulated exactly by its own event loop.
///
/// A newly infected agent draws its infectious period D, hence its recovery time, and for each
/// susceptible neighbour whether the tie transmits before the recovery: with one uniform u in
/// (0, 1] per tie the transmission delay is -ln(u) / beta, which is < D exactly when
/// u > exp(-beta D), so the logarithm is taken only for the ties that transmit. Every
/// transmission is queued. Events pop in time order and each comes after its push, so the first
/// infection of an agent to pop is its earliest one; it finds the agent's susceptible bit set, and
/// any later one finds it cleared and is stale (the event-driven scheme of Kiss, Miller & Simon
/// 2017, ch. 4 and appendix A, without a per-agent mailbox: the few extra stale events cost less
/// than a random read of an 8-byte mailbox per transmission).
///
/// Recoveries touch no agent state (an agent that is no longer susceptible is never read again):
/// popping one only moves the counts, yet peak, series, the event limit and the horizon see
/// infections and recoveries in their exact order. The queue is a calendar queue; events are
/// ordered by (time, infection before recovery, agent), a strict total order, so a run depends
/// only on its seed.
class Outbreak {
 public:
  Outbreak(const Network& network, const Params& params, std::uint64_t run_seed);

  /// Infects the seeds at time 0.
  void seed(std::span<const NodeId> seeds);

  /// Runs until the horizon `grid.end` or extinction; fills `series` (susceptible, infected,
  /// recovered, each over grid.times; sample k holds the state after every event with time <=
  /// times[k]). Stops with status `truncated` (later samples NaN) before the event that would
  /// exceed `max_events`, and with `pending` when `stop` reaches 2 (checked every 16k events).
  EngineResult run(const TimeGrid& grid, std::vector<double>& series,
                   std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max(),
                   const std::atomic<int>* stop = nullptr);

  /// Records susceptible, infected and recovered at a sampling time.
  void observe(SeriesRecorder& recorder) const;

  std::uint64_t ever_infected() const { return ever_infected_; }
  std::uint64_t infected_now() const { return infected_; }
  std::uint64_t peak_infected() const { return peak_infected_; }
  /// Time at which the infectious count first reached its peak, days.
  Time peak_time() const { return peak_time_; }

 private:
  enum Kind : std::uint32_t { infection = 0, recovery = 1 };
  /// A pending event. An infection is stale if its agent is no longer susceptible; a recovery
  /// only moves the counts (no agent state tells I from R).
  struct Pending {
    Time time;     ///< days
    NodeId agent;  ///< the agent infected or recovering
    Kind kind;
    /// (time, kind, agent): infections before recoveries at equal times, then by agent.
    friend bool operator<(const Pending& a, const Pending& b) {
      if (a.time != b.time) return a.time < b.time;
      if (a.kind != b.kind) return a.kind < b.kind;
      return a.agent < b.agent;
    }
  };
  /// A tie that transmits before the recovery: the neighbour and when.
  struct Transmission {
    NodeId agent;
    Time time;
  };

  void infect(NodeId v, Time now);
  bool susceptible(NodeId v) const { return (susceptible_[v / 64] >> (v % 64)) & 1; }
  /// The next 16 random bits of the run's stream.
  std::uint64_t quarter_draw() { return quarters_.next(rng_); }

  const Network& network_;
  Params params_;
  RandomStream rng_;
  QuarterDraws quarters_;
  /// One bit per agent, set while susceptible (the only agent state: N/8 bytes, which stay in
  /// cache), read before any draw for a tie and when an infection pops.
  std::vector<std::uint64_t> susceptible_;
  CalendarQueue<Pending> queue_;
  std::vector<Transmission> transmissions_;  ///< scratch for one agent's ties, max degree long
  std::uint64_t infected_ = 0;
  std::uint64_t recovered_ = 0;
  std::uint64_t ever_infected_ = 0;
  std::uint64_t peak_infected_ = 0;
  Time peak_time_ = 0;
};

}  // namespace hearsay::models::sir
