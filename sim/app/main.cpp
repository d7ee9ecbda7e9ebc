// Entry point of the `hearsay` command line: parses arguments and dispatches to a subcommand.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/app/commands.hpp"
#ifdef HEARSAY_WITH_MPI
#include "sim/app/mpi_session.hpp"
#endif
#include "sim/core/error.hpp"
#include "sim/results/results_file.hpp"

namespace {

using namespace hearsay;

#ifdef HEARSAY_WITH_MPI
using MpiHolder = std::optional<cli::MpiSession>;  // MPI for the run's lifetime, when launched so
#else
struct MpiHolder {};
#endif

/// Ranks in the job when started by mpirun or srun (from their environment), else 1.
int ranks_from_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_NTASKS"})
    if (const char* value = std::getenv(name)) return std::max(1, std::atoi(value));
  return 1;
}

/// An argument error: CLI11's message, where to look, exit 2 (CLI11's own codes, 105 and the
/// like, mean nothing to a user). Help and --version reach here too, and end with success.
int argument_error(CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(error);
  std::vector<std::string> commands;
  for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    commands.push_back(command->get_name());
  const std::string list = fmt::format("{}", fmt::join(commands, ", "));
  // The command is the first word; a word that names none is a mistyped command.
  const std::string word = argc > 1 ? argv[1] : "";
  const bool is_command = std::find(commands.begin(), commands.end(), word) != commands.end();
  if (!word.empty() && word.front() != '-' && !is_command) {
    const std::string guess =
        hearsay::closest_match(word, commands.data(), commands.data() + commands.size());
    fmt::print(stderr, "hearsay: error: unknown command '{}'{}\n  commands: {}\n", word,
               guess.empty() ? std::string() : fmt::format("; did you mean '{}'?", guess), list);
    return 2;
  }
  if (is_command)
    fmt::print(stderr, "hearsay {}: error: {}\n  hint: `hearsay {} --help` lists its arguments\n",
               word, error.what(), word);
  else
    fmt::print(stderr, "hearsay: error: {}\n  hint: `hearsay --help` lists the commands ({})\n",
               error.what(), list);
  return 2;
}

/// --max-memory SIZE: CLI11's size units (b, k, m, g, t, with or without a trailing b; powers of
/// 1024), a whole number of them, more than 0.
CLI::Validator byte_size() {
  const CLI::AsSizeValue size(/*kb_is_1000=*/false);
  return CLI::Validator(
      [size](std::string& text) {
        const std::string given = text;
        std::uint64_t bytes = 0;
        try {
          size(text);
        } catch (const CLI::ValidationError&) {
          text.clear();
        }
        if (!CLI::detail::lexical_cast(text, bytes) || bytes == 0)
          throw CLI::ValidationError(
              given + ": expected a size such as 500M, 8G or 2T (K, M, G, T are powers of 1024)");
        return std::string();
      },
      "SIZE");
}

/// Every subcommand's arguments, as CLI11 fills them, and which subcommand was given.
struct CommandLine {
  cli::RunCommand run;
  cli::CalibrateCommand calibrate;
  std::vector<std::string> shards;
  std::string merge_output;
  bool merge_force = false, merge_quiet = false;
  std::string scenario;   ///< check and network
  bool no_pilot = false;  ///< check
  std::vector<std::string> overrides;
  std::string name;  ///< describe
  bool markdown = false, all = false;
  std::string export_path;  ///< network
  bool export_force = false;
  unsigned replication = 0;
  std::string results;     ///< info, export
  std::string csv_folder;  ///< export
  bool export_results_force = false, export_quiet = false;
  CLI::App *run_cmd = nullptr, *calibrate_cmd = nullptr, *merge_cmd = nullptr, *check_cmd = nullptr,
           *models_cmd = nullptr, *describe_cmd = nullptr, *network_cmd = nullptr,
           *info_cmd = nullptr, *export_cmd = nullptr;
};

