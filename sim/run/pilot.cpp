// Pilot runs: a few of a plan's runs, timed, so `hearsay check` can say how long the plan takes.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sim/run/runner.hpp"
#include "sim/run/steps.hpp"

namespace hearsay {

PilotTiming pilot_runs(const Scenario& scenario, const ModelEntry& model, double budget_seconds) {
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  PilotTiming timing;
  const TimeGrid grid = make_time_grid(scenario.time.end, scenario.time.sample_every);
  // The first, middle and last points: a design's rows, a sweep's values, differ in cost.
  std::vector<std::uint32_t> points{0};
  const auto last = static_cast<std::uint32_t>(scenario.points.size() - 1);
  if (last >= 2) points.push_back(last / 2);
  if (last >= 1) points.push_back(last);

  // A watchdog stops a run still going when the budget is spent (status pending).
  std::atomic<int> stop{0};
  std::mutex mutex;
  std::condition_variable wake;
  bool done = false;
  const auto start = Clock::now();
  std::thread watchdog([&] {
    std::unique_lock lock(mutex);
    if (!wake.wait_for(lock, std::chrono::duration<double>(budget_seconds), [&] { return done; }))
      stop = 2;
  });
  try {
    for (const std::uint32_t p : points) {
      if (stop.load() > 0 || (timing.runs > 0 && seconds_since(start) > budget_seconds / 2)) break;
      const ScenarioPoint& point = scenario.points[p];
      const std::uint64_t seed = run_seed(scenario.seed, point.seed_index, 0);
      auto t = Clock::now();
      std::unique_ptr<Network> network;
      if (model.info.needs_network)
        network = std::make_unique<Network>(build_scenario_network(scenario, 0, nullptr, p));
      timing.network_seconds = std::max(timing.network_seconds, seconds_since(t));
      const std::vector<NodeId> seeds = run::pick_seeds(point, model, network.get(), seed);
      RunInput input = run::run_input(scenario, point, network.get(), grid, seed, seeds);
      input.stop = &stop;
      t = Clock::now();
      const RunOutput out = model.run(input);
      const double took = seconds_since(t);
      if (out.status == RunStatus::pending) {
        timing.unfinished = true;
        timing.longest_seconds = std::max(timing.longest_seconds, took);
        break;
      }
      ++timing.runs;
      timing.run_seconds += took;
      timing.longest_seconds = std::max(timing.longest_seconds, took);
    }
  } catch (...) {
    {
      std::lock_guard lock(mutex);
      done = true;
    }
    wake.notify_all();
    watchdog.join();
    throw;
  }
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  wake.notify_all();
  watchdog.join();
  if (timing.runs > 0) timing.run_seconds /= static_cast<double>(timing.runs);
  return timing;
}

}  // namespace hearsay
