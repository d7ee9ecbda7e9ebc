// The layout of a results file: shards of a plan, and what lets one file take another's runs.
#include "sim/results/file_state.hpp"

namespace hearsay {

namespace results {

bool same_metrics(const std::vector<MetricSpec>& a, const std::vector<MetricSpec>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].per_brand != b[i].per_brand ||
        a[i].per_segment != b[i].per_segment)
      return false;
  return true;
}

bool same_columns(const std::vector<PointColumn>& a, const std::vector<PointColumn>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].numeric != b[i].numeric || a[i].texts != b[i].texts)
      return false;
    if (a[i].numbers.size() != b[i].numbers.size()) return false;
    for (std::size_t k = 0; k < a[i].numbers.size(); ++k)
      if (std::bit_cast<std::uint64_t>(a[i].numbers[k]) !=
          std::bit_cast<std::uint64_t>(b[i].numbers[k]))
        return false;
  }
  return true;
}

}  // namespace results

using namespace results;

std::uint64_t shard_begin(ShardSpec shard, std::uint64_t tasks) {
  // 128-bit product: tasks x index cannot overflow.
  return static_cast<std::uint64_t>(static_cast<uint128_t>(tasks) * shard.index /
                                    std::max<std::uint32_t>(shard.count, 1));
}

std::uint64_t shard_end(ShardSpec shard, std::uint64_t tasks) {
  return static_cast<std::uint64_t>(static_cast<uint128_t>(tasks) * (shard.index + 1) /
                                    std::max<std::uint32_t>(shard.count, 1));
}

std::string shard_text(ShardSpec shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

/// Why `found` (a file's layout) cannot take the runs of `wanted`; empty when it can.
std::string layout_mismatch(const ResultsLayout& found, const ResultsLayout& wanted) {
  if (found.model != wanted.model) return "it holds model " + found.model + ", not " + wanted.model;
  if (found.scenario_yaml != wanted.scenario_yaml)
    return "it was written for a different scenario (its /scenario text differs: another "
           "scenario file, other --set overrides, or an edited file)";
  if (found.points != wanted.points || found.replications != wanted.replications)
    return "it has " + std::to_string(found.points) + " points x " +
           std::to_string(found.replications) + " replications, not " +
           std::to_string(wanted.points) + " x " + std::to_string(wanted.replications);
  if (found.times != wanted.times) return "its sampling times differ";
  if (!same_metrics(found.series, wanted.series) ||
      !same_metrics(found.summaries, wanted.summaries))
    return "its metrics differ (written by another hearsay version?)";
  if (found.brands != wanted.brands) return "its brands differ";
  if (found.segments != wanted.segments) return "its segments differ";
  if (found.cascades != wanted.cascades)
    return found.cascades ? "it records cascades and this run does not"
                          : "it does not record cascades and this run does";
  if (!same_columns(found.point_columns, wanted.point_columns)) return "its /points table differs";
  if (found.design != wanted.design) return "its /design differs";
  if (!(found.shard == wanted.shard))
    return found.shard.count > 1 ? "it is shard " + shard_text(found.shard) + ", not " +
                                       (wanted.shard.count > 1 ? shard_text(wanted.shard)
                                                               : std::string("the whole plan"))
                                 : "it holds the whole plan, not shard " + shard_text(wanted.shard);
  return {};
}

}  // namespace hearsay
