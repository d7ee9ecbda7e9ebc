// The subcommands: run, check, models, describe, network, info.
#include "sim/app/commands.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/math/distributions/students_t.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "models/registry.hpp"
#include "sim/core/error.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/files/safe_write.hpp"
#include "sim/network/edge_list.hpp"
#include "sim/network/generators.hpp"
#include "sim/network/network_stats.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay::cli {
namespace {

namespace fs = std::filesystem;

const ModelEntry& model_of(const Scenario& scenario) {
  const ModelEntry* model = model_registry().find(scenario.model.name);
  if (model == nullptr) throw RuntimeError("model " + scenario.model.name + " is not registered");
  return *model;
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  return fmt::format("{:.{}f} {}", bytes, u == 0 ? 0 : 1, units[u]);
}

std::string human_rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.2f} M", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.1f} k", per_second / 1e3);
  return fmt::format("{:.0f} ", per_second);
}

/// Mean and half-width of the 95% interval (Student t) of finite values.
struct Interval {
  double mean = NAN;
  double half_width = NAN;
  std::size_t n = 0;
};

Interval interval95(const std::vector<double>& values) {
  Interval out;
  double sum = 0;
  for (double x : values)
    if (std::isfinite(x)) {
      sum += x;
      ++out.n;
    }
  if (out.n == 0) return out;
  out.mean = sum / static_cast<double>(out.n);
  if (out.n < 2) return out;
  double ss = 0;
  for (double x : values)
    if (std::isfinite(x)) ss += (x - out.mean) * (x - out.mean);
  const double sd = std::sqrt(ss / static_cast<double>(out.n - 1));
  const boost::math::students_t t(static_cast<double>(out.n - 1));
  out.half_width = boost::math::quantile(boost::math::complement(t, 0.025)) * sd /
                   std::sqrt(static_cast<double>(out.n));
  return out;
}

std::string default_output(const RunCommand& command, const Scenario& scenario) {
  if (!command.output.empty()) return command.output;
  if (!scenario.output_path.empty()) return scenario.output_path;
  if (command.scenario == "-")
    throw UsageError(
        "the scenario comes from standard input and names no output.path: give the results file "
        "with -o");
  return fs::path(command.scenario).stem().string() + ".h5";
}

/// Whether something (a file, a folder, a link, even a dangling one) is at `path`.
bool occupied(const std::string& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() != fs::file_type::not_found;
}

/// Columns a UTF-8 text takes in a terminal ("±" is two bytes, one column).
std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string pad_left(const std::string& text, std::size_t width) {
  const std::size_t w = display_width(text);
  return std::string(width > w ? width - w : 0, ' ') + text;
}

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

std::string kind_text(const ParamSpec& spec) {
  return to_string(spec.kind);
}

void print_params_text(const std::vector<ParamSpec>& params) {
  for (const ParamSpec& p : params) {
    fmt::print("  {:<22} {:<9} {:<12} default {:<14} {}\n", p.name, kind_text(p),
               p.unit.empty() ? "-" : p.unit, describe_default(p), describe_range(p));
    // Sources written as "[kind: ...]" (wom's) are shown as they are, others in brackets.
    const bool bracketed = !p.source.empty() && p.source.front() == '[';
    fmt::print("  {:<22} {}{}\n", "", p.help,
               p.source.empty() ? ""
               : bracketed      ? " " + p.source
                                : " [" + p.source + "]");
  }
}

void print_params_markdown(const std::vector<ParamSpec>& params) {
  fmt::print("| parameter | type | unit | default | allowed | meaning | source |\n");
  fmt::print("|---|---|---|---|---|---|---|\n");
  for (const ParamSpec& p : params)
    fmt::print("| `{}` | {} | {} | {} | {} | {} | {} |\n", p.name, kind_text(p),
               p.unit.empty() ? "-" : p.unit, describe_default(p), describe_range(p), p.help,
               p.source.empty() ? "-" : p.source);
}

void print_metrics_markdown(const char* title, const std::vector<MetricSpec>& metrics) {
  if (metrics.empty()) return;
  fmt::print("\n{}:\n\n| metric | unit | meaning |\n|---|---|---|\n", title);
  for (const MetricSpec& m : metrics)
    fmt::print("| `{}` | {} | {}{} |\n", m.name, m.unit.empty() ? "-" : m.unit, m.description,
               m.per_brand ? " (per brand)" : "");
}

