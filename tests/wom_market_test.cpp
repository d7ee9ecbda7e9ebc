// Competition in the wom model (`market: shared`): a consumer is a customer of at most one brand
// at a time, brands win customers from each other, and each mechanism that moves customers acts.
// Statistical margins are three standard deviations of the compared counts (Poisson).
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "models/wom/wom.hpp"
#include "sim/core/rng.hpp"
#include "wom_support.hpp"

using namespace hearsay;
namespace wom = hearsay::models::wom;
using hearsay::testing::wom_support::brand;
using hearsay::testing::wom_support::circles;

namespace {

using Overrides = std::vector<std::pair<std::string, ParamValues::Value>>;

/// A busy market: strong word of mouth and advertising, frequent failures and churn.
Overrides busy(const std::string& market) {
  return {{"market", market},           {"adopt_prob_strong", 0.5},
          {"adopt_prob_weak", 0.3},     {"advocate_prob", 0.9},
          {"tell_rate", 0.5},           {"awareness_rate", 0.02},
          {"ad_conversion", 0.3},       {"churn_dissatisfaction", 0.02},
          {"rival_consideration", 0.8}, {"loyalty", 0.5},
          {"complaint_propensity", 0.3}};
}

std::vector<BrandSpec> three_brands(const Overrides& extra = {}) {
  Overrides set{{"failure_probability", 0.3}, {"seed_count", 30.0}, {"initial_followers", 0.2}};
  set.insert(set.end(), extra.begin(), extra.end());
  return {brand("hard_sell", set), brand("soft_sell", set), brand("", set)};
}

ParamValues params(const Overrides& set) {
  return hearsay::testing::params_with(wom::entry().info, set);
}

/// Series value (metric m, brand b, sample k) of a run of B brands with T samples.
double at(const RunOutput& out, wom::Series m, std::size_t b, std::size_t k, std::size_t B,
          std::size_t T) {
  return out.series[(m * B + b) * T + k];
}

double summary(const RunOutput& out, wom::Summary m, std::size_t b, std::size_t B) {
  return out.summary[m * B + b];
}

/// After every event, no consumer is a customer (stage 3) of two brands.
struct OneBrandWatcher {
  const wom::Model* model = nullptr;
  std::uint64_t violations = 0, checked = 0;
  void before_event(const KeyedEvent&) {}
  void on_event(const KeyedEvent& e, bool changed) {
    const NodeId v = e.agent();
    if (!changed || v >= model->nodes()) return;
    int held = 0;
    for (std::uint32_t b = 0; b < model->brands(); ++b) held += model->stage(v, b) == 3 ? 1 : 0;
    ++checked;
    if (held > 1) ++violations;
  }
};

}  // namespace

TEST_CASE("wom market: shared, a consumer holds one brand at a time (checked after every event)",
          "[wom][market]") {
  const Network net = circles(3000, 51);
  const ParamValues values = params(busy("shared"));
  const std::vector<BrandSpec> specs = three_brands();
  std::vector<wom::Brand> brands;
  for (const BrandSpec& s : specs) brands.push_back(wom::read_brand(s));
  const TimeGrid grid = make_time_grid(200, 200);
  wom::Model m(net, wom::declared_params().read(values), brands, 52, false);
  KeyedQueue queue;
  EventContext setup = EventContext::setup(queue);
  m.start(setup, grid);
  OneBrandWatcher watcher{&m};
  SequentialEngine<wom::Model, OneBrandWatcher> engine(m, queue, watcher);
  std::vector<double> series;
  engine.run(grid, series, wom::series_count * brands.size());
  CHECK(engine.observer().checked > 10000);
  CHECK(engine.observer().violations == 0);
}

TEST_CASE(
    "wom market: shared, adopters sum to at most the consumers at every sample, shares sum "
    "to 1, switches balance",
    "[wom][market]") {
  const Network net = circles(3000, 53);
  const std::vector<BrandSpec> brands = three_brands();
  const std::size_t B = brands.size();
  const TimeGrid grid = make_time_grid(200, 1);
  const std::size_t T = grid.times.size();
  const RunOutput out =
      hearsay::testing::wom_support::run(net, params(busy("shared")), brands, grid, 54);
  double max_sum = 0;
  for (std::size_t k = 0; k < T; ++k) {
    double customers = 0, shares = 0;
    for (std::size_t b = 0; b < B; ++b) {
      customers += at(out, wom::adopters, b, k, B, T);
      shares += at(out, wom::market_share, b, k, B, T);
    }
    INFO("sample " << k);
    CHECK(customers <= static_cast<double>(net.nodes()));
    if (customers > 0) CHECK(shares == Approx(1.0).margin(1e-12));
    max_sum = std::max(max_sum, customers);
  }
  // The market is busy enough that the invariant is tested where it could fail.
  CHECK(max_sum > 0.3 * static_cast<double>(net.nodes()));
  double in = 0, out_total = 0, at_churn = 0;
  for (std::size_t b = 0; b < B; ++b) {
    in += summary(out, wom::switches_in, b, B);
    out_total += summary(out, wom::switches_out, b, B);
    at_churn += summary(out, wom::won_at_rival_churn, b, B);
  }
  CHECK(in == out_total);
  CHECK(in > 50);
  CHECK(at_churn > 0);
}

