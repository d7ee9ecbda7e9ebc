// The wom model: public complaints (logged per block with the brand's answer), who sees and
// reshares them, and the answers.
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

void Model::start_complaint(NodeId v, std::uint32_t b, Act& s) {
  Block& block = blocks_[s.block()];
  Partial& bs = block.brand[b];
  if (block.complaints.full())
    throw std::runtime_error("wom: more than 2^24 complaints in one block of consumers");
  RandomStream& rng = s.rng();
  const Brand& brand = brand_params_[b];
  // The brand's answer is decided when the complaint goes out; viewers learn whether it is
  // answered from the block's log, written now and read at least min_delay later.
  Time when = std::numeric_limits<Time>::infinity();
  if (rng.bernoulli(brand.answer_probability)) {
    boost::random::normal_distribution<double> normal(0.0, 1.0);
    const double wait = brand.answer_median_delay * std::exp(p_.answer_sigma * normal(rng));
    when = s.now() + (p_.min_delay + wait);
  }
  const std::uint32_t id =
      (s.block() << ComplaintLog::index_bits) | block.complaints.add({when, b, v});
  count(bs, v, complaints, 1);
  block.complaint_seen.insert((std::uint64_t{id} << 32) | v);
  tell_press(b, id, s);
  if (record_cascades_)
    block.rows.push_back({complaint_cascade(id), v, -1, s.now(), -1, static_cast<std::uint8_t>(b)});
  if (when != std::numeric_limits<Time>::infinity()) s.at(when, priority(answer, b), v, id);
  const std::uint64_t payload = id | (std::uint64_t{v} << 32);  // complaint, sharer
  share(v, b, s, complaint_view, p_.complaint_view_prob, payload);
  if (static_cast<std::int64_t>(v) == p_.broadcaster_node && p_.broadcaster_audience > 0) {
    // A broadcast audience sees the complaint directly.
    const auto audience = static_cast<std::uint64_t>(p_.broadcaster_audience);  // <= n_ (check)
    for (std::uint64_t k = 0; k < audience; ++k)
      s.after(reaction_delay(rng), priority(complaint_view, b), static_cast<NodeId>(rng.below(n_)),
              payload);
  }
}

bool Model::on_complaint_view(NodeId v, std::uint32_t b, std::uint32_t id, NodeId sharer, Act& s) {
  Block& block = blocks_[s.block()];
  if (!block.complaint_seen.insert((std::uint64_t{id} << 32) | v).second)
    return false;  // seen it already
  const std::size_t i = at(v, b);
  Partial& bs = block.brand[b];
  ++bs.complaint_views;  // the cascade's size is summed over blocks at the end
  tell_press(b, id, s);
  if (record_cascades_)
    block.rows.push_back(
        {complaint_cascade(id), v, sharer, s.now(), -1, static_cast<std::uint8_t>(b)});
  RandomStream& rng = s.rng();
  const bool answered = complaint_entry(id).answer_at <= s.now();
  set_trust(bs, i,
            trust_brand_[i] + (answered ? p(v).answer_trust_gain : -p(v).complaint_trust_loss));
  switch (stage_[i]) {
    case unaware:
    case aware_stage:
    case considering_stage:
      notice(bs, i, s.now());
      if (!answered && rng.bernoulli(p(v).complaint_reject_prob * peer_trust(v, false)))
        become_rejecter(v, b, bs);
      break;
    case adopter:
      shift_satisfaction(v, b, s, -p(v).satisfaction_loss_negative);
      break;
    default:
      break;
  }
  const double reshare = p(v).complaint_reshare_prob * (answered ? p_.answer_damping : 1.0);
  if (rng.bernoulli(reshare)) {
    ++bs.complaint_reshares;
    share(v, b, s, complaint_view, p_.complaint_view_prob, id | (std::uint64_t{v} << 32));
  }
  return true;
}

bool Model::on_press_tally(std::uint32_t b, std::uint32_t id, Act& s) {
  Story& story = stories_[id];
  if (story.next == 0) story.next = static_cast<std::uint64_t>(p_.press_threshold);
  if (++story.views < story.next) return false;
  // The story is visible: weighed once now, and again when it has grown press_growth times.
  story.next = static_cast<std::uint64_t>(
      std::ceil(static_cast<double>(story.next) * std::max(1.0, p_.press_growth)));
  if (story.next <= story.views) story.next = story.views + 1;
  RandomStream& rng = s.rng();
  const ComplaintLog::Complaint& story_of = complaint_entry(id);
  // An answered complaint is less of a story, as it is less reshared.
  const bool answered = story_of.answer_at <= s.now();
  if (!rng.bernoulli(p_.press_pickup_prob * (answered ? p_.answer_damping : 1.0))) return true;
  ++brand_[b].press_pickups;
  // Coverage: readers drawn from all consumers (one who saw the complaint already ignores it).
  const auto readers = static_cast<std::uint64_t>(std::llround(p_.press_reach * n_));
  const std::uint64_t payload = id | (std::uint64_t{story_of.complainer} << 32);
  for (std::uint64_t k = 0; k < readers; ++k)
    s.after(delay(rng, p_.press_delay), priority(complaint_view, b),
            static_cast<NodeId>(rng.below(n_)), payload);
  return true;
}

bool Model::on_answer(NodeId v, std::uint32_t b, std::uint32_t id, Act& s) {
  const std::size_t i = at(v, b);
  Partial& bs = part(s, b);
  (void)id;  // the answer time was logged when the complaint went out
  ++bs.counts[answers];
  const double price = brand_params_[b].cost_per_answer;
  bs.answer_spend += price;
  bs.answer_cost_npv += price * discount(s.now());
  flags_[i] |= flag_answered;
  set_trust(bs, i, trust_brand_[i] + p(v).answer_trust_gain);
  if (s.rng().bernoulli(p(v).answer_success)) {
    if (voice_[i] == detractor) set_voice(v, b, s, quiet);
    // Service recovery: a resolved failure lifts satisfaction (de Matos, Henrique & Rossi 2007's
    // paradox, found after a first failure: Maxham & Netemeyer 2002).
    if ((flags_[i] & flag_failed) && stage_[i] == adopter)
      shift_satisfaction(v, b, s, p(v).recovery_satisfaction_gain);
  }
  return true;
}

}  // namespace hearsay::models::wom
