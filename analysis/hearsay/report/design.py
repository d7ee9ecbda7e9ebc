"""A design's sections: what drives the answer (sensitivity indices, where each side wins and
a plain rule for it) and each per-run figure's spread over the uncertainty space.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..results import metric_names, series_name
from .markup import _esc, _figure, _table
from .questions import SERIES_OF, _key_metrics


def _design_contenders(ds):
    """(label, a, b): the two arms, or else the two brands, a design's verdict compares."""
    if "arm" in ds.coords:
        arms = list(dict.fromkeys(str(a) for a in ds.coords["arm"].values))
        if len(arms) >= 2:
            return "arm", arms[0], arms[1]
    if "brand" in ds.coords and ds.sizes.get("brand", 0) >= 2:
        brands = [str(b) for b in ds["brand"].values]
        return "brand", brands[0], brands[1]
    return None


def _win_rule(values, names, wins):
    """Plain words for where `wins` (bool per design point) holds: the single parameter, or the
    ratio of two, whose threshold separates wins from losses best. (text, accuracy)."""
    best = None
    candidates = [(names[i], values[:, i]) for i in range(len(names))]
    for i in range(len(names)):
        for j in range(len(names)):
            if i != j and np.all(values[:, i] > 0) and np.all(values[:, j] > 0):
                candidates.append((f"{names[i]} / {names[j]}", values[:, i] / values[:, j]))
    for label, x in candidates:
        for cut in np.quantile(x, np.linspace(0.02, 0.98, 49)):
            for above in (True, False):
                predicted = x > cut if above else x < cut
                accuracy = np.mean(predicted == wins)
                if best is None or accuracy > best[0] + 1e-12:
                    best = (accuracy, label, cut, above)
    accuracy, label, cut, above = best
    return (f"when {label} {'exceeds' if above else 'is below'} about {cut:.3g}", accuracy)


