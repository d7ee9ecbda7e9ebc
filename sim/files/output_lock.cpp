// A lock of hearsay's own on an output file: an OFD lock on a side file that names its holder.
#include "sim/files/output_lock.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace hearsay {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_name_bytes = 255;     // NAME_MAX of Linux file systems
constexpr std::size_t max_record_bytes = 4096;  // what a holder writes about itself, at most
constexpr std::size_t max_command_bytes = 400;  // of its command line

/// FNV-1a, 64 bits: a stable hash for shortened side-file names (the Python twin computes it too).
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

struct flock whole_file(short type) {
  struct flock lock {};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 0;  // to the end, however long
  return lock;
}

/// Errors that mean "this file system keeps no locks" rather than "someone holds it".
bool no_locks_here(int error) {
  return error == ENOLCK || error == EOPNOTSUPP || error == ENOSYS || error == EINVAL;
}

bool same_file(int fd, const std::string& path) {
  struct stat ours {};
  struct stat now {};
  return fstat(fd, &ours) == 0 && stat(path.c_str(), &now) == 0 && ours.st_dev == now.st_dev &&
         ours.st_ino == now.st_ino;
}

/// This process's command line, as `ps` shows it, shortened.
std::string own_command() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && text.back() == '\0') text.pop_back();
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  if (text.size() > max_command_bytes) text = text.substr(0, max_command_bytes) + "...";
  return text.empty() ? std::string("hearsay") : text;
}

std::string own_record() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "?");
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char since[32] = {};
  std::strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return fmt::format("hearsay output lock\npid: {}\nhost: {}\nsince: {}\ncommand: {}\n", getpid(),
                     host, since, own_command());
}

/// "pid 42 on host node7 since ... (hearsay run ...)" from a holder's record; empty when the
/// record is not (yet) there.
std::string describe_record(const std::string& record) {
  std::string pid, host, since, command;
  std::size_t start = 0;
  while (start < record.size()) {
    std::size_t end = record.find('\n', start);
    if (end == std::string::npos) end = record.size();
    const std::string line = record.substr(start, end - start);
    start = end + 1;
    const std::size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, colon);
    const std::string value = line.substr(colon + 2);
    if (key == "pid") pid = value;
    if (key == "host") host = value;
    if (key == "since") since = value;
    if (key == "command") command = value;
  }
  if (pid.empty()) return {};
  return fmt::format("pid {} on host {}{}{}", pid, host.empty() ? "?" : host,
                     since.empty() ? "" : " since " + since,
                     command.empty() ? "" : " (" + command + ")");
}

std::string read_record(int fd) {
  std::string text(max_record_bytes, '\0');
  const ssize_t n = pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return text;
}

/// Who holds the lock that `fd`'s side file is locked with (`type` as F_OFD_GETLK found it).
std::string describe_holder(int fd, short type) {
  if (type == F_RDLCK) return "a hearsay merge reading it";
  // The holder writes its record right after taking the lock: give it a moment.
  for (int attempt = 0; attempt < 50; ++attempt) {
    const std::string who = describe_record(read_record(fd));
    if (!who.empty()) return who;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "a process that has not said who it is";
}

void warn_no_locks(const std::string& path, int error) {
  static std::once_flag once;
  std::call_once(once, [&] {
    std::fprintf(stderr,
                 "warning: cannot lock %s: the file system keeps no locks (%s); hearsay cannot "
                 "stop two processes from writing the same file there at the same time\n",
                 path.c_str(), std::strerror(error));
  });
}

}  // namespace

std::string side_path(const std::string& path, const std::string& suffix) {
  fs::path target(path);
  while (!target.empty() && !target.has_filename() && target.has_parent_path() &&
         target != target.root_path())
    target = target.parent_path();  // "out/" names the folder "out"
  std::string name = target.filename().string();
  if (1 + name.size() + suffix.size() > max_name_bytes) {
    const std::string hash = fmt::format("-{:016x}", fnv1a(name));
    name = name.substr(0, max_name_bytes - 1 - suffix.size() - hash.size()) + hash;
  }
  return (target.parent_path() / ("." + name + suffix)).string();
}

