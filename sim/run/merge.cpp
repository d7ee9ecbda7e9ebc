// `hearsay merge`: joins the shard files of one plan into the file a single run writes.
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <memory>

#include "sim/core/error.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/files/safe_write.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"

namespace hearsay {

bool merge_shards(const std::vector<std::string>& shards, const std::string& output, bool overwrite,
                  const std::map<std::string, std::string>& provenance,
                  const std::atomic<int>* stop) {
  if (shards.empty()) throw RuntimeError("merge: give the shard files to join");
  // The output first: nothing is read while another process holds it, and a second merge into
  // it is refused, whatever HDF5's locking says.
  OutputLock lock(output, LockMode::exclusive);
  NewFileOptions options;
  options.replace = {
      .overwrite = overwrite, .inputs = shards, .exists_fix = "use --force to overwrite it"};
  options.publish_at_finish = true;
  check_replaceable(output, options.replace);
  // No writer may change a shard while it is read (a --resume or --force of it is refused).
  std::vector<OutputLock> shard_locks;
  for (const std::string& shard : shards) shard_locks.emplace_back(shard, LockMode::shared);

  std::vector<std::unique_ptr<ResultsReader>> readers;
  for (const std::string& path : shards) readers.push_back(std::make_unique<ResultsReader>(path));

  // Every shard must come from the same plan, split the same way, and be finished.
  const ResultsLayout first = readers.front()->layout();
  const std::uint32_t count = first.shard.count;
  std::vector<const ResultsReader*> by_index(count, nullptr);
  std::vector<std::string> path_of(count);
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const ResultsReader& reader = *readers[i];
    const ResultsLayout layout = reader.layout();
    if (layout.shard.count == 1)
      throw RuntimeError("merge: " + shards[i] +
                         " is a whole results file, not a shard (written without --shard)");
    ResultsLayout expected = first;
    expected.shard = layout.shard;
    if (layout.shard.count != count)
      throw RuntimeError("merge: " + shards[i] + " is shard " + shard_text(layout.shard) + " but " +
                         shards.front() + " is shard " + shard_text(first.shard) +
                         ": all shards must come from one split (the same n in --shard i/n)");
    const std::string why = layout_mismatch(layout, expected);
    if (!why.empty())
      throw RuntimeError("merge: " + shards[i] + " does not belong with " + shards.front() + ": " +
                         why);
    if (by_index[layout.shard.index] != nullptr)
      throw RuntimeError("merge: shard " + shard_text(layout.shard) + " is given twice (" +
                         path_of[layout.shard.index] + " and " + shards[i] + ")");
    if (!reader.info().shard_complete)
      throw RuntimeError("merge: shard " + shard_text(layout.shard) + " (" + shards[i] +
                         ") has unfinished runs; finish it with hearsay run SCENARIO --shard " +
                         shard_text(layout.shard) + " --resume -o " + shards[i]);
    by_index[layout.shard.index] = &reader;
    path_of[layout.shard.index] = shards[i];
  }
  std::string missing;
  std::uint32_t n_missing = 0;
  for (std::uint32_t k = 0; k < count; ++k)
    if (by_index[k] == nullptr) {
      if (n_missing < 20) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
      ++n_missing;
    }
  if (n_missing > 20) missing += ", ...";
  if (n_missing > 0)
    throw RuntimeError("merge: " + std::string(n_missing == 1 ? "shard " : "shards ") + missing +
                       " of " + std::to_string(count) + (n_missing == 1 ? " is" : " are") +
                       " missing; give every shard file of the split");

  ResultsLayout layout = first;
  layout.shard = ShardSpec{};
  ResultsWriter writer(std::move(lock), layout, options);
  // Shard by shard, in index order: runs go in in task order, exactly as one process would
  // have written them. If anything fails or a stop comes, the writer removes its temporary file
  // and the output keeps what it held.
  for (std::uint32_t k = 0; k < count; ++k) {
    if (stop != nullptr && stop->load() > 0) return false;
    writer.copy_runs(*by_index[k]);
  }
  if (stop != nullptr && stop->load() > 0) return false;
  std::map<std::string, std::string> merged = provenance;
  merged["merged_from"] = fmt::format("{}", fmt::join(path_of, ", "));
  // Each shard's own provenance, prefixed, so nothing about how they were made is lost.
  for (std::uint32_t k = 0; k < count; ++k)
    for (const auto& [key, value] : by_index[k]->info().provenance)
      if (key != "hdf5_version") merged["shard" + std::to_string(k) + "_" + key] = value;
  writer.finish(merged);
  return true;
}

}  // namespace hearsay
