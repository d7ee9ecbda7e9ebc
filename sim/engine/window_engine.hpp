// Engines for models whose event order is a function of event content: a sequential one and a
// parallel one (conservative time windows over fixed blocks of agents) that give the same run.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cassert>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/types.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay {

/// An event whose place in the run depends only on what it says: ordered by (time, priority,
/// agent, payload). Two events that compare equal are identical, so their relative order cannot
/// matter; no insertion sequence, no thread, no memory address enters the order.
struct KeyedEvent {
  Time time;              ///< when it happens, days
  std::uint64_t key;      ///< priority in bits 32..39, agent in the low 32 bits
  std::uint64_t payload;  ///< model-defined (kind-specific data, source agent...)

  static std::uint64_t make_key(std::uint8_t priority, NodeId agent) {
    return (std::uint64_t{priority} << 32) | agent;
  }
  NodeId agent() const { return static_cast<NodeId>(key); }
  std::uint8_t priority() const { return static_cast<std::uint8_t>(key >> 32); }
  std::uint32_t low() const { return static_cast<std::uint32_t>(payload); }
  std::uint32_t high() const { return static_cast<std::uint32_t>(payload >> 32); }

  /// Times are >= +0.0, whose bit patterns order like the numbers: the order is integer
  /// comparisons only (cheap, and branch-free up to the rare exact tie).
  friend bool operator<(const KeyedEvent& a, const KeyedEvent& b) {
    const auto x = std::bit_cast<std::uint64_t>(a.time), y = std::bit_cast<std::uint64_t>(b.time);
    if (x != y) return x < y;
    if (a.key != b.key) return a.key < b.key;
    return a.payload < b.payload;
  }
};

/// The pending events in (time, key, payload) order: a 4-ary min-heap (see EventQueue for the
/// layout argument) for the current day, and one unsorted bucket per later day. Most pending
/// events are far ahead (awareness clocks, churn clocks), so the heap stays small enough for the
/// cache; a day's bucket enters the heap when the heap runs dry. Pops come out exactly as from
/// one heap of everything.
class KeyedQueue {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size() + far_; }
  const KeyedEvent& top() const { return heap_.front(); }
  /// Asks for the first levels of the heap (the root and its children, 5 events in 2 cache
  /// lines), which the next pop reads. Always inlined: GCC drops calls to functions that only
  /// prefetch, as free of side effects.
  [[gnu::always_inline]] void prefetch_top() const {
    const char* first = reinterpret_cast<const char*>(heap_.data());
    __builtin_prefetch(first);
    __builtin_prefetch(first + 64);
  }
  /// Time of the earliest event, +inf when empty.
  Time next_time() const {
    return heap_.empty() ? std::numeric_limits<Time>::infinity() : heap_.front().time;
  }

  [[gnu::always_inline]] void push(const KeyedEvent& e) {
    const std::uint64_t day = day_of(e.time);
    if (day <= day_) {
      push_near(e);
    } else {
      if (day >= buckets_.size()) buckets_.resize(day + 1);
      buckets_[day].push_back(e);
      ++far_;
      if (heap_.empty()) pull();  // keep the earliest event in the heap
    }
  }

  /// Takes the earliest event. The hole at the root goes down to a leaf along the smaller
  /// children (3 comparisons a level, none against the element that fills it), then the last
  /// element, usually a late one, moves up from there: fewer comparisons than a plain sift-down.
  KeyedEvent pop() {
    const KeyedEvent first = heap_.front();
    const KeyedEvent last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) {
      if (far_ > 0) pull();
      return first;
    }
    std::size_t i = 0;
    for (;;) {
      const std::size_t best = heap_smallest_child(heap_, i, n);
      if (best == 0) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = last;
    sift_up(i);
    if (heap_.empty() && far_ > 0) pull();
    return first;
  }

  /// Empties the queue, returning its events in no particular order.
  std::vector<KeyedEvent> take_all() {
    std::vector<KeyedEvent> out;
    out.swap(heap_);
    for (std::vector<KeyedEvent>& bucket : buckets_) {
      out.insert(out.end(), bucket.begin(), bucket.end());
      bucket = {};
    }
    far_ = 0;
    return out;
  }

 private:
  /// Events from this many days on share the last bucket (clocks far beyond any horizon); once
  /// it is current, the heap holds everything. Bounds the bucket index at 100 kB per queue.
  static constexpr std::uint64_t max_days = 4096;

  static std::uint64_t day_of(Time t) {
    return t < static_cast<Time>(max_days) ? static_cast<std::uint64_t>(t) : max_days;
  }

  void push_near(const KeyedEvent& e) {
    heap_.push_back(e);
    sift_up(heap_.size() - 1);
  }

  /// The heap ran dry: the next non-empty day becomes the current one.
  void pull() {
    do ++day_;
    while (buckets_[day_].empty());
    std::vector<KeyedEvent> bucket;
    bucket.swap(buckets_[day_]);
    far_ -= bucket.size();
    for (const KeyedEvent& e : bucket) push_near(e);
  }

  void sift_up(std::size_t i) { heap_sift_up(heap_, i); }

  std::vector<KeyedEvent> heap_;                  ///< events of days <= day_
  std::vector<std::vector<KeyedEvent>> buckets_;  ///< events of later days, by day
  std::uint64_t day_ = 0;                         ///< the current day (whole days of time)
  std::size_t far_ = 0;                           ///< events in buckets_
};

