"""Global sensitivity analysis: Sobol' indices (Saltelli 2010 for first order, Jansen 1999 for
total order) and Morris elementary effects (Campolongo, Cariboni & Saltelli 2007's mu*), with
bootstrap intervals, and plain uncertainty propagation (quantiles, where each side wins).

The estimators work on arrays; ``sensitivity`` and ``uncertainty`` read a results file whose
scenario has ``uncertain:`` and ``design:`` (its ``/design`` group says which point is which row
of the design).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

LEVEL = 0.95


def _spread(draws):
    """Standard deviation of bootstrap draws per column; NaN where no draw is finite."""
    finite = np.isfinite(draws)
    out = np.full(draws.shape[1], np.nan)
    for i in range(draws.shape[1]):
        column = draws[finite[:, i], i]
        if len(column) > 1:
            out[i] = np.std(column, ddof=1)
    return out


# --- Sobol' indices ------------------------------------------------------------------------

def _first_total(y_a, y_b, y_ab):
    """(S1, ST) for each parameter from outputs on A, B and the k matrices A_B^i."""
    variance = np.var(np.concatenate([y_a, y_b]), ddof=1)
    if not variance > 0:
        nan = np.full(y_ab.shape[0], np.nan)
        return nan, nan
    # Saltelli et al. 2010, Table 2 (b) for V_i; Jansen 1999 for the total effect.
    first = np.mean(y_b * (y_ab - y_a), axis=1) / variance
    total = 0.5 * np.mean((y_a - y_ab) ** 2, axis=1) / variance
    return first, total


def sobol_indices(y_a, y_b, y_ab, names=None, *, level=LEVEL, bootstrap=1000, seed=0):
    """First-order (S1) and total (ST) Sobol' indices of the k inputs from Saltelli's design.

    ``y_a`` and ``y_b`` are the outputs at the N rows of the two independent sample matrices A
    and B, ``y_ab`` (k, N) at the matrices A_B^i (A with column i taken from B). Intervals
    (``*_conf``, half-widths at ``level``) are normal intervals of ``bootstrap`` resamples of the
    N rows. Returns a DataFrame indexed by parameter: S1, S1_conf, ST, ST_conf.
    """
    y_a, y_b = np.asarray(y_a, float), np.asarray(y_b, float)
    y_ab = np.atleast_2d(np.asarray(y_ab, float))
    k, n = y_ab.shape
    if y_a.shape != (n,) or y_b.shape != (n,):
        raise ValueError(f"y_a and y_b need {n} values (one per row of A and B), y_ab (k, {n})")
    if n < 2:
        raise ValueError("a Sobol' analysis needs at least 2 base samples")
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(k)]
    first, total = _first_total(y_a, y_b, y_ab)
    rng = np.random.default_rng(seed)
    draws_first = np.empty((bootstrap, k))
    draws_total = np.empty((bootstrap, k))
    for r in range(bootstrap):
        rows = rng.integers(0, n, n)
        draws_first[r], draws_total[r] = _first_total(y_a[rows], y_b[rows], y_ab[:, rows])
    z = sps.norm.ppf(0.5 + level / 2)
    return pd.DataFrame({"S1": first, "S1_conf": z * _spread(draws_first),
                         "ST": total, "ST_conf": z * _spread(draws_total)},
                        index=pd.Index(names, name="parameter"))


# --- Morris elementary effects ------------------------------------------------------------

def morris_indices(unit, y, trajectory, names=None, *, level=LEVEL, bootstrap=1000, seed=0):
    """Morris (1991) elementary effects from one-at-a-time trajectories.

    ``unit`` (D, k) are the design points in the unit cube, ``y`` (D,) the outputs and
    ``trajectory`` (D,) the trajectory of each point; the points of a trajectory are in order and
    consecutive points differ in one input. Each step gives one elementary effect of the input it
    changed: (y' - y) / (x'_i - x_i). Returns a DataFrame indexed by parameter: mu (mean effect),
    mu_star (mean absolute effect, Campolongo et al. 2007), mu_star_conf (bootstrap over
    trajectories, half-width at ``level``) and sigma (standard deviation of the effects).
    """
    unit, y = np.asarray(unit, float), np.asarray(y, float)
    trajectory = np.asarray(trajectory)
    k = unit.shape[1]
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(k)]
    ids = list(dict.fromkeys(trajectory.tolist()))
    effects = np.full((len(ids), k), np.nan)
    for t, tid in enumerate(ids):
        rows = np.flatnonzero(trajectory == tid)
        for a, b in zip(rows[:-1], rows[1:]):
            step = unit[b] - unit[a]
            changed = np.flatnonzero(step != 0)
            if len(changed) != 1:
                raise ValueError(f"trajectory {tid}: points {a} and {b} differ in {len(changed)} "
                                 "inputs (one-at-a-time steps need exactly one)")
            i = changed[0]
            effects[t, i] = (y[b] - y[a]) / step[i]
    mu = np.nanmean(effects, axis=0)
    mu_star = np.nanmean(np.abs(effects), axis=0)
    sigma = np.nanstd(effects, axis=0, ddof=1) if len(ids) > 1 else np.full(k, np.nan)
    rng = np.random.default_rng(seed)
    draws = np.empty((bootstrap, k))
    for r in range(bootstrap):
        pick = rng.integers(0, len(ids), len(ids))
        draws[r] = np.nanmean(np.abs(effects[pick]), axis=0)
    z = sps.norm.ppf(0.5 + level / 2)
    return pd.DataFrame({"mu": mu, "mu_star": mu_star,
                         "mu_star_conf": z * _spread(draws), "sigma": sigma},
                        index=pd.Index(names, name="parameter"))


# --- uncertainty propagation --------------------------------------------------------------

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def propagate(y, *, quantiles=QUANTILES, labels=("a", "b")):
    """What the output looks like over the uncertainty space: mean, quantiles and, for a
    difference a - b, the share of the space where each side wins (ties apart)."""
    y = np.asarray(y, float)
    y = y[np.isfinite(y)]
    row = {"n": len(y), "mean": np.mean(y) if len(y) else np.nan}
    for q in quantiles:
        row[f"q{round(100 * q):02d}"] = np.quantile(y, q) if len(y) else np.nan
    a, b = labels
    row[f"{a}_wins"] = np.mean(y > 0) if len(y) else np.nan
    row[f"{b}_wins"] = np.mean(y < 0) if len(y) else np.nan
    return pd.Series(row)
