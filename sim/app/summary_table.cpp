// The closing table of `hearsay run`: each summary metric's mean and 95% interval over the runs.
#include "sim/app/summary_table.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/app/statistics.hpp"
#include "sim/app/support.hpp"

namespace hearsay::cli {
namespace {

/// Interval over the runs `cells` (indices into result.summary) of entry `index` of each run's
/// summary values; runs that did not end (empty summary) are left out.
Interval interval_of(const ScenarioResult& result, const std::vector<std::size_t>& cells,
                     std::size_t index) {
  std::vector<double> values;
  values.reserve(cells.size());
  for (const std::size_t cell : cells) {
    const auto& run = result.summary[cell];
    if (index < run.size()) values.push_back(run[index]);
  }
  return interval95(values);
}

/// "42.4 ± 7.2": the mean rounded where the half-width's second significant digit is, so
/// columns of brands compare without noise digits.
std::string mean_and_half_width(const Interval& ci) {
  if (!std::isfinite(ci.mean)) return "-";
  if (!std::isfinite(ci.half_width)) return fmt::format("{:.6g}", ci.mean);
  if (ci.half_width <= 0) return fmt::format("{:.6g} ± 0", ci.mean);
  const int decimals =
      std::clamp(1 - static_cast<int>(std::floor(std::log10(ci.half_width))), 0, 12);
  return fmt::format("{:.{}f} ± {:.{}f}", ci.mean, decimals, ci.half_width, decimals);
}

}  // namespace

void print_summary_table(const ScenarioResult& result, const std::vector<std::size_t>& cells) {
  // Where each metric starts in a run's summary: per-brand metrics take one value per brand.
  std::vector<std::size_t> offsets;
  std::size_t offset = 0;
  bool any_per_brand = false;
  for (const MetricSpec& m : result.summaries) {
    offsets.push_back(offset);
    offset += m.per_brand ? result.brands.size() : 1;
    any_per_brand |= m.per_brand;
  }
  const bool any_plain =
      !any_per_brand || std::any_of(result.summaries.begin(), result.summaries.end(),
                                    [](const MetricSpec& m) { return !m.per_brand; });
  if (any_plain) {
    fmt::print("\n{:<24} {:>14} {:>14}   {}\n", "summary (per run)", "mean", "95% interval",
               "runs");
    for (std::size_t m = 0; m < result.summaries.size(); ++m) {
      if (result.summaries[m].per_brand) continue;
      const Interval ci = interval_of(result, cells, offsets[m]);
      const std::string unit = result.summaries[m].unit;
      fmt::print(
          "{:<24} {:>14.6g} {:>14}   {}{}\n", result.summaries[m].name, ci.mean,
          std::isnan(ci.half_width) ? std::string("-") : fmt::format("± {:.3g}", ci.half_width),
          ci.n, unit.empty() ? "" : "  (" + unit + ")");
    }
  }
  if (!any_per_brand || result.brands.empty()) return;

  // One row per metric, one column per brand, so brands compare side by side.
  const std::size_t brands = result.brands.size();
  struct Row {
    const MetricSpec* metric;
    std::vector<std::string> cells;
    std::size_t runs = 0;
  };
  std::vector<Row> rows;
  std::vector<std::size_t> widths(brands);
  for (std::size_t b = 0; b < brands; ++b) widths[b] = display_width(result.brands[b]);
  for (std::size_t m = 0; m < result.summaries.size(); ++m) {
    if (!result.summaries[m].per_brand) continue;
    Row row{&result.summaries[m], {}, cells.size()};
    for (std::size_t b = 0; b < brands; ++b) {
      const Interval ci = interval_of(result, cells, offsets[m] + b);
      row.cells.push_back(mean_and_half_width(ci));
      row.runs = std::min(row.runs, ci.n);
      widths[b] = std::max(widths[b], display_width(row.cells.back()));
    }
    rows.push_back(std::move(row));
  }
  fmt::print("\n{:<24}", "per brand (mean ± 95%)");
  for (std::size_t b = 0; b < brands; ++b)
    fmt::print("  {}", pad_left(result.brands[b], widths[b]));
  fmt::print("   runs\n");
  for (const Row& row : rows) {
    fmt::print("{:<24}", row.metric->name);
    for (std::size_t b = 0; b < brands; ++b) fmt::print("  {}", pad_left(row.cells[b], widths[b]));
    fmt::print("   {}{}\n", row.runs,
               row.metric->unit.empty() ? "" : "  (" + row.metric->unit + ")");
  }
}

}  // namespace hearsay::cli
