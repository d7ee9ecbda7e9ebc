// Building the CSR network from an edge buffer: counting sort, per-row sort, dedup in place.
#include "sim/network/network.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/core/prefetch.hpp"

namespace hearsay {
namespace {

template <class T>
void release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

/// Prefetch distances, in edges: far for the cursor, near for the arc slot the cursor points to.
/// Rows are scattered over tens of MB and memory latency, not bandwidth, bounds the scatter
/// passes; the hints let the stores of consecutive edges overlap (measured: the whole build of
/// 5e6 random edges ~10% faster).
constexpr std::size_t far_ahead = 32;
constexpr std::size_t near_ahead = 16;

/// The arrays of a CSR network being built.
struct Rows {
  std::vector<std::uint64_t> offsets;
  std::vector<NodeId> targets;
  std::vector<std::uint8_t> ties;
  std::vector<float> weights;
};

/// Pass 1: degrees into offsets[v + 1], then their prefix sums; self-loops are counted here and
/// never placed. Returns the self-loops.
std::uint64_t count_degrees(NodeId nodes, const EdgeBuffer& edges, bool directed,
                            std::vector<std::uint64_t>& offsets) {
  const std::size_t m = edges.size();
  offsets.assign(static_cast<std::size_t>(nodes) + 1, 0);
  std::uint64_t self_loops = 0;
  const auto clamp = [nodes](NodeId v) { return std::min(v, nodes); };
  for (std::size_t i = 0; i < m; ++i) {
    if (i + near_ahead < m) {
      prefetch_for_write(offsets.data() + clamp(edges.from[i + near_ahead]) + 1);
      prefetch_for_write(offsets.data() + clamp(edges.to[i + near_ahead]) + 1);
    }
    const NodeId u = edges.from[i];
    const NodeId v = edges.to[i];
    if (u >= nodes || v >= nodes)
      throw std::invalid_argument("build_network: edge " + std::to_string(i) + " (" +
                                  std::to_string(u) + ", " + std::to_string(v) +
                                  ") names a node >= " + std::to_string(nodes));
    if (u == v) {
      ++self_loops;
      continue;
    }
    ++offsets[u + 1];
    if (!directed) ++offsets[v + 1];
  }
  for (std::size_t v = 0; v < nodes; ++v) offsets[v + 1] += offsets[v];
  return self_loops;
}

/// Pass 2: every arc in its row, in input order. offsets[v] serves as v's insertion cursor, so no
/// second index array is needed; afterwards offsets[v] holds v's end, which a shift by one turns
/// back into starts. Arcs land in input order within each row (the sort is stable), which lets
/// the row sort keep the first duplicate.
void fill_rows(NodeId nodes, const EdgeBuffer& edges, bool directed, Rows& rows) {
  const std::size_t m = edges.size();
  const bool has_ties = !edges.ties.empty();
  const bool has_weights = !edges.weights.empty();
  std::vector<std::uint64_t>& offsets = rows.offsets;
  const std::uint64_t placed = offsets[nodes];
  rows.targets.assign(placed, 0);
  rows.ties.assign(has_ties ? placed : 0, 0);
  rows.weights.assign(has_weights ? placed : 0, 0.0f);
  std::vector<NodeId>& targets = rows.targets;
  std::vector<std::uint8_t>& ties = rows.ties;
  std::vector<float>& weights = rows.weights;
  for (std::size_t i = 0; i < m; ++i) {
    if (i + far_ahead < m) {
      prefetch_for_write(offsets.data() + edges.from[i + far_ahead]);
      prefetch_for_write(offsets.data() + edges.to[i + far_ahead]);
    }
    if (i + near_ahead < m) {
      prefetch_for_write(targets.data() + offsets[edges.from[i + near_ahead]]);
      prefetch_for_write(targets.data() + offsets[edges.to[i + near_ahead]]);
    }
    const NodeId u = edges.from[i];
    const NodeId v = edges.to[i];
    if (u == v) continue;
    std::uint64_t a = offsets[u]++;
    targets[a] = v;
    if (has_ties) ties[a] = edges.ties[i];
    if (has_weights) weights[a] = edges.weights[i];
    if (!directed) {
      a = offsets[v]++;
      targets[a] = u;
      if (has_ties) ties[a] = edges.ties[i];
      if (has_weights) weights[a] = edges.weights[i];
    }
  }
  for (std::size_t v = nodes; v > 0; --v) offsets[v] = offsets[v - 1];
  offsets[0] = 0;
}

/// Pass 3: sorts each row and drops repeated targets, compacting towards the front. Returns the
/// duplicate arcs dropped.
std::uint64_t sort_rows(NodeId nodes, Rows& rows) {
  std::vector<std::uint64_t>& offsets = rows.offsets;
  std::vector<NodeId>& targets = rows.targets;
  std::vector<std::uint8_t>& ties = rows.ties;
  std::vector<float>& weights = rows.weights;
  const bool has_ties = !ties.empty();
  const bool has_weights = !weights.empty();
  const std::uint64_t placed = targets.size();
  // Sort each row and drop repeated targets, compacting towards the front. A row with attributes
  // is sorted as (target, position in row) keys, which is a stable sort without std::stable_sort's
  // per-call buffer; the single scratch buffer grows to the largest degree only.
  const bool has_attributes = has_ties || has_weights;
  std::vector<std::uint64_t> keys;
  std::vector<std::uint8_t> row_ties;
  std::vector<float> row_weights;
  std::uint64_t write = 0;
  std::uint64_t duplicate_arcs = 0;
  std::uint64_t row_begin = 0;
  for (std::size_t v = 0; v < nodes; ++v) {
    const std::uint64_t row_end = offsets[v + 1];
    const std::uint64_t d = row_end - row_begin;
    offsets[v] = write;
    NodeId* row = targets.data() + row_begin;
    if (std::is_sorted(row, row + d, [](NodeId a, NodeId b) { return a <= b; })) {
      // Strictly increasing already (common for generators): a plain move.
      if (write != row_begin) {
        std::copy(row, row + d, targets.data() + write);
        if (has_ties) std::copy_n(ties.data() + row_begin, d, ties.data() + write);
        if (has_weights) std::copy_n(weights.data() + row_begin, d, weights.data() + write);
      }
      write += d;
    } else if (!has_attributes) {
      std::sort(row, row + d);
      NodeId* out = targets.data() + write;
      std::uint64_t kept = 0;
      for (std::uint64_t j = 0; j < d; ++j)
        if (kept == 0 || row[j] != out[kept - 1]) out[kept++] = row[j];
      duplicate_arcs += d - kept;
      write += kept;
    } else {
      keys.resize(d);
      for (std::uint64_t j = 0; j < d; ++j) keys[j] = (std::uint64_t{row[j]} << 32) | j;
      std::sort(keys.begin(), keys.end());
      if (has_ties) row_ties.assign(ties.begin() + row_begin, ties.begin() + row_end);
      if (has_weights) row_weights.assign(weights.begin() + row_begin, weights.begin() + row_end);
      std::uint64_t kept = 0;
      for (std::uint64_t j = 0; j < d; ++j) {
        const auto target = static_cast<NodeId>(keys[j] >> 32);
        if (kept > 0 && targets[write + kept - 1] == target) continue;
        const auto source = static_cast<std::size_t>(keys[j] & 0xffffffffu);
        targets[write + kept] = target;
        if (has_ties) ties[write + kept] = row_ties[source];
        if (has_weights) weights[write + kept] = row_weights[source];
        ++kept;
      }
      duplicate_arcs += d - kept;
      write += kept;
    }
    row_begin = row_end;
  }
  offsets[nodes] = write;
  if (write != placed) {
    targets.resize(write);
    targets.shrink_to_fit();
    if (has_ties) {
      ties.resize(write);
      ties.shrink_to_fit();
    }
    if (has_weights) {
      weights.resize(write);
      weights.shrink_to_fit();
    }
  }
  return duplicate_arcs;
}

}  // namespace

Network build_network(NodeId nodes, EdgeBuffer edges, bool directed, BuildReport* report) {
  const std::size_t m = edges.size();
  if (edges.to.size() != m)
    throw std::invalid_argument("build_network: edge buffer has " + std::to_string(m) +
                                " sources but " + std::to_string(edges.to.size()) + " targets");
  const bool has_ties = !edges.ties.empty();
  const bool has_weights = !edges.weights.empty();
  if ((has_ties && edges.ties.size() != m) || (has_weights && edges.weights.size() != m))
    throw std::invalid_argument("build_network: edge attributes do not match the edge count");
  Rows rows;
  const std::uint64_t self_loops = count_degrees(nodes, edges, directed, rows.offsets);
  fill_rows(nodes, edges, directed, rows);
  // The buffer is consumed: free it before the sort phase so peak memory stays at CSR + buffer.
  release(edges.from);
  release(edges.to);
  release(edges.ties);
  release(edges.weights);
  const std::uint64_t duplicate_arcs = sort_rows(nodes, rows);
  if (report) {
    report->self_loops = self_loops;
    // An undirected duplicate edge leaves a repeated arc in both of its rows.
    report->duplicates = directed ? duplicate_arcs : duplicate_arcs / 2;
  }
  Network network(nodes, std::move(rows.offsets), std::move(rows.targets), directed);
  if (has_ties) network.set_ties(std::move(rows.ties));
  if (has_weights) network.set_weights(std::move(rows.weights));
  return network;
}

}  // namespace hearsay
