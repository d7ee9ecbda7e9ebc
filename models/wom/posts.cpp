// The wom model: brand posts, the feed that delivers them to followers, what a seen post or a
// friend's share of one does, and paid seeds' sponsored posts.
#include <algorithm>
#include <cmath>
#include <vector>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

void Model::post(std::uint32_t b, bool community, Act& s) {
  ++part(s, b).counts[community ? community_posts : pitch_posts];
  const double reach = community ? p_.community_reach : p_.pitch_reach;
  if (reach <= 0) return;
  // The feed delivers the post to every block of consumers a minimum delay later; each block
  // picks its reached followers itself (in parallel runs, on its own thread).
  const Kind kind = community ? community_fanout : pitch_fanout;
  for (std::uint32_t x = 0; x < map_.member_blocks; ++x)
    s.after(p_.min_delay, priority(kind, b), static_cast<NodeId>(x) << map_.shift);
}

void Model::fan_out(std::uint32_t b, bool community, Act& s) {
  const std::vector<NodeId>& list = blocks_[s.block()].followers[b];
  const double reach = community ? p_.community_reach : p_.pitch_reach;
  const std::size_t count = list.size();
  if (count == 0) return;
  RandomStream& rng = s.rng();
  const Kind kind = community ? community_view : pitch_view;
  // Each follower is reached independently with probability `reach`: geometric skipping.
  if (reach >= 1) {
    for (NodeId f : list) s.after(delay(rng, p_.view_delay), priority(kind, b), f);
    return;
  }
  const double log_miss = std::log1p(-reach);
  std::size_t k = static_cast<std::size_t>(std::floor(std::log(rng.uniform_pos()) / log_miss));
  while (k < count) {
    s.after(delay(rng, p_.view_delay), priority(kind, b), list[k]);
    k += 1 + static_cast<std::size_t>(std::floor(std::log(rng.uniform_pos()) / log_miss));
  }
}

void Model::share(NodeId v, std::uint32_t b, Act& s, Kind kind, double prob,
                  std::uint64_t payload) {
  if (prob <= 0 || network_.degree(v) == 0) return;
  RandomStream& rng = s.rng();
  for (NodeId w : network_.neighbours(v)) {
    if (!rng.bernoulli(prob)) continue;
    const double d = kind == complaint_view ? reaction_delay(rng) : delay(rng, p_.view_delay);
    s.after(d, priority(kind, b), w, payload);
  }
}

bool Model::on_view(NodeId v, std::uint32_t b, bool community, Act& s) {
  const std::size_t i = at(v, b);
  if (!follows_[i]) return false;  // unfollowed since the post went out
  RandomStream& rng = s.rng();
  const Time now = s.now();
  if (p_.annoyance_on) {
    const double attention = 1.0 / (1.0 + p(v).attention_sensitivity * annoyance_now(i, now));
    if (!rng.bernoulli(attention)) return false;
  }
  Partial& bs = part(s, b);
  const double sensitivity = weary_[v] ? p(v).weary_sensitivity : 1.0;
  const double memory_factor = notice(bs, i, now);
  double conversion;
  if (community) {
    ++bs.community_views;
    conversion = p(v).community_conversion * trust_brand_[i] * memory_factor;
    set_trust(bs, i, trust_brand_[i] + p(v).community_trust_gain);
    add_annoyance(bs, i, now, p_.annoyance_on ? p(v).community_annoyance * sensitivity : 0.0);
  } else {
    ++bs.pitch_views;
    // Wear-in then wear-out over the recent pitches (they decay with exposure_half_life).
    exposures_[i] = static_cast<float>(exposures_[i] + 1.0);
    conversion = p(v).pitch_conversion * wear(exposures_[i], p(v).wear_peak) *
                 std::max(0.0, 1.0 - p(v).pk_discount * kappa_[v]) * trust_brand_[i] *
                 memory_factor;
    set_trust(bs, i, trust_brand_[i] - p(v).pitch_trust_loss);
    add_annoyance(bs, i, now, p_.annoyance_on ? p(v).pitch_annoyance * sensitivity : 0.0);
  }
  if (stage_[i] == aware_stage && rng.bernoulli(std::min(1.0, conversion)))
    become_considering(v, b, s, -1, none, community ? source_community : source_pitch);
  if (rng.bernoulli(community ? p(v).community_share_prob : p(v).pitch_share_prob)) {
    ++(community ? bs.community_shares : bs.pitch_shares);
    ++bs.counts[shares];
    // The share carries the sharer's cascade as it is now.
    share(v, b, s, community ? community_share_view : share_view, p_.share_view_prob,
          v | (std::uint64_t{rec_cascade_[i]} << 32));
  }
  if (p_.annoyance_on && annoyance_[i] > p(v).unfollow_threshold) {
    const double excess = annoyance_[i] - p(v).unfollow_threshold;
    if (rng.bernoulli(1.0 - std::exp(-p(v).unfollow_coefficient * excess))) {
      ++bs.annoyance_unfollows;
      unfollow(v, b, s);
    }
  }
  return true;
}

bool Model::on_share_view(NodeId v, std::uint32_t b, NodeId sharer, std::uint32_t cascade,
                          bool community, Act& s) {
  const std::size_t i = at(v, b);
  Partial& bs = part(s, b);
  if (stage_[i] != unaware && stage_[i] != aware_stage) return false;
  const double memory_factor = notice(bs, i, s.now());
  // Earned reach: judged with trust in the friend, not in the brand, and no persuasion discount.
  const double conversion = (community ? p(v).community_conversion : p(v).pitch_conversion) *
                            peer_trust(v, false) * memory_factor;
  if (s.rng().bernoulli(std::min(1.0, conversion)))
    become_considering(v, b, s, sharer, cascade, source_share);
  return true;
}

bool Model::on_influencer_post(NodeId v, std::uint32_t b, Act& s) {
  // A paid seed's sponsored post reaches friends as a share does, carrying the seed's cascade.
  share(v, b, s, influencer_view, p_.share_view_prob,
        v | (std::uint64_t{rec_cascade_[at(v, b)]} << 32));
  return true;
}

bool Model::on_influencer_view(NodeId v, std::uint32_t b, NodeId seed, std::uint32_t cascade,
                               Act& s) {
  const std::size_t i = at(v, b);
  if (stage_[i] != unaware && stage_[i] != aware_stage) return false;
  const double memory_factor = notice(part(s, b), i, s.now());
  // Judged like a friend's community post, discounted by persuasion knowledge: it is an ad.
  const double conversion = p(v).community_conversion * peer_trust(v, false) *
                            std::max(0.0, 1.0 - p(v).pk_discount * kappa_[v]) * memory_factor;
  if (s.rng().bernoulli(std::min(1.0, conversion)))
    become_considering(v, b, s, seed, cascade, source_influencer);
  return true;
}

}  // namespace hearsay::models::wom
