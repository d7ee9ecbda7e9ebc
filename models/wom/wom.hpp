// The word-of-mouth marketing model: brands that pitch or build community, consumers who hear,
// trust, buy, praise, complain, get annoyed, unfollow and churn.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/window_engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::wom {

/// The registry entry: parameters, brand parameters, styles, metrics and the run function.
const ModelEntry& entry();

// Declarations (wom_info.cpp).
std::vector<StylePreset> style_presets();
std::vector<MetricSpec> series_metrics();
std::vector<MetricSpec> summary_metrics();

/// Consumer-level parameters (`model:`). Rates per day, durations in days. Defaults, ranges and
/// sources are declared once, in wom_info.cpp, each bound to its field here.
struct Params {
  // Hearing and telling
  double awareness_rate{};         ///< external awareness hazard x innovativeness x advertising
  double ad_conversion{};          ///< an ad contact moves an aware consumer to considering
  double innovativeness_shape{};   ///< Gamma shape, mean 1; 0 = everyone 1
  double tell_rate{};              ///< tells per tie per day while talking, x tie weight
  double adopt_prob_strong{};      ///< beta_pos over a strong tie (x trust in peers)
  double adopt_prob_weak{};        ///< beta_pos over a weak tie
  double negativity_multiplier{};  ///< mu_neg: detractors talk this much more than advocates
  double reject_prob{};            ///< negative tell makes a non-adopter a rejecter (x trust)
  double stop_talking_rate{};      ///< talkers fall quiet at this rate
  double satisfaction_gain_positive{};  ///< adopter hears praise
  double satisfaction_loss_negative{};  ///< adopter hears a complaint in person
  // Trust and persuasion knowledge
  double trust_peer_mean{};    ///< Nielsen 2009: 78% trust consumer recommendations
  double trust_strong_mean{};  ///< Nielsen 2009: 90% trust people they know
  double trust_brand_mean{};
  double trust_concentration{};  ///< Beta(m c, (1-m) c) spread of trust
  double pk_alpha{}, pk_beta{};  ///< persuasion knowledge kappa ~ Beta (Friestad & Wright)
  // Annoyance, memory, attention
  bool annoyance_on{};
  double annoyance_half_life{};    ///< days (Kronrod & Huber 2019; assumption)
  double memory_half_life{};       ///< days (assumption)
  double weary_share{};            ///< Chae, Bruno & Feinberg 2019
  double weary_sensitivity{};      ///< annoyance multiplier of the weary
  double attention_sensitivity{};  ///< P(attend) = 1 / (1 + s A)
  // Brand posts
  double pitch_reach{};       ///< share of followers a pitch post reaches
  double pitch_conversion{};  ///< pitch moves an aware consumer to considering (x g(k))
  double pk_discount{};       ///< conversion x (1 - pk_discount kappa)
  double pitch_annoyance{};
  double pitch_trust_loss{};
  double pitch_share_prob{};
  double community_reach{};
  double community_conversion{};
  double community_trust_gain{};
  double community_annoyance{};
  double community_share_prob{};
  double share_view_prob{};     ///< a friend sees a share
  double memory_boost{};        ///< conversion x (1 + boost M / (1 + M))
  double wear_peak{};           ///< recent pitch exposures at which a pitch persuades most
  double exposure_half_life{};  ///< days: pitch exposures count for wear-out with this half-life
  double view_delay{};          ///< mean delay before a follower sees a post, days
  // Unfollows
  double unfollow_threshold{};      ///< annoyance above which unfollowing starts
  double unfollow_coefficient{};    ///< P(unfollow at an exposure) = 1 - exp(-c (A - thr))
  double baseline_unfollow_rate{};  ///< per day, for reasons unrelated to the brand
  double follow_on_adopt{};         ///< a new adopter follows the brand
  // Purchase and experience
  double purchase_delay{};                           ///< mean days from considering to buying
  double repurchase_rate{};                          ///< repeat purchases per day while an adopter
  double experience_delay{};                         ///< mean days to the first-use experience
  double satisfaction_alpha{}, satisfaction_beta{};  ///< Beta(8, 2) for working products
  double failure_alpha{}, failure_beta{};            ///< Beta(2, 5) after a failure
  double satisfaction_threshold{};  ///< below: dissatisfied (cumulative), a bad experience (one)
  double advocate_prob{};           ///< a satisfied adopter becomes an advocate
  double churn_rate{};              ///< base churn hazard of adopters, per day
  double churn_dissatisfaction{};   ///< extra churn hazard x (1 - satisfaction)
  // Complaints and answers
  double complaint_propensity{};    ///< a bad experience becomes a public complaint
  double complaint_delay{};         ///< mean days from a bad experience to the complaint
  double squeaky_wheel{};           ///< propensity x this once a complaint of theirs was answered
  double complaint_view_prob{};     ///< a friend of the poster sees the complaint
  double complaint_reshare_prob{};  ///< a viewer reshares (anger spreads)
  double complaint_reject_prob{};   ///< a non-adopter viewer becomes a rejecter (x trust)
  double complaint_trust_loss{};
  double reaction_plateau{};  ///< SEISMIC plateau, days
  double reaction_theta{};    ///< SEISMIC power-law exponent
  double answer_success{};
  double answer_damping{};  ///< reshare probability x this once answered
  double answer_trust_gain{};
  double recovery_satisfaction_gain{};
  double answer_sigma{};  ///< lognormal spread of the answer delay
  // Money and time
  double discount_rate{};  ///< per year, for NPV
  double min_delay{};      ///< floor of every delay (1 minute)
  // Reductions to the textbook models
  bool single_transition{};         ///< a positive tell or external awareness = adoption
  bool trust_one{};                 ///< every trust is 1
  bool stifle_on_redundant_tell{};  ///< Maki-Thompson: telling one who knows silences
  // Competition
  int market{};      ///< 0 independent (a market per brand), 1 shared (one brand at a time)
  double loyalty{};  ///< a rival's buyer stays with probability loyalty x satisfaction
  double rival_consideration{};  ///< one who leaves a brand considers a known rival (x trust)
  // The press (mass media)
  std::int64_t press_threshold{};  ///< views at which a complaint's story may be picked up
  double press_pickup_prob{};      ///< the press picks a story up (0: no press)
  double press_reach{};            ///< share of all consumers a pickup's coverage reaches
  double press_delay{};            ///< mean days from a pickup to a reader seeing the story
  double press_growth{};  ///< a covered story is weighed again at this many times the views
  // Broadcaster (United Breaks Guitars)
  std::int64_t broadcaster_node{};
  double broadcaster_audience{};
  std::int64_t broadcaster_brand{};
  double broadcaster_complaint_time{};
};

