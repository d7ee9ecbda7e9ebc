// The wom model's declarations: every parameter once (unit, default, range, meaning, source),
// the brand parameters and style presets, and the output metrics.
#include <cmath>
#include <limits>

#include "models/wom/wom.hpp"

namespace hearsay::models::wom {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

ParamSpec real(const char* name, const char* unit, double value, double lo, double hi,
               const char* help, const char* source) {
  return {.name = name, .kind = ParamKind::real, .unit = unit, .help = help,
          .default_value = value, .min = lo, .max = hi, .source = source};
}
ParamSpec rate(const char* name, double value, const char* help, const char* source) {
  return real(name, "1/d", value, 0, inf, help, source);
}
ParamSpec prob(const char* name, double value, const char* help, const char* source) {
  return real(name, "probability", value, 0, 1, help, source);
}
ParamSpec duration(const char* name, double value, const char* help, const char* source) {
  ParamSpec s = real(name, "d", value, 0, inf, help, source);
  s.kind = ParamKind::duration;
  return s;
}
ParamSpec flag(const char* name, bool value, const char* help) {
  return {.name = name, .kind = ParamKind::boolean, .help = help,
          .default_value = value ? 1.0 : 0.0, .source = "switch"};
}

}  // namespace

std::vector<ParamSpec> consumer_params() {
  const char* A = "assumption";
  return {
      rate("awareness_rate", 0.005, "external awareness (advertising, the Bass p) per consumer and brand, x innovativeness x the brand's advertising", "Bass 1969; MODEL.md"),
      real("ad_conversion", "probability", 0.05, 0, 1, "an advertising contact moves an aware consumer to considering (x trust in the brand)", A),
      real("innovativeness_shape", "", 2, 0, inf, "shape k of the Gamma(k, 1/k) innovativeness (mean 1); 0 = everyone 1", A),
      rate("tell_rate", 0.1, "tells per tie per day while an advocate (x tie weight)", "MODEL.md"),
      real("strong_weight", "", 1.0, 0, inf, "weight of a strong tie", "Goldenberg, Libai & Muller 2001"),
      real("weak_weight", "", 0.3, 0, inf, "weight of a weak tie", "Goldenberg, Libai & Muller 2001"),
      prob("adopt_prob_strong", 0.04, "a positive tell over a strong tie makes the listener consider buying (x trust in peers)", "Goldenberg, Libai & Muller 2001 (beta strong)"),
      prob("adopt_prob_weak", 0.01, "the same over a weak tie", "Goldenberg, Libai & Muller 2001 (beta weak)"),
      real("negativity_multiplier", "", 2, 0, inf, "detractors tell this many times as often as advocates (mu_neg; sweep 1..5)", "Goldenberg et al. 2007"),
      prob("reject_prob", 0.25, "a negative tell turns a non-adopter into a rejecter (x trust in peers)", A),
      rate("stop_talking_rate", 1.0 / 7, "advocates and detractors fall quiet at this rate", "MODEL.md"),
      real("satisfaction_gain_positive", "", 0.01, 0, 1, "satisfaction an adopter gains on hearing praise", A),
      real("satisfaction_loss_negative", "", 0.05, 0, 1, "satisfaction an adopter loses on hearing a complaint", A),
      prob("trust_peer_mean", 0.78, "mean trust in recommendations from peers (weak ties)", "Nielsen 2007/2009: 78%"),
      prob("trust_strong_mean", 0.90, "mean trust in people one knows (strong ties)", "Nielsen 2009: 90%"),
      prob("trust_brand_mean", 0.60, "mean initial trust in a brand", "MODEL.md"),
      real("trust_concentration", "", 10, 0, inf, "concentration c of the Beta(m c, (1-m) c) trust draws", A),
      real("pk_alpha", "", 2, 0, inf, "persuasion knowledge kappa ~ Beta(alpha, beta)", "Friestad & Wright 1994"),
      real("pk_beta", "", 2, 0, inf, "persuasion knowledge kappa ~ Beta(alpha, beta)", "Friestad & Wright 1994"),
      flag("annoyance", true, "annoyance on (false: posts never annoy, attention is full, no annoyance unfollows)"),
      duration("annoyance_half_life", 7, "half-life of annoyance", "Kronrod & Huber 2019 (faster than memory); value assumption"),
      duration("memory_half_life", 90, "half-life of brand memory", A),
      prob("weary_share", 0.24, "share of consumers of the weary type", "Chae, Bruno & Feinberg 2019: 24%"),
      real("weary_sensitivity", "", 3, 0, inf, "annoyance multiplier of the weary type", "MODEL.md"),
      real("attention_sensitivity", "", 0.5, 0, inf, "attention to a post is 1 / (1 + s x annoyance)", A),
      prob("pitch_reach", 0.1, "share of followers a pitch post reaches", A),
      prob("pitch_conversion", 0.02, "a seen pitch moves an aware consumer to considering (x g(k) x (1 - pk_discount kappa) x trust)", "Lee, Hosanagar & Nair 2018 (small); value assumption"),
      prob("pk_discount", 1, "how much persuasion knowledge discounts a pitch", "Friestad & Wright 1994"),
      real("pitch_annoyance", "", 1, 0, inf, "annoyance added by a seen pitch", "MODEL.md"),
      real("pitch_trust_loss", "", 0.005, 0, 1, "brand trust lost per seen pitch", A),
      prob("pitch_share_prob", 0.005, "a viewer shares a pitch with friends", "Lee, Hosanagar & Nair 2018 (pitches lower engagement); value assumption"),
      prob("community_reach", 0.1, "share of followers a community post reaches", A),
      prob("community_conversion", 0.01, "a seen community post moves an aware consumer to considering (x trust)", A),
      real("community_trust_gain", "", 0.01, 0, 1, "brand trust gained per seen community post", A),
      real("community_annoyance", "", 0.2, 0, inf, "annoyance added by a seen community post", "MODEL.md"),
      prob("community_share_prob", 0.05, "a viewer shares a community post with friends (10x a pitch)", "Lee, Hosanagar & Nair 2018; value assumption"),
      prob("share_view_prob", 0.3, "a friend of a sharer sees the share (earned reach, judged with peer trust)", A),
      real("memory_boost", "", 0.5, 0, inf, "conversion x (1 + boost M/(1+M)) with brand memory M", A),
      duration("view_delay", 0.25, "mean delay before a follower sees a brand post", A),
      real("unfollow_threshold", "", 2, 0, inf, "annoyance above which exposures may trigger an unfollow", "calibrated: hard sell loses 40-50% of followers a year, soft sell 10-15% (ExactTarget 2011; Sprout Social 2016)"),
      real("unfollow_coefficient", "", 0.0042, 0, inf, "P(unfollow at an exposure) = 1 - exp(-c (annoyance - threshold))", "calibrated as above"),
      rate("baseline_unfollow_rate", 0.00035, "unfollows for reasons unrelated to the brand", "calibrated as above"),
      prob("follow_on_adopt", 0.2, "a new adopter starts following the brand", A),
      duration("purchase_delay", 3, "mean delay from considering to buying", A),
      rate("repurchase_rate", 1.0 / 60, "repeat purchases per day while an adopter", A),
      duration("experience_delay", 14, "mean delay from purchase to the first-use experience", "MODEL.md: ~14 d"),
      real("satisfaction_alpha", "", 8, 0, inf, "satisfaction ~ Beta(alpha, beta) for a working product", "MODEL.md: Beta(8,2)"),
      real("satisfaction_beta", "", 2, 0, inf, "satisfaction ~ Beta(alpha, beta) for a working product", "MODEL.md: Beta(8,2)"),
      real("failure_alpha", "", 2, 0, inf, "satisfaction ~ Beta(alpha, beta) after a product failure", "MODEL.md: Beta(2,5)"),
      real("failure_beta", "", 5, 0, inf, "satisfaction ~ Beta(alpha, beta) after a product failure", "MODEL.md: Beta(2,5)"),
      prob("satisfaction_threshold", 0.53, "below this satisfaction an adopter is dissatisfied (a detractor)", "calibrated: about 3 positive tells per negative one (East, Hammond & Wright 2007)"),
      prob("advocate_prob", 0.3, "a satisfied adopter becomes an advocate (else quiet)", "MODEL.md"),
      rate("churn_rate", 0.001, "base churn hazard of adopters", A),
      rate("churn_dissatisfaction", 0.02, "extra churn hazard x (1 - satisfaction)", A),
      prob("complaint_propensity", 0.10, "a detractor complains in public", "MODEL.md"),
      real("squeaky_wheel", "", 1.5, 0, inf, "complaint propensity multiplier after a complaint was answered", "Ma, Sun & Kekre 2015"),
      prob("complaint_view_prob", 0.3, "a friend of the poster (or resharer) sees a complaint", A),
      prob("complaint_reshare_prob", 0.1, "a viewer reshares a complaint (higher than praise: anger spreads)", "Berger & Milkman 2012; value assumption"),
      prob("complaint_reject_prob", 0.1, "a non-adopter who sees a complaint becomes a rejecter (x trust in peers)", A),
      real("complaint_trust_loss", "", 0.05, 0, 1, "brand trust a viewer loses on an unanswered complaint", A),
      duration("reaction_plateau", 5.0 / 1440, "human reaction time: flat density up to this delay, then a power law", "Zhao et al. 2015 (SEISMIC): 5 min"),
      real("reaction_theta", "", 0.242, 0, inf, "power-law exponent of the reaction-time tail", "Zhao et al. 2015 (SEISMIC)"),
      prob("answer_success", 0.7, "an answer resolves the complaint (the detractor falls quiet)", "MODEL.md"),
      prob("answer_damping", 0.3, "reshare probability x this once the complaint is answered", "Twitter/AMS 2016; value assumption"),
      real("answer_trust_gain", "", 0.02, 0, 1, "trust gained by a viewer who sees the answer", "Twitter/AMS 2016; value assumption"),
      real("recovery_satisfaction_gain", "", 0.2, 0, 1, "satisfaction gained from a successful answer after a product failure", "de Matos et al. 2007; Maxham & Netemeyer 2002"),
      real("answer_sigma", "", 1.0, 0, inf, "sigma of the lognormal answer delay", A),
      real("discount_rate", "1/y", 0.1, 0, inf, "discount rate for the NPV of sales", "Goldenberg et al. 2007"),
      duration("min_delay", 1.0 / 1440, "floor of every delay between an event and the events it causes", "engine: a positive minimum delay"),
      flag("single_transition", false, "reduction: hearing (a positive tell or external awareness) is adoption; adopters talk until they stop"),
      flag("trust_one", false, "reduction: every trust is 1"),
      flag("stifle_on_redundant_tell", false, "reduction (Maki-Thompson): an advocate who tells someone who already knows falls quiet"),
      {.name = "broadcaster_node", .kind = ParamKind::integer, .help = "a consumer with a broadcast audience (United Breaks Guitars); -1 = none", .default_value = -1, .min = -1, .source = "scenario"},
      {.name = "broadcaster_audience", .kind = ParamKind::integer, .unit = "agents", .help = "consumers who see the broadcaster's complaint directly", .default_value = 0, .min = 0, .source = "scenario"},
      {.name = "broadcaster_brand", .kind = ParamKind::integer, .help = "index of the brand (0-based, in brands order) the broadcaster complains about; -1 = every brand (compare brands' answers in one run)", .default_value = 0, .min = -1, .max = 7, .source = "scenario"},
      {.name = "broadcaster_complaint_time", .kind = ParamKind::duration, .unit = "d", .help = "when the broadcaster complains; -1 = never", .default_value = -1, .min = -1, .source = "scenario"},
  };
}

