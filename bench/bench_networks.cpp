// Benchmark: time and peak memory to generate a network; prints one line per case.
// Usage: hearsay_bench_networks GENERATOR NODES [REPLICATIONS]
// GENERATOR is barabasi_albert (m = 5) or erdos_renyi (mean degree 10): 5 edges per node either
// way, the SIR benchmark's network. Run each case in its own process so the peak RSS is its own.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

using namespace hearsay;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s barabasi_albert|erdos_renyi NODES [REPLICATIONS]\n", argv[0]);
    return 2;
  }
  const std::string generator = argv[1];
  const auto nodes = static_cast<std::uint64_t>(std::atof(argv[2]));
  const int reps = argc > 3 ? std::atoi(argv[3]) : 5;
  ParamValues params;
  params.set("nodes", static_cast<double>(nodes));
  if (generator == "barabasi_albert") {
    params.set("m", 5.0);
  } else if (generator == "erdos_renyi") {
    params.set("mean_degree", 10.0);
  } else {
    std::fprintf(stderr, "unknown generator %s\n", generator.c_str());
    return 2;
  }
  std::vector<double> seconds;
  std::uint64_t edges = 0;
  for (int r = 0; r < reps; ++r) {
    RandomStream rng(derive_seed(2026, 1, static_cast<std::uint64_t>(r)), StreamPurpose::network);
    const auto start = std::chrono::steady_clock::now();
    const Network net = generate_network(generator, params, rng);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    edges = net.edges();
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf(
      "generator=%s nodes=%llu edges=%llu reps=%d median_s=%.3f min_s=%.3f "
      "peak_rss_mb=%.1f\n",
      generator.c_str(), static_cast<unsigned long long>(nodes),
      static_cast<unsigned long long>(edges), reps, seconds[seconds.size() / 2], seconds.front(),
      hearsay::bench::peak_rss_mb());
  return 0;
}
