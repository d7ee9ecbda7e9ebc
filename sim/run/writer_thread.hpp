// The one writer of a run's file, on a thread of its own: finished runs come in any order and are
// written in task order, so the file's bytes do not depend on which thread or rank finished first.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "sim/core/task.hpp"
#include "sim/results/results_file.hpp"

namespace hearsay {

/// Runs are numbered 0, 1, ... in the order they must be written (their place in the plan's
/// pending list). The thread writes run k once runs 0..k-1 are written; compressing and flushing
/// one run overlaps the next runs instead of holding up a worker. It ends once finish() is
/// called and the next run in order will not come (all written, or one was abandoned and left a
/// gap). Without a file (`writer` null) there is no thread: a delivered run only moves the
/// window. A write that fails (disk full) stops the writing, sets `stop` to 2 and becomes the
/// error the run reports (it explains the stop better than a model's).
class WriterThread {
 public:
  WriterThread(ResultsWriter* writer, std::function<Task(std::uint64_t)> task_of,
               std::atomic<int>& stop);
  ~WriterThread();  // finish(): a joinable thread must not be destroyed
  WriterThread(const WriterThread&) = delete;
  WriterThread& operator=(const WriterThread&) = delete;

  /// Hands over finished run `index` (any thread). An abandoned run (status pending) is dropped;
  /// any other is first passed to `record`, under the lock, so `record` runs on one thread at a
  /// time and sees the runs in the order they finished.
  void deliver(std::uint64_t index, RunRecord&& run,
               const std::function<void(const RunRecord&)>& record);
  /// Blocks until run `index` is fewer than `window` runs ahead of the oldest unwritten one
  /// (which bounds the finished runs held in memory), or a stop is requested: then false. A
  /// stop, which no one notifies, is noticed within a tenth of a second.
  bool wait_for_window(std::uint64_t index, std::uint64_t window);
  /// Keeps the first error of a run (a model's), unless a write failed.
  void note_error(std::exception_ptr error);
  /// Writes what was delivered and joins the thread; idempotent.
  void finish();

  /// After finish(): whether a write failed, the first error, and the CPU time writes took.
  bool failed() const { return failed_; }
  std::exception_ptr error() const { return error_; }
  double write_seconds() const { return write_seconds_; }

 private:
  void loop();
  /// Calls `write` outside the lock, timed on this thread's CPU clock; a failure stops the
  /// writing (the workers go on; the error is reported at the end).
  template <class Write>
  void outside_lock(std::unique_lock<std::mutex>& lock, Write&& write);

  ResultsWriter* writer_;
  std::function<Task(std::uint64_t)> task_of_;
  std::atomic<int>& stop_;
  std::mutex mutex_;
  std::condition_variable ready_;               ///< the thread waits here for the next run in order
  std::condition_variable written_;             ///< workers wait here for the window to move
  std::map<std::uint64_t, RunRecord> waiting_;  ///< finished, not yet written
  std::uint64_t next_ = 0;                      ///< the next run to write
  bool workers_done_ = false;
  bool failed_ = false;
  std::exception_ptr error_;
  double write_seconds_ = 0;
  std::thread thread_;
};

}  // namespace hearsay
