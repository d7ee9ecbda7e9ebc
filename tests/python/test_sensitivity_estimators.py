# The sensitivity estimators against functions whose indices are known in closed form: the
# Ishigami function and Sobol's g-function (Saltelli et al. 2010's test cases), and linear and
# interacting functions for Morris. Designs are scrambled Sobol' sequences (scipy) with fixed
# seeds; each estimate must lie within 3.29 bootstrap standard errors of the truth (a two-sided
# 99.9% interval) plus nothing else.
import math

import numpy as np
import pytest
from scipy.stats import qmc

from hearsay.sensitivity import morris_indices, propagate, sobol_indices

Z999 = 3.29


def saltelli_design(k, n, seed):
    """A and B (n, k) from one scrambled Sobol' sequence of dimension 2k, and the A_B^i."""
    base = qmc.Sobol(2 * k, scramble=True, seed=seed).random(n)
    a, b = base[:, :k], base[:, k:]
    ab = np.stack([np.where(np.arange(k) == i, b, a) for i in range(k)])  # (k, n, k)
    return a, b, ab


def ishigami(u, a=7.0, b=0.1):
    x = -math.pi + 2 * math.pi * u
    return np.sin(x[..., 0]) + a * np.sin(x[..., 1]) ** 2 + b * x[..., 2] ** 4 * np.sin(x[..., 0])


def ishigami_truth(a=7.0, b=0.1):
    pi4, pi8 = math.pi ** 4, math.pi ** 8
    v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
    v1 = 0.5 * (1 + b * pi4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * pi8 * (1 / 18 - 1 / 50)
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def g_function(u, coefficients):
    return np.prod((np.abs(4 * u - 2) + coefficients) / (1 + coefficients), axis=-1)


def g_truth(coefficients):
    vi = 1 / (3 * (1 + coefficients) ** 2)
    v = np.prod(1 + vi) - 1
    total = np.array([vi[i] * np.prod(np.delete(1 + vi, i)) for i in range(len(vi))]) / v
    return vi / v, total


def check(table, first, total):
    se1 = table["S1_conf"].to_numpy() / 1.96
    set_ = table["ST_conf"].to_numpy() / 1.96
    assert np.all(np.abs(table["S1"].to_numpy() - first) <= Z999 * se1), table
    assert np.all(np.abs(table["ST"].to_numpy() - total) <= Z999 * set_), table


def test_sobol_indices_of_the_ishigami_function():
    a, b, ab = saltelli_design(3, 2 ** 13, seed=1)
    table = sobol_indices(ishigami(a), ishigami(b), ishigami(ab), ["x1", "x2", "x3"], seed=2)
    first, total = ishigami_truth()
    check(table, first, total)
    # The intervals are informative: narrower than the smallest gap the analysis must resolve.
    assert table["S1_conf"].max() < 0.05
    assert list(table.index) == ["x1", "x2", "x3"]


def test_sobol_indices_of_the_g_function():
    coefficients = np.array([0.0, 1.0, 4.5, 9.0, 99.0, 99.0])
    a, b, ab = saltelli_design(len(coefficients), 2 ** 13, seed=3)
    f = lambda u: g_function(u, coefficients)  # noqa: E731
    table = sobol_indices(f(a), f(b), f(ab), seed=4)
    check(table, *g_truth(coefficients))
    # the ranking the g-function is built for: smaller coefficient, more important
    assert list(table["ST"].rank(ascending=False).astype(int))[:4] == [1, 2, 3, 4]


def test_sobol_indices_of_a_constant_are_undefined_not_zero():
    a, b, ab = saltelli_design(2, 64, seed=5)
    table = sobol_indices(np.ones(64), np.ones(64), np.ones((2, 64)), bootstrap=10)
    assert table["S1"].isna().all() and table["ST"].isna().all()


def test_sobol_indices_refuse_mismatched_shapes():
    with pytest.raises(ValueError, match="y_a and y_b need 4 values"):
        sobol_indices(np.zeros(3), np.zeros(4), np.zeros((2, 4)))


def morris_design(k, trajectories, levels, seed):
    """Morris (1991) trajectories: a random start on the grid, one input at a time moved by
    delta = levels / (2 (levels - 1)) in a random order and direction."""
    rng = np.random.default_rng(seed)
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    points, ids = [], []
    for t in range(trajectories):
        x = rng.choice(grid[grid <= 1 - delta + 1e-12], size=k)
        up = rng.random(k) < 0.5
        x = np.where(up, x, x + delta)
        points.append(x.copy())
        ids.append(t)
        for i in rng.permutation(k):
            x[i] = x[i] + delta if up[i] else x[i] - delta
            points.append(x.copy())
            ids.append(t)
    return np.array(points), np.array(ids)


def test_morris_of_a_linear_function_gives_its_coefficients():
    coefficients = np.array([3.0, -1.0, 0.0, 0.5])
    unit, ids = morris_design(4, 20, 4, seed=6)
    table = morris_indices(unit, unit @ coefficients, ids)
    assert np.allclose(table["mu"], coefficients)
    assert np.allclose(table["mu_star"], np.abs(coefficients))
    assert np.allclose(table["sigma"], 0, atol=1e-12)


def test_morris_sees_interactions_in_sigma_and_ranks_by_mu_star():
    unit, ids = morris_design(3, 40, 4, seed=7)
    y = 5 * unit[:, 0] * unit[:, 1] + 0.1 * unit[:, 2]
    table = morris_indices(unit, y, ids)
    assert table.loc["x1", "sigma"] > 0.5 and table.loc["x2", "sigma"] > 0.5
    assert table.loc["x3", "sigma"] < 1e-9
    assert table["mu_star"].idxmin() == "x3"


def test_morris_refuses_steps_that_change_two_inputs():
    unit = np.array([[0.0, 0.0], [1 / 3, 1 / 3]])
    with pytest.raises(ValueError, match="differ in 2 inputs"):
        morris_indices(unit, np.zeros(2), np.zeros(2))


def test_propagate_gives_quantiles_and_who_wins():
    y = np.array([-2.0, -1.0, 0.0, 1.0, 3.0, np.nan])
    row = propagate(y, labels=("hard", "soft"))
    assert row["n"] == 5 and row["q50"] == 0.0
    assert row["hard_wins"] == pytest.approx(0.4) and row["soft_wins"] == pytest.approx(0.4)