/// Brand-level parameters (`brands: [{name, style, ...}]`), declared in wom_info.cpp.
struct Brand {
  double pitches_per_day{};
  double community_posts_per_day{};
  double advertising{};
  double answer_probability{};
  double answer_median_delay{};
  double initial_followers{};
  int followers_by{};  ///< 0 random, 1 degree, 2 community
  double failure_probability{};
  double price{};
  std::int64_t seed_count{};
  int seed_strategy{};        ///< 0 random, 1 top_degree, 2 one_per_community
  std::int64_t seed_posts{};  ///< sponsored posts each seeded consumer makes (paid influencers)
  double seed_post_days{};    ///< the sponsored posts go out uniformly over [0, this) days
  // Money, in price units (a purchase brings `price`)
  double cost_per_pitch{};
  double cost_per_community_post{};
  double cost_per_answer{};
  double advertising_cost_per_day{};  ///< per unit of `advertising`
  double cost_per_seed{};
  double margin{};          ///< share of the price that is profit
  double budget{};          ///< cap on the campaign's spending (seeds, ads, posts); inf = none
  double budget_per_day{};  ///< cap on the campaign's spending in each day; inf = none
  std::vector<PhaseSpec> campaign;
};

/// The consumer-level and brand-level parameters as declared (wom_info.cpp).
const ParamTable<Params>& declared_params();
const ParamTable<Brand>& declared_brand_params();
/// A brand's parameters and campaign calendar, from its validated entry of `brands:`.
Brand read_brand(const BrandSpec& spec);