/// A duration as a scenario would write it: "1d", "6h", "15min".
std::string duration_text(double days) {
  if (days >= 1 || days <= 0) return fmt::format("{:.6g}d", days);
  if (days * 24 >= 1) return fmt::format("{:.6g}h", days * 24);
  return fmt::format("{:.6g}min", days * 1440);
}

/// "rate = 5, start_count = 10" (with `markdown`, names in backticks): what a style sets.
std::string style_values(const ModelInfo& info, const StylePreset& style, bool markdown) {
  std::string text;
  for (const auto& [name, value] : style.values) {
    const auto spec = std::find_if(info.brand_params.begin(), info.brand_params.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    std::string shown = fmt::format("{}", value);
    if (spec != info.brand_params.end() && spec->kind == ParamKind::boolean)
      shown = value != 0 ? "true" : "false";
    else if (spec != info.brand_params.end() && spec->kind == ParamKind::duration)
      shown = duration_text(value);
    text += (text.empty() ? "" : ", ") + (markdown ? "`" + name + "`" : name) + " = " + shown;
  }
  return text.empty() ? "(nothing: the defaults)" : text;
}

std::string brand_count_text(const ModelInfo& info) {
  if (info.max_brands == 0) return fmt::format("at least {}", info.min_brands);
  if (info.max_brands == info.min_brands) return fmt::format("exactly {}", info.min_brands);
  return fmt::format("{} to {}", info.min_brands, info.max_brands);
}

std::string join_names(const std::vector<std::string>& names, bool markdown) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + (markdown ? "`" + name + "`" : name);
  return text;
}

void describe_brands(const ModelInfo& info, bool markdown) {
  if (info.brand_params.empty()) return;
  if (markdown) {
    fmt::print(
        "\nBrands (`brands:`, a list of {} entries `{{name, style, <parameters>, "
        "campaign}}`; `--set brands.NAME.<parameter>=...` changes one):\n\n",
        brand_count_text(info));
    print_params_markdown(info.brand_params);
    if (!info.styles.empty()) {
      fmt::print("\nStyle presets (`style:`; a brand's own keys override them):\n\n");
      fmt::print("| style | meaning | sets |\n|---|---|---|\n");
      for (const StylePreset& style : info.styles)
        fmt::print("| `{}` | {} | {} |\n", style.name, style.help, style_values(info, style, true));
    }
    if (!info.phase_params.empty())
      fmt::print("\nA campaign phase (`campaign: [{{start, end, ...}}]`) may set: {}.\n",
                 join_names(info.phase_params, true));
    return;
  }
  fmt::print(
      "\nbrand parameters (brands: [{{name: ..., style: ..., <parameters>, campaign: [...]}}], "
      "{} brands):\n",
      brand_count_text(info));
  print_params_text(info.brand_params);
  if (!info.styles.empty()) {
    fmt::print("\nstyle presets (style: NAME in a brand; the brand's own keys override them):\n");
    for (const StylePreset& style : info.styles) {
      fmt::print("  {:<22} {}\n", style.name, style.help);
      fmt::print("  {:<22} sets {}\n", "", style_values(info, style, false));
    }
  }
  if (!info.phase_params.empty())
    fmt::print(
        "\ncampaign phases (campaign: [{{start: 0d, end: 30d, <parameter>: ...}}]) may set:\n"
        "  {}\n",
        join_names(info.phase_params, false));
}

