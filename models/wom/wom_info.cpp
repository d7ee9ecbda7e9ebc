// The wom model's declarations: every parameter once (unit, default, range, meaning, source),
// the brand parameters and style presets, and the output metrics.
#include <cmath>
#include <limits>

#include "models/wom/wom.hpp"

namespace hearsay::models::wom {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// wom's shapes of declaration: a real in [lo, hi], a rate (>= 0, per day), a probability, a
// duration in days (>= lo), a switch. Each binds the parameter to a field of P.
template <class P>
ParamBinding<P> real(const char* name, double P::*field, const char* unit, double value, double lo,
                     double hi, const char* help, const char* source) {
  return hearsay::real(name, field, unit, value, between(lo, hi), help, source);
}
template <class P>
ParamBinding<P> rate(const char* name, double P::*field, double value, const char* help,
                     const char* source) {
  return hearsay::real(name, field, "1/d", value, at_least(0), help, source);
}
template <class P>
ParamBinding<P> prob(const char* name, double P::*field, double value, const char* help,
                     const char* source) {
  return hearsay::real(name, field, "probability", value, between(0, 1), help, source);
}
template <class P>
ParamBinding<P> duration(const char* name, double P::*field, double value, const char* help,
                         const char* source, double lo = 0) {
  return hearsay::duration(name, field, value, at_least(lo), help, source);
}
template <class P>
ParamBinding<P> flag(const char* name, bool P::*field, bool value, const char* help) {
  return hearsay::flag(name, field, value, help, "switch");
}

// Every wom metric has one value per brand.
MetricSpec per_brand(const char* name, const char* unit, const char* description) {
  return MetricSpec{name, unit, description, true};
}

MetricSpec per_segment(const char* name, const char* unit, const char* description) {
  return MetricSpec{name, unit, description, true, true};
}

}  // namespace

