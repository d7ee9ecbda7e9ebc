// The wom model: customers leaving a brand, and competition. In a shared market (`market:
// shared`) a consumer is a customer of one brand at a time: word of mouth, posts and ads make
// customers of a rival consider a brand, dissatisfaction with the brand they hold makes them
// switch when they come to buy, and one who leaves a brand turns to a rival they know.
#include <algorithm>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

void Model::leave(NodeId v, std::uint32_t b, Act& s) {
  const std::size_t i = at(v, b);
  Partial& bs = part(s, b);
  if (voice_[i] == advocate) --bs.counts[advocates];
  if (voice_[i] == detractor) --bs.counts[detractors];
  voice_[i] = silent;
  ++talk_epoch_[i];
  ++buy_epoch_[i];    // pending repeat purchases and uses are off
  ++churn_epoch_[i];  // and so is the churn clock
  stage_[i] = churned_stage;
  count(bs, v, adopters, -1);
  count(bs, v, churned, 1);
  if (holder_[v] == b) holder_[v] = no_brand;
}

bool Model::switch_to(NodeId v, std::uint32_t b, Act& s) {
  const std::uint8_t held = holder_[v];
  if (held != no_brand && held != b) {
    // Satisfaction with the brand held keeps the customer (before its first use: fully).
    const std::size_t j = at(v, held);
    const double satisfaction =
        (flags_[j] & flag_experienced) ? static_cast<double>(satisfaction_[j]) : 1.0;
    const double stay = std::clamp(p(v).loyalty * satisfaction, 0.0, 1.0);
    if (s.rng().bernoulli(stay)) {
      // Bought the brand they hold instead: b is merely known again.
      const std::size_t i = at(v, b);
      Partial& bs = part(s, b);
      --bs.counts[considering];
      stage_[i] = aware_stage;
      ++buy_epoch_[i];
      return false;
    }
    leave(v, held, s);
  }
  const std::uint8_t last = last_brand_[v];
  if (last != no_brand && last != b) {
    ++part(s, last).switches_out;
    ++part(s, b).switches_in;
  }
  holder_[v] = static_cast<std::uint8_t>(b);
  last_brand_[v] = static_cast<std::uint8_t>(b);
  return true;
}

void Model::consider_rivals(NodeId v, std::uint32_t c, Act& s) {
  for (std::uint32_t r = 0; r < brand_count_; ++r) {
    if (r == c) continue;
    const std::size_t i = at(v, r);
    if (stage_[i] == aware_stage && s.rng().bernoulli(p(v).rival_consideration * trust_brand_[i]))
      become_considering(v, r, s, -1, none, source_rival);
  }
}

}  // namespace hearsay::models::wom
