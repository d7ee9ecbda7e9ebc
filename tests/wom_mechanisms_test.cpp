// The wom mechanisms that once changed nothing, each shown to act: weak ties, the squeaky wheel,
// awareness (brand memory), what is heard before first use, churn redrawn on satisfaction, and
// wear-out over recent pitches. Comparisons use common random numbers; margins are three
// standard deviations of the compared counts (Poisson) or of the paired differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "model_support.hpp"
#include "models/wom/wom.hpp"
#include "sim/core/rng.hpp"
#include "wom_support.hpp"

using namespace hearsay;
namespace wom = hearsay::models::wom;

namespace {

using Overrides = std::vector<std::pair<std::string, ParamValues::Value>>;

using hearsay::testing::wom_support::circles;

/// One run sampled at 0 and at `end`.
RunOutput run(const Network& net, const ParamValues& params, const std::vector<BrandSpec>& brands,
              Time end, std::uint64_t seed, bool cascades = false) {
  return hearsay::testing::wom_support::run(net, params, brands, make_time_grid(end, end), seed,
                                            cascades);
}

BrandSpec brand(const Overrides& set) {
  return hearsay::testing::styled_brand(wom::entry().info, "", set);
}

ParamValues params(const Overrides& set) {
  return hearsay::testing::params_with(wom::entry().info, set);
}

/// A summary metric of brand 0, summed over R runs with seeds (tag, r).
double total(wom::Summary metric, const Network& net, const ParamValues& p,
             const std::vector<BrandSpec>& brands, Time end, int R, std::uint64_t tag) {
  double sum = 0;
  for (int r = 0; r < R; ++r) {
    const RunOutput out =
        run(net, p, brands, end, derive_seed(tag, 1, static_cast<std::uint64_t>(r)));
    sum += out.summary[metric * brands.size()];
  }
  return sum;
}

/// Whether the tie from u to v is weak.
bool weak_tie(const Network& net, NodeId u, NodeId v) {
  const std::uint64_t first = net.first_arc(u);
  for (std::uint64_t a = first; a < first + net.degree(u); ++a)
    if (net.targets()[a] == v) return net.tie(a) == Tie::weak;
  return false;
}

}  // namespace

TEST_CASE(
    "wom: on a weighted network a weak tie persuades with adopt_prob_weak (Goldenberg, Libai & "
    "Muller 2001)",
    "[wom][mechanism]") {
  // Circles of strong ties joined by weak ones, with weights (strong 1, weak .3). With
  // adopt_prob_weak = 0 no tell over a weak tie may win anyone; with it equal to the strong
  // one, some do. Friends' shares (which cross any tie) are off.
  const Network net = circles(4000, 31);
  REQUIRE(net.has_weights());
  REQUIRE(net.has_ties());
  auto weak_conversions = [&](double weak) {
    const ParamValues p = params({{"adopt_prob_strong", 0.3},
                                  {"adopt_prob_weak", weak},
                                  {"pitch_share_prob", 0.0},
                                  {"community_share_prob", 0.0}});
    const RunOutput out = run(net, p, {brand({{"seed_count", 100.0}})}, 180, 5, true);
    std::uint64_t over_weak = 0, over_any = 0;
    for (const CascadeRow& row : out.cascades) {
      if (row.valence != +1 || row.parent < 0) continue;
      ++over_any;
      if (weak_tie(net, static_cast<NodeId>(row.parent), row.node)) ++over_weak;
    }
    return std::pair{over_weak, over_any};
  };
  const auto [none, all_none] = weak_conversions(0.0);
  const auto [some, all_some] = weak_conversions(0.3);
  INFO("adopt_prob_weak 0: " << none << " of " << all_none
                             << " tell conversions over weak ties; "
                                "0.3: "
                             << some << " of " << all_some);
  CHECK(all_none > 200);
  CHECK(none == 0);
  CHECK(some > 20);
}

TEST_CASE(
    "wom: a customer whose complaint was answered complains more often (the squeaky wheel, Ma, Sun "
    "& Kekre 2015)",
    "[wom][mechanism]") {
  // Frequent failures, every complaint answered: with squeaky_wheel 3 the answered complain
  // again three times as readily, so complaints rise.
  const Network net = circles(5000, 32);
  const std::vector<BrandSpec> brands{
      brand({{"failure_probability", 0.3}, {"seed_count", 300.0}, {"answer_probability", 1.0}})};
  auto complaints = [&](double squeaky) {
    return total(wom::total_complaints, net,
                 params({{"complaint_propensity", 0.2}, {"squeaky_wheel", squeaky}}), brands, 365,
                 4, 33);
  };
  const double plain = complaints(1.0), squeaky = complaints(3.0);
  INFO("complaints: squeaky_wheel 1 -> " << plain << ", 3 -> " << squeaky);
  CHECK(plain > 100);
  CHECK(squeaky - plain > 3 * std::sqrt(plain + squeaky));
}

