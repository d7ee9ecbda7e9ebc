// `hearsay run`: checks before anything is built, the run itself, and the closing report.
#include <fmt/core.h>

#include <filesystem>
#include <thread>

#include "models/registry.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/memory.hpp"
#include "sim/app/progress.hpp"
#include "sim/app/signals.hpp"
#include "sim/app/summary_table.hpp"
#include "sim/app/support.hpp"
#include "sim/core/error.hpp"
#include "sim/files/safe_write.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"

namespace hearsay::cli {
namespace {

namespace fs = std::filesystem;

std::string default_output(const RunCommand& command, const Scenario& scenario) {
  if (!command.output.empty()) return command.output;
  if (!scenario.output_path.empty()) return scenario.output_path;
  if (command.scenario == "-")
    throw UsageError(
        "the scenario comes from standard input and names no output.path: give the results file "
        "with -o");
  return fs::path(command.scenario).stem().string() + ".h5";
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

/// Refuses (RuntimeError) a plan whose estimated peak memory exceeds --max-memory or, without
/// it, the memory available now.
void check_memory(const RunCommand& command, const Scenario& scenario, const ModelEntry& model) {
  const unsigned threads =
      command.threads > 0 ? command.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::uint64_t needed = estimate_memory_bytes(scenario, model, threads);
  const std::uint64_t limit =
      command.max_memory == 0 ? available_memory_bytes() : command.max_memory;
  if (limit > 0 && needed > limit) {
    const std::uint64_t one = estimate_memory_bytes(scenario, model, 1);
    throw RuntimeError(fmt::format(
        "{}: this run would need about {} of memory with {} thread{} (estimate: networks, "
        "model state and output buffers of the runs in progress), but {} {}; {}use a smaller "
        "network or fewer brands, or raise --max-memory if the estimate is too pessimistic",
        command.scenario, human_bytes(static_cast<double>(needed)), threads,
        threads == 1 ? "" : "s", human_bytes(static_cast<double>(limit)),
        command.max_memory == 0 ? "are available" : "is the --max-memory limit",
        threads > 1 && one <= limit ? fmt::format("run with --threads 1 (about {}), or ",
                                                  human_bytes(static_cast<double>(one)))
                                    : std::string()));
  }
}

/// The opening line on standard error: what runs, where to.
void announce(const RunCommand& command, const Scenario& scenario, const ModelEntry& model,
              ShardSpec shard, const std::string& output) {
  const std::string plan = scenario.points.size() > 1
                               ? fmt::format("{} points x {} replications", scenario.points.size(),
                                             scenario.replications)
                               : fmt::format("{} replications", scenario.replications);
  fmt::print(
      stderr, "hearsay {}: scenario '{}', model {}, {}{}{} -> {}{}\n", hearsay_version(),
      scenario.name, model.info.name, plan,
      shard.count > 1 ? ", shard " + shard_text(shard) : std::string(),
      command.ranks.size > 1 ? fmt::format(", {} MPI ranks", command.ranks.size) : std::string(),
      output,
      command.resume ? (occupied(output) ? " (resuming)" : " (nothing to resume: new file)") : "");
}

/// After a stop: how much the file holds and the command that finishes it.
void report_stop(const RunCommand& command, const ScenarioResult& result, ShardSpec shard,
                 const std::string& output, std::uint64_t runs) {
  std::uint64_t kept = 0;
  for (RunStatus s : result.status) kept += s != RunStatus::pending;
  std::string sets;
  for (const std::string& o : command.overrides) sets += fmt::format(" --set '{}'", o);
  fmt::print(stderr,
             "stopped: {} of {} runs are in {} (it says it is incomplete); finish it with\n"
             "  hearsay run {}{}{} --resume -o {}\n",
             kept, runs, output, command.scenario,
             shard.count > 1 ? " --shard " + shard_text(shard) : std::string(), sets, output);
}

/// The closing report: what ended, the events, the network, and a table per point.
void report_result(const Scenario& scenario, const ScenarioResult& result,
                   const std::string& output) {
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
    return;
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
  check_memory(command, scenario, model);
  const bool talk = root && !command.quiet;
  const std::uint64_t runs = std::uint64_t{scenario.replications} * scenario.points.size();
  if (talk) announce(command, scenario, model, options.shard, output);
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
    report_stop(command, result, options.shard, output, runs);
    return 130;
  }
  if (command.quiet) return 0;
  report_result(scenario, result, output);
  return 0;
}

}  // namespace hearsay::cli
