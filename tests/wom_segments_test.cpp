// Consumer segments in the wom model (`segments:`): consumers are split by share, a segment's
// values act on its own consumers only, the per-segment series add up to the brand's, and
// segments that set nothing change nothing. Statistical margins are three standard deviations
// of the compared counts (Poisson).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "models/wom/wom.hpp"
#include "wom_support.hpp"

using namespace hearsay;
namespace wom = hearsay::models::wom;
using hearsay::testing::wom_support::brand;
using hearsay::testing::wom_support::circles;
using hearsay::testing::wom_support::run;

namespace {

using Overrides = std::vector<std::pair<std::string, ParamValues::Value>>;

/// A shared market where word of mouth, ads, failures, complaints and churn all happen often.
ParamValues busy() {
  return hearsay::testing::params_with(wom::entry().info, {{"market", std::string("shared")},
                                                           {"adopt_prob_strong", 0.5},
                                                           {"adopt_prob_weak", 0.3},
                                                           {"advocate_prob", 0.9},
                                                           {"tell_rate", 0.5},
                                                           {"awareness_rate", 0.02},
                                                           {"ad_conversion", 0.3},
                                                           {"churn_dissatisfaction", 0.02},
                                                           {"complaint_propensity", 0.3}});
}

std::vector<BrandSpec> two_brands() {
  const Overrides set{{"failure_probability", 0.3}, {"seed_count", 30.0}};
  return {brand("hard_sell", set), brand("soft_sell", set)};
}

SegmentSpec segment(const std::string& name, double share, const Overrides& set = {}) {
  SegmentSpec s{name, share, {}};
  for (const auto& [key, value] : set) s.params.set(key, value);
  return s;
}

/// Equal bit for bit (NaN included).
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

/// Per-segment series value: SegmentSeries k, brand b, segment g, sample t.
double by_segment(const RunOutput& out, wom::SegmentSeries k, std::size_t b, std::size_t g,
                  std::size_t t, std::size_t B, std::size_t S, std::size_t T) {
  return out.series[(wom::series_count * B + (k * B + b) * S + g) * T + t];
}

double series(const RunOutput& out, wom::Series m, std::size_t b, std::size_t t, std::size_t B,
              std::size_t T) {
  return out.series[(m * B + b) * T + t];
}

}  // namespace

TEST_CASE("wom segments: head counts follow the shares exactly", "[wom][segments]") {
  const Network net = circles(1003, 61);
  const std::vector<BrandSpec> specs = two_brands();
  std::vector<wom::Brand> brands;
  for (const BrandSpec& s : specs) brands.push_back(wom::read_brand(s));
  const wom::Params p = wom::declared_params().read(busy());
  wom::Model m(net, p, brands, 62, false, {p, p, p}, {0.25, 0.5, 0.25});
  KeyedQueue queue;
  EventContext setup = EventContext::setup(queue);
  m.start(setup, make_time_grid(10, 10));
  std::vector<int> counts(3, 0);
  for (NodeId v = 0; v < net.nodes(); ++v) ++counts[m.segment(v)];
  // Rounded cumulative shares: 250.75 -> 251, 752.25 -> 752, the rest 251.
  CHECK(counts == std::vector<int>{251, 501, 251});
}

