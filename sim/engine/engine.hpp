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

/// Writes the current value of each series metric at one sampling time.
class SeriesRecorder {
 public:
  SeriesRecorder(std::vector<double>& series, std::size_t times) : series_(series), times_(times) {}
  void put(std::size_t metric, double value) { series_[metric * times_ + index_] = value; }
  std::size_t index() const { return index_; }
  /// The sampling time being recorded, days.
  Time time() const { return time_; }

 private:
  template <class M, class O>
  friend class Engine;
  template <class M, class O>
  friend class SequentialEngine;
  template <class M>
  friend class WindowEngine;

  std::vector<double>& series_;
  std::size_t times_;
  std::size_t index_ = 0;
  Time time_ = 0;
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

struct EngineResult {
  std::uint64_t events = 0;  ///< state changes
  std::uint64_t popped = 0;  ///< all events taken from the queue, stale ones included
  RunStatus status = RunStatus::done;
  Time last_change = 0;  ///< time of the last state change
};

/// Marks samples k onwards NaN in `series` (metric-major, `times` samples per metric): a run the
/// event limit truncated says its later states are unknown rather than guess them.
inline void fill_unknown_from(std::vector<double>& series, std::size_t k, std::size_t times,
                              std::size_t metrics) {
  for (std::size_t j = k; j < times; ++j)
    for (std::size_t m = 0; m < metrics; ++m)
      series[m * times + j] = std::numeric_limits<double>::quiet_NaN();
}

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
    const std::size_t times = grid.times.size();
    series.assign(metrics * times, 0.0);
    SeriesRecorder recorder(series, times);
    EngineResult result;
    EventQueue& queue = scheduler_.queue_;
    std::size_t k = 0;
    while (!queue.empty()) {
      const Time t = queue.top().time;
      if (t > grid.end) break;
      for (; k < times && grid.times[k] < t; ++k) {
        recorder.index_ = k;
        recorder.time_ = grid.times[k];
        model_.observe(recorder);
      }
      if (result.events >= max_events) {
        // More would happen before the horizon: the states from time t on are unknown.
        result.status = RunStatus::truncated;
        break;
      }
      if (stop != nullptr && (result.popped & stop_check_mask) == 0 &&
          stop->load(std::memory_order_relaxed) >= 2) {
        // Abandoned (Ctrl-C twice): the run is not finished, so it is not a result at all.
        result.status = RunStatus::pending;
        return result;
      }
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
    if (result.status == RunStatus::truncated) {
      // Every sample before the first unexecuted event is recorded; later ones are unknown.
      fill_unknown_from(series, k, times, metrics);
      return result;
    }
    scheduler_.now_ = std::max(scheduler_.now_, grid.end);
    for (; k < times; ++k) {
      recorder.index_ = k;
      recorder.time_ = grid.times[k];
      model_.observe(recorder);
    }
    return result;
  }

  O& observer() { return observer_; }

 private:
  static constexpr std::uint64_t stop_check_mask = (std::uint64_t{1} << 14) - 1;
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

}  // namespace hearsay
