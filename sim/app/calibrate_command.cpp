// `hearsay calibrate`: fits a scenario's uncertain keys to observed series by ABC-SMC, each
// generation's particles run as the points of an ordinary plan, the file rewritten whole after
// each generation so a stop loses at most the generation in progress. Under mpirun every rank
// runs its share of each batch (sim/app/calibration_ranks.hpp); rank 0 writes the file.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <mutex>

#include "models/registry.hpp"
#include "sim/app/calibration_ranks.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/signals.hpp"
#include "sim/app/support.hpp"
#include "sim/calibrate/abc_smc.hpp"
#include "sim/calibrate/distance.hpp"
#include "sim/calibrate/observed_data.hpp"
#include "sim/core/error.hpp"
#include "sim/engine/time_grid.hpp"
#include "sim/files/safe_write.hpp"
#include "sim/results/calibration_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/calibration.hpp"

namespace hearsay::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// The columns the data must have, one per matched series: "metric", or for a per-brand metric
/// "metric.BRAND" (or plain "metric" when that metric is matched for one brand only).
std::vector<calibrate::WantedColumn> wanted_columns(const CalibrationSpec& spec) {
  std::vector<calibrate::WantedColumn> wanted;
  for (const MatchedMetric& m : spec.match) {
    calibrate::WantedColumn w;
    if (m.brand.empty()) {
      w.names.push_back(m.metric);
    } else {
      w.names.push_back(m.metric + "." + m.brand);
      const auto same = std::count_if(spec.match.begin(), spec.match.end(),
                                      [&](const MatchedMetric& o) { return o.metric == m.metric; });
      if (same == 1) w.names.push_back(m.metric);
    }
    wanted.push_back(std::move(w));
  }
  return wanted;
}

/// Where each matched series starts in a run's RunOutput::series.
std::vector<std::size_t> series_offsets(const CalibrationSpec& spec, const ModelInfo& info,
                                        std::size_t brands, std::size_t times) {
  std::vector<std::size_t> start(info.series.size());
  std::size_t at = 0;
  for (std::size_t i = 0; i < info.series.size(); ++i) {
    start[i] = at;
    at += (info.series[i].per_brand ? brands : 1) * times;
  }
  std::vector<std::size_t> offsets;
  for (const MatchedMetric& m : spec.match)
    offsets.push_back(start[m.index] + m.brand_index * times);
  return offsets;
}

/// Weighted mean and 5% / 95% quantiles of parameter `a` in generation `g`.
struct Marginal {
  double mean = 0, low = 0, high = 0;
};

Marginal marginal(const calibrate::Generation& g, std::size_t a) {
  std::vector<std::pair<double, double>> v;
  Marginal m;
  for (std::size_t i = 0; i < g.weights.size(); ++i) {
    v.emplace_back(g.particles[i * g.dims + a], g.weights[i]);
    m.mean += g.weights[i] * g.particles[i * g.dims + a];
  }
  std::sort(v.begin(), v.end());
  double sum = 0;
  bool low_set = false;
  for (const auto& [x, w] : v) {
    sum += w;
    if (!low_set && sum >= 0.05) {
      m.low = x;
      low_set = true;
    }
    if (sum >= 0.95) {
      m.high = x;
      break;
    }
  }
  if (sum < 0.95) m.high = v.back().first;
  return m;
}

/// The file's record of what is being calibrated, before any generation.
results::CalibrationRecord start_record(const CalibrationScenario& c, const ModelEntry& model,
                                        const calibrate::ObservedData& data,
                                        const calibrate::Distance& distance,
                                        const calibrate::AbcSettings& settings) {
  results::CalibrationRecord r;
  r.scenario_name = c.scenario.name;
  r.model = model.info.name;
  r.scenario_yaml = c.scenario.resolved_yaml;
  r.settings = settings;
  for (const design::UncertainKey& key : c.priors) {
    r.parameters.push_back(key.key);
    r.priors.push_back(key.written);
  }
  r.observed_file = fs::absolute(data.file).string();
  for (const MatchedMetric& m : c.spec.match)
    r.columns.push_back(m.brand.empty() ? m.metric : m.metric + "." + m.brand);
  r.observed_times = data.times;
  r.observed_values = data.values;
  r.scales = distance.scales();
  return r;
}