TEST_CASE("wom segments: per-segment series add up to the brand's at every sample",
          "[wom][segments]") {
  const Network net = circles(3000, 63);
  const std::vector<BrandSpec> brands = two_brands();
  const std::vector<SegmentSpec> segments{segment("a", 0.3, {{"tell_rate", 1.0}}),
                                          segment("b", 0.7, {{"churn_rate", 0.01}})};
  const TimeGrid grid = make_time_grid(200, 5);
  const std::size_t B = 2, S = 2, T = grid.times.size();
  const RunOutput out = run(net, busy(), brands, grid, 64, false, segments);
  REQUIRE(out.series.size() == (wom::series_count * B + wom::segment_series_count * B * S) * T);
  const std::vector<std::pair<wom::SegmentSeries, wom::Series>> pairs{
      {wom::aware_by_segment, wom::aware},
      {wom::adopters_by_segment, wom::adopters},
      {wom::sales_by_segment, wom::cumulative_sales},
      {wom::won_by_segment, wom::customers_won},
      {wom::won_by_wom_by_segment, wom::won_by_wom},
      {wom::complaints_by_segment, wom::complaints},
      {wom::churned_by_segment, wom::churned}};
  for (const auto& [k, m] : pairs)
    for (std::size_t b = 0; b < B; ++b) {
      for (std::size_t t = 0; t < T; ++t) {
        INFO("segment series " << k << ", brand " << b << ", sample " << t);
        CHECK(by_segment(out, k, b, 0, t, B, S, T) + by_segment(out, k, b, 1, t, B, S, T) ==
              series(out, m, b, t, B, T));
      }
      // Each total is tested where it could fail: both segments have some.
      CHECK(by_segment(out, k, b, 0, T - 1, B, S, T) > 0);
      CHECK(by_segment(out, k, b, 1, T - 1, B, S, T) > 0);
    }
}

TEST_CASE("wom segments: segments that set nothing change nothing", "[wom][segments]") {
  const Network net = circles(2000, 65);
  const std::vector<BrandSpec> brands = two_brands();
  const TimeGrid grid = make_time_grid(150, 5);
  const RunOutput plain = run(net, busy(), brands, grid, 66);
  const RunOutput split =
      run(net, busy(), brands, grid, 66, false, {segment("a", 0.4), segment("b", 0.6)});
  // The brands' series come first, then the per-segment ones.
  REQUIRE(split.series.size() > plain.series.size());
  CHECK(std::memcmp(split.series.data(), plain.series.data(),
                    plain.series.size() * sizeof(double)) == 0);
  CHECK(same_bits(split.summary, plain.summary));
  CHECK(split.events == plain.events);
}

TEST_CASE("wom segments: a segment's values act on its own consumers only", "[wom][segments]") {
  const Network net = circles(4000, 67);
  const std::vector<BrandSpec> brands = two_brands();
  const TimeGrid grid = make_time_grid(200, 200);
  const std::size_t B = 2, S = 2, T = grid.times.size();
  // Deaf: neither friends' tells nor the posts friends share (nor posts at all) persuade this
  // half; the other half is the model's.
  const RunOutput out = run(net, busy(), brands, grid, 68, false,
                            {segment("deaf", 0.5,
                                     {{"adopt_prob_strong", 0.0},
                                      {"adopt_prob_weak", 0.0},
                                      {"pitch_conversion", 0.0},
                                      {"community_conversion", 0.0}}),
                             segment("listening", 0.5)});
  for (std::size_t b = 0; b < B; ++b) {
    INFO("brand " << b);
    CHECK(by_segment(out, wom::won_by_wom_by_segment, b, 0, T - 1, B, S, T) == 0);
    CHECK(by_segment(out, wom::won_by_wom_by_segment, b, 1, T - 1, B, S, T) > 50);
    // The deaf still buy, moved by ads and seeds.
    CHECK(by_segment(out, wom::won_by_segment, b, 0, T - 1, B, S, T) > 0);
  }
}

TEST_CASE("wom segments: results are the same on one thread and two", "[wom][segments]") {
  const Network net = circles(20000, 69);
  const std::vector<BrandSpec> brands = two_brands();
  const TimeGrid grid = make_time_grid(60, 5);
  const std::vector<SegmentSpec> segments{segment("a", 0.3, {{"tell_rate", 1.0}}),
                                          segment("b", 0.7, {{"pitch_conversion", 0.2}})};
  const RunOutput one = run(net, busy(), brands, grid, 70, false, segments, 1);
  const RunOutput two = run(net, busy(), brands, grid, 70, false, segments, 2);
  CHECK(std::memcmp(one.series.data(), two.series.data(), one.series.size() * sizeof(double)) == 0);
  CHECK(same_bits(one.summary, two.summary));
  CHECK(one.events == two.events);
}
