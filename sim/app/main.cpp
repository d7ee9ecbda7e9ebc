// Entry point of the `hearsay` command line: parses arguments and dispatches to a subcommand.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "sim/app/commands.hpp"
#ifdef HEARSAY_WITH_MPI
#include "sim/app/mpi_session.hpp"
#endif
#include "sim/core/error.hpp"
#include "sim/results/results_file.hpp"

namespace {

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
  std::string list;
  for (const std::string& name : commands) list += (list.empty() ? "" : ", ") + name;
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

}  // namespace

int main(int argc, char** argv) {
  using namespace hearsay;
  CLI::App app{"hearsay: exact discrete-event simulation of word of mouth on social networks"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("hearsay ") + hearsay_version());

  cli::RunCommand run;
  auto* run_cmd = app.add_subcommand("run", "run a scenario and write its results (HDF5)");
  run_cmd->add_option("scenario", run.scenario, "scenario file (YAML)")->required();
  run_cmd->add_option("-o,--output", run.output,
                      "results file (default: output.path of the scenario, else <stem>.h5)");
  run_cmd->add_option("--threads", run.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  run_cmd->add_option("--set", run.overrides, "override a scenario key: KEY=VALUE (repeatable)");
  run_cmd->add_flag("--quiet", run.quiet, "print nothing but errors");
  run_cmd->add_flag("--force", run.force, "overwrite an existing results file");
  run_cmd->add_flag("--resume", run.resume,
                    "finish the missing runs of an existing results file (after a crash, kill or "
                    "Ctrl-C); starts a new file if there is none");
  run_cmd->add_option("--shard", run.shard,
                      "run only shard i of n (i/n, 0 <= i < n) into its own file; join the shards "
                      "with `hearsay merge`");

  run_cmd->add_option("--max-memory", run.max_memory,
                      "refuse to start when the estimated peak memory exceeds SIZE (e.g. 8G, "
                      "500M; default: the memory available now)");

  std::vector<std::string> shards;
  std::string merge_output;
  bool merge_force = false, merge_quiet = false;
  auto* merge_cmd =
      app.add_subcommand("merge", "join the shard files of one scenario into one results file");
  merge_cmd->add_option("shards", shards, "shard files written by hearsay run --shard i/n")
      ->required();
  merge_cmd->add_option("-o,--output", merge_output, "merged results file")->required();
  merge_cmd->add_flag("--force", merge_force, "overwrite an existing results file");
  merge_cmd->add_flag("--quiet", merge_quiet, "print nothing but errors");

  std::string scenario;
  std::vector<std::string> overrides;
  auto* check_cmd = app.add_subcommand("check", "validate a scenario without running it");
  check_cmd->add_option("scenario", scenario, "scenario file (YAML)")->required();
  check_cmd->add_option("--set", overrides, "override a scenario key: KEY=VALUE (repeatable)");

  auto* models_cmd = app.add_subcommand("models", "list the models");

  std::string name;
  bool markdown = false;
  auto* describe_cmd = app.add_subcommand(
      "describe", "print a model's (or network generator's) parameters and metrics");
  describe_cmd->add_option("name", name, "model or generator name");
  describe_cmd->add_flag("--markdown", markdown, "print Markdown tables");
  bool all = false;
  describe_cmd->add_flag("--all", all, "every model and generator (the scenario reference)");

  std::string export_path;
  bool export_force = false;
  unsigned replication = 0;
  auto* network_cmd =
      app.add_subcommand("network", "build a scenario's network and print its statistics");
  network_cmd->add_option("scenario", scenario, "scenario file (YAML)")->required();
  network_cmd->add_option("--set", overrides, "override a scenario key: KEY=VALUE (repeatable)");
  network_cmd->add_option("--export", export_path,
                          "write the network as an edge list (gzip when EDGES ends in .gz)");
  network_cmd->add_flag("--force", export_force, "overwrite an existing edge-list file");
  network_cmd->add_option("--replication", replication, "which replication's network (default 0)");

  std::string results;
  auto* info_cmd = app.add_subcommand("info", "describe a results file");
  info_cmd->add_option("results", results, "results file (HDF5)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return argument_error(app, e, argc, argv);
  }

#ifdef HEARSAY_WITH_MPI
  std::optional<cli::MpiSession> mpi;
#endif
  try {
    if (*run_cmd) {
      for (int i = 0; i < argc; ++i) run.command_line += (i ? " " : "") + std::string(argv[i]);
      if (ranks_from_launcher() > 1) {
#ifdef HEARSAY_WITH_MPI
        mpi.emplace(argc, argv);
        run.ranks = mpi->rank_split();
#else
        std::fprintf(stderr,
                     "error: started by mpirun with %d ranks, but this hearsay was built without "
                     "MPI; rebuild with -DHEARSAY_MPI=ON, or use --shard i/n and hearsay merge\n",
                     ranks_from_launcher());
        return 2;
#endif
      }
      return cli::run(run);
    }
    if (*merge_cmd) {
      std::string command_line;
      for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
      return cli::merge(shards, merge_output, merge_force, merge_quiet, command_line);
    }
    if (*check_cmd) return cli::check(scenario, overrides);
    if (*models_cmd) return cli::list_models();
    if (*describe_cmd) {
      if (all) return cli::reference_markdown();
      if (name.empty()) {
        std::fprintf(stderr, "hearsay describe: give a model or generator name, or --all\n");
        return 2;
      }
      return cli::describe(name, markdown);
    }
    if (*network_cmd)
      return cli::network(scenario, overrides, export_path, export_force, replication);
    if (*info_cmd) return cli::info(results);
  } catch (const ScenarioError& e) {
    // Every rank reads the same scenario and fails the same way: rank 0 speaks for all.
    if (run.ranks.rank == 0) std::fprintf(stderr, "%s\n", e.what());
    return 2;
  } catch (const DataFileError& e) {
    // Bad input too: an edge list's or degree file's content, an input that is a device.
    if (run.ranks.rank == 0) std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const cli::UsageError& e) {
    if (run.ranks.rank == 0) std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const StartError& e) {
    // Nothing ran; under MPI every rank knows and ends normally, rank 0 says why.
    if (run.ranks.rank == 0) std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    const bool out_of_memory = dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
    const std::string what = out_of_memory ? std::string("out of memory") : e.what();
    if (run.ranks.size > 1) {
      std::fprintf(stderr, "error (MPI rank %d): %s\n", run.ranks.rank, what.c_str());
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
  return 0;
}
