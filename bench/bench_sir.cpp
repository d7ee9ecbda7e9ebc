// Benchmark: Markov SIR on Barabasi-Albert networks; prints events/s and peak memory.
// Usage: hearsay_bench_sir NODES [REPLICATIONS] [hearsay|textbook|calendar]
// Two baselines, each run like hearsay in its own process on the same network and seeds:
// `textbook`, a std::priority_queue of (time, node, kind) with the same algorithm, the loop most
// C++ codes start from; `calendar`, the same loop tuned: flat arrays, a sorted calendar queue,
// prefetching. Rates are events (infections + recoveries) per second of wall time and of thread
// CPU time (which leaves out waiting for a core on a shared machine).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <span>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "models/sir/sir.hpp"
#include "sim/core/rng.hpp"
#include "sim/model/seeding.hpp"
#include "sim/network/generators.hpp"

using namespace hearsay;

namespace {

/// CPU time of this thread, s: on a shared machine it leaves out the time the thread waits for a
/// core (cache and memory contention still count).
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

using bench::peak_rss_mb;

std::vector<NodeId> ten_seeds(const Network& net, std::uint64_t seed) {
  SeedingSpec spec;
  spec.count = 10;
  RandomStream rng(seed, StreamPurpose::seeding);
  return choose_seeds(spec, &net, net.nodes(), rng);
}

/// hearsay's sir model through its registry entry (what the CLI runs), run to extinction.
std::uint64_t run_hearsay(const Network& net, std::uint64_t seed) {
  const ModelEntry& sir = models::sir::entry();
  ParamValues params = default_values(sir.info.params);
  params.set("beta", 0.3);
  params.set("gamma", 1.0);
  const TimeGrid grid = make_time_grid(1e9, 1e9);
  const std::vector<NodeId> seeds = ten_seeds(net, seed);
  RunInput input;
  input.network = &net;
  input.params = &params;
  input.seeds = seeds;
  input.grid = &grid;
  input.seed = seed;
  return sir.run(input).events;
}

/// One event of the baselines' fast_SIR (beta 0.3, gamma 1): a recovery (kind 1), or an
/// infection (kind 0) that is stale unless it is the agent's earliest and the agent is still
/// susceptible, and otherwise queues the agent's recovery and each susceptible neighbour's
/// transmission that would come first, through `push`. `before_ties(neighbours)` runs before
/// the ties are drawn (the calendar loop prefetches there). Returns the state changes (0 or 1).
template <class Item, class State, class Push, class BeforeTies>
std::uint64_t fast_sir_step(const Item& e, const Network& net, std::vector<State>& state,
                            std::vector<double>& pred, RandomStream& rng, Push&& push,
                            BeforeTies&& before_ties) {
  if (e.kind == 1) {
    state[e.node] = 2;
    return 1;
  }
  if (state[e.node] != 0 || e.time != pred[e.node]) return 0;
  state[e.node] = 1;
  const double rec = e.time + rng.exponential(1.0);
  push({rec, e.node, 1});
  const auto nbrs = net.neighbours(e.node);
  before_ties(nbrs);
  for (NodeId u : nbrs) {
    if (state[u] != 0) continue;
    const double t = e.time + rng.exponential(0.3);
    if (t < rec && t < pred[u]) {
      pred[u] = t;
      push({t, u, 0});
    }
  }
  return 1;
}

/// Textbook baseline: binary heap of (time, node, kind), the same fast_SIR algorithm.
std::uint64_t run_textbook(const Network& net, std::uint64_t seed) {
  struct Item {
    double time;
    NodeId node;
    int kind;
    bool operator>(const Item& o) const { return time > o.time; }
  };
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  std::vector<int> state(net.nodes(), 0);
  std::vector<double> pred(net.nodes(), 1e300);
  RandomStream rng(seed, StreamPurpose::dynamics);
  for (NodeId v : ten_seeds(net, seed)) {
    pred[v] = 0;
    queue.push({0.0, v, 0});
  }
  std::uint64_t events = 0;
  while (!queue.empty()) {
    const Item e = queue.top();
    queue.pop();
    events += fast_sir_step(
        e, net, state, pred, rng, [&](const Item& item) { queue.push(item); },
        [](std::span<const NodeId>) {});
  }
  return events;
}

/// Second baseline, the tuned C++ loop: the textbook algorithm (recoveries are queue events,
/// a neighbour's state is read before its delay is drawn) on flat arrays and a calendar queue
/// of fixed-width buckets, each sorted when the clock reaches it, with prefetching of the next
/// events' state and adjacency. Written for this benchmark, independent of
/// sim/engine/calendar_queue.hpp.
std::uint64_t run_calendar(const Network& net, std::uint64_t seed) {
  struct Item {
    double time;
    NodeId node;
    std::uint32_t kind;  // 0 infection, 1 recovery
    bool operator>(const Item& o) const {
      return time > o.time ||
             (time == o.time && (kind > o.kind || (kind == o.kind && node > o.node)));
    }
  };
  // About 100 events per bucket-width of time per million nodes at the peak; a year of 16 days.
  const double width = 100.0 / static_cast<double>(net.nodes());
  std::size_t slots = 1;
  while (static_cast<double>(slots) * width < 16 && slots < (std::size_t{1} << 22)) slots *= 2;
  const std::size_t mask = slots - 1;
  std::vector<std::vector<Item>> ring(slots);
  std::vector<Item> ready;  // the current bucket, sorted descending: next at the back
  std::uint64_t day = 0;
  std::size_t size = 0;
  auto day_of = [&](double t) { return static_cast<std::uint64_t>(t / width); };
  auto push = [&](const Item& e) {
    ++size;
    if (day_of(e.time) <= day && !ready.empty()) {
      ready.insert(std::lower_bound(ready.begin(), ready.end(), e, std::greater<Item>{}), e);
    } else {
      ring[day_of(e.time) & mask].push_back(e);
    }
  };
  auto pop = [&]() {
    while (ready.empty()) {
      std::vector<Item>& slot = ring[day & mask];
      auto later = std::partition(slot.begin(), slot.end(),
                                  [&](const Item& e) { return day_of(e.time) != day; });
      if (later == slot.end()) {
        ++day;
        continue;
      }
      ready.assign(later, slot.end());
      slot.erase(later, slot.end());
      std::sort(ready.begin(), ready.end(), std::greater<Item>{});
    }
    const Item e = ready.back();
    ready.pop_back();
    --size;
    return e;
  };

  std::vector<std::uint8_t> state(net.nodes(), 0);
  std::vector<double> pred(net.nodes(), 1e300);
  const std::span<const std::uint64_t> offsets = net.offsets();
  const std::span<const NodeId> targets = net.targets();
  RandomStream rng(seed, StreamPurpose::dynamics);
  for (NodeId v : ten_seeds(net, seed)) {
    pred[v] = 0;
    push({0.0, v, 0});
  }
  std::uint64_t events = 0;
  while (size > 0) {
    const Item e = pop();
    for (std::size_t k = 1; k <= 4 && k <= ready.size(); ++k) {
      const NodeId w = ready[ready.size() - k].node;
      __builtin_prefetch(&state[w]);
      __builtin_prefetch(&pred[w]);
      __builtin_prefetch(&offsets[w]);
    }
    if (ready.size() >= 2) __builtin_prefetch(&targets[offsets[ready[ready.size() - 2].node]]);
    events += fast_sir_step(e, net, state, pred, rng, push, [&](std::span<const NodeId> nbrs) {
      for (NodeId u : nbrs) __builtin_prefetch(&state[u]);
    });
  }
  return events;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s NODES [REPLICATIONS] [hearsay|textbook|calendar]\n", argv[0]);
    return 2;
  }
  const auto nodes = static_cast<std::uint64_t>(std::atof(argv[1]));
  const int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string impl = argc > 3 ? argv[3] : "hearsay";

