// Benchmark: reading an edge list (plain and gzip) into a network; prints seconds and peak memory.
// Usage: hearsay_bench_edge_list write NODES PATH   (a Barabasi-Albert m=5 list, ids shuffled)
//        hearsay_bench_edge_list read PATH [REPEATS]
// Writing and reading are separate processes so the peak RSS of `read` is the reader's alone.
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/edge_list.hpp"
#include "sim/network/generators.hpp"

using namespace hearsay;

namespace {

using bench::peak_rss_mb;

/// Writes the list with ids relabelled at random (a real export is not in generation order) and
/// edges in random order, then a gzip copy next to it.
int write_list(double nodes, const std::string& path) {
  ParamValues params;
  params.set("nodes", nodes);
  params.set("m", 5.0);
  RandomStream rng(derive_seed(2026, 7), StreamPurpose::network);
  const Network net = generate_network("barabasi_albert", params, rng);
  std::vector<std::uint64_t> label(net.nodes());
  for (std::size_t i = 0; i < label.size(); ++i) label[i] = i;
  for (std::size_t i = label.size(); i > 1; --i) std::swap(label[i - 1], label[rng.below(i)]);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> edges;
  edges.reserve(net.edges());
  for (NodeId u = 0; u < net.nodes(); ++u)
    for (const NodeId v : net.neighbours(u))
      if (u < v) edges.emplace_back(label[u] * 37 + 11, label[v] * 37 + 11);  // sparse ids
  for (std::size_t i = edges.size(); i > 1; --i) std::swap(edges[i - 1], edges[rng.below(i)]);
  std::string text;
  text.reserve(edges.size() * 20);
  text += "# Barabasi-Albert m=5, ids relabelled, edges shuffled\n";
  char line[48];
  for (const auto& [u, v] : edges) {
    const int n =
        std::snprintf(line, sizeof line, "%llu\t%llu\n", static_cast<unsigned long long>(u),
                      static_cast<unsigned long long>(v));
    text.append(line, static_cast<std::size_t>(n));
  }
  std::ofstream(path, std::ios::binary)
      .write(text.data(), static_cast<std::streamsize>(text.size()));
  gzFile gz = gzopen((path + ".gz").c_str(), "wb6");
  if (gz == nullptr) return 1;
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  std::printf("wrote %s (%.0f MB) and %s.gz: %llu nodes, %zu edges\n", path.c_str(),
              static_cast<double>(text.size()) / 1e6, path.c_str(),
              static_cast<unsigned long long>(net.nodes()), edges.size());
  return 0;
}

int read_list(const std::string& path, int repeats) {
  std::vector<double> seconds;
  std::uint64_t nodes = 0, edges = 0;
  for (int k = 0; k < repeats; ++k) {
    const auto start = std::chrono::steady_clock::now();
    const Network net = read_edge_list(path, /*directed=*/false);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    nodes = net.nodes();
    edges = net.edges();
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf(
      "read %s: %llu nodes, %llu edges, median %.3f s (of %d, min %.3f), peak RSS %.1f MB\n",
      path.c_str(), static_cast<unsigned long long>(nodes), static_cast<unsigned long long>(edges),
      seconds[seconds.size() / 2], repeats, seconds.front(), peak_rss_mb());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "write" && argc == 4) return write_list(std::atof(argv[2]), argv[3]);
  if (mode == "read" && argc >= 3) return read_list(argv[2], argc > 3 ? std::atoi(argv[3]) : 5);
  std::fprintf(stderr, "usage: %s write NODES PATH | read PATH [REPEATS]\n", argv[0]);
  return 2;
}
