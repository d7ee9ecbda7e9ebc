// Markov and fixed-period SIR: parameters, event handlers and the run function.
#include "models/sir/sir.hpp"

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
  const Params params = Params::from(*input.params);
  Scheduler scheduler(input.seed);
  Model model(*input.network, params);
  model.seed(input.seeds, scheduler);
  RunOutput out;
  const EngineResult result = run_into(out, model, scheduler, input, 3);
  out.summary = {static_cast<double>(model.ever_infected()),
                 static_cast<double>(model.peak_infected()), model.peak_time(),
                 result.last_change};
  return out;
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // state + next infection time per agent, and a queue that holds at most a few events per agent
  return nodes * (sizeof(std::uint8_t) + sizeof(Time)) + nodes * 2 * sizeof(Event);
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

Model::Model(const Network& network, const Params& params)
    : network_(network),
      params_(params),
      state_(network.nodes(), S),
      next_infection_(network.nodes(), never) {}

void Model::seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
  scheduler.reserve(network_.nodes() / 4 + seeds.size() + 16);
  for (NodeId v : seeds) {
    next_infection_[v] = 0;
    scheduler.at(0, infection, v);
  }
}

bool Model::handle(const Event& event, Scheduler& scheduler) {
  if (event.priority() == infection) return infect(event, scheduler);
  // Recovery: every infected agent recovers exactly once, so this is never stale.
  state_[event.agent] = R;
  --infected_;
  ++recovered_;
  return true;
}

bool Model::infect(const Event& event, Scheduler& scheduler) {
  const NodeId v = event.agent;
  if (state_[v] != S || event.time != next_infection_[v]) return false;  // superseded or late
  state_[v] = I;
  ++infected_;
  ++ever_infected_;
  if (infected_ > peak_infected_) {
    peak_infected_ = infected_;
    peak_time_ = event.time;
  }
  RandomStream& rng = scheduler.rng();
  const Time now = event.time;
  const Time recovery_time =
      now + (params_.fixed_period ? 1.0 / params_.gamma : rng.exponential(params_.gamma));
  scheduler.at(recovery_time, recovery, v);
  if (params_.beta <= 0) return true;
  for (NodeId u : network_.neighbours(v)) {
    if (state_[u] != S) continue;
    const Time t = now + rng.exponential(params_.beta);
    if (t < recovery_time && t < next_infection_[u]) {
      next_infection_[u] = t;
      scheduler.at(t, infection, u);
    }
  }
  return true;
}

void Model::observe(SeriesRecorder& recorder) const {
  const auto n = static_cast<double>(network_.nodes());
  recorder.put(susceptible, n - static_cast<double>(infected_ + recovered_));
  recorder.put(infected, static_cast<double>(infected_));
  recorder.put(recovered, static_cast<double>(recovered_));
}

}  // namespace hearsay::models::sir