  ParamValues params;
  params.set("nodes", static_cast<double>(nodes));
  params.set("m", 5.0);
  RandomStream net_rng(derive_seed(2026, 1), StreamPurpose::network);
  const auto t0 = std::chrono::steady_clock::now();
  const Network net = generate_network("barabasi_albert", params, net_rng);
  const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::uint64_t events = 0;
  double seconds = 0;
  std::vector<double> rates;
  std::vector<double> cpu_rates;
  for (int r = 0; r < reps; ++r) {
    const std::uint64_t seed = derive_seed(2026, 2, static_cast<std::uint64_t>(r));
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    const std::uint64_t e = impl == "textbook"   ? run_textbook(net, seed)
                            : impl == "calendar" ? run_calendar(net, seed)
                                                 : run_hearsay(net, seed);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    cpu_rates.push_back(static_cast<double>(e) / (cpu_seconds() - cpu_start));
    events += e;
    seconds += s;
    rates.push_back(static_cast<double>(e) / s);
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  std::printf(
      "impl=%s nodes=%llu edges=%llu build_s=%.3f reps=%d events_per_run=%.0f "
      "median_events_per_s=%.0f median_events_per_cpu_s=%.0f peak_rss_mb=%.1f\n",
      impl.c_str(), static_cast<unsigned long long>(net.nodes()),
      static_cast<unsigned long long>(net.edges()), build, reps, static_cast<double>(events) / reps,
      rates[rates.size() / 2], cpu_rates[cpu_rates.size() / 2], peak_rss_mb());
  return 0;
}