/// Fixed partition of agents into blocks, independent of the thread count: agents
/// [0, members) in consecutive runs of 2^shift, then each hub agent (e.g. a brand) a block of
/// its own, since hubs are hot and talk to everyone.
struct BlockMap {
  NodeId members = 0;
  std::uint32_t shift = 0;
  std::uint32_t member_blocks = 0;
  std::uint32_t blocks = 0;

  /// About `target` blocks of members, each of at least `min_block` members when there are
  /// enough (a block costs a visit every window and a fan-out event per brand post, which small
  /// populations cannot repay), plus `hubs` hub blocks.
  static BlockMap make(NodeId members, std::uint32_t hubs, std::uint32_t target = 64,
                       std::uint32_t min_block = 512) {
    BlockMap map;
    map.members = members;
    while (map.shift < 31 && ((std::uint64_t{members} >> map.shift) >= target ||
                              (std::uint64_t{1} << map.shift) < min_block))
      ++map.shift;
    map.member_blocks =
        members == 0 ? 0
                     : static_cast<std::uint32_t>(((std::uint64_t{members} - 1) >> map.shift) + 1);
    map.blocks = map.member_blocks + hubs;
    return map;
  }
  std::uint32_t of(NodeId agent) const {
    return agent < members ? agent >> shift : member_blocks + (agent - members);
  }
};

/// What a handler sees: the clock, the block of the event's agent, and the way to schedule.
/// Events for another agent must lie at least `lookahead` days ahead (the model's minimum
/// delay); a closer one is a model bug that both engines report after the event.
class EventContext {
 public:
  Time now() const { return now_; }
  /// Block of the agent whose event is being handled (indexes per-block partial results).
  std::uint32_t block() const { return block_; }

  /// Schedules an event at absolute time `t` (>= now).
  [[gnu::always_inline]] void at(Time t, std::uint8_t priority, NodeId agent,
                                 std::uint64_t payload = 0) {
    assert(t >= now_ && !std::isnan(t) && !std::signbit(t) &&
           "an event cannot be scheduled in the past (or at -0.0)");
    const KeyedEvent e{t, KeyedEvent::make_key(priority, agent), payload};
    if (agent != agent_ && !(t >= horizon_)) violation_ = true;
    if (outboxes_ == nullptr) {
      if (route_ != nullptr) {
        (*route_)[map_->of(agent)].push(e);  // set-up for the window engine
        return;
      }
      local_->push(e);
      return;
    }
    const std::uint32_t dest = map_->of(agent);
    if (dest == block_) {
      local_->push(e);
    } else {
      (*outboxes_)[dest].push_back(e);
      touched_[dest >> 6] |= std::uint64_t{1} << (dest & 63);
      sent_min_ = std::min(sent_min_, t);
    }
  }
  /// Schedules an event `delay` days from now.
  void after(Time delay, std::uint8_t priority, NodeId agent, std::uint64_t payload = 0) {
    at(now_ + delay, priority, agent, payload);
  }