/// Series metrics, all per brand, in this order.
enum Series : std::size_t {
  aware,
  considering,
  adopters,
  cumulative_sales,
  customers_won,
  won_by_wom,
  advocates,
  detractors,
  rejecters,
  churned,
  followers,
  positive_tells,
  negative_tells,
  complaints,
  answers,
  unfollows,
  pitch_posts,
  community_posts,
  shares,
  mean_trust,
  mean_annoyance,
  net_sentiment,
  market_share,
  series_count
};

/// Series per brand and consumer segment (only with `segments:`), after the Series ones, in
/// this order.
enum SegmentSeries : std::size_t {
  aware_by_segment,
  adopters_by_segment,
  sales_by_segment,
  won_by_segment,
  won_by_wom_by_segment,
  complaints_by_segment,
  churned_by_segment,
  segment_series_count
};

/// The parameters a consumer segment may set (`segments:`), declared in wom_info.cpp.
std::vector<std::string> segment_params();

/// Summary metrics, all per brand, in this order.
enum Summary : std::size_t {
  final_sales,
  npv_sales,
  peak_complaint_cascade,
  time_to_half_sales,
  share_of_voice,
  followers_kept,
  final_detractors,
  final_rejecters,
  total_unfollows,
  total_complaints,
  complaint_views,
  pitch_share_rate,
  community_share_rate,
  positive_negative_ratio,
  wom_share,
  complaints_per_customer,
  detractor_share,
  complaints_per_bad_experience,
  annoyance_unfollow_share,
  online_wom_share,
  won_by_tell,
  won_by_share,
  won_by_ad,
  won_by_pitch,
  won_by_community,
  won_by_seed,
  cost,
  spend,
  profit,
  roi,
  budget_left,
  switches_in,
  switches_out,
  won_at_rival_churn,
  won_by_influencer,
  press_pickups,
  summary_count
};

/// What moved a consumer to consider buying: the contact that tipped them (word of mouth is a
/// friend's tell or a friend's share of a brand post).
enum Source : std::uint8_t {
  source_none,
  source_tell,
  source_share,
  source_ad,
  source_pitch,
  source_community,
  source_seed,
  source_rival,       ///< on leaving a rival, turned to this brand they knew
  source_influencer,  ///< a paid seed's sponsored post
  source_count
};

/// What a handler works with: the engine's context (clock, scheduling) and the random stream of
/// the event being handled, keyed by the run seed and the event's content.
class Act {
 public:
  Act(EventContext& ctx, RandomStream rng) : ctx_(ctx), rng_(rng) {}
  Time now() const { return ctx_.now(); }
  std::uint32_t block() const { return ctx_.block(); }
  RandomStream& rng() { return rng_; }
  void at(Time t, std::uint8_t priority, NodeId agent, std::uint64_t payload = 0) {
    ctx_.at(t, priority, agent, payload);
  }
  void after(Time delay, std::uint8_t priority, NodeId agent, std::uint64_t payload = 0) {
    ctx_.after(delay, priority, agent, payload);
  }

 private:
  EventContext& ctx_;
  RandomStream rng_;
};

/// One block's public complaints, in the order its consumers made them: when the brand answers
/// each (infinity: never) and which brand it is about. A complaint's id is (block << 24 | index).
/// An entry is written once, by the complainer's event, and read by viewers in any block at
/// least `min_delay` later (in a later window), so entries never move: fixed-size chunks behind a
/// table of chunk pointers allocated whole at the first complaint.
class ComplaintLog {
 public:
  /// One public complaint: when the brand answers it and which brand it is about.
  struct Complaint {
    Time answer_at;
    std::uint32_t brand;
    NodeId complainer;
  };
  static constexpr std::uint32_t index_bits = 24;
  static constexpr std::uint32_t chunk_bits = 12;
  static constexpr std::uint32_t max_chunks = 1u << (index_bits - chunk_bits);