void describe_model(const ModelEntry& model, bool markdown) {
  const ModelInfo& info = model.info;
  if (markdown) {
    fmt::print("#### model `{}`\n\n{}. {}\n\n", info.name, info.summary,
               info.reference.empty() ? "" : "References: " + info.reference + ".");
    if (!info.needs_network) fmt::print("Runs without a network (omit `network:`).\n\n");
    print_params_markdown(info.params);
    describe_brands(info, true);
    if (info.has_cascades)
      fmt::print("\nRecords who told whom in `/cascades` with `output: {{cascades: true}}`.\n");
    print_metrics_markdown("Series (`/series/<metric>`)", info.series);
    print_metrics_markdown("Per-run figures (`/summary/<metric>`)", info.summaries);
    fmt::print("\n");
    return;
  }
  fmt::print("model {}: {}\n", info.name, info.summary);
  if (!info.reference.empty()) fmt::print("references: {}\n", info.reference);
  if (!info.needs_network) fmt::print("runs without a network\n");
  fmt::print("\nparameters (model: {{name: {}, ...}}):\n", info.name);
  print_params_text(info.params);
  describe_brands(info, false);
  if (info.has_cascades)
    fmt::print("\ncascades: who told whom, in /cascades, with output: {{cascades: true}}\n");
  auto per_brand = [](const std::vector<MetricSpec>& metrics) {
    return std::any_of(metrics.begin(), metrics.end(),
                       [](const MetricSpec& m) { return m.per_brand; });
  };
  fmt::print("\nseries (/series/<metric>, shape point x replication x time{}):\n",
             per_brand(info.series) ? "; per brand: point x replication x brand x time" : "");
  for (const MetricSpec& m : info.series)
    fmt::print("  {:<22} {:<10} {}{}\n", m.name, m.unit, m.description,
               m.per_brand ? " (per brand)" : "");
  fmt::print("\nper-run figures (/summary/<metric>, shape point x replication{}):\n",
             per_brand(info.summaries) ? "; per brand: point x replication x brand" : "");
  for (const MetricSpec& m : info.summaries)
    fmt::print("  {:<22} {:<10} {}{}\n", m.name, m.unit, m.description,
               m.per_brand ? " (per brand)" : "");
}

void describe_generator(const GeneratorInfo& info, bool markdown) {
  if (markdown) {
    fmt::print("#### generator `{}`\n\n{}. {}\n\n", info.name, info.summary,
               info.reference.empty() ? "" : "Reference: " + info.reference + ".");
    print_params_markdown(info.params);
    fmt::print("\n");
    return;
  }
  fmt::print("network generator {}: {}\n", info.name, info.summary);
  if (!info.reference.empty()) fmt::print("reference: {}\n", info.reference);
  fmt::print("\nparameters (network: {{generator: {}, ...}}; also `fixed: true|false`):\n",
             info.name);
  print_params_text(info.params);
}

/// "1:02:03", "4:05", "0:07": a duration for the progress line.
std::string clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const auto total = static_cast<long long>(seconds + 0.5);
  const long long h = total / 3600, m = (total / 60) % 60, sec = total % 60;
  return h > 0 ? fmt::format("{}:{:02}:{:02}", h, m, sec) : fmt::format("{}:{:02}", m, sec);
}

/// The progress display: a bar redrawn in place on a terminal, plain lines (about every 10% of
/// the runs) otherwise, nothing when quiet.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}

  void operator()(const Progress& p) {
    if (quiet_) return;
    const double rate =
        p.elapsed_seconds > 0 ? static_cast<double>(p.events) / p.elapsed_seconds : 0;
    const double left = p.runs_done > 0
                            ? p.elapsed_seconds * static_cast<double>(p.runs_total - p.runs_done) /
                                  static_cast<double>(p.runs_done)
                            : NAN;
    const bool last = p.runs_done == p.runs_total;
    const std::uint64_t all = p.runs_total + p.runs_before;
    const std::uint64_t done = p.runs_done + p.runs_before;
    const std::string figures =
        fmt::format("{}/{} runs  {}events/s  {} elapsed  {} left{}", done, all, human_rate(rate),
                    clock_text(p.elapsed_seconds), last ? "0:00" : clock_text(left),
                    p.stopping ? "  (stopping: finishing runs in progress)" : "");
    if (tty_) {
      // Redraw at most ten times a second; always draw the last state.
      const auto now = std::chrono::steady_clock::now();
      if (!last && now - last_draw_ < std::chrono::milliseconds(100)) return;
      last_draw_ = now;
      constexpr int width = 24;
      const int filled = all > 0 ? static_cast<int>(width * done / all) : width;
      const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                              std::string(static_cast<std::size_t>(width - filled), '.');
      fmt::print(stderr, "\r[{}] {}\033[K", bar, figures);
      if (last) fmt::print(stderr, "\n");
      std::fflush(stderr);
      return;
    }
    const std::uint64_t step = std::max<std::uint64_t>(1, p.runs_total / 10);
    if (p.runs_done % step == 0 || last) fmt::print(stderr, "progress: {}\n", figures);
  }

 private:
  bool quiet_;
  bool tty_;
  std::chrono::steady_clock::time_point last_draw_{};
};

/// Ctrl-C (SIGINT) and SIGTERM: the first asks the runner to finish the runs in progress and
/// stop, the second abandons them; finished runs are always kept.
std::atomic<int> stop_requests{0};

