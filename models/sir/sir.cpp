// Markov and fixed-period SIR: parameters, event handlers and the run function.
#include "models/sir/sir.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hearsay::models::sir {
namespace {

constexpr Time never = std::numeric_limits<Time>::infinity();

ModelInfo make_info() {
  ModelInfo info;
  info.name = "sir";
  info.summary = "Susceptible-infected-recovered contagion: per-edge transmission, exponential or "
                 "fixed infectious period";
  info.reference = "Kermack & McKendrick 1927; Newman 2002 (final size on networks); Kiss, Miller "
                   "& Simon 2017 (event-driven algorithm)";
  info.params = {
      {.name = "beta", .kind = ParamKind::real, .unit = "1/d",
       .help = "transmission rate along each edge while the source is infectious",
       .default_value = 0.3, .min = 0, .source = "textbook value"},
      {.name = "gamma", .kind = ParamKind::real, .unit = "1/d",
       .help = "recovery rate (the fixed period is 1/gamma days)", .default_value = 1.0, .min = 0,
       .min_exclusive = true, .source = "textbook value"},
      {.name = "infectious_period", .kind = ParamKind::choice,
       .help = "exponential (Markov SIR) or fixed at 1/gamma (then transmissibility is "
               "1 - exp(-beta/gamma), as in the independent cascade)",
       .default_text = "exponential", .choices = {"exponential", "fixed"}},
  };
  info.series = {
      {"susceptible", "agents", "agents never infected so far"},
      {"infected", "agents", "agents currently infectious"},
      {"recovered", "agents", "agents recovered (removed)"},
  };
  info.summaries = {
      {"final_size", "agents", "agents ever infected by the end of the run (seeds included)"},
      {"peak_infected", "agents", "largest number infectious at once"},
      {"peak_time", "d", "time at which the infectious count peaked"},
      {"duration", "d", "time of the last state change"},
  };
  return info;
}

RunOutput run(const RunInput& input) {
  Outbreak outbreak(*input.network, Params::from(*input.params), input.seed);
  outbreak.seed(input.seeds);
  RunOutput out;
  const EngineResult result =
      outbreak.run(*input.grid, out.series, input.max_events, input.stop);
  out.events = result.events;
  out.status = result.status;
  out.summary = {static_cast<double>(outbreak.ever_infected()),
                 static_cast<double>(outbreak.peak_infected()), outbreak.peak_time(),
                 result.last_change};
  return out;
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // next infection time per agent, and two queues holding at most a few events per agent
  return nodes * sizeof(Time) + nodes * 2 * 24;
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model{make_info(), &run, &state_bytes};
  return model;
}

Params Params::from(const ParamValues& values) {
  Params p;
  p.beta = values.real("beta");
  p.gamma = values.real("gamma");
  p.fixed_period = values.text("infectious_period") == "fixed";
  return p;
}

Outbreak::Outbreak(const Network& network, const Params& params, std::uint64_t run_seed)
    : network_(network),
      params_(params),
      rng_(run_seed, StreamPurpose::dynamics),
      next_infection_(network.nodes(), never),
      // Initial bucket widths; both adapt as the queues grow.
      infections_(1.0 / params.gamma / 64),
      recoveries_(1.0 / params.gamma / 64) {}

void Outbreak::seed(std::span<const NodeId> seeds) {
  for (NodeId v : seeds) {
    next_infection_[v] = 0;
    infections_.push({0, v});
  }
}

EngineResult Outbreak::run(const TimeGrid& grid, std::vector<double>& series,
                           std::uint64_t max_events, const std::atomic<int>* stop) {
  constexpr std::uint64_t stop_check_mask = (std::uint64_t{1} << 14) - 1;
  const std::size_t times = grid.times.size();
  series.assign(3 * times, 0.0);
  std::size_t k = 0;  // next sample to record
  EngineResult result;
  while (!infections_.empty() || !recoveries_.empty()) {
    const Time next_infection = infections_.empty() ? never : infections_.top().time;
    const Time next_recovery = recoveries_.empty() ? never : recoveries_.top().time;
    const bool is_infection = next_infection <= next_recovery;  // at equal times, infect first
    const Time t = is_infection ? next_infection : next_recovery;
    if (t > grid.end) break;
    for (; k < times && grid.times[k] < t; ++k) record(series, times, k);
    if (result.events >= max_events) {
      // More would happen before the horizon: the states from time t on are unknown.
      result.status = RunStatus::truncated;
      break;
    }
    if (stop != nullptr && (result.popped & stop_check_mask) == 0 &&
        stop->load(std::memory_order_relaxed) >= 2) {
      result.status = RunStatus::pending;  // abandoned: not a result at all
      return result;
    }
    ++result.popped;
    if (is_infection) {
      const Infection infection = infections_.pop();
      prefetch_next_infections();
      // Stale if superseded by an earlier transmission or the agent is no longer susceptible.
      if (next_infection_[infection.agent] != infection.time) continue;
      infect(infection.agent, t);
    } else {
      recoveries_.pop();
      --infected_;
      ++recovered_;
    }
    result.last_change = t;
    ++result.events;
  }
  if (result.status == RunStatus::truncated) {
    for (std::size_t j = k; j < times; ++j)
      for (std::size_t m = 0; m < 3; ++m)
        series[m * times + j] = std::numeric_limits<double>::quiet_NaN();
    return result;
  }
  for (; k < times; ++k) record(series, times, k);
  return result;
}

void Outbreak::infect(NodeId v, Time now) {
  next_infection_[v] = -never;
  ++infected_;
  ++ever_infected_;
  if (infected_ > peak_infected_) {
    peak_infected_ = infected_;
    peak_time_ = now;
  }
  const Time period =
      params_.fixed_period ? 1.0 / params_.gamma : rng_.exponential(params_.gamma);
  const Time recovery = now + period;
  recoveries_.prefetch(recovery);
  // A tie transmits before the recovery iff its uniform x in (0, 1] exceeds q = exp(-beta D).
  // x is made of two 32-bit halves, high first: the high half alone settles x <= q for most
  // ties, so the low half (and the logarithm) are drawn only for the ties that may transmit.
  // Nothing about the neighbour is read until its tie transmits.
  const double no_transmission = std::exp(-params_.beta * period);
  // floor(q 2^32): a high half below it means x <= q whatever the low half.
  const auto no_transmission_high = static_cast<std::uint64_t>(no_transmission * 0x1.0p32);
  const std::span<const NodeId> neighbours =
      params_.beta > 0 ? network_.neighbours(v) : std::span<const NodeId>{};
  if (transmissions_.size() < neighbours.size()) transmissions_.resize(neighbours.size());
  std::size_t chosen = 0;
  for (NodeId u : neighbours) {
    const std::uint32_t high = half_draw();
    if (high < no_transmission_high) continue;
    const std::uint64_t bits = std::uint64_t{high} << 32 | half_draw();
    const double x = (static_cast<double>(bits >> 11) + 1.0) * 0x1.0p-53;  // as uniform_pos
    if (x <= no_transmission) continue;
    const Time t = now - std::log(x) / params_.beta;
    __builtin_prefetch(&next_infection_[u]);
    infections_.prefetch(t);
    transmissions_[chosen++] = {u, t};
  }
  recoveries_.push({recovery});
  for (std::size_t i = 0; i < chosen; ++i) {
    const auto [u, t] = transmissions_[i];
    // t < recovery holds but for rounding at the boundary; keep the definition exact.
    if (t < next_infection_[u] && t < recovery) {
      next_infection_[u] = t;
      infections_.push({t, u});
    }
  }
}

void Outbreak::prefetch_next_infections() const {
  // The queue knows the next infections in order: load what they will read a few events ahead,
  // in two stages, the second reading what the first fetched: the agent's mailbox and adjacency
  // offsets, then its neighbour list.
  if (const Infection* e = infections_.upcoming(12)) {
    __builtin_prefetch(&next_infection_[e->agent]);
    __builtin_prefetch(&network_.offsets()[e->agent]);
  }
  if (const Infection* e = infections_.upcoming(6))
    __builtin_prefetch(network_.targets().data() + network_.first_arc(e->agent));
}

void Outbreak::record(std::vector<double>& series, std::size_t times, std::size_t k) const {
  const auto n = static_cast<double>(network_.nodes());
  series[0 * times + k] = n - static_cast<double>(infected_ + recovered_);
  series[1 * times + k] = static_cast<double>(infected_);
  series[2 * times + k] = static_cast<double>(recovered_);
}

}  // namespace hearsay::models::sir
