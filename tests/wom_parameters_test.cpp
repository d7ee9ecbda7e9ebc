// Every declared wom parameter moves something: generated from the declarations, each parameter
// is changed alone in a market that exercises every mechanism, and some output must change.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "models/wom/wom.hpp"
#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

using namespace hearsay;
namespace wom = hearsay::models::wom;

namespace {

/// Weighted circles and weak ties with communities; two brands competing for one market, with
/// followers, seeds (the first's paid to post) and a campaign phase, the first on budgets that
/// bind; frequent failures, complaints, answers and reshares; a broadcaster; the press.
struct Market {
  Network network;
  ParamValues model;
  std::vector<BrandSpec> brands;
  TimeGrid grid = make_time_grid(150, 5);

  Market() {
    ParamValues net;
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, double>>{{"nodes", 3000},
                                                     {"clique_size", 10},
                                                     {"weak_ties", 6},
                                                     {"strong_weight", 1.0},
                                                     {"weak_weight", 0.3}})
      net.set(key, value);
    RandomStream rng(41, StreamPurpose::network);
    network = generate_network("clustered_weak_ties", net, rng);
    model = hearsay::testing::params_with(wom::entry().info, {{"market", std::string("shared")},
                                                              {"complaint_propensity", 0.5},
                                                              {"complaint_reshare_prob", 0.3},
                                                              {"broadcaster_node", 7.0},
                                                              {"broadcaster_audience", 200.0},
                                                              {"broadcaster_complaint_time", 20.0},
                                                              {"broadcaster_brand", -1.0},
                                                              {"press_pickup_prob", 0.5},
                                                              {"press_threshold", 100.0},
                                                              {"press_growth", 2.0},
                                                              {"pitch_share_prob", 0.05},
                                                              {"community_share_prob", 0.1},
                                                              {"adopt_prob_strong", 0.3},
                                                              {"adopt_prob_weak", 0.2}});
    const auto& info = wom::entry().info;
    BrandSpec hard = hearsay::testing::styled_brand(info, "hard_sell",
                                                    {{"failure_probability", 0.3},
                                                     {"answer_probability", 0.8},
                                                     {"seed_count", 40.0},
                                                     {"seed_posts", 2.0},
                                                     {"budget", 650.0},
                                                     {"budget_per_day", 12.0},
                                                     {"initial_followers", 0.3}});
    PhaseSpec burst;
    burst.start = 10;
    burst.end = 30;
    burst.params.set("pitches_per_day", 12.0);
    burst.params.set("advertising", 3.0);
    burst.params.set("community_posts_per_day", 2.0);
    hard.campaign.push_back(burst);
    BrandSpec soft = hearsay::testing::styled_brand(
        info, "soft_sell",
        {{"failure_probability", 0.3}, {"seed_count", 40.0}, {"initial_followers", 0.3}});
    brands = {hard, soft};
  }

  std::vector<double> outputs(const ParamValues& params, const std::vector<BrandSpec>& b,
                              const std::vector<SegmentSpec>& segments = {}) const {
    RunInput input;
    input.network = &network;
    input.params = &params;
    input.grid = &grid;
    input.seed = 2027;
    input.brands = b;
    input.segments = segments;
    const RunOutput out = wom::entry().run(input);
    std::vector<double> all = out.series;
    all.insert(all.end(), out.summary.begin(), out.summary.end());
    all.push_back(static_cast<double>(out.events));
    return all;
  }
};

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

/// Other values to try for a parameter: for numbers twice (or half) the value (or into the
/// range when the value is 0 or at a bound), flipped booleans, every other choice.
std::vector<ParamValues::Value> alternatives(const ParamSpec& spec, const ParamValues& values) {
  if (spec.kind == ParamKind::choice) {
    std::vector<ParamValues::Value> out;
    for (const std::string& choice : spec.choices)
      if (choice != values.text(spec.name)) out.emplace_back(choice);
    return out;
  }
  const double v = values.real(spec.name);
  if (spec.kind == ParamKind::boolean) return {v != 0 ? 0.0 : 1.0};
  auto allowed = [&](double x) { return x >= spec.min && x <= spec.max && x != v; };
  if (spec.kind == ParamKind::integer) return {allowed(v + 1) ? v + 1 : v - 1};
  double changed = v * 2;
  if (!allowed(changed)) changed = v * 0.5;
  if (!allowed(changed)) changed = std::isfinite(spec.max) ? (spec.min + spec.max) / 2 : v + 1;
  return {changed};
}

}  // namespace

TEST_CASE("wom: every declared consumer parameter changes some output", "[wom][parameters]") {
  const Market market;
  const std::vector<double> base = market.outputs(market.model, market.brands);
  for (const ParamSpec& spec : wom::declared_params().specs()) {
    for (const ParamValues::Value& value : alternatives(spec, market.model)) {
      ParamValues changed = market.model;
      changed.set(spec.name, value);
      INFO("model." << spec.name << " changed from its market value");
      CHECK_FALSE(bitwise_equal(market.outputs(changed, market.brands), base));
    }
  }
}

TEST_CASE("wom: every declared brand parameter changes some output", "[wom][parameters]") {
  const Market market;
  const std::vector<double> base = market.outputs(market.model, market.brands);
  for (const ParamSpec& spec : wom::declared_brand_params().specs()) {
    for (const ParamValues::Value& value : alternatives(spec, market.brands[0].params)) {
      std::vector<BrandSpec> brands = market.brands;
      brands[0].params.set(spec.name, value);
      INFO("brands.<first>." << spec.name << " changed from its market value");
      CHECK_FALSE(bitwise_equal(market.outputs(market.model, brands), base));
    }
  }
}

TEST_CASE("wom: every segment parameter changes some output when one segment sets it",
          "[wom][parameters][segments]") {
  const Market market;
  // Two halves that set nothing: the model's values everywhere.
  const std::vector<SegmentSpec> halves{{"a", 0.5, {}}, {"b", 0.5, {}}};
  const std::vector<double> base = market.outputs(market.model, market.brands, halves);
  const auto& specs = wom::declared_params().specs();
  for (const std::string& name : wom::segment_params()) {
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    REQUIRE(spec != specs.end());
    for (const ParamValues::Value& value : alternatives(*spec, market.model)) {
      std::vector<SegmentSpec> segments = halves;
      segments[0].params.set(name, value);
      INFO("segments[0]." << name << " changed from its market value");
      CHECK_FALSE(bitwise_equal(market.outputs(market.model, market.brands, segments), base));
    }
  }
}