  std::uint32_t size() const { return size_; }
  bool full() const { return size_ == (1u << index_bits); }
  /// Appends an entry and returns its index (call only when not full).
  std::uint32_t add(Complaint entry) {
    if (!chunks_) chunks_ = std::make_unique<std::unique_ptr<Complaint[]>[]>(max_chunks);
    const std::uint32_t index = size_++;
    std::unique_ptr<Complaint[]>& chunk = chunks_[index >> chunk_bits];
    if (!chunk) chunk = std::make_unique<Complaint[]>(std::size_t{1} << chunk_bits);
    chunk[index & ((1u << chunk_bits) - 1)] = entry;
    return index;
  }
  const Complaint& operator[](std::uint32_t index) const {
    return chunks_[index >> chunk_bits][index & ((1u << chunk_bits) - 1)];
  }

 private:
  std::unique_ptr<std::unique_ptr<Complaint[]>[]> chunks_;
  std::uint32_t size_ = 0;
};

/// The model. State of consumer v for brand b lives at index v * B + b in flat arrays. Agents
/// are the consumers 0..N-1 and the brands N..N+B-1. Every handler writes only its agent's state
/// and its block's partial sums, draws only from its event's own stream, and schedules events
/// for other agents at least `min_delay` ahead: runs are exact under SequentialEngine and
/// WindowEngine alike, with any number of threads.
class Model {
 public:
  /// `segments`: each segment's parameters (the model's with the segment's values) and share of
  /// the consumers; empty: one population with `params`.
  Model(const Network& network, const Params& params, std::vector<Brand> brands, std::uint64_t seed,
        bool record_cascades, std::vector<Params> segments = {}, std::vector<double> shares = {});

  /// Draws consumer attributes, initial followers and seeds, and schedules the first events.
  void start(EventContext& setup, const TimeGrid& grid);
  bool handle(const KeyedEvent& event, EventContext& ctx);
  /// Asks for the state the event's handler reads first, so it loads while the engine handles
  /// the event before (see WindowEngine::run_block). Always inlined: GCC drops calls to
  /// functions that only prefetch.
  [[gnu::always_inline]] void prefetch(const KeyedEvent& event) const {
    const NodeId v = event.agent();
    if (v >= n_) return;  // a brand's own event
    const auto kind = static_cast<Kind>(event.priority() >> 3);
    const std::size_t i = at(v, event.priority() & 7u);
    __builtin_prefetch(&stage_[i]);
    switch (kind) {
      case pitch_view:
      case community_view:
        __builtin_prefetch(&follows_[i]);
        __builtin_prefetch(&touched_[i]);
        __builtin_prefetch(&annoyance_[i]);
        __builtin_prefetch(&memory_[i]);
        __builtin_prefetch(&trust_brand_[i]);
        __builtin_prefetch(&exposures_[i]);
        __builtin_prefetch(&weary_[v]);
        __builtin_prefetch(&kappa_[v]);
        break;
      case awareness:
        __builtin_prefetch(&innovativeness_[v]);
        __builtin_prefetch(&trust_brand_[i]);
        break;
      case tell:
      case stop_talking:
        __builtin_prefetch(&talk_epoch_[i]);
        __builtin_prefetch(&voice_[i]);
        break;
      case hear_pos_strong:
      case hear_pos_weak:
      case hear_neg_strong:
      case hear_neg_weak:
      case share_view:
      case community_share_view:
      case complaint_view:
        // notice(): the consumer's brand memory and the time it was last brought up to date.
        __builtin_prefetch(&touched_[i]);
        __builtin_prefetch(&memory_[i]);
        __builtin_prefetch(&trust_peer_[v]);
        break;
      default:
        __builtin_prefetch(&voice_[i]);
        break;
    }
  }
  void observe(SeriesRecorder& recorder) const;
  /// Per-brand summary values, brand-major per metric as RunOutput expects.
  std::vector<double> summary() const;
  const BlockMap& block_map() const { return map_; }
  /// The smallest delay between an event and one it causes for another agent, days.
  Time lookahead() const { return p_.min_delay; }

