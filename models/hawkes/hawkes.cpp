// Hawkes reshare cascades as a branching process: parameters, kernels, handler and run function.
#include "models/hawkes/hawkes.hpp"

#include <algorithm>
#include <cmath>

#include "sim/model/entry.hpp"

namespace hearsay::models::hawkes {
const ParamTable<Params>& declared_params() {
  static const ParamTable<Params> table{
      real("branching_ratio", &Params::branching_ratio, "events per event", 0.5, between(0, 100),
           "n: mean number of direct reshares of one event (Poisson); n >= 1 never dies out "
           "on average and runs into max_events",
           "assumption (subcritical)"),
      choice(
          "kernel", &Params::kernel,
          {{"exponential", Params::Kernel::exponential}, {"power_law", Params::Kernel::power_law}},
          "delay between an event and each of its reshares: exponential(kernel_rate), or "
          "power_law (flat for `plateau`, then decaying as t^-(1+theta))"),
      real("kernel_rate", &Params::kernel_rate, "1/d", 1.0, above(0),
           "exponential kernel: rate (mean delay 1/kernel_rate)", "assumption"),
      duration("plateau", &Params::plateau, 5.0 / 1440.0, above(0),
               "power-law kernel: length of the flat start (human reaction time)",
               "Zhao et al. 2015 (s0 = 5 min on Twitter)"),
      real("theta", &Params::theta, "", 0.242, above(0),
           "power-law kernel: tail exponent, density ~ (t/plateau)^-(1+theta); theta <= 1 "
           "has no finite mean delay",
           "Zhao et al. 2015 (fit to Twitter reshares)"),
      integer("max_events", &Params::max_events, "events", 1e7, between(1, 1e9),
              "cap on events per run; past it the run stops being exact and is marked "
              "truncated",
              "memory guard"),
  };
  return table;
}

namespace {

/// A dropped child would have happened at dropped_from() or later: samples from then on are
/// unknown. Say so rather than report a count that is too low. (Children dropped beyond the
/// horizon change nothing the run reports.)
void censor_dropped(const Model& model, const TimeGrid& grid, RunOutput& out) {
  if (!model.dropped() || model.dropped_from() > grid.end) return;
  out.status = RunStatus::truncated;
  for (std::size_t k = 0; k < grid.times.size(); ++k)
    if (grid.times[k] >= model.dropped_from())
      out.series[k] = std::numeric_limits<double>::quiet_NaN();
}

RunOutput run(const RunInput& input) {
  const Params params = declared_params().read(*input.params);
  const std::uint64_t cap = std::min(params.max_events, input.max_events);
  return run_scheduled(
      input, 1, [&] { return Model(params, cap); },
      [&](const Model& model, RunOutput& out) {
        censor_dropped(model, *input.grid, out);
        out.summary = {
            static_cast<double>(model.events()), static_cast<double>(model.generations()),
            static_cast<double>(model.created() - model.events() + model.dropped_count())};
      });
}

std::uint64_t state_bytes(const ParamValues& values, std::uint64_t) {
  // flag, parent, generation and time per event, and its pending queue entry
  constexpr std::uint64_t per_event = 1 + 4 + 4 + sizeof(Time) + sizeof(Event);
  const Params params = declared_params().read(values);
  // Subcritical: a cascade from one immigrant has 1/(1-n) events on average; allow for a
  // thousand immigrants. Critical or above: plan for the cap.
  const double expected = params.branching_ratio < 1 ? 1000.0 / (1.0 - params.branching_ratio)
                                                     : static_cast<double>(params.max_events);
  return per_event *
         static_cast<std::uint64_t>(std::min(expected, static_cast<double>(params.max_events)));
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model = model_entry(
      {.name = "hawkes",
       .summary = "Self-exciting reshare cascade: every event begets Poisson(n) reshares after "
                  "delays drawn from a memory kernel",
       .reference = "Hawkes 1971, Biometrika 58:83-90; Hawkes & Oakes 1974, J. Appl. Prob. "
                    "11:493-503 (cluster representation); Zhao et al. 2015, SEISMIC, KDD "
                    "(power-law kernel with a plateau)",
       .series =
           {
               {"events", "events", "cascade events so far (immigrants included)"},
           },
       .summaries =
           {
               {"total_events", "events", "events by the end of the run (immigrants included)"},
               {"generations", "generations",
                "generation of the deepest event (immigrants are 0, their reshares 1, ...)"},
               {"censored_events", "events",
                "reshares already scheduled after the end of the run (their own reshares not "
                "counted)"},
           },
       .needs_network = false},
      declared_params(), &run, &state_bytes);
  return model;
}

double power_law_cdf(Time t, Time plateau, double theta) {
  if (t <= 0) return 0.0;
  if (t < plateau) return t * theta / (plateau * (1.0 + theta));
  return 1.0 - std::pow(t / plateau, -theta) / (1.0 + theta);
}

Time power_law_quantile(double u, Time plateau, double theta) {
  const double at_plateau = theta / (1.0 + theta);  // F(s0)
  if (u < at_plateau) return u * plateau * (1.0 + theta) / theta;
  // 1 - u > 0 for u in [0, 1): the tail is unbounded but every draw is finite.
  return plateau * std::pow((1.0 - u) * (1.0 + theta), -1.0 / theta);
}

Time draw_delay(const Params& params, RandomStream& rng) {
  if (params.kernel == Params::Kernel::exponential) return rng.exponential(params.kernel_rate);
  return power_law_quantile(rng.uniform(), params.plateau, params.theta);
}

Model::Model(const Params& params, std::uint64_t cap)
    : params_(params),
      cap_(cap),
      // Boost's Poisson needs a positive mean; n = 0 never draws from it.
      offspring_(params.branching_ratio > 0 ? params.branching_ratio : 1.0) {}

void Model::seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
  NodeId next = 0;
  for (NodeId id : seeds) next = std::max<NodeId>(next, id + 1);
  happened_.assign(next, 0);
  parent_.assign(next, no_parent);
  generation_.assign(next, 0);
  time_.assign(next, 0.0);
  const double expected = params_.branching_ratio < 1
                              ? static_cast<double>(seeds.size()) / (1 - params_.branching_ratio)
                              : static_cast<double>(cap_);
  // Room for the expected cascade, never more than the cap nor a million ids up front (a
  // supercritical run that stops early should not pay for the cap).
  const auto reserve = static_cast<std::size_t>(
      std::min({expected * 1.5 + 16, static_cast<double>(cap_), 1048576.0}));
  happened_.reserve(reserve);
  parent_.reserve(reserve);
  generation_.reserve(reserve);
  time_.reserve(reserve);
  for (NodeId id : seeds) scheduler.at(0, reshare, id, no_parent);
}

bool Model::handle(const Event& event, Scheduler& scheduler) {
  const NodeId id = event.agent;
  if (happened_[id]) return false;  // an immigrant listed twice
  happened_[id] = 1;
  parent_[id] = event.data;
  time_[id] = event.time;
  generation_[id] = event.data == no_parent ? 0 : generation_[event.data] + 1;
  deepest_ = std::max(deepest_, generation_[id]);
  ++events_;
  if (params_.branching_ratio <= 0) return true;
  RandomStream& rng = scheduler.rng();
  const std::uint32_t children = offspring_(rng);
  for (std::uint32_t c = 0; c < children; ++c) {
    const Time t = event.time + draw_delay(params_, rng);
    if (parent_.size() >= cap_) {
      dropped_from_ = std::min(dropped_from_, t);
      ++dropped_count_;
      continue;
    }
    // Hand out the child's id; its own event fills in its record.
    const auto child = static_cast<NodeId>(parent_.size());
    happened_.push_back(0);
    parent_.push_back(no_parent);
    generation_.push_back(0);
    time_.push_back(0.0);
    scheduler.at(t, reshare, child, id);
  }
  return true;
}

std::vector<std::uint32_t> Model::cascade() const {
  std::vector<std::uint32_t> index(parent_.size(), no_parent);
  std::vector<std::uint32_t> tree;
  tree.reserve(events_);
  for (std::size_t id = 0; id < parent_.size(); ++id) {
    if (!happened_[id]) continue;
    index[id] = static_cast<std::uint32_t>(tree.size());
    // A parent happens before its child and has a smaller id, so it is already renumbered.
    tree.push_back(parent_[id] == no_parent ? no_parent : index[parent_[id]]);
  }
  return tree;
}

void Model::observe(SeriesRecorder& recorder) const {
  recorder.put(0, static_cast<double>(events_));
}

}  // namespace hearsay::models::hawkes
