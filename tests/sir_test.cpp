// sir's own event loop against a plain reference (same draws, std::set queue), and its contract.
#include "models/sir/sir.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "model_support.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

namespace hearsay {
namespace {

/// The textbook loop for the same process with the same random draws as sir::Outbreak: every
/// recovery is an event in one ordered set of (time, kind, agent), infection (0) before recovery
/// (1) at equal times. Slow and obviously right; sir must match it exactly.
RunOutput reference_sir(const Network& net, double beta, double gamma, bool fixed_period,
                        const std::vector<NodeId>& seeds, const TimeGrid& grid, std::uint64_t seed,
                        std::uint64_t max_events) {
  RandomStream rng(seed, StreamPurpose::dynamics);
  QuarterDraws quarters;  // 16-bit draws (tested with the streams, tests/rng_test.cpp)
  auto quarter = [&] { return quarters.next(rng); };
  enum State { S, I, R };
  std::vector<State> state(net.nodes(), S);
  std::vector<Time> pending(net.nodes(), std::numeric_limits<Time>::infinity());
  std::set<std::tuple<Time, int, NodeId>> queue;
  for (NodeId v : seeds) {
    pending[v] = 0;
    queue.insert({0.0, 0, v});
  }
  const std::size_t times = grid.times.size();
  RunOutput out;
  out.series.assign(3 * times, 0.0);
  std::uint64_t infected = 0, recovered = 0, ever = 0, peak = 0;
  Time peak_time = 0, last = 0;
  std::size_t k = 0;
  auto record = [&] {
    out.series[k] = static_cast<double>(net.nodes() - infected - recovered);
    out.series[times + k] = static_cast<double>(infected);
    out.series[2 * times + k] = static_cast<double>(recovered);
  };
  while (!queue.empty()) {
    const auto [t, kind, v] = *queue.begin();
    if (t > grid.end) break;
    for (; k < times && grid.times[k] < t; ++k) record();
    if (out.events >= max_events) {
      out.status = RunStatus::truncated;
      for (; k < times; ++k)
        for (std::size_t m = 0; m < 3; ++m)
          out.series[m * times + k] = std::numeric_limits<double>::quiet_NaN();
      break;
    }
    queue.erase(queue.begin());
    if (kind == 1) {
      state[v] = R;
      --infected;
      ++recovered;
    } else {
      if (state[v] != S || pending[v] != t) continue;
      state[v] = I;
      ++infected;
      ++ever;
      if (infected > peak) {
        peak = infected;
        peak_time = t;
      }
      const Time period = fixed_period ? 1 / gamma : rng.exponential(gamma);
      queue.insert({t + period, 1, v});
      const double q = std::exp(-beta * period);
      for (NodeId u : beta > 0 ? net.neighbours(v) : std::span<const NodeId>{}) {
        if (state[u] != S) continue;
        const std::uint64_t top = quarter();
        if (top < static_cast<std::uint64_t>(q * 0x1.0p16)) continue;
        const std::uint64_t bits = top << 48 | rng() >> 16;
        const double x = (static_cast<double>(bits >> 11) + 1.0) * 0x1.0p-53;
        const Time when = t - std::log(x) / beta;
        if (x <= q || when >= t + period || when >= pending[u]) continue;
        pending[u] = when;
        queue.insert({when, 0, u});
      }
    }
    last = t;
    ++out.events;
  }
  if (out.status != RunStatus::truncated)
    for (; k < times; ++k) record();
  out.summary = {static_cast<double>(ever), static_cast<double>(peak), peak_time, last};
  return out;
}

RunOutput run_sir(const Network& net, double beta, double gamma, bool fixed_period,
                  const std::vector<NodeId>& seeds, const TimeGrid& grid, std::uint64_t seed,
                  std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max(),
                  const std::atomic<int>* stop = nullptr) {
  const ModelEntry& sir = models::sir::entry();
  const ParamValues params = testing::params_with(
      sir.info, {{"beta", beta},
                 {"gamma", gamma},
                 {"infectious_period", std::string(fixed_period ? "fixed" : "exponential")}});
  RunInput input;
  input.network = &net;
  input.params = &params;
  input.seeds = seeds;
  input.grid = &grid;
  input.seed = seed;
  input.max_events = max_events;
  input.stop = stop;
  return sir.run(input);
}

/// Equal, NaN included.
bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

Network barabasi_albert(NodeId nodes, std::uint64_t seed) {
  ParamValues values;
  values.set("nodes", static_cast<double>(nodes));
  values.set("m", 3.0);
  RandomStream rng(seed, StreamPurpose::network);
  return generate_network("barabasi_albert", values, rng);
}

}  // namespace

TEST_CASE("sir: the event loop matches a plain ordered-set loop exactly", "[sir]") {
  const Network net = barabasi_albert(20000, 7);
  struct Case {
    double beta;
    bool fixed;
    Time horizon;
    std::uint64_t max_events;
  };
  const std::uint64_t all = std::numeric_limits<std::uint64_t>::max();
  for (const Case& c :
       {Case{0.3, false, 1e6, all}, Case{0.6, false, 1e6, all}, Case{0.4, true, 1e6, all},
        Case{0.5, false, 3.5, all}, Case{0.5, false, 1e6, 12345}, Case{0.5, true, 2.0, 777},
        Case{0.0, false, 1e6, all}}) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      INFO("beta " << c.beta << " fixed " << c.fixed << " horizon " << c.horizon << " max "
                   << c.max_events << " seed " << seed);
      const std::vector<NodeId> seeds = {static_cast<NodeId>(seed * 101), 5, 19999};
      // Samples every quarter day up to 40 days (or the horizon), the horizon as given.
      TimeGrid grid = make_time_grid(std::min(c.horizon, 40.0), 0.25);
      grid.end = c.horizon;
      const RunOutput got = run_sir(net, c.beta, 1.0, c.fixed, seeds, grid, seed, c.max_events);
      const RunOutput want =
          reference_sir(net, c.beta, 1.0, c.fixed, seeds, grid, seed, c.max_events);
      CHECK(got.status == want.status);
      CHECK(got.events == want.events);
      CHECK(got.summary == want.summary);
      CHECK(same(got.series, want.series));
    }
  }
}