const ParamTable<Params>& declared_params() {
  using P = Params;
  // Every default says where it comes from: "[source: ...]" a number a named source holds (and
  // where), "[calibrated: target ...]" fitted by models/wom/calibration to a market-level target
  // (table in models/wom/README.md), or "[assumption]". No source is cited for a number it does
  // not hold.
  const char* A = "[assumption]";
  constexpr double minute = 1.0 / 1440;
  // clang-format off
  static const ParamTable<Params> table{
      rate("awareness_rate", &P::awareness_rate, 0.005, "ad contacts per consumer and brand per day, x innovativeness x the brand's advertising (the Bass p's channel)", A),
      real("ad_conversion", &P::ad_conversion, "probability", 0.05, 0, 1, "an ad contact moves an aware consumer to considering (x trust in the brand x memory factor)", "[assumption] (checked by target bass_q_over_p)"),
      real("innovativeness_shape", &P::innovativeness_shape, "", 2, 0, inf, "shape k of the Gamma(k, 1/k) innovativeness (mean 1); 0 = everyone 1", A),
      rate("tell_rate", &P::tell_rate, 0.1, "tells per tie per day while an advocate or detractor talks (x tie weight)", A),
      prob("adopt_prob_strong", &P::adopt_prob_strong, 0.097, "a positive tell over a strong tie moves the listener to considering (x trust in peers x memory factor)", "[calibrated: target wom_share]"),
      prob("adopt_prob_weak", &P::adopt_prob_weak, 0.0243, "the same over a weak tie", "[assumption] a quarter of adopt_prob_strong, as the midpoints of the per-period strong (.01-.07) and weak (.005-.015) tie ranges reported for Goldenberg, Libai & Muller 2001 (read in a replication, not in the paper)"),
      real("negativity_multiplier", &P::negativity_multiplier, "", 2, 0, inf, "detractors tell this many times as often as advocates (mu_neg)", "[assumption] (Goldenberg et al. 2007 sweep it; TARP is reported to find bad experiences told to twice as many people, not checked in the source)"),
      prob("reject_prob", &P::reject_prob, 0.25, "a negative tell turns a non-adopter into a rejecter (x trust in peers)", A),
      rate("stop_talking_rate", &P::stop_talking_rate, 1.0 / 7, "advocates and detractors fall quiet at this rate (a spell of talk lasts a week on average)", A),
      real("satisfaction_gain_positive", &P::satisfaction_gain_positive, "", 0.01, 0, 1, "satisfaction an adopter gains on hearing praise (before first use: the first impression shifts)", A),
      real("satisfaction_loss_negative", &P::satisfaction_loss_negative, "", 0.05, 0, 1, "satisfaction an adopter loses on hearing or seeing a complaint (before first use: the first impression shifts)", A),
      prob("trust_peer_mean", &P::trust_peer_mean, 0.616, "mean trust in peers' recommendations (weak ties), Beta(m c, (1-m) c)", "[calibrated: target trust_in_consumers]"),
      prob("trust_strong_mean", &P::trust_strong_mean, 0.738, "mean trust in people one knows (strong ties): peer trust x trust_strong_mean / trust_peer_mean, at most 1", "[calibrated: target trust_in_people_known]"),
      prob("trust_brand_mean", &P::trust_brand_mean, 0.538, "mean initial trust in a brand, Beta(m c, (1-m) c)", "[calibrated: target trust_in_brands]"),
      real("trust_concentration", &P::trust_concentration, "", 10, 0, inf, "concentration c of the Beta(m c, (1-m) c) trust draws", A),
      real("pk_alpha", &P::pk_alpha, "", 2, 0, inf, "persuasion knowledge kappa ~ Beta(alpha, beta) (Friestad & Wright 1994's idea; their paper has no numbers)", A),
      real("pk_beta", &P::pk_beta, "", 2, 0, inf, "persuasion knowledge kappa ~ Beta(alpha, beta)", A),
      flag("annoyance", &P::annoyance_on, true, "annoyance on (false: posts never annoy, attention is full, no annoyance unfollows)"),
      duration("annoyance_half_life", &P::annoyance_half_life, 7, "half-life of annoyance", "[assumption] shorter than memory's, as Kronrod & Huber 2019 found (annoyance decays, brand memory stays); they give no half-life", minute),
      duration("memory_half_life", &P::memory_half_life, 90, "half-life of brand memory", A, minute),
      prob("weary_share", &P::weary_share, 0.24, "share of consumers of the weary type", "[source: Chae, Bruno & Feinberg 2019, abstract: a subgroup of about 24% shows weariness]"),
      real("weary_sensitivity", &P::weary_sensitivity, "", 3, 0, inf, "annoyance multiplier of the weary type", A),
      real("attention_sensitivity", &P::attention_sensitivity, "", 0.5, 0, inf, "attention to a post is 1 / (1 + s x annoyance)", A),
      prob("pitch_reach", &P::pitch_reach, 0.06, "share of followers a pitch post reaches", "[source: Manson 2014, Social@Ogilvy 'Facebook Zero': organic reach of brand posts 6.15% of fans, February 2014]"),
      prob("pitch_conversion", &P::pitch_conversion, 0.04, "a seen pitch moves an aware consumer to considering (x g(k) x (1 - pk_discount kappa) x trust x memory factor)", "[assumption] twice community_conversion per view after the mean persuasion discount (1 - E kappa = 1/2): Lee, Hosanagar & Nair 2018 find that price and deal content drives click-throughs while it lowers engagement; they give no ratio"),
      prob("pk_discount", &P::pk_discount, 1, "how much persuasion knowledge discounts a pitch", A),
      real("pitch_annoyance", &P::pitch_annoyance, "", 1, 0, inf, "annoyance added by a seen pitch (the unit of annoyance)", A),
      real("pitch_trust_loss", &P::pitch_trust_loss, "", 0.005, 0, 1, "brand trust lost per seen pitch", A),
      prob("pitch_share_prob", &P::pitch_share_prob, 0.00102, "a viewer shares a pitch with friends", "[calibrated: target shares_per_follower_post] a tenth of community_share_prob (assumption; Lee, Hosanagar & Nair 2018 find informative, price and deal content lowers engagement)"),
      prob("community_reach", &P::community_reach, 0.06, "share of followers a community post reaches", "[source: Manson 2014, as pitch_reach]"),
      prob("community_conversion", &P::community_conversion, 0.01, "a seen community post moves an aware consumer to considering (x trust x memory factor)", A),
      real("community_trust_gain", &P::community_trust_gain, "", 0.01, 0, 1, "brand trust gained per seen community post", A),
      real("community_annoyance", &P::community_annoyance, "", 0.2, 0, inf, "annoyance added by a seen community post", A),
      prob("community_share_prob", &P::community_share_prob, 0.0102, "a viewer shares a community post with friends", "[calibrated: target shares_per_follower_post]"),
      prob("share_view_prob", &P::share_view_prob, 0.3, "a friend of a sharer sees the share (earned reach, judged with peer trust)", A),
      real("memory_boost", &P::memory_boost, "", 0.5, 0, inf, "every conversion x (1 + boost M/(1+M)), M the brand memory from earlier contacts (ads, tells, posts, shares, complaints)", A),
      real("wear_peak", &P::wear_peak, "exposures", 3, 0, inf, "recent pitch exposures k* at which a pitch persuades most: g(k) = (k/k*) e^(1 - k/k*)", "[source: Krugman 1972, 'Why three exposures may be enough'] (the curve's form is an assumption)"),
      duration("exposure_half_life", &P::exposure_half_life, 30, "half-life of a pitch exposure in the count k that wear-out uses (recent pitches count, old ones fade)", A, minute),
      duration("view_delay", &P::view_delay, 0.25, "mean delay before a follower sees a brand post", A),
      real("unfollow_threshold", &P::unfollow_threshold, "", 1, 0, inf, "annoyance above which seen posts may trigger an unfollow", A),
      real("unfollow_coefficient", &P::unfollow_coefficient, "", 0.053, 0, inf, "P(unfollow at a seen post) = 1 - exp(-c (annoyance - threshold))", "[calibrated: target annoyance_unfollow_share]"),
      rate("baseline_unfollow_rate", &P::baseline_unfollow_rate, 0.0011, "unfollows for reasons unrelated to the brand's posts", "[calibrated: target followers_lost_per_year]"),
      prob("follow_on_adopt", &P::follow_on_adopt, 0.2, "a new customer starts following the brand", A),
      duration("purchase_delay", &P::purchase_delay, 3, "mean delay from considering to buying", A),
      rate("repurchase_rate", &P::repurchase_rate, 1.0 / 60, "repeat purchases per day while a customer", A),
      duration("experience_delay", &P::experience_delay, 14, "mean delay from a purchase to its use (the experience)", A),
      real("satisfaction_alpha", &P::satisfaction_alpha, "", 8, 0, inf, "quality of a use ~ Beta(alpha, beta) for a working product", A),
      real("satisfaction_beta", &P::satisfaction_beta, "", 2, 0, inf, "quality of a use ~ Beta(alpha, beta) for a working product", A),
      real("failure_alpha", &P::failure_alpha, "", 2, 0, inf, "quality of a use ~ Beta(alpha, beta) when the product fails", A),
      real("failure_beta", &P::failure_beta, "", 5, 0, inf, "quality of a use ~ Beta(alpha, beta) when the product fails", A),
      prob("satisfaction_threshold", &P::satisfaction_threshold, 0.60, "a use rated below is a bad experience; a customer whose satisfaction (the running mean of uses) is below is a detractor", "[calibrated: target positive_negative_ratio]"),
      prob("advocate_prob", &P::advocate_prob, 0.3, "after a use, a satisfied customer talks for the brand (else keeps quiet)", A),
      rate("churn_rate", &P::churn_rate, 0.0005, "base churn hazard of customers", A),
      rate("churn_dissatisfaction", &P::churn_dissatisfaction, 0.003, "extra churn hazard x (1 - satisfaction)", A),
      prob("complaint_propensity", &P::complaint_propensity, 0.027, "a bad experience becomes a public complaint", "[calibrated: target complaints_per_bad_experience]"),
      duration("complaint_delay", &P::complaint_delay, 1, "mean delay from a bad experience to its public complaint", A),
      real("squeaky_wheel", &P::squeaky_wheel, "", 1.5, 0, inf, "complaint propensity x this once a complaint of theirs was answered", "[assumption] (Ma, Sun & Kekre 2015 find answering makes customers complain more; they give no multiplier)"),
      prob("complaint_view_prob", &P::complaint_view_prob, 0.3, "a friend of the poster (or resharer) sees a complaint", A),
      prob("complaint_reshare_prob", &P::complaint_reshare_prob, 0.1, "a viewer reshares a complaint", "[assumption] (higher than a post's share probability: anger spreads, Berger & Milkman 2012; their paper holds no such probability)"),
      prob("complaint_reject_prob", &P::complaint_reject_prob, 0.1, "a non-customer who sees an unanswered complaint becomes a rejecter (x trust in peers)", A),
      real("complaint_trust_loss", &P::complaint_trust_loss, "", 0.05, 0, 1, "brand trust a viewer loses on an unanswered complaint", A),
      duration("reaction_plateau", &P::reaction_plateau, 5.0 / 1440, "human reaction time: flat density up to this delay, then a power law", "[source: Zhao et al. 2015 (SEISMIC): plateau of 5 minutes]", minute),
      real("reaction_theta", &P::reaction_theta, "", 0.242, 0, inf, "power-law exponent of the reaction-time tail", "[source: Zhao et al. 2015 (SEISMIC): theta = 0.242]"),
      prob("answer_success", &P::answer_success, 0.7, "an answer resolves the complaint (the detractor falls quiet; a failure is recovered)", A),
      prob("answer_damping", &P::answer_damping, 0.3, "reshare probability x this once the complaint is answered", A),
      real("answer_trust_gain", &P::answer_trust_gain, "", 0.02, 0, 1, "trust gained by the complainer and by a viewer who sees the answer", A),
      real("recovery_satisfaction_gain", &P::recovery_satisfaction_gain, "", 0.588, 0, 1, "satisfaction gained when an answer resolves a failure (service recovery)", "[calibrated: target service_recovery_paradox]"),
      real("answer_sigma", &P::answer_sigma, "", 1.0, 0, inf, "sigma of the lognormal answer delay", A),
      real("discount_rate", &P::discount_rate, "1/y", 0.1, 0, inf, "discount rate for the NPV of sales", A),
      duration("min_delay", &P::min_delay, minute, "floor of every delay between an event and the events it causes for others (the parallel engine's lookahead)", A),
      flag("single_transition", &P::single_transition, false, "reduction: hearing (a positive tell or external awareness) is adoption; adopters talk until they stop"),
      flag("trust_one", &P::trust_one, false, "reduction: every trust is 1"),
      flag("stifle_on_redundant_tell", &P::stifle_on_redundant_tell, false, "reduction (Maki-Thompson): an advocate who tells someone who already knows falls quiet"),
      choice("market", &P::market, {{"independent", 0}, {"shared", 1}}, "independent: each brand is a market of its own on the same people (a consumer may be a customer of every brand); shared: a consumer is a customer of one brand at a time, and brands win customers from each other", "scenario"),
      prob("loyalty", &P::loyalty, 1, "shared market: a customer about to buy a rival switches with probability 1 - loyalty x satisfaction with the brand they hold (before its first use, 1 - loyalty)", "[assumption] satisfaction is the main driver of staying (the rest of the switching decision is left out)"),
      prob("rival_consideration", &P::rival_consideration, 0.5, "shared market: a customer who leaves a brand considers each rival they know (are aware of), with this probability x trust in the rival", A),
      integer("press_threshold", &P::press_threshold, "views", 1000, at_least(1), "a complaint whose views (the complaint, its reshares and their views) reach this many is a visible story the press may pick up", A),
      prob("press_pickup_prob", &P::press_pickup_prob, 0, "the press picks up a visible story (x answer_damping once the complaint is answered); 0 = no press", "scenario"),
      prob("press_reach", &P::press_reach, 0.1, "share of all consumers a pickup's coverage reaches (each sees the complaint, as if a friend had shared it)", A),
      duration("press_delay", &P::press_delay, 1, "mean delay from a pickup to a reader seeing the story", A),
      real("press_growth", &P::press_growth, "", 10, 1, inf, "a story is weighed for coverage again each time its views grow this many times (a growing story gets more coverage)", A),
      integer("broadcaster_node", &P::broadcaster_node, "", -1, at_least(-1), "a consumer with a broadcast audience (United Breaks Guitars); -1 = none", "scenario"),
      integer("broadcaster_audience", &P::broadcaster_audience, "agents", 0, at_least(0), "consumers who see the broadcaster's complaints directly (at most the number of consumers)", "scenario"),
      integer("broadcaster_brand", &P::broadcaster_brand, "", 0, between(-1, 7), "index of the brand (0-based, in brands order) the broadcaster complains about; -1 = every brand (compare brands' answers in one run)", "scenario"),
      hearsay::duration("broadcaster_complaint_time", &P::broadcaster_complaint_time, -1, at_least(-1), "when the broadcaster complains; -1 = never", "scenario"),
  };
  // clang-format on
  return table;
}