void declare_run(CLI::App& app, CommandLine& c) {
  c.run_cmd = app.add_subcommand("run", "run a scenario and write its results (HDF5)");
  c.run_cmd->add_option("scenario", c.run.scenario, "scenario file (YAML)")->required();
  c.run_cmd->add_option("-o,--output", c.run.output,
                        "results file (default: output.path of the scenario, else <stem>.h5)");
  c.run_cmd->add_option("--threads", c.run.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  c.run_cmd->add_option("--set", c.run.overrides,
                        "override a scenario key: KEY=VALUE (repeatable)");
  c.run_cmd->add_flag("--quiet", c.run.quiet, "print nothing but errors");
  c.run_cmd->add_flag("--force", c.run.force, "overwrite an existing results file");
  c.run_cmd->add_flag("--resume", c.run.resume,
                      "finish the missing runs of an existing results file (after a crash, kill or "
                      "Ctrl-C); starts a new file if there is none");
  c.run_cmd->add_option(
      "--shard", c.run.shard,
      "run only shard i of n (i/n, 0 <= i < n) into its own file; join the shards "
      "with `hearsay merge`");

  c.run_cmd
      ->add_option("--max-memory", c.run.max_memory,
                   "refuse to start when the estimated peak memory exceeds SIZE (e.g. 8G, "
                   "500M; default: the memory available now)")
      ->transform(byte_size());
}

void declare_calibrate(CLI::App& app, CommandLine& c) {
  c.calibrate_cmd = app.add_subcommand(
      "calibrate",
      "fit a scenario's uncertain keys to observed series (ABC-SMC); write the posterior (HDF5)");
  c.calibrate_cmd->footer(
      "The scenario's uncertain: section gives the priors and its calibrate: section what to "
      "match, e.g.\n  calibrate: {match: [{metric: adopters}], method: abc-smc, particles: 1000}\n"
      "DATA.csv has a column time (days since the start) and one column per matched metric.\n"
      "Exit codes: 0 done, 1 the output could not be written or resumed, 2 bad input, 130 "
      "stopped (go on with --resume).");
  auto& cmd = *c.calibrate_cmd;
  cmd.add_option("scenario", c.calibrate.scenario, "calibration scenario file (YAML)")->required();
  cmd.add_option("--observed", c.calibrate.observed,
                 "observed data (CSV: time and one column per matched metric)")
      ->required();
  cmd.add_option("-o,--output", c.calibrate.output,
                 "calibration file (default: <scenario stem>-calibration.h5)");
  cmd.add_option("--threads", c.calibrate.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  cmd.add_option("--set", c.calibrate.overrides, "override a scenario key: KEY=VALUE (repeatable)");
  cmd.add_flag("--quiet", c.calibrate.quiet, "print nothing but errors");
  cmd.add_flag("--force", c.calibrate.force, "overwrite an existing calibration file");
  cmd.add_flag("--resume", c.calibrate.resume,
               "go on with the calibration in an existing file (after a kill or Ctrl-C); the "
               "result is the one an uninterrupted calibration gives");
}

void declare_others(CLI::App& app, CommandLine& c) {
  c.merge_cmd =
      app.add_subcommand("merge", "join the shard files of one scenario into one results file");
  c.merge_cmd->add_option("shards", c.shards, "shard files written by hearsay run --shard i/n")
      ->required();
  c.merge_cmd->add_option("-o,--output", c.merge_output, "merged results file")->required();
  c.merge_cmd->add_flag("--force", c.merge_force, "overwrite an existing results file");
  c.merge_cmd->add_flag("--quiet", c.merge_quiet, "print nothing but errors");

  c.check_cmd = app.add_subcommand("check", "validate a scenario without running it");
  c.check_cmd->add_option("scenario", c.scenario, "scenario file (YAML)")->required();
  c.check_cmd->add_option("--set", c.overrides, "override a scenario key: KEY=VALUE (repeatable)");
  c.check_cmd->add_flag("--no-pilot", c.no_pilot,
                        "do not time pilot runs (no time estimate; check returns at once)");

  c.models_cmd = app.add_subcommand("models", "list the models");

  c.describe_cmd = app.add_subcommand(
      "describe", "print a model's (or network generator's) parameters and metrics");
  c.describe_cmd->add_option("name", c.name, "model or generator name");
  c.describe_cmd->add_flag("--markdown", c.markdown, "print Markdown tables");
  c.describe_cmd->add_flag("--all", c.all, "every model and generator (the scenario reference)");

  c.network_cmd =
      app.add_subcommand("network", "build a scenario's network and print its statistics");
  c.network_cmd->add_option("scenario", c.scenario, "scenario file (YAML)")->required();
  c.network_cmd->add_option("--set", c.overrides,
                            "override a scenario key: KEY=VALUE (repeatable)");
  c.network_cmd->add_option("--export", c.export_path,
                            "write the network as an edge list (gzip when EDGES ends in .gz)");
  c.network_cmd->add_flag("--force", c.export_force, "overwrite an existing edge-list file");
  c.network_cmd->add_option("--replication", c.replication,
                            "which replication's network (default 0)");

  c.info_cmd = app.add_subcommand("info", "describe a results file");
  c.info_cmd->add_option("results", c.results, "results file (HDF5)")->required();

  c.export_cmd = app.add_subcommand(
      "export", "write a results file as tidy CSV tables (one row per point, run, brand, time)");
  c.export_cmd->add_option("results", c.results, "results file (HDF5)")->required();
  c.export_cmd
      ->add_option("--csv", c.csv_folder,
                   "folder for series.csv, brand_series.csv, summary.csv, brand_summary.csv "
                   "(created if absent)")
      ->required();
  c.export_cmd->add_flag("--force", c.export_results_force, "overwrite existing CSV files");
  c.export_cmd->add_flag("--quiet", c.export_quiet, "print nothing but errors");
}

std::string joined(int argc, char** argv) {
  return fmt::format("{}", fmt::join(std::span(argv, static_cast<std::size_t>(argc)), " "));
}

/// Runs the subcommand that was given; returns the exit code.
int dispatch(CommandLine& c, int argc, char** argv, [[maybe_unused]] MpiHolder& mpi) {
  if (*c.run_cmd) {
    c.run.command_line = joined(argc, argv);
    if (ranks_from_launcher() > 1) {
#ifdef HEARSAY_WITH_MPI
      mpi.emplace(argc, argv);
      c.run.ranks = mpi->rank_split();
#else
      std::fprintf(stderr,
                   "error: started by mpirun with %d ranks, but this hearsay was built without "
                   "MPI; rebuild with -DHEARSAY_MPI=ON, or use --shard i/n and hearsay merge\n",
                   ranks_from_launcher());
      return 2;
#endif
    }
    return cli::run(c.run);
  }
  if (*c.calibrate_cmd) {
    if (ranks_from_launcher() > 1) {
#ifdef HEARSAY_WITH_MPI
      mpi.emplace(argc, argv);
      c.calibrate.ranks = mpi->rank_split();
      c.run.ranks = c.calibrate.ranks;  // how errors are reported
#else
      std::fprintf(stderr,
                   "error: started by mpirun with %d ranks, but this hearsay was built without "
                   "MPI; rebuild with -DHEARSAY_MPI=ON\n",
                   ranks_from_launcher());
      return 2;
#endif
    }
    return cli::calibrate(c.calibrate);
  }
  if (*c.merge_cmd) {
    return cli::merge(c.shards, c.merge_output, c.merge_force, c.merge_quiet, joined(argc, argv));
  }
  if (*c.check_cmd) return cli::check(c.scenario, c.overrides, !c.no_pilot);
  if (*c.models_cmd) return cli::list_models();
  if (*c.describe_cmd) {
    if (c.all) return cli::reference_markdown();
    if (c.name.empty()) {
      std::fprintf(stderr, "hearsay describe: give a model or generator name, or --all\n");
      return 2;
    }
    return cli::describe(c.name, c.markdown);
  }
  if (*c.network_cmd)
    return cli::network(c.scenario, c.overrides, c.export_path, c.export_force, c.replication);
  if (*c.info_cmd) return cli::info(c.results);
  if (*c.export_cmd)
    return cli::export_results(c.results, c.csv_folder, c.export_results_force, c.export_quiet);
  return 0;
}

/// The message and exit code of an error that ended a command.
int report(std::exception_ptr error, const RankSplit& ranks) {
  // An error every rank meets the same way: rank 0 speaks for all, then every rank ends.
  auto common = [&](const char* prefix, const std::exception& e, int code) {
    if (ranks.rank == 0) std::fprintf(stderr, "%s%s\n", prefix, e.what());
    return code;
  };
  try {
    std::rethrow_exception(error);
  } catch (const ScenarioError& e) {
    // Every rank reads the same scenario and fails the same way.
    return common("", e, 2);
  } catch (const DataFileError& e) {
    // Bad input too: an edge list's or degree file's content, an input that is a device.
    return common("error: ", e, 2);
  } catch (const cli::UsageError& e) {
    return common("error: ", e, 2);
  } catch (const StartError& e) {
    // Nothing ran; under MPI every rank knows and ends normally, rank 0 says why.
    return common("error: ", e, 1);
  } catch (const std::exception& e) {
    const bool out_of_memory = dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
    const std::string what = out_of_memory ? std::string("out of memory") : e.what();
    if (ranks.size > 1) {
      std::fprintf(stderr, "error (MPI rank %d): %s\n", ranks.rank, what.c_str());
#ifdef HEARSAY_WITH_MPI
      cli::MpiSession::abort(1);  // the other ranks would wait for this one forever
#endif
    }
    std::fprintf(stderr, "error: %s\n", what.c_str());
    // After a failed write HDF5's own clean-up at exit can crash on the file it could not
    // close; everything of ours is closed or flushed by now, so leave without it.
    std::fflush(nullptr);
    std::_Exit(1);
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hearsay: exact discrete-event simulation of word of mouth on social networks"};
  app.require_subcommand(1);
  app.set_version_flag("-V,--version", std::string("hearsay ") + hearsay_version());
  CommandLine c;
  declare_run(app, c);
  declare_calibrate(app, c);
  declare_others(app, c);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return argument_error(app, e, argc, argv);
  }
  MpiHolder mpi;
  try {
    return dispatch(c, argc, argv, mpi);
  } catch (...) {
    return report(std::current_exception(), c.run.ranks);
  }
}