def _sensitivity_section(ds, level):
    """What drives the verdict over the scenario's uncertainty space (only with a design)."""
    from ..sensitivity import DesignError, read_design, sensitivity, uncertainty

    path = ds.attrs.get("path")
    try:
        design = read_design(path)
    except (DesignError, OSError, KeyError):
        return ""
    head = '<section id="sensitivity"><h2>What drives the answer</h2>'
    found = _design_contenders(ds)
    metric = next((m for m, _, _ in _key_metrics(ds)), None)
    if metric is None:
        return head + "<p class='small'>The file holds no per-run figures.</p></section>"
    by, a, b = found if found is not None else (None, None, None)
    pair = (a, b) if found is not None else None
    output = f"{a} − {b}" if found is not None else metric
    pct = round(level * 100)
    parts = [head, f"<p class='small'>The scenario's uncertain parameters "
                   f"({', '.join(design['parameters'])}) vary over a {design['method']} design of "
                   f"{design['unit'].shape[0]:,} points. "
                   + (f"The verdict is the difference {a} − {b} in {metric}, replication by "
                      f"replication; its" if found is not None else f"The output is {metric}; its")
                   + " spread over the design is what the assumptions leave open, beyond "
                     "replication noise.</p>"]
    try:
        table = sensitivity(path, metric, difference=pair, level=level)
    except DesignError as error:
        table = None
        parts.append(f"<p class='warn'>{_esc(error)}</p>")
    if table is not None:
        sobol = "ST" in table.columns
        key, conf = ("ST", "ST_conf") if sobol else ("mu_star", "mu_star_conf")
        ranked = table.sort_values(key, ascending=True)

        def bars(ax):
            y = np.arange(len(ranked))
            ax.barh(y, ranked[key], xerr=ranked[conf], color="C0", capsize=3,
                    label="total effect (ST)" if sobol else "mu*")
            if sobol:
                ax.plot(ranked["S1"], y, "o", color="C3", label="first order (S1)")
            ax.set_yticks(y)
            ax.set_yticklabels(ranked.index, fontsize="small")
            ax.set_xlabel(("Sobol' index of " if sobol else "Morris mu* of ") + output)
            ax.legend(fontsize="small")
            ax.grid(alpha=0.3, axis="x")

        parts.append(_figure(bars, width=7.5, height=0.35 * len(ranked) + 1.6,
                             caption=f"Parameters ranked by how much of the verdict's variance "
                                     f"they drive, with {pct}% bootstrap intervals."))
        shown = table.reset_index()
        parts.append(_table(shown))
    if found is None:
        return "".join(parts) + "</section>"
    # Who wins where, at a few horizons.
    rows = []
    numerator = SERIES_OF.get(metric, (metric, None, metric))[0]
    end = float(ds["time"].values[-1])
    horizons = [None]
    try:
        series_name(ds, numerator)
        horizons = [end / 4, end / 2, None]
    except KeyError:
        pass
    for horizon in horizons:
        what = metric if horizon is None else numerator
        try:
            row = uncertainty(path, what, time=horizon, difference=(a, b))
        except (DesignError, KeyError):
            continue
        rows.append({"day": end if horizon is None else horizon, "metric": what,
                     f"{a} wins": row[f"{a}_wins"], f"{b} wins": row[f"{b}_wins"],
                     "median difference": row["q50"], "5%": row["q05"], "95%": row["q95"]})
    if rows:
        frame = pd.DataFrame(rows)
        parts.append(f"<h3>Where each {by} wins</h3>" + _table(frame))
        last = rows[-1]
        try:
            from ..sensitivity import _design_outputs
            y = _design_outputs(ds if "time" in ds.dims else ds, design, metric,
                                difference=(a, b))
            random_rows = np.isin(design["role"], (0, 1)) if design["method"] == "sobol" \
                else np.ones(len(y), bool)
            keep = random_rows & np.isfinite(y)
            values = _design_values(ds, design)[keep]
            text, accuracy = _win_rule(values, design["parameters"], y[keep] > 0)
            parts.append(f"<p class='claim'>At the end, {_esc(a)} wins in "
                         f"{100 * last[f'{a} wins']:.0f}% of the uncertainty space and "
                         f"{_esc(b)} in {100 * last[f'{b} wins']:.0f}%. {_esc(a)} wins "
                         f"{_esc(text)} (that rule is right at {100 * accuracy:.0f}% of the "
                         f"design's points).</p>")
        except (DesignError, KeyError, ValueError):
            pass
    return "".join(parts) + "</section>"


def _design_values(ds, design):
    """(D, k) the parameter values of each design row, from the points table."""
    values = np.full((design["unit"].shape[0], len(design["parameters"])), np.nan)
    for i, key in enumerate(design["parameters"]):
        if key not in ds.coords:
            continue
        column = np.asarray(ds.coords[key].values)
        try:
            column = column.astype(float)
        except (TypeError, ValueError):
            continue
        values[design["row"], i] = column
    return values


def _design_summary_section(ds):
    """Each per-run figure's spread over the design's points (means over replications)."""
    rows = []
    for name in metric_names(ds, "summary"):
        var = ds[name].mean("replication")
        brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
        for brand in brands:
            v = np.asarray((var if brand is None else var.sel(brand=brand)).values, float)
            v = v[np.isfinite(v)]
            if not len(v):
                continue
            q = np.quantile(v, [0.05, 0.5, 0.95])
            rows.append({"metric": name, "brand": "" if brand is None else str(brand),
                         "units": ds[name].attrs.get("units", ""), "mean": float(np.mean(v)),
                         "5%": q[0], "median": q[1], "95%": q[2]})
    if not rows:
        return ""
    frame = pd.DataFrame(rows)
    if "brand" not in ds.dims:
        frame = frame.drop(columns=["brand"])
    return ("<h2>Per-run figures over the design</h2><p class='small'>Each figure's mean over "
            "replications at every design point, summarised over the points: its mean and "
            "the 5%, 50% and 95% quantiles over the uncertainty space.</p>" + _table(frame))
