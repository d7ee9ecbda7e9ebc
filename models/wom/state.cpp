// The wom model: helpers that read and change one consumer's state (trust, annoyance, memory,
// satisfaction, voice, stage, following) and the clocks that depend on it.
#include <algorithm>
#include <cmath>
#include <vector>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

double Model::phase_value(std::uint32_t b, const char* name, double base, Time t) const {
  for (const PhaseSpec& phase : brand_params_[b].campaign)
    if (t >= phase.start && t < phase.end && phase.params.has(name)) return phase.params.real(name);
  return base;
}

double Model::pitch_rate(std::uint32_t b, Time t) const {
  return phase_value(b, "pitches_per_day", brand_params_[b].pitches_per_day, t);
}

double Model::community_rate(std::uint32_t b, Time t) const {
  return phase_value(b, "community_posts_per_day", brand_params_[b].community_posts_per_day, t);
}

double Model::advertising(std::uint32_t b, Time t) const {
  return phase_value(b, "advertising", brand_params_[b].advertising, t);
}

double Model::delay(RandomStream& rng, double mean) const {
  return p_.min_delay + (mean > 0 ? rng.exponential(1.0 / mean) : 0.0);
}

double Model::reaction_delay(RandomStream& rng) const {
  // SEISMIC kernel: density c on [0, s0), c (t/s0)^-(1+theta) after, c = theta / (s0 (1+theta)).
  const double s0 = p_.reaction_plateau, theta = p_.reaction_theta;
  const double u = rng.uniform();
  const double knee = theta / (1 + theta);
  const double t =
      u < knee ? u * s0 * (1 + theta) / theta : s0 * std::pow((1 - u) * (1 + theta), -1.0 / theta);
  return p_.min_delay + t;
}

double Model::peer_trust(NodeId v, bool strong) const {
  if (p_.trust_one) return 1.0;
  const double base = trust_peer_[v];
  if (!strong) return base;
  return std::min(1.0, base * p(v).trust_strong_mean / std::max(1e-9, p(v).trust_peer_mean));
}

double Model::annoyance_now(std::size_t i, Time t) const {
  return annoyance_[i] * std::exp(-annoyance_decay_ * (t - touched_[i]));
}

void Model::win_customer(NodeId v, std::uint32_t b, Partial& bs) {
  const Source source = static_cast<Source>(source_[at(v, b)]);
  count(bs, v, customers_won, 1);
  ++bs.won[source];
  if (source == source_tell || source == source_share) count(bs, v, won_by_wom, 1);
}

void Model::set_voice(NodeId v, std::uint32_t b, Act& s, Voice voice) {
  const std::size_t i = at(v, b);
  Partial& bs = part(s, b);
  if (voice_[i] == advocate) --bs.counts[advocates];
  if (voice_[i] == detractor) --bs.counts[detractors];
  voice_[i] = voice;
  if (voice == advocate || voice == detractor) {
    ++bs.counts[voice == advocate ? advocates : detractors];
    schedule_talk(v, b, s);  // a new spell of talk (older tells are void)
  } else {
    ++talk_epoch_[i];  // falls silent
  }
}

void Model::touch(Partial& bs, std::size_t i, Time t) {
  const Time dt = t - touched_[i];
  if (!(dt > 0)) return;
  if (annoyance_[i] != 0) {
    // The block keeps the decayed sum exactly: sum_i A_i(t) = e^{-lambda (t - ref)} *
    // sum_i A_i(t_i) e^{lambda (t_i - ref)}, rebased when the exponent grows so it never
    // overflows. The stored value changes with rounding, so its scaled term is replaced.
    if (annoyance_decay_ * (t - bs.annoyance_ref) > 300) {
      bs.annoyance_scaled_sum *= std::exp(-annoyance_decay_ * (t - bs.annoyance_ref));
      bs.annoyance_ref = t;
    }
    const double old_scaled =
        annoyance_[i] * std::exp(annoyance_decay_ * (touched_[i] - bs.annoyance_ref));
    annoyance_[i] = static_cast<float>(annoyance_[i] * std::exp(-annoyance_decay_ * dt));
    bs.annoyance_scaled_sum +=
        static_cast<double>(annoyance_[i]) * std::exp(annoyance_decay_ * (t - bs.annoyance_ref)) -
        old_scaled;
  }
  if (memory_[i] != 0) memory_[i] = static_cast<float>(memory_[i] * std::exp(-memory_decay_ * dt));
  if (exposures_[i] != 0)
    exposures_[i] = static_cast<float>(exposures_[i] * std::exp(-exposure_decay_ * dt));
  touched_[i] = t;
}

void Model::add_annoyance(Partial& bs, std::size_t i, Time t, double amount) {
  touch(bs, i, t);
  if (amount == 0) return;
  if (annoyance_decay_ * (t - bs.annoyance_ref) > 300) {
    bs.annoyance_scaled_sum *= std::exp(-annoyance_decay_ * (t - bs.annoyance_ref));
    bs.annoyance_ref = t;
  }
  const float before = annoyance_[i];
  annoyance_[i] = static_cast<float>(before + amount);
  bs.annoyance_scaled_sum += (static_cast<double>(annoyance_[i]) - static_cast<double>(before)) *
                             std::exp(annoyance_decay_ * (t - bs.annoyance_ref));
}

double Model::contact(Partial& bs, std::size_t i, Time t) {
  touch(bs, i, t);
  const double remembered = memory_[i];
  memory_[i] = static_cast<float>(remembered + 1.0);
  return 1.0 + p_.memory_boost * remembered / (1.0 + remembered);
}

double Model::notice(Partial& bs, std::size_t i, Time t) {
  if (stage_[i] == unaware) {
    stage_[i] = aware_stage;
    count(bs, static_cast<NodeId>(i / brand_count_), aware, 1);
  }
  return contact(bs, i, t);
}

