// The progress display of `hearsay run`: a bar redrawn in place on a terminal, plain lines else.
#include "sim/app/progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "sim/app/support.hpp"

namespace hearsay::cli {

ProgressPrinter::ProgressPrinter(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressPrinter::operator()(const Progress& p) {
  if (quiet_) return;
  const double rate = p.elapsed_seconds > 0 ? static_cast<double>(p.events) / p.elapsed_seconds : 0;
  const double left = p.runs_done > 0
                          ? p.elapsed_seconds * static_cast<double>(p.runs_total - p.runs_done) /
                                static_cast<double>(p.runs_done)
                          : NAN;
  const bool last = p.runs_done == p.runs_total;
  const std::uint64_t all = p.runs_total + p.runs_before;
  const std::uint64_t done = p.runs_done + p.runs_before;
  const std::string figures =
      fmt::format("{}/{} runs  {}events/s  {} elapsed  {} left{}", done, all, human_rate(rate),
                  clock_text(p.elapsed_seconds), last ? "0:00" : clock_text(left),
                  p.stopping ? "  (stopping: finishing runs in progress)" : "");
  if (tty_) {
    // Redraw at most ten times a second; always draw the last state.
    const auto now = std::chrono::steady_clock::now();
    if (!last && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    constexpr int width = 24;
    const int filled = all > 0 ? static_cast<int>(width * done / all) : width;
    const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                            std::string(static_cast<std::size_t>(width - filled), '.');
    fmt::print(stderr, "\r[{}] {}\033[K", bar, figures);
    if (last) fmt::print(stderr, "\n");
    std::fflush(stderr);
    return;
  }
  const std::uint64_t step = std::max<std::uint64_t>(1, p.runs_total / 10);
  if (p.runs_done % step == 0 || last) fmt::print(stderr, "progress: {}\n", figures);
}

}  // namespace hearsay::cli