  /// For set-up (before the run): every event lands in `queue`, no lookahead check.
  static EventContext setup(KeyedQueue& queue) {
    EventContext ctx;
    ctx.local_ = &queue;
    ctx.agent_ = std::numeric_limits<NodeId>::max();
    ctx.horizon_ = -std::numeric_limits<Time>::infinity();
    return ctx;
  }
  /// For set-up: every event lands in its block's queue.
  static EventContext setup(std::vector<KeyedQueue>& queues, const BlockMap& map) {
    EventContext ctx;
    ctx.route_ = &queues;
    ctx.map_ = &map;
    ctx.agent_ = std::numeric_limits<NodeId>::max();
    ctx.horizon_ = -std::numeric_limits<Time>::infinity();
    return ctx;
  }

 private:
  template <class M, class O>
  friend class SequentialEngine;
  template <class M>
  friend class WindowEngine;

  void begin(const KeyedEvent& e, Time lookahead) {
    now_ = e.time;
    agent_ = e.agent();
    horizon_ = e.time + lookahead;
  }

  Time now_ = 0;
  Time horizon_ = 0;  ///< now + lookahead: the earliest time allowed for another agent
  NodeId agent_ = 0;
  std::uint32_t block_ = 0;
  bool violation_ = false;
  KeyedQueue* local_ = nullptr;
  std::vector<std::vector<KeyedEvent>>* outboxes_ = nullptr;  ///< per destination block
  std::uint64_t* touched_ = nullptr;  ///< bit per destination block whose outbox is not empty
  std::vector<KeyedQueue>* route_ = nullptr;  ///< set-up only: queues by block
  const BlockMap* map_ = nullptr;
  Time sent_min_ = std::numeric_limits<Time>::infinity();
};

/// A model the keyed engines can run. Its handlers draw random numbers from streams keyed by the
/// agent (never from a shared stream), write only the state of the event's agent (and partial
/// sums of the context's block), and give every event for another agent a delay of at least
/// `lookahead()` days. Then the run depends on no processing order but the events' own.
template <class M>
concept KeyedModel = requires(M& model, const M& cmodel, const KeyedEvent& event, EventContext& ctx,
                              SeriesRecorder& recorder) {
  { model.handle(event, ctx) } -> std::same_as<bool>;
  cmodel.observe(recorder);
  { cmodel.block_map() } -> std::same_as<const BlockMap&>;
  { cmodel.lookahead() } -> std::convertible_to<Time>;
};

namespace detail {

/// Lets the model ask for the state `event` will touch, so it loads while the event before is
/// handled (a model without `prefetch` skips it). Always inlined: GCC drops calls to functions
/// that only prefetch, as free of side effects.
template <class M>
[[gnu::always_inline]] inline void prefetch_state(const M& model, const KeyedEvent& event) {
  if constexpr (requires { model.prefetch(event); }) model.prefetch(event);
}

[[noreturn]] inline void report_lookahead_violation(Time lookahead) {
  throw std::logic_error(
      "model bug: a handler scheduled an event for another agent less than "
      "the minimum delay (" +
      std::to_string(lookahead) + " d) ahead; the parallel engine would not be exact");
}

}  // namespace detail

