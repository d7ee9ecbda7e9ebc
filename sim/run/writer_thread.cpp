// The writer thread: finished runs in any order in, runs in task order out to the results file.
#include "sim/run/writer_thread.hpp"

#include <chrono>
#include <ctime>

namespace hearsay {
namespace {

/// CPU time of the calling thread, seconds: what writing costs, however busy the machine.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

}  // namespace

WriterThread::WriterThread(ResultsWriter* writer, std::function<Task(std::uint64_t)> task_of,
                           std::atomic<int>& stop)
    : writer_(writer), task_of_(std::move(task_of)), stop_(stop) {
  if (writer_ != nullptr) thread_ = std::thread([this] { loop(); });
}

WriterThread::~WriterThread() {
  finish();
}

void WriterThread::deliver(std::uint64_t index, RunRecord&& run,
                           const std::function<void(const RunRecord&)>& record) {
  std::lock_guard lock(mutex_);
  if (run.output.status == RunStatus::pending) return;  // abandoned: leaves a gap, stays pending
  record(run);
  if (writer_ != nullptr) {
    waiting_.emplace(index, std::move(run));
    if (index == next_) ready_.notify_one();
    return;
  }
  // Nothing to write: only the window moves.
  waiting_.emplace(index, RunRecord{});
  for (auto next = waiting_.find(next_); next != waiting_.end(); next = waiting_.find(next_)) {
    waiting_.erase(next);
    ++next_;
  }
  written_.notify_all();
}

bool WriterThread::wait_for_window(std::uint64_t index, std::uint64_t window) {
  std::unique_lock lock(mutex_);
  while (index >= next_ + window) {
    if (stop_.load() > 0) return false;
    written_.wait_for(lock, std::chrono::milliseconds(100));
  }
  return true;
}

void WriterThread::note_error(std::exception_ptr error) {
  std::lock_guard lock(mutex_);
  if (!error_) error_ = error;
}

void WriterThread::finish() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    workers_done_ = true;
  }
  ready_.notify_one();
  thread_.join();
}

template <class Write>
void WriterThread::outside_lock(std::unique_lock<std::mutex>& lock, Write&& write) {
  lock.unlock();
  std::exception_ptr error;
  const double start = thread_cpu_seconds();
  try {
    write();
  } catch (...) {
    error = std::current_exception();
  }
  const double spent = thread_cpu_seconds() - start;
  lock.lock();
  write_seconds_ += spent;
  if (error) {
    // e.g. disk full: keep no run in memory, stop everything.
    failed_ = true;
    error_ = error;
    stop_.store(2);
  }
}

void WriterThread::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto next = waiting_.find(next_);
    if (next == waiting_.end()) {
      if (workers_done_) return;
      if (failed_ || !writer_->has_uncommitted()) {
        ready_.wait(lock);
        continue;
      }
      // Runs written but not yet committed: commit them when due even if no run comes (a
      // long run must not leave the ones before it uncommitted while it computes).
      if (ready_.wait_until(lock, writer_->commit_deadline()) == std::cv_status::no_timeout)
        continue;
      outside_lock(lock, [&] { writer_->commit_due(); });
      continue;
    }
    RunRecord run = std::move(next->second);
    waiting_.erase(next);
    const Task task = task_of_(next_);
    if (!failed_) {
      outside_lock(lock, [&] {
        writer_->write_run(task.point, task.replication, run.seed, run.output, run.wall_seconds);
        run = RunRecord{};  // free the run's output outside the lock
      });
    }
    ++next_;
    written_.notify_all();
  }
}

}  // namespace hearsay