TEST_CASE(
    "wom: ad contacts that convert no one still raise later conversions (awareness builds brand "
    "memory)",
    "[wom][mechanism]") {
  // awareness_rate 0 (no ad contacts) against ad_conversion 0 (ad contacts that only make
  // consumers aware and remember the brand): word of mouth and posts then persuade more. The
  // runs are paired (same network and seeds); the margin is three standard errors of the
  // paired difference.
  const Network net = circles(10000, 34);
  const std::vector<BrandSpec> brands{brand({{"seed_count", 100.0}, {"initial_followers", 0.3}})};
  auto customers = [&](const Overrides& set, std::uint64_t seed) {
    Overrides all = set;
    all.emplace_back("memory_boost", 1.0);
    const RunOutput out = run(net, params(all), brands, 365, seed);
    return out.summary[wom::won_by_tell] + out.summary[wom::won_by_pitch] +
           out.summary[wom::won_by_community] + out.summary[wom::won_by_share];
  };
  std::vector<double> differences;
  double no_ads = 0, ads_without_conversion = 0;
  for (int r = 0; r < 8; ++r) {
    const std::uint64_t seed = derive_seed(35, 1, static_cast<std::uint64_t>(r));
    const double a = customers({{"awareness_rate", 0.0}}, seed);
    const double b = customers({{"ad_conversion", 0.0}}, seed);
    no_ads += a;
    ads_without_conversion += b;
    differences.push_back(b - a);
  }
  const auto [mean, sd] = hearsay::testing::mean_sd(differences);
  INFO("customers won by word of mouth and posts: no ad contacts "
       << no_ads << ", ad contacts that convert no one " << ads_without_conversion
       << " (8 runs); paired "
       << "difference " << mean << " +- " << sd / std::sqrt(8.0));
  CHECK(mean > 3 * sd / std::sqrt(8.0));
}

namespace {

/// Records each customer's complaints and praise heard before first use, and the satisfaction
/// right after the first use.
struct FirstUseWatcher {
  const wom::Model* model = nullptr;
  std::vector<int> heard_negative, heard_positive;
  std::vector<double> first_use;  ///< NaN until the first use
  bool before_use = false;
  void before_event(const KeyedEvent& e) {
    const NodeId v = e.agent();
    before_use = v < model->nodes() && model->stage(v, 0) == 3 && model->experiences(v, 0) == 0;
  }
  void on_event(const KeyedEvent& e, bool changed) {
    const NodeId v = e.agent();
    if (!changed || v >= model->nodes()) return;
    const auto kind = static_cast<wom::Model::Kind>(e.priority() >> 3);
    if (before_use && (kind == wom::Model::hear_neg_strong || kind == wom::Model::hear_neg_weak))
      ++heard_negative[v];
    if (before_use && (kind == wom::Model::hear_pos_strong || kind == wom::Model::hear_pos_weak))
      ++heard_positive[v];
    if (kind == wom::Model::experience && model->experiences(v, 0) == 1 && std::isnan(first_use[v]))
      first_use[v] = model->satisfaction(v, 0);
  }
};

/// Mean first-use satisfaction of customers who heard something (of `heard`) before using the
/// product, and of those who heard nothing.
std::pair<double, double> first_impressions(const Overrides& set, bool negative) {
  const Network net = circles(6000, 36);
  ParamValues values = params(set);
  const wom::Params p = wom::declared_params().read(values);
  const std::vector<BrandSpec> spec{brand({{"failure_probability", 0.3}, {"seed_count", 300.0}})};
  std::vector<wom::Brand> brands{wom::read_brand(spec[0])};
  const TimeGrid grid = make_time_grid(240, 240);
  wom::Model m(net, p, brands, 37, false);
  KeyedQueue queue;
  EventContext setup = EventContext::setup(queue);
  m.start(setup, grid);
  FirstUseWatcher watcher{&m, std::vector<int>(net.nodes(), 0), std::vector<int>(net.nodes(), 0),
                          std::vector<double>(net.nodes(), std::nan("")), false};
  SequentialEngine<wom::Model, FirstUseWatcher> engine(m, queue, watcher);
  std::vector<double> series;
  engine.run(grid, series, wom::series_count);
  const FirstUseWatcher& w = engine.observer();
  double heard_sum = 0, heard_n = 0, none_sum = 0, none_n = 0;
  for (NodeId v = 0; v < net.nodes(); ++v) {
    if (std::isnan(w.first_use[v])) continue;
    const int heard = negative ? w.heard_negative[v] : w.heard_positive[v];
    const int other = negative ? w.heard_positive[v] : w.heard_negative[v];
    if (other != 0) continue;
    (heard > 0 ? heard_sum : none_sum) += w.first_use[v];
    ++(heard > 0 ? heard_n : none_n);
  }
  REQUIRE(heard_n >= 30);
  REQUIRE(none_n >= 30);
  return {heard_sum / heard_n, none_sum / none_n};
}

}  // namespace

