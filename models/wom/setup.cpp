// The wom model: the state arrays, and the start of a run (consumers' traits, brands' followers,
// seeds and clocks, ad-contact clocks, the broadcaster's complaint).
#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "models/wom/internal.hpp"
#include "models/wom/wom.hpp"

namespace hearsay::models::wom {

using namespace detail;

Model::Model(const Network& network, const Params& params, std::vector<Brand> brands,
             std::uint64_t seed, bool record_cascades, std::vector<Params> segments,
             std::vector<double> shares)
    : network_(network),
      p_(params),
      segment_p_(std::move(segments)),
      segment_share_(std::move(shares)),
      brand_params_(std::move(brands)),
      brand_count_(static_cast<std::uint32_t>(brand_params_.size())),
      n_(network.nodes()),
      cells_(std::size_t{network.nodes()} * brand_params_.size()),
      seed_(seed),
      record_cascades_(record_cascades),
      annoyance_decay_(std::log(2.0) / params.annoyance_half_life),
      memory_decay_(std::log(2.0) / params.memory_half_life),
      exposure_decay_(std::log(2.0) / params.exposure_half_life) {
  if (brand_count_ == 0 || brand_count_ > max_brands)
    throw std::invalid_argument("wom needs 1 to 8 brands");
  // Recommendation cascade ids are cells, below 2^31; complaint cascades are 2^31 + id.
  if (cells_ >= (std::size_t{1} << 31))
    throw std::invalid_argument("wom: consumers x brands must stay below 2^31");
  for (const Brand& brand : brand_params_)
    if (brand.seed_count > static_cast<std::int64_t>(n_))
      throw std::invalid_argument("wom: a brand seeds more consumers than there are");
  if (p_.broadcaster_audience > static_cast<double>(n_))
    throw std::invalid_argument("wom: the broadcaster's audience is larger than the population");
  // Hub blocks: one per brand, and the press desk's when there is a press.
  map_ = BlockMap::make(n_, brand_count_ + (press_on() ? 1u : 0u));
  // Complaint ids hold the block in 7 bits.
  if (map_.blocks > (1u << (31 - ComplaintLog::index_bits)))
    throw std::invalid_argument("wom: too many blocks for complaint ids");
  // Ties carry tells at tell_rate x their weight: the network's weights, or 1.
  max_weight_ = 1;
  if (network_.has_weights()) {
    max_weight_ = 0;
    for (std::uint64_t a = 0; a < network_.arcs(); ++a)
      max_weight_ = std::max(max_weight_, static_cast<double>(network_.weight(a)));
  }
  const std::size_t cells = std::size_t{n_} * brand_count_;
  innovativeness_.assign(n_, 1.0f);
  trust_peer_.assign(n_, 1.0f);
  kappa_.assign(n_, 0.0f);
  weary_.assign(n_, 0);
  holder_.assign(n_, no_brand);
  last_brand_.assign(n_, no_brand);
  stage_.assign(cells, unaware);
  voice_.assign(cells, silent);
  follows_.assign(cells, 0);
  flags_.assign(cells, 0);
  experiences_.assign(cells, 0);
  complaints_made_.assign(cells, 0);
  source_.assign(cells, source_none);
  talk_epoch_.assign(cells, 0);
  buy_epoch_.assign(cells, 0);
  churn_epoch_.assign(cells, 0);
  follow_epoch_.assign(cells, 0);
  trust_brand_.assign(cells, 1.0f);
  satisfaction_.assign(cells, 0.0f);
  annoyance_.assign(cells, 0.0f);
  memory_.assign(cells, 0.0f);
  touched_.assign(cells, 0.0);
  exposures_.assign(cells, 0.0f);
  rec_cascade_.assign(cells, none);
  follower_pos_.assign(cells, none);
  brand_.resize(brand_count_);
  blocks_.resize(map_.blocks);
  if (segment_share_.size() != segment_p_.size() || segment_p_.size() > 256)
    throw std::invalid_argument("wom: one share per segment, at most 256 segments");
  for (Block& block : blocks_) {
    block.brand.resize(brand_count_);
    if (!segment_p_.empty())
      for (Partial& part : block.brand)
        part.by_segment.assign(segment_series_count * segment_p_.size(), 0);
    block.followers.resize(brand_count_);
  }
}

void Model::start(EventContext& setup, const TimeGrid& grid) {
  // Set-up draws come from streams of their own; `s` schedules into the engine's queue.
  Act s(setup,
        RandomStream(seed_, StreamPurpose::dynamics, set_up_stream | (std::uint64_t{1} << 62), 0));
  end_ = grid.end;
  assign_segments();
  draw_consumers();
  std::vector<std::uint8_t> taken(shared() ? n_ : 0, 0);  // consumers seeded by a brand
  for (std::uint32_t b = 0; b < brand_count_; ++b) {
    RandomStream pick(seed_, 100 + b);  // per brand: followers, seeds and post clocks, in order
    start_followers(b, pick, s);
    plan_spending(b, seed_product(b, pick, setup, s, taken), s);
    start_post_clocks(b, pick, s);
  }
  start_ad_clocks(s, grid);
  schedule_broadcast(s);
}

void Model::draw_consumers() {
  RandomStream agents(seed_, StreamPurpose::agents);
  // One set of trait distributions per segment (one without segments).
  std::vector<boost::random::gamma_distribution<double>> gamma;
  std::vector<boost::random::beta_distribution<double>> pk;
  for (const Params& q : segment_p_.empty() ? std::vector<Params>{p_} : segment_p_) {
    gamma.emplace_back(q.innovativeness_shape > 0 ? q.innovativeness_shape : 1.0,
                       q.innovativeness_shape > 0 ? 1.0 / q.innovativeness_shape : 1.0);
    pk.emplace_back(q.pk_alpha, q.pk_beta);
  }
  for (NodeId v = 0; v < n_; ++v) {
    const Params& q = p(v);
    const std::size_t k = segment_.empty() ? 0 : segment_[v];
    innovativeness_[v] = q.innovativeness_shape > 0 ? static_cast<float>(gamma[k](agents)) : 1.0f;
    trust_peer_[v] =
        p_.trust_one
            ? 1.0f
            : static_cast<float>(beta_draw(agents, q.trust_peer_mean, q.trust_concentration));
    kappa_[v] = static_cast<float>(pk[k](agents));
    weary_[v] = agents.bernoulli(q.weary_share) ? 1 : 0;
    for (std::uint32_t b = 0; b < brand_count_; ++b) {
      const double trust =
          p_.trust_one ? 1.0 : beta_draw(agents, q.trust_brand_mean, q.trust_concentration);
      trust_brand_[at(v, b)] = static_cast<float>(trust);
      blocks_[map_.of(v)].brand[b].trust_sum += trust;
    }
  }
}

namespace {

/// Consumers 0..n-1 in a uniformly random order (Fisher-Yates from the end).
std::vector<NodeId> shuffled(NodeId n, RandomStream& pick) {
  std::vector<NodeId> order(n);
  std::iota(order.begin(), order.end(), NodeId{0});
  for (NodeId k = n; k > 1; --k) std::swap(order[k - 1], order[pick.below(k)]);
  return order;
}

/// Consumers by degree, highest first (ties by id).
std::vector<NodeId> by_degree(const Network& network) {
  std::vector<NodeId> order(network.nodes());
  std::iota(order.begin(), order.end(), NodeId{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](NodeId a, NodeId c) { return network.degree(a) > network.degree(c); });
  return order;
}

}  // namespace

void Model::assign_segments() {
  if (segment_p_.empty()) return;
  if (!given_segment_.empty()) {
    if (given_segment_.size() != n_) throw std::invalid_argument("wom: one segment per consumer");
    segment_ = given_segment_;
    return;
  }
  // Head counts from the rounded cumulative shares (they sum to the population), then a
  // uniformly random order of the consumers: each segment takes the next of them.
  RandomStream pick(seed_, StreamPurpose::agents, segment_stream, 0);
  const std::vector<NodeId> order = shuffled(n_, pick);
  segment_.assign(n_, 0);
  double cumulative = 0;
  NodeId next = 0;
  for (std::size_t k = 0; k < segment_p_.size(); ++k) {
    cumulative += segment_share_[k];
    const NodeId end =
        k + 1 == segment_p_.size()
            ? n_
            : static_cast<NodeId>(std::min(static_cast<double>(n_),
                                           std::round(cumulative * static_cast<double>(n_))));
    for (; next < end; ++next) segment_[order[next]] = static_cast<std::uint8_t>(k);
  }
}

std::vector<NodeId> Model::follower_order(std::uint32_t b, RandomStream& pick) const {
  const Brand& brand = brand_params_[b];
  if (brand.followers_by == 1) return by_degree(network_);
  if (brand.followers_by != 2 || !network_.has_communities()) return shuffled(n_, pick);
  // Whole communities, in random order of community, until enough.
  std::uint32_t communities = 0;
  for (NodeId v = 0; v < n_; ++v) communities = std::max(communities, network_.community(v) + 1);
  std::vector<std::uint32_t> rank(communities);
  std::iota(rank.begin(), rank.end(), 0u);
  for (std::uint32_t c = communities; c > 1; --c) std::swap(rank[c - 1], rank[pick.below(c)]);
  std::vector<NodeId> order(n_);
  std::iota(order.begin(), order.end(), NodeId{0});
  std::stable_sort(order.begin(), order.end(), [&](NodeId a, NodeId c) {
    return rank[network_.community(a)] < rank[network_.community(c)];
  });
  return order;
}

void Model::start_followers(std::uint32_t b, RandomStream& pick, Act& s) {
  const auto wanted =
      static_cast<std::uint64_t>(std::llround(brand_params_[b].initial_followers * n_));
  const std::vector<NodeId> order = follower_order(b, pick);
  for (std::uint64_t k = 0; k < wanted && k < n_; ++k) {
    const NodeId v = order[k];
    const std::size_t i = at(v, b);
    follows_[i] = 1;
    ++blocks_[map_.of(v)].brand[b].counts[followers];
    add_follower(v, b, blocks_[map_.of(v)]);
    ++brand_[b].initial_followers;
    if (p(v).baseline_unfollow_rate > 0)
      s.at(pick.exponential(p(v).baseline_unfollow_rate), priority(baseline_unfollow, b), v,
           ++follow_epoch_[i]);
  }
}

std::vector<NodeId> Model::pick_seeds(std::uint32_t b, RandomStream& pick,
                                      const std::vector<std::uint8_t>& taken) const {
  const Brand& brand = brand_params_[b];
  std::vector<NodeId> seeds;
  const auto seed_count = static_cast<std::uint64_t>(brand.seed_count);  // <= n_ (constructor)
  auto free = [&](NodeId v) { return taken.empty() || !taken[v]; };
  if (brand.seed_strategy == 2 && network_.has_communities()) {
    std::vector<std::uint8_t> community_taken;
    for (NodeId v : shuffled(n_, pick)) {
      const std::uint32_t c = network_.community(v);
      if (c >= community_taken.size()) community_taken.resize(c + 1, 0);
      if (community_taken[c] || !free(v)) continue;
      community_taken[c] = 1;
      seeds.push_back(v);
      if (seeds.size() == seed_count) break;
    }
  } else if (brand.seed_strategy == 1) {
    for (NodeId v : by_degree(network_)) {
      if (seeds.size() == seed_count) break;
      if (free(v)) seeds.push_back(v);
    }
  } else {
    // A partial shuffle: the first places only, passing over consumers already taken.
    std::vector<NodeId> order(n_);
    std::iota(order.begin(), order.end(), NodeId{0});
    for (std::uint64_t k = 0; k < n_ && seeds.size() < seed_count; ++k) {
      std::swap(order[k], order[k + pick.below(n_ - k)]);
      if (free(order[k])) seeds.push_back(order[k]);
    }
  }
  return seeds;
}

std::uint64_t Model::seed_product(std::uint32_t b, RandomStream& pick, EventContext& setup, Act& s,
                                  std::vector<std::uint8_t>& taken) {
  // Seeded consumers get the product at time 0: those the budget pays for, in seeding order.
  std::vector<NodeId> seeds = pick_seeds(b, pick, taken);
  seeds.resize(affordable_seeds(b, seeds.size()));
  const Brand& brand = brand_params_[b];
  for (NodeId v : seeds) {
    if (!taken.empty()) taken[v] = 1;
    // A paid influencer's sponsored posts go out at uniform times over the first days.
    for (std::int64_t k = 0; k < brand.seed_posts; ++k)
      s.at(pick.uniform() * brand.seed_post_days, priority(influencer_post, b), v,
           static_cast<std::uint64_t>(k));
    const std::size_t i = at(v, b);
    Block& block = blocks_[map_.of(v)];
    Partial& part = block.brand[b];
    count(part, v, aware, 1);
    ++part.counts[considering];
    stage_[i] = considering_stage;
    source_[i] = source_seed;
    rec_cascade_[i] = static_cast<std::uint32_t>(i);
    if (record_cascades_)
      block.rows.push_back({rec_cascade_[i], v, -1, 0.0, +1, static_cast<std::uint8_t>(b)});
    if (p_.single_transition) {
      --part.counts[considering];
      stage_[i] = adopter;
      count(part, v, adopters, 1);
      count(part, v, cumulative_sales, 1);
      count(part, v, customers_won, 1);
      ++part.won[source_seed];
      part.sale_times.push_back(0.0);
      voice_[i] = advocate;
      ++part.counts[advocates];
      Act seeded(setup, RandomStream(seed_, StreamPurpose::dynamics, set_up_stream | v, b));
      schedule_talk(v, b, seeded);
    } else {
      s.at(0.0, priority(purchase, b), v, buy_epoch_[i]);
    }
  }
  return seeds.size();
}

void Model::start_post_clocks(std::uint32_t b, RandomStream& pick, Act& s) {
  // Clocks run at their largest rate over the campaign and are thinned to the current one.
  const Brand& brand = brand_params_[b];
  BrandState& bs = brand_[b];
  bs.max_pitch_rate = brand.pitches_per_day;
  bs.max_community_rate = brand.community_posts_per_day;
  bs.max_advertising = brand.advertising;
  for (const PhaseSpec& phase : brand.campaign) {
    if (phase.params.has("pitches_per_day"))
      bs.max_pitch_rate = std::max(bs.max_pitch_rate, phase.params.real("pitches_per_day"));
    if (phase.params.has("community_posts_per_day"))
      bs.max_community_rate =
          std::max(bs.max_community_rate, phase.params.real("community_posts_per_day"));
    if (phase.params.has("advertising"))
      bs.max_advertising = std::max(bs.max_advertising, phase.params.real("advertising"));
  }
  if (bs.max_pitch_rate > 0)
    s.at(pick.exponential(bs.max_pitch_rate), priority(brand_pitch, b), n_ + b);
  if (bs.max_community_rate > 0)
    s.at(pick.exponential(bs.max_community_rate), priority(brand_community, b), n_ + b);
}

void Model::start_ad_clocks(Act& s, const TimeGrid& grid) {
  // One ad-contact clock per consumer and brand.
  RandomStream& rng = s.rng();
  for (NodeId v = 0; v < n_; ++v)
    for (std::uint32_t b = 0; b < brand_count_; ++b) {
      const double rate = p(v).awareness_rate * innovativeness_[v] * brand_[b].max_advertising;
      if (rate > 0 && stage_[at(v, b)] == unaware) {
        const double t = rng.exponential(rate);
        if (t <= grid.end) s.at(t, priority(awareness, b), v);
      }
    }
}

void Model::schedule_broadcast(Act& s) {
  if (p_.broadcaster_node >= 0 && p_.broadcaster_complaint_time >= 0 &&
      p_.broadcaster_node < static_cast<std::int64_t>(n_))
    for (std::uint32_t b = 0; b < brand_count_; ++b)
      if (p_.broadcaster_brand < 0 || static_cast<std::uint32_t>(p_.broadcaster_brand) == b)
        s.at(p_.broadcaster_complaint_time, priority(complaint, b),
             static_cast<NodeId>(p_.broadcaster_node), scripted);
}

}  // namespace hearsay::models::wom
