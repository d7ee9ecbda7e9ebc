// The wom model: the sampled series, the per-run summary and the cascade rows, as sums over
// blocks in block order (the same whatever the thread count).
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

void Model::observe(SeriesRecorder& recorder) const {
  const double n = static_cast<double>(n_);
  // Every brand's current customers, for market shares once all brands are summed.
  std::vector<std::int64_t> customers(brand_count_, 0);
  for (std::uint32_t b = 0; b < brand_count_; ++b) {
    // Totals are sums of the blocks' partials in block order (exact for the counts; the same
    // rounding for the sums whatever the thread count).
    std::int64_t counts[series_count] = {};
    double trust_sum = 0, annoyance_sum = 0;
    for (const Block& block : blocks_) {
      const Partial& part = block.brand[b];
      for (std::size_t m = 0; m < mean_trust; ++m) counts[m] += part.counts[m];
      trust_sum += part.trust_sum;
      annoyance_sum += part.annoyance_scaled_sum *
                       std::exp(-annoyance_decay_ * (recorder.time() - part.annoyance_ref));
    }
    auto put = [&](Series m, double value) { recorder.put(m * brand_count_ + b, value); };
    for (std::size_t m = 0; m < mean_trust; ++m)
      put(static_cast<Series>(m), static_cast<double>(counts[m]));
    put(mean_trust, trust_sum / n);
    put(mean_annoyance, std::max(0.0, annoyance_sum / n));
    customers[b] = counts[adopters];
    const double adopters_now = static_cast<double>(counts[adopters]);
    put(net_sentiment, adopters_now > 0 ? (static_cast<double>(counts[advocates]) -
                                           static_cast<double>(counts[detractors])) /
                                              adopters_now
                                        : 0.0);
  }
  std::int64_t all_customers = 0;
  for (const std::int64_t c : customers) all_customers += c;
  for (std::uint32_t b = 0; b < brand_count_; ++b)
    recorder.put(market_share * brand_count_ + b,
                 all_customers > 0
                     ? static_cast<double>(customers[b]) / static_cast<double>(all_customers)
                     : 0.0);
  // Per brand and segment: rows series_count x B + (k x B + b) x S + segment.
  const std::size_t segments = segment_p_.size();
  if (segments == 0) return;
  std::vector<std::int64_t> totals(segment_series_count * segments);
  for (std::uint32_t b = 0; b < brand_count_; ++b) {
    std::fill(totals.begin(), totals.end(), 0);
    for (const Block& block : blocks_)
      for (std::size_t j = 0; j < totals.size(); ++j) totals[j] += block.brand[b].by_segment[j];
    for (std::size_t k = 0; k < segment_series_count; ++k)
      for (std::size_t g = 0; g < segments; ++g)
        recorder.put(series_count * brand_count_ + (k * brand_count_ + b) * segments + g,
                     static_cast<double>(totals[k * segments + g]));
  }
}

