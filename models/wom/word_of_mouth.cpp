// The wom model: consumers telling friends (praise and complaints in person) and hearing them.
#include <algorithm>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

bool Model::on_tell(NodeId u, std::uint32_t b, std::uint32_t epoch, Act& s) {
  const std::size_t i = at(u, b);
  if (epoch != talk_epoch_[i] || (voice_[i] != advocate && voice_[i] != detractor)) return false;
  const bool positive = voice_[i] == advocate;
  const double multiplier = positive ? 1.0 : p(u).negativity_multiplier;
  const std::uint32_t deg = network_.degree(u);
  RandomStream& rng = s.rng();
  s.after(rng.exponential(p(u).tell_rate * max_weight_ * deg * multiplier), priority(tell, b), u,
          epoch);
  // Pick a neighbour uniformly, keep it with probability weight / max weight: each tie then
  // carries tells at tell_rate x its weight (thinning). A tie is strong unless the network
  // classes it weak (Goldenberg, Libai & Muller 2001's personal circles and weak ties).
  const std::uint64_t arc = network_.first_arc(u) + rng.below(deg);
  const NodeId listener = network_.targets()[arc];
  const bool strong = !network_.has_ties() || network_.tie(arc) == Tie::strong;
  const double weight = network_.has_weights() ? static_cast<double>(network_.weight(arc)) : 1.0;
  if (weight < max_weight_ && !rng.bernoulli(weight / max_weight_)) return false;
  ++part(s, b).counts[positive ? positive_tells : negative_tells];
  const Kind kind = positive ? (strong ? hear_pos_strong : hear_pos_weak)
                             : (strong ? hear_neg_strong : hear_neg_weak);
  s.after(p_.min_delay, priority(kind, b), listener, u | (std::uint64_t{epoch} << 32));
  return true;
}

bool Model::on_hear(NodeId v, std::uint32_t b, NodeId teller, std::uint32_t teller_epoch,
                    bool positive, bool strong, Act& s) {
  const std::size_t i = at(v, b);
  Partial& bs = part(s, b);
  RandomStream& rng = s.rng();
  if (positive) {
    if (p_.stifle_on_redundant_tell && stage_[i] != unaware) {
      // Maki-Thompson: the teller learns the listener knew, and stops (the talk it told in).
      s.after(p_.min_delay, priority(stop_talking, b), teller, teller_epoch);
      return false;
    }
    if (p_.single_transition) {
      if (stage_[i] != unaware) return false;
      become_considering(v, b, s, teller, rec_cascade_[at(teller, b)], source_tell);
      return true;
    }
    switch (stage_[i]) {
      case adopter:
        shift_satisfaction(v, b, s, p(v).satisfaction_gain_positive);
        return true;
      case unaware:
      case aware_stage: {
        const double memory_factor = notice(bs, i, s.now());
        const double adopt = strong ? p(v).adopt_prob_strong : p(v).adopt_prob_weak;
        if (rng.bernoulli(std::min(1.0, adopt * peer_trust(v, strong) * memory_factor)))
          become_considering(v, b, s, teller, rec_cascade_[at(teller, b)], source_tell);
        return true;
      }
      default:
        return false;
    }
  }
  if (p_.single_transition) return false;
  switch (stage_[i]) {
    case adopter:
      shift_satisfaction(v, b, s, -p(v).satisfaction_loss_negative);
      return true;
    case unaware:
    case aware_stage:
    case considering_stage:
      notice(bs, i, s.now());
      if (rng.bernoulli(p(v).reject_prob * peer_trust(v, strong))) become_rejecter(v, b, bs);
      return true;
    default:
      return false;
  }
}

}  // namespace hearsay::models::wom
