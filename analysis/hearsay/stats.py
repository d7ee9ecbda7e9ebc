"""Summaries over replications and paired comparisons (common random numbers), with intervals."""
from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats as sps

from .results import metric_names

_EMPTY_COMPARISON = ["by", "metric", "units", "a", "b", "n", "mean_a", "mean_b", "diff",
                     "sd_diff", "lo", "hi", "rel", "rel_lo", "rel_hi", "p_value", "sure"]


def interval(values, level=0.95):
    """Mean of `values` (NaN ignored) with its Student-t interval.

    Returns a dict: n, mean, sd (sample standard deviation), se, lo, hi. With fewer than two
    values the interval is NaN; with zero spread it collapses onto the mean.
    """
    x = np.asarray(values, dtype=float).reshape(-1)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return {"n": 0, "mean": np.nan, "sd": np.nan, "se": np.nan, "lo": np.nan, "hi": np.nan}
    mean = float(x.mean())
    if n == 1:
        return {"n": 1, "mean": mean, "sd": np.nan, "se": np.nan, "lo": np.nan, "hi": np.nan}
    sd = float(x.std(ddof=1))
    se = sd / np.sqrt(n)
    half = float(sps.t.ppf(0.5 + level / 2, n - 1)) * se
    return {"n": n, "mean": mean, "sd": sd, "se": se, "lo": mean - half, "hi": mean + half}


def proportion_interval(values, level=0.95):
    """Share of runs where a 0/1 figure is 1 (e.g. ``global_cascade``), with the Wilson score
    interval, which stays inside [0, 1] where the Student-t interval does not. Returns a dict:
    n, successes, share, lo, hi."""
    x = np.asarray(values, dtype=float).reshape(-1)
    x = x[np.isfinite(x)]
    n = len(x)
    k = float(np.sum(x > 0.5))
    if n == 0:
        return {"n": 0, "successes": 0, "share": np.nan, "lo": np.nan, "hi": np.nan}
    z = float(sps.norm.ppf(0.5 + level / 2))
    share = k / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # Clipped so that lo <= share <= hi holds exactly, also against rounding at 0 and 1.
    return {"n": n, "successes": int(k), "share": share,
            "lo": min(share, max(0.0, centre - half)), "hi": max(share, min(1.0, centre + half))}


def _point_labels(ds):
    """Per point: the coordinates that describe it (arm and swept values), as a dict."""
    names = [name for name, coord in ds.coords.items()
             if coord.dims == ("point",) and name != "point"]
    return [{name: ds.coords[name].values[k].item() if hasattr(ds.coords[name].values[k], "item")
             else ds.coords[name].values[k] for name in names} for k in range(ds.sizes["point"])]


def summarize(ds, metrics=None, level=0.95):
    """Mean, standard deviation and `level` Student-t interval over replications of each
    summary metric, per point (with its arm and swept values) and brand.

    Returns a tidy DataFrame: metric, units, point, [point coordinates], [brand], n, mean, sd,
    se, lo, hi. `metrics` defaults to every summary metric; series names are accepted too and
    then summarise the value at the last sampling time.
    """
    if metrics is None:
        metrics = metric_names(ds, "summary")
    elif isinstance(metrics, str):
        metrics = [metrics]
    labels = _point_labels(ds)
    rows = []
    for name in metrics:
        var = ds[name]
        if "time" in var.dims:
            var = var.isel(time=-1)
        brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
        for k, point in enumerate(ds["point"].values):
            for brand in brands:
                sel = var.isel(point=k)
                if brand is not None:
                    sel = sel.sel(brand=brand)
                row = {"metric": name, "units": var.attrs.get("units", ""), "point": int(point)}
                row.update(labels[k])
                if "brand" in ds.dims:
                    row["brand"] = brand if brand is not None else ""
                row.update(interval(sel.values, level))
                rows.append(row)
    return pd.DataFrame(rows)


def summarize_series(ds, metric, level=0.95, spread=True):
    """Mean over replications of a series, with its Student-t interval and the spread of runs.

    Returns a Dataset with variables mean, lo, hi (interval of the mean), q_lo, q_hi (the
    central `level` share of runs; only with ``spread``, since quantiles over NaN-holding runs
    are slow), n, over the remaining dimensions (point, [brand,] time).
    """
    var = ds[metric]
    tail = (1 - level) / 2
    with warnings.catch_warnings():   # runs not finished are NaN: all-NaN slices are expected
        warnings.simplefilter("ignore", RuntimeWarning)
        n = var.count("replication")
        mean = var.mean("replication")
        sd = var.std("replication", ddof=1)
        tq = xr.apply_ufunc(lambda k: sps.t.ppf(0.5 + level / 2, np.maximum(k - 1, 1)), n)
        half = (tq * sd / np.sqrt(n)).where(n > 1)
        variables = {"mean": mean, "lo": mean - half, "hi": mean + half}
        if spread:
            variables["q_lo"] = var.quantile(tail, "replication").drop_vars("quantile")
            variables["q_hi"] = var.quantile(1 - tail, "replication").drop_vars("quantile")
    out = xr.Dataset({**variables, "n": n})
    out.attrs.update(var.attrs)
    out.attrs["level"] = level
    return out