extern "C" void on_stop_signal(int) {
  const int n = stop_requests.fetch_add(1) + 1;
  const char* text = n == 1 ? "\nhearsay: stopping after the runs in progress (press Ctrl-C again "
                              "to abandon them); finished runs are kept\n"
                            : "\nhearsay: abandoning the runs in progress\n";
  std::size_t length = 0;
  while (text[length] != '\0') ++length;
  if (write(STDERR_FILENO, text, length) < 0) {
  }
}

/// Ctrl-C and SIGTERM during a merge: stop at the next shard; nothing is written.
extern "C" void on_merge_stop_signal(int) {
  stop_requests.fetch_add(1);
  const char text[] = "\nhearsay: stopping the merge; the output keeps what it held\n";
  if (write(STDERR_FILENO, text, sizeof text - 1) < 0) {
  }
}

void install_stop_handlers(void (*handler)(int) = on_stop_signal) {
  static_assert(std::atomic<int>::is_always_lock_free);
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // Past a file size limit (ulimit -f) a write should fail with an error we can report, not
  // kill the process.
  signal(SIGXFSZ, SIG_IGN);
}

ShardSpec parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  unsigned long index = 0, count = 0;
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < text.size() &&
            text.find_first_not_of("0123456789/") == std::string::npos &&
            text.find('/', slash + 1) == std::string::npos;
  if (ok) {
    try {
      index = std::stoul(text.substr(0, slash));
      count = std::stoul(text.substr(slash + 1));
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || count == 0 || index >= count || count > 1000000)
    throw UsageError("--shard " + text +
                     ": expected i/n with 0 <= i < n <= 1000000, e.g. --shard 0/8 for the first "
                     "of 8 shards");
  return ShardSpec{static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(count)};
}

/// Bytes of memory this process may still use: MemAvailable, capped by a cgroup (v2 or v1)
/// limit when it runs in a container. 0 when unknown.
std::uint64_t available_memory_bytes() {
  std::uint64_t available = 0;
  {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit)
      if (key == "MemAvailable:") {
        available = kib * 1024;
        break;
      }
  }
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    try {
      const std::uint64_t limit = std::stoull(text);
      if (limit > 0 && (available == 0 || limit < available)) available = limit;
    } catch (const std::exception&) {
    }
  }
  return available;
}

/// "8G", "500M", "1.5GB", "2048": bytes (K/M/G/T are powers of 1024).
std::uint64_t parse_size(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  double scale = 0;
  if (unit.empty())
    scale = 1;
  else if (unit == "K" || unit == "k")
    scale = 1024.0;
  else if (unit == "M" || unit == "m")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "t")
    scale = 1024.0 * 1024 * 1024 * 1024;
  if (used == 0 || scale == 0 || !(value > 0) || !std::isfinite(value * scale) ||
      value * scale > 1.8e19)
    throw UsageError("--max-memory " + text +
                     ": expected a size such as 500M, 8G or 1.5T (K, M, G, T are powers of 1024)");
  return static_cast<std::uint64_t>(value * scale);
}

/// "arm soft, model.beta = 0.2": a point's arm and swept values.
std::string point_text(const Scenario& scenario, std::size_t p) {
  const ScenarioPoint& point = scenario.points[p];
  std::string text;
  if (!point.arm.empty()) text = "arm " + point.arm;
  for (std::size_t k = 0; k < scenario.swept_keys.size() && k < point.values.size(); ++k)
    text += (text.empty() ? "" : ", ") + scenario.swept_keys[k] + " = " + point.values[k].text;
  return text;
}

}  // namespace