/// The sequential engine for keyed models: one heap, events popped in their total order, the
/// same sampling, event limit and stop rules as Engine. It is the reference the parallel engine
/// must reproduce bit for bit. An observer (tests) sees every event as Engine's does.
template <class M, class O = NoObserver>
class SequentialEngine {
 public:
  /// `queue` holds the events the model scheduled at set-up.
  SequentialEngine(M& model, KeyedQueue& queue, O observer = O{})
      : model_(model), queue_(queue), observer_(observer) {}
  O& observer() { return observer_; }

  EngineResult run(const TimeGrid& grid, std::vector<double>& series, std::size_t metrics,
                   std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max(),
                   const std::atomic<int>* stop = nullptr) requires KeyedModel<M> {
    RunProtocol protocol(grid, series, metrics, max_events, stop);
    EngineResult result;
    const Time lookahead = model_.lookahead();
    const BlockMap& map = model_.block_map();
    EventContext ctx;
    ctx.local_ = &queue_;
    while (!queue_.empty()) {
      const Time t = queue_.top().time;
      if (!protocol.admit(t, model_, result)) break;
      const KeyedEvent event = queue_.pop();
      if (!queue_.empty()) detail::prefetch_state(model_, queue_.top());
      ctx.begin(event, lookahead);
      ctx.block_ = map.of(event.agent());
      ++result.popped;
      if constexpr (requires { observer_.before_event(event); }) observer_.before_event(event);
      const bool changed = model_.handle(event, ctx);
      if constexpr (requires { observer_.on_event(event, changed); })
        observer_.on_event(event, changed);
      if (changed) {
        result.last_change = event.time;
        ++result.events;
      }
      if (ctx.violation_) detail::report_lookahead_violation(lookahead);
    }
    protocol.finish(result, model_);
    return result;
  }

 private:
  M& model_;
  KeyedQueue& queue_;
  O observer_;
};

/// A barrier for a few threads. Windows are short (tens of events, microseconds), so waiting
/// threads spin; after a while they yield, in case the partner lost its core on a shared machine.
/// (Sleeping on a futex instead was measured 4x slower: wake-ups cost more than windows.)
class SpinBarrier {
 public:
  explicit SpinBarrier(unsigned parties) : parties_(parties) {}
  void wait() {
    const std::uint32_t gen = generation_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == parties_) {
      arrived_.store(0, std::memory_order_relaxed);
      generation_.store(gen + 1, std::memory_order_release);
      return;
    }
    for (unsigned spins = 0; generation_.load(std::memory_order_acquire) == gen; ++spins)
      if (spins >= spin_limit) std::this_thread::yield();
  }

 private:
  static constexpr unsigned spin_limit = 2048;

  alignas(64) std::atomic<std::uint32_t> arrived_{0};
  alignas(64) std::atomic<std::uint32_t> generation_{0};
  unsigned parties_;
};

/// The parallel engine: conservative time windows. Each block of agents keeps its own heap. A
/// window [T, min(T + lookahead, just after the next sample time)) starts at the earliest pending
/// time T; since an event for another agent is at least `lookahead` ahead of its cause, nothing
/// a window schedules for another block falls inside it, so blocks run the window independently
/// (each in its own event order) and their cross-block events wait in outboxes until the window
/// ends. Every block thus handles the same events in the same order as under SequentialEngine,
/// and the model's per-block partial sums are combined in block order: the run is bit-identical
/// for any thread count. Threads own fixed ranges of blocks; one barrier per window.
template <class M>
class WindowEngine {
 public:
  /// `threads` >= 1. The model schedules its first events through setup().
  WindowEngine(M& model, unsigned threads)
      : model_(model), map_(model.block_map()), threads_(std::max(1u, threads)) {
    threads_ = std::min<unsigned>(threads_, std::max<std::uint32_t>(1, map_.blocks));
    heaps_.resize(map_.blocks);
  }
  /// `setup` holds the events the model scheduled at set-up.
  WindowEngine(M& model, KeyedQueue& setup, unsigned threads) : WindowEngine(model, threads) {
    for (const KeyedEvent& e : setup.take_all()) heaps_[map_.of(e.agent())].push(e);
  }
  /// Where the model schedules its first events: straight into the blocks' queues.
  EventContext setup() { return EventContext::setup(heaps_, map_); }