std::vector<ParamSpec> brand_params() {
  const char* A = "assumption";
  return {
      rate("pitches_per_day", 1, "pitch (direct selling) posts per day", "MODEL.md: hard ~4, soft ~.2"),
      rate("community_posts_per_day", 1, "community posts per day", "MODEL.md: hard .5, soft 1"),
      real("advertising", "", 1, 0, inf, "multiplier of the external awareness rate", A),
      prob("answer_probability", 0.5, "the brand answers a public complaint", "Twitter/AMS 2016; MODEL.md: soft .9, hard .2"),
      duration("answer_median_delay", 1.0 / 24, "median delay of an answer (lognormal)", "MODEL.md: soft 15 min, hard 1 d"),
      prob("initial_followers", 0.1, "share of consumers who follow the brand at the start", A),
      {.name = "followers_by", .kind = ParamKind::choice, .help = "how initial followers are picked: random, highest degree, or whole communities", .default_text = "random", .choices = {"random", "degree", "community"}},
      prob("failure_probability", 0.02, "a product fails at first use (satisfaction redrawn from the failure Beta)", "MODEL.md; Goldenberg et al. 2007 (sweep)"),
      real("price", "", 1, 0, inf, "revenue per purchase (NPV units)", A),
      {.name = "seed_count", .kind = ParamKind::integer, .unit = "agents", .help = "consumers the brand seeds with its product at time 0", .default_value = 0, .min = 0, .source = "scenario"},
      {.name = "seed_strategy", .kind = ParamKind::choice, .help = "how seeded consumers are picked", .default_text = "random", .choices = {"random", "top_degree", "one_per_community"}},
  };
}