int run(const RunCommand& command) {
  const Scenario scenario = load_scenario(command.scenario, command.overrides, model_registry());
  const ModelEntry& model = model_of(scenario);
  RunOptions options;
  if (!command.shard.empty()) options.shard = parse_shard(command.shard);
  std::string output = default_output(command, scenario);
  if (options.shard.count > 1 && command.output.empty()) {
    // Shards of one plan sit side by side: results.shard-0-of-8.h5, ...
    const fs::path path(output);
    output = (path.parent_path() /
              (path.stem().string() + ".shard-" + std::to_string(options.shard.index) + "-of-" +
               std::to_string(options.shard.count) + path.extension().string()))
                 .string();
  }
  if (command.resume && command.force) {
    fmt::print(stderr, "error: --resume keeps {} and --force replaces it: give one of them\n",
               output);
    return 2;
  }
  const bool root = command.ranks.rank == 0;
  // (Under MPI only rank 0 looks at the file: the writer refuses it there, and tells the others.)
  if (command.ranks.size == 1 && occupied(output) && !command.force && !command.resume) {
    fmt::print(stderr,
               "error: {} exists; use --resume to finish its missing runs, or --force to "
               "overwrite it\n",
               output);
    return 1;
  }
  // What --force may not replace (anything but a regular file, an input) is refused before
  // anything is built; the writer checks again under its lock.
  if (command.ranks.size == 1 && occupied(output)) {
    if (command.resume)
      check_changeable(output, scenario_inputs(scenario));
    else
      check_replaceable(output,
                        {.overwrite = true, .inputs = scenario_inputs(scenario), .exists_fix = ""});
  }
  // A plan that cannot fit is refused before anything is built or written.
  {
    const unsigned threads =
        command.threads > 0 ? command.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::uint64_t needed = estimate_memory_bytes(scenario, model, threads);
    const std::uint64_t limit =
        command.max_memory.empty() ? available_memory_bytes() : parse_size(command.max_memory);
    if (limit > 0 && needed > limit) {
      const std::uint64_t one = estimate_memory_bytes(scenario, model, 1);
      throw RuntimeError(fmt::format(
          "{}: this run would need about {} of memory with {} thread{} (estimate: networks, "
          "model state and output buffers of the runs in progress), but {} {}; {}use a smaller "
          "network or fewer brands, or raise --max-memory if the estimate is too pessimistic",
          command.scenario, human_bytes(static_cast<double>(needed)), threads,
          threads == 1 ? "" : "s", human_bytes(static_cast<double>(limit)),
          command.max_memory.empty() ? "are available" : "is the --max-memory limit",
          threads > 1 && one <= limit ? fmt::format("run with --threads 1 (about {}), or ",
                                                    human_bytes(static_cast<double>(one)))
                                      : std::string()));
    }
  }
  const bool talk = root && !command.quiet;
  const std::uint64_t runs = std::uint64_t{scenario.replications} * scenario.points.size();
  if (talk) {
    const std::string plan = scenario.points.size() > 1
                                 ? fmt::format("{} points x {} replications",
                                               scenario.points.size(), scenario.replications)
                                 : fmt::format("{} replications", scenario.replications);
    fmt::print(
        stderr, "hearsay {}: scenario '{}', model {}, {}{}{} -> {}{}\n", hearsay_version(),
        scenario.name, model.info.name, plan,
        options.shard.count > 1 ? ", shard " + shard_text(options.shard) : std::string(),
        command.ranks.size > 1 ? fmt::format(", {} MPI ranks", command.ranks.size) : std::string(),
        output,
        command.resume ? (occupied(output) ? " (resuming)" : " (nothing to resume: new file)")
                       : "");
  }
  options.output_path = output;
  options.overwrite = command.force;
  options.inputs = scenario_inputs(scenario);
  options.resume = command.resume;
  options.threads = command.threads;
  options.ranks = command.ranks;
  options.on_progress = ProgressPrinter(!talk);
  options.provenance["command_line"] = command.command_line;
  options.provenance["scenario_file"] =
      command.scenario == "-" ? std::string(stdin_name) : fs::absolute(command.scenario).string();
#ifdef HEARSAY_GIT_REVISION
  options.provenance["git_revision"] = HEARSAY_GIT_REVISION;
#endif
  stop_requests.store(0);
  install_stop_handlers();
  options.stop = &stop_requests;
  const ScenarioResult result = run_scenario(scenario, model, options);
  if (!root) return 0;
  if (result.stopped) {
    std::uint64_t kept = 0;
    for (RunStatus s : result.status) kept += s != RunStatus::pending;
    fmt::print(
        stderr,
        "stopped: {} of {} runs are in {} (it says it is incomplete); finish it with\n"
        "  hearsay run {}{}{} --resume -o {}\n",
        kept, runs, output, command.scenario,
        options.shard.count > 1 ? " --shard " + shard_text(options.shard) : std::string(),
        [&] {
          std::string sets;
          for (const std::string& o : command.overrides) sets += " --set '" + o + "'";
          return sets;
        }(),
        output);
    return 130;
  }
  if (command.quiet) return 0;
  std::size_t bad = 0, ended = 0;
  for (RunStatus s : result.status) {
    ended += s != RunStatus::pending;
    bad += s == RunStatus::truncated || s == RunStatus::failed;
  }
  fmt::print("wrote {}\n", output);
  fmt::print(
      "{} runs ended ({} truncated or failed){}, {} events in {:.2f} s wall ({}events/s per "
      "core)\n",
      ended, bad,
      result.runs_before > 0 ? fmt::format(", {} of them from before", result.runs_before)
                             : std::string(),
      result.events, result.wall_seconds,
      human_rate(result.run_seconds > 0 ? static_cast<double>(result.events) / result.run_seconds
                                        : 0));
  if (result.network_nodes > 0)
    fmt::print("network: {} nodes, {} edges\n", result.network_nodes, result.network_edges);
  constexpr std::size_t max_tables = 12;
  if (scenario.points.size() > max_tables) {
    fmt::print(
        "\n{} points: too many for tables here; see `hearsay info {}` and "
        "`python3 -m hearsay.report {}`\n",
        scenario.points.size(), output, output);
    return 0;
  }
  for (std::size_t p = 0; p < scenario.points.size(); ++p) {
    std::vector<std::size_t> cells;
    for (std::size_t r = 0; r < scenario.replications; ++r)
      if (!result.summary[p * scenario.replications + r].empty())
        cells.push_back(p * scenario.replications + r);
    if (scenario.points.size() > 1) fmt::print("\n== point {}: {}\n", p, point_text(scenario, p));
    if (cells.empty()) {
      fmt::print("(no runs of this point ended here)\n");
      continue;
    }
    print_summary_table(result, cells);
  }
  return 0;
}