/// Refuses (StartError) to resume a file of another calibration.
void check_same(const results::CalibrationRecord& file, const results::CalibrationRecord& now,
                const std::string& path) {
  std::string what;
  if (file.scenario_yaml != now.scenario_yaml)
    what = "scenario (after --set)";
  else if (file.parameters != now.parameters || file.priors != now.priors)
    what = "uncertain keys";
  else if (file.observed_times != now.observed_times || file.columns != now.columns ||
           !std::equal(file.observed_values.begin(), file.observed_values.end(),
                       now.observed_values.begin(), now.observed_values.end(),
                       [](const std::vector<double>& a, const std::vector<double>& b) {
                         return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                                           [](double x, double y) {
                                             return x == y || (std::isnan(x) && std::isnan(y));
                                           });
                       }))
    what = "observed data";
  else if (file.settings.particles != now.settings.particles ||
           file.settings.seed != now.settings.seed ||
           file.settings.quantile != now.settings.quantile)
    what = "calibration settings";
  if (!what.empty())
    throw StartError(fmt::format(
        "{} holds a calibration with another {}: --resume continues the same calibration only; "
        "use --force to start a new one there, or another -o",
        path, what));
}

/// The progress display: one line per generation, and on a terminal the runs of the
/// generation in progress redrawn in place.
class CalibrationProgress {
 public:
  explicit CalibrationProgress(bool quiet) : quiet_(quiet), tty_(isatty(2) != 0) {}

  void runs(unsigned generation, std::uint64_t done) {
    if (quiet_ || !tty_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    fmt::print(stderr, "\rgeneration {}: {} runs\033[K", generation, done);
    std::fflush(stderr);
  }

  void generation(unsigned t, const calibrate::Generation& g, double seconds) {
    if (quiet_) return;
    fmt::print(stderr,
               "{}generation {}: tolerance {:.4g}, accepted {} of {} proposals ({:.1f}%), "
               "{:.1f} s\n",
               tty_ ? "\r\033[K" : "", t, g.tolerance, g.accepted, g.proposed,
               100.0 * static_cast<double>(g.accepted) / static_cast<double>(g.proposed), seconds);
  }

 private:
  bool quiet_, tty_;
  Clock::time_point last_{};
};

void report_posterior(const results::CalibrationRecord& r, const std::string& output) {
  const calibrate::Generation& g = r.generations.back();
  fmt::print("wrote {}\n", output);
  fmt::print("stopped after {} generations ({}); final tolerance {:.4g}\n", r.generations.size(),
             r.stop_reason, g.tolerance);
  fmt::print("{:<32} {:>12} {:>12} {:>12}\n", "posterior", "mean", "5%", "95%");
  for (std::size_t a = 0; a < r.parameters.size(); ++a) {
    const Marginal m = marginal(g, a);
    fmt::print("{:<32} {:>12.5g} {:>12.5g} {:>12.5g}\n", r.parameters[a], m.mean, m.low, m.high);
  }
}

/// The exclusive lock on the output, once what is there may be replaced (or, resuming,
/// changed): StartError (exit 1) otherwise.
OutputLock lock_output(const std::string& output, const std::vector<std::string>& inputs,
                       bool resume) {
  try {
    OutputLock lock(output, LockMode::exclusive);
    if (occupied(output)) {
      if (resume)
        check_changeable(output, inputs);
      else
        check_replaceable(output, {.overwrite = true, .inputs = inputs, .exists_fix = ""});
    }
    return lock;
  } catch (const RuntimeError& e) {
    throw StartError(e.what());
  }
}

/// Takes the finished generations (and the stop reason) of the calibration in `output`, which
/// must be the one `record` describes.
void resume_from(const std::string& output, results::CalibrationRecord& record) {
  results::CalibrationRecord before;
  try {
    before = results::read_calibration(output);
  } catch (const RuntimeError& e) {
    throw StartError(e.what());
  }
  check_same(before, record, output);
  record.generations = std::move(before.generations);
  record.stop_reason = before.stop_reason;
}

}  // namespace

