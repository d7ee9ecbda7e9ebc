// Runs of a plan: a point and a replication, and the two orders in which runs are numbered.
#pragma once

#include <cstdint>

namespace hearsay {

/// One run of a plan: sweep point (or arm) `point`, replication `replication`.
struct Task {
  std::uint32_t point = 0;
  std::uint32_t replication = 0;
};

/// A plan of P points x R replications. Its runs have two numbers:
/// - the task index, replication-major (r * P + p): the order runs are started, shards are cut
///   and runs reach the file, so the points of one replication (which share its network) are
///   next to each other;
/// - the cell, point-major (p * R + r): where a run's status and summary are stored, as the
///   file's (point, replication) arrays hold them.
class TaskOrder {
 public:
  TaskOrder(std::uint32_t points, std::uint32_t replications)
      : points_(points), replications_(replications) {}

  std::uint32_t points() const { return points_; }
  std::uint32_t replications() const { return replications_; }
  std::uint64_t tasks() const { return std::uint64_t{points_} * replications_; }

  Task task(std::uint64_t index) const {
    return {static_cast<std::uint32_t>(index % points_),
            static_cast<std::uint32_t>(index / points_)};
  }
  std::uint64_t index(Task task) const {
    return std::uint64_t{task.replication} * points_ + task.point;
  }
  std::uint64_t cell(Task task) const {
    return std::uint64_t{task.point} * replications_ + task.replication;
  }
  /// The run stored at `cell`.
  Task task_of_cell(std::uint64_t cell) const {
    return {static_cast<std::uint32_t>(cell / replications_),
            static_cast<std::uint32_t>(cell % replications_)};
  }

 private:
  std::uint32_t points_;
  std::uint32_t replications_;
};

}  // namespace hearsay