void Model::shift_satisfaction(NodeId v, std::uint32_t b, Act& s, double amount) {
  const std::size_t i = at(v, b);
  if (!(flags_[i] & flag_experienced)) {
    // Before first use what one hears shifts the first impression, up or down.
    satisfaction_[i] = static_cast<float>(std::clamp(satisfaction_[i] + amount, -1.0, 1.0));
    return;
  }
  const float before = satisfaction_[i];
  satisfaction_[i] = static_cast<float>(std::clamp(before + amount, 0.0, 1.0));
  // The churn hazard depends on satisfaction: redraw its clock (exact for a piecewise-constant
  // hazard).
  if (satisfaction_[i] != before && stage_[i] == adopter) schedule_churn(v, b, s);
}

void Model::set_trust(Partial& bs, std::size_t i, double value) {
  if (p_.trust_one) return;
  const double clamped = std::clamp(value, 0.0, 1.0);
  bs.trust_sum += clamped - trust_brand_[i];
  trust_brand_[i] = static_cast<float>(clamped);
}

void Model::schedule_talk(NodeId v, std::uint32_t b, Act& s) {
  const std::size_t i = at(v, b);
  const std::uint32_t epoch = ++talk_epoch_[i];
  const double multiplier = voice_[i] == detractor ? p(v).negativity_multiplier : 1.0;
  const double total = p(v).tell_rate * max_weight_ * network_.degree(v) * multiplier;
  RandomStream& rng = s.rng();
  if (total > 0) s.after(rng.exponential(total), priority(tell, b), v, epoch);
  if (p(v).stop_talking_rate > 0)
    s.after(rng.exponential(p(v).stop_talking_rate), priority(stop_talking, b), v, epoch);
}

void Model::become_considering(NodeId v, std::uint32_t b, Act& s, std::int64_t parent,
                               std::uint32_t parent_cascade, Source source) {
  const std::size_t i = at(v, b);
  Partial& bs = part(s, b);
  if (stage_[i] == unaware) count(bs, v, aware, 1);
  stage_[i] = considering_stage;
  source_[i] = source;
  ++bs.counts[considering];
  // Join the teller's recommendation cascade; a consumer converted by someone in none (a friend's
  // share of a brand post, say) starts a cascade of their own, as its root.
  const std::uint32_t joined = parent >= 0 ? parent_cascade : none;
  if (joined == none) parent = -1;
  rec_cascade_[i] = joined != none ? joined : static_cast<std::uint32_t>(i);
  if (record_cascades_)
    blocks_[s.block()].rows.push_back(
        {rec_cascade_[i], v, parent, s.now(), +1, static_cast<std::uint8_t>(b)});
  if (p_.single_transition) {
    // Reduction: hearing is adopting, and every adopter talks.
    --bs.counts[considering];
    stage_[i] = adopter;
    count(bs, v, adopters, 1);
    count(bs, v, cumulative_sales, 1);
    win_customer(v, b, bs);
    bs.sale_times.push_back(s.now());
    voice_[i] = advocate;
    ++bs.counts[advocates];
    schedule_talk(v, b, s);
    return;
  }
  s.after(delay(s.rng(), p(v).purchase_delay), priority(purchase, b), v, buy_epoch_[i]);
}

void Model::become_rejecter(NodeId v, std::uint32_t b, Partial& bs) {
  const std::size_t i = at(v, b);
  if (stage_[i] == unaware) count(bs, v, aware, 1);
  if (stage_[i] == considering_stage) --bs.counts[considering];
  stage_[i] = rejecter;
  ++buy_epoch_[i];  // a pending purchase is off
  ++bs.counts[rejecters];
}

void Model::follow(NodeId v, std::uint32_t b, Act& s) {
  const std::size_t i = at(v, b);
  if (follows_[i]) return;
  follows_[i] = 1;
  ++part(s, b).counts[followers];
  add_follower(v, b, blocks_[s.block()]);
  if (p(v).baseline_unfollow_rate > 0)
    s.after(s.rng().exponential(p(v).baseline_unfollow_rate), priority(baseline_unfollow, b), v,
            ++follow_epoch_[i]);
}

void Model::unfollow(NodeId v, std::uint32_t b, Act& s) {
  const std::size_t i = at(v, b);
  if (!follows_[i]) return;
  follows_[i] = 0;
  ++follow_epoch_[i];
  --part(s, b).counts[followers];
  ++part(s, b).counts[unfollows];
  // Leave the block's follower list (swap with the last).
  std::vector<NodeId>& list = blocks_[s.block()].followers[b];
  const std::uint32_t pos = follower_pos_[i];
  const NodeId last = list.back();
  list[pos] = last;
  follower_pos_[at(last, b)] = pos;
  list.pop_back();
  follower_pos_[i] = none;
}

void Model::add_follower(NodeId v, std::uint32_t b, Block& block) {
  std::vector<NodeId>& list = block.followers[b];
  follower_pos_[at(v, b)] = static_cast<std::uint32_t>(list.size());
  list.push_back(v);
}

void Model::schedule_churn(NodeId v, std::uint32_t b, Act& s) {
  const std::size_t i = at(v, b);
  const std::uint32_t epoch = ++churn_epoch_[i];
  const double satisfaction =
      (flags_[i] & flag_experienced) ? static_cast<double>(satisfaction_[i]) : 1.0;
  const double hazard = p(v).churn_rate + p(v).churn_dissatisfaction * (1.0 - satisfaction);
  if (hazard > 0) s.after(s.rng().exponential(hazard), priority(churn, b), v, epoch);
}

}  // namespace hearsay::models::wom