std::vector<double> Model::summary() const {
  std::vector<double> out(summary_count * brand_count_, std::numeric_limits<double>::quiet_NaN());
  // Brand totals from the blocks' partials, in block order.
  std::vector<Partial> total(brand_count_);
  std::vector<std::vector<Time>> sale_times(brand_count_);
  for (std::uint32_t b = 0; b < brand_count_; ++b) {
    Partial& t = total[b];
    for (const Block& block : blocks_) {
      const Partial& part = block.brand[b];
      for (std::size_t m = 0; m < series_count; ++m) t.counts[m] += part.counts[m];
      for (std::size_t k = 0; k < source_count; ++k) t.won[k] += part.won[k];
      t.pitch_views += part.pitch_views;
      t.community_views += part.community_views;
      t.pitch_shares += part.pitch_shares;
      t.community_shares += part.community_shares;
      t.complaint_views += part.complaint_views;
      t.bad_experiences += part.bad_experiences;
      t.annoyance_unfollows += part.annoyance_unfollows;
      t.complaint_reshares += part.complaint_reshares;
      t.switches_in += part.switches_in;
      t.switches_out += part.switches_out;
      t.answer_spend += part.answer_spend;
      t.answer_cost_npv += part.answer_cost_npv;
      t.npv += part.npv;
      sale_times[b].insert(sale_times[b].end(), part.sale_times.begin(), part.sale_times.end());
    }
  }
  // A complaint's cascade size: the complainer and every distinct viewer, in whatever block.
  std::unordered_map<std::uint32_t, std::uint64_t> sizes;
  for (const Block& block : blocks_)
    for (const std::uint64_t seen : block.complaint_seen)
      ++sizes[static_cast<std::uint32_t>(seen >> 32)];
  std::vector<std::uint64_t> peak(brand_count_, 0);
  for (const auto& [id, size] : sizes) {
    const std::uint32_t b = complaint_entry(id).brand;
    peak[b] = std::max(peak[b], size);
  }
  double voice_total = 0;
  std::vector<double> voice(brand_count_);
  for (std::uint32_t b = 0; b < brand_count_; ++b) {
    const Partial& bs = total[b];
    voice[b] = static_cast<double>(bs.counts[positive_tells] + bs.counts[negative_tells] +
                                   bs.counts[shares]) +
               static_cast<double>(bs.complaint_views);
    voice_total += voice[b];
  }
  auto ratio = [](double x, double y) {
    return y > 0 ? x / y : std::numeric_limits<double>::quiet_NaN();
  };
  for (std::uint32_t b = 0; b < brand_count_; ++b) {
    const Partial& bs = total[b];
    auto put = [&](Summary m, double value) { out[m * brand_count_ + b] = value; };
    auto count = [&](Series m) { return static_cast<double>(bs.counts[m]); };
    put(final_sales, count(cumulative_sales));
    put(npv_sales, bs.npv);
    put(peak_complaint_cascade, static_cast<double>(peak[b]));
    std::vector<Time>& times = sale_times[b];
    if (!times.empty()) {
      const auto half = times.begin() + static_cast<std::ptrdiff_t>((times.size() + 1) / 2 - 1);
      std::nth_element(times.begin(), half, times.end());
      put(time_to_half_sales, *half);
    }
    put(share_of_voice, voice_total > 0 ? voice[b] / voice_total : 0.0);
    if (brand_[b].initial_followers > 0)
      put(followers_kept, count(followers) / static_cast<double>(brand_[b].initial_followers));
    put(final_detractors, count(detractors));
    put(final_rejecters, count(rejecters));
    put(total_unfollows, count(unfollows));
    put(total_complaints, count(complaints));
    put(complaint_views, static_cast<double>(bs.complaint_views));
    put(pitch_share_rate,
        ratio(static_cast<double>(bs.pitch_shares), static_cast<double>(bs.pitch_views)));
    put(community_share_rate,
        ratio(static_cast<double>(bs.community_shares), static_cast<double>(bs.community_views)));
    put(positive_negative_ratio, ratio(count(positive_tells), count(negative_tells)));
    // Word of mouth's share of the customers won by persuasion (seeded ones were given it).
    const double persuaded = count(customers_won) - static_cast<double>(bs.won[source_seed]);
    put(wom_share, ratio(count(won_by_wom), persuaded));
    put(complaints_per_customer, ratio(count(complaints), count(customers_won)));
    put(detractor_share, ratio(count(detractors), count(adopters)));
    put(complaints_per_bad_experience,
        ratio(count(complaints), static_cast<double>(bs.bad_experiences)));
    put(annoyance_unfollow_share,
        ratio(static_cast<double>(bs.annoyance_unfollows), count(unfollows)));
    // Consumers' messages about the brand: tells are face to face; shares of brand posts,
    // complaints and their reshares are posts online.
    const double online =
        count(shares) + count(complaints) + static_cast<double>(bs.complaint_reshares);
    put(online_wom_share, ratio(online, online + count(positive_tells) + count(negative_tells)));
    put(won_by_tell, static_cast<double>(bs.won[source_tell]));
    put(won_by_share, static_cast<double>(bs.won[source_share]));
    put(won_by_ad, static_cast<double>(bs.won[source_ad]));
    put(won_by_pitch, static_cast<double>(bs.won[source_pitch]));
    put(won_by_community, static_cast<double>(bs.won[source_community]));
    put(won_by_seed, static_cast<double>(bs.won[source_seed]));
    // Money: the campaign's spending (seeds at time 0, the advertising plan, posts) and answers.
    const BrandState& st = brand_[b];
    const Brand& brand = brand_params_[b];
    const double campaign = st.seed_spend + st.ad_spend + st.post_spend;
    const double discounted =
        st.seed_spend + st.ad_cost_npv + st.post_cost_npv + bs.answer_cost_npv;
    const double profit_now = brand.margin * bs.npv - discounted;
    put(cost, discounted);
    put(spend, campaign + bs.answer_spend);
    put(profit, profit_now);
    put(roi, ratio(profit_now, discounted));
    if (std::isfinite(brand.budget)) put(budget_left, brand.budget - campaign);
    put(switches_in, static_cast<double>(bs.switches_in));
    put(switches_out, static_cast<double>(bs.switches_out));
    put(won_at_rival_churn, static_cast<double>(bs.won[source_rival]));
    put(won_by_influencer, static_cast<double>(bs.won[source_influencer]));
    put(press_pickups, static_cast<double>(st.press_pickups));
  }
  return out;
}

std::vector<CascadeRow> Model::cascades() const {
  std::vector<CascadeRow> rows;
  for (const Block& block : blocks_) rows.insert(rows.end(), block.rows.begin(), block.rows.end());
  auto key = [](const CascadeRow& r) {
    return std::tuple(r.time, r.cascade, r.node, r.parent, r.valence, r.brand);
  };
  std::sort(rows.begin(), rows.end(),
            [&](const CascadeRow& x, const CascadeRow& y) { return key(x) < key(y); });
  std::unordered_map<std::uint32_t, std::uint32_t> dense;
  for (CascadeRow& r : rows) {
    const auto [it, fresh] = dense.try_emplace(r.cascade, static_cast<std::uint32_t>(dense.size()));
    r.cascade = it->second;
  }
  return rows;
}

}  // namespace hearsay::models::wom
