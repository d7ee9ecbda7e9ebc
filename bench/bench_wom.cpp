// Benchmark: the wom model, hard sell against soft sell on a clustered network, one year.
// Usage: hearsay_bench_wom CONSUMERS [REPLICATIONS]; prints events/s and peak memory.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "models/wom/wom.hpp"
#include "sim/generators.hpp"
#include "sim/rng.hpp"

using namespace hearsay;

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CONSUMERS [REPLICATIONS]\n", argv[0]);
    return 2;
  }
  const double consumers = std::atof(argv[1]);
  const int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  const ModelEntry& model = models::wom::entry();

  ParamValues net_params;
  net_params.set("nodes", consumers);
  net_params.set("clique_size", 10.0);
  net_params.set("weak_ties", 2.0);
  net_params.set("strong_weight", 1.0);
  net_params.set("weak_weight", 0.3);
  RandomStream net_rng(derive_seed(2026, 1), StreamPurpose::network);
  const auto t0 = std::chrono::steady_clock::now();
  const Network net = generate_network("clustered_weak_ties", net_params, net_rng);
  const double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const ParamValues params = default_values(model.info.params);
  std::vector<BrandSpec> brands;
  for (const StylePreset& style : model.info.styles) {
    BrandSpec b;
    b.name = style.name;
    b.style = style.name;
    b.params = default_values(model.info.brand_params);
    for (const auto& [key, value] : style.values) b.params.set(key, value);
    brands.push_back(b);
  }
  const TimeGrid grid = make_time_grid(365, 1);
  std::vector<double> rates, seconds;
  double events = 0;
  for (int r = 0; r < reps; ++r) {
    RunInput input;
    input.network = &net;
    input.params = &params;
    input.grid = &grid;
    input.seed = derive_seed(2026, 3, static_cast<std::uint64_t>(r));
    input.brands = brands;
    const auto start = std::chrono::steady_clock::now();
    const RunOutput out = model.run(input);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    events += static_cast<double>(out.events);
    rates.push_back(static_cast<double>(out.events) / s);
    seconds.push_back(s);
  }
  std::sort(rates.begin(), rates.end());
  std::sort(seconds.begin(), seconds.end());
  std::printf("impl=wom consumers=%.0f edges=%llu brands=2 days=365 build_s=%.3f reps=%d "
              "events_per_run=%.0f median_run_s=%.3f median_events_per_s=%.0f peak_rss_mb=%.1f\n",
              consumers, static_cast<unsigned long long>(net.edges()), build, reps, events / reps,
              seconds[seconds.size() / 2], rates[rates.size() / 2], peak_rss_mb());
  return 0;
}
