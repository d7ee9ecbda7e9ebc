// The calendar queue pops in the items' strict total order, whatever the mix of pushes and pops.
#include "sim/engine/calendar_queue.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "sim/core/rng.hpp"

using namespace hearsay;

namespace {

struct Item {
  Time time;
  std::uint32_t id;
  friend bool operator<(const Item& a, const Item& b) {
    return a.time < b.time || (a.time == b.time && a.id < b.id);
  }
  friend bool operator==(const Item& a, const Item& b) { return a.time == b.time && a.id == b.id; }
};

/// Runs `steps` random operations against std::set, pushing at now + delay(rng).
template <class Delay>
void check_against_set(std::uint64_t seed, int steps, double push_share, Delay delay) {
  CalendarQueue<Item> queue(0.01);
  std::set<Item> reference;
  RandomStream rng(seed, 1);
  Time now = 0;
  std::uint32_t next_id = 0;
  for (int step = 0; step < steps; ++step) {
    if (reference.empty() || rng.uniform() < push_share) {
      const Item item{now + delay(rng), next_id++};
      queue.push(item);
      reference.insert(item);
    } else {
      if (rng.uniform() < 0.3) REQUIRE(queue.top() == *reference.begin());  // a peek, then more
      const Item item = queue.pop();
      REQUIRE(item == *reference.begin());
      reference.erase(reference.begin());
      now = item.time;
    }
    REQUIRE(queue.size() == reference.size());
  }
  while (!reference.empty()) {
    REQUIRE(queue.pop() == *reference.begin());
    reference.erase(reference.begin());
  }
  REQUIRE(queue.empty());
}

}  // namespace

TEST_CASE("calendar queue: exponential delays, growing then draining", "[queue]") {
  check_against_set(1, 200000, 0.6, [](RandomStream& rng) { return rng.exponential(1.0); });
  check_against_set(2, 200000, 0.4, [](RandomStream& rng) { return rng.exponential(50.0); });
}

TEST_CASE("calendar queue: heavy tails, far-future items and equal times", "[queue]") {
  // Pareto delays put items many years of the ring ahead; a coarse grid makes ties common, where
  // the id decides.
  check_against_set(3, 100000, 0.55, [](RandomStream& rng) {
    const double u = rng.uniform_pos();
    return u < 0.01 ? 1e4 / u : std::floor(rng.uniform() * 4) * 0.25;
  });
  // Zero delays: pushes into the day being drained.
  check_against_set(4, 100000, 0.5, [](RandomStream& rng) {
    return rng.uniform() < 0.5 ? 0.0 : rng.exponential(3.0);
  });
}

TEST_CASE("calendar queue: a push before the peeked item after `top` moved ahead", "[queue]") {
  CalendarQueue<Item> queue(1.0);
  queue.push({0.5, 0});
  REQUIRE(queue.pop().time == 0.5);
  queue.push({100.0, 1});
  REQUIRE(queue.top().time == 100.0);  // the queue has looked ahead to day 100
  queue.push({2.0, 2});
  queue.push({0.5, 3});
  REQUIRE(queue.pop().id == 3);
  REQUIRE(queue.pop().id == 2);
  REQUIRE(queue.pop().id == 1);
  REQUIRE(queue.empty());
}

TEST_CASE("calendar queue: a burst at one time, then a long quiet spell", "[queue]") {
  CalendarQueue<Item> queue(1e-3);
  for (std::uint32_t i = 0; i < 5000; ++i) queue.push({0.0, 4999 - i});  // all at t = 0
  for (std::uint32_t i = 0; i < 5000; ++i) REQUIRE(queue.pop() == Item{0.0, i});
  queue.push({1e7, 7});
  queue.push({3.0, 8});
  REQUIRE(queue.pop().id == 8);
  REQUIRE(queue.pop().id == 7);
}
