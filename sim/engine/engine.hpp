// The exact discrete-event engine: pops events in total order, lets the model handle them, samples.
#pragma once

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/types.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/run_protocol.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay {

template <class M, class O>
class SequentialEngine;
template <class M>
class WindowEngine;

/// What a model handler sees: the clock, its random stream, and the way to schedule events.
/// Handlers change only the state of the event's agent and reach others by scheduling events.
class Scheduler {
 public:
  explicit Scheduler(std::uint64_t run_seed) : rng_(run_seed, StreamPurpose::dynamics) {}

  Time now() const { return now_; }
  RandomStream& rng() { return rng_; }

  /// Schedules an event at absolute time `t` (>= now).
  void at(Time t, std::uint8_t priority, NodeId agent, std::uint32_t data = 0) {
    assert(t >= now_ && !std::isnan(t) && "an event cannot be scheduled in the past");
    queue_.push(t, priority, agent, data);
  }
  /// Schedules an event `delay` days from now.
  void after(Time delay, std::uint8_t priority, NodeId agent, std::uint32_t data = 0) {
    queue_.push(now_ + delay, priority, agent, data);
  }
  void reserve(std::size_t events) { queue_.reserve(events); }
  std::size_t pending() const { return queue_.size(); }

 private:
  template <class M, class O>
  friend class Engine;

  Time now_ = 0;
  RandomStream rng_;
  EventQueue queue_;
};

/// A model the engine can run: `handle` returns whether the event changed state (counted in
/// /runs/events; stale events return false), `observe` records the current metrics.
template <class M>
concept EventModel = requires(M& model, const Event& event, Scheduler& scheduler,
                              SeriesRecorder& recorder) {
  { model.handle(event, scheduler) } -> std::same_as<bool>;
  model.observe(recorder);
};

/// Observer that sees nothing (the default); tests plug in their own to watch events. An
/// observer may also define `before_event(const Event&)`, called before the handler runs.
struct NoObserver {
  void on_event(const Event&, bool) {}
};

/// Runs a model from the events it has scheduled until the horizon or until nothing is pending.
/// Sample k holds the state after every event with time <= times[k]. If the event limit stops the
/// run, later samples are NaN and the status is `truncated`.
template <class M, class O = NoObserver>
class Engine {
 public:
  Engine(M& model, Scheduler& scheduler, O observer = O{})
      : model_(model), scheduler_(scheduler), observer_(observer) {}

  EngineResult run(const TimeGrid& grid, std::vector<double>& series, std::size_t metrics,
                   std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max(),
                   const std::atomic<int>* stop = nullptr) requires EventModel<M> {
    RunProtocol protocol(grid, series, metrics, max_events, stop);
    EngineResult result;
    EventQueue& queue = scheduler_.queue_;
    while (!queue.empty()) {
      const Time t = queue.top().time;
      if (!protocol.admit(t, model_, result)) break;
      const Event event = queue.pop();
      scheduler_.now_ = event.time;
      ++result.popped;
      if constexpr (requires { observer_.before_event(event); }) observer_.before_event(event);
      const bool changed = model_.handle(event, scheduler_);
      observer_.on_event(event, changed);
      if (changed) {
        result.last_change = event.time;
        ++result.events;
      }
    }
    if (result.status == RunStatus::done) scheduler_.now_ = std::max(scheduler_.now_, grid.end);
    protocol.finish(result, model_);
    return result;
  }

  O& observer() { return observer_; }

 private:
  M& model_;
  Scheduler& scheduler_;
  O observer_;
};

/// Runs a model whose first events are scheduled, filling what every model's RunOutput shares:
/// the series, the number of state changes and the status. The caller adds the summary.
template <class M>
EngineResult run_into(RunOutput& out, M& model, Scheduler& scheduler, const RunInput& input,
                      std::size_t metrics) {
  Engine engine(model, scheduler);
  const EngineResult result =
      engine.run(*input.grid, out.series, metrics, input.max_events, input.stop);
  out.events = result.events;
  out.status = result.status;
  return result;
}

/// The run function of a model on this engine: `make()` builds the model, which then schedules
/// its seeds' first events and runs; `complete(model, out)` adds the per-run figures (and may
/// correct the output where the model knows better, e.g. a cap it hit).
template <class Make, class Complete>
RunOutput run_scheduled(const RunInput& input, std::size_t metrics, Make&& make,
                        Complete&& complete) {
  Scheduler scheduler(input.seed);
  auto model = make();
  model.seed(input.seeds, scheduler);
  RunOutput out;
  run_into(out, model, scheduler, input, metrics);
  complete(model, out);
  return out;
}

}  // namespace hearsay
