// Markov SIS: parameters, event handlers and the run function.
#include "models/sis/sis.hpp"

#include <algorithm>
#include <limits>

#include "sim/model/entry.hpp"

namespace hearsay::models::sis {
const ParamTable<Params>& declared_params() {
  static const ParamTable<Params> table{
      real("beta", &Params::beta, "1/d", 0.3, at_least(0),
           "transmission rate along each tie while the source is infected", "textbook value"),
      real("gamma", &Params::gamma, "1/d", 1.0, above(0),
           "recovery rate (mean infected spell 1/gamma days); recovered agents are "
           "susceptible again",
           "textbook value"),
  };
  return table;
}

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

RunOutput run(const RunInput& input) {
  const Params params = declared_params().read(*input.params);
  return run_scheduled(
      input, 2, [&] { return Model(*input.network, params, input.grid->end); },
      [](const Model& model, RunOutput& out) {
        // Extinction is known as soon as no agent is infected, finished or not.
        out.summary = {if_done(out, model.mean_prevalence_late()),
                       model.infected_now() == 0 ? model.extinction_time()
                                                 : if_done(out, model.extinction_time()),
                       if_done(out, static_cast<double>(model.infections()))};
      });
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // state + epoch per agent; at most a recovery, a contact and a few infections pending per agent
  return nodes * (1 + 4) + nodes * 3 * sizeof(Event);
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model = model_entry(
      {.name = "sis",
       .summary = "Susceptible-infected-susceptible contagion: per-tie transmission rate beta, "
                  "recovery rate gamma, reinfection possible",
       .reference = "Weiss & Dishon 1971 (stochastic logistic SIS); Nasell 1996, Adv. Appl. Prob. "
                    "28:895-932 (quasi-stationary distribution); Kiss, Miller & Simon 2017 (SIS on "
                    "networks)",
       .series =
           {
               {"susceptible", "agents", "agents not infected now"},
               {"infected", "agents", "agents infected now"},
           },
       .summaries =
           {
               {"mean_prevalence_late", "fraction",
                "time average of infected / agents over the second half of the horizon, integrated "
                "exactly between events (NaN if truncated)"},
               {"extinction_time", "d",
                "time the last infected agent recovered (NaN if the infection is still present at "
                "the end; 0 without seeds)"},
               {"infections", "events", "infection events, seeds included (NaN if truncated)"},
           }},
      declared_params(), &run, &state_bytes);
  return model;
}

Model::Model(const Network& network, const Params& params, Time horizon)
    : network_(network),
      params_(params),
      window_begin_(horizon / 2),
      window_end_(horizon),
      state_(network.nodes(), S),
      epoch_(network.nodes(), 0) {}

void Model::seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
  scheduler.reserve(2 * seeds.size() + network_.nodes() / 4 + 16);
  for (NodeId v : seeds) scheduler.at(0, infection, v);
}

void Model::integrate_to(Time t) {
  const Time lo = std::max(last_change_, window_begin_);
  const Time hi = std::min(t, window_end_);
  if (hi > lo) late_area_ += static_cast<double>(infected_) * (hi - lo);
  last_change_ = t;
}

double Model::mean_prevalence_late() const {
  const auto n = static_cast<double>(network_.nodes());
  const double now = static_cast<double>(infected_);
  const Time width = window_end_ - window_begin_;
  if (!(width > 0)) return now / n;
  const Time lo = std::max(last_change_, window_begin_);
  const double tail = window_end_ > lo ? now * (window_end_ - lo) : 0.0;
  return (late_area_ + tail) / (width * n);
}

void Model::schedule_contact(NodeId u, Time now, Scheduler& scheduler) {
  const std::uint32_t degree = network_.degree(u);
  if (degree == 0 || params_.beta <= 0) return;
  scheduler.at(now + scheduler.rng().exponential(params_.beta * degree), contact, u, epoch_[u]);
}

bool Model::handle(const Event& event, Scheduler& scheduler) {
  const NodeId u = event.agent;
  const Time now = event.time;
  switch (event.priority()) {
    case infection: {
      if (state_[u] != S) return false;  // infected at the same instant by someone else
      integrate_to(now);
      state_[u] = I;
      ++epoch_[u];
      ++infected_;
      ++infections_;
      extinction_time_ = nan;
      scheduler.at(now + scheduler.rng().exponential(params_.gamma), recovery, u, epoch_[u]);
      schedule_contact(u, now, scheduler);
      return true;
    }
    case recovery: {
      // One recovery per infectious spell, and it ends the spell: never stale.
      integrate_to(now);
      state_[u] = S;
      if (--infected_ == 0) extinction_time_ = now;
      return true;
    }
    default: {
      // A contact: stale if it comes from an ended spell.
      if (state_[u] != I || event.data != epoch_[u]) return false;
      const auto neighbours = network_.neighbours(u);
      const NodeId v = neighbours[scheduler.rng().below(neighbours.size())];
      if (state_[v] == S) scheduler.at(now, infection, v);
      schedule_contact(u, now, scheduler);
      return false;  // a contact changes no state by itself
    }
  }
}

void Model::observe(SeriesRecorder& recorder) const {
  const auto n = static_cast<double>(network_.nodes());
  recorder.put(susceptible, n - static_cast<double>(infected_));
  recorder.put(infected, static_cast<double>(infected_));
}

}  // namespace hearsay::models::sis
