// The windowed parallel engine reproduces the sequential engine bit for bit, for any thread
// count: on a toy keyed model and on the wom model (hard and soft sell, complaints answered or
// not, brand posts, cascades, sample grids and horizons that cut windows).
#include "sim/engine/window_engine.hpp"

#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "models/wom/wom.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"
#include "wom_support.hpp"

using namespace hearsay;
namespace wom = hearsay::models::wom;

namespace {

bool same_bits(const std::vector<double>& x, const std::vector<double>& y) {
  return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
}

// ---- a toy keyed model: relays on a ring ------------------------------------------------------

/// Agents on a ring pass a token on to a random agent (another block, often) after the minimum
/// delay plus an exponential wait, and tick themselves at short random intervals. Per-block
/// partial sums of random doubles make any change of order show in the last bits.
class Relay {
 public:
  Relay(NodeId n, std::uint64_t seed, Time lookahead, Time cheat = 0)
      : n_(n),
        seed_(seed),
        lookahead_(lookahead),
        cheat_(cheat),
        map_(BlockMap::make(n, 1, 8, 1)),
        sums_(map_.blocks),
        counts_(map_.blocks),
        ticks_(n, 0) {}

  void start(KeyedQueue& queue) {
    EventContext ctx = EventContext::setup(queue);
    RandomStream rng(seed_, StreamPurpose::agents);
    for (NodeId v = 0; v < n_; v += 7) ctx.at(rng.exponential(1.0), 0, v, 1);
    ctx.at(0.5, 1, n_, 0);  // the hub broadcasts once
  }

  bool handle(const KeyedEvent& e, EventContext& ctx) {
    RandomStream rng(seed_, StreamPurpose::dynamics, e.key, e.payload,
                     std::bit_cast<std::uint64_t>(e.time));
    const NodeId v = e.agent();
    const std::uint32_t block = ctx.block();
    if (v == n_) {  // the hub: a message to a tenth of the ring
      for (NodeId w = 0; w < n_; w += 10) ctx.after(lookahead_ + rng.exponential(20.0), 0, w, 2);
      counts_[block] += 1;
      return true;
    }
    ++ticks_[v];
    const double u = rng.uniform();
    sums_[block] += u * std::sqrt(static_cast<double>(ticks_[v]));
    counts_[block] += 1;
    if (e.payload == 0) return false;  // a plain tick
    // Pass the token on; tick myself soon (same agent: no minimum delay).
    const auto to = static_cast<NodeId>(rng.below(n_));
    ctx.after(lookahead_ - cheat_ + rng.exponential(4.0), 0, to, e.payload);
    ctx.after(rng.exponential(50.0), 0, v, 0);
    // Exact ties: everyone the token reaches pings the hub's neighbour exactly one delay later.
    ctx.after(lookahead_, 2, (v + 1) % n_, 0);
    return true;
  }

  void observe(SeriesRecorder& r) const {
    double sum = 0, count = 0;
    for (std::size_t b = 0; b < sums_.size(); ++b) {
      sum += sums_[b];
      count += static_cast<double>(counts_[b]);
    }
    r.put(0, sum);
    r.put(1, count);
  }
  const BlockMap& block_map() const { return map_; }
  Time lookahead() const { return lookahead_; }

 private:
  NodeId n_;
  std::uint64_t seed_;
  Time lookahead_, cheat_;
  BlockMap map_;
  std::vector<double> sums_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::uint32_t> ticks_;
};

struct Outcome {
  std::vector<double> series;
  EngineResult result;
};

Outcome run_relay(unsigned threads, const TimeGrid& grid, std::uint64_t seed, Time cheat = 0) {
  Relay model(1000, seed, 0.01, cheat);
  KeyedQueue queue;
  model.start(queue);
  Outcome out;
  if (threads == 0) {
    SequentialEngine engine(model, queue);
    out.result = engine.run(grid, out.series, 2);
  } else {
    WindowEngine engine(model, queue, threads);
    out.result = engine.run(grid, out.series, 2);
  }
  return out;
}

}  // namespace

