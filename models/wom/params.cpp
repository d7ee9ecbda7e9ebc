// The wom model: reading the declared parameters into Params and Brand.
#include <string>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

Params Params::from(const ParamValues& v) {
  Params p;
  auto r = [&](const char* name) { return v.real(name); };
  p.awareness_rate = r("awareness_rate");
  p.ad_conversion = r("ad_conversion");
  p.innovativeness_shape = r("innovativeness_shape");
  p.tell_rate = r("tell_rate");
  p.adopt_prob_strong = r("adopt_prob_strong");
  p.adopt_prob_weak = r("adopt_prob_weak");
  p.negativity_multiplier = r("negativity_multiplier");
  p.reject_prob = r("reject_prob");
  p.stop_talking_rate = r("stop_talking_rate");
  p.satisfaction_gain_positive = r("satisfaction_gain_positive");
  p.satisfaction_loss_negative = r("satisfaction_loss_negative");
  p.trust_peer_mean = r("trust_peer_mean");
  p.trust_strong_mean = r("trust_strong_mean");
  p.trust_brand_mean = r("trust_brand_mean");
  p.trust_concentration = r("trust_concentration");
  p.pk_alpha = r("pk_alpha");
  p.pk_beta = r("pk_beta");
  p.annoyance_on = v.flag("annoyance");
  p.annoyance_half_life = r("annoyance_half_life");
  p.memory_half_life = r("memory_half_life");
  p.weary_share = r("weary_share");
  p.weary_sensitivity = r("weary_sensitivity");
  p.attention_sensitivity = r("attention_sensitivity");
  p.pitch_reach = r("pitch_reach");
  p.pitch_conversion = r("pitch_conversion");
  p.pk_discount = r("pk_discount");
  p.pitch_annoyance = r("pitch_annoyance");
  p.pitch_trust_loss = r("pitch_trust_loss");
  p.pitch_share_prob = r("pitch_share_prob");
  p.community_reach = r("community_reach");
  p.community_conversion = r("community_conversion");
  p.community_trust_gain = r("community_trust_gain");
  p.community_annoyance = r("community_annoyance");
  p.community_share_prob = r("community_share_prob");
  p.share_view_prob = r("share_view_prob");
  p.memory_boost = r("memory_boost");
  p.wear_peak = r("wear_peak");
  p.exposure_half_life = r("exposure_half_life");
  p.view_delay = r("view_delay");
  p.unfollow_threshold = r("unfollow_threshold");
  p.unfollow_coefficient = r("unfollow_coefficient");
  p.baseline_unfollow_rate = r("baseline_unfollow_rate");
  p.follow_on_adopt = r("follow_on_adopt");
  p.purchase_delay = r("purchase_delay");
  p.repurchase_rate = r("repurchase_rate");
  p.experience_delay = r("experience_delay");
  p.satisfaction_alpha = r("satisfaction_alpha");
  p.satisfaction_beta = r("satisfaction_beta");
  p.failure_alpha = r("failure_alpha");
  p.failure_beta = r("failure_beta");
  p.satisfaction_threshold = r("satisfaction_threshold");
  p.advocate_prob = r("advocate_prob");
  p.churn_rate = r("churn_rate");
  p.churn_dissatisfaction = r("churn_dissatisfaction");
  p.complaint_propensity = r("complaint_propensity");
  p.complaint_delay = r("complaint_delay");
  p.squeaky_wheel = r("squeaky_wheel");
  p.complaint_view_prob = r("complaint_view_prob");
  p.complaint_reshare_prob = r("complaint_reshare_prob");
  p.complaint_reject_prob = r("complaint_reject_prob");
  p.complaint_trust_loss = r("complaint_trust_loss");
  p.reaction_plateau = r("reaction_plateau");
  p.reaction_theta = r("reaction_theta");
  p.answer_success = r("answer_success");
  p.answer_damping = r("answer_damping");
  p.answer_trust_gain = r("answer_trust_gain");
  p.recovery_satisfaction_gain = r("recovery_satisfaction_gain");
  p.answer_sigma = r("answer_sigma");
  p.discount_rate = r("discount_rate");
  p.min_delay = r("min_delay");
  p.single_transition = v.flag("single_transition");
  p.trust_one = v.flag("trust_one");
  p.stifle_on_redundant_tell = v.flag("stifle_on_redundant_tell");
  p.broadcaster_node = v.integer("broadcaster_node");
  p.broadcaster_audience = r("broadcaster_audience");
  p.broadcaster_brand = v.integer("broadcaster_brand");
  p.broadcaster_complaint_time = r("broadcaster_complaint_time");
  return p;
}

Brand Brand::from(const BrandSpec& spec) {
  const ParamValues& v = spec.params;
  Brand b;
  b.pitches_per_day = v.real("pitches_per_day");
  b.community_posts_per_day = v.real("community_posts_per_day");
  b.advertising = v.real("advertising");
  b.answer_probability = v.real("answer_probability");
  b.answer_median_delay = v.real("answer_median_delay");
  b.initial_followers = v.real("initial_followers");
  const std::string& by = v.text("followers_by");
  b.followers_by = by == "degree" ? 1 : by == "community" ? 2 : 0;
  b.failure_probability = v.real("failure_probability");
  b.price = v.real("price");
  b.seed_count = v.integer("seed_count");
  const std::string& strategy = v.text("seed_strategy");
  b.seed_strategy = strategy == "top_degree" ? 1 : strategy == "one_per_community" ? 2 : 0;
  b.campaign = spec.campaign;
  return b;
}

}  // namespace hearsay::models::wom
