"""The details below the first screen: per-run figures, paired differences, time series, arms,
sweep curves, cascades, the Bass fit, runs and provenance.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import plots
from ..bass import fit_bass_results
from ..cascades import cascade_stats, largest_cascades
from ..results import ResultsError, metric_names, read_cascades, scenario_value, series_name
from ..stats import compare_arms, summarize
from .design import _design_summary_section
from .markup import _esc, _figure, _table
from .questions import _MAX_CURVES, _adoption_metric, _is_design, _run_counts


def _interval_columns(level, **more):
    """Column renames for a table with an interval: lo and hi named for its level."""
    pct = round(level * 100)
    return {"lo": f"{pct}% lo", "hi": f"{pct}% hi", **more}


def _summary_section(ds, level):
    if _is_design(ds):
        return _design_summary_section(ds)
    table = summarize(ds, level=level)
    if table.empty:
        return ""
    pct = round(level * 100)
    table = table.drop(columns=["se"]).rename(columns=_interval_columns(level))
    descriptions = "".join(
        f"<li><b>{_esc(m)}</b> ({_esc(ds[m].attrs.get('units', '') or 'no unit')}): "
        f"{_esc(ds[m].attrs.get('description', ''))}</li>" for m in metric_names(ds, "summary"))
    return (f"<h2>Per-run figures over replications</h2><p class='small'>Mean, standard "
            f"deviation over runs, and the {pct}% Student-t interval of the mean.</p>"
            f"{_table(table)}<details><summary>What each figure means</summary><ul>"
            f"{descriptions}</ul></details>")


def _comparison_section(ds, level):
    if _is_design(ds):
        return ""  # point by point over a design says less than 'What drives the answer'
    table = compare_arms(ds, level=level)
    if table.empty:
        return ""
    pct = round(level * 100)
    by = table["by"].iloc[0]
    shown = table.drop(columns=[c for c in ("by", "sd_diff", "rel_lo", "rel_hi", "point_a",
                                            "point_b") if c in table.columns])
    shown = shown.rename(columns=_interval_columns(level, rel="diff / mean b"))
    return (f"<h2>Paired differences ({_esc(by)} a minus {_esc(by)} b)</h2><p class='small'>"
            f"Replication r of one {_esc(by)} against replication r of the other; 'sure' means "
            f"the {pct}% interval excludes 0.</p>{_table(shown)}")


def _shown_points(ds):
    """Every point, or for a large sweep about _MAX_CURVES of them evenly spread (first and
    last included) so each panel stays readable."""
    brands = ds.sizes.get("brand", 1)
    n = ds.sizes["point"]
    most = max(1, _MAX_CURVES // brands)
    if n <= most:
        return list(range(n))
    return sorted(set(int(round(x)) for x in np.linspace(0, n - 1, most)))


def _series_section(ds, level):
    # Per-segment series have a section of their own (Segments).
    names = [name for name in metric_names(ds, "series")
             if "segment" not in ds[name].dims]
    if not names:
        return ""
    ncols = 3 if len(names) >= 3 else len(names)
    shown = _shown_points(ds)
    kind = "design point" if _is_design(ds) else "sweep point"
    which = (kind if len(shown) == ds.sizes["point"] else
             f"{kind}, for {len(shown)} of the {ds.sizes['point']} points (evenly spread; "
             + ("'What drives the answer' covers them all)" if _is_design(ds) else
                "the sweep response curves below cover them all)"))
    html_parts = ["<h2>Time series</h2><p class='small'>Mean over replications with the "
                  f"{round(level * 100)}% interval of the mean, per "
                  + ("brand and " if "brand" in ds.dims else "") + _esc(which) + ".</p>"]
    html_parts.append(_figure(
        lambda *axes: [_small_series(ds, name, ax, level, shown)
                       for name, ax in zip(names, axes)],
        width=4.2 * ncols, height=3.0, ncols=ncols, n=len(names)))
    metric = _adoption_metric(ds)
    if metric is not None and not _is_design(ds):
        html_parts.append("<h3>Adoption heat strip</h3>")
        html_parts.append(_figure(lambda ax: plots.plot_heat_strip(ds, metric, ax=ax),
                                  width=10, height=min(9.0, 1.4 + 0.11 * _rows(ds, metric)),
                                  caption="Every run is a row: how far it had spread at each "
                                          "time."))
    return "".join(html_parts)


def _rows(ds, metric):
    var = ds[series_name(ds, metric)]
    return ds.sizes["point"] * ds.sizes["replication"] * (var.sizes.get("brand", 1))


def _small_series(ds, name, ax, level, points=None):
    plots.plot_series(ds, name, ax=ax, level=level, points=points)
    ax.set_title(ds[name].attrs.get("metric", name), fontsize="medium")
    if ax.get_legend() is not None:
        ax.legend(fontsize="x-small")


def _arms_section(ds, level):
    names = metric_names(ds, "summary")
    if _is_design(ds) or not names or (ds.sizes["point"] == 1 and "brand" not in ds.dims):
        return ""
    groups = ds.sizes["point"] * ds.sizes.get("brand", 1)
    if groups > 2 * _MAX_CURVES:
        return ("<h2>Arm against arm, every figure</h2><p class='small'>"
                f"{groups} arms, points and brands are too many for one panel each: the paired "
                "comparison table above and the sweep response curves below (one curve per arm "
                "and brand) compare them.</p>")
    ncols = min(3, len(names))
    return ("<h2>Arm against arm, every figure</h2>"
            + _figure(lambda *axes: [plots.plot_arms(ds, m, ax=ax, level=level)
                                     for m, ax in zip(names, axes)],
                      width=4.2 * ncols, height=3.3, ncols=ncols, n=len(names)))


def _sweep_section(ds, level):
    if ds.sizes["point"] < 2 or _is_design(ds):
        return ""
    names = metric_names(ds, "summary")
    ncols = min(3, len(names))
    return ("<h2>Sweep response curves</h2>"
            + _figure(lambda *axes: [plots.plot_sweep(ds, m, ax=ax, level=level)
                                     for m, ax in zip(names, axes)],
                      width=4.2 * ncols, height=3.3, ncols=ncols, n=len(names)))


def _cascade_section(ds):
    if not ds.attrs.get("has_cascades"):
        return ""
    try:
        rows = read_cascades(ds)
        stats = cascade_stats(rows)
    except (ResultsError, ValueError) as error:
        return f"<h2>Cascades</h2><p class='warn'>{_esc(error)}</p>"
    if stats.empty:
        return "<h2>Cascades</h2><p>The file records cascades, but no run had any.</p>"
    by = [c for c in ("brand_name", "valence") if c in stats.columns]
    table = stats.groupby(by, observed=True).agg(
        cascades=("size", "size"), mean_size=("size", "mean"), largest=("size", "max"),
        mean_depth=("depth", "mean"), deepest=("depth", "max"),
        mean_virality=("structural_virality", "mean")).reset_index()
    if "valence" in table.columns:
        table["valence"] = table["valence"].map({1: "recommendation", -1: "complaint"})
    largest = largest_cascades(stats, ds)
    per_run = largest.groupby([c for c in ("brand", "valence") if c in largest.columns]).agg(
        runs=("size", "size"), mean_largest=("size", "mean"),
        max_largest=("size", "max")).reset_index()
    if "brand" in per_run.columns and "brand" in ds.dims:
        per_run["brand"] = [str(ds["brand"].values[b]) if b < ds.sizes["brand"] else b
                            for b in per_run["brand"]]
    if "valence" in per_run.columns:
        per_run["valence"] = per_run["valence"].map({1: "recommendation", -1: "complaint"})
    return ("<h2>Cascades</h2><p class='small'>Who told whom: size (people in the tree), depth "
            "(hops from the first teller) and structural virality (mean distance between two "
            "people in the tree, Goel et al. 2016: about 2 for a broadcast, large for "
            "person-to-person chains).</p>" + _table(table)
            + "<h3>Largest cascade per run</h3>" + _table(per_run)
            + _figure(lambda ax: plots.plot_ccdf(stats, ax=ax, by="valence"), width=6.5,
                      height=4.0, caption="Share of cascades at least this large (log axes).")
            + _largest_trees(rows, stats))


def _largest_trees(table, stats, max_nodes=5000):
    """The largest complaint cascade of each brand (else the largest cascade), as trees."""
    complaints = stats[stats["valence"] == -1]
    pool = complaints if len(complaints) else stats
    by = "brand" if "brand" in pool.columns else None
    picks = (pool.sort_values(["size", "replication", "cascade"], ascending=[False, True, True])
             .groupby(by, sort=True).head(1) if by else pool.nlargest(1, "size"))
    picks = picks[picks["size"] >= 2].head(4)
    if picks.empty:
        return ""
    what = "complaint cascade" if len(complaints) else "cascade"

    def draw(*axes):
        for ax, (_, row) in zip(axes, picks.iterrows()):
            plots.plot_cascade_tree(table, int(row["point"]), int(row["replication"]),
                                    int(row["cascade"]), ax=ax, max_nodes=max_nodes)

    return (f"<h3>The largest {what}{'s' if len(picks) > 1 else ''}"
            + (" of each brand" if by and len(picks) > 1 else "") + "</h3>"
            + _figure(draw, width=5.2 * len(picks), height=5.0, ncols=len(picks), n=len(picks),
                      caption="Who told whom: the first post at the centre (black), each "
                              "ring one more hop; colour: days since the first post."))


def _bass_section(ds, level):
    if ds.attrs.get("model") != "bass" or "adopters" not in ds.data_vars:
        return ""
    population = ds.attrs.get("population")
    try:
        fit = fit_bass_results(ds, "adopters", m=population, level=level)
    except (RuntimeError, ValueError) as error:
        return f"<h2>Bass fit</h2><p class='warn'>The fit failed: {_esc(error)}</p>"
    p_true = scenario_value(ds, "model.p")
    q_true = scenario_value(ds, "model.q")
    rows = fit.table()
    text = (f"Fitted to the mean adoption curve of point 0 ({fit.method}); rates per year "
            f"(x 365).")
    if isinstance(p_true, (int, float)) and isinstance(q_true, (int, float)):
        inside = fit.covers(p=p_true, q=q_true)
        text += (f" The scenario's own p = {p_true * 365:.3g}/y and q = {q_true * 365:.3g}/y are "
                 + ("inside" if inside else "not both inside")
                 + f" the {round(level * 100)}% intervals (on a network other than the complete "
                   "graph the Bass curve is only an approximation).")
    return ("<h2>Bass fit</h2>" + f"<p class='small'>{_esc(text)}</p>" + _table(rows)
            + _figure(lambda ax: plots.plot_bass_fit(fit, ax=ax, label="simulated (mean)"),
                      width=7, height=3.8))


def _runs_section(ds):
    counts = _run_counts(ds)
    events = ds["run_events"].values.astype(float) if "run_events" in ds else np.array([np.nan])
    wall = ds["run_wall_seconds"].values if "run_wall_seconds" in ds else np.array([np.nan])
    runs = pd.DataFrame([{**counts, "events (mean per run)": float(np.nanmean(events)),
                          "wall seconds (total)": float(np.nansum(wall))}])
    provenance = pd.DataFrame([(k[len("provenance_"):], v) for k, v in ds.attrs.items()
                               if k.startswith("provenance_")], columns=["key", "value"])
    return ("<h2>Runs and provenance</h2>" + _table(runs)
            + f"<p class='small'>File: {_esc(ds.attrs.get('path', ''))} (format version "
              f"{ds.attrs.get('format_version')}, hearsay {_esc(ds.attrs.get('hearsay_version'))})"
              "</p>"
            + (_table(provenance) if len(provenance) else "")
            + "<details><summary>The resolved scenario</summary><pre>"
            + _esc(ds.attrs.get("scenario", "")) + "</pre></details>")