  /// The cascade rows of the run, by time (ties by content), cascades numbered 0, 1, ... in the
  /// order they first appear.
  std::vector<CascadeRow> cascades() const;
  bool follows(NodeId v, std::uint32_t b) const { return follows_[at(v, b)] != 0; }
  /// 0 unaware, 1 aware, 2 considering, 3 adopter, 4 churned, 5 rejecter.
  int stage(NodeId v, std::uint32_t b) const { return stage_[at(v, b)]; }
  /// Satisfaction of v with brand b: before the first use, the shift of the first impression
  /// by what v heard; after, the running mean of uses moved by what v heard since, in [0, 1].
  double satisfaction(NodeId v, std::uint32_t b) const { return satisfaction_[at(v, b)]; }
  /// Uses of the product so far (at most 255).
  int experiences(NodeId v, std::uint32_t b) const { return experiences_[at(v, b)]; }
  std::uint32_t brands() const { return brand_count_; }
  NodeId nodes() const { return n_; }
  /// Puts each consumer in the given segment (segment_by), instead of by the shares.
  void set_segments(std::vector<std::uint8_t> segment_of) {
    given_segment_ = std::move(segment_of);
  }
  /// Consumer segments (0 without `segments:`), and the segment of consumer v.
  std::size_t segments() const { return segment_p_.size(); }
  std::size_t segment(NodeId v) const { return segment_.empty() ? 0 : segment_[v]; }
  /// Series rows a run records: per brand, then per brand and segment.
  std::size_t series_rows() const {
    return series_count * brand_count_ + segment_series_count * brand_count_ * segments();
  }

  /// Event kinds (top 5 bits of the priority byte; the low 3 bits are the brand).
  enum Kind : std::uint8_t {
    awareness = 0,
    tell,
    hear_pos_strong,
    hear_pos_weak,
    hear_neg_strong,
    hear_neg_weak,
    stop_talking,
    brand_pitch,
    brand_community,
    pitch_view,
    community_view,
    share_view,
    purchase,
    experience,
    complaint,
    complaint_view,
    answer,
    churn,
    baseline_unfollow,
    pitch_fanout,
    community_fanout,
    community_share_view,
    influencer_post,
    influencer_view,
    press_tally,
    brand_pay_day,
    kind_count
  };
  static constexpr std::uint32_t max_brands = 8;

 private:
  enum Stage : std::uint8_t {
    unaware,
    aware_stage,
    considering_stage,
    adopter,
    churned_stage,
    rejecter
  };
  enum Voice : std::uint8_t { silent, advocate, quiet, detractor };

  /// One block's share of a brand's totals; the totals are sums over blocks in block order, so
  /// floating-point sums do not depend on the thread count.
  struct Partial {
    std::int64_t counts[series_count] = {};
    std::uint64_t pitch_views = 0, community_views = 0, pitch_shares = 0, community_shares = 0;
    std::uint64_t complaint_views = 0;
    std::uint64_t bad_experiences = 0;      ///< uses rated below satisfaction_threshold
    std::uint64_t annoyance_unfollows = 0;  ///< unfollows at a seen post (not baseline ones)
    std::uint64_t complaint_reshares = 0;
    std::uint64_t switches_in = 0, switches_out = 0;  ///< customers won from / lost to a rival
    /// With segments: the SegmentSeries counts of each segment (index series x S + segment).
    std::vector<std::int64_t> by_segment;
    double answer_spend = 0, answer_cost_npv = 0;
    std::int64_t won[source_count] = {};  ///< customers won, by what tipped them
    double npv = 0;
    double trust_sum = 0;
    double annoyance_scaled_sum = 0;  ///< sum of A_i e^{lambda (t_i - annoyance_ref)}
    Time annoyance_ref = 0;
    std::vector<Time> sale_times;
  };
  /// What one block of agents owns besides their per-agent arrays.
  struct alignas(64) Block {
    std::vector<Partial> brand;
    /// (complaint id << 32 | consumer) for every consumer of the block who saw (or posted) a
    /// complaint: each sees one complaint once.
    std::unordered_set<std::uint64_t> complaint_seen;
    /// The complaints the block's consumers made.
    ComplaintLog complaints;
    std::vector<CascadeRow> rows;
    /// Per brand, the block's consumers who follow it (a post reaches them through one fan-out
    /// event per block, run by the block itself).
    std::vector<std::vector<NodeId>> followers;
  };
  /// State of the brand agent itself (only its own events touch it) and constants.
  struct BrandState {
    std::uint64_t initial_followers = 0;
    std::uint64_t press_pickups = 0;  ///< stories about the brand the press picked up (the desk's)
    double max_pitch_rate = 0, max_community_rate = 0, max_advertising = 0;
    // Money (budget.cpp): what the campaign spent, and what its budget has left.
    double seed_spend = 0, ad_spend = 0, ad_cost_npv = 0, post_spend = 0, post_cost_npv = 0;
    std::vector<double> ad_cost, ad_cost_npv_full;  ///< per day: the calendar's advertising
    /// Per day, the share of the calendar's advertising paid for (empty without a budget: all).
    std::vector<double> ad_scale;
    std::vector<double> day_left;  ///< per day: what budget_per_day leaves after the day's ads
    double total_left = 0;         ///< what budget has left
  };