TEST_CASE("sir: fixed period without transmission, sampled at the recovery time", "[sir]") {
  EdgeBuffer edges;
  edges.add(0, 1);
  edges.add(1, 2);
  const Network path = build_network(3, std::move(edges), false);
  const TimeGrid grid = make_time_grid(2, 0.5);  // 0, .5, 1, 1.5, 2
  const RunOutput out = run_sir(path, 0.0, 1.0, true, {0, 2}, grid, 1);
  // Recoveries at exactly t = 1 are in the sample at 1 (events with time <= t_k).
  CHECK(out.series == std::vector<double>{1, 1, 1, 1, 1, 2, 2, 0, 0, 0, 0, 0, 2, 2, 2});
  CHECK(out.summary == std::vector<double>{2, 2, 0, 1});
  CHECK(out.events == 4);
  CHECK(out.status == RunStatus::done);

  // A horizon before the recoveries: they are not events of this run.
  const RunOutput short_run = run_sir(path, 0.0, 1.0, true, {0, 2}, make_time_grid(0.5, 0.5), 1);
  CHECK(short_run.events == 2);
  CHECK(short_run.series == std::vector<double>{1, 1, 2, 2, 0, 0});
  CHECK(short_run.summary[3] == 0);  // duration: the last state change was at t = 0
}

TEST_CASE("sir: same seed same run, the stop flag abandons the run", "[sir]") {
  const Network net = barabasi_albert(50000, 3);
  const TimeGrid grid = make_time_grid(100, 1);
  const RunOutput a = run_sir(net, 0.5, 1.0, false, {1, 2, 3}, grid, 42);
  const RunOutput b = run_sir(net, 0.5, 1.0, false, {1, 2, 3}, grid, 42);
  CHECK(a.series == b.series);
  CHECK(a.summary == b.summary);
  REQUIRE(a.events > 20000);  // a large outbreak: enough events for the stop check to come up
  const RunOutput c = run_sir(net, 0.5, 1.0, false, {1, 2, 3}, grid, 43);
  CHECK(c.series != a.series);

  std::atomic<int> stop{2};
  CHECK(run_sir(net, 0.5, 1.0, false, {1, 2, 3}, grid, 42, UINT64_MAX, &stop).status ==
        RunStatus::pending);
  stop = 1;  // once: finish the run
  CHECK(run_sir(net, 0.5, 1.0, false, {1, 2, 3}, grid, 42, UINT64_MAX, &stop).series == a.series);
}

}  // namespace hearsay