int calibrate(const CalibrateCommand& command) {
  if (command.resume && command.force)
    throw UsageError("--resume keeps the file and --force replaces it: give one of them");
  const ModelRegistry& models = model_registry();
  const CalibrationScenario c = load_calibration(command.scenario, command.overrides, models);
  const ModelEntry& model = model_of(c.scenario);
  const calibrate::ObservedData data =
      calibrate::read_observed(command.observed, wanted_columns(c.spec));
  if (data.times.back() > c.scenario.time.end)
    throw DataFileError(fmt::format(
        "{}: the last observation (time {}) is after the scenario's end ({} d); drop the later "
        "rows or raise time.end",
        command.observed, data.times.back(), c.scenario.time.end));
  const std::string output = !command.output.empty()
                                 ? command.output
                                 : fs::path(command.scenario).stem().string() + "-calibration.h5";
  std::vector<std::string> inputs = scenario_inputs(c.scenario);
  inputs.push_back(command.observed);
  const RankSplit& ranks = command.ranks;
  const bool root = ranks.rank == 0;

  calibrate::AbcSettings settings;
  settings.particles = c.spec.particles;
  settings.generations = c.spec.generations;
  settings.min_acceptance = c.spec.min_acceptance;
  settings.quantile = c.spec.quantile;
  settings.min_tolerance_change = c.spec.min_tolerance_change;
  settings.seed = c.scenario.seed;
  const calibrate::Distance distance(data);
  results::CalibrationRecord record = start_record(c, model, data, distance, settings);

  // Rank 0 alone looks at the file; it tells the other ranks whether it could start, and where
  // a resumed calibration stands.
  OutputLock lock;
  bool resuming = false;
  CalibrationStart begun;
  if (root) {
    try {
      if (occupied(output) && !command.force && !command.resume)
        throw StartError(fmt::format(
            "{} exists; use --resume to go on with its calibration, or --force to overwrite it",
            output));
      lock = lock_output(output, inputs, command.resume);
      resuming = command.resume && occupied(output);
      if (resuming) resume_from(output, record);
    } catch (...) {
      begun.ok = false;
      share_start(ranks, begun);
      throw;
    }
    begun.generations = record.generations;
    begun.stop_reason = record.stop_reason;
  }
  share_start(ranks, begun);
  if (!begun.ok) throw StartError("rank 0 could not start the calibration");  // rank 0 says why
  if (!root) {  // (only rank 0 writes: `resuming` matters to it alone)
    record.generations = std::move(begun.generations);
    record.stop_reason = std::move(begun.stop_reason);
  }
  const bool talk = root && !command.quiet;
  if (talk)
    fmt::print(
        stderr, "hearsay {}: calibrating '{}' (model {}, {} keys) to {}, {} particles{} -> {}{}\n",
        hearsay_version(), c.scenario.name, model.info.name, c.priors.size(), command.observed,
        settings.particles,
        ranks.size > 1 ? fmt::format(", {} MPI ranks", ranks.size) : std::string(), output,
        resuming ? fmt::format(" (resuming after generation {})", record.generations.size() - 1)
                 : "");
  if (!record.stop_reason.empty()) {
    if (talk) report_posterior(record, output);
    return 0;
  }

  std::vector<design::Distribution> priors;
  for (const design::UncertainKey& key : c.priors) priors.push_back(key.distribution);
  const calibrate::AbcSmc abc(priors, settings);
  const TimeGrid grid = make_time_grid(c.scenario.time.end, c.scenario.time.sample_every);
  const std::vector<std::size_t> offsets =
      series_offsets(c.spec, model.info, c.scenario.brands.size(), grid.times.size());
  CalibrationProgress progress(!talk);
  stop_requests.store(0);
  install_stop_handlers();
  std::uint64_t runs_in_generation = 0;

  // One batch of candidates: the points of an ordinary plan, one replication each; under MPI,
  // this rank's share of them, the distances then summed over the ranks (0 where another rank
  // ran the candidate) and the ranks agreeing to stop when any of them was asked to.
  const calibrate::Simulate simulate =
      [&](unsigned t, const std::vector<std::uint64_t>& indices,
          const std::vector<std::vector<double>>& rows) -> std::optional<std::vector<double>> {
    std::vector<std::size_t> here;  // positions in the batch this rank runs
    std::vector<std::vector<double>> rows_here;
    std::vector<std::uint32_t> seeds;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!runs_here(ranks, i)) continue;
      here.push_back(i);
      rows_here.push_back(rows[i]);
      seeds.push_back(abc.seed_index(t, indices[i]));
    }
    std::vector<double> distances(rows.size(), 0.0);
    bool stopped = false;
    if (!here.empty()) {
      const Scenario batch = calibration_points(c, rows_here, seeds, models);
      for (const std::size_t i : here) distances[i] = std::numeric_limits<double>::infinity();
      RunOptions options;
      options.threads = command.threads;
      options.stop = &stop_requests;
      options.on_run = [&](std::uint32_t point, std::uint32_t, const RunOutput& out) {
        std::vector<std::span<const double>> series;
        for (const std::size_t offset : offsets)
          series.emplace_back(out.series.data() + offset, grid.times.size());
        distances[here[point]] = distance(grid.times, series);
      };
      options.on_progress = [&](const Progress& p) {
        progress.runs(t, runs_in_generation + p.runs_done * static_cast<std::uint64_t>(ranks.size));
      };
      const ScenarioResult result = run_scenario(batch, model, options);
      stopped = result.stopped;
    }
    stopped = stopped || stop_requests.load() > 0;
    if (ranks.size > 1) {
      if (ranks.any(stopped)) return std::nullopt;
      ranks.sum(distances);
    } else if (stopped) {
      return std::nullopt;
    }
    runs_in_generation += rows.size();
    return distances;
  };

  for (auto t = static_cast<unsigned>(record.generations.size());; ++t) {
    const auto start = Clock::now();
    runs_in_generation = 0;
    bool gave_up = false;
    std::optional<calibrate::Generation> g = abc.generation(
        t, record.generations.empty() ? nullptr : &record.generations.back(), simulate, &gave_up);
    if (!g && !gave_up) {
      if (talk)
        fmt::print(stderr,
                   "\nstopped: {} holds {} finished generations; go on with\n"
                   "  hearsay calibrate {} --observed {} -o {} --resume\n",
                   output, record.generations.size(), command.scenario, command.observed, output);
      return 130;
    }
    if (g) {
      progress.generation(t, *g, std::chrono::duration<double>(Clock::now() - start).count());
      record.generations.push_back(std::move(*g));
      record.stop_reason = calibrate::to_string(abc.stop_reason(record.generations));
    } else {
      if (record.generations.empty())
        throw RuntimeError(
            "the first generation, drawn from the prior, gave up: its runs all failed");
      record.stop_reason = calibrate::to_string(calibrate::StopReason::acceptance);
    }
    const bool first_write = record.generations.size() == 1 && !resuming;
    if (root)
      results::write_calibration(
          lock, {.overwrite = !first_write || command.force, .inputs = inputs, .exists_fix = ""},
          record);
    if (!record.stop_reason.empty()) break;
  }
  if (talk) report_posterior(record, output);
  return 0;
}

}  // namespace hearsay::cli
