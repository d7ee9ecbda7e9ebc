// Merge throughput: MB of shard files joined per second by `hearsay merge` (merge_shards), with
// the shards read from the disk (evicted from the page cache first) and from the cache.
//
// usage: hearsay_bench_merge [WORKLOAD] [SHARDS] [REPEATS] [REPLICATIONS]
// WORKLOAD: `cascades` (default; the flagship hard_vs_soft plan with output.cascades: 100,000
// consumers, 32 replications, a year of daily samples, about 20 MB of shards) or `sweep` (100
// points x REPLICATIONS (default 8) of the pitch sweep on 2,000 consumers, weekly samples: many
// small runs, about 0.5 MB of shards per replication). Writes the
// SHARDS (default 4) shard files once, then merges them REPEATS times (default 5) each way and
// prints the median time and rate. The merged file is synced to the disk (fsync) and renamed into
// place each time, as the command does.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "models/registry.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

const char* cascades_plan = R"(name: bench-merge-cascades
seed: 20261124
replications: 32
time: {end: 365d, sample_every: 1d}
network: {generator: clustered_weak_ties, nodes: 100000, clique_size: 10, weak_ties: 2}
model: {name: wom}
brands:
  - {name: PitchCo, style: hard_sell}
  - {name: PeopleCo, style: soft_sell}
output: {cascades: true}
)";

std::string sweep_plan(int replications) {
  std::string values;
  for (int k = 0; k < 50; ++k) {
    // Separate appends: GCC 12 warns falsely (-Wrestrict) on `literal + std::to_string(x)`.
    if (k > 0) values += ", ";
    values += std::to_string(0.1 + 0.2 * k);
  }
  std::string plan = "name: bench-merge-sweep\nseed: 20261125\nreplications: ";
  plan += std::to_string(replications);
  return plan +
         "\n"
         "time: {end: 365d, sample_every: 7d}\n"
         "network: {generator: clustered_weak_ties, nodes: 2000, clique_size: 10, weak_ties: 2}\n"
         "model: {name: wom}\n"
         "brands: [{name: PitchCo, style: hard_sell}, {name: PeopleCo, style: soft_sell}]\n"
         "arms: {answers: {brands.PitchCo.answer_probability: 0.9}, "
         "ignores: {brands.PitchCo.answer_probability: 0.0}}\n"
         "sweep: {brands.PitchCo.pitches_per_day: [" +
         values + "]}\n";
}

/// Drops the file's pages from the page cache (after writing them to the disk), so the next
/// read comes from the disk.
void evict(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  if (fsync(fd) == 0) posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hearsay;
  namespace fs = std::filesystem;
  const std::string workload = argc > 1 ? argv[1] : "cascades";
  const auto count = static_cast<std::uint32_t>(argc > 2 ? std::atoi(argv[2]) : 4);
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
  const int replications = argc > 4 ? std::atoi(argv[4]) : 8;
  if ((workload != "cascades" && workload != "sweep") || count < 1 || repeats < 1 ||
      replications < 1) {
    std::fprintf(stderr, "usage: %s [cascades|sweep] [SHARDS] [REPEATS] [REPLICATIONS]\n", argv[0]);
    return 2;
  }
  const Scenario scenario =
      parse_scenario(workload == "cascades" ? std::string(cascades_plan) : sweep_plan(replications),
                     "bench.yaml", {}, model_registry());
  const ModelEntry& model = model_registry().at("wom");
  const fs::path folder =
      fs::temp_directory_path() / ("hearsay_bench_merge_" + std::to_string(::getpid()));
  fs::create_directories(folder);

  std::vector<std::string> shards;
  std::uint64_t shard_bytes = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
    RunOptions options;
    std::string name = "s";
    name += std::to_string(k);
    name += ".h5";
    options.output_path = (folder / name).string();
    options.shard = ShardSpec{k, count};
    run_scenario(scenario, model, options);
    shards.push_back(options.output_path);
    shard_bytes += fs::file_size(options.output_path);
  }
  const std::string merged = (folder / "merged.h5").string();
  std::vector<double> cold, warm;
  for (int k = 0; k < repeats; ++k)
    for (const bool from_disk : {true, false}) {
      if (from_disk)
        for (const std::string& shard : shards) evict(shard);
      const auto start = std::chrono::steady_clock::now();
      merge_shards(shards, merged, /*overwrite=*/true, {});
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      (from_disk ? cold : warm).push_back(seconds);
    }
  const double mb = static_cast<double>(shard_bytes) / 1e6;
  const std::uint64_t runs = std::uint64_t{scenario.replications} * scenario.points.size();
  std::printf("merge %s: %u shards, %.1f MB of shards, %llu runs, merged file %.1f MB\n",
              workload.c_str(), count, mb, static_cast<unsigned long long>(runs),
              static_cast<double>(fs::file_size(merged)) / 1e6);
  std::printf("  shards from the disk:  median %.3f s  %.0f MB/s  (%d merges)\n", median(cold),
              mb / median(cold), repeats);
  std::printf("  shards from the cache: median %.3f s  %.0f MB/s  (%d merges)\n", median(warm),
              mb / median(warm), repeats);
  std::printf("  peak memory %.0f MB\n", bench::peak_rss_mb());
  fs::remove_all(folder);
  return 0;
}
