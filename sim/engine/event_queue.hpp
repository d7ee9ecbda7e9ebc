// The pending-event set: a 4-ary min-heap of small events under a strict total order.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/types.hpp"

namespace hearsay {

/// One scheduled event. The order is (time, priority, sequence): the sequence number is unique
/// within a run, so no two events compare equal and a run never depends on memory addresses.
struct Event {
  Time time;            ///< when it happens, days
  std::uint64_t order;  ///< priority in the top 8 bits, insertion sequence in the low 56
  NodeId agent;         ///< the agent whose state the event may change
  std::uint32_t data;   ///< model-defined payload (kind, source agent, epoch...)

  std::uint8_t priority() const { return static_cast<std::uint8_t>(order >> 56); }

  friend bool operator<(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
  }
};

/// Moves heap[i] up a 4-ary min-heap (children of k at 4k + 1 .. 4k + 4) to its place under T's
/// operator<: the one sift-up of every hearsay heap.
template <class T>
void heap_sift_up(std::vector<T>& heap, std::size_t i) {
  constexpr std::size_t arity = 4;
  const T e = heap[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / arity;
    if (!(e < heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = e;
}

/// The smallest child of node i in a 4-ary min-heap of n elements (children of k at 4k + 1 ..
/// 4k + 4), or 0 when i has none (0 is nobody's child): the one step down of every hearsay heap.
template <class T>
std::size_t heap_smallest_child(const std::vector<T>& heap, std::size_t i, std::size_t n) {
  constexpr std::size_t arity = 4;
  const std::size_t first = i * arity + 1;
  if (first >= n) return 0;
  std::size_t best = first;
  const std::size_t end = first + arity < n ? first + arity : n;
  for (std::size_t c = first + 1; c < end; ++c)
    if (heap[c] < heap[best]) best = c;
  return best;
}

/// A 4-ary min-heap: shallower than a binary heap, children of a node share a cache line.
class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  void clear() {
    heap_.clear();
    sequence_ = 0;
  }

  /// Schedules an event; `priority` breaks ties at equal times (lower first).
  void push(Time time, std::uint8_t priority, NodeId agent, std::uint32_t data) {
    const std::uint64_t order = (static_cast<std::uint64_t>(priority) << 56) | sequence_++;
    heap_.push_back(Event{time, order, agent, data});
    sift_up(heap_.size() - 1);
  }

  Event pop() {
    Event first = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return first;
  }

 private:
  void sift_up(std::size_t i) { heap_sift_up(heap_, i); }

  void sift_down(const Event& e) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    while (true) {
      const std::size_t best = heap_smallest_child(heap_, i, n);
      if (best == 0 || !(heap_[best] < e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  std::uint64_t sequence_ = 0;
};

}  // namespace hearsay