def paired_difference(a, b, level=0.95):
    """Mean of the paired differences a - b (same replication, common random numbers) with its
    Student-t interval, a paired t-test p-value and the relative difference (to b's mean).

    Pairs with a NaN on either side are dropped. `sure` is True when the interval excludes 0.
    """
    a = np.asarray(a, dtype=float).reshape(-1)
    b = np.asarray(b, dtype=float).reshape(-1)
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    d = interval(a - b, level)
    mean_a = float(a.mean()) if len(a) else np.nan
    mean_b = float(b.mean()) if len(b) else np.nan
    if d["n"] >= 2 and d["sd"] > 0:
        p_value = float(2 * sps.t.sf(abs(d["mean"]) / d["se"], d["n"] - 1))
    elif d["n"] >= 2:
        p_value = 1.0 if d["mean"] == 0 else 0.0
    else:
        p_value = np.nan
    scale = abs(mean_b) if np.isfinite(mean_b) and mean_b != 0 else np.nan
    lo, hi = d["lo"], d["hi"]
    if d["n"] >= 2 and d["sd"] == 0:
        lo = hi = d["mean"]
    sure = bool(np.isfinite(lo) and np.isfinite(hi) and (lo > 0 or hi < 0))
    return {"n": d["n"], "mean_a": mean_a, "mean_b": mean_b, "diff": d["mean"],
            "sd_diff": d["sd"], "lo": lo, "hi": hi, "rel": d["mean"] / scale,
            "rel_lo": lo / scale, "rel_hi": hi / scale, "p_value": p_value, "sure": sure}


def _metric_list(ds, metrics):
    if metrics is None:
        return metric_names(ds, "summary")
    return [metrics] if isinstance(metrics, str) else list(metrics)


def _final(var):
    return var.isel(time=-1) if "time" in var.dims else var


def compare_brands(ds, metrics=None, level=0.95):
    """Every pair of brands (a before b in the file's order), per point, for each per-brand
    metric: differences a - b taken replication by replication. The brands of a replication
    share its network and consumers but not their random draws (unlike arms, which run on common
    random numbers), so the interval is valid but pairing gains less than it does for arms."""
    if "brand" not in ds.dims or ds.sizes["brand"] < 2:
        return pd.DataFrame(columns=_EMPTY_COMPARISON)
    labels = _point_labels(ds)
    rows = []
    for name in _metric_list(ds, metrics):
        var = _final(ds[name])
        if "brand" not in var.dims:
            continue
        brands = list(var.coords["brand"].values)
        for k in range(ds.sizes["point"]):
            for a, b in itertools.combinations(brands, 2):
                row = {"by": "brand", "metric": name, "units": var.attrs.get("units", ""),
                       "point": int(ds["point"].values[k]), **labels[k], "a": a, "b": b}
                row.update(paired_difference(var.isel(point=k).sel(brand=a).values,
                                             var.isel(point=k).sel(brand=b).values, level))
                rows.append(row)
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=_EMPTY_COMPARISON)


def compare_points(ds, metrics=None, pairs=None, baseline=None, level=0.95):
    """Paired differences between sweep points (replication r of one point against replication
    r of the other), per brand for per-brand metrics.

    `pairs` is a list of (a, b) point indices; by default every point against `baseline` when
    it is given, else every pair a < b.
    """
    n_points = ds.sizes["point"]
    if pairs is None:
        if baseline is not None:
            pairs = [(a, baseline) for a in range(n_points) if a != baseline]
        else:
            pairs = list(itertools.combinations(range(n_points), 2))
    rows = []
    for name in _metric_list(ds, metrics):
        var = _final(ds[name])
        brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
        for a, b in pairs:
            for brand in brands:
                va, vb = var.isel(point=a), var.isel(point=b)
                if brand is not None:
                    va, vb = va.sel(brand=brand), vb.sel(brand=brand)
                row = {"by": "point", "metric": name, "units": var.attrs.get("units", ""),
                       "a": int(ds["point"].values[a]), "b": int(ds["point"].values[b])}
                if brand is not None:
                    row["brand"] = brand
                row.update(paired_difference(va.values, vb.values, level))
                rows.append(row)
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=_EMPTY_COMPARISON)


def compare_arms(ds, metrics=None, level=0.95):
    """The strategist's comparison: campaign arms if the file has them, else brands, else
    sweep points.

    With an ``arm`` coordinate, points that share the same swept values but differ in arm are
    compared pairwise (columns a, b hold arm names), per brand for per-brand metrics. Without
    arms this is :func:`compare_brands` when there are two or more brands, else
    :func:`compare_points`. The ``by`` column says which.
    """
    if "arm" not in ds.coords:
        if "brand" in ds.dims and ds.sizes["brand"] >= 2:
            return compare_brands(ds, metrics, level)
        if ds.sizes["point"] >= 2:
            return compare_points(ds, metrics, level=level)
        return pd.DataFrame(columns=_EMPTY_COMPARISON)
    arms = [str(a) for a in ds.coords["arm"].values]
    swept = [name for name in ds.attrs.get("swept", []) if name in ds.coords]
    labels = _point_labels(ds)

    def key(k):
        return tuple(str(labels[k][name]) for name in swept)

    groups = {}
    for k in range(ds.sizes["point"]):
        groups.setdefault(key(k), []).append(k)
    rows = []
    for name in _metric_list(ds, metrics):
        var = _final(ds[name])
        brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
        for members in groups.values():
            for ka, kb in itertools.combinations(members, 2):
                if arms[ka] == arms[kb]:
                    continue
                for brand in brands:
                    va, vb = var.isel(point=ka), var.isel(point=kb)
                    if brand is not None:
                        va, vb = va.sel(brand=brand), vb.sel(brand=brand)
                    row = {"by": "arm", "metric": name, "units": var.attrs.get("units", ""),
                           **{s: labels[ka][s] for s in swept}, "a": arms[ka], "b": arms[kb],
                           "point_a": ka, "point_b": kb}
                    if brand is not None:
                        row["brand"] = brand
                    row.update(paired_difference(va.values, vb.values, level))
                    rows.append(row)
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=_EMPTY_COMPARISON)
