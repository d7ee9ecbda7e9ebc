// Stylised facts of marketing that wom shows at its defaults (in the calibration's reference
// markets, models/wom/calibration/markets.hpp). They test mechanisms and published magnitudes,
// never which campaign style wins. Comparisons are paired (same networks and seeds); margins
// are three standard errors of the paired differences.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "model_support.hpp"
#include "models/wom/calibration/bass_fit.hpp"
#include "models/wom/calibration/targets.hpp"

using namespace hearsay;
using namespace hearsay::models::wom::calibration;
namespace wom = hearsay::models::wom;

namespace {

constexpr int R = 8;

/// Per-run values of a summary metric in the typical market with some settings changed.
std::vector<double> per_run(wom::Summary metric,
                            const std::vector<std::pair<std::string, double>>& set,
                            Time days = 365) {
  Setting setting = Setting::defaults();
  for (const auto& [key, value] : set) setting.set(key, value);
  const MarketRuns runs = typical_market(setting, Effort{.replications = R, .seed = 77}, days);
  std::vector<double> out;
  for (std::size_t r = 0; r < runs.runs.size(); ++r) out.push_back(runs.summary(metric, r));
  return out;
}

struct Paired {
  double mean, se;
};
Paired difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t r = 0; r < a.size(); ++r) d.push_back(a[r] - b[r]);
  const auto [mean, sd] = hearsay::testing::mean_sd(d);
  return {mean, sd / std::sqrt(static_cast<double>(d.size()))};
}

double mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

}  // namespace

TEST_CASE(
    "wom facts: with little advertising adoption is S-shaped and its Bass fit is in the published "
    "range",
    "[wom][validation][facts]") {
  // A new product (advertising .1, no brand posts) over ten years. Sultan, Farley & Lehmann
  // 1990: mean p = .03, q = .38 per year (q/p 12.7); the band is calibration target
  // bass_q_over_p's.
  const MarketRuns runs =
      new_product_market(Setting::defaults(), Effort{.replications = R, .seed = 78});
  const std::vector<double>& t = runs.grid.times;
  std::vector<double> won(t.size(), 0.0);
  for (std::size_t r = 0; r < runs.runs.size(); ++r)
    for (std::size_t k = 0; k < t.size(); ++k) won[k] += runs.series(wom::customers_won, r, k) / R;
  const BassFit fit = fit_bass(t, won);
  // Adoptions per year: they rise to an interior peak and fall again.
  std::vector<double> yearly;
  for (std::size_t k = 26; k < t.size(); k += 26) yearly.push_back(won[k] - won[k - 26]);
  const auto peak = std::max_element(yearly.begin(), yearly.end()) - yearly.begin();
  INFO("Bass fit: p " << fit.p * 365 << "/y, q " << fit.q * 365 << "/y, q/p " << fit.q / fit.p
                      << ", peak at " << fit.peak_time() / 365 << " y; adoptions in year 1 "
                      << yearly.front() << ", at the peak (year " << peak + 1 << ") "
                      << yearly[static_cast<std::size_t>(peak)] << ", in the last year "
                      << yearly.back());
  CHECK(fit.q > fit.p);
  CHECK(fit.q / fit.p >= target("bass_q_over_p").lo);
  CHECK(fit.q / fit.p <= target("bass_q_over_p").hi);
  CHECK(fit.peak_time() < t.back());
  CHECK(peak > 0);
  CHECK(static_cast<std::size_t>(peak) + 1 < yearly.size());
  CHECK(yearly[static_cast<std::size_t>(peak)] > 2 * yearly.front());
}

TEST_CASE("wom facts: answering complaints pays where products often fail",
          "[wom][validation][facts]") {
  // One product in four fails; the brand answers 90% of complaints within the default delay, or
  // none. Service recovery and fewer rejecters should show in the discounted sales.
  const std::vector<double> answered = per_run(
      wom::npv_sales, {{"brand.failure_probability", 0.25}, {"brand.answer_probability", 0.9}});
  const std::vector<double> ignored = per_run(
      wom::npv_sales, {{"brand.failure_probability", 0.25}, {"brand.answer_probability", 0.0}});
  const Paired d = difference(answered, ignored);
  INFO("NPV of sales: answered " << mean(answered) << ", ignored " << mean(ignored)
                                 << "; paired difference " << d.mean << " +- " << d.se);
  CHECK(d.mean > 3 * d.se);
}

TEST_CASE("wom facts: sales rise and then fall with the pitch rate (ad wear-out)",
          "[wom][validation][facts]") {
  // Krugman's wear-out, annoyance and unfollows: a few pitches a day sell more than one every
  // ten days, and thirty a day sell less than a few.
  const std::vector<double> rare = per_run(wom::final_sales, {{"brand.pitches_per_day", 0.1}});
  const std::vector<double> some = per_run(wom::final_sales, {{"brand.pitches_per_day", 3.0}});
  const std::vector<double> flood = per_run(wom::final_sales, {{"brand.pitches_per_day", 30.0}});
  const Paired up = difference(some, rare), down = difference(some, flood);
  INFO("sales at .1, 3 and 30 pitches a day: "
       << mean(rare) << ", " << mean(some) << ", " << mean(flood) << "; 3 - .1: " << up.mean
       << " +- " << up.se << "; 3 - 30: " << down.mean << " +- " << down.se);
  CHECK(up.mean > 3 * up.se);
  CHECK(down.mean > 3 * down.se);
}

TEST_CASE(
    "wom facts: negative word of mouth costs sales, less than the 20% Bughin et al. report at most",
    "[wom][validation][facts]") {
  // Bughin, Doogan & Vetvik 2010: negative messages can reduce a mobile-phone brand's share by
  // as much as 20% over two years. Two years of the typical market, with negative word of mouth
  // (detractors' tells and public complaints) on and off.
  const std::vector<double> with = per_run(wom::final_sales, {}, 730);
  const std::vector<double> without =
      per_run(wom::final_sales,
              {{"model.negativity_multiplier", 0.0}, {"model.complaint_propensity", 0.0}}, 730);
  const Paired d = difference(without, with);
  const double cost = d.mean / mean(without);
  INFO("two-year sales with negative word of mouth " << mean(with) << ", without " << mean(without)
                                                     << ": it costs " << 100 * cost << "% (+- "
                                                     << 100 * d.se / mean(without) << ")");
  CHECK(d.mean > 3 * d.se);
  CHECK(cost <= 0.20);
}
