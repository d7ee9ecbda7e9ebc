// The wom model: the way to a purchase and after it: ad contacts, purchases, every use of the
// product, voice and complaints after a use.
#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <cmath>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

bool Model::on_awareness(NodeId v, std::uint32_t b, Act& s) {
  const std::size_t i = at(v, b);
  if (stage_[i] != unaware && stage_[i] != aware_stage) return false;
  RandomStream& rng = s.rng();
  const BrandState& bs = brand_[b];
  const double now_ad = ad_level(b, s.now());
  // The clock keeps running while the consumer is unaware or merely aware.
  s.after(rng.exponential(p(v).awareness_rate * innovativeness_[v] * bs.max_advertising),
          priority(awareness, b), v);
  if (now_ad < bs.max_advertising && !rng.bernoulli(now_ad / bs.max_advertising)) return false;
  if (p_.single_transition) {
    become_considering(v, b, s, -1, none, source_ad);
    return true;
  }
  // An ad contact builds memory even when it does not convert: later messages persuade more.
  const double memory_factor = notice(part(s, b), i, s.now());
  if (rng.bernoulli(std::min(1.0, p(v).ad_conversion * trust_brand_[i] * memory_factor)))
    become_considering(v, b, s, -1, none, source_ad);
  return true;
}

bool Model::on_purchase(NodeId v, std::uint32_t b, std::uint32_t epoch, Act& s) {
  const std::size_t i = at(v, b);
  if (epoch != buy_epoch_[i]) return false;
  Partial& bs = part(s, b);
  RandomStream& rng = s.rng();
  const Time now = s.now();
  if (stage_[i] == considering_stage) {
    if (shared() && !switch_to(v, b, s)) return true;  // stays with the brand they hold
    --bs.counts[considering];
    count(bs, v, adopters, 1);
    stage_[i] = adopter;
    win_customer(v, b, bs);
    schedule_churn(v, b, s);
    if (rng.bernoulli(p(v).follow_on_adopt)) follow(v, b, s);
  } else if (stage_[i] != adopter) {
    return false;
  }
  count(bs, v, cumulative_sales, 1);
  bs.sale_times.push_back(now);
  bs.npv += brand_params_[b].price * discount(now);
  // Every purchase is used, and every use is an experience (good, bad, or a failure).
  s.after(delay(rng, p(v).experience_delay), priority(experience, b), v, epoch);
  if (p(v).repurchase_rate > 0)
    s.after(p_.min_delay + rng.exponential(p(v).repurchase_rate), priority(purchase, b), v, epoch);
  return true;
}

bool Model::on_experience(NodeId v, std::uint32_t b, std::uint32_t epoch, Act& s) {
  const std::size_t i = at(v, b);
  if (stage_[i] != adopter || epoch != buy_epoch_[i]) return false;
  RandomStream& rng = s.rng();
  const bool failed = rng.bernoulli(brand_params_[b].failure_probability);
  boost::random::beta_distribution<double> draw(
      failed ? p(v).failure_alpha : p(v).satisfaction_alpha,
      failed ? p(v).failure_beta : p(v).satisfaction_beta);
  const double quality = draw(rng);
  // Satisfaction is the running mean of the uses so far (cumulative satisfaction), moved since
  // by what the adopter heard; before the first use, what they heard shifts the first impression.
  const bool first = !(flags_[i] & flag_experienced);
  if (experiences_[i] < 255) ++experiences_[i];
  const double before = satisfaction_[i];
  const double after = first ? quality + before : before + (quality - before) / experiences_[i];
  satisfaction_[i] = static_cast<float>(std::clamp(after, 0.0, 1.0));
  flags_[i] = static_cast<std::uint8_t>((flags_[i] | flag_experienced) & ~flag_failed) |
              (failed ? flag_failed : 0);
  // What the adopter says now: dissatisfied adopters talk against the brand; satisfied ones
  // talk for it with advocate_prob, else keep quiet (each use starts a new spell or ends one).
  if (satisfaction_[i] < p(v).satisfaction_threshold) {
    set_voice(v, b, s, detractor);
  } else {
    set_voice(v, b, s, rng.bernoulli(p(v).advocate_prob) ? advocate : quiet);
  }
  // A bad use may become a public complaint; one whose earlier complaint was answered is more
  // likely to complain again (Ma, Sun & Kekre 2015's squeaky wheel).
  if (quality < p(v).satisfaction_threshold) {
    ++part(s, b).bad_experiences;
    const double propensity =
        p(v).complaint_propensity * ((flags_[i] & flag_answered) ? p(v).squeaky_wheel : 1.0);
    if (complaints_made_[i] < 255 && rng.bernoulli(std::min(1.0, propensity))) {
      ++complaints_made_[i];
      s.after(delay(rng, p(v).complaint_delay), priority(complaint, b), v, 0);
    }
  }
  schedule_churn(v, b, s);
  return true;
}

}  // namespace hearsay::models::wom
