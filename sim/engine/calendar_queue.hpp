// A calendar queue (Brown 1988) with days sorted on demand: amortised O(1) push and pop for event
// sets whose items lie a few typical delays ahead of the clock.
#pragma once

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/types.hpp"

namespace hearsay {

/// A monotone priority queue: items are pushed at times >= 0 and >= the last popped time, and
/// popped in the strict total order of `Item::operator<`, which must order by `Item::time`
/// first, then by something unique, so the result never depends on insertion order or addresses.
///
/// Time is cut into "days" of `width` each; a ring of slots holds the days of one "year" (an item
/// goes to slot day mod slots, unsorted, in O(1)). When the clock reaches a day, its items move to
/// `ready_` and are sorted once; `ready_` is filled a few dozen items deep, so a pop is an index
/// increment and the caller can look ahead (`upcoming`) to prefetch what the next events will
/// touch. Items more than a year ahead wait in their slot. The ring grows fourfold when it holds
/// more than 16 items per slot, and shrinks fourfold when it has more than 16 slots per item
/// (a resize moves every item: steps of 4 rather than 2 halve the resizes, 6-8% faster on a
/// 1e6-agent SIR outbreak, where steps of 8 were slower); each resize sets the width to about 32
/// times the spacing of the earliest items, so the queue follows an epidemic's rise and fall
/// without tuning.
template <class Item>
class CalendarQueue {
 public:
  /// `width`: initial day length, days (> 0); it adapts when the ring resizes.
  explicit CalendarQueue(Time width = 1.0) { set_width(width); }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  /// Adds an item; its time must be >= the time of the last popped item.
  void push(const Item& item) {
    assert(item.time >= clock_);
    const std::uint64_t day = day_of(item.time);
    if (day < next_day_) [[unlikely]]
      insert_ready(item);
    else
      ring_[day & mask_].push_back(item);
    if (++size_ > grow_above * ring_.size() && ring_.size() < max_slots) [[unlikely]]
      resize(std::min(ring_.size() * 4, max_slots));
  }

  /// The earliest item; the queue must not be empty.
  const Item& top() {
    if (head_ == ready_.size()) top_up();
    return ready_[head_];
  }

  /// Removes and returns the earliest item; the queue must not be empty.
  Item pop() {
    if (head_ == ready_.size()) top_up();
    const Item item = ready_[head_++];
    clock_ = item.time;
    if (--size_ < ring_.size() / shrink_below && ring_.size() > min_slots)
      resize(std::max(ring_.size() / 4, min_slots));
    else if (ready_.size() - head_ == lookahead / 2 && size_ > lookahead / 2)
      top_up();  // keep items sorted ahead, so `upcoming` sees them
    return item;
  }

  /// The `k`-th item after the earliest among those already sorted, or null: a hint for
  /// prefetching, not a view of the whole order.
  const Item* upcoming(std::size_t k) const {
    return head_ + k < ready_.size() ? &ready_[head_ + k] : nullptr;
  }

  /// Starts loading the slot an item at `time` would go to, ahead of its push: on large queues
  /// that slot is a cache miss.
  void prefetch(Time time) const { __builtin_prefetch(&ring_[day_of(time) & mask_]); }

  /// Day length in use, days.
  Time width() const { return width_; }
  std::size_t slots() const { return ring_.size(); }

 private:
  static constexpr std::size_t min_slots = 64;
  static constexpr std::size_t max_slots = std::size_t{1} << 24;
  static constexpr std::size_t items_per_day = 32;  ///< target near the clock
  static constexpr std::size_t grow_above = 16;     ///< items per slot
  static constexpr std::size_t shrink_below = 16;   ///< slots per item: shrink when sparser
  static constexpr std::size_t lookahead = 32;      ///< sorted items `top_up` aims for
  // Days are clamped here so they stay integers; later items share the last day and are still
  // sorted when it is reached.
  static constexpr double max_day = 0x1.0p62;

  std::uint64_t day_of(Time t) const {
    const double d = t * inverse_width_;  // monotone in t, so days never invert the order
    return d < max_day ? static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(max_day);
  }

  void set_width(Time width) {
    width_ = width;
    inverse_width_ = 1.0 / width;
  }

