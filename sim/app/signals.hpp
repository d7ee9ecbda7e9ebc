// Stop requests from Ctrl-C (SIGINT) and SIGTERM, for run and merge.
#pragma once

#include <atomic>

namespace hearsay::cli {

/// Signals received since the handlers were installed: 1 asks to finish the runs in progress and
/// stop, 2 abandons them (the runner reads it as RunOptions::stop).
extern std::atomic<int> stop_requests;

extern "C" void on_stop_signal(int);
/// Ctrl-C and SIGTERM during a merge: stop at the next shard; nothing is written.
extern "C" void on_merge_stop_signal(int);

/// Installs `handler` for SIGINT and SIGTERM, and ignores SIGXFSZ (a write past ulimit -f fails
/// with an error that is reported, instead of killing the process).
void install_stop_handlers(void (*handler)(int) = on_stop_signal);

}  // namespace hearsay::cli
