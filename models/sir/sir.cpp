// Markov and fixed-period SIR: parameters, event handlers and the run function.
#include "models/sir/sir.hpp"

#include <algorithm>
#include <cmath>

#include "sim/model/entry.hpp"

namespace hearsay::models::sir {
const ParamTable<Params>& declared_params() {
  static const ParamTable<Params> table{
      real("beta", &Params::beta, "1/d", 0.3, at_least(0),
           "transmission rate along each edge while the source is infectious", "textbook value"),
      real("gamma", &Params::gamma, "1/d", 1.0, above(0),
           "recovery rate (the fixed period is 1/gamma days)", "textbook value"),
      choice("infectious_period", &Params::fixed_period, {{"exponential", false}, {"fixed", true}},
             "exponential (Markov SIR) or fixed at 1/gamma (then transmissibility is "
             "1 - exp(-beta/gamma), as in the independent cascade)"),
  };
  return table;
}

namespace {

// How many events ahead the loop prefetches an infection's adjacency offsets, then its list.
constexpr std::size_t offsets_ahead = 8;
constexpr std::size_t list_ahead = 4;

RunOutput run(const RunInput& input) {
  Outbreak outbreak(*input.network, declared_params().read(*input.params), input.seed);
  outbreak.seed(input.seeds);
  RunOutput out;
  const EngineResult result = outbreak.run(*input.grid, out.series, input.max_events, input.stop);
  out.events = result.events;
  out.status = result.status;
  out.summary = {static_cast<double>(outbreak.ever_infected()),
                 static_cast<double>(outbreak.peak_infected()), outbreak.peak_time(),
                 result.last_change};
  return out;
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // a susceptible bit per agent, and the queue: at most a few 16-byte events per agent, with its
  // vectors' slack
  return nodes / 8 + nodes * 48;
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model =
      model_entry({.name = "sir",
                   .summary = "Susceptible-infected-recovered contagion: per-edge transmission, "
                              "exponential or fixed infectious period",
                   .reference = "Kermack & McKendrick 1927; Newman 2002 (final size on networks); "
                                "Kiss, Miller & Simon 2017 (event-driven algorithm)",
                   .series =
                       {
                           {"susceptible", "agents", "agents never infected so far"},
                           {"infected", "agents", "agents currently infectious"},
                           {"recovered", "agents", "agents recovered (removed)"},
                       },
                   .summaries =
                       {
                           {"final_size", "agents",
                            "agents ever infected by the end of the run (seeds included)"},
                           {"peak_infected", "agents", "largest number infectious at once"},
                           {"peak_time", "d", "time at which the infectious count peaked"},
                           {"duration", "d", "time of the last state change"},
                       }},
                  declared_params(), &run, &state_bytes);
  return model;
}

Outbreak::Outbreak(const Network& network, const Params& params, std::uint64_t run_seed)
    : network_(network),
      params_(params),
      rng_(run_seed, StreamPurpose::dynamics),
      susceptible_((network.nodes() + 63) / 64, ~std::uint64_t{0}),
      queue_(1.0 / params.gamma / 64) {  // the initial day length; it adapts
  std::uint32_t max_degree = 0;
  for (NodeId v = 0; v < network.nodes(); ++v) max_degree = std::max(max_degree, network.degree(v));
  transmissions_.resize(max_degree);  // so the event loop never allocates it
}

void Outbreak::seed(std::span<const NodeId> seeds) {
  for (NodeId v : seeds) queue_.push({0, v, infection});
}

EngineResult Outbreak::run(const TimeGrid& grid, std::vector<double>& series,
                           std::uint64_t max_events, const std::atomic<int>* stop) {
  RunProtocol protocol(grid, series, 3, max_events, stop);
  EngineResult result;
  while (!queue_.empty()) {
    const Time t = queue_.top().time;
    if (!protocol.admit(t, *this, result)) break;
    ++result.popped;
    const Pending event = queue_.pop();
    // The queue knows the next events in order: load what an infection will read a few events
    // ahead, in two stages, the second reading what the first fetched: the agent's adjacency
    // offsets, then its neighbour list. (Written here, not in a function of its own: GCC finds
    // a function that only reads and prefetches pure, and drops the call.)
    if (const Pending* e = queue_.upcoming(offsets_ahead);
        e && e->kind == infection && susceptible(e->agent))
      __builtin_prefetch(&network_.offsets()[e->agent]);
    if (const Pending* e = queue_.upcoming(list_ahead);
        e && e->kind == infection && susceptible(e->agent)) {
      const NodeId* first = network_.targets().data() + network_.first_arc(e->agent);
      __builtin_prefetch(first);
      __builtin_prefetch(first + 16);
    }
    if (event.kind == recovery) {
      --infected_;
      ++recovered_;
    } else {
      // Stale if superseded by an earlier transmission or the agent is no longer susceptible.
      // Pushes come before their times and pops in time order: a susceptible agent's first
      // infection to pop is its earliest, and any later one finds the bit cleared (stale).
      if (!susceptible(event.agent)) continue;
      infect(event.agent, t);
    }
    result.last_change = t;
    ++result.events;
  }
  protocol.finish(result, *this);
  return result;
}

void Outbreak::infect(NodeId v, Time now) {
  const std::span<const NodeId> neighbours =
      params_.beta > 0 ? network_.neighbours(v) : std::span<const NodeId>{};
  susceptible_[v / 64] &= ~(std::uint64_t{1} << (v % 64));
  ++infected_;
  ++ever_infected_;
  if (infected_ > peak_infected_) {
    peak_infected_ = infected_;
    peak_time_ = now;
  }
  const Time period = params_.fixed_period ? 1.0 / params_.gamma : rng_.exponential(params_.gamma);
  const Time recovery_time = now + period;
  queue_.prefetch(recovery_time);
  // A tie transmits before the recovery iff its uniform x in (0, 1] exceeds q = exp(-beta D);
  // ties to agents no longer susceptible are skipped first (one bit each, cached). x's top 16
  // bits come first, a quarter of a 64-bit draw: they alone settle x <= q for all but a
  // fraction p + 2^-16 of the ties, so the rest of x (from a fresh draw) and the
  // logarithm are drawn only for ties that may transmit. The transmissions are queued in a
  // second pass, after their calendar slots were prefetched, so that the cache misses overlap.
  const double no_transmission = std::exp(-params_.beta * period);
  // floor(q 2^16): top bits below it mean x <= q whatever the rest.
  const auto screen = static_cast<std::uint64_t>(no_transmission * 0x1.0p16);
  std::size_t chosen = 0;
  for (NodeId u : neighbours) {
    if (!susceptible(u)) continue;
    const std::uint64_t top = quarter_draw();
    if (top < screen) continue;
    const std::uint64_t bits = top << 48 | rng_() >> 16;
    const double x = (static_cast<double>(bits >> 11) + 1.0) * 0x1.0p-53;  // as uniform_pos
    if (x <= no_transmission) continue;
    const Time t = now - std::log(x) / params_.beta;
    // t < recovery_time follows from x > q but for rounding at the boundary: keep it exact.
    if (t >= recovery_time) continue;
    queue_.prefetch(t);
    transmissions_[chosen++] = {u, t};
  }
  queue_.push({recovery_time, v, recovery});
  for (std::size_t i = 0; i < chosen; ++i) {
    const auto [u, t] = transmissions_[i];
    queue_.push({t, u, infection});
  }
}

void Outbreak::observe(SeriesRecorder& recorder) const {
  const auto n = static_cast<double>(network_.nodes());
  recorder.put(0, n - static_cast<double>(infected_ + recovered_));
  recorder.put(1, static_cast<double>(infected_));
  recorder.put(2, static_cast<double>(recovered_));
}

}  // namespace hearsay::models::sir