OutputLock::OutputLock(const std::string& path, LockMode mode)
    : mode_(mode), path_(path), lock_path_(side_path(path, ".lock")) {
  const bool shared = mode == LockMode::shared;
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0 && shared && (errno == EACCES || errno == EROFS || errno == EPERM))
      fd = ::open(lock_path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
      const int why = errno;
      // Reading in a folder nobody here may write: there is no writer to keep out.
      if (shared && (why == EACCES || why == EROFS || why == EPERM || why == ENOENT)) return;
      const fs::path folder = fs::path(lock_path_).parent_path();
      if (why == ENOENT)
        throw RuntimeError(fmt::format("cannot write {}: folder {} does not exist", path,
                                       folder.empty() ? std::string(".") : folder.string()));
      throw RuntimeError(fmt::format("cannot write {}: cannot create its lock file {}: {}", path,
                                     lock_path_, std::strerror(why)));
    }
    struct flock lock = whole_file(shared ? F_RDLCK : F_WRLCK);
    if (fcntl(fd, F_OFD_SETLK, &lock) != 0) {
      const int why = errno;
      if (why == EAGAIN || why == EACCES) {
        struct flock probe = whole_file(shared ? F_RDLCK : F_WRLCK);
        std::string holder = "another process";
        if (fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
          holder = describe_holder(fd, probe.l_type);
        ::close(fd);
        throw OutputBusy(fmt::format(
            "{} is in use by another hearsay process: {}; wait for it to end (or stop it), then "
            "try again",
            path, holder));
      }
      ::close(fd);
      if (no_locks_here(why)) {
        warn_no_locks(path, why);
        return;
      }
      throw RuntimeError(
          fmt::format("cannot lock {} (lock file {}): {}", path, lock_path_, std::strerror(why)));
    }
    // The holder we raced with may have removed the side file after we opened it (and someone
    // may have made a new one): a lock on a removed file keeps nobody out. Start again.
    if (!same_file(fd, lock_path_)) {
      ::close(fd);
      continue;
    }
    fd_ = fd;
    if (!shared) {
      const std::string record = own_record();
      if (ftruncate(fd_, 0) != 0 ||
          pwrite(fd_, record.data(), record.size(), 0) != static_cast<ssize_t>(record.size())) {
        // Only the refusal message of another process would miss it: not worth failing for.
      }
    }
    return;
  }
  throw RuntimeError(
      fmt::format("cannot lock {}: its lock file {} keeps being replaced", path, lock_path_));
}

OutputLock::~OutputLock() {
  release();
}

OutputLock::OutputLock(OutputLock&& other) noexcept
    : fd_(other.fd_),
      mode_(other.mode_),
      path_(std::move(other.path_)),
      lock_path_(std::move(other.lock_path_)) {
  other.fd_ = -1;
}

OutputLock& OutputLock::operator=(OutputLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = other.fd_;
    mode_ = other.mode_;
    path_ = std::move(other.path_);
    lock_path_ = std::move(other.lock_path_);
    other.fd_ = -1;
  }
  return *this;
}

void OutputLock::release() noexcept {
  if (fd_ < 0) return;
  // The side file goes only while this process holds it exclusive (a shared holder first tries
  // to become the only one), so nobody can be holding a lock on what is removed; whoever opened
  // it just before finds it gone after locking and starts again.
  bool remove = mode_ == LockMode::exclusive;
  if (!remove) {
    struct flock lock = whole_file(F_WRLCK);
    remove = fcntl(fd_, F_OFD_SETLK, &lock) == 0;
  }
  if (remove && same_file(fd_, lock_path_)) ::unlink(lock_path_.c_str());
  ::close(fd_);
  fd_ = -1;
}

std::string lock_holder(const std::string& path) {
  const std::string lock_path = side_path(path, ".lock");
  const int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return {};
  struct flock probe = whole_file(F_WRLCK);
  std::string holder;
  if (fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
    holder = describe_holder(fd, probe.l_type);
  ::close(fd);
  return holder;
}

}  // namespace hearsay