int merge(const std::vector<std::string>& shards, const std::string& output, bool force, bool quiet,
          const std::string& command_line) {
  // Ctrl-C or SIGTERM: stop between shards; the output keeps what it held, the temporary file
  // goes.
  stop_requests.store(0);
  install_stop_handlers(on_merge_stop_signal);
  if (!merge_shards(shards, output, force, {{"command_line", command_line}}, &stop_requests)) {
    fmt::print(stderr, "stopped: {} was not written{}\n", output,
               occupied(output) ? " (it holds what it held before)" : "");
    return 130;
  }
  if (!quiet) {
    const ResultsInfo info = read_results_info(output);
    fmt::print(
        "wrote {}: {} points x {} replications from {} shards ({} runs done, {} truncated, "
        "{} failed)\n",
        output, info.points, info.replications, shards.size(), info.runs_done, info.runs_truncated,
        info.runs_failed);
  }
  return 0;
}

int check(const std::string& path, const std::vector<std::string>& overrides) {
  const Scenario scenario = load_scenario(path, overrides, model_registry());
  const ModelEntry& model = model_of(scenario);
  const TimeGrid grid = make_time_grid(scenario.time.end, scenario.time.sample_every);
  fmt::print("{}", scenario.resolved_yaml);
  if (!scenario.resolved_yaml.empty() && scenario.resolved_yaml.back() != '\n') fmt::print("\n");
  fmt::print("---\n# ok: {} is valid\n", path);
  const std::size_t points = scenario.points.size();
  fmt::print("# runs: {} ({} point{} x {} replications)\n", points * scenario.replications, points,
             points == 1 ? "" : "s", scenario.replications);
  if (points > 1) {
    constexpr std::size_t shown = 20;
    for (std::size_t p = 0; p < std::min(points, shown); ++p)
      fmt::print("#   point {}: {}\n", p, point_text(scenario, p));
    if (points > shown) fmt::print("#   ... and {} more\n", points - shown);
  }
  fmt::print("# samples per run: {} (every {} d up to {} d)\n", grid.times.size(),
             scenario.time.sample_every, scenario.time.end);
  if (!scenario.brands.empty()) {
    std::string brands;
    for (const BrandSpec& brand : scenario.brands) {
      brands += (brands.empty() ? "" : ", ") + brand.name;
      if (!brand.style.empty()) brands += " (" + brand.style + ")";
      if (!brand.campaign.empty())
        brands += fmt::format(" [{} campaign phase{}]", brand.campaign.size(),
                              brand.campaign.size() == 1 ? "" : "s");
    }
    fmt::print("# brands: {}: {}\n", scenario.brands.size(), brands);
  }
  if (scenario.output_cascades) fmt::print("# cascades: recorded in /cascades\n");
  const unsigned threads = std::thread::hardware_concurrency();
  const std::uint64_t needed = estimate_memory_bytes(scenario, model, threads);
  const std::uint64_t available = available_memory_bytes();
  fmt::print(
      "# estimated memory: {} with {} threads{}\n", human_bytes(static_cast<double>(needed)),
      threads,
      available == 0
          ? std::string()
          : fmt::format(" ({} available: {})", human_bytes(static_cast<double>(available)),
                        needed <= available ? "fits" : "does NOT fit; hearsay run will refuse it"));
  return 0;
}

