// A model added without touching hearsay: word of a product spreads, and tellers lose interest.
// It lives here, builds against an installed hearsay (find_package(hearsay)), and runs scenario
// files like the CLI does, with every built-in model still available by name.
#include <cstdio>
#include <exception>
#include <span>
#include <vector>

#include "models/registry.hpp"
#include "sim/engine/engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/entry.hpp"
#include "sim/model/model_api.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"

namespace awareness {

using namespace hearsay;

struct Params {
  double tell_rate = 0.5;    ///< tells per day while interested, 1/d
  double forget_rate = 0.2;  ///< rate of losing interest, 1/d
};

const ParamTable<Params>& declared_params() {
  static const ParamTable<Params> table{
      real("tell_rate", &Params::tell_rate, "1/d", 0.5, at_least(0),
           "tells per day to a random friend while interested", "assumption"),
      real("forget_rate", &Params::forget_rate, "1/d", 0.2, above(0),
           "rate at which a teller loses interest", "assumption"),
  };
  return table;
}

/// Unaware agents become interested when told; interested agents tell a random neighbour at
/// tell_rate and lose interest at forget_rate (then they are aware but quiet).
class Model {
 public:
  enum Kind : std::uint8_t { hear = 0, tell = 1, forget = 2 };

  Model(const Network& network, const Params& params)
      : network_(network), params_(params), state_(network.nodes(), unaware) {}

  void seed(std::span<const NodeId> seeds, Scheduler& scheduler) {
    for (NodeId v : seeds) scheduler.at(0, hear, v);
  }

  bool handle(const Event& event, Scheduler& scheduler) {
    const NodeId u = event.agent;
    switch (event.priority()) {
      case hear:
        if (state_[u] != unaware) return false;
        state_[u] = interested;
        ++aware_;
        ++interested_;
        scheduler.after(scheduler.rng().exponential(params_.forget_rate), forget, u);
        next_tell(u, scheduler);
        return true;
      case tell: {
        if (state_[u] != interested) return false;
        const auto friends = network_.neighbours(u);
        scheduler.at(event.time, hear, friends[scheduler.rng().below(friends.size())]);
        next_tell(u, scheduler);
        return false;
      }
      default:
        state_[u] = quiet;
        --interested_;
        return true;
    }
  }

  void observe(SeriesRecorder& recorder) const {
    recorder.put(0, static_cast<double>(aware_));
    recorder.put(1, static_cast<double>(interested_));
  }

  std::uint64_t aware() const { return aware_; }

 private:
  enum State : std::uint8_t { unaware, interested, quiet };

  void next_tell(NodeId u, Scheduler& scheduler) {
    if (network_.degree(u) > 0 && params_.tell_rate > 0)
      scheduler.after(scheduler.rng().exponential(params_.tell_rate), tell, u);
  }

  const Network& network_;
  Params params_;
  std::vector<std::uint8_t> state_;
  std::uint64_t aware_ = 0;
  std::uint64_t interested_ = 0;
};

RunOutput run(const RunInput& input) {
  const Params params = declared_params().read(*input.params);
  return run_scheduled(
      input, 2, [&] { return Model(*input.network, params); },
      [](const Model& model, RunOutput& out) {
        out.summary = {if_done(out, static_cast<double>(model.aware()))};
      });
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  return nodes * (1 + 2 * sizeof(Event));
}

const ModelEntry& entry() {
  static const ModelEntry model = model_entry(
      {.name = "awareness",
       .summary = "word of a product spreads from friend to friend; tellers lose interest",
       .reference = "an example of a model outside hearsay's tree",
       .series = {{"aware", "agents", "agents who have heard"},
                  {"interested", "agents", "agents still telling"}},
       .summaries = {{"final_aware", "agents", "agents who heard by the end"}}},
      declared_params(), &run, &state_bytes);
  return model;
}

}  // namespace awareness

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: awareness SCENARIO.yaml RESULTS.h5\n");
    return 2;
  }
  // The built-in models and this one, chosen by the scenario's model.name.
  std::vector<const hearsay::ModelEntry*> entries = hearsay::model_registry().entries();
  entries.push_back(&awareness::entry());
  const hearsay::ModelRegistry models("model", "models", entries);
  try {
    const hearsay::Scenario scenario = hearsay::load_scenario(argv[1], {}, models);
    hearsay::RunOptions options;
    options.output_path = argv[2];
    options.inputs = hearsay::scenario_inputs(scenario);
    const hearsay::ScenarioResult result =
        hearsay::run_scenario(scenario, models.at(scenario.model.name), options);
    std::printf("wrote %s: %llu runs, %llu events\n", argv[2],
                static_cast<unsigned long long>(result.runs_now),
                static_cast<unsigned long long>(result.events));
    return 0;
  } catch (const hearsay::ScenarioError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
