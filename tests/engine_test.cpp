// Engine contract checked with a toy model: event order, sampling, truncation, stale events.
#include "sim/engine/engine.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

namespace hearsay {
namespace {

/// What the toy model saw of one event.
struct Seen {
  Time time;
  std::uint8_t priority;
  NodeId agent;

  friend bool operator==(const Seen&, const Seen&) = default;
};

/// A counter per agent. Event data says what to do: 0 = stale (changes nothing), 1 = add one to
/// the agent's counter, 2 = add one and schedule, for now, a priority-0 event for agent + 100.
class ToyModel {
 public:
  enum Action : std::uint32_t { stale = 0, count = 1, count_and_spawn = 2 };

  bool handle(const Event& event, Scheduler& scheduler) {
    seen.push_back({event.time, event.priority(), event.agent});
    if (event.data == stale) return false;
    ++total;
    if (event.data == count_and_spawn) scheduler.after(0, 0, event.agent + 100, count);
    return true;
  }
  void observe(SeriesRecorder& recorder) const {
    recorder.put(0, static_cast<double>(total));
    recorder.put(1, static_cast<double>(seen.size()));
  }

  std::vector<Seen> seen;
  std::uint64_t total = 0;
};

static_assert(EventModel<ToyModel>);

/// Observer that records every event and whether it changed state.
struct Recorder {
  std::vector<NodeId>* agents;
  std::vector<bool>* changed;
  void on_event(const Event& event, bool did_change) {
    agents->push_back(event.agent);
    changed->push_back(did_change);
  }
};

}  // namespace

TEST_CASE("engine: events pop in (time, priority, insertion) order", "[engine]") {
  ToyModel model;
  Scheduler scheduler(1);
  // Agent ids are the insertion order; the expected order is written out by hand.
  scheduler.at(2.0, 1, 0, ToyModel::count);
  scheduler.at(1.0, 3, 1, ToyModel::count);
  scheduler.at(2.0, 0, 2, ToyModel::count);
  scheduler.at(1.0, 3, 3, ToyModel::count);
  scheduler.at(0.5, 9, 4, ToyModel::count);
  scheduler.at(2.0, 1, 5, ToyModel::count);
  scheduler.at(1.0, 2, 6, ToyModel::count);
  scheduler.at(2.0, 0, 7, ToyModel::count);
  Engine engine(model, scheduler);
  std::vector<double> series;
  const TimeGrid grid = make_time_grid(3, 1);
  const EngineResult result = engine.run(grid, series, 2);

  const std::vector<NodeId> expected = {4, 6, 1, 3, 2, 7, 0, 5};
  REQUIRE(model.seen.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(model.seen[i].agent == expected[i]);
  CHECK(result.events == 8);
  CHECK(result.popped == 8);
  CHECK(result.status == RunStatus::done);
}

TEST_CASE("engine: an event scheduled for now goes by priority among the pending ties",
          "[engine]") {
  ToyModel model;
  Scheduler scheduler(1);
  scheduler.at(1.0, 1, 0, ToyModel::count_and_spawn);  // spawns agent 100 at t=1, priority 0
  scheduler.at(1.0, 1, 1, ToyModel::count);
  scheduler.at(1.0, 0, 2, ToyModel::count_and_spawn);  // spawns agent 102 at t=1, priority 0
  Engine engine(model, scheduler);
  std::vector<double> series;
  engine.run(make_time_grid(2, 1), series, 2);
  // All at t = 1: priority 0 first (agent 2), then its spawn 102 (priority 0 beats the pending
  // priority-1 events), then priority 1 in insertion order (0, 1), where 0's spawn 100 (priority
  // 0) jumps ahead of agent 1's pending priority-1 event.
  const std::vector<NodeId> expected = {2, 102, 0, 100, 1};
  REQUIRE(model.seen.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(model.seen[i].agent == expected[i]);
    CHECK(model.seen[i].time == 1.0);
  }
}

TEST_CASE("engine: many random ties come out sorted by (time, priority, insertion)", "[engine]") {
  ToyModel model;
  Scheduler scheduler(1);
  RandomStream rng(7, 0);
  struct Key {
    Time time;
    std::uint8_t priority;
    NodeId insertion;
  };
  std::vector<Key> keys;
  for (NodeId i = 0; i < 2000; ++i) {
    // Few distinct times and priorities, so most events tie on both.
    const Time t = static_cast<double>(rng.below(5)) * 0.25;
    const auto priority = static_cast<std::uint8_t>(rng.below(3));
    keys.push_back({t, priority, i});
    scheduler.at(t, priority, i, ToyModel::count);
  }
  Engine engine(model, scheduler);
  std::vector<double> series;
  engine.run(make_time_grid(1, 1), series, 2);
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.time < b.time || (a.time == b.time && a.priority < b.priority);
  });
  REQUIRE(model.seen.size() == keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(model.seen[i].agent == keys[i].insertion);
    CHECK(model.seen[i].time == keys[i].time);
    CHECK(model.seen[i].priority == keys[i].priority);
  }
}

TEST_CASE("engine: sample k holds the state after every event with time <= t_k", "[engine]") {
  ToyModel model;
  Scheduler scheduler(1);
  for (Time t : {0.0, 1.0, 1.5, 3.0, 5.0, 5.5}) scheduler.at(t, 0, 0, ToyModel::count);
  Engine engine(model, scheduler);
  std::vector<double> series;
  const TimeGrid grid = make_time_grid(5, 1);  // 0, 1, 2, 3, 4, 5
  const EngineResult result = engine.run(grid, series, 2);

  // Events exactly on a sampling time (0, 1, 3, 5) are in that sample; 5.5 is past the horizon
  // and never handled.
  const std::vector<double> expected = {1, 2, 3, 4, 4, 5};
  REQUIRE(series.size() == 2 * grid.times.size());
  for (std::size_t k = 0; k < grid.times.size(); ++k) CHECK(series[k] == expected[k]);
  CHECK(model.seen.size() == 5);
  CHECK(result.events == 5);
  CHECK(result.last_change == 5.0);
  CHECK(result.status == RunStatus::done);
}

