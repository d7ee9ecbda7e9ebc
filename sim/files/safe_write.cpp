// Writing a file so that its path holds the old file or the whole new one: checks, staging, rename.
#include "sim/files/safe_write.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

namespace hearsay {
namespace {

namespace fs = std::filesystem;

// ".hearsay-" + 8 hex digits of the pid + "-" + 16 random hex digits + ".tmp": fixed width, so a
// shortened name (side_path) is the same for every temporary file of one target.
constexpr std::size_t temp_tail_bytes = 9 + 8 + 1 + 16 + 4;

std::string temp_suffix(std::uint64_t random) {
  return fmt::format(".hearsay-{:08x}-{:016x}.tmp", static_cast<unsigned>(getpid()), random);
}

std::string folder_of(const std::string& path) {
  const fs::path folder = fs::path(path).parent_path();
  return folder.empty() ? std::string(".") : folder.string();
}

/// "a folder", "a FIFO (named pipe)"...: what a non-regular file is, for messages.
std::string kind_of(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return "a folder";
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISFIFO(st.st_mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

/// Throws when the file `st` describes (at `path`) is one of `inputs`.
void check_not_input(const std::string& path, const struct stat& st,
                     const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    struct stat in {};
    if (input.empty() || input == "-" || stat(input.c_str(), &in) != 0) continue;
    if (in.st_dev == st.st_dev && in.st_ino == st.st_ino)
      throw RuntimeError(fmt::format(
          "{} is {} this command reads: writing it would destroy its own input; give another "
          "output path",
          path, input == path ? "a file" : fmt::format("the same file as {}, which", input)));
  }
}

void check_folder(const std::string& path) {
  const fs::path folder = fs::path(path).parent_path();
  std::error_code error;
  if (!folder.empty() && !fs::is_directory(folder, error))
    throw RuntimeError(
        fmt::format("cannot write {}: folder {} does not exist", path, folder.string()));
}

}  // namespace

void remove_stale_temporaries(const OutputLock& lock) {
  if (!lock.held() || lock.mode() != LockMode::exclusive) return;
  const std::string& path = lock.path();
  const std::string example = fs::path(side_path(path, temp_suffix(0))).filename().string();
  const std::string prefix = example.substr(0, example.size() - temp_tail_bytes + 9);
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder_of(path), error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() != example.size() || !name.starts_with(prefix) || !name.ends_with(".tmp"))
      continue;
    const std::string digits = name.substr(prefix.size(), 8) + name.substr(prefix.size() + 9, 16);
    if (name[prefix.size() + 8] != '-' ||
        digits.find_first_not_of("0123456789abcdef") != std::string::npos)
      continue;
    std::error_code ignored;
    fs::remove(entry.path(), ignored);
  }
}

void check_replaceable(const std::string& path, const ReplacePolicy& policy) {
  check_folder(path);
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw RuntimeError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    std::string fix = "give the path of a file";
    if (S_ISLNK(st.st_mode)) {
      std::error_code error;
      const fs::path target = fs::read_symlink(path, error);
      if (!error)
        fix = fmt::format("give the path it points to ({}) or remove the link", target.string());
    }
    throw RuntimeError(fmt::format(
        "{} is {}, not a regular file; hearsay replaces only regular files, even with --force: {}",
        path, kind_of(st), fix));
  }
  check_not_input(path, st, policy.inputs);
  if (!policy.overwrite) throw RuntimeError(fmt::format("{} exists; {}", path, policy.exists_fix));
}

void check_changeable(const std::string& path, const std::vector<std::string>& inputs) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    throw RuntimeError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  if (!S_ISREG(st.st_mode))
    throw RuntimeError(fmt::format("{} is {}, not a results file", path, kind_of(st)));
  check_not_input(path, st, inputs);
}

StagedFile::StagedFile(const OutputLock& lock, ReplacePolicy policy)
    : lock_(lock), policy_(std::move(policy)) {
  check_replaceable(path(), policy_);
  remove_stale_temporaries(lock_);
  std::random_device device;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::uint64_t random = (std::uint64_t{device()} << 32) ^ device();
    const std::string name = side_path(path(), temp_suffix(random));
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      temp_ = name;
      return;
    }
    if (errno != EEXIST)
      throw RuntimeError(
          fmt::format("cannot write {}: cannot create {}: {}", path(), name, std::strerror(errno)));
  }
  throw RuntimeError(fmt::format("cannot write {}: no free temporary name beside it", path()));
}

StagedFile::~StagedFile() {
  if (!published_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void StagedFile::publish() {
  sync_file(temp_);
  // Under the lock nothing of hearsay's can have appeared meanwhile; something else might have.
  check_replaceable(path(), policy_);
  if (policy_.overwrite) {
    if (::rename(temp_.c_str(), path().c_str()) != 0)
      throw RuntimeError(fmt::format("cannot write {}: {}", path(), std::strerror(errno)));
  } else if (renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, path().c_str(), RENAME_NOREPLACE) != 0) {
    int why = errno;
    if (why == EINVAL || why == ENOSYS || why == EOPNOTSUPP) {
      // No RENAME_NOREPLACE here (some network file systems): a hard link fails as atomically
      // when the target exists; without hard links either, rely on the lock.
      if (::link(temp_.c_str(), path().c_str()) == 0) {
        ::unlink(temp_.c_str());
        why = 0;
      } else if (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS) {
        why = ::rename(temp_.c_str(), path().c_str()) == 0 ? 0 : errno;
      } else {
        why = errno;
      }
    }
    if (why == EEXIST) throw RuntimeError(fmt::format("{} exists; {}", path(), policy_.exists_fix));
    if (why != 0)
      throw RuntimeError(fmt::format("cannot write {}: {}", path(), std::strerror(why)));
  }
  published_ = true;
  sync_folder(folder_of(path()));
}

void sync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw RuntimeError(fmt::format("cannot sync {}: {}", path, std::strerror(errno)));
  const int result = ::fsync(fd);
  const int why = errno;
  ::close(fd);
  // EINVAL: a file system that cannot sync (nothing to wait for); anything else may have lost data.
  if (result != 0 && why != EINVAL)
    throw RuntimeError(fmt::format("cannot write {} to the disk: {}", path, std::strerror(why)));
}

void sync_folder(const std::string& folder) {
  // Best effort: the rename has happened; a folder that cannot be synced only weakens what a
  // power cut could undo, never what the path holds now.
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  if (::fsync(fd) != 0) {
  }
  ::close(fd);
}

}  // namespace hearsay
