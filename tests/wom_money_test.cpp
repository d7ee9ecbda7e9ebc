// Money in the wom model: what a campaign costs (seeds, advertising, posts, answers), profit and
// ROI, budgets that the campaign never exceeds, and paid influencers' sponsored posts.
// Statistical margins are three standard deviations of the compared counts (Poisson).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
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

ParamValues params(const Overrides& set) {
  return hearsay::testing::params_with(wom::entry().info, set);
}

double last(const RunOutput& out, wom::Series m, std::size_t b, std::size_t B, std::size_t T) {
  return out.series[(m * B + b) * T + T - 1];
}

double summary(const RunOutput& out, wom::Summary m, std::size_t b, std::size_t B) {
  return out.summary[m * B + b];
}

/// A hard-sell brand with a burst of advertising and posts on days [10, 30).
BrandSpec bursting(const Overrides& set) {
  BrandSpec b = brand("hard_sell", set);
  PhaseSpec burst;
  burst.start = 10;
  burst.end = 30;
  burst.params.set("advertising", 3.0);
  burst.params.set("pitches_per_day", 6.0);
  b.campaign.push_back(burst);
  return b;
}

RunOutput run(const Network& net, const ParamValues& p, const std::vector<BrandSpec>& brands,
              const TimeGrid& grid, std::uint64_t seed) {
  return hearsay::testing::wom_support::run(net, p, brands, grid, seed);
}

/// The campaign's spending: summary `spend` less the answers'.
double campaign(const RunOutput& out, const BrandSpec& b, std::size_t index, std::size_t B,
                std::size_t T) {
  return summary(out, wom::spend, index, B) -
         b.params.real("cost_per_answer") * last(out, wom::answers, index, B, T);
}

}  // namespace

TEST_CASE("wom money: spend is the sum of its parts, profit and roi follow from it",
          "[wom][money]") {
  const Network net = circles(2000, 61);
  const std::vector<BrandSpec> brands{bursting({{"seed_count", 12.0},
                                                {"failure_probability", 0.3},
                                                {"answer_probability", 0.9},
                                                {"cost_per_pitch", 0.7},
                                                {"cost_per_community_post", 1.3},
                                                {"cost_per_answer", 0.2},
                                                {"advertising_cost_per_day", 2.5},
                                                {"cost_per_seed", 4.0},
                                                {"margin", 0.4}}),
                                      brand("soft_sell", {})};
  const TimeGrid grid = make_time_grid(100, 100);
  const std::size_t B = 2, T = grid.times.size();
  for (const double rate : {0.0, 0.1}) {
    const RunOutput out = run(net, params({{"complaint_propensity", 0.5}, {"discount_rate", rate}}),
                              brands, grid, 62);
    // Advertising: level 1 on [0, 10) and [30, 100), 3 on [10, 30): 140 unit-days.
    const double expected = 0.7 * last(out, wom::pitch_posts, 0, B, T) +
                            1.3 * last(out, wom::community_posts, 0, B, T) +
                            0.2 * last(out, wom::answers, 0, B, T) + 2.5 * 140 + 4.0 * 12;
    INFO("discount_rate " << rate);
    CHECK(last(out, wom::answers, 0, B, T) > 0);
    CHECK(summary(out, wom::spend, 0, B) == Approx(expected).epsilon(1e-12));
    const double cost = summary(out, wom::cost, 0, B);
    if (rate == 0) {
      CHECK(cost == Approx(expected).epsilon(1e-12));
    } else {
      CHECK(cost < expected);
      CHECK(cost > expected * std::exp(-rate * 100 / 365));
    }
    const double profit = 0.4 * summary(out, wom::npv_sales, 0, B) - cost;
    CHECK(summary(out, wom::profit, 0, B) == Approx(profit).epsilon(1e-12));
    CHECK(summary(out, wom::roi, 0, B) == Approx(profit / cost).epsilon(1e-12));
    CHECK(std::isnan(summary(out, wom::budget_left, 0, B)));
  }
}

