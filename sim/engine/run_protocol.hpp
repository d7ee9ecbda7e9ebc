// The rules every event loop follows: sampling, the horizon, the event limit and stop requests.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/types.hpp"
#include "sim/engine/time_grid.hpp"

namespace hearsay {

/// Writes the current value of each series metric at one sampling time.
class SeriesRecorder {
 public:
  SeriesRecorder(std::vector<double>& series, std::size_t times) : series_(series), times_(times) {}
  void put(std::size_t metric, double value) { series_[metric * times_ + index_] = value; }
  std::size_t index() const { return index_; }
  /// The sampling time being recorded, days.
  Time time() const { return time_; }

 private:
  friend class RunProtocol;

  std::vector<double>& series_;
  std::size_t times_;
  std::size_t index_ = 0;
  Time time_ = 0;
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

/// One run's protocol, shared by the event loops (Engine, SequentialEngine, WindowEngine and
/// sir's own loop), so that every model samples, stops and truncates the same way:
/// - sample k holds the state after every event with time <= times[k] (sample_before(t) records
///   the samples before an event at t, which are then final);
/// - an event after the horizon ends the run, as does an empty queue (finish() then records the
///   samples left);
/// - before an event that would exceed the event limit the run stops as `truncated`, and the
///   samples from then on are NaN: unknown, not guessed;
/// - a stop request (2: Ctrl-C twice) abandons the run as `pending`, not a result at all; the
///   request is read every 2^14 events (reading it costs more than an event).
/// A model records its metrics through `observe(SeriesRecorder&)`.
class RunProtocol {
 public:
  RunProtocol(const TimeGrid& grid, std::vector<double>& series, std::size_t metrics,
              std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max(),
              const std::atomic<int>* stop = nullptr)
      : grid_(grid),
        series_(series),
        metrics_(metrics),
        recorder_(series, grid.times.size()),
        max_events_(max_events),
        stop_(stop) {
    series.assign(metrics * grid.times.size(), 0.0);
    next_time_ = grid.times.empty() ? std::numeric_limits<Time>::infinity() : grid.times[0];
  }

  const TimeGrid& grid() const { return grid_; }
  /// The next sample to record.
  std::size_t next_sample() const { return k_; }
  bool beyond_horizon(Time t) const { return t > grid_.end; }

  /// Records every sample before time `t` with `model.observe`. Called before every event, so
  /// the common case (no sample due) is one comparison.
  template <class M>
  void sample_before(Time t, const M& model) {
    while (next_time_ < t) observe_next(model);
  }
  /// Records the samples before sample `due` (the window engine knows which are final).
  template <class M>
  void sample_until(std::size_t due, const M& model) {
    while (k_ < due) observe_next(model);
  }

  /// Before the next event: true, with the status set, when the run must stop here (the event
  /// limit is reached: truncated; a stop request: pending).
  bool must_stop(EngineResult& result) const {
    if (result.events >= max_events_) {
      result.status = RunStatus::truncated;
      return true;
    }
    if ((result.popped & stop_check_mask) == 0 && stop_requested()) {
      result.status = RunStatus::pending;
      return true;
    }
    return false;
  }
  /// The step every event loop takes before the event at `t`: false when `t` is past the horizon
  /// or the run must stop (then `result` says why); otherwise records the samples before `t`.
  template <class M>
  bool admit(Time t, const M& model, EngineResult& result) {
    if (beyond_horizon(t)) return false;
    sample_before(t, model);
    return !must_stop(result);
  }
  bool limit_reached(std::uint64_t events) const { return events >= max_events_; }
  /// Whether a stop request abandons the run (read the atomic once).
  bool stop_requested() const {
    return stop_ != nullptr && stop_->load(std::memory_order_relaxed) >= 2;
  }

  /// After the last event: a truncated run's later samples are NaN, an abandoned run keeps what
  /// it recorded, a finished one records the samples up to the horizon.
  template <class M>
  void finish(const EngineResult& result, const M& model) {
    if (result.status == RunStatus::pending) return;
    if (result.status == RunStatus::truncated) {
      fill_unknown_from(series_, k_, grid_.times.size(), metrics_);
      return;
    }
    sample_until(grid_.times.size(), model);
  }

 private:
  static constexpr std::uint64_t stop_check_mask = (std::uint64_t{1} << 14) - 1;

  template <class M>
  void observe_next(const M& model) {
    recorder_.index_ = k_;
    recorder_.time_ = grid_.times[k_];
    model.observe(recorder_);
    ++k_;
    next_time_ = k_ < grid_.times.size() ? grid_.times[k_] : std::numeric_limits<Time>::infinity();
  }

  const TimeGrid& grid_;
  std::vector<double>& series_;
  std::size_t metrics_;
  SeriesRecorder recorder_;
  std::uint64_t max_events_;
  const std::atomic<int>* stop_;
  std::size_t k_ = 0;
  Time next_time_;  ///< times[k_], or +inf once every sample is recorded
};

}  // namespace hearsay
