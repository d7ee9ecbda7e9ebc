// Writing a file so that its path holds the old file or the whole new one, never a part or a mix.
#pragma once

#include <string>
#include <vector>

#include "sim/files/output_lock.hpp"

namespace hearsay {

/// What a command may replace at its output path.
struct ReplacePolicy {
  /// `--force`: an existing regular file may be replaced (nothing else ever is).
  bool overwrite = false;
  /// Files the command reads (scenario, edge list, shards, results...): never replaced, whatever
  /// the output is called; device and inode are compared, so hard and symbolic links count.
  std::vector<std::string> inputs;
  /// What the refusal of an existing file suggests, after "<path> exists; ".
  std::string exists_fix = "use --force to replace it";
};

/// Refuses (RuntimeError saying why and what to do) to write a new file at `path` when its folder
/// does not exist; when it exists and `policy.overwrite` is false; when it is not a regular file
/// (a folder, symbolic link, FIFO, device or socket), even with overwrite; when it is one of
/// `policy.inputs`.
void check_replaceable(const std::string& path, const ReplacePolicy& policy);

/// Refuses (RuntimeError) to change the existing file at `path` in place (`--resume`): it must
/// be a regular file and none of `inputs`.
void check_changeable(const std::string& path, const std::vector<std::string>& inputs);

/// Removes the temporary files that earlier holders of `lock` (exclusive) left beside its path
/// when they were killed: only a holder of the lock makes them, so none belongs to a live
/// process. Does nothing on a lock that holds nothing (a file system without locks).
void remove_stale_temporaries(const OutputLock& lock);

/// A new file written under a temporary name in its target's folder, then made the target in
/// one step. Creating it removes the temporary files of earlier holders of the lock that died
/// (only a holder of the lock makes them, so none belongs to a live process), then creates an
/// empty ".<name>.hearsay-<pid>-<random>.tmp" of its own. publish() syncs it to disk and
/// renames it over the target; the destructor removes it if publish() was not reached (a
/// failure, Ctrl-C handled by the caller), and never touches anything else. After kill -9 it
/// stays behind, under its hidden name, until the next writer of the target removes it.
class StagedFile {
 public:
  /// `lock` must be the exclusive lock on the target (or one that holds nothing, on a file
  /// system without locks) and outlive this object.
  StagedFile(const OutputLock& lock, ReplacePolicy policy);
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  /// Where to write.
  const std::string& temp_path() const { return temp_; }
  /// The target.
  const std::string& path() const { return lock_.path(); }
  /// Makes the temporary file the target: fsync of the file, check_replaceable again (without
  /// overwrite, a rename that fails if the target appeared meanwhile), rename, fsync of the
  /// folder. Throws RuntimeError and keeps the temporary file (for the destructor) on failure.
  void publish();
  bool published() const { return published_; }

 private:
  const OutputLock& lock_;
  ReplacePolicy policy_;
  std::string temp_;
  bool published_ = false;
};

/// Writes the file at `path` and what the kernel holds of it to the disk (fsync): HDF5's flush
/// stops at the kernel's cache.
void sync_file(const std::string& path);
/// Writes the folder entry changes of `folder` (a rename into it) to the disk.
void sync_folder(const std::string& folder);

}  // namespace hearsay
