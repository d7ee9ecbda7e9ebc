# Validation of `hearsay calibrate`: Bass p and q recovered from data the bass model simulated
# on a complete graph (p = .03, q = .38 per year), over 20 seeded repeats; the same for a pair
# of wom parameters the data identify, and a pair they cannot tell apart (a flat posterior).
#
# Sizes: 500 agents observed yearly for 15 years, 100 particles, 8 generations: 15-20 s per
# repeat on 2 cores: 3.5 to 7 minutes in all on this machine under load averages of 4 to 5
# (2026-12-07).
# Measured then: p covered 19 of 20, mean posterior mean / truth 1.074; q 19 of 20, 1.015.
# What the test asks, and why:
# - coverage: the 90% credible interval holds the truth in at least 17 of the 20 repeats. An
#   exact posterior covers with probability 0.9, and then 17 or more of 20 has probability
#   0.87 (binomial); ABC at a non-zero tolerance widens the posterior, so its coverage is at
#   least nominal and the chance of a false alarm smaller.
#   The seeds are fixed, so the outcome is too.
# - bias: the mean over the repeats of the posterior mean is within 10% of the truth. A
#   repeat's posterior sd of p is about 25% of p here (its information is the ~20 innovators
#   among 500 agents), so the mean of 20 has a standard error of about 6%. p's prior is
#   loguniform (density 1/p, the scale-invariant prior of a rate): with a flat prior the
#   posterior mean of a Poisson-like rate sits above its maximum-likelihood value by about 1/k
#   for k events, and ABC's wider posterior leans further to the prior's centre (a flat prior
#   on [1e-5, 3e-4] gave a mean ratio of 1.14 over the same 20 repeats).
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import hearsay
from calibration_data import series_csv

TRUTH = {"model.p": 0.03 / 365, "model.q": 0.38 / 365}
COMMON = """time: {end: 15y, sample_every: 1y}
network: {generator: complete, nodes: 500, fixed: true}
seeding: {count: 0}
"""
REPEATS = 20


def over_repeats(fit_one):
    """[fit_one(r) for r in range(REPEATS)], as many at a time as there are cores, each
    calibration on one thread (its result does not depend on the thread count): the runs of
    these small calibrations are too short to keep two threads busy."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(fit_one, range(REPEATS)))


def test_bass_p_and_q_are_recovered_with_calibrated_credible_intervals(tmp_path, run_hearsay):
    def fit_one(r):
        truth = tmp_path / f"truth{r}.yaml"
        truth.write_text(f"name: truth\nseed: {100 + r}\n{COMMON}"
                         f"model: {{name: bass, p: {TRUTH['model.p']}, "
                         f"q: {TRUTH['model.q']}}}\n")
        run_hearsay("run", truth, "-o", tmp_path / f"truth{r}.h5", "--quiet")
        data = series_csv(tmp_path / f"truth{r}.h5", tmp_path / f"data{r}.csv", ["adopters"])
        fit = tmp_path / f"fit{r}.yaml"
        fit.write_text(f"name: fit\nseed: {200 + r}\n{COMMON}model: {{name: bass}}\n"
                       "uncertain:\n  model.p: {loguniform: [0.00001, 0.0003]}\n"
                       "  model.q: {uniform: [0.0002, 0.003]}\n"
                       "calibrate: {match: [{metric: adopters}], particles: 100, "
                       "generations: 8}\n")
        out = tmp_path / f"fit{r}.h5"
        run_hearsay("calibrate", fit, "--observed", data, "-o", out, "--quiet", "--threads", "1")
        return hearsay.posterior_summary(out)

    assert_recovered(over_repeats(fit_one), TRUTH)


WOM = """seed: {seed}
time: {{end: 365d, sample_every: 15d}}
network: {{generator: clustered_weak_ties, nodes: 1000, clique_size: 10, weak_ties: 6, fixed: true}}
model: {{name: wom}}
brands:
  - {{name: Brand, style: soft_sell}}
