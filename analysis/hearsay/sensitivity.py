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


# --- results files with a design ------------------------------------------------------------

ROLES_SOBOL_A, ROLES_SOBOL_B = 0, 1


class DesignError(ValueError):
    """The file has no design, or the question does not fit it."""


def read_design(source):
    """The ``/design`` group of a results file (a path, or a Dataset from ``open_results``):
    a dict with ``method``, ``parameters`` (the uncertain keys), ``distributions`` (as written),
    ``unit`` (D, k) design points in the unit cube, ``role`` and ``sample`` per design row (see
    sim/RESULTS_FORMAT.md), and ``row`` (P,): the design row of each point."""
    import h5py

    path = source.attrs.get("path") if hasattr(source, "attrs") else source
    with h5py.File(path, "r", locking=False) as f:
        if "design" not in f:
            raise DesignError(f"{path} has no design: its scenario has no 'uncertain:' and "
                              "'design:' sections")
        g = f["design"]

        def text(values):
            return [v.decode() if isinstance(v, bytes) else str(v) for v in values]

        design = {
            "method": g.attrs["method"].decode() if isinstance(g.attrs["method"], bytes)
            else str(g.attrs["method"]),
            "parameters": text(g["parameters"][()]),
            "distributions": text(g["distributions"][()]),
            "unit": np.asarray(g["unit"][()], float),
            "role": np.asarray(g["role"][()]),
            "sample": np.asarray(g["sample"][()]),
            "row": np.asarray(f["points/design_row"][()]).astype(np.int64),
        }
    return design


def _outputs(ds, metric, brand, time):
    """(P, R) values of `metric` (a summary, or a series at `time`, default the end) for `brand`
    (a name) or, without brands, the metric itself; brand may be a pair (a, b) for a - b."""
    from .results import series_name, summary_name

    try:
        var = ds[summary_name(ds, metric)]
        if time is not None:
            raise DesignError(f"{metric} is a per-run figure: it has no time (give time=None)")
    except KeyError:
        var = ds[series_name(ds, metric)]
        var = var.isel(time=-1) if time is None else var.sel(time=time, method="nearest")
    if "brand" in var.dims:
        if brand is None:
            raise DesignError(f"{metric} is per brand: give brand= (one of "
                              f"{', '.join(map(str, ds['brand'].values))}) or a difference")
        if isinstance(brand, tuple):
            var = var.sel(brand=brand[0]) - var.sel(brand=brand[1])
        else:
            var = var.sel(brand=brand)
    elif brand is not None:
        raise DesignError(f"{metric} is not per brand")
    return np.asarray(var.transpose("point", "replication").values, float)


def _design_outputs(ds, design, metric, *, brand=None, time=None, difference=None, arm=None):
    """Output per design row: the mean over replications of the metric (or of the difference
    between two arms or two brands, taken replication by replication)."""
    arms = [str(a) for a in ds.coords["arm"].values] if "arm" in ds.coords else None
    brands = [str(b) for b in ds["brand"].values] if "brand" in ds.coords else []
    pair_of_arms = (difference is not None and arms is not None and difference[0] in arms
                    and difference[1] in arms)
    if difference is not None and not pair_of_arms:
        if not (difference[0] in brands and difference[1] in brands):
            raise DesignError(f"difference={difference}: name two arms ({arms or 'none'}) or two "
                              f"brands ({brands or 'none'})")
        brand = (difference[0], difference[1])
    values = _outputs(ds, metric, brand, time)
    rows = design["row"]
    n_rows = design["unit"].shape[0]

    def per_row(point_arm):
        out = np.full(n_rows, np.nan)
        for p in range(values.shape[0]):
            if point_arm is not None and arms[p] != point_arm:
                continue
            out[rows[p]] = np.nanmean(values[p])
        return out

    if pair_of_arms:
        return per_row(difference[0]) - per_row(difference[1])
    if arms is not None and len(set(arms)) > 1:
        if arm is None:
            raise DesignError(f"the design runs in every arm ({', '.join(dict.fromkeys(arms))}): "
                              "give arm= or difference=(arm_a, arm_b)")
        if arm not in arms:
            raise DesignError(f"no arm {arm!r} (arms: {', '.join(dict.fromkeys(arms))})")
        return per_row(arm)
    return per_row(None)


def sensitivity(path, metric, *, brand=None, time=None, difference=None, arm=None,
                level=LEVEL, bootstrap=1000, seed=0):
    """Which uncertain parameters drive `metric`, from a file whose scenario has a design.

    The output at each design point is the mean over replications of `metric` (a per-run figure,
    or a series at day `time`, default the end), for `brand` when the metric is per brand; with
    ``difference=("A", "B")`` (two arms, or two brands) it is the difference A - B taken
    replication by replication, so the indices are those of the verdict. With arms and no
    difference, give ``arm=``. A Sobol' design gives S1, S1_conf, ST, ST_conf (Saltelli 2010 and
    Jansen estimators, bootstrap intervals at `level`); a Morris design gives mu, mu_star,
    mu_star_conf and sigma. Indexed by parameter (the uncertain keys).
    """
    from .results import open_results

    ds = open_results(path, series=time is not None or _is_series(path, metric))
    design = read_design(path)
    y = _design_outputs(ds, design, metric, brand=brand, time=time, difference=difference,
                        arm=arm)
    names = design["parameters"]
    k = len(names)
    if design["method"] == "sobol":
        role, sample = design["role"], design["sample"]
        n = int(sample.max()) + 1

        def block(r):
            out = np.full(n, np.nan)
            out[sample[role == r]] = y[role == r]
            return out

        y_a, y_b = block(ROLES_SOBOL_A), block(ROLES_SOBOL_B)
        y_ab = np.stack([block(2 + i) for i in range(k)])
        keep = np.isfinite(y_a) & np.isfinite(y_b) & np.all(np.isfinite(y_ab), axis=0)
        if keep.sum() < 2:
            raise DesignError("fewer than 2 complete base samples have finished runs")
        return sobol_indices(y_a[keep], y_b[keep], y_ab[:, keep], names, level=level,
                             bootstrap=bootstrap, seed=seed)
    if design["method"] == "morris":
        keep = np.isfinite(y)
        return morris_indices(design["unit"][keep], y[keep], design["sample"][keep], names,
                              level=level, bootstrap=bootstrap, seed=seed)
    raise DesignError(f"a {design['method']} design propagates uncertainty but gives no "
                      "indices: use hearsay.uncertainty, or a sobol or morris design")


def uncertainty(path, metric, *, brand=None, time=None, difference=None, arm=None,
                quantiles=QUANTILES):
    """The spread of `metric` (or of a difference, as in :func:`sensitivity`) over the
    uncertainty space: mean, quantiles and, for a difference A - B, the share of the space where
    A wins and where B wins. Uses the design's random points (a Latin hypercube's rows, the A and
    B rows of a Sobol' design; a Morris design's grid points give a rough picture only)."""
    from .results import open_results

    ds = open_results(path, series=time is not None or _is_series(path, metric))
    design = read_design(path)
    y = _design_outputs(ds, design, metric, brand=brand, time=time, difference=difference,
                        arm=arm)
    if design["method"] == "sobol":
        y = y[np.isin(design["role"], (ROLES_SOBOL_A, ROLES_SOBOL_B))]
    labels = tuple(difference) if difference is not None else ("above 0", "below 0")
    return propagate(y, quantiles=quantiles, labels=labels)


def _is_series(path, metric):
    import h5py

    with h5py.File(path, "r", locking=False) as f:
        return metric not in f.get("summary", {}) and metric in f.get("series", {})
