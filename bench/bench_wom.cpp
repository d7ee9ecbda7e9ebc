// Benchmark: the wom model, hard sell against soft sell on a clustered network, one year.
// Usage: hearsay_bench_wom CONSUMERS [REPLICATIONS] [THREADS,...]; prints events/s and peak memory
// per within-run thread count (default 1), the counts interleaved replication by replication so
// a noisy machine hurts them alike, and each count's speed-up over the first. Count 0 is the
// sequential engine (one heap; an event limit that is never reached selects it).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "models/wom/wom.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

using namespace hearsay;

namespace {

using bench::peak_rss_mb;

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CONSUMERS [REPLICATIONS] [THREADS,...]\n", argv[0]);
    return 2;
  }
  const double consumers = std::atof(argv[1]);
  const int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  std::vector<unsigned> thread_counts;
  {
    std::stringstream list(argc > 3 ? argv[3] : "1");
    for (std::string item; std::getline(list, item, ',');)
      thread_counts.push_back(static_cast<unsigned>(std::atoi(item.c_str())));
  }
  const ModelEntry& model = models::wom::entry();

  ParamValues net_params;
  net_params.set("nodes", consumers);
  net_params.set("clique_size", 10.0);
  net_params.set("weak_ties", 6.0);
  net_params.set("strong_weight", 1.0);
  net_params.set("weak_weight", 0.3);
  RandomStream net_rng(derive_seed(2026, 1), StreamPurpose::network);
  const auto t0 = std::chrono::steady_clock::now();
  const Network net = generate_network("clustered_weak_ties", net_params, net_rng);
  const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const ParamValues params = default_values(model.info.params);
  std::vector<BrandSpec> brands;
  for (const StylePreset& style : model.info.brands.styles) {
    BrandSpec b;
    b.name = style.name;
    b.style = style.name;
    b.params = default_values(model.info.brands.params);
    for (const auto& [key, value] : style.values) b.params.set(key, value);
    brands.push_back(b);
  }
  const TimeGrid grid = make_time_grid(365, 1);
  const std::size_t cases = thread_counts.size();
  std::vector<std::vector<double>> rates(cases), seconds(cases);
  std::vector<double> events(cases, 0);
  std::vector<std::uint64_t> first_events(reps, 0);
  for (int r = 0; r < reps; ++r) {
    for (std::size_t c = 0; c < cases; ++c) {
      RunInput input;
      input.network = &net;
      input.params = &params;
      input.grid = &grid;
      input.seed = derive_seed(2026, 3, static_cast<std::uint64_t>(r));
      input.brands = brands;
      input.run_threads = std::max(1u, thread_counts[c]);
      if (thread_counts[c] == 0) input.max_events = std::uint64_t{1} << 60;
      const auto start = std::chrono::steady_clock::now();
      const RunOutput out = model.run(input);
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      // Same seed, same run whatever the thread count: say so if not.
      if (c == 0) first_events[r] = out.events;
      if (out.events != first_events[r])
        std::fprintf(stderr, "mismatch: %u threads\n", thread_counts[c]);
      events[c] += static_cast<double>(out.events);
      rates[c].push_back(static_cast<double>(out.events) / s);
      seconds[c].push_back(s);
    }
  }
  auto median = [](std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    return xs[xs.size() / 2];
  };
  for (std::size_t c = 0; c < cases; ++c)
    std::printf(
        "impl=wom consumers=%.0f edges=%llu brands=2 days=365 build_s=%.3f reps=%d "
        "run_threads=%u events_per_run=%.0f median_run_s=%.3f median_events_per_s=%.0f "
        "speedup=%.2f peak_rss_mb=%.1f\n",
        consumers, static_cast<unsigned long long>(net.edges()), build, reps, thread_counts[c],
        events[c] / reps, median(seconds[c]), median(rates[c]),
        median(seconds[0]) / median(seconds[c]), peak_rss_mb());
  return 0;
}