Brand read_brand(const BrandSpec& spec) {
  Brand brand = declared_brand_params().read(spec.params);
  brand.campaign = spec.campaign;
  return brand;
}

const ParamTable<Brand>& declared_brand_params() {
  using B = Brand;
  const char* A = "[assumption]";
  constexpr double minute = 1.0 / 1440;
  // clang-format off
  static const ParamTable<Brand> table{
      rate("pitches_per_day", &B::pitches_per_day, 0.5, "pitch (direct selling) posts per day", A),
      rate("community_posts_per_day", &B::community_posts_per_day, 0.5, "community posts per day", A),
      real("advertising", &B::advertising, "", 1, 0, inf, "multiplier of the ad contact rate (awareness_rate)", A),
      prob("answer_probability", &B::answer_probability, 0.1, "the brand answers a public complaint", "[source: Sprout Social Index Q3 2016: only 1 in 10 messages to brands on social media get a reply]"),
      duration("answer_median_delay", &B::answer_median_delay, 22.0 / 1440, "median delay of an answer (lognormal)", "[source: Twitter / Applied Marketing Science 2016: median first response of airlines about 22 minutes]"),
      prob("initial_followers", &B::initial_followers, 0.1, "share of consumers who follow the brand at the start", A),
      choice("followers_by", &B::followers_by, {{"random", 0}, {"degree", 1}, {"community", 2}}, "how initial followers are picked: random, highest degree, or whole communities", "scenario"),
      prob("failure_probability", &B::failure_probability, 0.02, "a use of the product fails (its quality is drawn from the failure Beta)", "[assumption] (the 2% in Goldenberg et al. 2007's introduction is an anecdote, not an estimate)"),
      real("price", &B::price, "", 1, 0, inf, "revenue per purchase (NPV units)", A),
      integer("seed_count", &B::seed_count, "agents", 0, at_least(0), "consumers the brand seeds with its product at time 0 (at most the number of consumers)", "scenario"),
      choice("seed_strategy", &B::seed_strategy, {{"random", 0}, {"top_degree", 1}, {"one_per_community", 2}}, "how seeded consumers are picked", "scenario"),
      integer("seed_posts", &B::seed_posts, "posts", 0, at_least(0), "sponsored posts each seeded consumer makes (paid influencers): their friends see each with share_view_prob and judge it like a friend's community post, discounted by persuasion knowledge (it is an ad); 0 = organic seeding (the seeds get the product, nothing more)", "scenario"),
      duration("seed_post_days", &B::seed_post_days, 30, "the sponsored posts go out at uniform times over the first this many days", A, minute),
      real("cost_per_pitch", &B::cost_per_pitch, "price units", 0.5, 0, inf, "cost of making and posting a pitch post", "[assumption] (price units: a purchase brings `price`)"),
      real("cost_per_community_post", &B::cost_per_community_post, "price units", 0.5, 0, inf, "cost of making and posting a community post", "[assumption] as cost_per_pitch: a post costs the same whatever its content"),
      real("cost_per_answer", &B::cost_per_answer, "price units", 0.05, 0, inf, "cost of answering a public complaint (not capped by the budget: answers are customer care, not campaign)", A),
      real("advertising_cost_per_day", &B::advertising_cost_per_day, "price units/d", 2, 0, inf, "advertising's cost per day per unit of `advertising`", A),
      real("cost_per_seed", &B::cost_per_seed, "price units", 1, 0, inf, "cost of a seeded consumer (the product given, and the fee of a paid influencer)", A),
      real("margin", &B::margin, "fraction", 0.3, 0, 1, "share of the price that is profit (profit = margin x NPV of sales - NPV of costs)", A),
      optional_real("budget", &B::budget, "price units", at_least(0), inf, "cap on the campaign's spending over the run, spent in time order: seeds at time 0, then each day's advertising (paid as the day starts) and posts as they go out, until it is gone; absent = no cap", "scenario"),
      optional_real("budget_per_day", &B::budget_per_day, "price units/d", at_least(0), inf, "cap on the campaign's spending in each day [d, d + 1) (the seeds count on day 0); absent = no cap", "scenario"),
  };
  // clang-format on
  return table;
}