  /// Puts an item of a day already moved to `ready_` in its sorted place. Rare with days much
  /// shorter than delays.
  void insert_ready(const Item& item) {
    if (head_ == ready_.size()) {
      ready_.clear();
      head_ = 0;
    }
    ready_.insert(
        std::upper_bound(ready_.begin() + static_cast<std::ptrdiff_t>(head_), ready_.end(), item),
        item);
  }

  /// Drops the popped items from `ready_` and appends the next days' items, each day sorted,
  /// until it holds 2 x `lookahead` items, the ring is empty, or a year of days was scanned
  /// (then it holds at least one item).
  void top_up() {
    assert(size_ > 0);
    ready_.erase(ready_.begin(), ready_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
    for (std::size_t scanned = 0; ready_.size() < 2 * lookahead && ready_.size() < size_;
         ++scanned) {
      if (scanned == ring_.size()) {
        if (!ready_.empty()) return;
        // A whole year without an item: jump straight to the earliest one.
        next_day_ = earliest_day();
        scanned = 0;
      }
      const std::uint64_t day = next_day_++;
      std::vector<Item>& slot = ring_[day & mask_];
      if (slot.empty()) continue;
      // This day's items go to `ready_`; later years' stay, closed up in one pass.
      const std::size_t from = ready_.size();
      auto kept = slot.begin();
      for (const Item& item : slot) {
        if (day_of(item.time) == day)
          ready_.push_back(item);
        else
          *kept++ = item;
      }
      slot.erase(kept, slot.end());
      std::sort(ready_.begin() + static_cast<std::ptrdiff_t>(from), ready_.end());
    }
  }

  std::uint64_t earliest_day() const {
    std::uint64_t day = std::numeric_limits<std::uint64_t>::max();
    for (const std::vector<Item>& slot : ring_)
      for (const Item& item : slot) day = std::min(day, day_of(item.time));
    return day;
  }

  /// Rebuilds the ring with `slots` slots and a day of about `items_per_day` times the mean
  /// spacing of the earliest items (Brown 1988 uses 3 for unsorted buckets; sorted days can
  /// be fuller, which makes fewer, larger slot visits).
  void resize(std::size_t slots) {
    std::vector<Item> all(ready_.begin() + static_cast<std::ptrdiff_t>(head_), ready_.end());
    all.reserve(size_);
    for (std::vector<Item>& slot : ring_) all.insert(all.end(), slot.begin(), slot.end());
    const std::size_t sample = std::min<std::size_t>(all.size() - 1, 1024);
    if (sample >= 64) {
      const auto nth = all.begin() + static_cast<std::ptrdiff_t>(sample);
      std::nth_element(all.begin(), nth, all.end());
      const Time first = std::min_element(all.begin(), nth)->time;
      const Time spacing = (nth->time - first) / static_cast<double>(sample);
      const Time width = static_cast<double>(items_per_day) * spacing;
      // Keep the old width if the items sit at one time, or days would be too short to be
      // distinct numbers at this clock.
      if (width > 0 && std::isfinite(width) && nth->time * 0x1.0p-40 < width) set_width(width);
    }
    // Fresh slots sized to what they get: slots never give memory back otherwise, and their
    // capacities would add up over the run's resizes.
    mask_ = slots - 1;
    std::vector<std::uint32_t> counts(slots, 0);
    for (const Item& item : all) ++counts[day_of(item.time) & mask_];
    ring_ = std::vector<std::vector<Item>>(slots);
    for (std::size_t i = 0; i < slots; ++i) ring_[i].reserve(2 * counts[i] + 4);
    for (const Item& item : all) ring_[day_of(item.time) & mask_].push_back(item);
    ready_.clear();
    head_ = 0;
    // Refill starts from the clock's day: pushes come no earlier than the clock.
    next_day_ = day_of(clock_);
  }

  std::vector<std::vector<Item>> ring_ = std::vector<std::vector<Item>>(min_slots);
  std::size_t mask_ = min_slots - 1;
  std::vector<Item> ready_;  ///< sorted items of the days before `next_day_`; next at `head_`
  std::size_t head_ = 0;
  std::uint64_t next_day_ = 0;  ///< the first day whose items are still in the ring
  Time clock_ = 0;              ///< time of the last popped item
  std::size_t size_ = 0;
  Time width_ = 1;
  double inverse_width_ = 1;
};

}  // namespace hearsay
