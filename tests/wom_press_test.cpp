// The press in the wom model: a complaint whose cascade passes press_threshold views may be
// picked up (press_pickup_prob, x answer_damping once answered), and the coverage reaches
// press_reach of all consumers; a story that grows press_growth times is weighed again.
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

/// One musician (node 7) with 400 direct viewers complains about the brand on day 2.
Overrides broadcast(const Overrides& press) {
  Overrides set{{"broadcaster_node", 7.0},
                {"broadcaster_audience", 400.0},
                {"broadcaster_complaint_time", 2.0},
                {"broadcaster_brand", 0.0},
                {"complaint_propensity", 0.0}};  // the musician's is the only complaint
  set.insert(set.end(), press.begin(), press.end());
  return set;
}

struct Totals {
  double pickups = 0, peak = 0;
};

/// The press pickups and peak cascade of the brand, summed over R runs.
Totals totals(const Network& net, const Overrides& set, double answer_probability, int R,
              std::uint64_t tag) {
  const ParamValues p = hearsay::testing::params_with(wom::entry().info, set);
  const std::vector<BrandSpec> brands{brand(
      "soft_sell", {{"answer_probability", answer_probability}, {"answer_median_delay", 0.01}})};
  const TimeGrid grid = make_time_grid(40, 40);
  Totals t;
  for (int r = 0; r < R; ++r) {
    const RunOutput out = hearsay::testing::wom_support::run(
        net, p, brands, grid, derive_seed(tag, 1, static_cast<std::uint64_t>(r)));
    t.pickups += out.summary[wom::press_pickups];
    t.peak += out.summary[wom::peak_complaint_cascade];
  }
  return t;
}

}  // namespace

TEST_CASE("wom press: off, nothing is picked up and the run is as before", "[wom][press]") {
  const Network net = circles(4000, 81);
  const Totals off = totals(net, broadcast({}), 0.0, 3, 82);
  CHECK(off.pickups == 0);
  // Press keys without a press (pickup probability 0) change nothing.
  const ParamValues plain = hearsay::testing::params_with(wom::entry().info, broadcast({}));
  const ParamValues keyed = hearsay::testing::params_with(
      wom::entry().info,
      broadcast({{"press_threshold", 10.0}, {"press_reach", 0.9}, {"press_growth", 2.0}}));
  const std::vector<BrandSpec> brands{brand("hard_sell", {})};
  const TimeGrid grid = make_time_grid(20, 1);
  const RunOutput a = hearsay::testing::wom_support::run(net, plain, brands, grid, 83);
  const RunOutput b = hearsay::testing::wom_support::run(net, keyed, brands, grid, 83);
  CHECK(std::memcmp(a.series.data(), b.series.data(), a.series.size() * sizeof(double)) == 0);
  CHECK(a.events == b.events);
}

TEST_CASE("wom press: a visible story is picked up and its coverage reaches press_reach",
          "[wom][press]") {
  const Network net = circles(4000, 84);
  // Always picked up at 300 views, weighed once (growth 1e6): one pickup per run, whose coverage
  // of .5 x 4000 readers (drawn with repeats: 4000 (1 - e^-.5) = 1574 distinct) joins the cascade.
  const Totals on = totals(net,
                           broadcast({{"press_pickup_prob", 1.0},
                                      {"press_threshold", 300.0},
                                      {"press_reach", 0.5},
                                      {"press_growth", 1e6}}),
                           0.0, 3, 85);
  const Totals off = totals(net, broadcast({}), 0.0, 3, 85);
  CHECK(on.pickups == 3);
  CHECK(off.peak / 3 > 300);  // the story passes the threshold on its own
  CHECK(on.peak - off.peak > 3 * 0.8 * 1574);
  // A threshold above the population: never visible, never picked up.
  const Totals hidden =
      totals(net, broadcast({{"press_pickup_prob", 1.0}, {"press_threshold", 5000.0}}), 0.0, 3, 85);
  CHECK(hidden.pickups == 0);
}

TEST_CASE("wom press: a growing story is covered again, an answered one is picked up less",
          "[wom][press]") {
  const Network net = circles(4000, 86);
  const Overrides again{{"press_pickup_prob", 1.0},
                        {"press_threshold", 300.0},
                        {"press_reach", 0.3},
                        {"press_growth", 2.0}};
  // Coverage of 1200 readers lifts the story past 600 views: weighed and covered again.
  const Totals growing = totals(net, broadcast(again), 0.0, 3, 87);
  CHECK(growing.pickups >= 2 * 3);
  // Half of visible stories picked up; answered ones x answer_damping (.3): expected counts over
  // 40 runs about 20 and 6 at the first weighing.
  const Overrides coin{{"press_pickup_prob", 0.5},
                       {"press_threshold", 300.0},
                       {"press_reach", 0.1},
                       {"press_growth", 1e6}};
  const Totals ignored = totals(net, broadcast(coin), 0.0, 40, 88);
  const Totals answered = totals(net, broadcast(coin), 1.0, 40, 88);
  CHECK(ignored.pickups - answered.pickups > 3 * std::sqrt(ignored.pickups + answered.pickups));
}