"""


def assert_recovered(summaries, truth):
    """The recovery test: for each key, the 90% credible intervals of the posterior summaries
    hold the true value in at least 17 of 20, and the mean of posterior mean / truth is within
    10% of 1."""
    for key, value in truth.items():
        covered = sum(bool(s.loc[key, "low"] <= value <= s.loc[key, "high"]) for s in summaries)
        ratios = [s.loc[key, "mean"] / value for s in summaries]
        ratio = float(np.mean(ratios))
        print(f"{key}: covered {covered} of {len(summaries)}, mean posterior mean / truth "
              f"{ratio:.3f} (repeats {np.round(ratios, 2).tolist()})")
        assert covered >= 17, (key, covered)
        assert abs(ratio - 1) < 0.10, (key, ratio)


def wom_fit(tmp_path, run_hearsay, name, uncertain, match, truth_seed=11, fit_seed=12,
            particles=200, threads=None):
    """Calibrates `uncertain` on one year of a wom run at the defaults (seed `truth_seed`),
    matching the brand's `match` series; returns (posterior summary, posterior)."""
    truth = tmp_path / f"wom-truth{truth_seed}.yaml"
    if not truth.exists():
        truth.write_text(f"name: wom-truth{truth_seed}\n" + WOM.format(seed=truth_seed))
        run_hearsay("run", truth, "-o", tmp_path / f"wom-truth{truth_seed}.h5", "--quiet")
    data = series_csv(tmp_path / f"wom-truth{truth_seed}.h5", tmp_path / f"{name}.csv", match)
    matches = ", ".join(f"{{metric: {m}, brand: Brand}}" for m in match)
    fit = tmp_path / f"{name}.yaml"
    fit.write_text(f"name: {name}\n" + WOM.format(seed=fit_seed) + "uncertain:\n" +
                   "".join(f"  {k}: {v}\n" for k, v in uncertain.items()) +
                   f"calibrate: {{match: [{matches}], particles: {particles}, generations: 6}}\n")
    out = tmp_path / f"{name}.h5"
    run_hearsay("calibrate", fit, "--observed", data, "-o", out, "--quiet",
                *(["--threads", str(threads)] if threads else []))
    return hearsay.posterior_summary(out), hearsay.posterior(out)


def test_wom_awareness_and_repurchase_rates_are_recovered_with_calibrated_credible_intervals(
        tmp_path, run_hearsay):
    # An awareness tracker (consumers who know the brand) and cumulative sales, a year of 1,000
    # consumers, 20 seeded repeats at the defaults (awareness_rate 0.005/d, repurchase_rate
    # 1/60 per day): the ads' reach shows in awareness, repeat buying in the sales beyond the
    # first purchases. The same two tests as for Bass: the 90% intervals cover in at least 17
    # of 20 (an exact posterior fails that with probability 0.13, a wider ABC one less), and
    # the mean over the repeats of the posterior mean is within 10% of the truth (a repeat's
    # posterior sd is about 20-25% of the value here, so the mean of 20 has a standard error
    # of about 5-6%).
    # Measured 2026-12-07: awareness covered 20 of 20, mean ratio 1.009; repurchase 20 of 20,
    # 0.976; 150 s in all under load. Matched to customers won instead of awareness, the
    # awareness rate came back at a mean ratio of 0.938, its posterior sd 27%: first purchases
    # carry the ads' reach mixed with conversion and word of mouth. With won_by_wom beside
    # them, awareness_rate and adopt_prob_strong were covered 20 of 20 too but came back at
    # 0.885 and 1.18 (sd 28% and 40%): the two channels trade off at this size, so that pair
    # is identified only loosely from a year of 1,000 consumers.
    truth = {"model.awareness_rate": 0.005, "model.repurchase_rate": 1 / 60}

    def fit_one(r):
        return wom_fit(tmp_path, run_hearsay, f"wom-recovery{r}",
                       {"model.awareness_rate": "{loguniform: [0.0005, 0.05]}",
                        "model.repurchase_rate": "{loguniform: [0.002, 0.1]}"},
                       ["aware", "cumulative_sales"], truth_seed=300 + r, fit_seed=400 + r,
                       particles=100, threads=1)[0]

    assert_recovered(over_repeats(fit_one), truth)


def test_wom_strong_tie_trust_is_not_identified_by_sales(tmp_path, run_hearsay):
    # A tell over a strong tie converts with adopt_prob_strong x the listener's trust: sales say
    # little about the two apart. Not identified: trust_strong_mean's posterior keeps at least
    # 80% of its prior sd (uniform [0.2, 1]: 0.8 / sqrt(12) = 0.231); measured 2026-12-07: sd
    # 0.212, 90% interval 0.24 to 0.90, a flat posterior.
    summary, _ = wom_fit(tmp_path, run_hearsay, "wom-flat",
                         {"model.adopt_prob_strong": "{uniform: [0.01, 0.4]}",
                          "model.trust_strong_mean": "{uniform: [0.2, 1]}"},
                         ["customers_won"])
    assert summary.loc["model.trust_strong_mean", "sd"] > 0.8 * 0.8 / np.sqrt(12)
