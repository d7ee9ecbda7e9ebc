// A lock of hearsay's own on an output file: one writer at a time, whatever HDF5's locking says.
#pragma once

#include <string>

#include "sim/core/error.hpp"

namespace hearsay {

/// Another process holds the lock on an output; the message names it and says what to do.
class OutputBusy : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

/// Writers take an output exclusive; `hearsay merge` takes its shards shared (it reads them, and
/// no writer may change them meanwhile).
enum class LockMode { exclusive, shared };

/// An advisory lock on an output path: an open-file-description lock (fcntl F_OFD_SETLK) on the
/// side file ".<name>.lock" in the path's folder. The kernel drops it when the process ends,
/// however it ends (kill -9 included), so a lock is never stale. It does not depend on HDF5's
/// own file locking (HDF5_USE_FILE_LOCKING leaves it alone), and readers (`hearsay info`,
/// `hearsay.open_results`) take none. The exclusive holder records who it is (pid, host, start
/// time, command line) in the side file, for the message of whoever it refuses, and removes the
/// side file when it lets go; a side file left by a killed process is reused.
/// `analysis/hearsay/safe_write.py` takes the same lock on the same side file.
///
/// Where the file system has no locks (ENOLCK, EOPNOTSUPP: NFS mounted `nolock`, Lustre mounted
/// `noflock`), the constructor warns once on stderr and returns a lock that holds nothing
/// (held() false): hearsay then cannot keep two writers apart on that file system.
class OutputLock {
 public:
  /// Holds nothing.
  OutputLock() = default;
  /// Takes the lock on `path` without waiting. Throws OutputBusy naming the holder when another
  /// process (or another OutputLock in this process) has it, RuntimeError when the folder does
  /// not exist or is not writable. A shared lock in a folder it cannot write holds nothing.
  OutputLock(const std::string& path, LockMode mode);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&& other) noexcept;

  /// The output path the lock is for.
  const std::string& path() const { return path_; }
  LockMode mode() const { return mode_; }
  /// Whether this process holds the lock (false on a file system without locks).
  bool held() const { return fd_ >= 0; }

 private:
  void release() noexcept;

  int fd_ = -1;
  LockMode mode_ = LockMode::exclusive;
  std::string path_;
  std::string lock_path_;
};

/// Who holds the lock on `path` now, e.g. "pid 4242 on host node7 since 2026-12-07 10:00:00 UTC
/// (hearsay run s.yaml -o out.h5)", "a hearsay merge reading it" for shared holders, or empty
/// when nobody does. Takes no lock itself (F_OFD_GETLK), so it never gets in a writer's way.
std::string lock_holder(const std::string& path);

/// ".<name><suffix>" in the folder of `path` (the name of a side file: lock, temporary file),
/// with the name shortened and a hash of it added when the result would pass the 255-byte limit
/// of file names.
std::string side_path(const std::string& path, const std::string& suffix);

}  // namespace hearsay