  EngineResult run(const TimeGrid& grid, std::vector<double>& series, std::size_t metrics,
                   std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max(),
                   const std::atomic<int>* stop = nullptr) requires KeyedModel<M> {
    grid_ = &grid;
    lookahead_ = model_.lookahead();
    if (!(lookahead_ > 0))
      throw std::invalid_argument("the window engine needs a positive minimum delay");
    protocol_.emplace(grid, series, metrics, max_events, stop);
    workers_ = std::vector<Worker>(threads_);
    owner_.assign(map_.blocks, 0);
    const std::size_t words = (map_.blocks + 63) / 64;
    for (unsigned t = 0; t < threads_; ++t) {
      Worker& w = workers_[t];
      // Member blocks split evenly; hub blocks go round-robin from the last thread (the first
      // thread also records the samples).
      const auto first =
          static_cast<std::uint32_t>(std::uint64_t{map_.member_blocks} * t / threads_);
      const auto last =
          static_cast<std::uint32_t>(std::uint64_t{map_.member_blocks} * (t + 1) / threads_);
      for (std::uint32_t b = first; b < last; ++b) w.blocks.push_back(b);
      for (std::uint32_t h = 0; h < map_.blocks - map_.member_blocks; ++h)
        if ((threads_ - 1 - h % threads_) == t) w.blocks.push_back(map_.member_blocks + h);
      for (std::uint32_t b : w.blocks) {
        owner_[b] = t;
        w.next.push_back(heaps_[b].next_time());
      }
      for (auto& parity : w.outboxes) parity.assign(map_.blocks, {});
      for (auto& parity : w.touched) parity.assign(words, 0);
    }
    Time first = std::numeric_limits<Time>::infinity();
    for (const KeyedQueue& q : heaps_) first = std::min(first, q.next_time());
    first_start_ = first;
    if (!protocol_->beyond_horizon(first)) protocol_->sample_before(first, model_);
    SpinBarrier barrier(threads_);  // with one thread, a counter that never waits
    barrier_ = &barrier;
    // Threads of their own, not TBB tasks, although a run itself is a TBB task: the barrier needs
    // every party running at once, which TBB does not promise for tasks (they may wait behind
    // each other on one worker, and the barrier would never open). The runner gives a run more
    // than one thread only from cores no other run of the invocation uses, so they do not
    // oversubscribe the machine.
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads_; ++t) helpers.emplace_back([this, t] { loop(t); });
    loop(0);
    for (std::thread& h : helpers) h.join();