TEST_CASE("wom market: independent, a consumer may hold every brand and nobody switches",
          "[wom][market]") {
  const Network net = circles(3000, 53);
  const std::vector<BrandSpec> brands = three_brands();
  const std::size_t B = brands.size();
  const TimeGrid grid = make_time_grid(200, 200);
  const RunOutput out =
      hearsay::testing::wom_support::run(net, params(busy("independent")), brands, grid, 54);
  for (std::size_t b = 0; b < B; ++b) {
    CHECK(summary(out, wom::switches_in, b, B) == 0);
    CHECK(summary(out, wom::switches_out, b, B) == 0);
    CHECK(summary(out, wom::won_at_rival_churn, b, B) == 0);
  }
  double customers = 0;
  for (std::size_t b = 0; b < B; ++b) customers += at(out, wom::customers_won, b, 1, B, 2);
  // Three brands each reach most of the market: their customers overlap.
  CHECK(customers > static_cast<double>(net.nodes()));
}

TEST_CASE("wom market: loyalty keeps customers, leaving a brand turns consumers to a known rival",
          "[wom][market]") {
  const Network net = circles(3000, 55);
  const std::vector<BrandSpec> brands = three_brands();
  const std::size_t B = brands.size();
  const TimeGrid grid = make_time_grid(200, 200);
  auto switches = [&](const Overrides& set) {
    Overrides all = busy("shared");
    all.insert(all.end(), set.begin(), set.end());
    double in = 0, churn = 0;
    for (std::uint64_t r = 0; r < 4; ++r) {
      const RunOutput out =
          hearsay::testing::wom_support::run(net, params(all), brands, grid, derive_seed(56, 1, r));
      for (std::size_t b = 0; b < B; ++b) {
        in += summary(out, wom::switches_in, b, B);
        churn += summary(out, wom::won_at_rival_churn, b, B);
      }
    }
    return std::pair{in, churn};
  };
  // Fully loyal customers switch only after leaving; with no loyalty, dissatisfied or not, a
  // customer who comes to buy a rival switches.
  const auto [loyal, loyal_churn] = switches({{"loyalty", 1.0}});
  const auto [fickle, fickle_churn] = switches({{"loyalty", 0.0}});
  CHECK(fickle - loyal > 3 * std::sqrt(fickle + loyal));
  // No consideration of rivals on leaving: nobody is won at a rival's churn.
  const auto [none_in, none_churn] = switches({{"rival_consideration", 0.0}});
  CHECK(none_churn == 0);
  const auto [all_in, all_churn] = switches({{"rival_consideration", 1.0}});
  CHECK(all_churn - none_churn > 3 * std::sqrt(all_churn + 1));
  CHECK(all_in > none_in);
}

TEST_CASE("wom market: shared, an earlier brand's seeds are passed over", "[wom][market]") {
  const Network net = circles(2000, 57);
  const TimeGrid grid = make_time_grid(1, 1);
  const Overrides seeds{{"seed_count", 25.0}, {"seed_strategy", std::string("top_degree")}};
  const std::vector<BrandSpec> brands{brand("hard_sell", seeds), brand("soft_sell", seeds)};
  for (const std::string market : {"independent", "shared"}) {
    const RunOutput out = hearsay::testing::wom_support::run(
        net, params({{"market", market}, {"purchase_delay", 0.0}}), brands, grid, 58);
    INFO(market);
    // Every seed buys at time 0 in both markets: in a shared one each brand has its own 25.
    CHECK(summary(out, wom::won_by_seed, 0, 2) == 25);
    CHECK(summary(out, wom::won_by_seed, 1, 2) == 25);
    CHECK(summary(out, wom::switches_in, 1, 2) == 0);
  }
}

TEST_CASE("wom market: a shared market is not a reduction (single_transition is refused)",
          "[wom][market]") {
  const ParamValues values =
      params({{"market", std::string("shared")}, {"single_transition", 1.0}});
  const std::vector<BrandSpec> brands{brand("hard_sell", {})};
  REQUIRE(wom::entry().check != nullptr);
  CHECK_THROWS_AS(wom::entry().check(values, nullptr, brands), ModelCheckError);
  const ParamValues independent = params({{"single_transition", 1.0}});
  CHECK_NOTHROW(wom::entry().check(independent, nullptr, brands));
}