  static std::uint8_t priority(Kind kind, std::uint32_t brand) {
    return static_cast<std::uint8_t>((kind << 3) | brand);
  }
  std::size_t at(NodeId v, std::uint32_t b) const { return std::size_t{v} * brand_count_ + b; }
  /// The parameters of consumer v: their segment's, or the model's.
  const Params& p(NodeId v) const { return segment_.empty() ? p_ : segment_p_[segment_[v]]; }
  /// Adds `delta` to a count of the brand (and, with segments, to consumer v's segment's).
  void count(Partial& part, NodeId v, Series m, std::int64_t delta) {
    part.counts[m] += delta;
    if (segment_.empty()) return;
    const int k = segment_series_of(m);
    if (k >= 0)
      part.by_segment[static_cast<std::size_t>(k) * segment_p_.size() + segment_[v]] += delta;
  }
  /// The SegmentSeries that follows Series m, or -1.
  static constexpr int segment_series_of(Series m) {
    switch (m) {
      case aware:
        return aware_by_segment;
      case adopters:
        return adopters_by_segment;
      case cumulative_sales:
        return sales_by_segment;
      case customers_won:
        return won_by_segment;
      case won_by_wom:
        return won_by_wom_by_segment;
      case complaints:
        return complaints_by_segment;
      case churned:
        return churned_by_segment;
      default:
        return -1;
    }
  }
  Partial& part(const Act& s, std::uint32_t b) { return blocks_[s.block()].brand[b]; }
  /// Cascade ids: a recommendation cascade rooted at cell i is i (< 2^31); complaint c's is
  /// 2^31 + c (c = block << 24 | index < 2^31).
  static std::uint32_t complaint_cascade(std::uint32_t id) { return (1u << 31) | id; }
  const ComplaintLog::Complaint& complaint_entry(std::uint32_t id) const {
    return blocks_[id >> ComplaintLog::index_bits]
        .complaints[id & ((1u << ComplaintLog::index_bits) - 1)];
  }
  bool shared() const { return p_.market == 1; }
  double phase_value(std::uint32_t b, const char* name, double base, Time t) const;
  double pitch_rate(std::uint32_t b, Time t) const;
  double community_rate(std::uint32_t b, Time t) const;
  double advertising(std::uint32_t b, Time t) const;
  // Money (budget.cpp).
  /// The advertising the brand pays for at time t: the calendar's, cut on days the budget
  /// cannot cover it.
  double ad_level(std::uint32_t b, Time t) const;
  /// How many of `wanted` seeds the budget pays for (seeds are paid first, at time 0).
  std::uint64_t affordable_seeds(std::uint32_t b, std::uint64_t wanted) const;
  /// Prices the calendar's advertising day by day and pays for the seeds and day 0; with a
  /// budget, schedules the brand's pay days (each day's advertising is paid just before it).
  void plan_spending(std::uint32_t b, std::uint64_t paid_seeds, Act& s);
  /// Pays what the money left allows of day d's advertising (its share of the calendar's).
  void pay_day(std::uint32_t b, std::size_t d);
  /// Pays for a post at time t if the budget allows; false: the post is not made.
  bool pay_post(std::uint32_t b, bool community, Time t);
  double discount(Time t) const;
  double delay(RandomStream& rng, double mean) const;
  double reaction_delay(RandomStream& rng) const;
  double peer_trust(NodeId v, bool strong) const;
  double annoyance_now(std::size_t i, Time t) const;
  /// Brings annoyance, memory and recent pitch exposures of cell i up to time t (keeping the
  /// block's annoyance sum exact).
  void touch(Partial& part, std::size_t i, Time t);
  /// A contact with the brand (an ad, a tell, a post, a share, a complaint): brings cell i up to
  /// time t, adds one to brand memory, and returns the memory factor conversions get from what
  /// the consumer remembered before it.
  double contact(Partial& part, std::size_t i, Time t);
  void add_annoyance(Partial& part, std::size_t i, Time t, double amount);
  /// The consumer of cell i notices the brand: aware if unaware, and a contact() (returns its
  /// memory factor).
  double notice(Partial& part, std::size_t i, Time t);
  /// A change of satisfaction: before first use it shifts the first impression (either way);
  /// after, it moves satisfaction within [0, 1] and redraws the churn clock.
  void shift_satisfaction(NodeId v, std::uint32_t b, Act& s, double amount);
  void set_trust(Partial& part, std::size_t i, double value);
  void schedule_talk(NodeId v, std::uint32_t b, Act& s);
  void become_considering(NodeId v, std::uint32_t b, Act& s, std::int64_t parent,
                          std::uint32_t parent_cascade, Source source);
  void win_customer(NodeId v, std::uint32_t b, Partial& part);
  void set_voice(NodeId v, std::uint32_t b, Act& s, Voice voice);
  void become_rejecter(NodeId v, std::uint32_t b, Partial& part);
  void follow(NodeId v, std::uint32_t b, Act& s);
  void unfollow(NodeId v, std::uint32_t b, Act& s);
  void schedule_churn(NodeId v, std::uint32_t b, Act& s);
  /// v stops being a customer of b (churn, or a switch to a rival).
  void leave(NodeId v, std::uint32_t b, Act& s);
  /// In a shared market, whether v, about to buy b, switches from the brand they hold (true when
  /// they hold none); counts the switch. False: v stays and b goes back to merely known.
  bool switch_to(NodeId v, std::uint32_t b, Act& s);
  /// After leaving brand c, v considers each rival they know, each with rival_consideration x
  /// trust in it.
  void consider_rivals(NodeId v, std::uint32_t c, Act& s);
  void post(std::uint32_t b, bool community, Act& s);
  void fan_out(std::uint32_t b, bool community, Act& s);
  void add_follower(NodeId v, std::uint32_t b, Block& block);
  void share(NodeId v, std::uint32_t b, Act& s, Kind kind, double prob, std::uint64_t payload);
  void start_complaint(NodeId v, std::uint32_t b, Act& s);