std::vector<StylePreset> style_presets() {
  return {
      {"hard_sell", "pitches often, builds little community, rarely and slowly answers complaints",
       {{"pitches_per_day", 4}, {"community_posts_per_day", 0.5}, {"answer_probability", 0.2},
        {"answer_median_delay", 1.0}}},
      {"soft_sell", "pitches rarely, posts for the community, answers complaints within minutes",
       {{"pitches_per_day", 0.2}, {"community_posts_per_day", 1}, {"answer_probability", 0.9},
        {"answer_median_delay", 15.0 / 1440}}},
  };
}

std::vector<MetricSpec> series_metrics() {
  auto m = [](const char* name, const char* unit, const char* description) {
    return MetricSpec{name, unit, description, true};
  };
  return {
      m("aware", "agents", "consumers who know the brand (any stage but unaware)"),
      m("considering", "agents", "consumers considering a purchase"),
      m("adopters", "agents", "current customers (adopted, not churned)"),
      m("cumulative_sales", "purchases", "purchases so far, repeat purchases included"),
      m("advocates", "agents", "adopters currently talking positively"),
      m("detractors", "agents", "adopters currently talking negatively"),
      m("rejecters", "agents", "consumers who heard bad news before adopting and resist"),
      m("churned", "agents", "former customers"),
      m("followers", "agents", "consumers following the brand"),
      m("positive_tells", "tells", "positive tells so far"),
      m("negative_tells", "tells", "negative tells so far"),
      m("complaints", "complaints", "public complaints so far"),
      m("answers", "answers", "complaints the brand answered so far"),
      m("unfollows", "agents", "unfollows so far"),
      m("pitch_posts", "posts", "pitch posts so far"),
      m("community_posts", "posts", "community posts so far"),
      m("shares", "shares", "brand posts shared by viewers so far"),
      m("mean_trust", "trust", "mean trust in the brand over all consumers"),
      m("mean_annoyance", "annoyance", "mean annoyance with the brand over all consumers"),
      m("net_sentiment", "fraction", "(advocates - detractors) / adopters"),
  };
}