    EngineResult result;
    bool violation = false;
    for (const Worker& w : workers_) {
      result.events += w.events;
      result.popped += w.popped;
      result.last_change = std::max(result.last_change, w.last_change);
      violation = violation || w.reports[0].violation || w.reports[1].violation;
    }
    if (violation) detail::report_lookahead_violation(lookahead_);
    result.status = status_;
    protocol_->finish(result, model_);
    return result;
  }

 private:
  /// What a thread tells the others at the end of a window (double-buffered by window parity,
  /// so a thread may start the next window while the others still read).
  struct Report {
    Time next = 0;             ///< earliest pending time over own blocks and own sends
    std::uint64_t events = 0;  ///< state changes so far
    bool violation = false;
    bool stop = false;  ///< thread 0 only: the stop request as read once for everyone
  };
  struct alignas(64) Worker {
    std::vector<std::uint32_t> blocks;  ///< the blocks this thread runs
    std::vector<Time> next;             ///< their earliest pending times (compact: scanned often)
    /// Cross-block events by destination block, double-buffered by window parity: the events
    /// of window w are read by their destinations at the start of window w + 1. `touched` marks
    /// the non-empty ones, so a window costs nothing for quiet blocks.
    std::vector<std::vector<KeyedEvent>> outboxes[2];
    std::vector<std::uint64_t> touched[2];
    Report reports[2];
    std::uint64_t events = 0, popped = 0;
    Time last_change = 0;
  };

  /// Runs block b's events with time < end; returns its next pending time.
  Time run_block(std::uint32_t b, Time end, Worker& w, EventContext& ctx) {
    KeyedQueue& q = heaps_[b];
    ctx.block_ = b;
    ctx.local_ = &q;
    while (!q.empty() && q.top().time < end) {
      const KeyedEvent event = q.pop();
      // The next event's state loads while this one is handled (blocks' state is too large
      // for the cache between visits: a window holds about one event per visited block).
      if (!q.empty()) detail::prefetch_state(model_, q.top());
      ctx.begin(event, lookahead_);
      ++w.popped;
      if (model_.handle(event, ctx)) {
        w.last_change = event.time;
        ++w.events;
      }
    }
    return q.next_time();
  }

  /// One thread's share of every window. Every thread takes the same decisions from the reports
  /// read after the barrier, so all leave the loop together; thread 0 keeps the sample index
  /// and the status for run().
  void loop(unsigned t) {
    Worker& w = workers_[t];
    const TimeGrid& grid = *grid_;
    const std::size_t times = grid.times.size();
    const std::size_t mine_count = w.blocks.size();
    std::vector<std::uint32_t> slot(map_.blocks, 0);  // block -> index in w.blocks
    for (std::size_t j = 0; j < mine_count; ++j) slot[w.blocks[j]] = static_cast<std::uint32_t>(j);
    EventContext ctx;
    ctx.map_ = &map_;
    unsigned parity = 0;
    Time start = first_start_;
    std::size_t k = protocol_->next_sample();
    bool violation = false;
    for (std::uint64_t window = 0; start <= grid.end; ++window) {
      Time end = start + lookahead_;
      if (k < times)
        end = std::min(end, std::nextafter(grid.times[k], std::numeric_limits<Time>::infinity()));
      // Take in the events other blocks sent to mine during the previous window.
      const unsigned in = parity ^ 1u;
      for (Worker& source : workers_) {
        const std::vector<std::uint64_t>& touched = source.touched[in];
        for (std::size_t word = 0; word < touched.size(); ++word) {
          for (std::uint64_t bits = touched[word]; bits != 0; bits &= bits - 1) {
            const auto b = static_cast<std::uint32_t>(
                word * 64 + static_cast<unsigned>(std::countr_zero(bits)));
            if (owner_[b] != t) continue;
            std::vector<KeyedEvent>& box = source.outboxes[in][b];
            KeyedQueue& q = heaps_[b];
            for (const KeyedEvent& e : box) q.push(e);
            box.clear();
            w.next[slot[b]] = q.next_time();
          }
        }
      }
      // My outboxes of this parity were emptied by their readers during the last window.
      std::fill(w.touched[parity].begin(), w.touched[parity].end(), 0);
      ctx.outboxes_ = &w.outboxes[parity];
      ctx.touched_ = w.touched[parity].data();
      ctx.sent_min_ = std::numeric_limits<Time>::infinity();
      Time next = std::numeric_limits<Time>::infinity();
      // Visits the blocks with events in the window, asking ahead for what the next visits
      // read first: the heap's root two visits ahead, the state of the earliest event one
      // visit ahead (its root was asked for a visit earlier). Running a block changes no other
      // block's next time (events for other blocks go to the outboxes).
      auto next_due = [&](std::size_t from) {
        while (from < mine_count && !(w.next[from] < end)) ++from;
        return from;
      };
      std::size_t now_j = next_due(0);
      std::size_t next_j = next_due(now_j + 1);
      if (next_j < mine_count) heaps_[w.blocks[next_j]].prefetch_top();
      while (now_j < mine_count) {
        const std::size_t after_j = next_due(next_j + 1);
        if (after_j < mine_count) heaps_[w.blocks[after_j]].prefetch_top();
        if (next_j < mine_count) {
          const KeyedQueue& upcoming = heaps_[w.blocks[next_j]];
          if (!upcoming.empty()) detail::prefetch_state(model_, upcoming.top());
        }
        w.next[now_j] = run_block(w.blocks[now_j], end, w, ctx);
        now_j = next_j;
        next_j = after_j;
      }
      for (std::size_t j = 0; j < mine_count; ++j) next = std::min(next, w.next[j]);
      Report& mine = w.reports[parity];
      mine.next = std::min(next, ctx.sent_min_);
      mine.events = w.events;
      mine.violation = violation = violation || ctx.violation_;
      if (t == 0) mine.stop = (window & 15) == 0 && protocol_->stop_requested();
      barrier_->wait();

      std::uint64_t events = 0;
      bool any_violation = false;
      start = std::numeric_limits<Time>::infinity();
      for (const Worker& other : workers_) {
        const Report& r = other.reports[parity];
        start = std::min(start, r.next);
        events += r.events;
        any_violation = any_violation || r.violation;
      }
      const bool stop = workers_[0].reports[parity].stop;
      parity ^= 1u;
      if (any_violation) return;  // run() reports it
      // Samples before the next event are final: thread 0 records them while the others wait.
      std::size_t due = k;
      const Time before = start <= grid.end ? start : std::numeric_limits<Time>::infinity();
      while (due < times && grid.times[due] < before) ++due;
      if (due > k) {
        if (t == 0) protocol_->sample_until(due, model_);
        k = due;
        barrier_->wait();
      }
      if (start > grid.end) return;
      if (protocol_->limit_reached(events)) {
        if (t == 0) status_ = RunStatus::truncated;
        return;
      }
      if (stop) {
        if (t == 0) status_ = RunStatus::pending;
        return;
      }
    }
  }

  M& model_;
  BlockMap map_;
  unsigned threads_;
  std::vector<KeyedQueue> heaps_;
  std::vector<Worker> workers_;
  std::vector<std::uint32_t> owner_;  ///< thread that runs each block
  const TimeGrid* grid_ = nullptr;
  Time lookahead_ = 0;
  std::optional<RunProtocol> protocol_;  ///< samples written by thread 0 only
  SpinBarrier* barrier_ = nullptr;
  Time first_start_ = 0;
  RunStatus status_ = RunStatus::done;  ///< thread 0
};

