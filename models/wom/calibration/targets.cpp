// The target table and how each figure is measured in the reference markets.
#include "models/wom/calibration/targets.hpp"

#include <fmt/format.h>

#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <stdexcept>

#include "models/wom/calibration/bass_fit.hpp"

namespace hearsay::models::wom::calibration {

const MarketRuns& Evaluation::typical() {
  if (!typical_) typical_ = typical_market(setting_, effort_);
  return *typical_;
}

const MarketRuns& Evaluation::new_product() {
  if (!new_product_) new_product_ = new_product_market(setting_, effort_);
  return *new_product_;
}

namespace {

/// Mean and standard error of per-run values (NaN runs left out).
Measurement mean_of(const std::vector<double>& values) {
  double sum = 0, n = 0;
  for (double x : values)
    if (std::isfinite(x)) sum += x, ++n;
  Measurement m;
  if (n == 0) return m;
  m.value = sum / n;
  double ss = 0;
  for (double x : values)
    if (std::isfinite(x)) ss += (x - m.value) * (x - m.value);
  m.se = n > 1 ? std::sqrt(ss / (n - 1) / n) : 0.0;
  return m;
}

template <class F>
std::vector<double> per_run(const MarketRuns& market, F&& figure) {
  std::vector<double> values;
  for (std::size_t r = 0; r < market.runs.size(); ++r) values.push_back(figure(r));
  return values;
}

Measurement wom_share_of_customers(Evaluation& e) {
  const MarketRuns& m = e.typical();
  Measurement out = mean_of(per_run(m, [&](std::size_t r) { return m.summary(wom_share, r); }));
  out.detail = fmt::format("{:.0f} of {:.0f} customers won in a year (all runs) by a friend",
                           m.total_last(won_by_wom), m.total_last(customers_won));
  return out;
}

Measurement positive_negative(Evaluation& e) {
  const MarketRuns& m = e.typical();
  Measurement out = mean_of(per_run(
      m, [&](std::size_t r) { return m.last(positive_tells, r) / m.last(negative_tells, r); }));
  out.value = m.total_last(positive_tells) / m.total_last(negative_tells);
  out.detail = fmt::format("{:.0f} positive and {:.0f} negative tells (all runs)",
                           m.total_last(positive_tells), m.total_last(negative_tells));
  return out;
}

Measurement bass_ratio(Evaluation& e) {
  const MarketRuns& m = e.new_product();
  const std::vector<double>& t = m.grid.times;
  std::vector<double> mean(t.size(), 0.0);
  std::vector<double> ratios;
  for (std::size_t r = 0; r < m.runs.size(); ++r) {
    std::vector<double> y(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
      y[k] = m.series(customers_won, r, k);
      mean[k] += y[k] / static_cast<double>(m.runs.size());
    }
    const BassFit one = fit_bass(t, y);
    ratios.push_back(one.p > 0 ? one.q / one.p : std::nan(""));
  }
  Measurement out = mean_of(ratios);
  const BassFit fit = fit_bass(t, mean);
  out.value = fit.q / fit.p;
  out.detail = fmt::format(
      "Bass fit of the mean curve: p = {:.3f}/y, q = {:.3f}/y, m = {:.0f} of {:.0f} consumers, "
      "peak of adoptions at {:.1f} y (horizon {:.0f} y), {:.0f} customers won",
      fit.p * 365, fit.q * 365, fit.m, market_consumers, fit.peak_time() / 365, t.back() / 365,
      mean.back());
  return out;
}

Measurement online_share(Evaluation& e) {
  const MarketRuns& m = e.typical();
  Measurement out =
      mean_of(per_run(m, [&](std::size_t r) { return m.summary(online_wom_share, r); }));
  out.detail = fmt::format("{:.0f} shares and {:.0f} complaints against {:.0f} tells (all runs)",
                           m.total_last(shares), m.total_last(complaints),
                           m.total_last(positive_tells) + m.total_last(negative_tells));
  return out;
}

Measurement complaint_rate(Evaluation& e) {
  const MarketRuns& m = e.typical();
  double complaints_made = 0, bad = 0;
  for (std::size_t r = 0; r < m.runs.size(); ++r) {
    const double c = m.summary(total_complaints, r),
                 per = m.summary(complaints_per_bad_experience, r);
    complaints_made += c;
    if (per > 0) bad += c / per;
  }
  Measurement out = mean_of(
      per_run(m, [&](std::size_t r) { return m.summary(complaints_per_bad_experience, r); }));
  out.value = bad > 0 ? complaints_made / bad : std::nan("");
  out.detail =
      fmt::format("{:.0f} complaints after about {:.0f} bad uses (all runs)", complaints_made, bad);
  return out;
}

Measurement annoyance_unfollows(Evaluation& e) {
  const MarketRuns& m = e.typical();
  Measurement out =
      mean_of(per_run(m, [&](std::size_t r) { return m.summary(annoyance_unfollow_share, r); }));
  out.detail = fmt::format("{:.0f} unfollows (all runs)", m.total(total_unfollows));
  return out;
}

Measurement followers_lost(Evaluation& e) {
  const MarketRuns& m = e.typical();
  // Everyone who followed at some time in the year: the followers at the end and those who left.
  Measurement out = mean_of(per_run(m, [&](std::size_t r) {
    const double gone = m.summary(total_unfollows, r);
    return gone / (m.last(followers, r) + gone);
  }));
  out.detail = fmt::format("{:.0f} followers at the start of each run", m.series(followers, 0, 0));
  return out;
}

Measurement shares_per_follower_post(Evaluation& e) {
  const MarketRuns& m = e.typical();
  Measurement out = mean_of(per_run(m, [&](std::size_t r) {
    double exposure = 0;  // sum over posts of the followers at the time
    for (std::size_t k = 1; k < m.grid.times.size(); ++k) {
      const double posts = m.series(pitch_posts, r, k) + m.series(community_posts, r, k) -
                           m.series(pitch_posts, r, k - 1) - m.series(community_posts, r, k - 1);
      exposure += posts * m.series(followers, r, k - 1);
    }
    return exposure > 0 ? m.last(shares, r) / exposure : std::nan("");
  }));
  out.detail = fmt::format("{:.0f} shares of {:.0f} posts (all runs)", m.total_last(shares),
                           m.total_last(pitch_posts) + m.total_last(community_posts));
  return out;
}

/// The share of consumers whose trust exceeds 1/2, exactly: P(X > 1/2) for X ~ Beta(mean c,
/// (1 - mean) c), the mean read from `mean_key` and c from trust_concentration, scaled by
/// `factor` and capped at 1.
Measurement share_trusting(Evaluation& e, const char* mean_key, double factor, const char* what) {
  const ParamValues& p = e.setting().model;
  const double mean = p.real(mean_key);
  const double concentration = p.real("trust_concentration");
  const double cut = 0.5 / factor;
  if (cut >= 1) return {0, 0, what};
  return {boost::math::ibetac(mean * concentration, (1 - mean) * concentration, cut), 0, what};
}

Measurement trust_consumers(Evaluation& e) {
  return share_trusting(e, "trust_peer_mean", 1.0,
                        "share of consumers whose trust in peers exceeds 1/2 (exact)");
}

Measurement trust_known(Evaluation& e) {
  const ParamValues& p = e.setting().model;
  return share_trusting(e, "trust_peer_mean",
                        p.real("trust_strong_mean") / p.real("trust_peer_mean"),
                        "share of consumers whose trust in strong ties exceeds 1/2 (exact)");
}

Measurement trust_brands(Evaluation& e) {
  return share_trusting(e, "trust_brand_mean", 1.0,
                        "share of consumers whose initial trust in a brand exceeds 1/2 (exact)");
}

Measurement recovery_paradox(Evaluation& e) {
  // E[min(1, F + g)] - E[N] for a first use that failed (F) and was recovered by g, against a
  // first use that worked (N): with c = 1 - g, E[min(1, F + g)] = g I_c(a, b) +
  // a/(a+b) I_c(a+1, b) + 1 - I_c(a, b).
  const ParamValues& p = e.setting().model;
  const double g = p.real("recovery_satisfaction_gain");
  const double a = p.real("failure_alpha"), b = p.real("failure_beta");
  const double working =
      p.real("satisfaction_alpha") / (p.real("satisfaction_alpha") + p.real("satisfaction_beta"));
  double recovered = 1.0;
  if (g < 1) {
    const double c = 1 - g;
    const double below = boost::math::ibeta(a, b, c);
    recovered = g * below + a / (a + b) * boost::math::ibeta(a + 1, b, c) + (1 - below);
  }
  return {recovered - working, 0,
          fmt::format("expected first-use satisfaction {:.3f} after a recovered failure, {:.3f} "
                      "for a working product (exact)",
                      recovered, working)};
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> table = {
      {"trust_in_consumers",
       "share of consumers who trust recommendations from peers (peer trust above 1/2)",
       "Nielsen Global Online Consumer Survey, April 2007 (press release, October 2007): 78% of "
       "internet users trust recommendations from consumers",
       0.78, 0.77, 0.79, "the survey's figure to +-1 point (computed exactly, no noise)",
       "model.trust_peer_mean", &trust_consumers},
      {"trust_in_people_known",
       "share of consumers who trust people they know (trust in strong ties above 1/2)",
       "Nielsen Global Online Consumer Survey, April 2009 (press release): 90% trust "
       "recommendations from people they know",
       0.90, 0.89, 0.91, "the survey's figure to +-1 point (exact)", "model.trust_strong_mean",
       &trust_known},
      {"trust_in_brands",
       "share of consumers who trust a brand at first (initial brand trust above 1/2)",
       "Nielsen Global Online Consumer Survey, April 2007 (press release): 60% trust brand "
       "websites",
       0.60, 0.59, 0.61, "the survey's figure to +-1 point (exact)", "model.trust_brand_mean",
       &trust_brands},
      {"service_recovery_paradox",
       "expected satisfaction after a failure an answer resolved, minus that of a working "
       "product (first use)",
       "de Matos, Henrique & Rossi 2007, J. Service Research (meta-analysis, abstract): the "
       "recovery paradox's cumulative effect on satisfaction is significant and positive (not on "
       "repurchase or word of mouth); Maxham & Netemeyer 2002: after one failure, not two",
       0.05, 0.0, 0.10,
       "a small positive effect: the source gives its sign (effect sizes not read), the band "
       "is a judgment",
       "model.recovery_satisfaction_gain", &recovery_paradox},
      {"positive_negative_ratio", "positive tells / negative tells, typical market, first year",
       "East, Hammond & Wright 2007, IJRM 24(2) (abstract): in 15 studies positive word of "
       "mouth is more common than negative in every case; the incidence ratio averages 3 to 1",
       3.0, 2.0, 4.0, "judgment: the source gives the average, not its spread",
       "model.satisfaction_threshold", &positive_negative},
      {"complaints_per_bad_experience",
       "public complaints per bad use (quality below satisfaction_threshold), typical market",
       "Goodman & Newman 2003, Quality Progress: for small problems only 3% of consumers "
       "complained; TARP (Goodman): 1-5% of those with a problem escalate beyond the front line "
       "(read in notes on Goodman)",
       0.03, 0.01, 0.05, "TARP's 1-5% escalation range", "model.complaint_propensity",
       &complaint_rate},
      {"shares_per_follower_post", "shares of brand posts per follower per post, typical market",
       "Rival IQ 2019 Social Media Industry Benchmark (read in secondary summaries): median "
       "Facebook engagement (likes, comments and shares) 0.09% of followers per post",
       0.0003, 0.0001, 0.0009,
       "shares are a part of engagement: at most 0.09%, at least a ninth of it (judgment)",
       "model.community_share_prob", &shares_per_follower_post},
      {"annoyance_unfollow_share",
       "share of the typical brand's unfollows that annoyance with its posts caused",
       "ExactTarget 2011, 'The Social Break-Up' (press release): 44% of those who unliked a "
       "brand on Facebook say it posted too frequently; Sprout Social Index Q3 2016: 46% "
       "unfollow brands for too many promotional messages",
       0.45, 0.35, 0.55, "judgment: respondents could name several reasons",
       "model.unfollow_coefficient", &annoyance_unfollows},
      {"followers_lost_per_year",
       "share of the typical brand's followers (at the start or since) who unfollow within a "
       "year",
       "ExactTarget 2011, 'The Social Break-Up': 55% of Facebook users have unliked a brand "
       "they liked, 41% of Twitter followers have unfollowed one",
       0.48, 0.30, 0.60,
       "judgment: the surveys ask about 'ever', the one-year window is an assumption",
       "model.baseline_unfollow_rate", &followers_lost},
      {"bass_q_over_p",
       "q/p of a Bass fit to the customers won by a new product with little advertising "
       "(advertising .1, no brand posts), ten years",
       "Sultan, Farley & Lehmann 1990, JMR 27(1) (meta-analysis; read in secondary sources): "
       "mean p = .03 and q = .38 per year, q/p = 12.7",
       12.7, 4.0, 40.0,
       "judgment: a factor of about 3 either way (q/p is heavy-tailed across products in Van "
       "den Bulte's compilation)",
       "", &bass_ratio},
      {"wom_share",
       "share of the customers a typical brand wins in its first year whom a friend won (a "
       "tell, or a friend's share of a brand post)",
       "Bughin, Doogan & Vetvik 2010, McKinsey Quarterly, 'A new way to measure word-of-mouth "
       "marketing' (2nd paragraph): word of mouth is the primary factor behind 20 to 50 percent "
       "of all purchasing decisions",
       0.35, 0.20, 0.50, "the published range", "model.adopt_prob_strong", &wom_share_of_customers},
      {"online_wom_share",
       "share of consumers' messages about the brand posted online (shares, complaints, "
       "reshares) rather than told face to face, typical market",
       "Keller & Fay 2012, The Face-to-Face Book (summary slides): over 90% of conversations "
       "about brands take place offline, less than 8% online",
       0.08, 0.0, 0.08, "the published bound", "", &online_share},
  };
  return table;
}

const Target& target(const std::string& id) {
  for (const Target& t : targets())
    if (t.id == id) return t;
  throw std::invalid_argument("no calibration target " + id);
}

}  // namespace hearsay::models::wom::calibration
