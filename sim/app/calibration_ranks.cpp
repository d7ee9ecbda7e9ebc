#include "sim/app/calibration_ranks.hpp"

#include <array>
#include <bit>
#include <cstdint>

#include "sim/core/error.hpp"

namespace hearsay::cli {
namespace {

constexpr std::array stop_reasons = {
    calibrate::StopReason::none, calibrate::StopReason::generations,
    calibrate::StopReason::acceptance, calibrate::StopReason::tolerance};

class Reader {
 public:
  explicit Reader(const std::vector<std::uint64_t>& values) : values_(values) {}
  std::uint64_t next() {
    if (at_ >= values_.size()) throw RuntimeError("MPI: a calibration's start message is short");
    return values_[at_++];
  }
  double next_double() { return std::bit_cast<double>(next()); }
  std::vector<double> doubles(std::uint64_t n) {
    std::vector<double> out;
    for (std::uint64_t i = 0; i < n; ++i) out.push_back(next_double());
    return out;
  }
  bool done() const { return at_ == values_.size(); }

 private:
  const std::vector<std::uint64_t>& values_;
  std::size_t at_ = 0;
};

/// The values that carry `start`, and back.
std::vector<std::uint64_t> encode(const CalibrationStart& start) {
  std::uint64_t reason = 0;
  for (std::size_t r = 0; r < stop_reasons.size(); ++r)
    if (calibrate::to_string(stop_reasons[r]) == start.stop_reason) reason = r;
  std::vector<std::uint64_t> v{start.ok ? 1u : 0u, reason, start.generations.size()};
  auto put = [&v](const std::vector<double>& values) {
    v.push_back(values.size());
    for (const double x : values) v.push_back(std::bit_cast<std::uint64_t>(x));
  };
  for (const calibrate::Generation& g : start.generations) {
    v.push_back(std::bit_cast<std::uint64_t>(g.tolerance));
    v.push_back(g.dims);
    put(g.particles);
    put(g.weights);
    put(g.distances);
    v.push_back(g.proposed);
    v.push_back(g.accepted);
    v.push_back(g.simulated);
  }
  return v;
}

CalibrationStart decode(const std::vector<std::uint64_t>& values) {
  Reader in(values);
  CalibrationStart start;
  start.ok = in.next() != 0;
  const std::uint64_t reason = in.next();
  if (reason >= stop_reasons.size())
    throw RuntimeError("MPI: a calibration's start message has an unknown stop reason");
  start.stop_reason = calibrate::to_string(stop_reasons[reason]);
  const std::uint64_t generations = in.next();
  for (std::uint64_t t = 0; t < generations; ++t) {
    calibrate::Generation g;
    g.tolerance = in.next_double();
    g.dims = in.next();
    g.particles = in.doubles(in.next());
    g.weights = in.doubles(in.next());
    g.distances = in.doubles(in.next());
    g.proposed = in.next();
    g.accepted = in.next();
    g.simulated = in.next();
    start.generations.push_back(std::move(g));
  }
  if (!in.done()) throw RuntimeError("MPI: a calibration's start message is too long");
  return start;
}

}  // namespace

void share_start(const RankSplit& ranks, CalibrationStart& start) {
  if (ranks.size <= 1) return;
  std::vector<std::uint64_t> values;
  if (ranks.rank == 0) values = encode(start);
  ranks.share(values);
  if (ranks.rank != 0) start = decode(values);
}

}  // namespace hearsay::cli
