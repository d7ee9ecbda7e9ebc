// What the subcommands share: the registered model of a scenario, and text for the terminal.
#include "sim/app/support.hpp"

#include <fmt/core.h>

#include <cmath>
#include <filesystem>

#include "models/registry.hpp"
#include "sim/core/error.hpp"

namespace hearsay::cli {

namespace fs = std::filesystem;

const ModelEntry& model_of(const Scenario& scenario) {
  const ModelEntry* model = model_registry().find(scenario.model.name);
  if (model == nullptr) throw RuntimeError("model " + scenario.model.name + " is not registered");
  return *model;
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  return fmt::format("{:.{}f} {}", bytes, u == 0 ? 0 : 1, units[u]);
}

std::string human_rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.2f} M", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.1f} k", per_second / 1e3);
  return fmt::format("{:.0f} ", per_second);
}

/// Whether something (a file, a folder, a link, even a dangling one) is at `path`.
bool occupied(const std::string& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() != fs::file_type::not_found;
}

/// Columns a UTF-8 text takes in a terminal ("±" is two bytes, one column).
std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string pad_left(const std::string& text, std::size_t width) {
  const std::size_t w = display_width(text);
  return std::string(width > w ? width - w : 0, ' ') + text;
}

/// A duration as a scenario would write it: "1d", "6h", "15min".
std::string duration_text(double days) {
  if (days >= 1 || days <= 0) return fmt::format("{:.6g}d", days);
  if (days * 24 >= 1) return fmt::format("{:.6g}h", days * 24);
  return fmt::format("{:.6g}min", days * 1440);
}

std::string join_names(const std::vector<std::string>& names, bool markdown) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + (markdown ? "`" + name + "`" : name);
  return text;
}

/// "1:02:03", "4:05", "0:07": a duration for the progress line.
std::string clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const auto total = static_cast<long long>(seconds + 0.5);
  const long long h = total / 3600, m = (total / 60) % 60, sec = total % 60;
  return h > 0 ? fmt::format("{}:{:02}:{:02}", h, m, sec) : fmt::format("{}:{:02}", m, sec);
}

}  // namespace hearsay::cli