  // Set-up steps, in the order start() runs them (the order fixes the set-up streams' draws).
  /// With segments: puts each consumer in one, by the segments' shares.
  void assign_segments();
  void draw_consumers();
  std::vector<NodeId> follower_order(std::uint32_t b, RandomStream& pick) const;
  void start_followers(std::uint32_t b, RandomStream& pick, Act& s);
  /// The brand's seeds; in a shared market those an earlier brand seeded are passed over
  /// (`taken`, one flag per consumer).
  std::vector<NodeId> pick_seeds(std::uint32_t b, RandomStream& pick,
                                 const std::vector<std::uint8_t>& taken) const;
  /// Seeds the product (the seeds the budget pays for) and returns how many.
  std::uint64_t seed_product(std::uint32_t b, RandomStream& pick, EventContext& setup, Act& s,
                             std::vector<std::uint8_t>& taken);
  void start_post_clocks(std::uint32_t b, RandomStream& pick, Act& s);
  void start_ad_clocks(Act& s, const TimeGrid& grid);
  void schedule_broadcast(Act& s);

  bool on_awareness(NodeId v, std::uint32_t b, Act& s);
  bool on_tell(NodeId u, std::uint32_t b, std::uint32_t epoch, Act& s);
  bool on_hear(NodeId v, std::uint32_t b, NodeId teller, std::uint32_t teller_epoch, bool positive,
               bool strong, Act& s);
  bool on_view(NodeId v, std::uint32_t b, bool community, Act& s);
  bool on_share_view(NodeId v, std::uint32_t b, NodeId sharer, std::uint32_t cascade,
                     bool community, Act& s);
  bool on_purchase(NodeId v, std::uint32_t b, std::uint32_t epoch, Act& s);
  bool on_experience(NodeId v, std::uint32_t b, std::uint32_t epoch, Act& s);
  bool on_complaint_view(NodeId v, std::uint32_t b, std::uint32_t id, NodeId sharer, Act& s);
  bool on_answer(NodeId v, std::uint32_t b, std::uint32_t id, Act& s);
  bool on_influencer_post(NodeId v, std::uint32_t b, Act& s);
  /// The press desk counts a complaint's views; at its threshold the story may be covered.
  bool on_press_tally(std::uint32_t b, std::uint32_t id, Act& s);
  bool press_on() const { return p_.press_pickup_prob > 0; }
  /// With a press, tells its desk of a view of complaint `id` (or of the complaint itself).
  void tell_press(std::uint32_t b, std::uint32_t id, Act& s) {
    if (press_on()) s.after(p_.min_delay, priority(press_tally, b), press_desk(), id);
  }
  NodeId press_desk() const { return n_ + brand_count_; }
  bool on_influencer_view(NodeId v, std::uint32_t b, NodeId seed, std::uint32_t cascade, Act& s);

