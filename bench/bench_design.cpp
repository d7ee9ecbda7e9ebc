// A sensitivity design run whole: the flagship with its uncertain parameters and a Sobol'
// design (scenarios/hard_vs_soft_uncertainty.yaml: 10,000 consumers, a year, N = 256: 4,096
// runs with its 14 keys), on each thread count given, each into its own results file; then every
// run's series and summaries are compared across the files, bit for bit.
//
// usage: hearsay_bench_design SCENARIO [THREADS,THREADS,...]   (default threads: 2,1)
// Prints, per thread count, the wall time, runs/s and events/s, and whether every run equals the
// first file's; exits 1 if any differs.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "models/registry.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"

using hearsay::bench::peak_rss_mb;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hearsay;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO [THREADS,THREADS,...]\n", argv[0]);
    return 2;
  }
  std::vector<unsigned> thread_counts;
  std::stringstream list(argc > 2 ? argv[2] : "2,1");
  for (std::string item; std::getline(list, item, ',');)
    thread_counts.push_back(static_cast<unsigned>(std::stoul(item)));
  const Scenario scenario = load_scenario(argv[1], {}, model_registry());
  const ModelEntry& model = model_registry().at(scenario.model.name);
  const std::size_t keys = scenario.design ? scenario.design->parameters.size() : 0;
  std::vector<std::string> paths;
  bool identical = true;
  for (const unsigned threads : thread_counts) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("hearsay_bench_design_" + std::to_string(::getpid()) + "_" +
                               std::to_string(threads) + ".h5"))
                                 .string();
    const auto [result, seconds] = bench::timed_run(scenario, model, threads, path);
    paths.push_back(path);
    std::string same = "first file";
    if (paths.size() > 1) {
      const ResultsReader first(paths.front()), now(path);
      std::uint64_t differ = 0;
      for (std::uint32_t p = 0; p < result.points; ++p)
        for (std::uint32_t r = 0; r < result.replications; ++r) {
          const RunRecord a = first.read_run(p, r), b = now.read_run(p, r);
          if (!same_bits(a.output.series, b.output.series) ||
              !same_bits(a.output.summary, b.output.summary) || a.seed != b.seed)
            ++differ;
        }
      identical = identical && differ == 0;
      same = differ == 0 ? "identical to the first file, run by run"
                         : std::to_string(differ) + " runs DIFFER from the first file";
    }
    std::printf(
        "design %s: %zu uncertain keys, %u points x %u replications = %llu runs, threads=%u: "
        "%.1f s (%.1f min), %.2f runs/s, %.3g events/s, peak RSS %.1f MB; %s\n",
        scenario.name.c_str(), keys, result.points, result.replications,
        static_cast<unsigned long long>(result.runs_now), threads, seconds, seconds / 60,
        static_cast<double>(result.runs_now) / seconds,
        static_cast<double>(result.events) / seconds, peak_rss_mb(), same.c_str());
    std::fflush(stdout);
  }
  for (const std::string& path : paths) std::filesystem::remove(path);
  return identical ? 0 : 1;
}