std::vector<MetricSpec> summary_metrics() {
  auto m = [](const char* name, const char* unit, const char* description) {
    return MetricSpec{name, unit, description, true};
  };
  return {
      m("final_sales", "purchases", "purchases by the end"),
      m("npv_sales", "price units", "sales discounted at discount_rate (Goldenberg et al. 2007)"),
      m("peak_complaint_cascade", "views", "largest complaint cascade (views of one complaint and its reshares)"),
      m("time_to_half_sales", "d", "time at which half of the final sales were reached"),
      m("share_of_voice", "fraction", "the brand's share of all tells, shares and complaint views"),
      m("followers_kept", "fraction", "followers at the end / followers at the start"),
      m("detractors", "agents", "detractors at the end"),
      m("rejecters", "agents", "rejecters at the end"),
      m("unfollows", "agents", "unfollows in the run"),
      m("complaints", "complaints", "public complaints in the run"),
      m("complaint_views", "views", "views of complaints and their reshares"),
      m("pitch_share_rate", "shares/view", "shares per seen pitch"),
      m("community_share_rate", "shares/view", "shares per seen community post"),
      m("positive_negative_ratio", "ratio", "positive tells / negative tells (East et al. 2007: about 3)"),
  };
}

}  // namespace hearsay::models::wom