  const Network& network_;
  Params p_;
  std::vector<Params> segment_p_;      ///< per segment (empty without segments)
  std::vector<double> segment_share_;  ///< per segment
  std::vector<Brand> brand_params_;
  std::uint32_t brand_count_;
  NodeId n_;
  std::size_t cells_;  ///< n_ * brand_count_
  std::uint64_t seed_;
  bool record_cascades_;
  double annoyance_decay_, memory_decay_, exposure_decay_;  ///< ln 2 / half-life
  double max_weight_;
  Time end_ = 0;  ///< the run's end (set by start)
  BlockMap map_;

  // Per consumer
  std::vector<float> innovativeness_, trust_peer_, kappa_;
  std::vector<std::uint8_t> weary_;
  std::vector<std::uint8_t> segment_;        ///< the consumer's segment (empty without segments)
  std::vector<std::uint8_t> given_segment_;  ///< set_segments(): segments from a node attribute
  /// Shared market: the brand the consumer is a customer of, and the last one they were (or
  /// no_brand).
  std::vector<std::uint8_t> holder_, last_brand_;
  // Per consumer and brand
  std::vector<std::uint8_t> stage_, voice_, follows_, flags_;
  std::vector<std::uint8_t> experiences_;      ///< uses of the product so far (saturates at 255)
  std::vector<std::uint8_t> complaints_made_;  ///< public complaints so far (at most 255)
  std::vector<std::uint8_t> source_;           ///< what moved the consumer to consider (Source)
  std::vector<std::uint32_t> talk_epoch_, buy_epoch_, churn_epoch_, follow_epoch_;
  std::vector<float> trust_brand_, satisfaction_, annoyance_, memory_;
  std::vector<Time>
      touched_;  ///< when annoyance, memory and exposures were last brought up to date
  std::vector<float> exposures_;  ///< recent pitch exposures (decaying with exposure_half_life)
  /// The recommendation cascade the consumer joined; set once (on becoming considering), before
  /// the consumer can talk, so tellers' values are final when listeners read them.
  std::vector<std::uint32_t> rec_cascade_;
  std::vector<std::uint32_t> follower_pos_;  ///< place in its block's follower list, or none

  std::vector<BrandState> brand_;
  std::vector<Block> blocks_;
  /// The press desk's own state (only its events touch it): per complaint, the views counted and
  /// the views at which the story is weighed next.
  struct Story {
    std::uint64_t views = 0, next = 0;
  };
  std::unordered_map<std::uint32_t, Story> stories_;
};

}  // namespace hearsay::models::wom
