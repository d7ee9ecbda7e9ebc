// The pending-event set pops in strict (time, priority, insertion) order.
#include "sim/engine/event_queue.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "sim/core/rng.hpp"

using namespace hearsay;

TEST_CASE("event queue: pops in time order", "[queue]") {
  EventQueue q;
  RandomStream rng(1, 1);
  std::vector<double> times;
  for (int i = 0; i < 10000; ++i) {
    times.push_back(rng.uniform() * 100);
    q.push(times.back(), 0, static_cast<NodeId>(i), 0);
  }
  std::sort(times.begin(), times.end());
  for (double t : times) {
    REQUIRE_FALSE(q.empty());
    REQUIRE(q.pop().time == t);
  }
  REQUIRE(q.empty());
}

TEST_CASE("event queue: equal times break ties by priority, then insertion order", "[queue]") {
  EventQueue q;
  q.push(1.0, 2, 10, 0);
  q.push(1.0, 1, 11, 0);
  q.push(1.0, 2, 12, 0);
  q.push(0.5, 9, 13, 0);
  q.push(1.0, 1, 14, 0);
  std::vector<NodeId> order;
  while (!q.empty()) order.push_back(q.pop().agent);
  REQUIRE(order == std::vector<NodeId>{13, 11, 14, 10, 12});
}

TEST_CASE("event queue: interleaved pushes and pops keep the order", "[queue]") {
  EventQueue q;
  RandomStream rng(2, 1);
  double now = 0;
  std::uint64_t popped = 0;
  for (int i = 0; i < 1000; ++i) q.push(rng.uniform(), 0, 0, 0);
  while (!q.empty() && popped < 100000) {
    const Event e = q.pop();
    REQUIRE(e.time >= now);
    now = e.time;
    ++popped;
    if (rng.uniform() < 0.5) q.push(now + rng.exponential(1.0), 0, 0, 0);
    if (rng.uniform() < 0.49) q.push(now + rng.exponential(2.0), 1, 0, 0);
  }
  REQUIRE(popped > 1000);
}

TEST_CASE("event queue: an event keeps its payload and priority", "[queue]") {
  EventQueue q;
  q.push(3.0, 7, 42, 99);
  const Event e = q.pop();
  REQUIRE(e.agent == 42);
  REQUIRE(e.data == 99);
  REQUIRE(e.priority() == 7);
  REQUIRE(sizeof(Event) == 24);
}
