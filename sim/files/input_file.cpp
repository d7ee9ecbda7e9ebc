// Reading users' input files with bounds: a device or FIFO is refused before it is opened.
#include "sim/files/input_file.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/core/error.hpp"

namespace hearsay {
namespace {

std::string kind_problem(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return "is a folder, not a file";
  if (S_ISFIFO(st.st_mode)) return "is a FIFO (named pipe), not a regular file";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "is a device, not a regular file";
  if (S_ISSOCK(st.st_mode)) return "is a socket, not a regular file";
  return "is not a regular file";
}

std::string size_problem(std::uint64_t size, std::uint64_t limit) {
  return fmt::format("is {} bytes long; at most {} bytes{} are read", size, limit,
                     limit >= 1024 ? " (" + byte_size_text(limit) + ")" : std::string());
}

}  // namespace

std::string byte_size_text(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int u = 0;
  while (value >= 1024 && u < 4) {
    value /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{} bytes", bytes) : fmt::format("{:.1f} {}", value, units[u]);
}

std::string input_file_problem(const std::string& path, std::uint64_t limit) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return errno == ENOENT ? std::string("does not exist")
                           : fmt::format("cannot be read: {}", std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return kind_problem(st);
  if (static_cast<std::uint64_t>(st.st_size) > limit)
    return size_problem(static_cast<std::uint64_t>(st.st_size), limit);
  return {};
}

std::string read_input_file(const std::string& path, std::uint64_t limit) {
  const bool standard_input = path == "-";
  const std::string name = standard_input ? std::string("standard input") : path;
  int fd = STDIN_FILENO;
  if (!standard_input) {
    if (const std::string problem = input_file_problem(path, limit); !problem.empty())
      throw DataFileError(fmt::format("{} {}", path, problem));
    // Not blocking: if a FIFO took the file's place since the check, open returns at once and
    // the check below refuses it.
    fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      throw DataFileError(fmt::format("{} cannot be read: {}", path, std::strerror(errno)));
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      throw DataFileError(fmt::format("{} {}", path, kind_problem(st)));
    }
  }
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int why = errno;
      if (!standard_input) ::close(fd);
      throw DataFileError(fmt::format("reading {} failed: {}", name, std::strerror(why)));
    }
    if (n == 0) break;
    // A file that grows while read (or endless standard input) stops at the limit.
    if (text.size() + static_cast<std::size_t>(n) > limit) {
      if (!standard_input) ::close(fd);
      throw DataFileError(
          fmt::format("{} holds more than {}; at most that is read", name, byte_size_text(limit)));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  if (!standard_input) ::close(fd);
  return text;
}

}  // namespace hearsay