TEST_CASE("window engine: keyed events pop in (time, priority, agent, payload) order", "[window]") {
  KeyedQueue q;
  RandomStream rng(5, 1);
  std::vector<KeyedEvent> all;
  for (int i = 0; i < 2000; ++i) {
    const KeyedEvent e{static_cast<double>(rng.below(5)),
                       KeyedEvent::make_key(static_cast<std::uint8_t>(rng.below(3)),
                                            static_cast<NodeId>(rng.below(4))),
                       rng.below(3)};
    all.push_back(e);
    q.push(e);
  }
  std::sort(all.begin(), all.end());
  for (const KeyedEvent& want : all) {
    const KeyedEvent got = q.pop();
    REQUIRE(std::memcmp(&got, &want, sizeof got) == 0);
  }
}

TEST_CASE("window engine: the day buckets pop exactly like one heap, pushes and pops interleaved",
          "[window]") {
  KeyedQueue q;
  std::vector<KeyedEvent> mirror;  // what is pending, kept sorted
  RandomStream rng(6, 1);
  Time now = 0;
  auto push = [&](Time t) {
    const KeyedEvent e{t,
                       KeyedEvent::make_key(static_cast<std::uint8_t>(rng.below(2)),
                                            static_cast<NodeId>(rng.below(3))),
                       rng.below(2)};
    q.push(e);
    mirror.insert(std::upper_bound(mirror.begin(), mirror.end(), e), e);
  };
  for (int i = 0; i < 300; ++i) push(rng.exponential(0.05));  // mean 20 days
  push(1e6);                                                  // beyond the last bucket
  push(7e3);
  for (int step = 0; step < 5000 && !q.empty(); ++step) {
    REQUIRE(q.size() == mirror.size());
    const KeyedEvent got = q.pop();
    REQUIRE(std::memcmp(&got, &mirror.front(), sizeof got) == 0);
    mirror.erase(mirror.begin());
    REQUIRE(got.time >= now);
    now = got.time;
    // Schedule the same moment (exact ties), soon, later the same day, or days ahead.
    const std::uint64_t kind = rng.below(4);
    if (kind == 0) push(now);
    if (kind == 1) push(now + rng.exponential(50.0));
    if (kind == 2) push(now + rng.exponential(0.1));
  }
  CHECK(q.empty());
  CHECK(mirror.empty());
}

TEST_CASE("window engine: a toy relay model runs identically on 1 to 4 threads and sequentially",
          "[window]") {
  for (const TimeGrid& grid : {make_time_grid(40, 1), make_time_grid(3.3, 0.004)}) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      const Outcome reference = run_relay(0, grid, seed);
      REQUIRE(reference.result.events > 1000);
      for (unsigned threads = 1; threads <= 4; ++threads) {
        INFO("seed " << seed << " threads " << threads << " samples " << grid.times.size());
        const Outcome out = run_relay(threads, grid, seed);
        CHECK(same_bits(out.series, reference.series));
        CHECK(out.result.events == reference.result.events);
        CHECK(out.result.popped == reference.result.popped);
        CHECK(out.result.status == reference.result.status);
      }
    }
  }
}

TEST_CASE(
    "window engine: an event for another agent closer than the minimum delay is a reported bug",
    "[window]") {
  const TimeGrid grid = make_time_grid(20, 1);
  for (unsigned threads = 1; threads <= 3; ++threads) {
    INFO("threads " << threads);
    CHECK_THROWS_AS(run_relay(threads, grid, 1, 0.005), std::logic_error);
  }
  CHECK_THROWS_AS(run_relay(0, grid, 1, 0.005), std::logic_error);
  CHECK_NOTHROW(run_relay(2, grid, 1, 0.0));
}

// ---- the wom model ----------------------------------------------------------------------------