std::vector<StylePreset> style_presets() {
  // Styles, not effort: both post 2.25 times a day and differ in the mix of posts and in how
  // they listen. The numbers define the styles (scenario choices), except the soft style's
  // answer delay: the 22-minute median first response Twitter / Applied Marketing Science
  // (2016) found for airlines.
  // clang-format off
  return {
      {"hard_sell", "pitches (8 posts in 9 are pitches), answers a tenth of complaints after a day",
       {{"pitches_per_day", 2}, {"community_posts_per_day", 0.25}, {"answer_probability", 0.1},
        {"answer_median_delay", 1.0}}},
      {"soft_sell", "posts for the community (8 posts in 9), answers 90% of complaints within about 22 minutes",
       {{"pitches_per_day", 0.25}, {"community_posts_per_day", 2}, {"answer_probability", 0.9},
        {"answer_median_delay", 22.0 / 1440}}},
  };
  // clang-format on
}

std::vector<MetricSpec> series_metrics() {
  // clang-format off
  return {
      per_brand("aware", "agents", "consumers who know the brand (any stage but unaware)"),
      per_brand("considering", "agents", "consumers considering a purchase"),
      per_brand("adopters", "agents", "current customers (adopted, not churned)"),
      per_brand("cumulative_sales", "purchases", "purchases so far, repeat purchases included"),
      per_brand("customers_won", "agents", "first purchases so far (customers won, churned ones included)"),
      per_brand("won_by_wom", "agents", "customers won so far whom a friend won (a tell or a friend's share of a brand post)"),
      per_brand("advocates", "agents", "adopters currently talking positively"),
      per_brand("detractors", "agents", "adopters currently talking negatively"),
      per_brand("rejecters", "agents", "consumers who heard bad news before adopting and resist"),
      per_brand("churned", "agents", "former customers"),
      per_brand("followers", "agents", "consumers following the brand"),
      per_brand("positive_tells", "tells", "positive tells so far"),
      per_brand("negative_tells", "tells", "negative tells so far"),
      per_brand("complaints", "complaints", "public complaints so far"),
      per_brand("answers", "answers", "complaints the brand answered so far"),
      per_brand("unfollows", "agents", "unfollows so far"),
      per_brand("pitch_posts", "posts", "pitch posts so far"),
      per_brand("community_posts", "posts", "community posts so far"),
      per_brand("shares", "shares", "brand posts shared by viewers so far"),
      per_brand("mean_trust", "trust", "mean trust in the brand over all consumers"),
      per_brand("mean_annoyance", "annoyance", "mean annoyance with the brand over all consumers"),
      per_brand("net_sentiment", "fraction", "(advocates - detractors) / adopters"),
      per_brand("market_share", "fraction", "the brand's share of all brands' current customers"),
      // In SegmentSeries order; only with `segments:`.
      per_segment("aware_by_segment", "agents", "the segment's consumers who know the brand"),
      per_segment("adopters_by_segment", "agents", "the segment's current customers of the brand"),
      per_segment("sales_by_segment", "purchases", "purchases by the segment's consumers so far"),
      per_segment("won_by_segment", "agents", "the segment's consumers who became customers"),
      per_segment("won_by_wom_by_segment", "agents",
                  "the segment's customers won by a friend's tell or share"),
      per_segment("complaints_by_segment", "complaints",
                  "public complaints by the segment's consumers so far"),
      per_segment("churned_by_segment", "agents", "the segment's consumers who left the brand"),
  };
  // clang-format on
}

