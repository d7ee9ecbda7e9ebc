// Network Bass diffusion: parameters, the adoption handler and the run function.
#include "models/bass/bass.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <cmath>
#include <limits>

#include "sim/model/entry.hpp"

namespace hearsay::models::bass {
const ParamTable<Params>& declared_params() {
  static const ParamTable<Params> table{
      real("p", &Params::p, "1/d", 0.03 / 365, at_least(0),
           "coefficient of innovation: hazard of adopting from external influence (times the "
           "agent's innovativeness)",
           "Sultan, Farley & Lehmann 1990 meta-analysis mean p = .03 per year, / 365"),
      real("q", &Params::q, "1/d", 0.38 / 365, at_least(0),
           "coefficient of imitation: hazard of adopting when every neighbour has adopted",
           "Sultan, Farley & Lehmann 1990 meta-analysis mean q = .38 per year, / 365"),
      real("innovativeness_shape", &Params::innovativeness_shape, "", 0, at_least(0),
           "shape k of the Gamma(k, 1/k) innovativeness that multiplies p (mean 1, variance "
           "1/k); 0 gives every agent exactly 1",
           "assumption (0: the homogeneous Bass model)"),
  };
  return table;
}

namespace {

constexpr Time never = std::numeric_limits<Time>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

RunOutput run(const RunInput& input) {
  const Params params = declared_params().read(*input.params);
  return run_scheduled(
      input, 2,
      [&] {
        RandomStream agents(input.seed, StreamPurpose::agents);
        return Model(*input.network, params, agents);
      },
      [](const Model& model, RunOutput& out) {
        out.summary = {if_done(out, static_cast<double>(model.adopter_count())),
                       model.time_to_half(), if_done(out, model.peak_adoption_time())};
      });
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // innovativeness, in-degree, state, mailbox, exposures; the queue holds every external clock
  // plus a few pending word-of-mouth clocks per agent
  return nodes * (sizeof(double) + 4 + 1 + sizeof(Time) + 4) + nodes * 2 * sizeof(Event);
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model = model_entry(
      {.name = "bass",
       .summary = "Bass diffusion on a network: adoption from external influence (p) and from "
                  "adopting neighbours (q)",
       .reference = "Bass 1969, Management Science 15(5):215-227; Sultan, Farley & Lehmann 1990, "
                    "J. Marketing Research 27(1):70-77 (mean p = .03, q = .38 per year); "
                    "Goldenberg, Libai & Muller 2001 (agent-based Bass on networks)",
       .series =
           {
               {"adopters", "agents", "agents who have adopted (seeds included)"},
               {"innovators", "agents",
                "adopters whose own external clock fired (Bass's innovators)"},
           },
       .summaries =
           {
               {"final_adopters", "agents", "adopters at the end of the run (NaN if truncated)"},
               {"time_to_half", "d",
                "time at which adopters first reached half of the population (NaN if never)"},
               {"peak_adoption_time", "d",
                "time at which the expected adoption rate given the state (the total adoption "
                "hazard) was highest; on the complete graph the mean-field value is ln(q/p)/(p+q) "
                "(NaN if truncated)"},
           }},
      declared_params(), &run, &state_bytes);
  return model;
}

Model::Model(const Network& network, const Params& params, RandomStream& agents)
    : network_(network),
      params_(params),
      in_degree_(network.nodes(), 0),
      adopted_(network.nodes(), 0),
      next_adoption_(network.nodes(), never),
      exposures_(network.nodes(), 0),
      time_to_half_(nan) {
  const NodeId n = network.nodes();
  if (params.innovativeness_shape > 0) {
    const double k = params.innovativeness_shape;
    boost::random::gamma_distribution<double> gamma(k, 1.0 / k);
    innovativeness_.resize(n);
    for (NodeId v = 0; v < n; ++v) innovativeness_[v] = gamma(agents);
  }
  if (network.directed()) {
    for (NodeId t : network.targets()) ++in_degree_[t];
  } else {
    for (NodeId v = 0; v < n; ++v) in_degree_[v] = network.degree(v);
  }
}

void Model::seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
  const NodeId n = network_.nodes();
  scheduler.reserve(std::size_t{n} + seeds.size() + 16);
  for (NodeId v : seeds) {
    if (next_adoption_[v] == 0) continue;  // listed twice
    next_adoption_[v] = 0;
    scheduler.at(0, adoption, v, seeded);
  }
  // Every agent's external clock, drawn in id order so the draws do not depend on the seeds.
  RandomStream& rng = scheduler.rng();
  for (NodeId v = 0; v < n; ++v) {
    const double rate = params_.p * innovativeness(v);
    hazard_ += rate;
    const Time t = rate > 0 ? rng.exponential(rate) : never;
    if (t < next_adoption_[v]) {
      next_adoption_[v] = t;
      scheduler.at(t, adoption, v, external);
    }
  }
  peak_hazard_ = hazard_;
  peak_time_ = 0;
}

bool Model::handle(const Event& event, Scheduler& scheduler) {
  const NodeId u = event.agent;
  if (adopted_[u] || event.time != next_adoption_[u]) return false;  // superseded
  adopted_[u] = 1;
  ++adopters_;
  if (event.data == external) ++innovators_;
  if (std::isnan(time_to_half_) && 2 * adopters_ >= network_.nodes()) time_to_half_ = event.time;

  // u leaves the at-risk set; each non-adopting out-neighbour v gains a word-of-mouth clock.
  hazard_ -= params_.p * innovativeness(u);
  if (in_degree_[u] > 0) hazard_ -= params_.q * exposures_[u] / in_degree_[u];
  RandomStream& rng = scheduler.rng();
  const Time now = event.time;
  if (params_.q > 0) {
    for (NodeId v : network_.neighbours(u)) {
      if (adopted_[v]) continue;
      const double rate = params_.q / in_degree_[v];
      ++exposures_[v];
      hazard_ += rate;
      const Time t = now + rng.exponential(rate);
      if (t < next_adoption_[v]) {
        next_adoption_[v] = t;
        scheduler.at(t, adoption, v, social);
      }
    }
  }
  if (hazard_ > peak_hazard_) {
    peak_hazard_ = hazard_;
    peak_time_ = now;
  }
  return true;
}

void Model::observe(SeriesRecorder& recorder) const {
  recorder.put(adopters, static_cast<double>(adopters_));
  recorder.put(innovators, static_cast<double>(innovators_));
}

}  // namespace hearsay::models::bass
