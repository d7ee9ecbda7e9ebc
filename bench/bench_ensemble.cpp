// Replication throughput of an ensemble (the runner: TBB over (point, replication) tasks, the
// in-order writer, network sharing) and peak memory, for a given thread count.
//
// usage: hearsay_bench_ensemble THREADS [REPLICATIONS] [NODES] [REPEATS]
// Runs the plan REPEATS times (default 3) into a temporary results file, and as many times
// without a file, alternating, and prints the median runs/s and events/s of each, the cost of
// writing (median with file / median without - 1), and the process's peak RSS. Run it once per
// thread count, each in its own process, and compare: the RSS difference between 2 and 1 threads is
// the memory of one more concurrent run.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "models/registry.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"

using hearsay::bench::peak_rss_mb;

int main(int argc, char** argv) {
  using namespace hearsay;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s THREADS [REPLICATIONS] [NODES] [REPEATS]\n", argv[0]);
    return 2;
  }
  const unsigned threads = static_cast<unsigned>(std::atoi(argv[1]));
  const int replications = argc > 2 ? std::atoi(argv[2]) : 48;
  const std::string nodes = argc > 3 ? argv[3] : "20000";
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
  // Two campaign arms on per-replication Barabasi-Albert networks: every replication builds its
  // network once and both arms use it.
  const std::string text =
      "name: bench-ensemble\nseed: 1\nreplications: " + std::to_string(replications) +
      "\ntime: {end: 180d, sample_every: 1d}\n"
      "network: {generator: barabasi_albert, nodes: " +
      nodes +
      ", m: 4}\nmodel: {name: wom}\n"
      "brands: [{name: PitchCo, style: hard_sell}, {name: PeopleCo, style: "
      "soft_sell}]\n"
      "arms: {listens: {brands.PitchCo.answer_probability: 0.9}, "
      "ignores: {brands.PitchCo.answer_probability: 0}}\n";
  const Scenario scenario = parse_scenario(text, "bench.yaml", {}, model_registry());
  const ModelEntry& model = model_registry().at("wom");
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("hearsay_bench_ensemble_" + std::to_string(::getpid()) + ".h5"))
                               .string();
  std::vector<double> runs_per_second, events_per_second, seconds_with, seconds_without,
      writer_share;
  std::uint64_t runs = 0, events = 0;
  for (int k = 0; k < repeats; ++k)
    for (const bool write : {true, false}) {
      const auto [result, seconds] =
          hearsay::bench::timed_run(scenario, model, threads, write ? path : std::string());
      runs = result.runs_now;
      events = result.events;
      (write ? seconds_with : seconds_without).push_back(seconds);
      if (write) {
        writer_share.push_back(result.write_seconds / result.run_seconds);
        runs_per_second.push_back(static_cast<double>(runs) / seconds);
        events_per_second.push_back(static_cast<double>(events) / seconds);
      }
    }
  std::filesystem::remove(path);
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf(
      "ensemble wom nodes=%s points=2 replications=%d threads=%u: %llu runs, %.3g events per "
      "run, median %.2f runs/s, %.3g events/s (of %d, with the file), writing costs %+.1f%% of "
      "the wall time (the writer thread is busy %.1f%% of the simulation time), peak RSS %.1f "
      "MB, memory estimate %.1f MB\n",
      nodes.c_str(), replications, threads, static_cast<unsigned long long>(runs),
      static_cast<double>(events) / static_cast<double>(std::max<std::uint64_t>(runs, 1)),
      median(runs_per_second), median(events_per_second), repeats,
      100.0 * (median(seconds_with) / median(seconds_without) - 1.0), 100.0 * median(writer_share),
      peak_rss_mb(),
      static_cast<double>(estimate_memory_bytes(scenario, model, threads)) / 1048576.0);
  return 0;
}