std::vector<MetricSpec> summary_metrics() {
  // clang-format off
  return {
      per_brand("final_sales", "purchases", "purchases by the end"),
      per_brand("npv_sales", "price units", "sales discounted at discount_rate (Goldenberg et al. 2007)"),
      per_brand("peak_complaint_cascade", "views", "largest complaint cascade (views of one complaint and its reshares)"),
      per_brand("time_to_half_sales", "d", "time at which half of the final sales were reached"),
      per_brand("share_of_voice", "fraction", "the brand's share of all tells, shares and complaint views"),
      per_brand("followers_kept", "fraction", "followers at the end / followers at the start"),
      per_brand("detractors", "agents", "detractors at the end"),
      per_brand("rejecters", "agents", "rejecters at the end"),
      per_brand("unfollows", "agents", "unfollows in the run"),
      per_brand("complaints", "complaints", "public complaints in the run"),
      per_brand("complaint_views", "views", "views of complaints and their reshares"),
      per_brand("pitch_share_rate", "shares/view", "shares per seen pitch"),
      per_brand("community_share_rate", "shares/view", "shares per seen community post"),
      per_brand("positive_negative_ratio", "ratio", "positive tells / negative tells (East et al. 2007: about 3)"),
      per_brand("wom_share", "fraction", "share of the customers won by persuasion whom a friend won (a tell or a friend's share of a brand post)"),
      per_brand("complaints_per_customer", "complaints/customer", "public complaints per customer won"),
      per_brand("detractor_share", "fraction", "detractors at the end / customers at the end"),
      per_brand("complaints_per_bad_experience", "complaints/use", "public complaints per use rated below satisfaction_threshold"),
      per_brand("annoyance_unfollow_share", "fraction", "share of unfollows that annoyance caused (the rest: reasons unrelated to the brand)"),
      per_brand("online_wom_share", "fraction", "share of consumers' messages about the brand posted online (shares, complaints, reshares) rather than told face to face"),
      per_brand("won_by_tell", "agents", "customers won by a friend's tell"),
      per_brand("won_by_share", "agents", "customers won by a friend's share of a brand post"),
      per_brand("won_by_ad", "agents", "customers won by advertising"),
      per_brand("won_by_pitch", "agents", "customers won by a pitch post"),
      per_brand("won_by_community", "agents", "customers won by a community post"),
      per_brand("won_by_seed", "agents", "customers given the product at the start (seed_count)"),
      per_brand("cost", "price units", "everything the brand spent (seeds, advertising, posts, answers), discounted at discount_rate"),
      per_brand("spend", "price units", "everything the brand spent, not discounted"),
      per_brand("profit", "price units", "margin x npv_sales - cost"),
      per_brand("roi", "ratio", "profit / cost (return on what was spent)"),
      per_brand("budget_left", "price units", "budget - the campaign's spending (seeds, advertising, posts); NaN without a budget"),
      per_brand("switches_in", "agents", "customers won who were last a customer of a rival (shared market)"),
      per_brand("switches_out", "agents", "customers lost to a rival (shared market)"),
      per_brand("won_at_rival_churn", "agents", "customers won when, leaving a rival, they turned to this brand they knew (shared market)"),
      per_brand("won_by_influencer", "agents", "customers won by a paid seed's sponsored post"),
      per_brand("press_pickups", "stories", "times the press picked up a complaint about the brand"),
  };
  // clang-format on
}

