// The wom model: every event to its handler (the event's random numbers come from its content).
#include <bit>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

bool Model::handle(const KeyedEvent& e, EventContext& ctx) {
  const auto kind = static_cast<Kind>(e.priority() >> 3);
  const std::uint32_t b = e.priority() & 7u;
  const NodeId v = e.agent();
  // The event's numbers come from its content (time, kind, agent, payload): distinct events
  // draw independent numbers, and no other event's processing can shift them.
  Act s(ctx, RandomStream(seed_, StreamPurpose::dynamics, e.key, e.payload,
                          std::bit_cast<std::uint64_t>(e.time)));
  switch (kind) {
    case awareness:
      return on_awareness(v, b, s);
    case tell:
      return on_tell(v, b, e.low(), s);
    case hear_pos_strong:
      return on_hear(v, b, e.low(), e.high(), true, true, s);
    case hear_pos_weak:
      return on_hear(v, b, e.low(), e.high(), true, false, s);
    case hear_neg_strong:
      return on_hear(v, b, e.low(), e.high(), false, true, s);
    case hear_neg_weak:
      return on_hear(v, b, e.low(), e.high(), false, false, s);
    case stop_talking: {
      const std::size_t i = at(v, b);
      if (e.low() != talk_epoch_[i] || (voice_[i] != advocate && voice_[i] != detractor))
        return false;
      --part(s, b).counts[voice_[i] == advocate ? advocates : detractors];
      voice_[i] = quiet;
      ++talk_epoch_[i];
      return true;
    }
    case brand_pitch:
    case brand_community: {
      const bool community = kind == brand_community;
      BrandState& bs = brand_[b];
      const double max_rate = community ? bs.max_community_rate : bs.max_pitch_rate;
      const double now_rate = community ? community_rate(b, s.now()) : pitch_rate(b, s.now());
      s.after(s.rng().exponential(max_rate), priority(kind, b), n_ + b);
      if (now_rate < max_rate && !s.rng().bernoulli(now_rate / max_rate)) return false;
      if (!pay_post(b, community, s.now())) return false;  // the budget is spent
      post(b, community, s);
      return true;
    }
    case pitch_view:
      return on_view(v, b, false, s);
    case community_view:
      return on_view(v, b, true, s);
    case share_view:
      return on_share_view(v, b, e.low(), e.high(), false, s);
    case community_share_view:
      return on_share_view(v, b, e.low(), e.high(), true, s);
    case purchase:
      return on_purchase(v, b, e.low(), s);
    case experience:
      return on_experience(v, b, e.low(), s);
    case complaint:
      // A bad experience's complaint goes out even if the consumer has churned since (the
      // scripted one of the broadcaster whatever the consumer's state).
      start_complaint(v, b, s);
      return true;
    case complaint_view:
      return on_complaint_view(v, b, e.low(), e.high(), s);
    case answer:
      return on_answer(v, b, e.low(), s);
    case churn: {
      const std::size_t i = at(v, b);
      if (e.low() != churn_epoch_[i] || stage_[i] != adopter) return false;
      leave(v, b, s);
      if (shared()) consider_rivals(v, b, s);
      return true;
    }
    case baseline_unfollow: {
      const std::size_t i = at(v, b);
      if (!follows_[i] || e.low() != follow_epoch_[i]) return false;
      unfollow(v, b, s);
      return true;
    }
    case pitch_fanout:
      fan_out(b, false, s);
      return false;  // schedules, changes nothing
    case community_fanout:
      fan_out(b, true, s);
      return false;
    case influencer_post:
      return on_influencer_post(v, b, s);
    case influencer_view:
      return on_influencer_view(v, b, e.low(), e.high(), s);
    case press_tally:
      return on_press_tally(b, e.low(), s);
    case brand_pay_day:
      pay_day(b, e.payload);
      return false;  // bookkeeping: the brand's own money
    case kind_count:
      break;
  }
  return false;
}

}  // namespace hearsay::models::wom
