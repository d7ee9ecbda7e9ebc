// Watts and linear threshold cascades: parameters, event handlers and the run function.
#include "models/threshold/threshold.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>

#include "sim/model/entry.hpp"

namespace hearsay::models::threshold {
const ParamTable<Params>& declared_params() {
  static const ParamTable<Params> table{
      choice("variant", &Params::variant,
             {{"watts", Params::Variant::watts}, {"linear", Params::Variant::linear}},
             "watts: adopt when the adopting fraction of neighbours reaches phi_i; linear: "
             "adopt when the adopting neighbours' weights sum to a uniform(0,1) threshold"),
      real("phi", &Params::phi, "fraction of neighbours", 0.18, between(0, 1),
           "watts: mean adoption threshold", "Watts 2002 (phi* = 0.18 in Fig. 1-2)"),
      real("phi_sd", &Params::phi_sd, "fraction of neighbours", 0.0, between(0, 1),
           "watts: sd of the normal(phi, phi_sd) thresholds, truncated to [0, 1] by "
           "redrawing; 0 gives every agent phi",
           "Watts 2002 (homogeneous case)"),
      duration("delay_mean", &Params::delay_mean, 1.0, at_least(0),
               "mean of the exponential delay before a neighbour hears of an adoption (0: at "
               "once); changes the timing, never the final cascade",
               "assumption"),
      real("global_fraction", &Params::global_fraction, "fraction of agents", 0.1, between(0, 1),
           "a cascade counts as global when more than this fraction of agents adopt",
           "assumption; inside the cascade window sizes are bimodal (Watts 2002 Fig. 2), "
           "so any cut from a few % to ~50% counts the same cascades"),
  };
  return table;
}

namespace {

RunOutput run(const RunInput& input) {
  const Params params = declared_params().read(*input.params);
  return run_scheduled(
      input, 1, [&] { return Model(*input.network, params, input.seed); },
      [&](const Model& model, RunOutput& out) {
        const double nodes = input.network->nodes();
        const double adopters = static_cast<double>(model.adopters());
        const double fraction = nodes > 0 ? adopters / nodes : 0.0;
        out.summary = {adopters, fraction, fraction > params.global_fraction ? 1.0 : 0.0,
                       model.last_adoption()};
      });
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // flag, threshold, tally and incoming weight per agent; at most one pending hear per arc, but
  // an ER or scale-free cascade rarely holds more than a few per agent at once
  return nodes * (sizeof(std::uint8_t) + 3 * sizeof(double)) + nodes * 2 * sizeof(Event);
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model = model_entry(
      {.name = "threshold",
       .summary = "Threshold cascade: adopt once enough neighbours have (Watts fractional "
                  "thresholds or the Kempe linear threshold)",
       .reference = "Watts 2002, PNAS 99(9):5766-5771 (global cascades on random networks); Kempe, "
                    "Kleinberg & Tardos 2003, KDD (linear threshold model)",
       .series =
           {
               {"adopters", "agents", "agents that have adopted (seeds included)"},
           },
       .summaries =
           {
               {"final_adopters", "agents",
                "agents that adopted by the end of the run (seeds included)"},
               {"final_fraction", "fraction of agents", "final_adopters / agents"},
               {"global_cascade", "0 or 1",
                "1 when final_fraction > global_fraction: its mean over replications is the "
                "frequency of global cascades"},
               {"duration", "d", "time of the last adoption"},
           }},
      declared_params(), &run, &state_bytes);
  return model;
}

double draw_watts_threshold(double phi, double phi_sd, RandomStream& rng) {
  if (phi_sd <= 0) return phi;
  boost::random::normal_distribution<double> normal(phi, phi_sd);
  // Rejection keeps the normal's shape on [0, 1] (the mean moves towards 1/2 when much mass lies
  // outside). With phi in [0, 1] and phi_sd <= 1 at least a third of the draws are accepted.
  while (true) {
    const double x = normal(rng);
    if (x >= 0.0 && x <= 1.0) return x;
  }
}

Model::Model(const Network& network, const Params& params, std::uint64_t run_seed)
    : network_(network),
      params_(params),
      adopted_(network.nodes(), 0),
      threshold_(network.nodes()),
      tally_(network.nodes(), 0.0),
      in_weight_(network.nodes(), 0.0) {
  const bool weighted = params_.variant == Params::Variant::linear && network_.has_weights();
  for (NodeId u = 0; u < network_.nodes(); ++u) {
    const auto targets = network_.neighbours(u);
    const std::uint64_t first = network_.first_arc(u);
    for (std::size_t j = 0; j < targets.size(); ++j)
      in_weight_[targets[j]] += weighted ? network_.weight(first + j) : 1.0;
  }
  RandomStream rng(run_seed, StreamPurpose::agents);
  for (NodeId v = 0; v < network_.nodes(); ++v) {
    threshold_[v] = params_.variant == Params::Variant::watts
                        ? draw_watts_threshold(params_.phi, params_.phi_sd, rng)
                        : rng.uniform_pos();  // (0, 1]: a zero threshold would adopt unprompted
  }
}

void Model::seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
  scheduler.reserve(network_.nodes() / 4 + seeds.size() + 16);
  for (NodeId v : seeds) scheduler.at(0, adopt, v);
}

bool Model::handle(const Event& event, Scheduler& scheduler) {
  const NodeId v = event.agent;
  if (adopted_[v]) return false;  // a seed listed twice, or news reaching an adopter
  if (event.priority() == adopt) {
    adopt_now(v, scheduler);
    return true;
  }
  tally_[v] += weight_from(event.data, v);
  // The fraction itself is compared, as the definition reads: m/k >= phi.
  if (tally_[v] / in_weight_[v] >= threshold_[v]) adopt_now(v, scheduler);
  return true;
}

void Model::adopt_now(NodeId v, Scheduler& scheduler) {
  adopted_[v] = 1;
  ++adopters_;
  last_adoption_ = scheduler.now();
  RandomStream& rng = scheduler.rng();
  for (NodeId u : network_.neighbours(v)) {
    if (adopted_[u]) continue;
    const Time delay = params_.delay_mean > 0 ? rng.exponential(1.0 / params_.delay_mean) : 0.0;
    scheduler.after(delay, hear, u, v);
  }
}

double Model::weight_from(NodeId source, NodeId listener) const {
  if (params_.variant == Params::Variant::watts || !network_.has_weights()) return 1.0;
  const auto targets = network_.neighbours(source);
  const auto it = std::lower_bound(targets.begin(), targets.end(), listener);
  return network_.weight(network_.first_arc(source) +
                         static_cast<std::uint64_t>(it - targets.begin()));
}

void Model::observe(SeriesRecorder& recorder) const {
  recorder.put(0, static_cast<double>(adopters_));
}

}  // namespace hearsay::models::threshold
