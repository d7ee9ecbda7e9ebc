// Benchmark: Markov SIR on Barabasi-Albert networks; prints events/s and peak memory.
// Usage: hearsay_bench_sir NODES [REPLICATIONS] [hearsay|textbook]
// `textbook` is the baseline: a std::priority_queue of (time, node, kind) with the same algorithm,
// measured in the same process run so the two figures compare on the same machine and load.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <queue>
#include <string>
#include <vector>

#include "models/sir/sir.hpp"
#include "sim/generators.hpp"
#include "sim/rng.hpp"
#include "sim/seeding.hpp"

using namespace hearsay;

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

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
    if (e.kind == 1) {
      state[e.node] = 2;
      ++events;
      continue;
    }
    if (state[e.node] != 0 || e.time != pred[e.node]) continue;
    state[e.node] = 1;
    ++events;
    const double rec = e.time + rng.exponential(1.0);
    queue.push({rec, e.node, 1});
    for (NodeId u : net.neighbours(e.node)) {
      if (state[u] != 0) continue;
      const double t = e.time + rng.exponential(0.3);
      if (t < rec && t < pred[u]) {
        pred[u] = t;
        queue.push({t, u, 0});
      }
    }
  }
  return events;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s NODES [REPLICATIONS] [hearsay|textbook]\n", argv[0]);
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
  for (int r = 0; r < reps; ++r) {
    const std::uint64_t seed = derive_seed(2026, 2, static_cast<std::uint64_t>(r));
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t e = impl == "textbook" ? run_textbook(net, seed) : run_hearsay(net, seed);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    events += e;
    seconds += s;
    rates.push_back(static_cast<double>(e) / s);
  }
  std::sort(rates.begin(), rates.end());
  std::printf("impl=%s nodes=%llu edges=%llu build_s=%.3f reps=%d events_per_run=%.0f "
              "median_events_per_s=%.0f peak_rss_mb=%.1f\n",
              impl.c_str(), static_cast<unsigned long long>(net.nodes()),
              static_cast<unsigned long long>(net.edges()), build, reps,
              static_cast<double>(events) / reps, rates[rates.size() / 2], peak_rss_mb());
  return 0;
}
