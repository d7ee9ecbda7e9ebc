// Maki-Thompson and Daley-Kendall rumours: parameters, event handlers and the run functions.
#include "models/rumour/rumour.hpp"

namespace hearsay::models::rumour {
namespace {

constexpr std::uint32_t no_source = UINT32_MAX;

ParamBinding<Params> contact_rate() {
  return real("contact_rate", &Params::contact_rate, "1/d", 1.0, above(0),
              "rate at which a spreader contacts a uniformly random neighbour",
              "time unit of the papers (one contact per spreader per unit time)");
}

}  // namespace

const ParamTable<Params>& maki_thompson_params() {
  static const ParamTable<Params> table{contact_rate()};
  return table;
}

const ParamTable<Params>& daley_kendall_params() {
  static const ParamTable<Params> table{
      contact_rate(),
      real("both_stop_probability", &Params::both_stop_probability, "probability", 0.5,
           between(0, 1),
           "chance that a contact between two spreaders stops both (else nothing happens); 0.5 "
           "gives Daley & Kendall's equal rate for every pair, 1 stops both on every such "
           "contact (the fraction never hearing then tends to 0.2847)",
           "Daley & Kendall 1965 (pair interactions at one rate)"),
  };
  return table;
}

namespace {

std::vector<MetricSpec> rumour_series() {
  return {
      {"ignorant", "agents", "agents who have not heard the rumour"},
      {"spreader", "agents", "agents spreading it"},
      {"stifler", "agents", "agents who heard it and stopped spreading"},
  };
}

std::vector<MetricSpec> rumour_summaries() {
  return {
      {"final_ignorant_fraction", "fraction of agents",
       "agents who never heard the rumour, over all agents"},
      {"peak_spreader", "agents", "largest number of spreaders at once (exact, every event)"},
      {"peak_spreader_fraction", "fraction of agents", "peak_spreader / agents"},
      {"peak_time", "d", "time at which the spreaders peaked"},
      {"duration", "d", "time of the last state change"},
  };
}

/// Both variants share states, series and figures; they differ in name, rule and parameters.
ModelInfo rumour_info(const char* name, const char* summary, const char* reference,
                      const ParamTable<Params>& params) {
  ModelInfo info;
  info.name = name;
  info.summary = summary;
  info.reference = reference;
  info.params = params.specs();
  info.series = rumour_series();
  info.summaries = rumour_summaries();
  return info;
}

ModelInfo make_maki_thompson_info() {
  return rumour_info(
      "maki_thompson",
      "Maki-Thompson rumour: a spreader who contacts someone who already knows stops",
      "Maki & Thompson 1973, Mathematical Models and Applications; Sudbury 1985, J. Appl. Prob. "
      "22:443-446 (fraction never hearing -> 0.2032); Pittel 1990, J. Appl. Prob. 27:14-27 (its "
      "Gaussian fluctuations)",
      maki_thompson_params());
}

ModelInfo make_daley_kendall_info() {
  return rumour_info(
      "daley_kendall",
      "Daley-Kendall rumour: two spreaders who meet both stop; a spreader who meets a stifler "
      "stops",
      "Daley & Kendall 1965, J. Inst. Maths Applics 1:42-55 (fraction never hearing -> 0.2032, "
      "the same limit as Maki-Thompson); Daley & Gani 1999, Epidemic Modelling, ch. 5",
      daley_kendall_params());
}

RunOutput run(const RunInput& input, Rule rule) {
  Params params = (rule == Rule::maki_thompson ? maki_thompson_params() : daley_kendall_params())
                      .read(*input.params);
  params.rule = rule;
  return run_scheduled(
      input, 3, [&] { return Model(*input.network, params); },
      [&](const Model& model, RunOutput& out) {
        const double nodes = input.network->nodes();
        const auto peak = static_cast<double>(model.peak_spreaders());
        out.summary = {nodes > 0 ? static_cast<double>(model.ignorants()) / nodes : 0.0, peak,
                       nodes > 0 ? peak / nodes : 0.0, model.peak_time(), model.last_change()};
      });
}

RunOutput run_maki_thompson(const RunInput& input) {
  return run(input, Rule::maki_thompson);
}
RunOutput run_daley_kendall(const RunInput& input) {
  return run(input, Rule::daley_kendall);
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // state per agent; at most one pending contact per spreader plus same-instant changes
  return nodes * sizeof(std::uint8_t) + nodes * sizeof(Event);
}

}  // namespace

const ModelEntry& maki_thompson_entry() {
  static const ModelEntry model{make_maki_thompson_info(), &run_maki_thompson, &state_bytes};
  return model;
}

const ModelEntry& daley_kendall_entry() {
  static const ModelEntry model{make_daley_kendall_info(), &run_daley_kendall, &state_bytes};
  return model;
}

Model::Model(const Network& network, const Params& params)
    : network_(network), params_(params), state_(network.nodes(), I) {}

void Model::seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
  scheduler.reserve(network_.nodes() / 2 + seeds.size() + 16);
  for (NodeId v : seeds) scheduler.at(0, hear, v, no_source);
}

bool Model::handle(const Event& event, Scheduler& scheduler) {
  switch (event.priority()) {
    case hear:
      return start_spreading(event.agent, scheduler);
    case stop:
      return stop_spreading(event.agent, scheduler);
    default:
      return make_contact(event.agent, scheduler);
  }
}

bool Model::start_spreading(NodeId v, Scheduler& scheduler) {
  if (state_[v] != I) return false;  // a seed listed twice
  state_[v] = S;
  ++spreaders_;
  last_change_ = scheduler.now();
  if (spreaders_ > peak_spreaders_) {
    peak_spreaders_ = spreaders_;
    peak_time_ = scheduler.now();
  }
  if (network_.degree(v) > 0)
    scheduler.after(scheduler.rng().exponential(params_.contact_rate), contact, v);
  return true;
}

bool Model::stop_spreading(NodeId v, Scheduler& scheduler) {
  if (state_[v] != S) return false;
  state_[v] = R;
  --spreaders_;
  ++stiflers_;
  last_change_ = scheduler.now();
  return true;
}

bool Model::make_contact(NodeId u, Scheduler& scheduler) {
  if (state_[u] != S) return false;  // stopped by another spreader since this was scheduled
  RandomStream& rng = scheduler.rng();
  const auto neighbours = network_.neighbours(u);
  const NodeId v = neighbours[rng.below(neighbours.size())];
  if (state_[v] == I) {
    scheduler.at(scheduler.now(), hear, v, u);
  } else if (params_.rule == Rule::maki_thompson || state_[v] == R) {
    return stop_spreading(u, scheduler);
  } else if (rng.bernoulli(params_.both_stop_probability)) {
    // Daley-Kendall: two spreaders meet and both stop; the other one through its own event.
    scheduler.at(scheduler.now(), stop, v, u);
    return stop_spreading(u, scheduler);
  }
  // The contact itself changes nothing of u's: a hear it sent is counted when v handles it.
  scheduler.after(rng.exponential(params_.contact_rate), contact, u);
  return false;
}

void Model::observe(SeriesRecorder& recorder) const {
  recorder.put(ignorant, static_cast<double>(ignorants()));
  recorder.put(spreader, static_cast<double>(spreaders_));
  recorder.put(stifler, static_cast<double>(stiflers_));
}

}  // namespace hearsay::models::rumour
