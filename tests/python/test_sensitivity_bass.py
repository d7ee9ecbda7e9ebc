# End to end: a Sobol' design over the Bass model's p and q on the complete graph, run by the
# CLI, analysed by hearsay.sensitivity, against the indices of the closed-form Bass curve
# (Gauss-Legendre quadrature). The simulated share adopted by year 5 differs from the curve by
# binomial noise of variance F(1-F)/N, a fraction eps of the output's variance over the design:
# each estimate must lie within 3.29 bootstrap standard errors plus eps of the truth.
import numpy as np
from numpy.polynomial.legendre import leggauss

import hearsay

N = 1000
P_RANGE = (0.01, 0.05)   # per year
Q_RANGE = (0.2, 0.6)
YEARS = 5.0

SCENARIO = f"""\
name: bass-sensitivity
seed: 1969
replications: 1
time: {{end: {YEARS}y, sample_every: 1y}}
network: {{generator: complete, nodes: {N}, fixed: true}}
model: {{name: bass}}
seeding: {{count: 0}}
uncertain:
  model.p: {{uniform: [{P_RANGE[0] / 365!r}, {P_RANGE[1] / 365!r}]}}
  model.q: {{uniform: [{Q_RANGE[0] / 365!r}, {Q_RANGE[1] / 365!r}]}}
design: {{method: sobol, samples: 512}}
"""


def closed_form_indices():
    x, w = leggauss(200)
    u, w = (x + 1) / 2, w / 2
    p = P_RANGE[0] + (P_RANGE[1] - P_RANGE[0]) * u
    q = Q_RANGE[0] + (Q_RANGE[1] - Q_RANGE[0]) * u
    P, Q = np.meshgrid(p, q, indexing="ij")
    weights = np.outer(w, w)
    e = np.exp(-(P + Q) * YEARS)
    F = (1 - e) / (1 + (Q / P) * e)
    mean = (weights * F).sum()
    variance = (weights * (F - mean) ** 2).sum()
    over_q = (F * w[None, :]).sum(1)       # E[F | p]
    over_p = (F * w[:, None]).sum(0)       # E[F | q]
    s1 = np.array([(w * (over_q - mean) ** 2).sum(), (w * (over_p - mean) ** 2).sum()]) / variance
    total = 1 - s1[::-1]                   # two inputs: ST_p = 1 - S1_q
    noise = mean * (1 - mean) / N / variance
    return s1, total, noise


def test_bass_sobol_indices_match_the_closed_form(simulate):
    path, _ = simulate("bass-sensitivity", SCENARIO, "--quiet")
    table = hearsay.sensitivity(path, "final_adopters")
    assert list(table.index) == ["model.p", "model.q"]
    assert table["ST_conf"].max() < 0.2  # the design is large enough to say something
    s1, total, noise = closed_form_indices()
    se1 = table["S1_conf"].to_numpy() / 1.96
    set_ = table["ST_conf"].to_numpy() / 1.96
    assert np.all(np.abs(table["S1"].to_numpy() - s1) <= 3.29 * se1 + noise), (table, s1)
    assert np.all(np.abs(table["ST"].to_numpy() - total) <= 3.29 * set_ + noise), (table, total)
