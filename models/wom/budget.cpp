// The wom model: money. What the brand's campaign costs (seeds, advertising, posts) and answers
// cost, and how a budget caps the campaign. Money is spent in time order: the seeds at time 0,
// then each day's advertising (the calendar's, paid just before the day starts, cut to what is
// left) and the posts as they go out, while money is left. Every decision is made by the
// brand's own set-up and events, so budgets keep runs exact in parallel.
#include <algorithm>
#include <cmath>
#include <vector>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

namespace {

/// The day [d, d + 1) that time t falls in, within the plan's `days` days.
std::size_t day_of(Time t, std::size_t days) {
  if (!(t > 0)) return 0;
  return std::min(days - 1, static_cast<std::size_t>(std::floor(t)));
}

}  // namespace

double Model::discount(Time t) const {
  return std::exp(-p_.discount_rate * t / 365.0);
}

double Model::ad_level(std::uint32_t b, Time t) const {
  const std::vector<double>& scale = brand_[b].ad_scale;
  const double level = advertising(b, t);
  return scale.empty() ? level : level * scale[day_of(t, scale.size())];
}

std::uint64_t Model::affordable_seeds(std::uint32_t b, std::uint64_t wanted) const {
  const Brand& brand = brand_params_[b];
  const double money = std::min(brand.budget, brand.budget_per_day);
  if (brand.cost_per_seed <= 0 || !std::isfinite(money)) return wanted;
  const double can = std::floor(money / brand.cost_per_seed);
  return can >= static_cast<double>(wanted) ? wanted : static_cast<std::uint64_t>(can);
}

void Model::plan_spending(std::uint32_t b, std::uint64_t paid_seeds, Act& s) {
  const Brand& brand = brand_params_[b];
  BrandState& st = brand_[b];
  st.seed_spend = brand.cost_per_seed * static_cast<double>(paid_seeds);
  const auto days = static_cast<std::size_t>(std::max(1.0, std::ceil(end_)));
  st.day_left.assign(days, brand.budget_per_day);
  st.day_left[0] -= st.seed_spend;
  st.total_left = brand.budget - st.seed_spend;
  st.ad_cost.assign(days, 0.0);
  st.ad_cost_npv_full.assign(days, 0.0);
  // The calendar's advertising changes only at phase boundaries: integrate piece by piece.
  std::vector<Time> cuts;
  for (const PhaseSpec& phase : brand.campaign) cuts.insert(cuts.end(), {phase.start, phase.end});
  std::sort(cuts.begin(), cuts.end());
  const double k = p_.discount_rate / 365.0;
  for (std::size_t d = 0; d < days; ++d) {
    const Time from = static_cast<Time>(d), to = std::min(static_cast<Time>(d + 1), end_);
    double planned = 0, discounted = 0;
    Time a = from;
    while (a < to) {
      const auto next = std::upper_bound(cuts.begin(), cuts.end(), a);
      const Time c = next != cuts.end() ? std::min(*next, to) : to;
      const double level = advertising(b, a);
      planned += level * (c - a);
      discounted += level * (k > 0 ? (std::exp(-k * a) - std::exp(-k * c)) / k : c - a);
      a = c;
    }
    st.ad_cost[d] = brand.advertising_cost_per_day * planned;
    st.ad_cost_npv_full[d] = brand.advertising_cost_per_day * discounted;
  }
  const bool capped = std::isfinite(brand.budget) || std::isfinite(brand.budget_per_day);
  if (!capped) {
    // No budget: every day's advertising is paid in full, now (ad contacts read no share).
    for (std::size_t d = 0; d < days; ++d) pay_day(b, d);
    return;
  }
  st.ad_scale.assign(days, 1.0);
  pay_day(b, 0);
  // Day d's advertising is paid a minimum delay before the day starts, so a consumer's ad
  // contact on day d (in a later window) reads a share that no event can still change.
  for (std::size_t d = 1; d < days; ++d)
    s.at(std::max(0.0, static_cast<Time>(d) - p_.min_delay), priority(brand_pay_day, b), n_ + b, d);
}

void Model::pay_day(std::uint32_t b, std::size_t d) {
  BrandState& st = brand_[b];
  const double planned = st.ad_cost[d];
  if (!(planned > 0)) return;
  const double paid = std::max(0.0, std::min({planned, st.day_left[d], st.total_left}));
  const double scale = paid / planned;  // exactly 1 when the money suffices
  if (!st.ad_scale.empty()) st.ad_scale[d] = scale;
  st.day_left[d] -= paid;
  st.total_left -= paid;
  st.ad_spend += paid;
  st.ad_cost_npv += scale * st.ad_cost_npv_full[d];
}

bool Model::pay_post(std::uint32_t b, bool community, Time t) {
  const Brand& brand = brand_params_[b];
  BrandState& st = brand_[b];
  const double price = community ? brand.cost_per_community_post : brand.cost_per_pitch;
  if (price <= 0) return true;
  double& today = st.day_left[day_of(t, st.day_left.size())];
  if (price > today || price > st.total_left) return false;  // the budget is spent
  today -= price;
  st.total_left -= price;
  st.post_spend += price;
  st.post_cost_npv += price * discount(t);
  return true;
}

}  // namespace hearsay::models::wom