TEST_CASE("wom money: costs change the money metrics and nothing else", "[wom][money]") {
  const Network net = circles(2000, 63);
  const TimeGrid grid = make_time_grid(100, 10);
  const Overrides free{{"cost_per_pitch", 0.0},  {"cost_per_community_post", 0.0},
                       {"cost_per_answer", 0.0}, {"advertising_cost_per_day", 0.0},
                       {"cost_per_seed", 0.0},   {"seed_count", 10.0},
                       {"budget", 1e12},         {"budget_per_day", 1e12}};
  const RunOutput priced = run(net, params({}), {bursting({{"seed_count", 10.0}})}, grid, 64);
  const RunOutput unpriced = run(net, params({}), {bursting(free)}, grid, 64);
  CHECK(std::memcmp(priced.series.data(), unpriced.series.data(),
                    priced.series.size() * sizeof(double)) == 0);
  CHECK(priced.events == unpriced.events);
  for (std::size_t m = 0; m < wom::summary_count; ++m) {
    if (m == wom::cost || m == wom::spend || m == wom::profit || m == wom::roi ||
        m == wom::budget_left)
      continue;
    INFO("summary metric " << m);
    const double x = priced.summary[m], y = unpriced.summary[m];
    CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
  }
  CHECK(summary(unpriced, wom::spend, 0, 1) == 0);
  CHECK(std::isnan(summary(unpriced, wom::roi, 0, 1)));
}

TEST_CASE("wom money: a total budget pays seeds, then ads and posts in time order",
          "[wom][money]") {
  const Network net = circles(2000, 65);
  const TimeGrid grid = make_time_grid(200, 1);
  const std::size_t T = grid.times.size();
  // No word of mouth and no shares: only ads make consumers aware.
  const ParamValues quiet = params({{"tell_rate", 0.0},
                                    {"pitch_share_prob", 0.0},
                                    {"community_share_prob", 0.0},
                                    {"complaint_propensity", 0.0},
                                    {"awareness_rate", 0.02}});
  SECTION("seeds, then ads and posts as they come, until the money is gone, then nothing") {
    // Seeds 10; ads 1 a day; posts .5 each, 2.25 a day: about 2.1 a day, out by day 19.
    const BrandSpec b = brand("hard_sell", {{"seed_count", 10.0},
                                            {"cost_per_seed", 1.0},
                                            {"advertising_cost_per_day", 1.0},
                                            {"budget", 50.0}});
    const RunOutput out = run(net, quiet, {b}, grid, 66);
    auto posts = [&](std::size_t k) {
      return out.series[wom::pitch_posts * T + k] + out.series[wom::community_posts * T + k];
    };
    CHECK(posts(T - 1) > 10);  // posts got their share: money is not reserved for later ads
    std::size_t last_post_day = 0;
    for (std::size_t k = 1; k < T; ++k)
      if (posts(k) > posts(k - 1)) last_post_day = k;
    CHECK(last_post_day < 40);
    CHECK(campaign(out, b, 0, 1, T) == Approx(50).epsilon(1e-12));
    CHECK(summary(out, wom::budget_left, 0, 1) == Approx(0).margin(1e-9));
    // Ads worked while paid for, and stopped at most a day after the last post (the remainder
    // buys part of one more day).
    const double aware_then = out.series[wom::aware * T + last_post_day + 1];
    CHECK(aware_then > out.series[wom::aware * T + 1] + 20);
    CHECK(out.series[wom::aware * T + T - 1] == out.series[wom::aware * T + last_post_day + 2]);
  }
  SECTION("two styles on equal budgets both spend it, each on its own mix") {
    const std::vector<BrandSpec> two{brand("hard_sell", {{"budget", 120.0}}),
                                     brand("soft_sell", {{"budget", 120.0}})};
    const RunOutput out = run(net, quiet, two, grid, 70);
    for (std::size_t k = 0; k < 2; ++k) {
      INFO("brand " << k);
      CHECK(summary(out, wom::budget_left, k, 2) == Approx(0).margin(1e-9));
      CHECK(last(out, wom::pitch_posts, k, 2, T) + last(out, wom::community_posts, k, 2, T) > 50);
    }
    CHECK(last(out, wom::pitch_posts, 0, 2, T) > last(out, wom::pitch_posts, 1, 2, T));
    CHECK(last(out, wom::community_posts, 1, 2, T) > last(out, wom::community_posts, 0, 2, T));
  }
  SECTION("posts alone: exactly as many as the budget pays for") {
    const BrandSpec b = brand("hard_sell", {{"advertising_cost_per_day", 0.0},
                                            {"cost_per_pitch", 1.0},
                                            {"cost_per_community_post", 1.0},
                                            {"budget", 30.0}});
    const RunOutput out = run(net, quiet, {b}, grid, 67);
    CHECK(last(out, wom::pitch_posts, 0, 1, T) + last(out, wom::community_posts, 0, 1, T) == 30);
    CHECK(summary(out, wom::budget_left, 0, 1) == 0);
  }
  SECTION("seeds beyond the budget are not seeded") {
    const BrandSpec b = brand("hard_sell", {{"seed_count", 30.0},
                                            {"cost_per_seed", 2.0},
                                            {"advertising_cost_per_day", 0.0},
                                            {"cost_per_pitch", 0.0},
                                            {"cost_per_community_post", 0.0},
                                            {"budget", 21.0}});
    const RunOutput out = run(net, quiet, {b}, grid, 68);
    CHECK(summary(out, wom::won_by_seed, 0, 1) == 10);
    CHECK(summary(out, wom::budget_left, 0, 1) == Approx(1).epsilon(1e-12));
  }
  SECTION("a budget that is never reached changes nothing but budget_left") {
    const BrandSpec capped = brand("hard_sell", {{"budget", 1e9}, {"budget_per_day", 1e6}});
    const BrandSpec open = brand("hard_sell", {});
    const RunOutput a = run(net, quiet, {capped}, grid, 69);
    const RunOutput c = run(net, quiet, {open}, grid, 69);
    CHECK(std::memcmp(a.series.data(), c.series.data(), a.series.size() * sizeof(double)) == 0);
    CHECK(summary(a, wom::spend, 0, 1) == summary(c, wom::spend, 0, 1));
    CHECK(summary(a, wom::budget_left, 0, 1) == Approx(1e9 - summary(a, wom::spend, 0, 1)));
  }
}

