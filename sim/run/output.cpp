// The results file of a run: opened new or resumed before the runs, finished with its provenance.
#include <tbb/version.h>

#include <filesystem>

#include "sim/files/output_lock.hpp"
#include "sim/run/steps.hpp"

namespace hearsay::run {
namespace {

namespace fs = std::filesystem;

void check_output_folder(const std::string& path) {
  const fs::path folder = fs::absolute(fs::path(path)).parent_path();
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw RuntimeError("cannot write " + path + ": folder " + folder.string() +
                       " does not exist (create it, or choose another path with -o)");
}

/// Reopens the file to finish its pending runs; the runs it holds feed the closing table, so they
/// are read before it is reopened.
std::unique_ptr<ResultsWriter> resume_output(OutputLock lock, const ResultsLayout& layout,
                                             const RunOptions& options, const TaskOrder& order,
                                             ScenarioResult& result,
                                             std::vector<RunStatus>& before) {
  check_changeable(options.output_path, options.inputs);
  {
    const ResultsReader reader(options.output_path);
    const std::string why = layout_mismatch(reader.layout(), layout);
    if (!why.empty())
      throw RuntimeError("cannot resume " + options.output_path + ": " + why +
                         "; run it again with --force to start over, or write to another "
                         "file with -o");
    before = reader.statuses();
    for (std::uint64_t cell = 0; cell < order.tasks(); ++cell)
      if (before[cell] != RunStatus::pending) {
        const Task task = order.task_of_cell(cell);
        result.status[cell] = before[cell];
        result.summary[cell] =
            reader.read_run(task.point, task.replication, /*everything=*/false).output.summary;
        ++result.runs_before;
      }
  }
  return ResultsWriter::resume(std::move(lock), layout, options.inputs);
}

}  // namespace

OpenedOutput open_output(const ResultsLayout& layout, const RunOptions& options,
                         const TaskOrder& order, ScenarioResult& result) {
  OpenedOutput out;
  out.before.assign(order.tasks(), RunStatus::pending);
  if (options.output_path.empty()) return out;
  check_output_folder(options.output_path);
  // Held from here until the writer is done: no other process resumes, replaces or merges into
  // this file meanwhile, whatever HDF5_USE_FILE_LOCKING says.
  OutputLock lock(options.output_path, LockMode::exclusive);
  std::error_code error;
  if (options.resume &&
      fs::symlink_status(options.output_path, error).type() != fs::file_type::not_found) {
    out.writer = resume_output(std::move(lock), layout, options, order, result, out.before);
    return out;
  }
  NewFileOptions file_options;
  file_options.replace.overwrite = options.overwrite;
  file_options.replace.inputs = options.inputs;
  out.writer = std::make_unique<ResultsWriter>(std::move(lock), layout, file_options);
  return out;
}

std::exception_ptr finish_output(ResultsWriter& writer, const RunOptions& options,
                                 const ScenarioResult& result, int threads) {
  std::map<std::string, std::string> provenance = options.provenance;
  provenance["threads"] = std::to_string(threads);
  provenance["wall_seconds"] = std::to_string(result.wall_seconds);
  provenance["write_seconds"] = std::to_string(result.write_seconds);
  provenance["tbb_version"] = TBB_VERSION_STRING;
  provenance["compiler"] = "g++ " __VERSION__;
  if (result.runs_before > 0) provenance["resumed_runs"] = std::to_string(result.runs_before);
  if (options.ranks.size > 1) provenance["mpi_ranks"] = std::to_string(options.ranks.size);
  try {
    writer.finish(provenance);
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

}  // namespace hearsay::run
