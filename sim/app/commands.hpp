// The subcommands of the `hearsay` command line; each returns the process exit code.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/run/runner.hpp"

namespace hearsay::cli {

/// A command-line value that makes no sense (`--shard 3/2`, `--max-memory lots`): exit 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RunCommand {
  std::string scenario;
  std::string output;  ///< -o; empty = output.path from the scenario, else <stem>.h5 here
  unsigned threads = 0;
  std::vector<std::string> overrides;
  bool quiet = false;
  bool force = false;
  bool resume = false;
  std::string shard;             ///< --shard i/n; empty = the whole plan
  std::uint64_t max_memory = 0;  ///< --max-memory SIZE, bytes; 0 = the memory available now
  std::string command_line;
  RankSplit ranks;  ///< MPI ranks, when launched by mpirun
};

int run(const RunCommand& command);

struct CalibrateCommand {
  std::string scenario;
  std::string observed;  ///< --observed DATA.csv
  std::string output;    ///< -o; empty = <stem>-calibration.h5 here
  unsigned threads = 0;
  std::vector<std::string> overrides;
  bool quiet = false;
  bool force = false;
  bool resume = false;
  RankSplit ranks;  ///< MPI ranks, when launched by mpirun; one process by default
};

/// Fits the scenario's uncertain keys to observed data by ABC-SMC; writes the file after each
/// generation. Exit codes as for run: 0 done, 1 the file could not be written or resumed, 2 bad
/// input, 130 stopped (Ctrl-C, SIGTERM; --resume goes on).
int calibrate(const CalibrateCommand& command);
int merge(const std::vector<std::string>& shards, const std::string& output, bool force, bool quiet,
          const std::string& command_line);
/// Validates a scenario and prints its resolved form, plan, design and memory estimate; with
/// `pilot`, also times a few of its runs (at most a few seconds) to estimate how long it takes.
int check(const std::string& scenario, const std::vector<std::string>& overrides, bool pilot);
int list_models();
int describe(const std::string& name, bool markdown);
int reference_markdown();
int network(const std::string& scenario, const std::vector<std::string>& overrides,
            const std::string& export_path, bool force, unsigned replication);
int info(const std::string& results);
/// Writes a results file's runs as tidy CSV tables in `folder` (created if absent): series.csv,
/// brand_series.csv, summary.csv, brand_summary.csv (those the file has). Refuses, before
/// writing any, a table that exists unless `force`.
int export_results(const std::string& results, const std::string& folder, bool force, bool quiet);

}  // namespace hearsay::cli