/// Runs a keyed model on the engine that pays; both give the same result, so the choice is
/// speed alone and belongs to the engines, not to the model. The window engine needs windows of
/// positive width and whole windows: a zero minimum delay, or an event limit (which may fall
/// inside a window), runs on the sequential engine. On one thread the window engine pays off
/// only for large populations, where running block by block keeps the agents it touches near in
/// memory; on small ones its per-window cost (every block visited once a window) dominates:
/// 2.2x slower at 2,000 agents, 1.2x at 20,000 (wom). `start(setup)` schedules the model's first
/// events.
template <class M, class Start>
EngineResult run_keyed_model(M& model, const RunInput& input, std::vector<double>& series,
                             std::size_t metrics, Start&& start) requires KeyedModel<M> {
  constexpr NodeId window_engine_from = 200'000;
  const bool windows_pay = input.run_threads > 1 || model.block_map().members >= window_engine_from;
  if (windows_pay && model.lookahead() > 0 &&
      input.max_events == std::numeric_limits<std::uint64_t>::max()) {
    WindowEngine engine(model, std::max(1u, input.run_threads));
    EventContext setup = engine.setup();
    start(setup);
    return engine.run(*input.grid, series, metrics, input.max_events, input.stop);
  }
  KeyedQueue queue;
  EventContext setup = EventContext::setup(queue);
  start(setup);
  SequentialEngine engine(model, queue);
  return engine.run(*input.grid, series, metrics, input.max_events, input.stop);
}

}  // namespace hearsay
