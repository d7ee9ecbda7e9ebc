// Stop requests from Ctrl-C (SIGINT) and SIGTERM: counted, and said once on standard error.
#include "sim/app/signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstddef>

namespace hearsay::cli {

/// Ctrl-C (SIGINT) and SIGTERM: the first asks the runner to finish the runs in progress and
/// stop, the second abandons them; finished runs are always kept.
std::atomic<int> stop_requests{0};

extern "C" void on_stop_signal(int) {
  const int n = stop_requests.fetch_add(1) + 1;
  const char* text = n == 1 ? "\nhearsay: stopping after the runs in progress (press Ctrl-C again "
                              "to abandon them); finished runs are kept\n"
                            : "\nhearsay: abandoning the runs in progress\n";
  std::size_t length = 0;
  while (text[length] != '\0') ++length;
  if (write(STDERR_FILENO, text, length) < 0) {
  }
}

/// Ctrl-C and SIGTERM during a merge: stop at the next shard; nothing is written.
extern "C" void on_merge_stop_signal(int) {
  stop_requests.fetch_add(1);
  const char text[] = "\nhearsay: stopping the merge; the output keeps what it held\n";
  if (write(STDERR_FILENO, text, sizeof text - 1) < 0) {
  }
}

void install_stop_handlers(void (*handler)(int)) {
  static_assert(std::atomic<int>::is_always_lock_free);
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // Past a file size limit (ulimit -f) a write should fail with an error we can report, not
  // kill the process.
  signal(SIGXFSZ, SIG_IGN);
}

}  // namespace hearsay::cli