int list_models() {
  for (const ModelEntry* model : model_registry().entries())
    fmt::print("{:<22} {}\n", model->info.name, model->info.summary);
  fmt::print("\nnetwork generators:\n");
  for (const GeneratorEntry* g : generator_registry().entries())
    fmt::print("{:<22} {}\n", g->info.name, g->info.summary);
  fmt::print("\n`hearsay describe NAME` prints the parameters of a model or generator.\n");
  return 0;
}

int describe(const std::string& name, bool markdown) {
  const ModelRegistry& models = model_registry();
  const GeneratorRegistry& generators = generator_registry();
  if (const ModelEntry* model = models.find(name)) {
    describe_model(*model, markdown);
    return 0;
  }
  if (const GeneratorEntry* generator = generators.find(name)) {
    describe_generator(generator->info, markdown);
    return 0;
  }
  std::string guess = models.closest(name);
  if (guess.empty()) guess = generators.closest(name);
  fmt::print(stderr, "error: no model or generator called '{}'{}\n  models: {}\n  generators: {}\n",
             name, guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess),
             fmt::join(models.names(), " "), fmt::join(generators.names(), " "));
  return 2;
}

int reference_markdown() {
  fmt::print("### Models\n\n");
  for (const ModelEntry* model : model_registry().entries()) describe_model(*model, true);
  fmt::print(
      "### Network generators\n\nEvery `network:` section also takes `fixed: true|false` "
      "(default false: a new network per replication; edge lists are always fixed).\n\n");
  for (const GeneratorEntry* g : generator_registry().entries()) describe_generator(g->info, true);
  return 0;
}

