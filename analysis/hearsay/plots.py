"""Standard figures (matplotlib): every function draws on `ax` (a new one if None) and returns it."""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm, Normalize
from matplotlib.lines import Line2D

from .cascades import (cascade_stats, cascade_tree, ccdf_across_runs, size_ccdf, tree_layout,
                       tree_stats)
from .results import series_name, summary_name
from .stats import interval, summarize_series

ADOPTION_METRICS = ("adopters", "cumulative_sales", "reached", "recovered", "stifler")


def _axes(ax, figsize=(7, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def time_axis(ds):
    """(divisor, label) that shows the sampling times in days, or years past two years."""
    end = float(ds["time"].values[-1]) if ds.sizes.get("time", 0) else 0.0
    if end >= 2 * 365:
        return 365.0, "years"
    return 1.0, "days"


def point_label(ds, k):
    """How a sweep point reads: its arm, its swept values, else 'point k'."""
    parts = []
    if "arm" in ds.coords:
        parts.append(str(ds.coords["arm"].values[k]))
    for name in ds.attrs.get("swept", []):
        if name in ds.coords:
            parts.append(f"{name.split('.')[-1]}={_fmt(ds.coords[name].values[k])}")
    return ", ".join(parts) if parts else f"point {int(ds['point'].values[k])}"


def _fmt(value):
    if isinstance(value, (float, np.floating)):
        return f"{value:.4g}"
    return str(value)


def _var(ds, metric, kind):
    """The variable for `metric`: a variable name of that kind, else a metric name."""
    if metric in ds.data_vars and ds[metric].attrs.get("kind", kind) == kind:
        return metric
    if kind == "summary" and metric in ds.data_vars:
        return metric          # plot_arms and plot_sweep also take a series (its last value)
    return series_name(ds, metric) if kind == "series" else summary_name(ds, metric)


def _groups(ds, var, points=None, brands=None):
    """(label, selection dict) for every point x brand combination shown."""
    points = range(ds.sizes["point"]) if points is None else points
    has_brand = "brand" in var.dims
    brand_list = (list(var.coords["brand"].values) if brands is None else list(brands)) \
        if has_brand else [None]
    many_points = len(list(points)) > 1
    out = []
    for k in points:
        for brand in brand_list:
            label = []
            if brand is not None:
                label.append(str(brand))
            if many_points or not label:
                label.append(point_label(ds, k))
            sel = {"point": k}
            if brand is not None:
                sel["brand"] = brand
            out.append((" / ".join(label), sel))
    return out


def _label(var, share):
    units = var.attrs.get("units", "")
    metric = var.attrs.get("metric", var.name)
    if share:
        return f"{metric} (share of agents)"
    return f"{metric} ({units})" if units else metric


def _next_color(ax):
    """The next colour of the axes' own cycle, so curves added by later calls differ."""
    try:
        return ax._get_lines.get_next_color()
    except AttributeError:  # a future matplotlib without this helper
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        return colors[len(ax.get_lines()) % len(colors)]


def plot_series(ds, metric, ax=None, band="ci", level=0.95, share=False, points=None,
                brands=None, runs=False, label=None):
    """Mean of a time series over replications, one line per point and brand, with a band:
    ``band="ci"`` the `level` interval of the mean, ``"runs"`` the central `level` share of
    the runs, None no band. ``runs=True`` also draws every run thinly; ``share=True`` divides
    by the population. `label` names the curve when there is one (default: the metric)."""
    ax = _axes(ax)
    name = _var(ds, metric, "series")
    var = ds[name]
    scale = float(ds.attrs["population"]) if share and "population" in ds.attrs else 1.0
    divisor, unit = time_axis(ds)
    t = ds["time"].values / divisor
    summary = summarize_series(ds, name, level, spread=band == "runs")
    groups = _groups(ds, var, points, brands)
    if len(groups) == 1:
        groups = [(label or var.attrs.get("metric", name), groups[0][1])]
    for group_label, sel in groups:
        color = _next_color(ax)
        s = summary.isel(point=sel["point"])
        v = var.isel(point=sel["point"])
        if "brand" in sel:
            s, v = s.sel(brand=sel["brand"]), v.sel(brand=sel["brand"])
        if runs:
            for run in v.transpose("replication", "time").values:
                ax.plot(t, run / scale, color=color, alpha=0.15, linewidth=0.6)
        ax.plot(t, s["mean"].values / scale, color=color, label=group_label, linewidth=1.8)
        if band == "ci":
            ax.fill_between(t, s["lo"].values / scale, s["hi"].values / scale, color=color,
                            alpha=0.3, linewidth=0)
        elif band == "runs":
            ax.fill_between(t, s["q_lo"].values / scale, s["q_hi"].values / scale,
                            color=color, alpha=0.2, linewidth=0)
    ax.set_xlabel(f"time ({unit})")
    ax.set_ylabel(_label(var, share and scale != 1.0))
    what = {"ci": f"mean, {round(level * 100)}% interval", "runs":
            f"mean, central {round(level * 100)}% of runs"}.get(band, "mean")
    ax.set_title(f"{var.attrs.get('metric', name)} ({what}, {ds.sizes['replication']} runs)",
                 fontsize="medium")
    if len(ax.get_lines()) > 1:
        ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return ax


def _compare_groups(ds, var):
    """What plot_arms puts side by side: arms (points), brands, or sweep points."""
    groups = []
    for k in range(ds.sizes["point"]):
        base = point_label(ds, k) if ds.sizes["point"] > 1 else ""
        if "brand" in var.dims:
            for brand in var.coords["brand"].values:
                label = f"{brand}\n{base}" if base else str(brand)
                groups.append((label, var.isel(point=k).sel(brand=brand).values))
        else:
            groups.append((base or point_label(ds, k), var.isel(point=k).values))
    return groups


def plot_arms(ds, metric, ax=None, level=0.95, seed=0):
    """Arm against arm: each replication's value per arm (or brand, or sweep point) as a dot,
    the dots of one replication joined (arms and points run on common random numbers; brands
    share a replication's network and consumers), and the mean with its `level` interval."""
    ax = _axes(ax, figsize=(max(3.5, 1.6 * 2 + 1), 4))
    name = _var(ds, metric, "summary")
    var = ds[name]
    if "time" in var.dims:
        var = var.isel(time=-1)
    groups = _compare_groups(ds, var)
    rng = np.random.default_rng(seed)
    n_rep = ds.sizes["replication"]
    jitter = rng.uniform(-0.08, 0.08, n_rep)
    values = np.array([g[1] for g in groups], dtype=float)  # (groups, replications)
    xs = np.arange(len(groups))[:, None] + jitter[None, :]
    if len(groups) > 1:
        for r in range(n_rep):
            ax.plot(xs[:, r], values[:, r], color="0.6", alpha=0.5, linewidth=0.7, zorder=1)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (label, v) in enumerate(groups):
        ax.scatter(xs[i], v, s=14, color=colors[i % len(colors)], alpha=0.7, zorder=2,
                   linewidths=0)
        ci = interval(v, level)
        if np.isfinite(ci["lo"]):
            ax.errorbar([i + 0.28], [ci["mean"]], yerr=[[ci["mean"] - ci["lo"]],
                                                        [ci["hi"] - ci["mean"]]],
                        fmt="o", color="black", capsize=4, zorder=3, markersize=5)
        else:
            ax.plot([i + 0.28], [ci["mean"]], "o", color="black", zorder=3, markersize=5)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([g[0] for g in groups], fontsize="small")
    ax.set_xlim(-0.5, len(groups) - 0.3)
    ax.set_ylabel(_label(var, False))
    ax.set_title(f"{var.attrs.get('metric', name)}: runs and mean "
                 f"({round(level * 100)}% interval)", fontsize="medium")
    ax.grid(alpha=0.3, axis="y")
    return ax


def plot_sweep(ds, metric, key=None, ax=None, level=0.95):
    """Response curve over a sweep: the mean of a summary metric (a series gives its last value)
    against the swept value `key` (default: the first swept key, else the point index), with
    its `level` interval; one curve per arm and brand."""
    ax = _axes(ax)
    name = _var(ds, metric, "summary")
    var = ds[name]
    if "time" in var.dims:
        var = var.isel(time=-1)
    swept = [k for k in ds.attrs.get("swept", []) if k in ds.coords]
    key = key or (swept[0] if swept else None)
    x_all = ds.coords[key].values if key else ds["point"].values
    try:
        x_num = np.asarray(x_all, dtype=float)
        categories = None
    except (TypeError, ValueError):  # swept words (styles): evenly spaced, in point order
        categories = list(dict.fromkeys(str(v) for v in x_all))
        x_num = np.array([categories.index(str(v)) for v in x_all], dtype=float)
    arms = (np.asarray(ds.coords["arm"].values).astype(str) if "arm" in ds.coords
            else np.array([""] * ds.sizes["point"]))
    brands = list(var.coords["brand"].values) if "brand" in var.dims else [None]
    for arm in dict.fromkeys(arms):
        ks = [k for k in range(ds.sizes["point"]) if arms[k] == arm]
        ks.sort(key=lambda k: x_num[k])
        for brand in brands:
            stats = []
            for k in ks:
                v = var.isel(point=k)
                if brand is not None:
                    v = v.sel(brand=brand)
                stats.append(interval(v.values, level))
            x = np.array([x_num[k] for k in ks], dtype=float)
            mean = np.array([s["mean"] for s in stats])
            lo = np.array([s["lo"] for s in stats])
            hi = np.array([s["hi"] for s in stats])
            label = " / ".join(str(s) for s in (brand, arm) if s not in (None, "")) or None
            line = ax.plot(x, mean, "o-", label=label, markersize=4)[0]
            ax.fill_between(x, lo, hi, color=line.get_color(), alpha=0.25, linewidth=0)
    if categories is not None:
        ax.set_xticks(range(len(categories)))
        ax.set_xticklabels(categories, fontsize="small")
    elif (key and np.all(np.isfinite(x_num)) and x_num.min() > 0
          and x_num.max() / x_num.min() >= 20):
        ax.set_xscale("log")  # values spanning decades (often swept geometrically)
    ax.set_xlabel(key or "sweep point")
    ax.set_ylabel(_label(var, False))
    ax.set_title(f"{var.attrs.get('metric', name)} across the sweep "
                 f"(mean, {round(level * 100)}% interval)", fontsize="medium")
    if ax.get_legend_handles_labels()[1]:
        ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return ax


MINUTE = 1 / 1440  # days
VALENCE_NAMES = {1: "recommendations (+1)", -1: "complaints (-1)"}
VALENCE_COLORS = {1: "#2e8b57", -1: "#c0392b"}


def plot_ccdf(source, ax=None, by="valence", label=None, runs=False, band=False, level=0.95):
    """Cascade-size CCDF P(size >= s) on log-log axes. `source` is a table from
    :func:`cascade_stats` (one curve per value of `by`: valence, brand_name, brand or None),
    a path or Dataset with /cascades, or an array of sizes.

    Across runs (a table with point and replication): ``runs=True`` adds each run's own CCDF
    as a thin line of the same colour, ``band=True`` shades the central `level` share of the
    runs' CCDFs around the pooled curve (:func:`hearsay.cascades.ccdf_across_runs`)."""
    ax = _axes(ax)
    if isinstance(source, np.ndarray) or isinstance(source, (list, tuple)):
        curves = [(label or "cascades", np.asarray(source), None)]
    else:
        stats = source if hasattr(source, "columns") else cascade_stats(source)
        if by and by in stats.columns and stats[by].nunique() > 1:
            names = VALENCE_NAMES if by == "valence" else {}
            curves = [(names.get(value, str(value)), group["size"].to_numpy(), group)
                      for value, group in stats.groupby(by, observed=True)]
        else:
            curves = [(label or "cascades", stats["size"].to_numpy(), stats)]
    for name, sizes, table in curves:
        x, p = size_ccdf(sizes)
        if not len(x):
            continue
        across = table is not None and {"point", "replication"} <= set(table.columns)
        n_runs = len(table.groupby(["point", "replication"])) if across else 0
        text = (f"{name} ({len(sizes)} cascades, {n_runs} runs)" if across and (runs or band)
                else f"{name} ({len(sizes)})")
        line = ax.step(x, p, where="post", label=text, linewidth=1.8, zorder=3)[0]
        if across and band:
            spread = ccdf_across_runs(table, level=level)
            # A run's CCDF is 0 past its largest cascade: log axes cannot show 0, so the band
            # stops where its lower edge reaches it.
            shown = spread["q_lo"].to_numpy() > 0
            ax.fill_between(spread["size"], spread["q_lo"].where(shown), spread["q_hi"],
                            where=shown, step="post", color=line.get_color(), alpha=0.2,
                            linewidth=0)
        if across and runs:
            for _, run in table.groupby(["point", "replication"]):
                rx, rp = size_ccdf(run["size"].to_numpy())
                if len(rx):
                    ax.step(rx, rp, where="post", color=line.get_color(), alpha=0.3,
                            linewidth=0.6, zorder=2)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("cascade size s")
    ax.set_ylabel("P(size >= s)")
    what = ("thin: each run" if runs else "") + ("; " if runs and band else "") + (
        f"band: central {round(level * 100)}% of runs" if band else "")
    ax.set_title("cascade sizes (CCDF" + (f"; {what}" if what else "") + ")",
                 fontsize="medium")
    if ax.get_legend_handles_labels()[1]:
        ax.legend(fontsize="small")
    ax.grid(alpha=0.3, which="both")
    return ax


def _prune_tree(tree, max_nodes):
    """At most `max_nodes` rows of a tree from :func:`cascade_tree`, closed under parents:
    every row with children, then the earliest leaves (a broadcast keeps its shape); if the rows
    with children alone are too many, the earliest rows. Returns (rows, parent positions)."""
    parents = tree["row_parent"].to_numpy(np.int64)
    n = len(parents)
    if n <= max_nodes:
        return tree, parents
    internal = np.zeros(n, dtype=bool)
    internal[parents[parents >= 0]] = True
    if internal.sum() >= max_nodes:
        keep = np.arange(n) < max_nodes      # time order: parents come before their children
    else:
        leaves = np.flatnonzero(~internal)[: max_nodes - int(internal.sum())]
        keep = internal.copy()
        keep[leaves] = True
    keep |= parents < 0
    new_index = np.cumsum(keep) - 1
    kept_parents = parents[keep]
    kept_parents = np.where(kept_parents >= 0, new_index[np.maximum(kept_parents, 0)], -1)
    return tree[keep].reset_index(drop=True), kept_parents


def plot_cascade_tree(source, point=0, replication=0, cascade=None, brand=None, valence=None,
                      ax=None, layout="radial", color="time", max_nodes=20000, cmap="viridis",
                      node_size=None, title=True):
    """Draw one cascade as a tree: edges from each row to its parent row, nodes coloured by
    ``color="time"`` (days since the first post, on a log scale from one minute when they span
    more than 100 minutes), ``"depth"``, ``"valence"`` (complaints red,
    recommendations green) or ``"brand"``; the root is the large black-ringed dot.

    `source` is the table from :func:`read_cascades`, a path or Dataset with /cascades, or a
    frame from :func:`cascade_tree`. The cascade is (`point`, `replication`, `cascade`), or
    the largest of that run for `brand` and `valence` when `cascade` is None. ``layout`` is
    "radial" (root at the centre, depth as radius) or "layered" (root on top). A tree larger
    than `max_nodes` is drawn with every row that has children and the earliest leaves, up to
    `max_nodes` rows (the title says how many are drawn); 20,000 rows draw in about a second.
    """
    if color not in ("time", "depth", "valence", "brand"):
        raise ValueError(f"color is 'time', 'depth', 'valence' or 'brand', not {color!r}")
    if layout not in ("radial", "layered"):
        raise ValueError(f"layout is 'radial' or 'layered', not {layout!r}")
    if hasattr(source, "columns") and "row_parent" in source.columns:
        tree = source
    else:
        tree = cascade_tree(source, point, replication, cascade, brand, valence)
    full = len(tree)
    full_parents = tree["row_parent"].to_numpy(np.int64)
    full_depth = int(tree["depth"].max()) if full else 0
    tree, parents = _prune_tree(tree, max_nodes)
    x, y = tree_layout(parents, layout)
    ax = _axes(ax, figsize=(6, 6) if layout == "radial" else (8, 4.5))
    child = np.flatnonzero(parents >= 0)
    segments = np.stack([np.column_stack([x[child], y[child]]),
                         np.column_stack([x[parents[child]], y[parents[child]]])], axis=1)
    many = len(tree) >= 2000
    ax.add_collection(LineCollection(segments, colors="0.5", linewidths=0.3 if many else 0.6,
                                     alpha=0.15 if many else 0.6, zorder=1))
    size = node_size or float(np.clip(900 / np.sqrt(max(len(tree), 1)), 2, 40))
    handles = None
    if color in ("time", "depth"):
        label, norm = "hops from the root", None
        values = tree["depth"].to_numpy(float)
        if color == "time":
            # Reaction times run from minutes to months (a power-law tail): a log scale shows
            # both, from one minute on.
            values = tree["since_start"].to_numpy(float)
            label = "days since the first post"
            top = float(values.max()) if len(values) else 0.0
            if top > 100 * MINUTE:
                values = np.maximum(values, MINUTE)
                norm, label = LogNorm(vmin=MINUTE, vmax=top), label + " (log)"
        points = ax.scatter(x, y, c=values, cmap=cmap, norm=norm, s=size, linewidths=0,
                            zorder=2)
        ax.figure.colorbar(points, ax=ax, shrink=0.7, pad=0.02, label=label)
    else:
        column = "valence" if color == "valence" else (
            "brand_name" if "brand_name" in tree.columns else "brand")
        keys = tree[column].astype(object if column == "brand_name" else int).to_numpy()
        palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        handles = []
        for k, key in enumerate(dict.fromkeys(keys)):
            shade = palette[k % len(palette)]
            if color == "valence":
                shade = VALENCE_COLORS.get(key, shade)
            mine = keys == key
            ax.scatter(x[mine], y[mine], color=shade, s=size, linewidths=0, zorder=2)
            name = VALENCE_NAMES.get(key, str(key)) if color == "valence" else str(key)
            handles.append(Line2D([], [], marker="o", linestyle="", color=shade, label=name))
    roots = parents < 0
    ax.scatter(x[roots], y[roots], s=max(4 * size, 40), facecolors="black",
               edgecolors="white", linewidths=1.2, zorder=3)
    if handles:
        handles.append(Line2D([], [], marker="o", linestyle="", color="black", label="root"))
        ax.legend(handles=handles, fontsize="small", loc="upper right")
    ax.autoscale_view()
    ax.margins(0.04)
    if layout == "radial":
        ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    if layout == "layered":
        ax.set_ylabel("hops from the root")
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        first = tree.iloc[0]
        kind = {1: "recommendation ", -1: "complaint "}.get(int(first["valence"]), "")
        who = str(first["brand_name"]) + " " if "brand_name" in tree.columns else ""
        virality = (tree_stats(full_parents)["structural_virality"]
                    if np.sum(full_parents < 0) == 1 else np.nan)
        shown = (f"{full:,} rows, {len(tree):,} drawn" if full > len(tree)
                 else f"{full:,} rows")
        ax.set_title(f"{who}{kind}cascade {int(first['cascade'])}, replication "
                     f"{int(first['replication'])}\n{shown}, depth {full_depth}, structural "
                     f"virality {virality:.2f}", fontsize="medium")
    return ax


def plot_heat_strip(ds, metric=None, ax=None, share=True, cmap="viridis"):
    """Network-level adoption as a heat strip: one row per run (grouped by point and brand),
    time across, colour = the metric (share of agents when the population is known)."""
    if metric is None:
        present = [v.attrs.get("metric") for v in ds.data_vars.values()
                   if v.attrs.get("kind") == "series"]
        metric = next((m for m in ADOPTION_METRICS if m in present), present[0] if present
                      else None)
        if metric is None:
            raise ValueError("this file has no time series to draw")
    name = _var(ds, metric, "series")
    var = ds[name]
    scale = float(ds.attrs["population"]) if share and "population" in ds.attrs else 1.0
    rows, ticks, labels = [], [], []
    for label, sel in _groups(ds, var):
        v = var.isel(point=sel["point"])
        if "brand" in sel:
            v = v.sel(brand=sel["brand"])
        block = v.transpose("replication", "time").values / scale
        ticks.append(len(rows) + (len(block) - 1) / 2)
        labels.append(label)
        rows.extend(block)
    image = np.array(rows)
    ax = _axes(ax, figsize=(8, max(2.0, 0.12 * len(image) + 1.2)))
    divisor, unit = time_axis(ds)
    t = ds["time"].values / divisor
    finite = image[np.isfinite(image)]
    norm = Normalize(vmin=0 if finite.size == 0 or finite.min() >= 0 else finite.min(),
                     vmax=finite.max() if finite.size and finite.max() > 0 else 1)
    mesh = ax.imshow(image, aspect="auto", cmap=cmap, norm=norm, interpolation="nearest",
                     extent=(t[0], t[-1], len(image) - 0.5, -0.5))
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize="small")
    ax.set_xlabel(f"time ({unit})")
    ax.set_title(f"{var.attrs.get('metric', name)}: one row per run", fontsize="medium")
    ax.figure.colorbar(mesh, ax=ax, label=_label(var, scale != 1.0), pad=0.01)
    return ax


def plot_bass_fit(fit, ax=None, label="data", years=True, share=False):
    """The curve a :class:`BassFit` was fitted to and the fitted Bass curve."""
    ax = _axes(ax)
    divisor, unit = (365.0, "years") if years else (1.0, "days")
    scale = fit.m if share else 1.0
    t = np.linspace(0, float(np.max(fit.t)), 400)
    ax.plot(fit.t / divisor, fit.y / scale, "o", markersize=2.5, alpha=0.6, label=label)
    ax.plot(t / divisor, fit.predict(t) / scale, "-", linewidth=2,
            label=f"Bass fit: p = {fit.p_per_year:.3g}/y, q = {fit.q_per_year:.3g}/y")
    ax.set_xlabel(f"time since launch ({unit})")
    ax.set_ylabel("cumulative adoptions" + (" (share of m)" if share else ""))
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return ax