namespace {

using hearsay::testing::wom_support::brand;
using hearsay::testing::wom_support::model;

Network market(std::uint64_t seed, double nodes) {
  ParamValues values;
  values.set("nodes", nodes);
  values.set("clique_size", 10.0);
  values.set("weak_ties", 2.0);
  values.set("strong_weight", 1.0);
  values.set("weak_weight", 0.3);
  RandomStream rng(seed, StreamPurpose::network);
  return generate_network("clustered_weak_ties", values, rng);
}

struct WomCase {
  std::string name;
  std::vector<std::pair<std::string, ParamValues::Value>> params;
  std::vector<BrandSpec> brands;
  TimeGrid grid;
};

/// threads == 0: SequentialEngine; otherwise WindowEngine with that many threads.
RunOutput run_wom(const Network& net, const WomCase& c, std::uint64_t seed, unsigned threads) {
  ParamValues values = default_values(model().info.params);
  for (const auto& [key, value] : c.params) values.set(key, value);
  std::vector<wom::Brand> brands;
  for (const BrandSpec& spec : c.brands) brands.push_back(wom::read_brand(spec));
  wom::Model m(net, wom::declared_params().read(values), brands, seed, true);
  RunOutput out;
  const std::size_t metrics = wom::series_count * m.brands();
  EngineResult result;
  if (threads == 0) {
    KeyedQueue queue;
    EventContext setup = EventContext::setup(queue);
    m.start(setup, c.grid);
    SequentialEngine engine(m, queue);
    result = engine.run(c.grid, out.series, metrics);
  } else {
    WindowEngine engine(m, threads);
    EventContext setup = engine.setup();
    m.start(setup, c.grid);
    result = engine.run(c.grid, out.series, metrics);
  }
  out.events = result.events;
  out.status = result.status;
  out.summary = m.summary();
  out.cascades = m.cascades();
  return out;
}

bool same_cascades(const std::vector<CascadeRow>& x, const std::vector<CascadeRow>& y) {
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const CascadeRow& a = x[i];
    const CascadeRow& b = y[i];
    if (a.cascade != b.cascade || a.node != b.node || a.parent != b.parent ||
        std::memcmp(&a.time, &b.time, sizeof a.time) != 0 || a.valence != b.valence ||
        a.brand != b.brand)
      return false;
  }
  return true;
}

void check_identity(const WomCase& c, const Network& net,
                    std::initializer_list<std::uint64_t> seeds) {
  for (std::uint64_t seed : seeds) {
    const RunOutput reference = run_wom(net, c, seed, 0);
    REQUIRE(reference.events > 0);
    for (unsigned threads = 1; threads <= 4; ++threads) {
      INFO(c.name << ": seed " << seed << ", " << threads << " threads");
      const RunOutput out = run_wom(net, c, seed, threads);
      CHECK(same_bits(out.series, reference.series));
      CHECK(same_bits(out.summary, reference.summary));
      CHECK(out.events == reference.events);
      CHECK(out.status == reference.status);
      CHECK(same_cascades(out.cascades, reference.cascades));
    }
  }
}

}  // namespace

TEST_CASE("window engine: wom hard vs soft sell is bit-identical to the sequential engine",
          "[window][wom]") {
  const Network net = market(41, 3000);
  check_identity(
      {"hard vs soft", {}, {brand("hard_sell"), brand("soft_sell")}, make_time_grid(60, 1)}, net,
      {1, 2, 3});
}

TEST_CASE("window engine: wom with complaints answered, ignored and broadcast is bit-identical",
          "[window][wom]") {
  const Network net = market(42, 2000);
  const std::vector<std::pair<std::string, ParamValues::Value>> complaining = {
      {"complaint_propensity", 0.6}, {"experience_delay", 3.0}};
  check_identity(
      {"answered",
       complaining,
       {brand("soft_sell",
              {{"answer_probability", 1.0}, {"failure_probability", 0.3}, {"seed_count", 40.0}})},
       make_time_grid(45, 1)},
      net, {4, 5});
  check_identity(
      {"ignored",
       complaining,
       {brand("hard_sell",
              {{"answer_probability", 0.0}, {"failure_probability", 0.3}, {"seed_count", 40.0}})},
       make_time_grid(45, 1)},
      net, {6});
  check_identity({"broadcast",
                  {{"broadcaster_node", 7.0},
                   {"broadcaster_audience", 800.0},
                   {"broadcaster_complaint_time", 2.0},
                   {"broadcaster_brand", -1.0}},
                  {brand("hard_sell"), brand("soft_sell", {{"answer_median_delay", 2.0 / 1440}})},
                  make_time_grid(20, 1)},
                 net, {7});
}

TEST_CASE("window engine: wom brand posts, campaigns and reductions are bit-identical",
          "[window][wom]") {
  const Network net = market(43, 2000);
  BrandSpec burst = brand("hard_sell", {{"initial_followers", 0.5}});
  PhaseSpec phase;
  phase.start = 5;
  phase.end = 9;
  phase.params.set("pitches_per_day", 40.0);
  burst.campaign.push_back(phase);
  check_identity({"post burst",
                  {{"pitch_reach", 0.5}, {"unfollow_threshold", 1.0}},
                  {burst, brand("soft_sell", {{"initial_followers", 0.4}})},
                  make_time_grid(30, 1)},
                 net, {8, 9});
  // Maki-Thompson switches with a positive minimum delay (stifling reaches back to the teller).
  check_identity(
      {"stifling",
       {{"single_transition", 1.0},
        {"trust_one", 1.0},
        {"annoyance", 0.0},
        {"awareness_rate", 0.0},
        {"stop_talking_rate", 0.0},
        {"stifle_on_redundant_tell", 1.0},
        {"tell_rate", 0.3}},
       {brand("",
              {{"pitches_per_day", 0.0}, {"community_posts_per_day", 0.0}, {"seed_count", 5.0}})},
       make_time_grid(40, 1)},
      net, {10});
}

