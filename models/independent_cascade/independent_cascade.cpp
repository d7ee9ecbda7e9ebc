// Independent cascade: parameters, the arrival handler and the run function.
#include "models/independent_cascade/independent_cascade.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "sim/model/entry.hpp"

namespace hearsay::models::independent_cascade {
const ParamTable<Params>& declared_params() {
  static const ParamTable<Params> table{
      real("p", &Params::p, "probability", 0.1, between(0, 1),
           "probability that a spreader's single attempt along a tie succeeds", "assumption"),
      flag("use_weights", &Params::use_weights, false,
           "take each tie's probability from the network's edge weights (each in [0, 1]) "
           "instead of p",
           "Kempe, Kleinberg & Tardos 2003 (per-edge probabilities)"),
      choice("delay_distribution", &Params::fixed_delay, {{"exponential", false}, {"fixed", true}},
             "delay from being reached to reaching a neighbour: exponential with mean "
             "delay_mean, or exactly delay_mean",
             "assumption (the final reach does not depend on it)"),
      duration("delay_mean", &Params::delay_mean, 1.0, at_least(0),
               "mean delay of a successful attempt", "assumption"),
  };
  return table;
}

namespace {

constexpr Time never = std::numeric_limits<Time>::infinity();

RunOutput run(const RunInput& input) {
  const Params params = declared_params().read(*input.params);
  return run_scheduled(
      input, 1, [&] { return Model(*input.network, params); },
      [](const Model& model, RunOutput& out) {
        out.summary = {if_done(out, static_cast<double>(model.reached_count())),
                       if_done(out, static_cast<double>(model.depth())), model.last_arrival()};
      });
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // state + mailbox per agent; pending arrivals are at most one per reached tie, a few per agent
  return nodes * (1 + sizeof(Time)) + nodes * 2 * sizeof(Event);
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model = model_entry(
      {.name = "independent_cascade",
       .summary = "Independent cascade: each newly reached agent gets one chance per out-tie to "
                  "pass the word on, after a delay",
       .reference =
           "Goldenberg, Libai & Muller 2001, Marketing Letters 12(3):211-223; Kempe, Kleinberg & "
           "Tardos 2003, KDD; Newman 2002, Phys. Rev. E 66:016128 (final size as bond percolation)",
       .series =
           {
               {"reached", "agents", "agents reached so far (seeds included)"},
           },
       .summaries =
           {
               {"final_reached", "agents",
                "agents reached by the end of the run (NaN if truncated)"},
               {"depth", "hops",
                "largest number of ties between a seed and a reached agent along the arrivals that "
                "won (NaN if truncated)"},
               {"duration", "d", "time of the last arrival"},
           }},
      declared_params(), &run, &state_bytes);
  return model;
}

Model::Model(const Network& network, const Params& params)
    : network_(network),
      params_(params),
      reached_(network.nodes(), 0),
      next_arrival_(network.nodes(), never) {
  if (!params.use_weights) return;
  if (!network.has_weights())
    throw std::invalid_argument(
        "independent_cascade: use_weights is true but the network has no edge weights");
  for (std::uint64_t a = 0; a < network.arcs(); ++a) {
    const float w = network.weight(a);
    if (!(w >= 0 && w <= 1))
      throw std::invalid_argument(
          "independent_cascade: use_weights needs every edge weight in "
          "[0, 1], found " +
          std::to_string(w));
  }
}

void Model::seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
  scheduler.reserve(network_.nodes() / 4 + seeds.size() + 16);
  for (NodeId v : seeds) {
    if (next_arrival_[v] == 0) continue;  // listed twice
    next_arrival_[v] = 0;
    scheduler.at(0, arrival, v, 0);
  }
}

Time Model::delay(RandomStream& rng) const {
  if (params_.fixed_delay || params_.delay_mean == 0) return params_.delay_mean;
  return rng.exponential(1.0 / params_.delay_mean);
}

bool Model::handle(const Event& event, Scheduler& scheduler) {
  const NodeId u = event.agent;
  if (reached_[u] || event.time != next_arrival_[u]) return false;  // a later arrival
  reached_[u] = 1;
  ++reached_count_;
  const std::uint32_t generation = event.data;
  if (generation > depth_) depth_ = generation;
  last_arrival_ = event.time;

  RandomStream& rng = scheduler.rng();
  const std::uint64_t first = network_.first_arc(u);
  const auto neighbours = network_.neighbours(u);
  for (std::size_t i = 0; i < neighbours.size(); ++i) {
    const NodeId v = neighbours[i];
    if (reached_[v]) continue;  // the attempt could change nothing
    const double p = params_.use_weights ? double{network_.weight(first + i)} : params_.p;
    if (!rng.bernoulli(p)) continue;
    const Time t = event.time + delay(rng);
    if (t < next_arrival_[v]) {
      next_arrival_[v] = t;
      scheduler.at(t, arrival, v, generation + 1);
    }
  }
  return true;
}

void Model::observe(SeriesRecorder& recorder) const {
  recorder.put(reached, static_cast<double>(reached_count_));
}

}  // namespace hearsay::models::independent_cascade