TEST_CASE("engine: with nothing scheduled every sample is the initial state", "[engine]") {
  ToyModel model;
  Scheduler scheduler(1);
  Engine engine(model, scheduler);
  std::vector<double> series;
  const TimeGrid grid = make_time_grid(2.5, 1);  // 0, 1, 2, 2.5
  const EngineResult result = engine.run(grid, series, 2);
  REQUIRE(series.size() == 8);
  for (double x : series) CHECK(x == 0);
  CHECK(result.events == 0);
  CHECK(result.status == RunStatus::done);
  CHECK(scheduler.now() == 2.5);
}

TEST_CASE("engine: max_events truncates, later samples are NaN", "[engine]") {
  ToyModel model;
  Scheduler scheduler(1);
  scheduler.at(0.5, 0, 0, ToyModel::count);
  scheduler.at(1.2, 0, 0, ToyModel::stale);  // popped, not counted towards the limit
  scheduler.at(1.5, 0, 0, ToyModel::count);
  scheduler.at(2.5, 0, 0, ToyModel::count);
  scheduler.at(3.5, 0, 0, ToyModel::count);
  Engine engine(model, scheduler);
  std::vector<double> series;
  const TimeGrid grid = make_time_grid(4, 1);  // 0..4
  const EngineResult result = engine.run(grid, series, 2, 2);

  CHECK(result.status == RunStatus::truncated);
  CHECK(result.events == 2);
  CHECK(result.popped == 3);
  CHECK(result.last_change == 1.5);
  const std::size_t times = grid.times.size();
  // The limit stops the run before the event at 2.5: samples before it (t = 0, 1, 2) are real,
  // the rest are unknown.
  CHECK(series[0] == 0);
  CHECK(series[1] == 1);
  CHECK(series[2] == 2);
  CHECK(series[times + 1] == 1);
  for (std::size_t k = 3; k < times; ++k) {
    CHECK(std::isnan(series[k]));
    CHECK(std::isnan(series[times + k]));
  }
  CHECK(model.seen.size() == 3);  // 2.5 and 3.5 were never handled
}

TEST_CASE("engine: a run that ends exactly at the limit is done, and a zero limit runs nothing",
          "[engine]") {
  {
    ToyModel model;
    Scheduler scheduler(1);
    scheduler.at(0.5, 0, 0, ToyModel::count);
    scheduler.at(1.5, 0, 0, ToyModel::count);
    Engine engine(model, scheduler);
    std::vector<double> series;
    const EngineResult result = engine.run(make_time_grid(4, 1), series, 2, 2);
    CHECK(result.status == RunStatus::done);
    CHECK(result.events == 2);
  }
  {
    ToyModel model;
    Scheduler scheduler(1);
    scheduler.at(0.5, 0, 0, ToyModel::count);
    Engine engine(model, scheduler);
    std::vector<double> series;
    const EngineResult result = engine.run(make_time_grid(4, 1), series, 2, 0);
    CHECK(result.status == RunStatus::truncated);
    CHECK(result.events == 0);
    CHECK(model.seen.empty());
    CHECK(series[0] == 0);
    CHECK(std::isnan(series[1]));
  }
}

TEST_CASE("engine: stale events are popped and observed but not counted", "[engine]") {
  ToyModel model;
  Scheduler scheduler(1);
  scheduler.at(0.1, 0, 0, ToyModel::count);
  scheduler.at(0.2, 0, 1, ToyModel::stale);
  scheduler.at(0.3, 0, 2, ToyModel::count);
  scheduler.at(0.4, 0, 3, ToyModel::stale);
  std::vector<NodeId> agents;
  std::vector<bool> changed;
  Engine<ToyModel, Recorder> engine(model, scheduler, Recorder{&agents, &changed});
  std::vector<double> series;
  const TimeGrid grid = make_time_grid(1, 1);
  const EngineResult result = engine.run(grid, series, 2);

  CHECK(result.events == 2);
  CHECK(result.popped == 4);
  CHECK(result.last_change == 0.3);
  CHECK(agents == std::vector<NodeId>{0, 1, 2, 3});
  CHECK(changed == std::vector<bool>{true, false, true, false});
  CHECK(series[1] == 2);                      // changes at t = 1
  CHECK(series[grid.times.size() + 1] == 4);  // events handled at t = 1
}

TEST_CASE("engine: after() schedules relative to the current event's time", "[engine]") {
  struct Chain {
    std::vector<Time> times;
    bool handle(const Event& event, Scheduler& scheduler) {
      times.push_back(scheduler.now());
      if (event.data > 0) scheduler.after(0.25, 0, 0, event.data - 1);
      return true;
    }
    void observe(SeriesRecorder&) const {}
  };
  Chain model;
  Scheduler scheduler(1);
  scheduler.at(1.0, 0, 0, 3);
  Engine engine(model, scheduler);
  std::vector<double> series;
  engine.run(make_time_grid(2, 1), series, 0);
  CHECK(model.times == std::vector<Time>{1.0, 1.25, 1.5, 1.75});
}

}  // namespace hearsay