int network(const std::string& path, const std::vector<std::string>& overrides,
            const std::string& export_path, bool force, unsigned replication) {
  const Scenario scenario = load_scenario(path, overrides, model_registry());
  // Refused before the network is built (it may take long): an existing file without --force,
  // anything but a regular file, the scenario or the edge list this command reads.
  const ReplacePolicy export_policy{.overwrite = force,
                                    .inputs = scenario_inputs(scenario),
                                    .exists_fix = "use --force to overwrite it"};
  if (!export_path.empty()) check_replaceable(export_path, export_policy);
  if (!scenario.has_network) {
    fmt::print(stderr, "error: {}: model {} runs without a network\n", path, scenario.model.name);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  BuildReport report;
  const Network net = build_scenario_network(scenario, replication, &report);
  const double build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const NetworkStats s = network_stats(net);
  fmt::print("network: {} ({}{})\n", scenario.network.generator,
             net.directed() ? "directed" : "undirected",
             scenario.network.fixed ? ", fixed" : fmt::format(", replication {}", replication));
  fmt::print("nodes:               {}\n", s.nodes);
  fmt::print("edges:               {}\n", s.edges);
  fmt::print("degree:              mean {:.4f}, sd {:.4f}, min {}, max {}\n", s.mean_degree,
             s.degree_sd, s.min_degree, s.max_degree);
  fmt::print("isolated nodes:      {}\n", s.isolated);
  fmt::print("clustering:          global {:.4f}, mean local {:.4f}\n", s.clustering_global,
             s.clustering_mean_local);
  fmt::print(
      "components:          {} (largest {} nodes, {:.2f}%)\n", s.components, s.largest_component,
      s.nodes ? 100.0 * static_cast<double>(s.largest_component) / static_cast<double>(s.nodes)
              : 0.0);
  if (net.has_ties()) {
    std::uint64_t strong = 0;
    for (std::uint64_t a = 0; a < net.arcs(); ++a) strong += net.tie(a) == Tie::strong;
    fmt::print("ties:                {} strong, {} weak (arcs)\n", strong, net.arcs() - strong);
  }
  if (report.self_loops || report.duplicates)
    fmt::print("dropped:             {} self-loops, {} duplicate edges\n", report.self_loops,
               report.duplicates);
  fmt::print("memory:              {}\n", human_bytes(static_cast<double>(net.memory_bytes())));
  fmt::print("built in:            {:.3f} s\n", build_seconds);
  if (!export_path.empty()) {
    write_edge_list(net, export_path, export_policy);
    fmt::print("exported edge list:  {}\n", export_path);
  }
  return 0;
}

int info(const std::string& path) {
  // A run may be writing the file: reading it between two of its commits can fail (HDF5 has no
  // snapshot reads), so try again for a little while before reporting it.
  ResultsInfo r;
  for (int attempt = 0;; ++attempt) {
    try {
      r = read_results_info(path);
      break;
    } catch (const RuntimeError& e) {
      const std::string writer = lock_holder(path);
      if (writer.empty()) throw;
      if (attempt == 20)
        throw RuntimeError(
            fmt::format("{} (it is being written by {}; try again)", e.what(), writer));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  fmt::print("file:            {}\n", path);
  if (const std::string writer = lock_holder(path); !writer.empty())
    fmt::print("being written:   by {}\n", writer);
  fmt::print("format:          {} version {} (written by hearsay {})\n", r.format, r.format_version,
             r.hearsay_version);
  fmt::print("complete:        {}\n", r.complete ? "yes" : "no");
  if (r.shard.count > 1) {
    const std::uint64_t tasks = std::uint64_t{r.points} * r.replications;
    fmt::print(
        "shard:           {} (tasks {} to {} of {}; join the shards with hearsay merge), {}\n",
        shard_text(r.shard), shard_begin(r.shard, tasks), shard_end(r.shard, tasks) - 1, tasks,
        r.shard_complete ? "finished" : "not finished");
  }
  fmt::print("model:           {}\n", r.model);
  if (r.brands.empty())
    fmt::print("dimensions:      point {} x replication {} x time {}\n", r.points, r.replications,
               r.times);
  else
    fmt::print("dimensions:      point {} x replication {} x brand {} x time {}\n", r.points,
               r.replications, r.brands.size(), r.times);
  if (!r.brands.empty()) fmt::print("brands:          {}\n", join_names(r.brands, false));
  if (!r.point_columns.empty()) {
    fmt::print("points:          /points/");
    for (std::size_t c = 0; c < r.point_columns.size(); ++c)
      fmt::print("{}{}", c ? ", /points/" : "", r.point_columns[c].name);
    fmt::print("\n");
    constexpr std::uint32_t shown = 20;
    for (std::uint32_t p = 0; p < std::min(r.points, shown); ++p) {
      std::string text;
      for (const PointColumn& column : r.point_columns)
        text += (text.empty() ? "" : ", ") + column.name + " = " +
                (column.numeric ? fmt::format("{}", column.numbers[p]) : column.texts[p]);
      fmt::print("  point {:<9} {}\n", p, text);
    }
    if (r.points > shown) fmt::print("  ... and {} more\n", r.points - shown);
  }
  if (r.has_cascades) fmt::print("cascades:        {} rows\n", r.cascade_rows);
  fmt::print("runs:            {} done, {} pending, {} truncated, {} failed\n", r.runs_done,
             r.runs_pending, r.runs_truncated, r.runs_failed);
  fmt::print("events:          {}\n", r.total_events);
  fmt::print("series:\n");
  for (const MetricSpec& m : r.series)
    fmt::print("  /series/{:<22} {:<8} {}{}\n", m.name, m.unit, m.description,
               m.per_brand ? " (per brand)" : "");
  fmt::print("summaries:\n");
  for (const MetricSpec& m : r.summaries)
    fmt::print("  /summary/{:<21} {:<8} {}{}\n", m.name, m.unit, m.description,
               m.per_brand ? " (per brand)" : "");
  if (!r.provenance.empty()) {
    fmt::print("provenance:\n");
    for (const auto& [key, value] : r.provenance) fmt::print("  {:<16} {}\n", key, value);
  }
  fmt::print("scenario:\n");
  std::size_t start = 0;
  while (start < r.scenario_yaml.size()) {
    std::size_t end = r.scenario_yaml.find('\n', start);
    if (end == std::string::npos) end = r.scenario_yaml.size();
    fmt::print("  | {}\n", r.scenario_yaml.substr(start, end - start));
    start = end + 1;
  }
  return 0;
}

}  // namespace hearsay::cli