TEST_CASE("wom money: a daily budget caps each day's spending", "[wom][money]") {
  const Network net = circles(2000, 71);
  const TimeGrid grid = make_time_grid(120, 1);
  const std::size_t T = grid.times.size();
  const BrandSpec b = brand("hard_sell", {{"pitches_per_day", 5.0},
                                          {"advertising_cost_per_day", 0.5},
                                          {"cost_per_pitch", 1.0},
                                          {"cost_per_community_post", 1.0},
                                          {"budget_per_day", 2.0}});
  const RunOutput out = run(net, params({}), {b}, grid, 72);
  // Each day: ads take .5, then at most one post (1.5 left, a post costs 1).
  double posts_before = 0, days_with_a_post = 0;
  for (std::size_t k = 1; k < T; ++k) {
    const double posts =
        out.series[wom::pitch_posts * T + k] + out.series[wom::community_posts * T + k];
    INFO("day " << k - 1);
    CHECK(posts - posts_before <= 1);
    days_with_a_post += posts - posts_before;
    posts_before = posts;
  }
  // 5.25 posts a day are wanted: a day without one has probability e^-5.25 = .005.
  CHECK(days_with_a_post >= 0.95 * static_cast<double>(T - 1));
  CHECK(campaign(out, b, 0, 1, T) == Approx(0.5 * 120 + days_with_a_post).epsilon(1e-12));
}

TEST_CASE(
    "wom money: paid influencers' sponsored posts win customers, discounted by persuasion "
    "knowledge",
    "[wom][money][influencers]") {
  const Network net = circles(4000, 73);
  const TimeGrid grid = make_time_grid(90, 90);
  auto won = [&](double posts, double pk_discount) {
    const BrandSpec b = brand("soft_sell", {{"seed_count", 60.0},
                                            {"seed_strategy", std::string("top_degree")},
                                            {"seed_posts", posts},
                                            {"advertising", 0.0}});
    double influenced = 0, customers = 0;
    for (std::uint64_t r = 0; r < 4; ++r) {
      const RunOutput out =
          run(net, params({{"pk_discount", pk_discount}, {"community_conversion", 0.1}}), {b}, grid,
              derive_seed(74, 1, r));
      influenced += summary(out, wom::won_by_influencer, 0, 1);
      customers += out.series[wom::customers_won * 2 + 1];
    }
    return std::pair{influenced, customers};
  };
  const auto [organic, organic_customers] = won(0, 1);
  const auto [paid, paid_customers] = won(4, 1);
  const auto [undiscounted, undiscounted_customers] = won(4, 0);
  CHECK(organic == 0);
  CHECK(paid > 20);
  CHECK(paid_customers - organic_customers > 3 * std::sqrt(paid_customers + organic_customers));
  // The mean persuasion discount is E[kappa] = 1/2: about twice the wins without it.
  CHECK(undiscounted - paid > 3 * std::sqrt(undiscounted + paid));
}