TEST_CASE(
    "window engine: wom shared market, budgets, paid influencers and the press are "
    "bit-identical",
    "[window][wom]") {
  const Network net = market(46, 2000);
  const std::vector<std::pair<std::string, ParamValues::Value>> busy = {
      {"market", std::string("shared")}, {"churn_dissatisfaction", 0.02},
      {"complaint_propensity", 0.4},     {"experience_delay", 3.0},
      {"rival_consideration", 0.9},      {"loyalty", 0.5}};
  check_identity({"shared market, budgets, influencers",
                  busy,
                  {brand("hard_sell", {{"failure_probability", 0.3},
                                       {"seed_count", 30.0},
                                       {"seed_posts", 3.0},
                                       {"budget", 60.0},
                                       {"budget_per_day", 3.0}}),
                   brand("soft_sell", {{"failure_probability", 0.3}, {"seed_count", 30.0}})},
                  make_time_grid(40, 1)},
                 net, {13, 14});
  check_identity({"press",
                  {{"broadcaster_node", 7.0},
                   {"broadcaster_audience", 300.0},
                   {"broadcaster_complaint_time", 2.0},
                   {"broadcaster_brand", -1.0},
                   {"press_pickup_prob", 1.0},
                   {"press_threshold", 200.0},
                   {"press_growth", 2.0},
                   {"press_reach", 0.3}},
                  {brand("hard_sell"), brand("soft_sell", {{"answer_median_delay", 2.0 / 1440}})},
                  make_time_grid(20, 1)},
                 net, {15});
}

TEST_CASE("window engine: wom sample grids finer than a window and horizons inside one",
          "[window][wom]") {
  const Network net = market(44, 1500);
  // Samples every 40 s (finer than the 1-minute window) and a horizon off the window grid.
  check_identity({"fine grid",
                  {},
                  {brand("hard_sell"), brand("soft_sell")},
                  make_time_grid(0.3 + 1e-7, 40.0 / 86400)},
                 net, {11});
  check_identity({"odd horizon",
                  {},
                  {brand("hard_sell"), brand("soft_sell")},
                  make_time_grid(17.000123, 0.77)},
                 net, {12});
}

TEST_CASE("window engine: wom's run function gives the same output for any run_threads",
          "[window][wom]") {
  const Network net = market(45, 2000);
  const ParamValues params = default_values(model().info.params);
  const std::vector<BrandSpec> brands{brand("hard_sell"), brand("soft_sell")};
  const TimeGrid grid = make_time_grid(30, 1);
  auto run = [&](unsigned threads) {
    RunInput input;
    input.network = &net;
    input.params = &params;
    input.grid = &grid;
    input.seed = 77;
    input.brands = brands;
    input.record_cascades = true;
    input.run_threads = threads;
    return model().run(input);
  };
  const RunOutput one = run(1);
  // An event limit (one that is never reached here) sends the run to the sequential engine.
  RunInput limited;
  limited.network = &net;
  limited.params = &params;
  limited.grid = &grid;
  limited.seed = 77;
  limited.brands = brands;
  limited.record_cascades = true;
  limited.max_events = std::uint64_t{1} << 60;
  const RunOutput sequential = model().run(limited);
  CHECK(same_bits(sequential.series, one.series));
  CHECK(same_bits(sequential.summary, one.summary));
  CHECK(sequential.events == one.events);
  CHECK(same_cascades(sequential.cascades, one.cascades));
  for (unsigned threads : {2u, 3u, 4u}) {
    const RunOutput out = run(threads);
    CHECK(same_bits(out.series, one.series));
    CHECK(same_bits(out.summary, one.summary));
    CHECK(out.events == one.events);
    CHECK(same_cascades(out.cascades, one.cascades));
  }
}