TEST_CASE("wom: what a customer hears before first use shifts the first impression, either way",
          "[wom][mechanism]") {
  // A long wait before use and much talk. Each complaint heard before use takes .2 off the
  // first impression (its mean is .8 - .2 k); each praise adds .2 (capped at 1). The sd of one
  // first use is about .13, so a shift of .1 is several standard errors at 30 customers.
  const Overrides talk = {{"experience_delay", 40.0},
                          {"adopt_prob_strong", 0.3},
                          {"negativity_multiplier", 4.0},
                          {"advocate_prob", 0.6}};
  Overrides negative = talk;
  negative.emplace_back("satisfaction_loss_negative", 0.2);
  negative.emplace_back("satisfaction_gain_positive", 0.0);
  const auto [after_complaints, without] = first_impressions(negative, true);
  INFO("first-use satisfaction: heard complaints " << after_complaints << ", heard nothing "
                                                   << without);
  CHECK(after_complaints < without - 0.1);
  Overrides positive = talk;
  positive.emplace_back("satisfaction_loss_negative", 0.0);
  positive.emplace_back("satisfaction_gain_positive", 0.2);
  const auto [after_praise, without_praise] = first_impressions(positive, false);
  INFO("first-use satisfaction: heard praise " << after_praise << ", heard nothing "
                                               << without_praise);
  CHECK(after_praise > without_praise + 0.05);
}

TEST_CASE("wom: praise heard after first use lowers churn at once (the churn clock is redrawn)",
          "[wom][mechanism]") {
  // Churn only from dissatisfaction, one use each (no repurchases), little talk before use: what
  // moves churn is satisfaction gained from praise after use.
  const Network net = circles(5000, 38);
  const std::vector<BrandSpec> brands{brand({{"seed_count", 400.0}})};
  auto churned = [&](double gain) {
    const ParamValues p = params({{"churn_rate", 0.0},
                                  {"churn_dissatisfaction", 0.02},
                                  {"repurchase_rate", 0.0},
                                  {"experience_delay", 0.01},
                                  {"adopt_prob_strong", 0.3},
                                  {"advocate_prob", 0.8},
                                  {"satisfaction_gain_positive", gain}});
    double sum = 0;
    for (int r = 0; r < 4; ++r) {
      const RunOutput out =
          run(net, p, brands, 365, derive_seed(39, 1, static_cast<std::uint64_t>(r)));
      sum += out.series[wom::churned * 2 + 1];  // one brand, samples at 0 and at the end
    }
    return sum;
  };
  const double without = churned(0.0), with = churned(0.2);
  INFO("churned: no gain from praise " << without << ", gain .2 " << with);
  CHECK(without > 100);
  CHECK(without - with > 3 * std::sqrt(without + with));
}

TEST_CASE("wom: wear-out counts recent pitches, not a lifetime's", "[wom][mechanism]") {
  // Ten pitches a day for a year to half the market, no word of mouth: with exposures fading
  // over a week the count stays near the peak of the wear-out curve; counted over a lifetime
  // (a ten-year half-life) it grows past it and pitches stop persuading.
  const Network net = circles(5000, 40);
  const std::vector<BrandSpec> brands{brand(
      {{"pitches_per_day", 10.0}, {"community_posts_per_day", 0.0}, {"initial_followers", 0.5}})};
  auto won = [&](double half_life) {
    return total(wom::won_by_pitch, net,
                 params({{"exposure_half_life", half_life},
                         {"adopt_prob_strong", 0.0},
                         {"adopt_prob_weak", 0.0},
                         {"pitch_conversion", 0.1},
                         {"unfollow_coefficient", 0.0}}),
                 brands, 365, 4, 41);
  };
  const double recent = won(7.0), lifetime = won(3650.0);
  INFO("customers won by pitches: exposures over a week " << recent << ", over a lifetime "
                                                          << lifetime);
  CHECK(recent - lifetime > 3 * std::sqrt(recent + lifetime));
}