std::vector<std::string> segment_params() {
  // What a consumer brings to each of their events: traits drawn at the start, and the
  // probabilities, rates and delays of their own decisions. Not: what a brand or a post decides
  // for all who see it (reach, view delays, share views), the press, the clock (half-lives,
  // min_delay, discounting), the reductions and the market.
  return {"trust_peer_mean",
          "trust_strong_mean",
          "trust_brand_mean",
          "trust_concentration",
          "pk_alpha",
          "pk_beta",
          "innovativeness_shape",
          "weary_share",
          "awareness_rate",
          "ad_conversion",
          "tell_rate",
          "negativity_multiplier",
          "stop_talking_rate",
          "adopt_prob_strong",
          "adopt_prob_weak",
          "reject_prob",
          "satisfaction_gain_positive",
          "satisfaction_loss_negative",
          "attention_sensitivity",
          "weary_sensitivity",
          "pitch_conversion",
          "community_conversion",
          "pk_discount",
          "pitch_annoyance",
          "community_annoyance",
          "pitch_trust_loss",
          "community_trust_gain",
          "pitch_share_prob",
          "community_share_prob",
          "wear_peak",
          "unfollow_threshold",
          "unfollow_coefficient",
          "baseline_unfollow_rate",
          "follow_on_adopt",
          "purchase_delay",
          "repurchase_rate",
          "experience_delay",
          "satisfaction_alpha",
          "satisfaction_beta",
          "failure_alpha",
          "failure_beta",
          "satisfaction_threshold",
          "advocate_prob",
          "churn_rate",
          "churn_dissatisfaction",
          "complaint_propensity",
          "complaint_delay",
          "squeaky_wheel",
          "complaint_reshare_prob",
          "complaint_reject_prob",
          "complaint_trust_loss",
          "answer_trust_gain",
          "answer_success",
          "recovery_satisfaction_gain",
          "loyalty",
          "rival_consideration"};
}

}  // namespace hearsay::models::wom
